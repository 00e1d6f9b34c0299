"""The sheet shapes of issue 9, one test each, with their exact records and problems."""

from __future__ import annotations

import pandas as pd

from loaders import parse_file
from loaders.numbers import read_written
from tests.conftest_loaders import ITEMS, make_units, problem_tuples, xlsx

WEEK6, WEEK7 = pd.Timestamp("2020-02-03"), pd.Timestamp("2020-02-10")


def _parse(name: str, content: bytes, **kwargs):
    return parse_file(name, content, make_units(), ITEMS, **kwargs)


def _stock(parsed) -> dict:
    return {
        (r.unit_code, r.item_code, r.row): tuple(
            None if pd.isna(x) else x for x in (r.opening, r.on_hand, r.received, r.used)
        )
        for r in parsed.stock.itertuples()
    }


def test_total_in_the_row_number_column_with_the_unit_cell_empty_is_checked_not_a_duplicate():
    rows = [
        ["东河县防疫物资统计表（2020年第7周）"],
        ["填报单位：东河县指挥部", "", "", "填报日期：2020年2月16日"],
        ["序号", "单位", "口罩（只）", ""],
        ["", "", "库存", "消耗"],
        [1, "东河镇", 100, 10],
        [2, "南湖街道", 200, 20],
        ["合计", "", 300, 31],
        ["填报人：王某", "", "联系电话：略", "审核人：李某"],
        ["注：本表每周一上报"],
    ]
    parsed = _parse("县.xlsx", xlsx({"物资": rows}, {"物资": ["C3:D3"]}))
    assert problem_tuples(parsed.problems) == [
        ("total_mismatch", "warning", "物资", 7, "口罩（只）/消耗", "31"),
    ]
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 5): (None, 100.0, None, 10.0),
        ("C02", "mask_surgical", 6): (None, 200.0, None, 20.0),
    }
    assert set(parsed.stock["week"]) == {WEEK7}


def test_a_blank_unit_cell_in_a_wide_sheet_is_no_unit_unless_merged():
    rows = [["2020年第6周"], ["单位", "口罩（只）"], ["东河镇", 1], ["", 2], ["南湖街道", 3], ["", 4]]
    parsed = _parse("县.xlsx", xlsx({"物资": rows}, {"物资": ["A5:A6"]}))
    # Row 4 is never 东河镇 again; the merged A5:A6 does say 南湖街道 twice, so row 6 repeats it.
    assert problem_tuples(parsed.problems) == [
        ("no_unit", "error", "物资", 4, "单位", None),
        ("duplicate_row", "error", "物资", 6, "单位", "南湖街道"),
    ]


def test_footer_with_values_across_columns_and_a_phone_number_cell():
    rows = [
        ["单位", "口罩（只）", "消毒液（升）"],
        ["东河镇", 5, 6],
        ["填报人：", "王某", "联系电话："],
        ["", "审核人：李某", 13800000000],
        ["", "", ""],
        ["制表：张三", "", "2020年2月9日"],
    ]
    parsed = _parse("东河_2020年第6周.xlsx", xlsx({"物资": rows}))
    assert parsed.problems == []
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 2): (None, 5.0, None, None),
        ("C01", "disinfectant", 2): (None, 6.0, None, None),
    }


def test_subtotal_is_the_towns_own_row_checked_against_its_villages():
    rows = [
        ["东河县防疫物资统计表（2020年第7周）"],
        ["单位", "口罩（只）"],
        ["东河镇小计", 300],  # above its villages, named
        ["李家村", 100],
        ["王庄村", 250],
        [],
        ["单位", "口罩（只）"],  # repeated header after a page break
        ["湖滨社区", 7],
        ["小计", 7],  # under its village, unnamed: the village's parent
        ["合计", 357],
    ]
    parsed = _parse("县.xlsx", xlsx({"物资": rows}))
    assert problem_tuples(parsed.problems) == [
        ("subtotal_mismatch", "warning", "物资", 3, "口罩（只）", "300"),
    ]
    assert "与其下各单位之和 350 不一致" in parsed.problems[0].message_zh
    assert _stock(parsed) == {
        ("C0101", "mask_surgical", 4): (None, 100.0, None, None),
        ("C0102", "mask_surgical", 5): (None, 250.0, None, None),
        ("C0201", "mask_surgical", 8): (None, 7.0, None, None),
        ("C01", "mask_surgical", 3): (None, 300.0, None, None),
        ("C02", "mask_surgical", 9): (None, 7.0, None, None),
    }


def test_a_towns_own_ledger_items_down_unit_in_the_line_year_in_the_filing_time():
    rows = [
        ["东河镇防疫物资出入库台账（2月10日—2月16日）"],
        ["填报单位：东河镇人民政府", "", "", "", "填报时间：2020年2月17日"],
        ["序号", "物资名称", "规格", "单位", "上周结存", "本周入库", "本周出库", "本周结存", "备注"],
        [1, "医用外科口罩", "50只/盒", "盒", 10, 5, 3, 12, ""],
        [2, "84消毒液", "500ml*20瓶", "箱", 2, 1, 1, 2, "新到"],
        [3, "体温枪", "", "个", 5, "", "", 5, ""],
        ["合计", "", "", "", 17, 6, 4, 19, ""],
        ["负责人：李某", "", "", "审核人：张某"],
    ]
    parsed = _parse("台账.xlsx", xlsx({"台账": rows}))
    assert parsed.problems == []
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 4): (500.0, 600.0, 250.0, 150.0),
        ("C01", "disinfectant", 5): (20.0, 20.0, 10.0, 10.0),
        ("C01", "thermometer", 6): (5.0, 5.0, None, None),
    }
    assert set(parsed.stock["week"]) == {WEEK7}


