"""The latest status of a new week without reading the weeks before it (issue 14).

A row's figures (metrics/latest_rows.py) need the weeks before it: last week's closing for the week's use
(S1/S2), the adjusted use of the last weeks for the burn (S3), the use of the LOOKBACK_WEEKS weeks before it for
the use-spike median. Reading those weeks back for a province is three million rows and most of an import. So
each series (unit × item) keeps, beside its latest row, a short history: the closing and last week's closing
of that row, and the use and adjusted use of its week and the LOOKBACK_WEEKS weeks before it. When a new week
arrives, its rows and that history are all the rules of weekly_use, burn_rates and earlier_use_stats need:
`next_latest_rows` applies them to one dense row per series (metrics/dense_use.py), so the figures are the
same (tests/test_latest_history.py proves it against the full computation, tests/test_dense_use.py against
the former path that handed the window functions the rows the full window would have given them).

`history_of` works the history out of a full window (the whole refresh). The history is one float64 row per
series (HISTORY_WIDTH values); store/latest_uses.py keeps it as bytes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.frames import STOCK_COLUMNS
from domain.thresholds import LOOKBACK_WEEKS
from metrics.codes import factor, pair_positions, sorted_factor
from metrics.dense_use import burn, median_count, week_use
from metrics.latest_rows import LATEST_COLUMNS, empty_latest_rows
from metrics.usage import WEEK

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
    """(LATEST_COLUMNS rows, their histories) for the series of `new_rows` (STOCK_COLUMNS, all of `week`, each
    unit × item once, codes given), given each series' `previous` latest row (unit_code, item_code, week;
    absent for a new series) and its `history`. Valid when nothing before `week` changed since `previous` was
    worked out and `week` is the latest week (every earlier row of a series lies at or before its previous
    row). Rows in series order (unit, then item, as weekly_use sorts them); the figures those of weekly_use,
    burn_rates and earlier_use_stats over the full window (metrics/dense_use.py, one row per series)."""
    week = pd.Timestamp(week)
    if new_rows.empty:
        return empty_latest_rows(), np.zeros((0, HISTORY_WIDTH))
    unit, unit_names = sorted_factor(new_rows["unit_code"])
    item, item_names = sorted_factor(new_rows["item_code"])
    _check_rows(new_rows, unit, item, week)
    width = len(item_names) + 1
    keys = unit * width + item
    order = _key_order(keys, len(unit_names) * width)
    where = _previous_positions(previous, unit_names, item_names, keys[order])
    units, items = (
        _text_codes(new_rows[column], order, numbers, names)
        for column, numbers, names in (("unit_code", unit, unit_names), ("item_code", item, item_names))
    )
    found = where >= 0
    before = np.full(len(where), np.datetime64("NaT"), dtype="datetime64[ns]")
    before[found] = previous["week"].to_numpy(dtype="datetime64[ns]")[where[found]]
    if len(history):
        held = history.take(np.maximum(where, 0), axis=0)
        held[~found] = np.nan
    else:
        held = np.full((len(where), HISTORY_WIDTH), np.nan)

    # Last week's closing: the previous row's own when it is last week's, its last week's when it is of this
    # week (being replaced). A row of last week with a blank closing gives a blank, as having none does.
    prev_on_hand = np.where(
        before == np.datetime64(week - WEEK),
        held[:, 0],
        np.where(before == np.datetime64(week), held[:, 1], np.nan),
    )
    stock = {c: new_rows[c].to_numpy(dtype=float)[order] for c in STOCK_COLUMNS[3:]}
    uses = week_use(**stock, prev_on_hand=prev_on_hand)

    # History column c holds the week HISTORY_WEEKS − 1 − c weeks before the previous row's; the figures
    # read the known use of the LOOKBACK_WEEKS weeks before `week`.
    back = np.arange(HISTORY_WEEKS)[::-1]
    days = before[:, None] - (back * _WEEK_NS).astype("timedelta64[ns]")[None, :]
    earlier_use = held[:, _USE : _USE + HISTORY_WEEKS]
    known = ~np.isnat(before)[:, None] & ~np.isnan(earlier_use)
    known &= (days < np.datetime64(week)) & (days >= np.datetime64(week - LOOKBACK_WEEKS * WEEK))
    median, count = median_count(earlier_use, known)
    # The burn takes this week's adjusted use, then the earlier weeks latest first.
    adjusted = np.column_stack(
        [uses["use_adjusted"], held[:, _ADJUSTED : _ADJUSTED + HISTORY_WEEKS][:, ::-1]]
    )
    usable = np.column_stack([np.ones(len(where), dtype=bool), known[:, ::-1]]) & ~np.isnan(adjusted)
    burn_use, use_weeks = burn(adjusted, usable, burn_weeks)

    week_type = np.result_type(new_rows["week"].dtype, np.dtype(f"datetime64[{(week - WEEK).unit}]"))
    rows = pd.DataFrame(
        {
            "unit_code": units,
            "week": np.full(len(where), np.datetime64(week), dtype=week_type),
            "item_code": items,
            **stock,
            "prev_on_hand": prev_on_hand,
            **uses,
            "burn_use": burn_use,
            "use_weeks": _whole_when_all_found(use_weeks),
            "median": median,
            "count": _whole_when_all_found(count),
        },
        columns=LATEST_COLUMNS,
    )
    return rows, _next_history(rows, before, held, week)


def _check_rows(new_rows: pd.DataFrame, unit: np.ndarray, item: np.ndarray, week: pd.Timestamp) -> None:
    """Raise ValueError for rows the store never hands over (a missing code, another week): the window
    functions would have paired such rows differently."""
    if (unit < 0).any() or (item < 0).any():
        raise ValueError("next_latest_rows: a stock row without a unit or item code")
    if (new_rows["week"].to_numpy(dtype="datetime64[ns]") != np.datetime64(week)).any():
        raise ValueError(f"next_latest_rows: a stock row not of {week.date()}")


def _key_order(keys: np.ndarray, size: int) -> np.ndarray:
    """The order of `keys` (distinct integers below `size`, else ValueError), as a stable argsort gives it.
    Keys are few enough for a table of them (a province's 30,000 units × 16): placing each in its slot is
    linear, where sorting 450,000 of them was a tenth of the time."""
    if size <= 8 * len(keys) + 4096:
        slots = np.full(size, -1, dtype=np.int64)
        slots[keys] = np.arange(len(keys))
        order = slots[slots >= 0]
        distinct = len(order) == len(keys)
    else:
        order = np.argsort(keys, kind="stable")
        distinct = not (np.diff(keys[order]) == 0).any()
    if not distinct:
        raise ValueError("next_latest_rows: a unit × item twice in one week")
    return order


def _previous_positions(
    previous: pd.DataFrame, unit_names: np.ndarray, item_names: np.ndarray, keys: np.ndarray
) -> np.ndarray:
    """For each key (unit number × (items + 1) + item number, numbers into the sorted names), the position of
    its series among `previous` (whose pairs are distinct), -1 for a new series. pair_positions would
    number the new rows' codes a second time."""
    width = len(item_names) + 1
    numbers = []
    for column, names in (("unit_code", unit_names), ("item_code", item_names)):
        codes, uniques = factor(previous[column])
        numbers.append(np.append(pd.Index(names).get_indexer(uniques), -1)[codes])
    held = np.flatnonzero((numbers[0] >= 0) & (numbers[1] >= 0))
    held_keys = numbers[0][held] * width + numbers[1][held]
    size = len(unit_names) * width
    if size <= 8 * len(keys) + 4096:
        lookup = np.full(size, -1, dtype=np.int64)
        lookup[held_keys] = held
        return lookup[keys]
    found = pd.Index(held_keys).get_indexer(keys)
    return np.where(found >= 0, held[np.maximum(found, 0)], -1)


def _text_codes(values: pd.Series, order: np.ndarray, numbers: np.ndarray, names: np.ndarray) -> pd.Series:
    """The codes in `order` as plain strings (names[numbers], the dtype plain_codes gives); a column of such
    strings is taken as it is, faster than building 450,000 strings again."""
    if values.dtype == pd.StringDtype(na_value=np.nan):
        return values.take(order).reset_index(drop=True)
    return pd.Series(pd.array(names[numbers[order]], dtype="str"))


def _whole_when_all_found(values: np.ndarray) -> np.ndarray:
    """A left merge's column type: whole numbers when every row found one, else floats with NaN."""
    return values.astype(np.int64) if not np.isnan(values).any() else values


def _next_history(rows: pd.DataFrame, before: np.ndarray, held: np.ndarray, week: pd.Timestamp) -> np.ndarray:
    """The histories as of `week` (rows, before and held in the same order): the earlier weeks' uses moved
    along, this week's use last. Worked out in `held`'s own memory (a fresh 450,000 × 20 matrix cost as much
    as the moving)."""
    history = held
    history[:, 0] = rows["on_hand"].to_numpy(dtype=float)
    history[:, 1] = rows["prev_on_hand"].to_numpy(dtype=float)
    known = ~np.isnat(before)
    shift = np.full(len(before), HISTORY_WEEKS, dtype=np.int64)  # a new series: nothing to keep
    shift[known] = (np.datetime64(week) - before[known]).astype("timedelta64[ns]").view(np.int64) // _WEEK_NS
    # History column c takes the held column c + shift (the week as many weeks later), columns past the last
    # go blank. A previous row of this very week (shift 0) is being replaced: its own week's use goes, the
    # weeks before stay. Nearly every series of a province is one week on: each shift's rows move as a slice.
    later = np.flatnonzero(shift < 0)
    if len(later):
        # A previous row after `week` (outside the contract): moved as before this path, whose column index
        # counted from the end.
        source = np.arange(HISTORY_WEEKS - 1)[None, :] + shift[later, None]
        for offset in (_USE, _ADJUSTED):
            block = held[later, offset : offset + HISTORY_WEEKS]
            history[later, offset : offset + HISTORY_WEEKS - 1] = np.take_along_axis(block, source, axis=1)
    for step in range(1, HISTORY_WEEKS + 1):
        moving = np.flatnonzero(shift >= step) if step == HISTORY_WEEKS else np.flatnonzero(shift == step)
        if not len(moving):
            continue
        kept = HISTORY_WEEKS - step
        for offset in (_USE, _ADJUSTED):
            history[moving, offset : offset + kept] = history[moving, offset + step : offset + HISTORY_WEEKS]
            history[moving, offset + kept : offset + HISTORY_WEEKS - 1] = np.nan
    history[:, _USE + HISTORY_WEEKS - 1] = rows["use"].to_numpy(dtype=float)
    history[:, _ADJUSTED + HISTORY_WEEKS - 1] = rows["use_adjusted"].to_numpy(dtype=float)
    return history
