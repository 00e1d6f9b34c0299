"""The brief's plotly figures (briefs/figures.py) on small hand-made Brief parts: what each bar says, its colour,
the threshold lines, names kept as text, and the margins set by hand (no automargin left to the renderer)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from briefs import figures
from briefs.content import DaysChart

NAN = math.nan


def days_chart(rows: list[tuple]) -> DaysChart:
    frame = pd.DataFrame(
        rows, columns=["unit_code", "unit", "days_of_supply", "status", "on_hand", "daily_use"]
    )
    return DaysChart("mask_surgical", "医用外科口罩", "只", 7.0, 14.0, frame)


def test_days_bars_fewest_at_the_top_coloured_by_level_with_both_lines():
    chart = days_chart(
        [
            ("C03", "白塔乡", 3.3327, "critical", 507.0, 152.125),
            ("C05", "西关街道", 21.86, "ok", 3678.0, 168.2),
            ("C09", "<b>新区</b>", NAN, "unknown", 40.0, NAN),
        ]
    )
    fig = figures.days_bars(chart, "zh")
    bar = fig.data[0]
    assert list(bar.y) == ["白塔乡", "西关街道", "&lt;b&gt;新区&lt;/b&gt;"]  # plotly shows the brackets
    assert list(bar.x) == [3.3327, 21.86, 0.0]
    assert list(bar.text) == ["3.3", "21.8", "（天数未知）"]  # cut, never rounded up
    assert list(bar.marker.color) == ["#d32f2f", "#2e7d32", "#9e9e9e"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert [(s.x0, s.line.color) for s in fig.layout.shapes] == [(7.0, "#d32f2f"), (14.0, "#f9a825")]
    assert [a.text for a in fig.layout.annotations] == ["紧缺线 7 天", "偏低线 14 天"]
    assert fig.layout.font.family == "Noto Sans CJK SC"
    # 110 px of frame + 30 a bar; left margin 16 + the longest name as drawn, "<b>新区</b>": 7 Latin characters
    # × 9 px (0.6 of the 15 px font) + 2 Chinese × 15 px = 93
    assert (fig.layout.width, fig.layout.height) == (900, 200)
    assert fig.layout.margin.l == 16 + 93
    assert fig.layout.xaxis.automargin is False and fig.layout.yaxis.automargin is False


def test_two_units_of_one_name_get_their_codes():
    rows = pd.DataFrame({"unit_code": ["C0101", "C0201", "C0301"], "unit": ["新村", "新村", "=1+1"]})
    assert figures.unit_labels(rows) == ["新村（C0101）", "新村（C0201）", "=1+1"]


def test_english_lines():
    fig = figures.days_bars(days_chart([("C03", "白塔乡", 3.3327, "critical", 507.0, 152.125)]), "en")
    assert [a.text for a in fig.layout.annotations] == ["Critical below 7 d", "Low below 14 d"]
    assert fig.layout.xaxis.title.text == "Days of supply"


def test_coverage_bars_with_the_80_90_100_lines():
    rows = pd.DataFrame(
        {
            "unit_code": ["C01", "C02", "C03"],
            "unit": ["东河镇", "南湖街道", "白塔乡"],
            "coverage_pct": [137.5, 79.96, NAN],
            "status": ["over", "red", "unknown"],
        }
    )
    fig = figures.coverage_bars(rows, "zh")
    bar = fig.data[0]
    assert list(bar.text) == ["137%", "79%", "无目标"]  # 79.96 % is cut: it must not read as 80 %
    assert list(bar.marker.color) == ["#6a1b9a", "#d32f2f", "#9e9e9e"]
    assert [s.x0 for s in fig.layout.shapes] == [80.0, 90.0, 100.0]
    assert [a.text for a in fig.layout.annotations] == ["80%", "90%", "100%"]
    assert list(fig.layout.xaxis.range) == pytest.approx([0, 137.5 * 1.15])


def test_trend_one_small_chart_per_item_two_to_a_row():
    trend = pd.DataFrame(
        {
            "week": ["2020-03-09", "2020-03-16", "2020-03-09", "2020-03-16", "2020-03-16"],
            "item": ["mask_surgical", "mask_surgical", "gloves", "gloves", "disinfectant"],
            "item_name": ["医用外科口罩", "医用外科口罩", "手套", "手套", "消毒液"],
            "on_hand": [104506.0, 83851.0, 8184.0, 11770.0, 2575.0],
            "used": [23360.0, 23155.0, 2804.0, 2614.0, 646.0],
        }
    )
    fig = figures.trend_lines(trend, {"mask_surgical": "只", "gloves": "副"}, "zh")
    assert [a.text for a in fig.layout.annotations] == ["医用外科口罩（只）", "手套（副）", "消毒液"]
    assert [(t.type, t.name, list(t.x)) for t in fig.data[:2]] == [
        ("bar", "消耗", ["第11周", "第12周"]),
        ("scatter", "库存", ["第11周", "第12周"]),
    ]
    assert list(fig.data[1].y) == [104506.0, 83851.0]
    assert [t.showlegend for t in fig.data] == [True, True, False, False, False, False]
    assert fig.layout.height == 60 + 300 * 2  # three items: two rows
