"""The overview's and the meeting's headline read-outs, from a stock_status frame (docs/figures.md S9).

They count the units that report: every unit in the frame (the chosen unit's subtree) whose own row is a
base row (`own_report`), at any level — a town that sent its own sheet counts like a village. A unit whose
figures come only from the units below it is not counted again, so a tile never says 0 while the same page
shows a unit in shortage, and never counts one shortage twice.
"""

from __future__ import annotations

import pandas as pd

# Worst first: a unit counts under the worst level any of its items is at.
SEVERITY = {"stockout": 0, "critical": 1, "low": 2}


def units_by_worst_level(status: pd.DataFrame) -> dict[str, int]:
    """How many reporting units have their worst item at stockout, critical, low."""
    rows = status[status["own_report"] & status["status"].isin(list(SEVERITY))]
    worst = rows.assign(rank=rows["status"].map(SEVERITY)).groupby("unit_code")["rank"].min()
    return {level: int((worst == rank).sum()) for level, rank in SEVERITY.items()}


def lowest_days(status: pd.DataFrame) -> pd.Series | None:
    """The reporting unit's row with the fewest days of supply, or None when none is known."""
    rows = status[status["own_report"]].dropna(subset=["days_of_supply"])
    if rows.empty:
        return None
    # Only the rows at the fewest days can come first: sort those, not every unit's (a province: 200,000).
    rows = rows[rows["days_of_supply"] == rows["days_of_supply"].min()]
    return rows.sort_values(["days_of_supply", "unit_code", "item"], kind="stable").iloc[0]
