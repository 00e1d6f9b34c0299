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


# A by-unit chart (pages, meeting, briefs) shows a unit's children up to this many; a unit with more (a
# province's 1,200 towns: a chart 34,000 px tall that took the browser seconds to draw) shows those needing
# attention first, and says so; tables keep every unit.
CHART_UNITS = 40

# The heatmap's order of concern: shortages first, then units whose figures are unknown, then the rest.
CONCERN = {"stockout": 0, "critical": 1, "low": 2, "unknown": 3}
SETTLED = len(CONCERN)  # "ok", and anything else


def most_urgent(status: pd.DataFrame, units: list[str], limit: int) -> list[str]:
    """The `limit` units of `units` a meeting should see first: by the worst level of any of their items
    (stockout, critical, low, unknown, then ok), then by their fewest days of supply (unknown days last), then
    in the order given. A province's overview has 1,200 towns: a heatmap of all of them is 34,000 px tall and
    took the browser 5–6 s to draw."""
    if len(units) <= limit:
        return list(units)
    rows = status[status["unit_code"].isin(units)]
    concern = rows["status"].map(CONCERN).fillna(SETTLED)
    per_unit = (
        rows.assign(concern=concern)
        .groupby("unit_code", sort=False)
        .agg(worst=("concern", "min"), fewest=("days_of_supply", "min"))
    )
    ranked = pd.DataFrame({"unit_code": units, "given": range(len(units))}).merge(
        per_unit, left_on="unit_code", right_index=True, how="left"
    )
    ranked["worst"] = ranked["worst"].fillna(SETTLED)
    ranked = ranked.sort_values(["worst", "fewest", "given"], na_position="last", kind="stable")
    return ranked["unit_code"].head(limit).tolist()
