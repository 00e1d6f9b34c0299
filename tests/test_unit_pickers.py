"""Unit pickers of the upload and accounts pages past PICKER_LIMIT (a province's 30,000 units): the sidebar
unit's levels that fit, a note saying how to reach the others, and a user's own units always offered."""

from __future__ import annotations

import pytest

from pages.common import units
from tests.apptest_support import app_for, demo_database, session_for

CUT_NOTE = "单位太多，这里只列出侧栏所选单位及其下几级；要选更下一级的单位，请先在侧栏选中它的上级单位。"
# The demo district (25 units) from its root: 东河县, its five towns and two units directly under it
COUNTY_AND_TOWNS = [
    "东河县",
    "东河镇",
    "南湖街道",
    "白塔乡",
    "青山镇",
    "西关街道",
    "东河县第一中学",
    "东河制药厂",
]


@pytest.fixture
def url(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    return url


def run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_every_unit_is_offered_while_they_fit(url):
    at = run(app_for("pages/5_上传.py", session=session_for(url)))
    options = at.selectbox(key="weekly_unit").options
    assert len(options) == 25 and options[:3] == ["东河县", "东河镇", "李家村"]
    assert CUT_NOTE not in captions(at)


def test_past_the_limit_the_upload_picker_offers_the_sidebar_units_levels(url, monkeypatch):
    monkeypatch.setattr(
        units, "PICKER_LIMIT", 10
    )  # 25 units: the county and its 7 (8); 17 villages more is 25
    at = run(app_for("pages/5_上传.py", session=session_for(url)))
    assert at.selectbox(key="weekly_unit").options == COUNTY_AND_TOWNS
    assert CUT_NOTE in captions(at)
    at.sidebar.selectbox(key="_w_unit_1").set_value("C03").run()
    assert at.selectbox(key="weekly_unit").options == ["白塔乡", "白塔村", "上坪村", "下坪村"]
    assert at.selectbox(key="weekly_unit").value == "C03"


def test_past_the_limit_the_accounts_pickers_keep_a_users_own_units(url, monkeypatch):
    monkeypatch.setattr(units, "PICKER_LIMIT", 10)
    session_for(url, "liu", "officer", ("C0402",))  # 石门村, a village the root's levels leave out
    at = run(app_for("pages/8_账号.py", session=session_for(url, "zhang", "admin")))
    labelled = [f"{name}（{code}）" for name, code in zip(COUNTY_AND_TOWNS, ["C", "C01", "C02", "C03", "C04", "C05", "C90", "C91"], strict=True)]  # fmt: skip
    assert at.multiselect(key="acc_new_units").options == labelled
    assert at.selectbox(key="acc_link_unit").options == labelled
    assert CUT_NOTE in captions(at)
    at.selectbox(key="acc_pick_0").set_value("liu").run()
    held = at.multiselect(key="acc_units_liu_0")
    assert held.options == [*labelled, "石门村（C0402）"]
    assert held.value == ["C0402"]
