"""next_latest_rows on dense arrays (metrics/latest_history.py, metrics/dense_use.py) gives the very rows, column
types, row order and histories of the former path, which handed the window functions of metrics/usage.py
(weekly_use, burn_rates, earlier_use_stats) the rows the full window would have given them.

That former path is kept here, and only here, as the reference (`reference_next_latest_rows`, the body of
metrics/latest_history.py at 2de6f8b). Seeded inputs mix every case the onward path meets: new series, a
previous row of last week, of this very week (being replaced) and of 2–12 weeks ago, blank closings, reported
and derived use, negative derived use, days out 0/2/3.5/7/9, opening given, blanks and infinities in the
histories, codes as str, object and categorical columns, burn over 1, 2, 3 and 5 weeks. One case by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from domain.frames import STOCK_COLUMNS
from domain.thresholds import LOOKBACK_WEEKS
from metrics.codes import pair_positions
from metrics.latest_history import _ADJUSTED, _USE, _WEEK_NS, HISTORY_WEEKS, HISTORY_WIDTH, next_latest_rows
from metrics.latest_rows import LATEST_COLUMNS, empty_latest_rows
from metrics.usage import WEEK, burn_rates, earlier_use_stats, plain_codes, stock_window, weekly_use


def reference_next_latest_rows(
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
    earlier = _reference_aligned(new_rows, previous, history)
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
    earlier = _reference_aligned(used, previous, history)
    before, held = earlier["week"].to_numpy(dtype="datetime64[ns]"), earlier["history"]
    use_rows = _reference_use_rows(used, before, held, week)
    keys = ["unit_code", "item_code", "week"]
    rates = burn_rates(use_rows, week, burn_weeks).assign(week=week)
    stats = earlier_use_stats(use_rows, week).assign(week=week)
    rows = used.merge(rates, on=keys, how="left").merge(stats, on=keys, how="left")
    rows = rows[LATEST_COLUMNS]
    return rows, _reference_next_history(rows, before, held, week)


def _reference_aligned(new_rows: pd.DataFrame, previous: pd.DataFrame, history: np.ndarray) -> dict:
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


def _reference_use_rows(
    used: pd.DataFrame, before: np.ndarray, held: np.ndarray, week: pd.Timestamp
) -> pd.DataFrame:
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


def _reference_next_history(
    rows: pd.DataFrame, before: np.ndarray, held: np.ndarray, week: pd.Timestamp
) -> np.ndarray:
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


WEEK_OF = pd.Timestamp("2020-03-16")
ITEMS = ["mask_surgical", "gloves", "alcohol", "n95", "gown"]


def _generated(seed: int, *, all_known: bool = False, codes: str = "str"):
    """(new_rows, previous, history) of a district with every case mixed, in a seeded random order."""
    rng = np.random.default_rng(seed)
    units = [
        f"{name}{n}" for n in range(int(rng.integers(20, 60))) for name in rng.choice(["V", "村", "T"], 1)
    ]
    pairs = [(u, i) for u in units for i in ITEMS]
    rng.shuffle(pairs)
    kept = [p for p in pairs if rng.random() < 0.8]
    fresh = kept[: int(len(kept) * 0.75)]  # series with a row this week; the others only held
    # The previous row's week: none, last week, this week, or 2–12 weeks ago.
    if all_known:
        ago = np.ones(len(kept), dtype=np.int64)
    else:
        ago = rng.choice([-1, 1, 1, 1, 0, 2, 3, 5, 8, 9, 12], len(kept))
    # A held series without a row this week is held as of some earlier week.
    now = set(fresh)
    held = [(p, a if a >= 0 else 3) for p, a in zip(kept, ago, strict=True) if a >= 0 or p not in now]
    previous = pd.DataFrame(
        {
            "unit_code": [p[0] for p, _ in held],
            "item_code": [p[1] for p, _ in held],
            "week": [WEEK_OF - a * WEEK for _, a in held],
        }
    ).astype({"week": "datetime64[ns]", "unit_code": "str", "item_code": "str"})

    def values(size, blank, low, high):
        drawn = rng.integers(low, high, size).astype(float)  # whole numbers, so medians meet ties
        drawn = np.where(rng.random(size) < 0.3, drawn + rng.random(size).round(3), drawn)
        return np.where(rng.random(size) < blank, np.nan, drawn)

    size = len(held)
    history = np.full((size, HISTORY_WIDTH), np.nan)
    history[:, 0] = values(size, 0.0 if all_known else 0.15, 0, 200)
    history[:, 1] = values(size, 0.0 if all_known else 0.2, 0, 200)
    uses = values((size, HISTORY_WEEKS), 0.0 if all_known else 0.3, 0, 40)
    scale = rng.choice([1.0, 1.0, 2.0, 7.0 / 6.0, np.nan], (size, HISTORY_WEEKS))
    history[:, _USE : _USE + HISTORY_WEEKS] = uses
    history[:, _ADJUSTED : _ADJUSTED + HISTORY_WEEKS] = uses * (1.0 if all_known else scale)
    if not all_known:
        # Blanks and infinities a history could hold: an adjusted use without its use, an infinite use.
        odd = rng.random((size, HISTORY_WEEKS))
        history[:, _ADJUSTED : _ADJUSTED + HISTORY_WEEKS][odd < 0.03] = rng.integers(1, 30)
        history[:, _USE : _USE + HISTORY_WEEKS][odd > 0.99] = np.inf
        history[:, _ADJUSTED : _ADJUSTED + HISTORY_WEEKS][odd > 0.99] = np.inf

    count = len(fresh)
    new_rows = pd.DataFrame(
        {
            "unit_code": [p[0] for p in fresh],
            "week": WEEK_OF,
            "item_code": [p[1] for p in fresh],
            "on_hand": values(count, 0.0 if all_known else 0.15, 0, 220),
            "received": values(count, 0.4, 0, 100),
            "used": values(count, 1.0 if all_known else 0.7, 0, 80),
            "days_out": rng.choice([np.nan, 0.0, 0.0, 2.0, 3.5, 7.0, 9.0], count) if not all_known else 0.0,
            "opening": values(count, 1.0 if all_known else 0.8, 0, 200),
        },
        columns=STOCK_COLUMNS,
    ).astype({"week": "datetime64[ns]"})
    if codes == "str":
        new_rows = new_rows.astype({"unit_code": "str", "item_code": "str"})
    elif codes == "category":
        new_rows = new_rows.astype({"unit_code": "category", "item_code": "category"})
        previous = previous.astype({"unit_code": object, "item_code": object})
    return new_rows, previous, history


def _assert_same(new_rows, previous, history, burn_weeks=2):
    expected, expected_history = reference_next_latest_rows(
        new_rows, previous, history, WEEK_OF, burn_weeks=burn_weeks
    )
    rows, moved = next_latest_rows(new_rows, previous, history, WEEK_OF, burn_weeks=burn_weeks)
    pd.testing.assert_frame_equal(rows, expected, check_dtype=True, check_exact=True)
    np.testing.assert_array_equal(moved, expected_history)
    return rows


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("burn_weeks", [1, 2, 3, 5])
def test_generated_weeks_give_the_rows_and_histories_of_the_reference(seed, burn_weeks):
    codes = ["str", "object", "category"][seed % 3]
    new_rows, previous, history = _generated(seed, codes=codes)
    rows = _assert_same(new_rows, previous, history, burn_weeks)
    where = pair_positions(previous["unit_code"], previous["item_code"], rows["unit_code"], rows["item_code"])
    ago = ((WEEK_OF - previous["week"].iloc[where[where >= 0]]) // WEEK).to_numpy()
    assert (where < 0).any() and {0, 1, 2, 12} <= set(ago.tolist())
    # The mix really holds every case (not the figures, which the reference decides).
    assert rows["negative_use"].any() and rows["derived"].any() and rows["used"].notna().any()
    assert rows["prev_on_hand"].isna().any() and rows["use_weeks"].dtype == "float64"
    assert (rows["use_adjusted"].isna() & rows["use"].notna()).any()  # 7 or more days out


def test_every_series_known_keeps_whole_counts_as_the_merge_did():
    new_rows, previous, history = _generated(100, all_known=True)
    rows = _assert_same(new_rows, previous, history)
    assert rows["use_weeks"].dtype == "int64" and rows["count"].dtype == "int64"


def test_only_new_series_and_no_rows():
    new_rows, _, _ = _generated(7)
    nobody = pd.DataFrame({"unit_code": [], "item_code": [], "week": []}).astype(
        {"unit_code": "str", "item_code": "str", "week": "datetime64[ns]"}
    )
    rows = _assert_same(new_rows, nobody, np.zeros((0, HISTORY_WIDTH)))
    assert rows["burn_use"].isna().all() and rows["count"].isna().all()
    rows, moved = next_latest_rows(new_rows.iloc[0:0], nobody, np.zeros((0, HISTORY_WIDTH)), WEEK_OF)
    pd.testing.assert_frame_equal(rows, empty_latest_rows())
    assert moved.shape == (0, HISTORY_WIDTH)


def test_rows_the_store_never_hands_over_are_refused():
    new_rows, previous, history = _generated(3)
    twice = pd.concat([new_rows, new_rows.iloc[:1]], ignore_index=True)
    with pytest.raises(ValueError, match="a unit × item twice in one week"):
        next_latest_rows(twice, previous, history, WEEK_OF)
    nameless = new_rows.assign(item_code=new_rows["item_code"].where(new_rows.index != 2))
    with pytest.raises(ValueError, match="a stock row without a unit or item code"):
        next_latest_rows(nameless, previous, history, WEEK_OF)
    earlier = new_rows.assign(week=new_rows["week"].where(new_rows.index > 0, WEEK_OF - WEEK))
    with pytest.raises(ValueError, match="a stock row not of 2020-03-16"):
        next_latest_rows(earlier, previous, history, WEEK_OF)


def test_four_series_by_hand():
    nan = np.nan
    w = WEEK_OF
    previous = pd.DataFrame(
        {
            "unit_code": ["V", "A", "A"],
            "item_code": ["mask_surgical", "mask_surgical", "gloves"],
            "week": [w - WEEK, w, w - 3 * WEEK],
        }
    ).astype({"unit_code": "str", "item_code": "str", "week": "datetime64[ns]"})
    history = np.full((3, HISTORY_WIDTH), nan)
    # History column c holds the week 8 − c weeks before the previous row's.
    # V masks, held as of last week (w−1): closing 100; use of w−1 30, of w−2 20 (adjusted 40, days out),
    # of w−8 10, of w−9 50 (beyond the 8 weeks before w).
    history[0, :2] = [100, 130]
    history[0, [_USE + 8, _USE + 7, _USE + 1, _USE + 0]] = [30, 20, 10, 50]
    history[0, [_ADJUSTED + 8, _ADJUSTED + 7, _ADJUSTED + 1, _ADJUSTED + 0]] = [30, 40, 10, 50]
    # A masks, held as of this very week (being replaced): closing 60 after last week's 90; use of w 99
    # (replaced), of w−1 25.
    history[1, :2] = [60, 90]
    history[1, [_USE + 8, _USE + 7]] = [99, 25]
    history[1, [_ADJUSTED + 8, _ADJUSTED + 7]] = [99, 25]
    # A gloves, held as of w−3: closing 12; use of w−3 6, of w−4 8, of w−11 9 (too early).
    history[2, :2] = [12, nan]
    history[2, [_USE + 8, _USE + 7, _USE + 0]] = [6, 8, 9]
    history[2, [_ADJUSTED + 8, _ADJUSTED + 7, _ADJUSTED + 0]] = [6, 8, 9]
    new_rows = pd.DataFrame(
        {
            "unit_code": ["V", "W", "A", "A"],
            "week": w,
            "item_code": ["mask_surgical", "gloves", "mask_surgical", "gloves"],
            "on_hand": [70.0, 50.0, 95.0, 30.0],
            "received": [10.0, 20.0, nan, 5.0],
            "used": [nan, 5.0, nan, nan],
            "days_out": [3.5, 7.0, nan, 0.0],
            "opening": [nan, nan, nan, 40.0],
        }
    ).astype({"unit_code": "str", "item_code": "str", "week": "datetime64[ns]"})

    rows, moved = next_latest_rows(new_rows, previous, history, w)

    # Rows by unit, then item: A gloves, A masks, V masks, W gloves.
    # A gloves: last week has no row (held as of w−3), opening 40 given: use 40 + 5 − 30 = 15, adjusted 15;
    #   burn (15 + 6) / 2 / 7 = 1.5 over 2 weeks; earlier use in w−8 … w−1: 6 and 8, median (6 + 8) / 2 = 7.
    # A masks: last week's closing 90 (the replaced row's prev_on_hand): 90 + 0 − 95 = −5, negative, no use;
    #   burn: only w−1's 25, 1 week, no burn; earlier use: 25 alone (w's own 99 is not before w).
    # V masks: last week's closing 100: 100 + 10 − 70 = 40 derived, adjusted 40 × 7 / (7 − 3.5) = 80;
    #   burn (80 + 30) / 2 / 7 = 55 / 7; earlier use 30, 20, 10 (not w−9's 50): median 20 of 3.
    # W gloves: new, 5 reported, 7 days out: adjusted unknown; no burn, no earlier use.
    expected = pd.DataFrame(
        {
            "unit_code": ["A", "A", "V", "W"],
            "week": w,
            "item_code": ["gloves", "mask_surgical", "mask_surgical", "gloves"],
            "on_hand": [30.0, 95.0, 70.0, 50.0],
            "received": [5.0, nan, 10.0, 20.0],
            "used": [nan, nan, nan, 5.0],
            "days_out": [0.0, nan, 3.5, 7.0],
            "opening": [40.0, nan, nan, nan],
            "prev_on_hand": [nan, 90.0, 100.0, nan],
            "available": [40.0, 90.0, 100.0, nan],
            "use": [15.0, nan, 40.0, 5.0],
            "derived": [True, False, True, False],
            "negative_use": [False, True, False, False],
            "use_adjusted": [15.0, nan, 80.0, nan],
            "burn_use": [1.5, nan, 55 / 7, nan],
            "use_weeks": [2.0, 1.0, 2.0, nan],
            "median": [7.0, 25.0, 20.0, nan],
            "count": [2.0, 1.0, 3.0, nan],
        },
        columns=LATEST_COLUMNS,
    ).astype({"unit_code": "str", "item_code": "str", "week": "datetime64[ns]"})
    pd.testing.assert_frame_equal(rows, expected, check_dtype=True, check_exact=True)

    # Histories moved on: closings, then each week's use (and adjusted use) as many columns earlier as the
    # previous row is weeks before w, this week's last. A masks: the replaced w's 99 goes, w−1's 25 stays.
    want = np.full((4, HISTORY_WIDTH), nan)
    want[:, :2] = [[30, nan], [95, 90], [70, 100], [50, nan]]
    for row, uses, adjusted in (
        (0, {4: 8, 5: 6, 8: 15}, {4: 8, 5: 6, 8: 15}),
        (1, {7: 25}, {7: 25}),
        (2, {0: 10, 6: 20, 7: 30, 8: 40}, {0: 10, 6: 40, 7: 30, 8: 80}),
        (3, {8: 5}, {}),
    ):
        for column, value in uses.items():
            want[row, _USE + column] = value
        for column, value in adjusted.items():
            want[row, _ADJUSTED + column] = value
    np.testing.assert_array_equal(moved, want)
    _assert_same(new_rows, previous, history)


def test_previous_rows_after_the_week_as_the_reference():
    # Outside the contract (the week is the latest), yet the same rows as before.
    new_rows, previous, history = _generated(21)
    later = previous.index % 7 == 0
    previous.loc[later, "week"] = WEEK_OF + (previous.index[later] % 3 + 1) * WEEK
    _assert_same(new_rows, previous, history)
