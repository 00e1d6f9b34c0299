"""The latest status of a new week without reading the weeks before it (issue 14).

A row's figures (metrics/latest_rows.py) need the weeks before it: last week's closing for the week's use
(S1/S2), the adjusted use of the last weeks for the burn (S3), the use of the LOOKBACK_WEEKS weeks before it for
the use-spike median. Reading those weeks back for a province is three million rows and most of an import. So
each series (unit × item) keeps, beside its latest row, a short history: the closing and last week's closing
of that row, and the use and adjusted use of its week and the LOOKBACK_WEEKS weeks before it. When a new week
arrives, its rows and that history are all the same functions need (weekly_use, burn_rates,
earlier_use_stats): `next_latest_rows` hands them exactly the rows the full window would have given them, so
the figures are the same (tests/test_latest_history.py proves it against the full computation).

`history_of` works the history out of a full window (the whole refresh). The history is one float64 row per
series (HISTORY_WIDTH values); store/latest_uses.py keeps it as bytes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.frames import STOCK_COLUMNS
from domain.thresholds import LOOKBACK_WEEKS
from metrics.codes import pair_positions
from metrics.latest_rows import LATEST_COLUMNS, empty_latest_rows
from metrics.usage import WEEK, burn_rates, earlier_use_stats, plain_codes, stock_window, weekly_use

HISTORY_WEEKS = LOOKBACK_WEEKS + 1  # the row's own week and the LOOKBACK_WEEKS before it
# on_hand, prev_on_hand of the row; then use of weeks row−8 … row; then adjusted use of the same weeks.
HISTORY_WIDTH = 2 + 2 * HISTORY_WEEKS
_USE, _ADJUSTED = 2, 2 + HISTORY_WEEKS
_WEEK_NS = WEEK.value


def history_of(use_rows: pd.DataFrame, latest: pd.DataFrame) -> np.ndarray:
    """One history row per row of `latest` (its unit_code, item_code, week), from the window's weekly_use
    rows: NaN where a week had no row or no known use."""
    history = np.full((len(latest), HISTORY_WIDTH), np.nan)
    if latest.empty:
        return history
    history[:, 0] = latest["on_hand"].to_numpy(dtype=float)
    history[:, 1] = latest["prev_on_hand"].to_numpy(dtype=float)
    rows = use_rows
    where = pair_positions(latest["unit_code"], latest["item_code"], rows["unit_code"], rows["item_code"])
    found = where >= 0
    last_week = latest["week"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    weeks = rows["week"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    back = np.full(len(rows), -1, dtype=np.int64)
    back[found] = (last_week[where[found]] - weeks[found]) // _WEEK_NS
    keep = found & (back >= 0) & (back < HISTORY_WEEKS)
    series, column = where[keep], HISTORY_WEEKS - 1 - back[keep]
    history[series, _USE + column] = rows["use"].to_numpy(dtype=float)[keep]
    history[series, _ADJUSTED + column] = rows["use_adjusted"].to_numpy(dtype=float)[keep]
    return history


def next_latest_rows(
    new_rows: pd.DataFrame,
    previous: pd.DataFrame,
    history: np.ndarray,
    week: pd.Timestamp,
    *,
    burn_weeks: int = 2,
) -> tuple[pd.DataFrame, np.ndarray]:
    """(LATEST_COLUMNS rows, their histories) for the series of `new_rows` (STOCK_COLUMNS, all of `week`),
    given each series' `previous` latest row (unit_code, item_code, week; absent for a new series) and its
    `history`. Valid when nothing before `week` changed since `previous` was worked out and `week` is the
    latest week (every earlier row of a series lies at or before its previous row)."""
    week = pd.Timestamp(week)
    new_rows = new_rows[STOCK_COLUMNS].reset_index(drop=True)
    if new_rows.empty:
        return empty_latest_rows(), np.zeros((0, HISTORY_WIDTH))
    earlier = _aligned(new_rows, previous, history)
    before = earlier["week"].to_numpy(dtype="datetime64[ns]")
    held = earlier["history"]
    # Last week's closing: the previous row's own when it is last week's, its last week's when it is of this
    # week (being replaced). A row of last week with a blank closing gives a blank, as having none does.
    closing_before = np.where(
        before == np.datetime64(week - WEEK),
        held[:, 0],
        np.where(before == np.datetime64(week), held[:, 1], np.nan),
    )
    last_week = new_rows.assign(week=week - WEEK, on_hand=closing_before)
    for column in ("received", "used", "days_out", "opening"):
        last_week[column] = np.nan
    uses = weekly_use(stock_window(pd.concat([last_week, new_rows], ignore_index=True), week, 1))
    uses = uses[uses["week"] == week].reset_index(drop=True)
    used = plain_codes(uses)

    # weekly_use put the rows in series order: the previous rows again, in that order.
    earlier = _aligned(used, previous, history)
    before, held = earlier["week"].to_numpy(dtype="datetime64[ns]"), earlier["history"]
    use_rows = _use_rows(used, before, held, week)
    keys = ["unit_code", "item_code", "week"]
    rates = burn_rates(use_rows, week, burn_weeks).assign(week=week)
    stats = earlier_use_stats(use_rows, week).assign(week=week)
    rows = used.merge(rates, on=keys, how="left").merge(stats, on=keys, how="left")
    rows = rows[LATEST_COLUMNS]
    return rows, _next_history(rows, before, held, week)


def _aligned(new_rows: pd.DataFrame, previous: pd.DataFrame, history: np.ndarray) -> dict:
    """The previous row's week and history for each row of `new_rows` (NaT and NaN for a new series)."""
    where = pair_positions(
        previous["unit_code"], previous["item_code"], new_rows["unit_code"], new_rows["item_code"]
    )
    found = where >= 0
    weeks = np.full(len(new_rows), np.datetime64("NaT"), dtype="datetime64[ns]")
    weeks[found] = previous["week"].to_numpy(dtype="datetime64[ns]")[where[found]]
    held = np.full((len(new_rows), HISTORY_WIDTH), np.nan)
    held[found] = history[where[found]]
    return {"week": pd.Series(weeks), "history": held}


