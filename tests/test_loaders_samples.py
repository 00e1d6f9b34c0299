"""The sample files and the real Red Cross sheets (tests/fixtures), with exact values and problems."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders import parse_file, read_unit_list
from tests.conftest_loaders import ITEMS, make_units, problem_tuples

FIXTURES = Path(__file__).parent / "fixtures"  # copies of the shelf's files, provenance in its README
SAMPLE = FIXTURES / "samples" / "东河县_物资宣传周报_2020年第6周.xlsx"
GBK = FIXTURES / "samples" / "village_long_gbk.csv"
REAL = FIXTURES / "realdata"
WEEK = pd.Timestamp("2020-02-03")


def _parse(path: Path, **kwargs):
    return parse_file(path.name, path.read_bytes(), make_units(), ITEMS, **kwargs)


def _figures(frame: pd.DataFrame, code_column: str, measures: list[str]) -> dict:
    return {
        (r["unit_code"], r[code_column]): tuple(None if pd.isna(r[m]) else r[m] for m in measures)
        for _, r in frame.iterrows()
    }


def test_sample_workbook_stock():
    parsed = _parse(SAMPLE)
    assert parsed.problems == [] and parsed.ok
    assert list(parsed.stock.columns) == [
        "unit_code", "week", "item_code", "on_hand", "received", "used", "days_out", "opening", "sheet", "row",
    ]  # fmt: skip
    assert set(parsed.stock["week"]) == {WEEK} and str(parsed.stock["week"].dtype) == "datetime64[ns]"
    assert _figures(parsed.stock, "item_code", ["on_hand", "received", "used"]) == {
        ("C01", "mask_surgical"): (12000.0, 5000.0, 3800.0),
        ("C02", "mask_surgical"): (20400.0, 0.0, 6100.0),
        ("C01", "disinfectant"): (120.0, 0.0, 30.0),  # 12箱 of 20 × 500 ml
        ("C02", "disinfectant"): (300.0, 100.0, 80.0),
        ("C01", "thermometer"): (26.0, None, None),  # an item alone means on hand
        ("C02", "thermometer"): (41.0, None, None),
    }
    assert parsed.stock[["sheet", "row"]].drop_duplicates().values.tolist() == [["物资", 5], ["物资", 6]]
    assert parsed.new_units.empty and len(parsed.sha256) == 64


def test_sample_workbook_publicity():
    parsed = _parse(SAMPLE)
    assert set(parsed.publicity["week"]) == {WEEK}
    assert _figures(parsed.publicity, "material_code", ["quantity", "sub_units_reached"]) == {
        ("C01", "banner"): (46.0, 11.0),
        ("C02", "banner"): (31.0, 4.0),
        ("C01", "leaflet"): (13000.0, 11.0),
        ("C02", "leaflet"): (295.0, 4.0),
        ("C01", "visit"): (2300.0, 11.0),
        ("C02", "visit"): (5200.0, 4.0),
    }


def test_sample_workbook_with_a_different_week_given_warns_and_keeps_the_sheets_week():
    parsed = _parse(SAMPLE, week=pd.Timestamp("2020-02-10").date())
    assert problem_tuples(parsed.problems) == [
        ("week_conflict", "warning", "物资", None, None, "2020-02-10"),
        ("week_conflict", "warning", "宣传", None, None, "2020-02-10"),
    ]
    assert set(parsed.stock["week"]) == {WEEK} and parsed.ok


def test_gbk_long_csv_converts_packs():
    parsed = _parse(GBK)
    assert parsed.problems == []
    assert _figures(parsed.stock, "item_code", ["on_hand", "received", "used"]) == {
        ("C0101", "mask_surgical"): (600.0, 500.0, 400.0),  # 12盒 × 50只/盒
        ("C0102", "alcohol"): (3.0, None, 2.0),  # 6瓶 × 500 ml; blank 入库 stays not reported
    }
    assert set(parsed.stock["week"]) == {WEEK}
    assert parsed.stock["row"].tolist() == [2, 3]


def test_sample_unit_list():
    path = FIXTURES / "samples" / "units_东河县.csv"
    units, problems = read_unit_list(path.name, path.read_bytes())
    assert problems == []
    assert units["code"].tolist() == ["C", "C01", "C02", "C0101", "C0102", "C0201"]
    assert units["level"].tolist() == ["county", "town", "town", "village", "village", "village"]
    assert units.loc[1, "population"] == 52000.0 and units.loc[5, "households"] == 3100.0
    assert pd.isna(units.loc[0, "parent_code"]) and units.loc[3, "parent_code"] == "C01"
    assert units["active"].all() and units["sub_units"].isna().all()


def test_red_cross_distribution_list_unknown_units_are_errors_with_items_warned():
    parsed = _parse(REAL / "raw_data__wuhan__武汉市红十字会接收社会捐赠物资公示9-2.xlsx")
    assert not parsed.ok and parsed.stock.empty
    codes = {p.code for p in parsed.problems}
    assert codes == {"unknown_unit", "unknown_item", "unknown_pack"}
    unknown = [(p.row, p.value) for p in parsed.problems if p.code == "unknown_unit"]
    # Names split over two rows are joined (汉阳市政建设 / 集团有限公司), never read as units of their own.
    assert unknown[:10] == [
        (5, "武汉市"), (6, "第七医院"), (29, "中心医院"), (32, "武汉市第六医院"), (34, "火神山医院"),
        (35, "广东省医疗队"), (39, "汉阳市政建设集团有限公司"), (41, "武汉会议中心"), (42, "江夏区红十字会"),
        (44, "市应急指挥部"),
    ]  # fmt: skip
    assert all(p.severity == "warning" for p in parsed.problems if p.code == "unknown_item")


def test_red_cross_distribution_list_with_add_units():
    parsed = _parse(REAL / "raw_data__wuhan__武汉市红十字会接收社会捐赠物资公示9-2.xlsx", add_units=True)
    names = dict(zip(parsed.new_units["name"], parsed.new_units["code"], strict=True))
    assert "第七医院" in names and "集团有限公司" not in names and names["第七医院"].startswith("NEW-")
    assert parsed.new_units["parent_code"].isna().all()
    stock = parsed.stock.set_index(["unit_code", "item_code"])
    seventh = names["第七医院"]
    # The merged unit column is filled down: 84消毒液 瓶 600 → 300 L received by 第七医院.
    assert stock.loc[(seventh, "disinfectant"), "received"] == 300.0
    assert stock.loc[(seventh, "mask_surgical"), "received"] == 10000.0
    assert stock.loc[(seventh, "hand_soap"), "received"] == 90.0 + 230.0  # 洗手液 180瓶 + 免洗手消毒液 23箱
    command = names["市应急指挥部"]
    assert stock.loc[(command, "disinfectant"), "received"] == 1800 * 0.5 + 2 * 5.0  # 84 瓶 and 桶
    assert stock.loc[(command, "mask_surgical"), "received"] == 1000.0 + 30000.0  # lines for one item add up
    assert stock.loc[(command, "thermometer"), "received"] == 36.0
    assert set(parsed.stock["week"]) == {pd.Timestamp("2020-01-27")}  # the date under the title: 2020-01-31
    assert [p.code for p in parsed.problems].count("new_unit") == len(parsed.new_units)
    assert "unknown_unit" not in {p.code for p in parsed.problems}


def test_red_cross_receipts_list_with_fused_quantities():
    parsed = _parse(REAL / "raw_data__wuhan__武汉市红十字会接收社会捐赠物资公示第6期—2.xlsx", add_units=True)
    items = {(p.row, p.value) for p in parsed.problems if p.code == "unknown_item"}
    assert {(7, "抗病毒口服液"), (11, "罗汉果")} <= items
    stock = parsed.stock.set_index(["row"])
    # Week from （1月22日—1月28日） with the year from the footer 2020年1月29日.
    assert set(parsed.stock["week"]) == {pd.Timestamp("2020-01-20")}
    assert stock.loc[22, "received"] == 4800 * 50.0  # 医用口罩 4800盒, 50 per 盒 in the catalogue
    assert stock.loc[27, "received"] == 60000.0  # 口罩 60000支, 100支/箱
    assert stock.loc[35, "received"] == 500.0  # 84消毒液 50箱 of 10 L
    totals = [p for p in parsed.problems if p.code == "unknown_pack"]
    assert (12, "2箱") not in {(p.row, p.value) for p in totals}  # 3M口罩 2箱: the catalogue knows 箱
    assert all(p.severity == "error" for p in totals)


def test_hubei_list_without_a_quantity_column():
    parsed = _parse(REAL / "raw_data__hubei__wuzi01.xlsx", add_units=True)
    assert [p for p in problem_tuples(parsed.problems) if p[0] != "new_unit"] == [
        ("no_measures", "error", "Sheet1", 3, None, None),
    ]
    assert parsed.stock.empty
