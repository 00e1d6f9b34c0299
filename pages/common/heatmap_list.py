"""The days-of-supply heatmap as a phone reads it: one paragraph per unit instead of a grid of columns.

At 390 px the heatmap's eight item columns get about 30 px each: the rotated item names overlap and the days
shrink to unreadable. Streamlit has no media query in Python, so the page draws both, each in a keyed
container (st-key-wide_… / st-key-phone_…), and BASE_CSS (pages/common/styles.py) shows one per screen width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics import numbers_zh
from pages.common.charts import level_name
from pages.common.summaries import md_plain

# Streamlit's markdown badge colours for the levels of charts.LEVEL_COLOURS; "ok" stays plain text so the
# units and items that need attention stand out. The level's word is written in the badge: colour is never
# the only signal.
BADGE = {"stockout": "red", "critical": "red", "low": "orange", "unknown": "gray"}


def unit_paragraphs(grid: pd.DataFrame, lang: str) -> list[str]:
    """One markdown paragraph per unit, in the grid's order: the unit in bold (with its code when another
    unit shares its name), then each item with its days of supply ("—" when unknown), items short of the
    level "ok" as a coloured badge naming their level. Names from sheets are escaped (md_plain).

    Built over plain column lists, not a groupby with itertuples per unit: a province's overview shows a
    thousand towns, and a named tuple per row cost it 1.5 s."""
    names = grid.drop_duplicates("unit_code").set_index("unit_code")["unit"]
    twice = set(names[names.duplicated(keep=False)].index)  # two villages of one name: add their codes
    labels: dict[str, str] = {}  # each item's escaped name and each level's word, worked out once
    levels = {status: level_name(status, lang) for status in BADGE}
    parts = []
    for item_name, value, status in zip(
        grid["item_name"].tolist(), grid["days_of_supply"].tolist(), grid["status"].tolist(), strict=True
    ):
        days = "—" if pd.isna(value) else numbers_zh.days(value)
        status = status if isinstance(status, str) else "unknown"
        label = labels.get(item_name)
        if label is None:
            label = labels[item_name] = md_plain(item_name)
        text = f"{label} {days}"
        if status in BADGE:
            text = f":{BADGE[status]}-badge[{text} {levels[status]}]"
        parts.append(text)
    # Each unit's rows in grid order, units in order of their first row (as groupby(sort=False) gives them).
    codes, uniques = pd.factorize(grid["unit_code"])
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0]) if len(order) else []
    paragraphs = []
    for start, end in zip(starts, [*starts[1:], len(order)], strict=True):
        code = uniques[codes[order[start]]]
        unit = f"{names[code]}（{code}）" if code in twice else names[code]
        paragraphs.append(f"**{md_plain(unit)}**  \n" + " · ".join(parts[i] for i in order[start:end]))
    return paragraphs


def days_by_unit(heatmap: go.Figure, paragraphs: str) -> None:
    """The heatmap on wide screens, the paragraphs on phones (BASE_CSS hides the other one). Both are built
    once per data version and view by pages/common/figures.py (days_grid_parts)."""
    with st.container(key="wide_heatmap"):
        st.plotly_chart(heatmap, width="stretch", config={"displayModeBar": False})
    with st.container(key="phone_heatmap"):
        st.markdown(paragraphs)