def _use_rows(used: pd.DataFrame, before: np.ndarray, held: np.ndarray, week: pd.Timestamp) -> pd.DataFrame:
    """unit_code, item_code (categoricals), week, use, use_adjusted: this week's use of each series and, from
    the histories, the known use of the LOOKBACK_WEEKS weeks before it: the rows the full window would give
    burn_rates and earlier_use_stats."""
    back = np.arange(HISTORY_WEEKS)[::-1]  # history column c holds the week `HISTORY_WEEKS - 1 - c` before
    days = before[:, None] - (back * _WEEK_NS).astype("timedelta64[ns]")[None, :]
    uses = held[:, _USE : _USE + HISTORY_WEEKS]
    keep = ~np.isnat(before)[:, None] & ~np.isnan(uses)
    keep &= (days < np.datetime64(week)) & (days >= np.datetime64(week - LOOKBACK_WEEKS * WEEK))
    series, column = np.nonzero(keep)
    series = np.r_[series, np.arange(len(used))]
    frame = pd.DataFrame(
        {
            "week": np.r_[days[keep], np.full(len(used), np.datetime64(week), dtype="datetime64[ns]")],
            "use": np.r_[uses[keep], used["use"].to_numpy(dtype=float)],
            "use_adjusted": np.r_[
                held[:, _ADJUSTED : _ADJUSTED + HISTORY_WEEKS][keep],
                used["use_adjusted"].to_numpy(dtype=float),
            ],
        }
    )
    for name in ("unit_code", "item_code"):
        codes, uniques = pd.factorize(used[name])
        frame.insert(0 if name == "unit_code" else 1, name, pd.Categorical.from_codes(codes[series], uniques))
    return frame


def _next_history(rows: pd.DataFrame, before: np.ndarray, held: np.ndarray, week: pd.Timestamp) -> np.ndarray:
    """The histories as of `week` (rows, before and held in the same order): the earlier weeks' uses moved
    along, this week's use last."""
    history = np.full((len(rows), HISTORY_WIDTH), np.nan)
    history[:, 0] = rows["on_hand"].to_numpy(dtype=float)
    history[:, 1] = rows["prev_on_hand"].to_numpy(dtype=float)
    known = ~np.isnat(before)
    shift = np.zeros(len(before), dtype=np.int64)
    shift[known] = (np.datetime64(week) - before[known]).astype("timedelta64[ns]").view(np.int64) // _WEEK_NS
    # History column c takes the held column c + shift (the week as many weeks later). A previous row of this
    # very week is being replaced: its own week's use goes, the weeks before stay.
    source = np.arange(HISTORY_WEEKS - 1)[None, :] + shift[:, None]
    ok = known[:, None] & (source < HISTORY_WEEKS) & ~((shift == 0)[:, None] & (source == HISTORY_WEEKS - 1))
    source = np.minimum(source, HISTORY_WEEKS - 1)
    for offset in (_USE, _ADJUSTED):
        moved = np.take_along_axis(held[:, offset : offset + HISTORY_WEEKS], source, axis=1)
        history[:, offset : offset + HISTORY_WEEKS - 1] = np.where(ok, moved, np.nan)
    history[:, _USE + HISTORY_WEEKS - 1] = rows["use"].to_numpy(dtype=float)
    history[:, _ADJUSTED + HISTORY_WEEKS - 1] = rows["use_adjusted"].to_numpy(dtype=float)
    return history
