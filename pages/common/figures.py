"""The overview's, the supplies page's and the reporting page's figures, built once per data version and shared by every viewer of
the same view.

A viewer's first run used to build the heatmap and the trend chart again (plotly validates every property it
is given: about 25 ms a figure on the demo, most of the script's own time), though fifty leaders opening the
overview of one county see the same two figures. Built figures are kept with st.cache_resource: one object per
key, shared read-only, never pickled. st.plotly_chart only reads a figure (to_dict copies it before writing the
chart's JSON), so sharing is safe across sessions and threads. The key carries everything a figure shows: the
database and its data version (a new upload is a new key), the week, the unit and the units shown (a viewer's
rights limit them), the language, the item.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.headline import CHART_UNITS, most_urgent
from pages.common import charts, data
from pages.common.heatmap_list import unit_paragraphs
from pages.common.version_cache import versioned

# A county has a few hundred units × 2 languages × the weeks people look at: plenty for a working day, and
# the data version in the key makes every older entry unreachable after an upload.
FIGURES = 256


@versioned
@st.cache_data(show_spinner=False, max_entries=FIGURES)
def heatmap_units(
    url: str, version: int, week: str | None, unit_code: str | None, shown: tuple[str, ...]
) -> tuple[tuple[str, ...], int]:
    """(the rows of the overview's heatmap, how many of `shown`'s children are left out): `shown` is the unit
    and its children; past CHART_UNITS children, the most urgent of them (metrics.headline.most_urgent)."""
    unit, children = shown[:1], list(shown[1:])
    kept = most_urgent(data.stock_status(url, version, week, unit_code), children, CHART_UNITS)
    return (*unit, *kept), len(children) - len(kept)


def rows_in_order(status: pd.DataFrame, shown: tuple[str, ...]) -> pd.DataFrame:
    """The status rows of the units `shown`, unit by unit in that order (each unit's rows in their own)."""
    grid = status[status["unit_code"].isin(shown)]
    order = grid["unit_code"].map({code: n for n, code in enumerate(shown)})
    return grid.iloc[order.argsort(kind="stable")].copy()


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def days_grid_parts(
    url: str, version: int, week: str | None, unit_code: str | None, shown: tuple[str, ...], lang: str
) -> tuple[go.Figure, str]:
    """The days-of-supply heatmap of `shown` (the unit and its children, in the picker's order) and its phone
    form, one markdown paragraph per unit (pages/common/heatmap_list.py)."""
    grid = rows_in_order(data.stock_status(url, version, week, unit_code), shown)
    if lang == "en":
        grid["item_name"] = grid["item"].map(data.item_names(url, version, "en"))
    return charts.days_heatmap(grid, lang), "\n\n".join(unit_paragraphs(grid, lang))


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def stock_and_use_figure(
    url: str, version: int, week: str | None, unit_code: str | None, item: str, lang: str, unit_label: str
) -> go.Figure:
    """One item's stock on hand and weekly use over the trend weeks up to `week`."""
    trend = data.stock_trend(url, version, week, unit_code, (item,))
    if week is not None:
        trend = trend[trend["week"] <= week]
    return charts.stock_and_use(trend, lang, unit_label)


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def status_items(url: str, version: int, week: str | None, unit_code: str | None) -> list[str]:
    """The items of the view's status in its order: the supplies page's picker (read from a province's 240,000
    status rows on every run, a quarter of the page's warm run)."""
    status = data.stock_status(url, version, week, unit_code)
    return pd.unique(status["item"].to_numpy(dtype=object)).tolist()


def codes_key(codes: tuple[str, ...]) -> str:
    """A short key standing for `codes`: Streamlit hashes a tuple argument element by element in Python, and
    a province's unit with its 1,200 children hashed twice was a fifth of the supplies page's every run."""
    # JSON: no two tuples give the same text (codes are quoted and escaped), so none share a key.
    return hashlib.blake2b(json.dumps(codes).encode(), digest_size=16).hexdigest()


def item_rows(
    url: str, version: int, week: str | None, unit_code: str | None, item: str, shown: tuple[str, ...]
) -> pd.DataFrame:
    """The status rows of `item` for the units `shown` (the unit and its children). Shared: copy to change."""
    return _item_rows(url, version, week, unit_code, item, codes_key(shown), shown)


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def _item_rows(
    url: str,
    version: int,
    week: str | None,
    unit_code: str | None,
    item: str,
    shown_key: str,
    _shown: tuple[str, ...],  # not hashed (the leading _): shown_key stands for it
) -> pd.DataFrame:
    status = data.stock_status(url, version, week, unit_code)
    return status[(status["item"] == item) & status["unit_code"].isin(_shown)]


def ranked_days_figure(
    url: str,
    version: int,
    week: str | None,
    unit_code: str | None,
    item: str,
    shown: tuple[str, ...],
    lang: str,
) -> tuple[go.Figure, int]:
    """The supplies page's bars of days of supply of the unit's children (the unit alone when it has none), the
    most urgent CHART_UNITS of them past that many; and how many children there are."""
    return _ranked_days_figure(url, version, week, unit_code, item, codes_key(shown), shown, lang)


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def _ranked_days_figure(
    url: str,
    version: int,
    week: str | None,
    unit_code: str | None,
    item: str,
    shown_key: str,
    _shown: tuple[str, ...],
    lang: str,
) -> tuple[go.Figure, int]:
    rows = item_rows(url, version, week, unit_code, item, _shown)
    children = rows[rows["unit_code"] != unit_code] if len(_shown) > 1 else rows
    ranked = children
    if len(children) > CHART_UNITS:
        urgent = most_urgent(children, children["unit_code"].tolist(), CHART_UNITS)
        ranked = children[children["unit_code"].isin(urgent)]
    return charts.ranked_days(ranked, lang), len(children)


@versioned
@st.cache_resource(show_spinner=False, max_entries=FIGURES)
def reporting_weeks(
    url: str, version: int, unit_code: str | None, week: str, lang: str
) -> tuple[go.Figure, pd.DataFrame]:
    """The reporting page's rate by week up to `week`: the bar chart and its rows (plotly validated every bar
    again on each click: a third of a province's warm run)."""
    by_week = data.reporting_by_week(url, version, unit_code)
    by_week = by_week[by_week["week"].astype(str) <= week]
    return charts.reporting_rate(by_week, lang), by_week
