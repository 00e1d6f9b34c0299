"""The PowerPoint brief read back with python-pptx: slide titles, the headline tiles, native charts and their
values, the alert table, reporting, the font, and a unit named "=1+1" kept as text.

Figures are the demo district's (demo/district.py, latest week 2020-03-16 = 2020年第12周), worked out by hand
as in tests/test_pages_overview.py (burn = mean of the last 2 weeks' use, stock-out adjusted, ÷ 7; days =
stock ÷ burn, cut to one decimal as numbers_zh.days does).
"""

from __future__ import annotations

import io
import math
import time
from dataclasses import replace
from datetime import datetime

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches
from sqlalchemy import update

from briefs import pptx_parts
from briefs.content import build_brief
from briefs.pptx_writer import write_pptx
from demo.district import load_demo
from store import ensure_schema, open_engine
from store.tables import units as units_table
from tests.apptest_support import ROOT
from tests.test_pages_overview import COUNTY_TOP_ALERTS

MADE_AT = datetime(2026, 11, 27, 9, 30)
ARTIFACTS = ROOT / "artifacts" / "briefs"
DAYS = "可用天数：{}（按下级单位，少的在前）"
TREND = "{}：库存与消耗（近8周）"  # the demo's 8 weeks, 2020-01-27 … 2020-03-16, all inside the 8-week window
ZH_TITLES = [
    "东河县防疫物资与宣传简报",
    "主要数字",
    # 24 alerts on three slides of eight (the first six are COUNTY_TOP_ALERTS), the rest in one line
    "预警（最紧急的在前）（1/3）",
    "预警（最紧急的在前）（2/3）",
    "预警（最紧急的在前）（3/3）",
    # the four main items, as content.MAIN_ITEMS orders them
    DAYS.format("医用外科口罩"),
    DAYS.format("N95口罩"),
    DAYS.format("消毒液"),
    DAYS.format("手套"),
    TREND.format("医用外科口罩"),
    TREND.format("N95口罩"),
    TREND.format("消毒液"),
    TREND.format("手套"),
    "宣传覆盖率：横幅（按下级单位）",
    "宣传覆盖率：宣传单（按下级单位）",
    "上报情况",
    "调拨建议",
    "数据说明",
]
EN_DAYS = "Days of supply: {} (by sub-unit, fewest first)"
EN_TREND = "{}: stock and use (last 8 weeks)"
EN_ITEMS = ["Surgical mask", "N95 respirator", "Disinfectant", "Gloves"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('pptx') / 'demo.sqlite3'}")
    ensure_schema(engine)
    load_demo(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def brief(engine):
    return build_brief(engine, None, None, made_at=MADE_AT)


@pytest.fixture(scope="module")
def deck(brief):
    started = time.perf_counter()
    data = write_pptx(brief)
    print(f"\nwrite_pptx, demo county: {time.perf_counter() - started:.2f} s, {len(data):,} bytes")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "demo.pptx").write_bytes(data)  # kept for a person to open (artifacts/ is not committed)
    return Presentation(io.BytesIO(data))


def titles(deck) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in deck.slides]


def slide_titled(deck, title: str):
    return next(slide for slide in deck.slides if slide.shapes.title.text_frame.text == title)


