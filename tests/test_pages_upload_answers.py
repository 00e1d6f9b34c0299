"""The upload preview asks once what the sheet cannot tell (issue 9): each unknown item name gets a choice, each
pack of unknown size a number; saved, the files are checked again and the same sheet imports cleanly."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from store import open_engine
from store.catalogue import load_items
from store.item_answers import load_ignored_names
from tests.apptest_support import app_for, demo_database, session_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEDGER = [
    ["单位", "日期", "物资名称", "计量单位", "库存"],
    ["李家村", "2020-03-23", "84消费液", "瓶", 10],
    ["李家村", "2020-03-23", "手套", "件", 3],
    ["李家村", "2020-03-23", "连花清瘟胶囊", "盒", 5],
    ["李家村", "2020-03-23", "护目镜", "个", 20],
]


def ledger() -> bytes:
    book = Workbook()
    for row in LEDGER:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def app(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url))
    at.run()
    at.switch_page("pages/5_上传.py").run()
    at.engine = open_engine(url)
    return at


def test_each_unknown_name_and_pack_is_asked_once_then_saved_and_the_file_checked_again(app):
    next(u for u in app.file_uploader if u.key.startswith("upload_files_")).upload(
        "台账.xlsx", ledger(), XLSX
    )
    app.run()
    assert not app.exception
    assert app.error[0].value.startswith("有 1 个错误")  # 1 件 of 手套 is not known yet
    asked = [app.selectbox(key=f"answer_name_{i}") for i in range(3)]
    assert [s.label for s in asked] == [
        "“84消费液”（「Sheet」第2行，按瓶计）",
        "“连花清瘟胶囊”（「Sheet」第4行，按盒计）",
        "“护目镜”（「Sheet」第5行，按个计）",
    ]
    assert asked[0].options[:2] == ["暂不处理（这些行跳过）", "是「消毒液」"]  # the closest item first
    assert asked[1].options[-2:] == ["新增为物资（按盒计）", "忽略，以后不再统计"]
    pack = app.number_input(key="answer_pack_0")
    assert pack.label == "1 件「手套」= 多少副？"

    asked[0].set_value("disinfectant")
    asked[1].set_value("ignore")
    asked[2].set_value("new")
    pack.set_value(100.0)
    next(b for b in app.button if b.label == "保存回答并重新检查").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["已保存 4 个回答，已重新检查。", "检查通过，可以导入。"]
    assert not [s for s in app.selectbox if (s.key or "").startswith("answer_")]  # nothing left to ask
    items = load_items(app.engine).set_index("code")
    assert "84消费液" in items.loc["disinfectant", "synonyms"]
    assert items.loc["gloves", "pack_sizes"]["件"] == 100.0
    assert items[items["name_zh"] == "护目镜"]["base_unit"].tolist() == ["个"]
    assert load_ignored_names(app.engine) == {"连花清瘟胶囊": "连花清瘟胶囊"}
    problems = next(d.value for d in app.dataframe if "级别" in d.value.columns)  # under the rows
    assert list(problems["级别"]) == ["说明"] and list(problems["数值"]) == [
        "连花清瘟胶囊"
    ]  # ignored by choice

    app.button(key="upload_confirm").click().run()
    assert app.success[0].value.startswith("已导入 台账.xlsx：3 行")
