"""What the phone layout is built from (issue 12), checked without a browser: the heatmap's paragraphs, the
week ticks, the ranked bars' room for their labels, the key columns of a table."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from domain.weeks import week_tick
from pages.common.charts import ranked_days, stock_and_use
from pages.common.heatmap_list import unit_paragraphs


def grid_rows(rows):
    return pd.DataFrame(rows, columns=["unit_code", "unit", "item_name", "days_of_supply", "status"])


def test_one_paragraph_per_unit_with_the_short_items_as_badges():
    grid = grid_rows(
        [
            ("C", "东河县", "医用外科口罩", 24.86, "ok"),
            ("C", "东河县", "红外测温仪", np.nan, "critical"),
            ("C03", "白塔乡", "医用外科口罩", 3.33, "critical"),
            ("C03", "白塔乡", "N95口罩", 13.6, "low"),
            ("C03", "白塔乡", "消毒液", 0.0, "stockout"),
            ("C03", "白塔乡", "手套", np.nan, None),
        ]
    )
    assert unit_paragraphs(grid, "zh") == [
        "**东河县**  \n医用外科口罩 24.8 · :red-badge[红外测温仪 — 紧缺]",
        "**白塔乡**  \n:red-badge[医用外科口罩 3.3 紧缺] · :orange-badge[N95口罩 13.6 偏低] · "
        ":red-badge[消毒液 0.0 断货] · :gray-badge[手套 — 未知]",
    ]
    assert unit_paragraphs(grid.iloc[:2], "en") == [
        "**东河县**  \n医用外科口罩 24.8 · :red-badge[红外测温仪 — Critical]"
    ]


def test_names_from_sheets_are_escaped_and_same_names_told_apart():
    grid = grid_rows(
        [
            ("C0101", "李家村", "[口罩](http://x)", 10.0, "ok"),
            ("C0201", "李家村", "口罩", 2.0, "critical"),
        ]
    )
    assert unit_paragraphs(grid, "zh") == [
        "**李家村（C0101）**  \n\\[口罩\\]\\(http\\://x\\) 10.0",  # a link no more
        "**李家村（C0201）**  \n:red-badge[口罩 2.0 紧缺]",
    ]


@pytest.mark.parametrize(
    ("monday", "lang", "tick"),
    [(date(2020, 3, 16), "zh", "12周"), (date(2020, 3, 16), "en", "W12"), (date(2019, 12, 30), "zh", "1周")],
)
def test_week_ticks_are_short(monday, lang, tick):
    assert week_tick(monday, lang) == tick


def test_the_trend_chart_ticks_weeks_short_with_its_legend_above():
    trend = pd.DataFrame(
        {"week": ["2020-03-09", "2020-03-16"], "used": [100.0, 120.0], "on_hand": [900.0, 800.0]}
    )
    layout = stock_and_use(trend, "zh", "东河县").to_dict()["layout"]
    assert layout["xaxis"]["tickvals"] == ["2020年第11周", "2020年第12周"]  # the points keep the full name
    assert layout["xaxis"]["ticktext"] == ["11周", "12周"]
    assert (layout["legend"]["yanchor"], layout["legend"]["y"]) == ("bottom", 1.02)


def test_ranked_bars_leave_room_for_their_labels_on_a_phone():
    status = pd.DataFrame(
        {
            "unit_code": ["C01", "C03"],
            "unit": ["东河镇", "白塔乡"],
            "days_of_supply": [27.74, 3.33],
            "on_hand": [6326.0, 507.0],
            "daily_use": [228.07, 152.125],
            "status": ["ok", "critical"],
            "children_stockout": [0, 2],
            "children_critical": [0, 0],
        }
    )
    fig = ranked_days(status, "zh").to_dict()
    notes = {a["y"]: a["text"] for a in fig["layout"]["annotations"] if a.get("yref", "y") == "y"}
    assert notes == {"东河镇": "27.7", "白塔乡": "3.3<br>下属2个断货或紧缺"}
    lines = {
        a["x"]: (a["text"], a["xanchor"]) for a in fig["layout"]["annotations"] if a.get("yref", "y") != "y"
    }
    assert lines == {
        7.0: ("7 天", "right"),
        14.0: ("14 天", "left"),
    }  # apart: one left, one right of its line
    # At 13 px on a 230 px plot: "27.7" is 4 × 0.6 × 13 + 8 = 39.2 px, so 27.74 ÷ (1 − 39.2/230) = 33.439;
    # 白塔乡's longest line, 下属2个断货或紧缺, 8 × 13 + 7.8 + 8 = 119.8 px: 3.33 ÷ (1 − 119.8/230) = 6.950.
    assert fig["layout"]["xaxis"]["range"] == pytest.approx([0, 27.74 * 230 / 190.8], abs=1e-9)
    assert fig["data"][0]["cliponaxis"] is False


def test_a_table_shows_its_key_columns_first_with_the_first_pinned():
    from pages.common.tables import key_columns_first

    columns = {
        "unit": "col.unit",
        "status": "col.status",
        "on_hand": "col.on_hand",
        "days_of_supply": "col.days",
    }
    shown = pd.DataFrame(columns=["单位", "状态", "库存", "可用天数"])
    arguments = key_columns_first(shown, ("unit", "days_of_supply", "reorder_qty"), columns, "zh")
    assert arguments["column_order"] == ["单位", "可用天数", "状态", "库存"]  # 补货量 is not in this table
    assert list(arguments["column_config"]) == ["单位"]
    assert arguments["column_config"]["单位"]["pinned"] is True
