"""The upload page's pre-filled sheet and one-click zero report (issue 13), on the demo district."""

from __future__ import annotations

from datetime import date

import pytest

from store import open_engine
from store.access_audit import load_audit
from store.reports import load_stock
from store.uploads import list_uploads
from tests.apptest_support import app_for, demo_database, session_for


def _upload_page(tmp_path, monkeypatch, **account):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url, **account))
    at.run()
    at.switch_page("pages/5_上传.py").run()
    assert not at.exception
    at.engine = open_engine(url)
    return at


@pytest.fixture
def app(tmp_path, monkeypatch):
    return _upload_page(tmp_path, monkeypatch)  # an admin


def test_zero_report_from_the_upload_page_then_refused_then_undone(app):
    app.selectbox(key="weekly_unit").set_value("C0101").run()
    # The week after the demo's latest (2020-03-16) comes first
    assert str(app.selectbox(key="weekly_week").value) == "2020-03-23"
    app.button(key="weekly_zero").click().run()
    assert not app.exception
    # 李家村: 8 supply items carried, 4 publicity materials at 0
    assert app.success[0].value == (
        "已保存 李家村 2020年第13周（3月23日—3月29日） 的零报告（第 2 次上传，12 行），可在下方撤销。"
    )
    history = list_uploads(app.engine)
    assert history[["file_name", "status", "units", "weeks"]].iloc[0].tolist() == [
        "零报告", "imported", ["C0101"], ["2020-03-23"]
    ]  # fmt: skip
    masks = load_stock(app.engine, weeks_from=date(2020, 3, 23)).set_index("item_code")
    assert masks.loc["mask_surgical", ["on_hand", "received", "used"]].tolist() == [2971.0, 0.0, 0.0]
    assert load_audit(app.engine, action="upload")["detail"].iloc[0]["file"] == "零报告"

    # The default week moved on to 2020-03-30; the week just reported is still offered, and refused
    app.selectbox(key="weekly_unit").set_value("C0101").run()
    assert app.selectbox(key="weekly_week").options[:2] == [
        "2020年第14周（3月30日—4月5日）", "2020年第13周（3月23日—3月29日）"
    ]  # fmt: skip
    app.selectbox(key="weekly_week").set_value(date(2020, 3, 23)).run()
    app.button(key="weekly_zero").click().run()
    assert app.error[0].value == (
        "李家村 2020年第13周（3月23日—3月29日） 已有上报数据，不能再报零报告；如需更正，请上传更正后的报表或撤销原上传"
    )

    upload_id = int(history["id"].iloc[0])
    app.selectbox(key="upload_undo_pick").set_value(upload_id).run()
    app.button(key="upload_undo").click().run()
    assert not app.exception
    assert list_uploads(app.engine)["status"].iloc[0] == "undone"
    assert load_stock(app.engine, weeks_from=date(2020, 3, 23)).empty


def test_an_officer_chooses_only_among_their_own_units(tmp_path, monkeypatch):
    app = _upload_page(tmp_path, monkeypatch, name="officer", role="officer", units=("C03",))
    assert app.selectbox(key="weekly_unit").options == ["白塔乡", "白塔村", "上坪村", "下坪村"]
