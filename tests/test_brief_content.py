"""A brief's figures: hand-worked demo constants, the oracle (tests/oracle/, a second implementation of
docs/figures.md), plain SQL sums, and the command line's own figures — never the brief's functions checked
against themselves. Then the Excel brief read back, and `cli.py brief`."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import text, update

from briefs.content import MAIN_ITEMS, Headline, build_brief
from briefs.formats import children_zip, file_name
from briefs.xlsx_writer import write_xlsx
from demo.district import load_demo
from domain.errors import UnknownUnit, UnknownWeek
from store import ensure_schema, open_engine
from store.catalogue import load_items
from store.reports import load_publicity, load_stock
from store.tables import units as units_table
from store.units import load_units
from tests.apptest_support import ROOT
from tests.oracle import District, Publicity, Supplies
from tests.test_pages_overview import COUNTY_TOP_ALERTS

WEEK = date(2020, 3, 16)
MADE_AT = datetime(2026, 11, 27, 9, 30)
TOWNS = ["C01", "C02", "C03", "C04", "C05", "C90", "C91"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('brief') / 'demo.sqlite3'}"
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def brief(demo):
    return build_brief(demo[1], None, None, made_at=MADE_AT)


def oracle_district(engine) -> District:
    return District(
        load_units(engine).to_dict("records"),
        load_items(engine).to_dict("records"),
        load_stock(engine).to_dict("records"),
        load_publicity(engine).to_dict("records"),
    )


def test_the_brief_is_of_the_root_and_the_latest_week(brief):
    assert (brief.unit_code, brief.unit_name, brief.week) == ("C", "东河县", "2020-03-16")
    assert brief.week_label == "2020年第12周（3月16日—3月22日）"
    assert brief.children == TOWNS
    assert brief.made_at == MADE_AT


def test_headline_is_the_overviews_tiles(brief):
    # The overview's tiles, worked out by hand in tests/test_pages_overview.py (arithmetic there).
    assert brief.headline == [
        Headline("reporting", "18/19", pytest.approx(18 / 19 * 100), "94%"),
        Headline("stockout", "3", 3.0, ""),
        Headline("critical", "1", 1.0, ""),
        Headline("low", "1", 1.0, ""),
        Headline("lowest", "0.0 天", 0.0, "东河社区 · 医用外科口罩"),
        # (3193 + 3050 + 3094 + 3525 + 2306 = 15168) ÷ 18460 = 82.2 % → 82; (11+5+6+9+4 = 35) ÷ 34 = 102.9 % → 102
        Headline("coverage", "82%", 82.0, "amber", "宣传单"),
        Headline("coverage", "102%", 102.0, "over", "横幅"),
    ]


def test_alerts_are_most_urgent_first(brief):
    assert brief.alerts["message"].head(6).tolist() == COUNTY_TOP_ALERTS
    assert brief.alerts["severity"].head(6).tolist() == ["critical"] * 6
    # 石门村 last reported in 2020-W07 (2020-02-10): five weeks before 2020-03-16
    assert "石门村 已 5 周未上报（最后上报：2020年第7周）" in brief.alerts["message"].tolist()


def test_days_charts_agree_with_the_oracle(demo, brief):
    oracle = Supplies(oracle_district(demo[1])).stock_status(WEEK, "C")
    assert [chart.item for chart in brief.days] == list(MAIN_ITEMS)
    for chart in brief.days:
        assert (chart.critical_days, chart.low_days) == (7.0, 14.0)  # domain.md's defaults; no override
        want = sorted(TOWNS, key=lambda code: (oracle[(code, chart.item)].days_of_supply, code))
        assert chart.rows["unit_code"].tolist() == want, chart.item
        for row in chart.rows.itertuples():
            rolled = oracle[(row.unit_code, chart.item)]
            assert math.isclose(row.days_of_supply, rolled.days_of_supply, rel_tol=1e-9), (
                row.unit_code,
                chart.item,
            )
            assert row.status == rolled.status
    masks = brief.days[0]
    # 白塔乡: 507 masks ÷ 152.125 a day = 3.33 days (tests/test_pages_overview.py COUNTY_TOP_ALERTS)
    assert masks.rows.iloc[0][["unit", "on_hand", "status"]].tolist() == ["白塔乡", 507.0, "critical"]
    assert masks.rows.iloc[0]["daily_use"] == pytest.approx(152.125)
    assert masks.base_unit == "只"


def test_trend_is_the_sum_of_the_reports(demo, brief):
    with demo[1].connect() as conn:
        sums = conn.execute(
            text(
                "SELECT item_code, SUM(on_hand), SUM(used) FROM stock_reports "
                "WHERE week LIKE '2020-03-16%' GROUP BY item_code"
            )
        ).all()
    last = brief.trend[brief.trend["week"] == "2020-03-16"].set_index("item")
    for item, on_hand, used in sums:
        if item in MAIN_ITEMS:
            assert (last.loc[item, "on_hand"], last.loc[item, "used"]) == (on_hand, used), item
    assert (last.loc["mask_surgical", "on_hand"], last.loc["mask_surgical", "used"]) == (83851.0, 23155.0)
    # The trend's eight weeks: 2020-01-27 … 2020-03-16, four items each
    assert sorted(brief.trend["week"].unique()) == [
        "2020-01-27",
        "2020-02-03",
        "2020-02-10",
        "2020-02-17",
        "2020-02-24",
        "2020-03-02",
        "2020-03-09",
        "2020-03-16",
    ]
    assert len(brief.trend) == 32


def test_coverage_agrees_with_the_oracle(demo, brief):
    publicity = Publicity(oracle_district(demo[1]))
    assert brief.coverage["material"].tolist() == ["banner"] * 5 + ["leaflet"] * 5
    for row in brief.coverage.itertuples():
        want = publicity.coverage(row.unit_code, row.material, WEEK)
        assert (row.cumulative, row.target, row.status) == (want.cumulative, want.target, want.status)
        assert row.coverage_pct == pytest.approx(want.coverage_pct)
    leaflets = brief.coverage[brief.coverage["material"] == "leaflet"]
    # 东河镇: 3193 leaflets ÷ 4131 households = 77.3 % (red, below 80 %)
    assert leaflets.iloc[0][["unit", "cumulative", "target", "status"]].tolist() == [
        "东河镇",
        3193.0,
        4131.0,
        "red",
    ]


def test_reporting_transfers_and_note_match_the_command_line(demo, brief):
    url = demo[0]

    def cli_json(*words: str):
        import json

        done = subprocess.run(
            [sys.executable, "cli.py", "--db", url, *words, "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    # The command line adds the on-time figures (issue 13, docs/figures.md R3), which the brief does not show
    timeliness = ("on_time", "late", "on_time_rate_pct")
    assert brief.reporting == {k: v for k, v in cli_json("reporting").items() if k not in timeliness}
    assert brief.reporting["missing"] == [
        {
            "unit_code": "C0402",
            "unit": "石门村",
            "last_report_week": "2020-02-10",
            "days_since": 35,
            "weeks_since": 5,
        }
    ]
    transfers = cli_json("transfers")
    assert [
        (t["item"], t["from_unit"], t["to_unit"], t["quantity"], t["to_days_after"]) for t in transfers
    ] == [("mask_surgical", "李家村", "东河社区", 739.0, 14.0)]
    assert brief.transfers[["item", "item_name", "from_unit", "to_unit", "quantity"]].values.tolist() == [
        ["mask_surgical", "医用外科口罩", "李家村", "东河社区", 739.0]
    ]
    assert brief.uploads[["file_name", "uploaded_by", "stock_rows", "publicity_rows"]].values.tolist() == [
        ["示例数据（东河县）", "示例数据", 1176, 524]
    ]
    assert brief.data_as_of == brief.uploads["uploaded_at"].iloc[0].to_pydatetime()


def test_a_town_an_earlier_week_and_bad_requests(demo):
    engine = demo[1]
    town = build_brief(engine, "C03", "2020-03-04", made_at=MADE_AT)  # any day of the week of 2020-03-02
    assert (town.unit_name, town.week) == ("白塔乡", "2020-03-02")
    assert town.children == ["C0301", "C0302", "C0303"]
    with pytest.raises(UnknownUnit):
        build_brief(engine, "XX", None)
    with pytest.raises(UnknownWeek):
        build_brief(engine, None, "2019-01-01")


def test_english_brief(demo):
    brief = build_brief(demo[1], None, None, lang="en", made_at=MADE_AT)
    assert brief.week_label == "2020-W12 (16 Mar–22 Mar)"
    assert brief.alerts["message"].iloc[0] == "东河社区 Surgical mask: out of stock (stock 0 pcs)"
    assert [chart.item_name for chart in brief.days] == [
        "Surgical mask",
        "N95 respirator",
        "Disinfectant",
        "Gloves",
    ]
    assert file_name(brief, "pptx") == "东河县-2020-W12-brief.pptx"


# --- The Excel brief -----------------------------------------------------------------------------------


def sheet_rows(workbook, name: str) -> list[tuple]:
    return [row for row in workbook[name].iter_rows(min_row=2, values_only=True)]


def test_excel_brief_reads_back_as_the_tables(brief):
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx(brief)))
    assert workbook.sheetnames == [
        "主要数字",
        "预警",
        "可用天数-医用外科口罩",
        "可用天数-N95口罩",
        "可用天数-消毒液",
        "可用天数-手套",
        "库存走势",
        "宣传覆盖率",
        "上报情况",
        "调拨建议",
        "数据说明",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A3"  # the title and the header row stay on screen
    assert sheet_rows(workbook, "主要数字")[:3] == [
        ("指标", "数值", "说明"),
        ("本周上报", "18/19", "94%"),
        ("断货单位", "3", None),
    ]
    masks = sheet_rows(workbook, "可用天数-医用外科口罩")
    assert masks[0] == ("单位", "可用天数（天）", "状态", "库存（只）", "日均消耗（只）")
    # 507 ÷ 152.125 = 3.33 → 3.3 as the screen cuts it; 152.125 a day shows as 152
    assert masks[1] == ("白塔乡", 3.3, "紧缺", 507, 152)
    assert [row[0] for row in masks[1:]] == [
        "白塔乡",
        "西关街道",
        "青山镇",
        "东河县第一中学",
        "东河制药厂",
        "南湖街道",
        "东河镇",
    ]
    assert workbook["可用天数-医用外科口罩"]["B3"].number_format == "0.0"
    assert sheet_rows(workbook, "上报情况") == [
        ("单位", "最后上报", "未报周数", "距最后上报天数"),
        ("石门村", "2020年第7周", 5, 35),
    ]
    assert (
        workbook["上报情况"]["A1"].value
        == "东河县 · 2020年第12周（3月16日—3月22日） · 本周应报 19 个单位，已报 18 个，上报率 94%。"
    )
    assert sheet_rows(workbook, "调拨建议")[1] == ("医用外科口罩", "李家村", "东河社区", 739, 32.1, 14)
    alerts = sheet_rows(workbook, "预警")
    assert [row[2] for row in alerts[1:7]] == COUNTY_TOP_ALERTS
    assert alerts[1][:2] == ("紧急", "东河社区")
    coverage = sheet_rows(workbook, "宣传覆盖率")
    assert coverage[6] == ("东河镇", "宣传单", 3193, 4131, 77, "不足80%")


def test_a_unit_named_like_a_formula_stays_text(tmp_path):
    url = f"sqlite:///{tmp_path / 'formula.sqlite3'}"
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    with engine.begin() as conn:
        conn.execute(update(units_table).where(units_table.c.code == "C03").values(name="=1+1"))
    brief = build_brief(engine, None, None, made_at=MADE_AT)
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx(brief)))
    cell = workbook["可用天数-医用外科口罩"]["A3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    engine.dispose()


# --- The command line ----------------------------------------------------------------------------------


def test_cli_brief_writes_the_file_and_a_zip_per_child(demo, tmp_path):
    url = demo[0]
    done = subprocess.run(
        [sys.executable, "cli.py", "brief", "--db", url, "--format", "xlsx", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    path = tmp_path / "东河县-2020年第12周-简报.xlsx"
    assert done.stdout.strip() == str(path)
    assert openpyxl.load_workbook(path)["主要数字"]["B3"].value == "18/19"

    payload, names = children_zip(demo[1], "C03", None, "xlsx", made_at=MADE_AT)
    assert names == [
        "白塔村-2020年第12周-简报.xlsx",
        "上坪村-2020年第12周-简报.xlsx",
        "下坪村-2020年第12周-简报.xlsx",
    ]
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        assert archive.namelist() == names
        village = openpyxl.load_workbook(io.BytesIO(archive.read(names[1])))
    assert village["主要数字"]["A1"].value == "上坪村 · 2020年第12周（3月16日—3月22日） · 主要数字"


def test_cli_brief_says_what_is_wrong(demo):
    done = subprocess.run(
        [sys.executable, "cli.py", "brief", "--db", demo[0], "--unit", "XX", "--format", "xlsx"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.strip() == "没有编码为“XX”的单位：请用单位名单中的编码（如 C01）"
