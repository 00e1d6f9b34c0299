"""The sample files and the real Red Cross sheets (tests/fixtures), with exact values and problems."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loaders import parse_file, read_unit_list
from store import write_transaction
from store.catalogue import load_items
from store.reports import load_stock
from store.units import load_units, save_units
from tests.conftest_loaders import ITEMS, make_units, problem_tuples
from uploads import import_file

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
    # Only the file's columns: no 在岗人员/下辖村社区数 and no active flag, which save_units then leaves as stored.
    assert list(units.columns) == ["code", "name", "parent_code", "level", "population", "households"]


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


def test_hubei_list_reads_the_quantities_written_inside_the_item_text():
    """Was: no_measures, nothing read (the list has no quantity column). Now each quantity in 品名 is a record."""
    parsed = _parse(REAL / "raw_data__hubei__wuzi01.xlsx", add_units=True)
    stock = parsed.stock.set_index(["row", "item_code"])["received"].to_dict()
    assert stock == {
        (5, "disinfectant"): 600.0,  # 聚维酮碘消毒液1400瓶60箱: the last amount, 60箱 × 10 升
        (6, "mask_surgical"): 50000.0,  # 口罩（N95型、一次性口罩）5万只
        (7, "mask_n95"): 24000.0,  # 口罩（KN95型1200盒、…）: 1200盒 × 20
        (7, "mask_surgical"): 54000.0,  # … 银离子口罩2万只、一次性口罩3.4万只: one item, added up
        (8, "mask_surgical"): 50000.0,  # 医用口罩5万只、消毒液1000瓶
        (8, "disinfectant"): 500.0,
        (9, "mask_n95"): 10000.0,
        (13, "mask_surgical"): 30000.0,
        (14, "mask_surgical"): 3000.0,
        (16, "hand_soap"): 108.0,  # 洁肤柔抗菌洗手液216瓶
        (16, "disinfectant"): 84.5,  # 碘伏皮肤消毒液169瓶
        (17, "mask_n95"): 36000.0,
        (19, "gloves"): 198.0,
    }
    assert set(parsed.stock["week"]) == {pd.Timestamp("2020-01-27")}  # the date under the title: 2020-01-29
    asked = [(p.code, p.row, p.value) for p in parsed.problems if p.code in ("unknown_pack", "no_measures")]
    assert asked == [("unknown_pack", 19, "5500片")]  # 酒精消毒棉片 5500片: how many 升 is one 片? asked
    assert [n.name for n in parsed.unknown_names][:3] == [
        "莲花清瘟胶囊(24粒装)",
        "壁挂式离子木智能空气消毒仪",
        "双黄连口服液",
    ]


REAL_SHEETS = {
    # file: (rows stored, rows left out with their reason kept in the upload's history)
    "raw_data__hubei__wuzi01.xlsx": (19, [19]),
    "raw_data__wuhan__武汉市红十字会接收社会捐赠物资公示9-2.xlsx": (34, [5, 29, 30, 37, 50, 51, 53]),
    "raw_data__wuhan__武汉市红十字会接收社会捐赠物资公示第6期—2.xlsx": (
        150, [59, 80, 83, 102, 109, 127, 129, 134, 150, 165, 166, 224, 225],
    ),
}  # fmt: skip


@pytest.mark.parametrize("file_name", list(REAL_SHEETS))
def test_real_red_cross_sheets_import_as_far_as_their_content_allows(engine, file_name):
    """--add-units --add-items --skip-invalid: medicines and goggles become items, a pack of unknown size leaves
    only its row out (asked, not a whole-file stop)."""
    with write_transaction(engine) as conn:
        save_units(conn, make_units())
    path = REAL / file_name
    outcome = import_file(
        engine, path.name, path.read_bytes(), add_units=True, add_items=True, skip_invalid=True
    )
    rows, left_out = REAL_SHEETS[file_name]
    assert (outcome.status, outcome.rows) == ("imported", rows)
    assert sorted(p.row for p in outcome.problems if p.code == "row_left_out") == left_out
    assert not [p for p in outcome.problems if p.severity == "error"]
    assert len(load_stock(engine)) == rows


def test_hubei_records_as_stored_with_new_units_and_items(engine):
    with write_transaction(engine) as conn:
        save_units(conn, make_units())
    path = REAL / "raw_data__hubei__wuzi01.xlsx"
    import_file(engine, path.name, path.read_bytes(), add_units=True, add_items=True, skip_invalid=True)
    units = load_units(engine).set_index("code")["name"]
    items = load_items(engine).set_index("code")["name_zh"]
    stored = sorted(
        (units[r.unit_code], items[r.item_code], r.received) for r in load_stock(engine).itertuples()
    )
    assert stored == [
        ("上海宇昂科技王宇董事长", "消毒液", 600.0),
        ("中国科学院王中林院士", "N95口罩", 10000.0),
        ("倪忠华", "护目镜", 144.0),
        ("刘芳菲", "硒茶粉", 25.0),
        ("北京森根比亚生物工程技术有限公司", "N95口罩", 36000.0),
        ("天津市红十字会", "安尔碘皮肤消毒剂", 24.0),
        ("天津市红十字会", "洗手液", 108.0),
        ("天津市红十字会", "消毒液", 84.5),
        ("天津市红十字会", "静注人免疫球蛋白(PH4)", 150.0),
        ("安徽惟北大鱼环保科技有限公司", "壁挂式离子木智能空气消毒仪", 10.0),
        ("杭州占戈贸易有限公司", "医用外科口罩", 50000.0),
        ("江苏新农科技有限公司", "N95口罩", 24000.0),
        ("江苏新农科技有限公司", "医用外科口罩", 54000.0),
        ("江西华强医疗器械有限公司", "医用外科口罩", 30000.0),
        ("河北以岭药业有限公司", "莲花清瘟胶囊(24粒装)", 135000.0),
        ("湖北稳健集团", "医用外科口罩", 50000.0),
        ("湖北稳健集团", "消毒液", 500.0),
        ("苏州宝集沣生物科技有限公司", "拜欧海多汀", 1500.0),
        ("陕西韩女士", "医用外科口罩", 3000.0),
    ]
