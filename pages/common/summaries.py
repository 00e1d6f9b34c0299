"""Small read-outs the pages put in tiles and sentences, computed from metrics' frames (pure pandas)."""

from __future__ import annotations

import re

import pandas as pd

# Worst first: a unit counts under the worst level any of its items is at.
SEVERITY = {"stockout": 0, "critical": 1, "low": 2}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def md_plain(text) -> str:
    """Text from sheets shown through st.markdown: escape markdown so a name cannot become a link or a style."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def units_by_worst_level(status: pd.DataFrame, leaf_codes: set[str]) -> dict[str, int]:
    """How many reporting units (leaves) have their worst item at stockout, critical, low."""
    rows = status[status["unit_code"].isin(leaf_codes) & status["status"].isin(list(SEVERITY))]
    worst = rows.assign(rank=rows["status"].map(SEVERITY)).groupby("unit_code")["rank"].min()
    return {level: int((worst == rank).sum()) for level, rank in SEVERITY.items()}


def lowest_days(status: pd.DataFrame, leaf_codes: set[str]) -> pd.Series | None:
    """The leaf row with the fewest days of supply, or None when none is known (durable items have none)."""
    rows = status[status["unit_code"].isin(leaf_codes)].dropna(subset=["days_of_supply"])
    if rows.empty:
        return None
    return rows.sort_values(["days_of_supply", "unit_code"]).iloc[0]
