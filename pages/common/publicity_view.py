"""The publicity page's view of a unit, week and material, worked out once per data version and shared.

A province's coverage is 210,000 rows (30,000 units × 7 materials). Filtered, grouped, charted and formatted
on every run (each click), it cost the server 0.12–0.18 s of CPU a run; kept here (st.cache_resource: one
object per key, shared read-only by every viewer, as pages/common/figures.py), a run only draws it. The key
carries everything shown: database and data version, week, unit, the children the viewer may see, material,
language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from domain.weeks import week_label
from metrics.headline import CHART_UNITS
from metrics.numbers_zh import COUNT, PERCENT, QUANTITY
from pages.common import charts, data
from pages.common.figures import FIGURES
from pages.common.tables import as_numbers, as_text, labelled
from pages.common.texts import t
from pages.common.version_cache import versioned

COVERAGE_COLUMNS = {
    "unit": "col.unit",
    "week_quantity": "col.week_quantity",
    "cumulative": "col.cumulative",
    "target": "col.target",
    "coverage_pct": "col.coverage",
    "reached_outside": "col.reached_outside",
    "sub_units_reached": "col.reached",
    "sub_units_total": "col.sub_total",
    "status": "col.status",
}
TREND_COLUMNS = {"week": "col.week", **{k: v for k, v in COVERAGE_COLUMNS.items() if k != "unit"}}
COVERAGE_KINDS = {
    "week_quantity": QUANTITY,
    "cumulative": QUANTITY,
    "target": QUANTITY,
    "coverage_pct": PERCENT,
    "reached_outside": QUANTITY,
    "sub_units_reached": COUNT,
    "sub_units_total": COUNT,
}


@dataclass(frozen=True)
class MaterialView:
    """One material's part of the page. `own`: the unit's row when it has a coverage figure; `bars`: the
    children with a target (the lowest CHART_UNITS of `with_target` past that many); the tables as shown (text)
    and as downloaded (numbers), labelled; `over` and `not_reached`: children's names."""

    own: pd.Series | None
    bars: go.Figure | None
    with_target: int
    table: pd.DataFrame
    download: pd.DataFrame
    over: list[str]
    not_reached: list[str]
    trend: go.Figure | None
    trend_table: pd.DataFrame
    trend_download: pd.DataFrame


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def materials(url: str, version: int, week: str | None, unit_code: str | None) -> list[str]:
    """The materials in catalogue order, those with figures first (banners and leaflets lead it)."""
    coverage = data.publicity_coverage(url, version, week, unit_code)
    with_data = coverage.groupby("material", sort=False)["cumulative"].apply(lambda s: s.notna().any())
    return [m for m in with_data.index if with_data[m]] + [m for m in with_data.index if not with_data[m]]


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def material_view(
    url: str,
    version: int,
    week: str,
    unit_code: str,
    children_codes: tuple[str, ...],
    material: str,
    lang: str,
) -> MaterialView:
    coverage = data.publicity_coverage(url, version, week, unit_code)
    rows = coverage[coverage["material"] == material]
    own = rows[rows["unit_code"] == unit_code]
    children = rows[rows["unit_code"].isin(children_codes)] if children_codes else own
    with_target = children[children["coverage_pct"].notna()]  # units without a target stay in the table
    shown = with_target.nsmallest(CHART_UNITS, "coverage_pct", keep="first")  # the lowest coverage first
    table = children.copy()
    table["status"] = table["status"].map(lambda s: t(f"cov.{s}", lang))
    table["reached_outside"] = table["reached_outside"].where(table["reached_outside"] > 0)
    not_reached = children[children["cumulative"].fillna(0) <= 0] if children_codes else children.iloc[0:0]
    trend, trend_table, trend_download = _trend(url, version, unit_code, week, material, lang)
    return MaterialView(
        own=own.iloc[0] if not own.empty and own["coverage_pct"].notna().any() else None,
        bars=charts.coverage_bars(shown if len(with_target) > CHART_UNITS else with_target, lang)
        if not with_target.empty
        else None,
        with_target=len(with_target),
        table=labelled(as_text(table, COVERAGE_KINDS), COVERAGE_COLUMNS, lang),
        download=labelled(as_numbers(table, COVERAGE_KINDS), COVERAGE_COLUMNS, lang),
        over=children.loc[children["status"] == "over", "unit"].tolist(),
        not_reached=not_reached["unit"].tolist(),
        trend=trend,
        trend_table=trend_table,
        trend_download=trend_download,
    )


def _trend(
    url: str, version: int, unit_code: str, week: str, material: str, lang: str
) -> tuple[go.Figure | None, pd.DataFrame, pd.DataFrame]:
    """The unit's coverage week by week up to `week`: the chart and its table (text, numbers)."""
    weekly = data.publicity_weekly(url, version, unit_code, week)
    weekly = weekly[weekly["material"] == material].sort_values("week") if not weekly.empty else weekly
    if weekly.empty:
        return None, pd.DataFrame(), pd.DataFrame()
    trend_table = weekly.assign(
        week=weekly["week"].map(lambda iso: week_label(date.fromisoformat(iso[:10]), lang))
    )
    if "status" in trend_table:  # named like the table above (红/黄/绿), not the code "amber"
        trend_table["status"] = trend_table["status"].map(lambda s: t(f"cov.{s}", lang))
    return (
        charts.weekly_and_cumulative(weekly, lang),
        labelled(as_text(trend_table, COVERAGE_KINDS), TREND_COLUMNS, lang),
        labelled(as_numbers(trend_table, COVERAGE_KINDS), TREND_COLUMNS, lang),
    )
