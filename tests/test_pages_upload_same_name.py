"""The upload page passes the unit chosen in the sidebar to the import: 白塔乡 under 石泉区 when 石泉区 is chosen,
under 东河县 when 东河县 is (issue 9)."""

from __future__ import annotations

import pandas as pd
import pytest

from store import open_engine, write_transaction
from store.units import load_units, save_units
from tests.apptest_support import app_for, demo_database, session_for
from tests.conftest_loaders import xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def url(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    engine = open_engine(url)
    demo = load_units(engine)
    twins = demo[demo["code"].isin(["C", "C03"])].assign(
        code=["S", "S01"], name=["石泉区", "白塔乡"], parent_code=[None, "S"]
    )
    with write_transaction(engine) as conn:
        save_units(conn, pd.concat([demo, twins], ignore_index=True))
    engine.dispose()
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    return url


@pytest.mark.parametrize(("sidebar", "taken"), [("S", "白塔乡 · 石泉区"), ("C", "白塔乡 · 东河县")])
def test_the_sidebars_unit_settles_a_same_name_unit(url, sidebar, taken):
    at = app_for("dashboard.py", session=session_for(url))
    at.session_state["unit_code"] = sidebar
    at.run()
    at.switch_page("pages/5_上传.py").run()
    uploader = next(u for u in at.file_uploader if u.key.startswith("upload_files_"))
    sheet = [["物资周报"], ["单位", "医用外科口罩（只）"], ["白塔乡", 120]]
    uploader.upload("周报_2020年第13周.xlsx", xlsx({"物资": sheet}), XLSX)
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["检查通过，可以导入。"]
    problems = next(d.value for d in at.dataframe if "级别" in d.value.columns)  # under the rows
    assert list(problems["说明"]) == [
        "「物资」表第3行「单位」：单位“白塔乡”有同名单位（白塔乡 · 东河县 / 白塔乡 · 石泉区），"
        f"按所选单位取「{taken}」；如不对请写全称"
    ]
