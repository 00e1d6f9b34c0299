"""Generated workbooks with the quirks officers' sheets have, each with its exact records and problems."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
import xlwt

from loaders import parse_file
from loaders.unknown_names import UnknownName
from tests.conftest_loaders import ITEMS, make_units, problem_tuples, xlsx

WEEK = pd.Timestamp("2020-02-03")
HEADER = [
    ["单位", "医用外科口罩（只）", "", "", "75%医用酒精（瓶）", "", "备注"],
    ["", "期末库存", "本周入库", "本周消耗", "期末库存", "本周消耗", ""],
]
MERGES = ["A3:A4", "B3:D3", "E3:F3", "G3:G4", "A1:G1"]


def _parse(name: str, content: bytes, **kwargs):
    return parse_file(name, content, make_units(), ITEMS, **kwargs)


def _stock(parsed) -> dict:
    frame = parsed.stock
    return {
        (r.unit_code, r.item_code, r.row): tuple(
            None if pd.isna(x) else x for x in (r.on_hand, r.received, r.used)
        )
        for r in frame.itertuples()
    }


def test_wide_sheet_with_every_layout_quirk():
    rows = [
        ["东河县防疫物资统计表（2020年第6周）"],
        ["填报单位：东河县指挥部", "", "", "", "", "填报日期：2020年2月9日"],
        *HEADER,
        ["东河镇", "1,200", "", 300, 10, "—", "\u200b"],
        [],
        ["南湖 街道", "１２００", "5万只", "约300", "/", 2, ""],
        *HEADER,  # a header repeated after a page break
        ["湖滨", "300余", 0, 0, "12瓶", 1, ""],  # an alias
        ["合计", 2700, 50000, 600, 22, 4, ""],  # every column adds up but 酒精 used: 4 ≠ 0 + 2 + 1
        ["填报人：张三", "", "审核人：李四", "", "联系电话：123"],
    ]
    parsed = _parse("东河县.xlsx", xlsx({"物资": rows}, {"物资": MERGES}))
    assert problem_tuples(parsed.problems) == [
        ("total_mismatch", "warning", "物资", 11, "75%医用酒精（瓶）/本周消耗", "4"),
    ]
    assert parsed.problems[0].message_zh == (
        "「物资」表第11行「75%医用酒精（瓶）/本周消耗」：合计 4 与各行之和 3 不一致，请核对合计行或各单位的数字"
    )
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 5): (1200.0, None, 300.0),
        ("C01", "alcohol", 5): (5.0, None, 0.0),
        ("C02", "mask_surgical", 7): (1200.0, 50000.0, 300.0),
        ("C02", "alcohol", 7): (0.0, None, 1.0),
        ("C0201", "mask_surgical", 10): (300.0, 0.0, 0.0),
        ("C0201", "alcohol", 10): (6.0, None, 0.5),
    }
    assert set(parsed.stock["week"]) == {WEEK}


def _simple(
    rows: list[list], title: str = "东河县物资周报（2020年第6周）", name: str = "周报.xlsx", **kwargs
):
    sheet = [[title], ["单位", "医用外科口罩（只）/库存", "医用外科口罩（只）/消耗"], *rows]
    return _parse(name, xlsx({"物资": sheet}), **kwargs)


def test_text_where_a_number_goes_and_negative_stock_are_errors():
    parsed = _simple([["东河镇", "十二", 5], ["南湖街道", -3, "abc"], ["李家村", 10, -1]])
    assert problem_tuples(parsed.problems) == [
        ("not_a_number", "error", "物资", 3, "医用外科口罩（只）/库存", "十二"),
        ("negative_stock", "error", "物资", 4, "医用外科口罩（只）/库存", "-3"),
        ("not_a_number", "error", "物资", 4, "医用外科口罩（只）/消耗", "abc"),
        ("negative_quantity", "error", "物资", 5, "医用外科口罩（只）/消耗", "-1"),
    ]
    first = parsed.problems[0]
    assert (
        first.message_zh
        == "「物资」表第3行「医用外科口罩（只）/库存」：“十二”不是数字，请写成阿拉伯数字，例如 12"
    )
    assert first.message_en == (
        'Sheet 物资, row 3, column 医用外科口罩（只）/库存: "十二" is not a number — write it as digits, e.g. 12'
    )
    assert not parsed.ok
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 3): (None, None, 5.0),
        ("C0101", "mask_surgical", 5): (10.0, None, None),
    }


def test_unknown_pack_fused_in_a_cell():
    parsed = _simple([["东河镇", "3件", 5]])
    assert problem_tuples(parsed.problems) == [
        ("unknown_pack", "error", "物资", 3, "医用外科口罩（只）/库存", "3件"),
    ]
    assert parsed.problems[0].message_zh == (
        "「物资」表第3行「医用外科口罩（只）/库存」：不知道一件有多少只：请换算成只填写，或在「规格」列写明，例如 50只/件"
    )


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("东河镇", "C01"),
        ("东河镇人民政府", "C01"),
        ("东河", "C01"),  # alias, and 镇 dropped when comparing
        ("东　河　镇", "C01"),  # full-width spaces
        ("\xa0南湖街道办事处 ", "C02"),
        ("南湖", "C02"),
        ("李家村村民委员会", "C0101"),
        ("李家村委会", "C0101"),
        ("ＷＡＮＧ", None),
        ("西山乡", "C05"),
        ("西山乡政府", "C05"),
    ],
)
def test_unit_names_matched_tolerantly(written, code):
    from loaders.unit_names import UnitMatcher

    assert UnitMatcher(make_units()).match(written).code == code


def test_a_name_written_for_two_units_is_ambiguous_even_when_written_exactly():
    from loaders.unit_names import UnitMatcher

    units = make_units()
    twin = units[units["code"] == "C0101"].assign(code="C0301", parent_code="C03")
    alias_of_another = units[units["code"] == "C0102"].assign(
        code="C0302", name="王家庄", aliases=[["李家村"]]
    )
    matcher = UnitMatcher(pd.concat([units, twin, alias_of_another], ignore_index=True))
    found = matcher.match("李家村")
    assert (found.code, found.ambiguous) == (None, True)
    # Each with its parent, so two units of one name can be told apart.
    assert found.candidates == ("李家村 · 东河镇", "李家村 · 新华镇", "王家庄 · 东河镇")
    assert matcher.exact("李家村") is None
    assert (matcher.exact("王家庄"), matcher.exact("东河"), matcher.match("王家庄").code) == (
        "C0302",
        "C01",
        "C0302",
    )


def test_unknown_and_ambiguous_units():
    parsed = _simple([["东湖镇", 1, 1], ["新华", 2, 2], ["新华镇", 3, 3]])
    assert problem_tuples(parsed.problems) == [
        ("unknown_unit", "error", "物资", 3, "单位", "东湖镇"),
        ("ambiguous_unit", "error", "物资", 4, "单位", "新华"),
    ]
    assert parsed.problems[0].message_zh == (
        "「物资」表第3行「单位」：单位“东湖镇”不在单位名单中，是不是「东河镇」？请改成名单中的名称，或先把它加入单位名单"
    )
    assert parsed.problems[1].message_en == (
        'Sheet 物资, row 4, column 单位: Unit "新华" could be 新华街道 · 东河县 or 新华镇 · 东河县 (each with its '
        "parent after ·) — write the full name, or put the parent's name before it"
    )
    assert parsed.stock["unit_code"].tolist() == ["C03"]


def test_add_units_puts_unknown_units_in_new_units_with_a_warning():
    parsed = _simple([["东湖镇", 1, 1]], add_units=True)
    code = parsed.new_units["code"].tolist()[0]
    assert parsed.new_units.to_dict("records") == [
        {"code": code, "name": "东湖镇", "parent_code": None, "level": None}
    ]
    assert problem_tuples(parsed.problems) == [("new_unit", "warning", "物资", 3, "单位", "东湖镇")]
    assert parsed.ok and parsed.stock["unit_code"].tolist() == [code] and code.startswith("NEW-")


def test_duplicate_unit_in_a_wide_sheet():
    parsed = _simple([["东河镇", 1, 1], ["李家村", 2, 2], ["东河镇", 3, 3]])
    assert problem_tuples(parsed.problems) == [("duplicate_row", "error", "物资", 5, "单位", "东河镇")]
    assert "第3行已经填过" in parsed.problems[0].message_zh


def test_week_from_title_file_name_argument_and_none():
    given = date(2020, 2, 10)
    from_title = _simple([["东河镇", 1, 1]])
    assert from_title.stock["week"].tolist() == [WEEK] and from_title.problems == []
    from_name = _simple([["东河镇", 1, 1]], title="东河县物资周报", name="东河县_2020年第7周.xlsx")
    assert from_name.stock["week"].tolist() == [pd.Timestamp(given)]
    from_argument = _simple([["东河镇", 1, 1]], title="东河县物资周报", week=given)
    assert from_argument.stock["week"].tolist() == [pd.Timestamp(given)] and from_argument.problems == []
    nowhere = _simple([["东河镇", 1, 1]], title="东河县物资周报")
    assert problem_tuples(nowhere.problems) == [("no_week", "error", "物资", None, None, None)]
    assert "请加一列「日期」" in nowhere.problems[0].message_zh and "--week" in nowhere.problems[0].message_en
    assert nowhere.stock.empty


def test_week_from_a_date_column_with_serials_and_text():
    rows = [
        ["单位", "日期", "物资名称", "库存"],
        ["东河镇", 43868, "口罩", 10],  # Excel serial of 2020-02-07
        ["东河镇", "2020-W07", "口罩", 20],
        ["东河镇", "2020年第8周", "口罩", 30],
        ["南湖街道", "上周", "口罩", 40],
    ]
    parsed = _parse("long.xlsx", xlsx({"Sheet1": rows}))
    assert parsed.stock["week"].tolist() == [WEEK, pd.Timestamp("2020-02-10"), pd.Timestamp("2020-02-17")]
    assert problem_tuples(parsed.problems) == [
        ("not_a_week", "error", "Sheet1", 5, "日期", "上周"),
        ("no_week", "error", "Sheet1", None, None, None),
    ]


def test_long_sheet_duplicates_are_errors_but_distribution_lines_add_up():
    long_rows = [
        ["单位", "日期", "物资名称", "库存"],
        ["东河镇", "2020/2/7", "口罩", 10],
        ["东河镇", "2020/2/5", "医用口罩", 20],
    ]
    parsed = _parse("long.xlsx", xlsx({"Sheet1": long_rows}))
    assert problem_tuples(parsed.problems) == [("duplicate_row", "error", "Sheet1", 3, "单位", "东河镇")]
    listing = [
        ["发放单位", "品名", "规格", "计量单位", "数量"],
        ["东河镇", "口罩", "50只/盒", "盒", 2],
        ["", "一次性医用口罩", "", "个", 30],
        ["", "罗汉果", "", "件", 5],
    ]
    parsed = _parse("发放.xlsx", xlsx({"Sheet1": listing}), week=date(2020, 2, 3))
    assert _stock(parsed) == {("C01", "mask_surgical", 2): (None, 130.0, None)}
    assert problem_tuples(parsed.problems) == [("unknown_item", "warning", "Sheet1", 4, "品名", "罗汉果")]
    assert parsed.problems[0].message_en == (
        'Sheet Sheet1, row 4, column 品名: "罗汉果" is not in the item catalogue, so its figures were skipped — to '
        "count it, map it to an item or add it as a new item on the upload page (command line: items alias / "
        "items add, or import with --add-items); if it need not be counted, choose Ignore and it will not be "
        "raised again"
    )
    assert parsed.unknown_names == [UnknownName("罗汉果", "Sheet1", 4, "品名", "件", ())]


def test_unit_name_split_over_two_rows_and_merged_unit_column():
    listing = [
        ["发放单位", "品名", "计量单位", "数量"],
        ["东河", "口罩", "个", 100],
        ["镇", "", "", ""],
        ["南湖街道", "口罩", "个", 5],
        ["", "84消毒液", "瓶", 6],
    ]
    parsed = _parse("发放.xlsx", xlsx({"Sheet1": listing}, {"Sheet1": ["A4:A5"]}), week=date(2020, 2, 3))
    assert parsed.problems == []
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 2): (None, 100.0, None),
        ("C02", "mask_surgical", 4): (None, 5.0, None),
        ("C02", "disinfectant", 5): (None, 3.0, None),
    }


def test_unknown_item_column_in_a_wide_sheet_and_several_sheets():
    rows = [["单位", "护目镜（个）", "口罩（只）"], ["东河镇", 3, 100]]
    notes = [["填表说明"], ["请于每周五前上报"]]
    parsed = _parse("东河_2020年第6周.xlsx", xlsx({"物资": rows, "备注": notes}))
    assert problem_tuples(parsed.problems) == [
        ("unknown_item", "warning", "物资", 1, "护目镜（个）", "护目镜"),
        ("sheet_skipped", "warning", "备注", None, None, None),
    ]
    assert _stock(parsed) == {("C01", "mask_surgical", 2): (100.0, None, None)}


def test_an_instructions_sheet_is_not_read_even_with_an_example_row():
    # Our own template's 说明 sheet holds an example row (李家村 1200 …): it must never become figures.
    rows = [["单位", "口罩（只）"], ["东河镇", 100]]
    example = [["填表说明"], ["单位", "口罩（只）"], ["东河镇", 999]]
    parsed = _parse("东河_2020年第6周.xlsx", xlsx({"物资": rows, "说明": example}))
    assert problem_tuples(parsed.problems) == []
    assert _stock(parsed) == {("C01", "mask_surgical", 2): (100.0, None, None)}


def test_xls_written_by_xlwt_with_merged_header():
    book = xlwt.Workbook()
    sheet = book.add_sheet("物资")
    sheet.write(0, 0, "东河县物资周报（2020年第6周）")
    sheet.write_merge(1, 2, 0, 0, "单位")
    sheet.write_merge(1, 1, 1, 2, "口罩（只）")
    sheet.write(2, 1, "库存")
    sheet.write(2, 2, "消耗")
    sheet.write(3, 0, "东河镇")
    sheet.write(3, 1, "1.2万")
    sheet.write(3, 2, 800)
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = _parse("周报.xls", buffer.getvalue())
    assert parsed.problems == []
    assert _stock(parsed) == {("C01", "mask_surgical", 4): (12000.0, None, 800.0)}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(encoding):
    text = "单位,日期,物资名称,规格,库存\n湖滨社区,2020/2/7,75%酒精,500ml*30瓶,2箱\n"
    parsed = _parse("社区.csv", text.encode(encoding))
    assert parsed.problems == []
    assert _stock(parsed) == {("C0201", "alcohol", 2): (30.0, None, None)}


def test_csv_wide_header_without_merges_is_filled_from_the_left():
    text = "单位,口罩（只）,,备注\n,库存,消耗,\n东河镇,5,2,\n"
    parsed = _parse("东河_2020-W06.csv", text.encode("utf-8"))
    assert parsed.problems == []
    assert _stock(parsed) == {("C01", "mask_surgical", 3): (5.0, None, 2.0)}


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("周报.xlsx", b"", "empty_file"),
        ("周报.csv", b"  \r\n", "empty_file"),
        ("周报.xlsx", bytes(range(256)) * 4, "not_a_workbook"),
        ("周报.xlsx", b"PK\x03\x04broken zip", "not_a_workbook"),
        ("周报.xls", b"hello, this is text", "not_a_workbook"),
        ("周报.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "encrypted_workbook"),
        (
            "周报.bin",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "encrypted_workbook",
        ),
    ],
)
def test_bad_files_give_one_clear_error(name, content, code):
    parsed = _parse(name, content)
    assert problem_tuples(parsed.problems) == [(code, "error", None, None, None, None)]
    assert name in parsed.problems[0].message_zh and name in parsed.problems[0].message_en
    assert parsed.stock.empty and parsed.publicity.empty and not parsed.ok


def test_encrypted_message_asks_to_remove_the_password():
    parsed = _parse("周报.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert (
        "取消密码" in parsed.problems[0].message_zh and "remove the password" in parsed.problems[0].message_en
    )


def test_sheet_without_a_header():
    parsed = _parse("周报.xlsx", xlsx({"Sheet1": [["这不是统计表"], ["a", "b"], [1, 2]]}))
    assert problem_tuples(parsed.problems) == [("no_header", "error", "Sheet1", None, None, None)]
