"""The roll-up of one week's supply figures (docs/figures.md S6–S8): which silent units are carried or
dropped, the sums over base rows in the ratio and beside it, and a parent's status from its roll-up.
supply_status.supply_snapshot puts them together with each unit's own figures and status."""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.thresholds import LOOKBACK_WEEKS, TOLERANCE
from metrics.rollup import ancestor_groups, group_sums, to_ancestors
from metrics.usage import WEEK, plain_codes, series_order


def carried_rows(earlier: pd.DataFrame, current: pd.DataFrame, week: pd.Timestamp, carry_weeks: int):
    """(carried, dropped): for each unit × item with no row in `week`, its latest earlier row — carried with
    its age when at most `carry_weeks` old, dropped (unit_code, item_code) when older (docs/figures.md S6)."""
    if earlier.empty:
        return None, None
    latest = plain_codes(earlier.iloc[_last_of_each_series(earlier)])
    reported = current[["unit_code", "item_code"]].drop_duplicates().assign(_now=True)
    latest = latest.merge(reported, on=["unit_code", "item_code"], how="left")
    latest = latest[latest["_now"].isna()].drop(columns="_now")
    age = ((week - latest["week"]) / WEEK).round().astype("int64")
    latest = latest.assign(age_weeks=age)
    carried = latest[(age >= 1) & (age <= carry_weeks)]
    dropped = latest.loc[(age > carry_weeks) & (age <= LOOKBACK_WEEKS), ["unit_code", "item_code"]]
    return carried.reset_index(drop=True), dropped.reset_index(drop=True)


def _last_of_each_series(rows: pd.DataFrame) -> np.ndarray:
    """Positions of each unit × item's latest row (a missing code a value of its own, a missing week the
    latest), in the order a stable sort by week leaves them: what sort_values("week", kind="stable")
    .drop_duplicates(["unit_code", "item_code"], keep="last") keeps, through weekly_use's integer series
    order. Sorting and de-duplicating a province window's strings took 2 of the 5.3 s of a full-window
    status."""
    order, units, items, weeks = series_order(rows)
    ends = np.r_[(units[1:] != units[:-1]) | (items[1:] != items[:-1]), True]
    last, weeks = order[ends], weeks[ends]
    return last[np.lexsort((last, weeks))]


def rolled_sums(base: pd.DataFrame, pairs: pd.DataFrame, inside) -> pd.DataFrame:
    """S8: per ancestor × item, the sums over base rows in the ratio and beside it."""
    row, group, groups = ancestor_groups(base, pairs, "item_code", inside)
    count = len(groups)

    def column(name: str) -> np.ndarray:
        return base[name].to_numpy(dtype=float, na_value=np.nan)[row]

    def total(values: np.ndarray, where: np.ndarray, *, blank_when_none: bool) -> np.ndarray:
        """Per group, the sum of the values where `where`; NaN for a group with none when blank_when_none."""
        return group_sums(group, np.where(where, values, np.nan), count, min_count=int(blank_when_none))

    def any_of(flags: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=flags, minlength=count) > 0

    on_hand, burn, required = column("on_hand"), column("burn"), column("required")
    durable = base["durable"].to_numpy(dtype=bool)[row]
    in_ratio = ~np.isnan(on_hand) & np.where(durable, ~np.isnan(required), burn > 0)
    fresh = base["age_weeks"].to_numpy()[row] == 0
    in_ratio_stock = total(on_hand, in_ratio, blank_when_none=True)
    outside_stock = total(on_hand, ~in_ratio, blank_when_none=False)
    # What the unit holds in all: the stock in the ratio and the stock beside it (unknown when no base row
    # below it gave a figure on hand).
    known = np.bincount(group, weights=~np.isnan(on_hand), minlength=count) > 0
    return groups.assign(
        in_ratio_stock=in_ratio_stock,
        outside_stock=outside_stock,
        outside_units=np.bincount(group, weights=~in_ratio, minlength=count).astype("int64"),
        received=total(column("received"), fresh, blank_when_none=True),
        used=total(column("use"), fresh, blank_when_none=True),
        daily_use=total(burn, in_ratio & ~durable, blank_when_none=True),
        required=total(required, in_ratio & durable, blank_when_none=True),
        demand=any_of(base["demand"].to_numpy(dtype=bool)[row]),
        plan_part=any_of(base["plan_part"].to_numpy(dtype=bool)[row] & in_ratio),
        on_hand=np.where(known, np.nan_to_num(in_ratio_stock) + outside_stock, np.nan),
    )


def dropped_counts(dropped, own: pd.DataFrame, pairs: pd.DataFrame, inside) -> pd.DataFrame:
    """Per ancestor × item, how many units below (or itself) stopped reporting more than K weeks ago and
    have no current row in their own subtree: they count nowhere, and the parent says so."""
    empty = pd.DataFrame(
        {"unit_code": pd.Series(dtype=str), "item_code": pd.Series(dtype=str), "dropped_units": []}
    )
    if dropped is None or dropped.empty:
        return empty
    # A dropped unit counts unless a unit in its own subtree has a current row for the item (a dropped town
    # above a dropped village counts too: both are silent).
    current = own[["unit_code", "item_code"]].drop_duplicates()
    covered = current.merge(pairs[["unit_code", "ancestor"]], on="unit_code")[["ancestor", "item_code"]]
    covered = covered.rename(columns={"ancestor": "unit_code"}).drop_duplicates().assign(_covered=True)
    gone = dropped.merge(covered, on=["unit_code", "item_code"], how="left")
    gone = gone.loc[gone["_covered"].isna(), ["unit_code", "item_code"]]
    if gone.empty:
        return empty
    spread = to_ancestors(gone, pairs, inside)
    counts = spread.groupby(["ancestor", "item_code"]).size().rename("dropped_units").reset_index()
    return counts.rename(columns={"ancestor": "unit_code"})


def rolled_status(grid: pd.DataFrame) -> pd.Series:
    """S8: a parent's status from its roll-up (own days out, no figure in the ratio, empty, thresholds)."""
    on, days, durable = grid["in_ratio_stock"], grid["days_of_supply"], grid["durable"]
    req = grid["required"]
    out_days = grid["self_days_out"].fillna(0) > 0
    tol = TOLERANCE
    conditions = [
        out_days,
        on.isna(),
        durable & (on <= 0) & (req > 0),
        durable & (on < req),
        durable,
        on <= 0,
        days < grid["critical_days"] - tol,
        days < grid["low_days"] - tol,
        days >= grid["low_days"] - tol,
    ]
    choices = ["stockout", "unknown", "stockout", "critical", "ok", "stockout", "critical", "low", "ok"]
    return pd.Series(np.select(conditions, choices, default="unknown"), index=grid.index)