def chart_on(slide):
    charts = [shape for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    return charts[0]


def rows_of(grid) -> list[list]:
    return [list(row.cells) for row in grid.rows]


def texts_on(slide) -> list[str]:
    """Every text on a slide: text frames, table cells and chart categories and series names."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found += [p.text for p in shape.text_frame.paragraphs]
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
        if shape.has_chart:
            found += [str(c) for c in shape.chart.plots[0].categories]
            found += [s.name for s in shape.chart.series]
    return found


def test_slides_are_16_9_and_one_topic_each(deck):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 1e-4
    assert titles(deck) == ZH_TITLES


def test_title_slide_names_the_unit_week_and_times(deck):
    texts = texts_on(deck.slides[0])
    assert "2020年第12周（3月16日—3月22日）" in texts
    assert "制作时间：2026年11月27日 09:30" in texts
    assert any(t.startswith("数据截至：") and t.endswith("（最近一次导入的报表）") for t in texts)


def test_headline_slide_holds_the_overview_tiles(deck):
    slide = slide_titled(deck, "主要数字")
    tiles = {}
    for shape in slide.shapes:
        if shape.name.startswith("tile"):
            label, value, note = (p.text for p in shape.text_frame.paragraphs)
            tiles[label] = (value, note)
    # The overview's hand-worked tiles (tests/test_pages_overview.py, where each is derived)
    assert tiles == {
        "本周上报": ("18/19", "94%"),  # 18 ÷ 19 = 94.7 %, cut
        "断货单位": ("3", ""),
        "紧缺单位": ("1", ""),
        "偏低单位": ("1", ""),
        "最少可用天数": ("0.0 天", "东河社区 · 医用外科口罩"),
        "宣传单覆盖率": ("82%", "80–89%"),  # 15168 ÷ 18460 = 82.2 %
        "横幅覆盖率": ("102%", "超过100%，请核对目标"),  # 35 ÷ 34 = 102.9 %
    }


def test_alerts_most_urgent_first_with_a_severity_word_then_the_more_line(deck, brief):
    first = slide_titled(deck, "预警（最紧急的在前）（1/3）")
    grid = next(shape.table for shape in first.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in grid.rows]
    assert rows[0] == ["级别", "预警内容"]
    assert len(rows) == 1 + 8
    assert rows[1] == ["紧急", "东河社区 医用外科口罩 已断货（库存 0 只）"]
    assert [r[1] for r in rows[1:7]] == COUNTY_TOP_ALERTS
    assert [r[0] for r in rows[1:7]] == ["紧急"] * 6  # stock-outs and critical shortages
    # 石门村 silent for 5 weeks is the first warning; the severity is a word, its cell coloured too
    assert rows[7] == ["警告", "石门村 已 5 周未上报（最后上报：2020年第7周）"]
    assert grid.cell(1, 0).fill.fore_color.rgb == pptx_parts.RED
    # Sized so the slide's longest sentence keeps one line: 白塔乡 … 152 只）is 23 Chinese characters (1 em)
    # and 17 others (0.6 em) = 33.2 em in 10.78 in × 72 × 0.85 = 660 pt → 19.9, whole points → 19 pt
    sizes = {run.font.size.pt for row in rows_of(grid)[1:] for run in row[1].text_frame.paragraphs[0].runs}
    assert sizes == {19}
    assert grid.cell(7, 0).fill.fore_color.rgb == pptx_parts.AMBER
    last = slide_titled(deck, "预警（最紧急的在前）（3/3）")
    # The brief holds more than the 24 shown: the writer names how many are left out
    left_out = len(brief.alerts) - 24
    assert left_out > 0
    assert f"另有 {left_out} 条预警，见 Excel 版或看板「预警」页。" in texts_on(last)


def test_days_of_supply_is_a_native_ranked_bar_chart_with_the_threshold_lines(deck):
    slide = slide_titled(deck, DAYS.format("医用外科口罩"))
    frame = chart_on(slide)
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == [
        "白塔乡",
        "西关街道",
        "青山镇",
        "东河县第一中学",
        "东河制药厂",
        "南湖街道",
        "东河镇",
    ]
    # on_hand ÷ daily_use (burn over the last two weeks), cut to one decimal:
    #   白塔乡 507 ÷ 152.125 = 3.3327 → 3.3 (the overview test derives the 152.125)
    #   西关街道 3678 ÷ 168.2143 = 21.8650 → 21.8      青山镇 3476 ÷ 145.0714 = 23.9606 → 23.9
    #   东河县第一中学 49185 ÷ 1907.0714 = 25.7909 → 25.7   东河制药厂 15908 ÷ 604.6429 = 26.3097 → 26.3
    #   南湖街道 4771 ÷ 175.6429 = 27.1631 → 27.1      东河镇 6326 ÷ 228.0714 = 27.7369 → 27.7
    assert list(chart.series[0].values) == [3.3, 21.8, 23.9, 25.7, 26.3, 27.1, 27.7]
    assert chart.plots[0].data_labels.number_format == "0.0"
    assert chart.category_axis.reverse_order  # fewest on top
    # Fixed axis 0 … 32 (27.7 × 1.15 = 31.9, up to the next multiple of 2) and the lines at 7 and 14 days
    # (the default critical and low lines), drawn where those days fall on the pinned plot area.
    axis = chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale) == (0, 32)
    layout = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea")).find(qn("c:layout"))
    manual = {child.tag.split("}")[1]: child.get("val") for child in layout.find(qn("c:manualLayout"))}
    assert manual == {
        "layoutTarget": "inner",
        "xMode": "edge",
        "yMode": "edge",
        "x": "0.2400",
        "y": "0.1300",
        "w": "0.7200",
        "h": "0.7700",
    }
    lines = {shape.name: shape for shape in slide.shapes if shape.name.startswith("line ")}
    assert set(lines) == {"line 紧缺线 7 天", "line 偏低线 14 天"}
    for name, days in (("line 紧缺线 7 天", 7), ("line 偏低线 14 天", 14)):
        line = lines[name]
        expected_x = frame.left + frame.width * (0.24 + 0.72 * days / 32)
        assert abs(line.begin_x - expected_x) <= 1 and line.begin_x == line.end_x
        assert abs(line.begin_y - (frame.top + frame.height * 0.13)) <= 1
        assert abs(line.end_y - (frame.top + frame.height * 0.90)) <= 1
    texts = texts_on(slide)
    assert "紧缺线 7 天" in texts and "偏低线 14 天" in texts


def test_stock_trend_is_a_native_line_chart_by_week(deck):
    chart = chart_on(slide_titled(deck, TREND.format("医用外科口罩"))).chart
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    weeks = list(chart.plots[0].categories)
    assert weeks == [f"2020年第{n}周" for n in range(5, 13)]  # 2020-01-27 … 2020-03-16
    series = {s.name: list(s.values) for s in chart.series}
    assert set(series) == {"库存", "消耗"}
    # the county's masks in 2020-03-16: on hand 83,851, used 23,155 (the sums of its 19 reporting leaves)
    assert (series["库存"][-1], series["消耗"][-1]) == (83851, 23155)


def test_coverage_bars_ranked_lowest_first_with_the_80_90_100_lines(deck):
    slide = slide_titled(deck, "宣传覆盖率：横幅（按下级单位）")
    chart = chart_on(slide).chart
    # banners hung to date ÷ 2 per village: 西关街道 4 ÷ 6 = 66.7 %, 南湖街道 5 ÷ 6 = 83.3 %, 白塔乡 6 ÷ 6,
    # 青山镇 9 ÷ 8 = 112.5 %, 东河镇 11 ÷ 8 = 137.5 % (the overview's 35 ÷ 34), cut to whole percents
    assert list(chart.plots[0].categories) == ["西关街道", "南湖街道", "白塔乡", "青山镇", "东河镇"]
    assert list(chart.series[0].values) == [66, 83, 100, 112, 137]
    assert {s.name for s in slide.shapes if s.name.startswith("line ")} == {
        "line 80%",
        "line 90%",
        "line 100%",
    }
    leaflets = chart_on(slide_titled(deck, "宣传覆盖率：宣传单（按下级单位）")).chart
    # 白塔乡 3094 ÷ 4065 = 76.1, 东河镇 3193 ÷ 4131 = 77.3, 西关街道 2306 ÷ 2799 = 82.4,
    # 青山镇 3525 ÷ 4265 = 82.6, 南湖街道 3050 ÷ 3200 = 95.3
    assert list(leaflets.plots[0].categories) == ["白塔乡", "东河镇", "西关街道", "青山镇", "南湖街道"]
    assert list(leaflets.series[0].values) == [76, 77, 82, 82, 95]


def test_reporting_transfers_and_data_note(deck, brief):
    reporting = texts_on(slide_titled(deck, "上报情况"))
    assert reporting[1:3] == [
        "本周应报 19 个单位，已报 18 个，上报率 94%。",
        "未上报：石门村（最后上报：2020年第7周，已 5 周未报）",  # stopped after 2020-02-10
    ]
    transfers = next(s.table for s in slide_titled(deck, "调拨建议").shapes if s.has_table)
    rows = [[cell.text for cell in row.cells] for row in transfers.rows]
    assert rows[0] == ["物资", "调出单位", "调入单位", "数量", "调出后可用天数", "调入后可用天数"]
    # the one suggestion the brief holds, written as the screen writes it (days cut to one decimal)
    (row,) = brief.transfers.itertuples()
    assert rows[1:] == [["医用外科口罩", row.from_unit, row.to_unit, f"{row.quantity:,.0f}", "32.1", "14.0"]]
    note = texts_on(slide_titled(deck, "数据说明"))
    assert "本简报的数字与看板同一单位、同一周的页面一致。" in note
    assert "示例数据（东河县）" in note
    assert any(t.startswith("可用天数 = 库存 ÷ 近两周日均消耗") for t in note)


def test_every_run_names_the_font_for_latin_and_east_asian_text(deck):
    runs = []
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            runs += [run for frame in frames for p in frame.paragraphs for run in p.runs if run.text]
    # titles, tiles, table cells, notes and footers of the 18 slides
    assert len(runs) > 150 and "东河社区 医用外科口罩 已断货（库存 0 只）" in {run.text for run in runs}
    faces = {
        (run.font._rPr.find(qn("a:latin")).get("typeface"), run.font._rPr.find(qn("a:ea")).get("typeface"))
        for run in runs
    }
    assert faces == {("Microsoft YaHei", "Microsoft YaHei")}
    chart = chart_on(deck.slides[5]).chart
    chart_font = chart._chartSpace.find(qn("c:txPr")).find(qn("a:p")).find(qn("a:pPr")).find(qn("a:defRPr"))
    assert chart_font.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"
    # and the theme's heading and body fonts, for text a reader adds while editing
    theme = deck.slide_master.part.part_related_by(RT.THEME).blob.decode()
    assert theme.count('<a:ea typeface="Microsoft YaHei"/>') == 2
    assert theme.count('<a:latin typeface="Microsoft YaHei"/>') == 2


def test_english_brief_has_english_titles(engine):
    deck = Presentation(io.BytesIO(write_pptx(build_brief(engine, None, None, lang="en", made_at=MADE_AT))))
    assert titles(deck) == [
        "东河县: epidemic supplies and publicity brief",
        "Headline figures",
        "Alerts (most urgent first) (1/3)",
        "Alerts (most urgent first) (2/3)",
        "Alerts (most urgent first) (3/3)",
        *[EN_DAYS.format(item) for item in EN_ITEMS],
        *[EN_TREND.format(item) for item in EN_ITEMS],
        "Publicity coverage: banner (by sub-unit)",
        "Publicity coverage: leaflet (by sub-unit)",
        "Reporting",
        "Transfer suggestions",
        "About the data",
    ]
    headline = texts_on(deck.slides[1])
    assert "Reported this week" in headline and "0.0 d" in headline


def test_a_unit_named_like_a_formula_stays_text(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'formula.sqlite3'}")
    ensure_schema(engine)
    load_demo(engine)
    with engine.begin() as conn:
        conn.execute(update(units_table).where(units_table.c.code == "C01").values(name="=1+1"))  # 东河镇
    deck = Presentation(io.BytesIO(write_pptx(build_brief(engine, None, None, made_at=MADE_AT))))
    engine.dispose()
    days = chart_on(slide_titled(deck, DAYS.format("医用外科口罩"))).chart
    assert list(days.plots[0].categories)[-1] == "=1+1"  # 东河镇, 27.7 days, last
    # The chart's own data sheet (what "Edit data" opens) holds it as a string, not a formula
    sheet = openpyxl.load_workbook(io.BytesIO(days.part.chart_workbook.xlsx_part.blob)).active
    cell = sheet["A8"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    everywhere = [text for slide in deck.slides for text in texts_on(slide)]
    assert "=1+1 宣传单 覆盖率 77%（目标 4,131 份）" in everywhere  # an alert sentence, as text
    coverage = chart_on(slide_titled(deck, "宣传覆盖率：横幅（按下级单位）")).chart
    assert list(coverage.plots[0].categories)[-1] == "=1+1"
    assert sum(text.startswith("=1+1") for text in everywhere) >= 6


def test_unknown_days_go_in_a_note_and_a_long_ranking_keeps_the_first_15(brief):
    # 17 towns with 1 … 17 days and one whose days are unknown (no use on record): not a bar at 0
    rows = pd.DataFrame(
        {
            "unit_code": [f"T{n:02d}" for n in range(1, 19)],
            "unit": [f"第{n}镇" for n in range(1, 19)],
            "days_of_supply": [float(n) + 0.25 for n in range(1, 18)] + [math.nan],
            "status": ["critical"] * 6 + ["low"] * 7 + ["ok"] * 4 + ["unknown"],
            "on_hand": [100.0] * 18,
            "daily_use": [1.0] * 18,
        }
    )
    chart = replace(brief.days[0], rows=rows)
    alone = replace(brief, days=[chart], alerts=brief.alerts.iloc[0:0], transfers=brief.transfers.iloc[0:0])
    deck = Presentation(io.BytesIO(write_pptx(alone)))
    slide = slide_titled(deck, DAYS.format("医用外科口罩"))
    bars = chart_on(slide).chart
    assert list(bars.plots[0].categories) == [f"第{n}镇" for n in range(1, 16)]
    assert list(bars.series[0].values) == [n + 0.2 for n in range(1, 16)]  # 1.25 cut to 1.2 …
    # a bar's slot: 5.05 in × 0.77 × 72 ÷ 15 = 18.7 pt, three quarters of it → 14 pt labels
    assert bars.plots[0].data_labels.font.size.pt == 14
    texts = texts_on(slide)
    assert "图中只列出最靠前的 15 个单位，另有 2 个见 Excel 版。" in texts
    assert "天数未知（图中未画）：第18镇" in texts
    # nothing to list: the alert slide (no longer split in three) and the transfers slide say so
    assert texts_on(slide_titled(deck, "预警（最紧急的在前）"))[1] == "本周没有预警。"
    assert "本周没有调拨建议。" in texts_on(slide_titled(deck, "调拨建议"))
