"""Publicity coverage week after week (a unit's trend), each week's sums carried on from the week before.

coverage_of_week sums every row up to its week: a year's trend summed the first week 52 times, the second 51,
and so on (a province's 2.9 million rows, 0.15 s a week). Here the rows are put in week order once and each
week adds only its own rows to the running sums; each week's coverage is then worked out from those sums as
coverage_of_week does (metrics/publicity.coverage_from_sums), the same figures. That holds while every row is
a base row (no parent in scope sent rows of its own, the usual case); otherwise each week is worked out whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from metrics.publicity import CoverageSetup, base_sums, coverage_from_sums, coverage_of_week, rows_in_scope
from metrics.supply_status import resolve_week


def coverage_by_week(setup: CoverageSetup, publicity: pd.DataFrame, weeks: list) -> list[pd.DataFrame]:
    """[coverage_of_week(setup, publicity, week=w) for w in weeks], `weeks` in ascending order."""
    mondays = [resolve_week(publicity, week=w) for w in weeks]
    if mondays != sorted(mondays):
        raise ValueError("weeks must be in ascending order")
    sums = _running_sums(setup, publicity, mondays) if mondays and len(publicity) else None
    if sums is None:
        return [coverage_of_week(setup, publicity, week=w) for w in weeks]
    return [
        coverage_from_sums(setup, monday, per_unit, reach)
        for monday, (per_unit, reach) in zip(mondays, sums, strict=True)
    ]


def _running_sums(
    setup: CoverageSetup, publicity: pd.DataFrame, mondays: list[pd.Timestamp]
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]] | None:
    """The base sums of each week in `mondays` (as publicity._per_unit gives them), or None when a parent in
    scope sent rows of its own up to the last week (its rows count only where none below it reported)."""
    weeks, (ucodes, units), (mcodes, mats), keep, all_base = rows_in_scope(
        publicity, mondays[-1], setup.inside, setup.materials, setup.pairs
    )
    if not all_base:
        return None
    rows = np.flatnonzero(keep)
    rows = rows[np.argsort(weeks[rows], kind="stable")]  # week order; a week's rows in their own order
    row_weeks = weeks[rows]
    key = ucodes[rows].astype(np.int64) * len(mats) + mcodes[rows]
    quantity = np.nan_to_num(publicity["quantity"].to_numpy(dtype=float)[rows])
    reached = publicity["sub_units_reached"].to_numpy(dtype=float)[rows]
    ends = np.searchsorted(row_weeks, np.array([np.datetime64(m) for m in mondays]), side="right")
    return _weeks(units, mats, key, row_weeks, quantity, reached, mondays, ends)


def _weeks(units, mats, key, row_weeks, quantity, reached, mondays, ends):
    size = len(units) * len(mats)
    rows_to_date = np.zeros(size, dtype=np.int64)
    cumulative = np.zeros(size)
    reach = np.full(size, np.nan)  # fmax skips NaN, as groupby().max() does
    start = 0
    for monday, end in zip(mondays, ends, strict=True):
        # The rows after the week before, up to and including this week: only this week's own count as its
        # week's quantity (weeks between two asked for still count to date).
        span = slice(start, end)
        rows_to_date += np.bincount(key[span], minlength=size)
        cumulative += np.bincount(key[span], weights=quantity[span], minlength=size)
        np.fmax.at(reach, key[span], reached[span])
        this_week = row_weeks[span] == np.datetime64(monday)
        week_qty = np.bincount(key[span], weights=quantity[span] * this_week, minlength=size)
        week_rows = np.bincount(key[span], weights=this_week, minlength=size)
        start = end
        yield base_sums(units, mats, rows_to_date, cumulative, week_qty, week_rows, reach)
