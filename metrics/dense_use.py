"""The use rules of metrics/usage.py on dense arrays: one row per series (unit × item), weeks as columns.

Why a second home for the rules: the onward path of a province import (metrics/latest_history.py,
`next_latest_rows`) has, for each of 450,000 series, this week's row, last week's closing and at most
LOOKBACK_WEEKS earlier weeks' use, already aligned in a matrix. Turning that matrix back into long rows for
weekly_use, burn_rates and earlier_use_stats (sort, group, merge) was most of the 0.77 s next_latest_rows
took in a 5.5 s import; the same rules column by column take a fraction of it (a province's week in shuffled
order: 1.17 → 0.34 s CPU, best of 5). Only that path uses these. tests/test_dense_use.py proves the rows and
histories equal those of the former path through the window functions (kept there as the reference) on
seeded inputs; tests/test_latest_history.py and tests/test_latest_status.py prove the onward path equals
the full computation and the oracle.

The rules (metrics/usage.py has them in words), kept to the same floating-point operations in the same order
so every figure is bit for bit the same:
- use: reported, else derived (domain/stock_rules.py), a negative derived use flagged and left unknown;
  adjusted use = use × 7 / (7 − days out), unknown from 7 days out.
- burn: the mean of the latest `burn_weeks` usable adjusted uses, summed latest first as pandas' grouped
  mean sums them (np.add.reduceat); unknown with fewer.
- the median and count of the known use of the weeks before (pandas' grouped median: the middle value, or
  the halved sum of the two middle ones).
"""

from __future__ import annotations

import numpy as np

from domain.stock_rules import derived_use


def week_use(
    on_hand: np.ndarray,
    received: np.ndarray,
    used: np.ndarray,
    days_out: np.ndarray,
    opening: np.ndarray,
    prev_on_hand: np.ndarray,
) -> dict[str, np.ndarray]:
    """weekly_use's added columns (available, use, derived, negative_use, use_adjusted) for rows whose last
    week's closing is `prev_on_hand` (NaN when last week did not report one)."""
    available = np.where(np.isnan(opening), prev_on_hand, opening)
    derived = derived_use(available, received, on_hand)
    reported = ~np.isnan(used)
    negative = ~reported & (derived < 0)
    use = np.where(reported, used, np.where(negative, np.nan, derived))
    days = np.maximum(np.where(np.isnan(days_out), 0.0, days_out), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(days < 7, 7.0 / (7.0 - np.minimum(days, 6.999)), np.nan)
    return {
        "available": available,
        "use": use,
        "derived": ~reported & ~np.isnan(use),
        "negative_use": negative,
        "use_adjusted": use * scale,
    }


def burn(adjusted: np.ndarray, usable: np.ndarray, burn_weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """(burn_use, use_weeks) per row of `adjusted` (columns latest week first; `usable` marks the weeks that
    count): the mean ÷ 7 of the first `burn_weeks` usable values, NaN with fewer; use_weeks is how many were
    taken, NaN when none (burn_rates gives no row for such a series)."""
    taken = usable & (np.cumsum(usable, axis=1, dtype=np.int16) <= burn_weeks)
    count = taken.sum(axis=1)
    found = count > 0
    weekly = np.full(len(adjusted), np.nan)
    if found.any():
        # The sum pandas' grouped mean takes for groups in order without blanks (burn_rates' case):
        # np.add.reduceat over each group's values, latest first, then ÷ the count.
        starts = np.cumsum(count[found]) - count[found]
        weekly[found] = np.add.reduceat(adjusted[taken], starts) / count[found].astype(np.float64)
    burn_use = np.where(count >= burn_weeks, weekly / 7.0, np.nan)
    return burn_use, np.where(found, count, np.nan)


def median_count(values: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(median, count) per row of the `known` values: NaN for both when none is known."""
    count = known.sum(axis=1)
    ordered = np.sort(np.where(known, values, np.nan), axis=1)  # NaN last
    lower = np.take_along_axis(ordered, np.maximum(count - 1, 0)[:, None] // 2, axis=1)[:, 0]
    upper = np.take_along_axis(ordered, (count // 2)[:, None], axis=1)[:, 0]
    with np.errstate(invalid="ignore", over="ignore"):
        median = np.where(count % 2 == 1, lower, (upper + lower) / 2)
    found = count > 0
    return np.where(found, median, np.nan), np.where(found, count, np.nan)
