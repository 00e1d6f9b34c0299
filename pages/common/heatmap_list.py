"""The days-of-supply heatmap as a phone reads it: one paragraph per unit instead of a grid of columns.

At 390 px the heatmap's eight item columns get about 30 px each: the rotated item names overlap and the days
shrink to unreadable. Streamlit has no media query in Python, so the page draws both, each in a keyed
container (st-key-wide_… / st-key-phone_…), and BASE_CSS (pages/common/styles.py) shows one per screen width.
"""

from __future__ import annotations

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
    level "ok" as a coloured badge naming their level. Names from sheets are escaped (md_plain)."""
    names = grid.drop_duplicates("unit_code").set_index("unit_code")["unit"]
    twice = set(names[names.duplicated(keep=False)].index)  # two villages of one name: add their codes
    paragraphs = []
    for code, rows in grid.groupby("unit_code", sort=False):
        unit = f"{names[code]}（{code}）" if code in twice else names[code]
        parts = []
        for row in rows.itertuples():
            days = "—" if pd.isna(row.days_of_supply) else numbers_zh.days(row.days_of_supply)
            status = row.status if isinstance(row.status, str) else "unknown"
            text = f"{md_plain(row.item_name)} {days}"
            if status in BADGE:
                text = f":{BADGE[status]}-badge[{text} {level_name(status, lang)}]"
            parts.append(text)
        paragraphs.append(f"**{md_plain(unit)}**  \n" + " · ".join(parts))
    return paragraphs


def days_by_unit(heatmap: go.Figure, paragraphs: str) -> None:
    """The heatmap on wide screens, the paragraphs on phones (BASE_CSS hides the other one). Both are built
    once per data version and view by pages/common/figures.py (days_grid_parts)."""
    with st.container(key="wide_heatmap"):
        st.plotly_chart(heatmap, width="stretch", config={"displayModeBar": False})
    with st.container(key="phone_heatmap"):
        st.markdown(paragraphs)
