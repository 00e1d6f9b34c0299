"""The upload page: preview (dry run) → confirm → the overview shows the new week; a bad file stores nothing."""

from __future__ import annotations

import re

import pytest

from store import open_engine
from store.uploads import list_uploads
from tests.apptest_support import (
    app_for,
    bad_workbook,
    demo_database,
    rendered_text,
    session_for,
    wide_workbook,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url))  # signed in as an admin
    at.run()
    at.switch_page("pages/5_上传.py").run()
    assert not at.exception
    at.engine = open_engine(url)
    return at


def uploader(at):
    return next(u for u in at.file_uploader if u.key.startswith("upload_files_"))


def test_a_good_file_is_previewed_then_imported_and_the_overview_moves_to_its_week(app):
    uploader(app).upload("东河县第13周.xlsx", wide_workbook(), XLSX)
    app.run()
    assert not app.exception
    assert [s.value for s in app.success] == ["检查通过，可以导入。"]
    assert "7 行，周：2020年第13周（3月23日—3月29日），单位：7 个" in rendered_text(app)
    preview = app.dataframe[0].value
    assert list(preview["单位"]) == ["李家村", "王庄村", "河口村", "东河社区", "白塔村", "上坪村", "下坪村"]
    assert len(list_uploads(app.engine)) == 1  # a preview stores nothing

    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("已导入 东河县第13周.xlsx：7 行")
    history = list_uploads(app.engine)
    assert list(history["file_name"]) == ["东河县第13周.xlsx", "示例数据（东河县）"]

    app.switch_page("dashboard.py").run()
    assert "2020年第13周（3月23日—3月29日）" in rendered_text(app)
    assert {m.label: m.value for m in app.metric}["本周上报"] == "7/19"


def test_a_bad_file_lists_every_problem_marks_its_cell_and_stores_nothing(app):
    uploader(app).upload("坏表.xlsx", bad_workbook(), XLSX)
    app.run()
    assert not app.exception
    # The fix text comes first and whole, above the tables (a table cell would cut it at 1280 px).
    assert app.error[0].value == (
        "有 2 个错误，此文件不能导入（不会保存任何内容）。请按下表修改后重新上传。\n\n"
        "- 「物资」表第11行「单位」：单位“不存在村”不在单位名单中。请改成名单中的名称，或先把它加入单位名单\n"
        "- 「物资」表第5行「医用外科口罩（只）/期末库存」：“九百左右”不是数字，请写成阿拉伯数字，例如 12"
    )
    preview, problems = (d.value for d in app.dataframe[:2])  # the list of problems under the rows
    # Names not codes, 1,200 not 1200.0, rows as integers, the unreadable cell blank, no heading over a
    # measure the sheet does not give (期初, 断货天数) nor over the one sheet's name.
    assert preview.to_dict("list") == {
        "行": ["4", "5", "6", "7", "8", "9", "10"],
        "单位": ["李家村", "王庄村", "河口村", "东河社区", "白塔村", "上坪村", "下坪村"],
        "物资": ["医用外科口罩"] * 7,
        "周": ["2020年第13周"] * 7,
        "入库": ["500", "0", "1,000", "0", "2,500", "2,000", "1,500"],
        "消耗": ["400", "350", "420", "300", "500", "465", "520"],
        "库存": ["1,200", "", "1,500", "800", "2,000", "1,800", "1,500"],
    }
    # Exactly one cell is marked: 王庄村's 库存 (row 1, column 6), where 九百左右 was written.
    styles = app.dataframe[0].proto.arrow_data.styler.styles
    assert re.findall(r"_row(\d+)_col(\d+) \{ background-color: (#\w+) \}", styles) == [("1", "6", "#ffcdd2")]
    assert list(problems.columns) == ["级别", "工作表", "行", "列", "数值", "说明"]
    assert sorted(problems["数值"]) == ["不存在村", "九百左右"]
    assert sorted(problems["行"]) == [5, 11]
    assert app.button(key="upload_confirm").disabled
    assert len(list_uploads(app.engine)) == 1


def test_cancel_forgets_the_files(app):
    uploader(app).upload("东河县第13周.xlsx", wide_workbook(), XLSX)
    app.run()
    app.button(key="upload_cancel").click().run()
    assert "已取消，没有保存任何内容。" in [info.value for info in app.info]
    assert uploader(app).value in (None, [])
    assert len(list_uploads(app.engine)) == 1


def test_undo_takes_an_upload_back_out(app):
    uploader(app).upload("东河县第13周.xlsx", wide_workbook(), XLSX)
    app.run()
    app.button(key="upload_confirm").click().run()
    new_id = int(list_uploads(app.engine)["id"].iloc[0])
    app.selectbox(key="upload_undo_pick").set_value(new_id).run()
    app.button(key="upload_undo").click().run()
    assert not app.exception
    assert app.success[0].value == f"已撤销第 {new_id} 次上传，恢复了它替换的数据（7 行）。"
    assert list_uploads(app.engine)["status"].iloc[0] == "undone"
    assert app.sidebar.selectbox(key="_w_week").value == "2020-03-16"


def test_the_template_is_offered(app):
    # The blank template, and the pre-filled sheet of the weekly loop (tests/test_pages_weekly_upload.py)
    assert [b.proto.label for b in app.get("download_button")] == ["下载填报模板", "下载预填表"]