def test_the_unit_from_the_title_or_the_sheet_name_and_none_found():
    ledger = [["物资名称", "期初", "入库", "出库", "期末"], ["口罩", 1, 2, 3, 0]]
    by_title = _parse("a_2020年第6周.xlsx", xlsx({"Sheet1": [["南湖街道办事处物资台账"], *ledger]}))
    by_sheet = _parse("a_2020年第6周.xlsx", xlsx({"湖滨社区": ledger}))
    nowhere = _parse("a_2020年第6周.xlsx", xlsx({"Sheet1": ledger}))
    assert (by_title.problems, by_title.stock["unit_code"].tolist()) == ([], ["C02"])
    assert (by_sheet.problems, by_sheet.stock["unit_code"].tolist()) == ([], ["C0201"])
    assert problem_tuples(nowhere.problems) == [("no_sheet_unit", "error", "Sheet1", None, None, None)]
    assert "填报单位：东河镇" in nowhere.problems[0].message_zh


def test_long_csv_with_the_command_lines_english_words_keeps_on_hand():
    text = "unit,week,item,on_hand,received,used\n东河镇,2020-W06,mask,100,5,3\n南湖街道,2020-W06,mask,50,,\n"
    parsed = _parse("long.csv", text.encode())
    assert parsed.problems == []
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 2): (None, 100.0, 5.0, 3.0),
        ("C02", "mask_surgical", 3): (None, 50.0, None, None),
    }


def test_a_column_of_numbers_not_understood_is_a_problem_and_a_row_of_only_those_is_an_error():
    text = "unit,week,item,stock_level,received\n东河镇,2020-W06,mask,100,5\n南湖街道,2020-W06,mask,50,\n"
    parsed = _parse("long.csv", text.encode())
    assert problem_tuples(parsed.problems) == [
        ("unknown_column", "warning", "long", 1, "stock_level", "100、50"),
        ("row_not_read", "error", "long", 3, "unit", "mask"),
    ]
    assert parsed.problems[0].message_en.startswith(
        "Sheet long, row 1, column stock_level: This column holds numbers (100, 50) but is not recognised"
    )
    assert _stock(parsed) == {("C01", "mask_surgical", 2): (None, None, 5.0, None)}


def test_a_measure_with_no_item_over_it_in_a_wide_sheet_is_not_dropped_quietly():
    rows = [["单位", "口罩（只）", "人口"], ["东河镇", 5, 52000]]
    parsed = _parse("东河_2020年第6周.xlsx", xlsx({"物资": rows}))
    assert problem_tuples(parsed.problems) == [("unknown_column", "warning", "物资", 1, "人口", "52000")]


def test_a_month_and_day_without_a_year_asks_for_the_week():
    rows = [
        ["东河镇防疫物资出入库台账（2月10日—2月16日）"],
        ["物资名称", "上周结存", "本周入库"],
        ["口罩", 1, 2],
    ]
    parsed = _parse("台账.xlsx", xlsx({"Sheet1": rows}))
    assert problem_tuples(parsed.problems) == [("no_year", "error", "Sheet1", None, None, "2月10日—2月16日")]
    assert "指定周" in parsed.problems[0].message_zh and "--week" in parsed.problems[0].message_en
    from_name = _parse("东河镇_2020.xlsx", xlsx({"Sheet1": rows}))
    assert from_name.problems == [] and set(from_name.stock["week"]) == {WEEK7}


def test_the_year_from_a_serial_date_above_the_table():
    rows = [
        ["东河镇防疫物资台账（2月3日—2月9日）"],
        ["填报日期", 43870],
        ["物资名称", "本周入库"],
        ["口罩", 2],
    ]
    parsed = _parse("台账.xlsx", xlsx({"Sheet1": rows}))
    assert parsed.problems == [] and set(parsed.stock["week"]) == {WEEK6}


def test_number_words_with_counting_units_that_start_like_multipliers():
    assert (read_written("12千克").value, read_written("12千克").unit) == (12.0, "千克")
    assert (read_written("10kg").value, read_written("10kg").unit) == (10.0, "kg")
    assert (read_written("2千只").value, read_written("3k").value) == (2000.0, 3000.0)


def test_counting_units_from_the_spec_the_unit_column_and_the_cell():
    rows = [
        ["东河镇物资台账（2020年第7周）"],
        ["物资名称", "规格", "计量单位", "本周入库", "本周结存"],
        ["口罩", "200个/箱", "箱", 3, "5万只"],
        ["84消毒液", "500ml*20瓶", "箱", 2, "198瓶"],
        ["手套", "50箱（*1000）", "箱", 1, 0],
    ]
    parsed = _parse("台账.xlsx", xlsx({"Sheet1": rows}))
    assert parsed.problems == []
    assert _stock(parsed) == {
        ("C01", "mask_surgical", 3): (None, 50000.0, 600.0, None),
        ("C01", "disinfectant", 4): (None, 99.0, 20.0, None),
        ("C01", "gloves", 5): (None, 0.0, 1000.0, None),
    }
