"""Weekly use per unit × item, and the daily burn rate over the last weeks that have data.

Rules (domain.md, "Formulas"):
- use = reported `used`; when blank, derived when reading (domain/stock_rules.py, the one formula) =
  opening + received − on_hand, where opening is the reported opening stock or else last week's on_hand
  (only when that report is exactly the week before). A blank `received` counts as 0. A negative derived
  value is a data-quality problem: it is flagged and the use stays unknown. Nothing derived is stored, so a
  corrected week flows into the next one's use.
- stock-out adjustment: with X days out of stock, adjusted use = use × 7 / (7 − X); X ≥ 7 → unknown.
- burn rate = mean of the adjusted weekly use ÷ 7 over the last `burn_weeks` weeks that have a usable use,
  looked for within the LOOKBACK_WEEKS weeks up to and including the chosen week. Fewer than `burn_weeks`
  such weeks → no burn rate from use (CDC's calculator needs at least 2 observations; with the default 2 a
  single week of history is not enough).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.stock_rules import derived_use
from domain.thresholds import LOOKBACK_WEEKS
from metrics.codes import allowed, factor, sorted_factor, unit_codes

WEEK = pd.Timedelta(days=7)


def window_weeks(burn_weeks: int) -> int:
    """How many weeks before the chosen one a status needs (plus the chosen week itself)."""
    return max(LOOKBACK_WEEKS, int(burn_weeks))


def stock_window(
    stock: pd.DataFrame, week: pd.Timestamp, weeks_before: int, codes=None, items=None
) -> pd.DataFrame:
    """Stock rows from `weeks_before` weeks before `week` up to `week`, unit and item codes as categoricals
    whose categories (strings) are sorted, so integer codes order rows as the strings would.

    Filters by week first, so a province's 12 million rows are touched once by a cheap date comparison, and
    never turns the two million rows of the window into strings (`plain_codes` does that for the few that
    leave the module).
    """
    weeks = stock["week"].to_numpy()
    keep = (weeks <= np.datetime64(week)) & (weeks >= np.datetime64(week - weeks_before * WEEK))
    # Unit and item filters before the copy: each (unit, item) series is worked out on its own, so dropping
    # whole series here changes nothing but the size of the window.
    for column, wanted in (("unit_code", codes), ("item_code", items)):
        if wanted is not None:
            found, uniques = unit_codes(stock[column])
            keep &= allowed(uniques, set(wanted))[found]
    rows = stock.loc[keep].reset_index(drop=True)
    for column in ("unit_code", "item_code"):
        ranks, uniques = sorted_factor(rows[column])
        rows[column] = pd.Categorical.from_codes(ranks, categories=pd.Index(uniques, dtype="str"))
    return rows


def plain_codes(rows: pd.DataFrame, columns=("unit_code", "item_code")) -> pd.DataFrame:
    """`rows` with categorical code columns turned into plain strings (the dtype the rest of metrics uses)."""
    out = rows.copy(deep=False)
    for column in columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            codes, uniques = factor(out[column])
            values = np.append(uniques, None)[codes]
            out[column] = pd.array(values, dtype="str")
    return out


def series_order(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(row order by unit, item, week; and those three keys as integers in that order).

    The same order as a stable sort_values on the strings, missing codes and weeks last, without hashing
    or comparing strings row by row.
    """
    unit, units = sorted_factor(rows["unit_code"])
    item, items = sorted_factor(rows["item_code"])
    unit = np.where(unit < 0, len(units), unit)
    item = np.where(item < 0, len(items), item)
    week = rows["week"].to_numpy(dtype="datetime64[ns]")
    week_key = np.where(np.isnat(week), np.iinfo(np.int64).max, week.view(np.int64))
    # One int64 key and one stable argsort (fast on rows already in order) instead of a three-key lexsort;
    # weeks enter as their rank among the few distinct ones, so the key stays far from overflowing.
    found, distinct = pd.factorize(week_key)
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[np.argsort(distinct)] = np.arange(len(distinct))
    key = (unit * (len(items) + 1) + item) * (len(distinct) + 1) + rank[found]
    order = np.argsort(key, kind="stable")
    return order, unit[order], item[order], week_key[order]


def weekly_use(stock: pd.DataFrame) -> pd.DataFrame:
    """Stock rows with the week's use worked out.

    Adds: prev_on_hand (last week's closing when that week reported), available (opening or prev_on_hand),
    use (reported or derived; NaN when unknown), derived (bool), negative_use (derived < 0),
    use_adjusted (stock-out adjusted; NaN when days_out ≥ 7).
    """
    order, unit, item, week = series_order(stock)
    rows = stock.take(order).reset_index(drop=True)
    same = np.zeros(len(rows), dtype=bool)
    known = week[1:] != np.iinfo(np.int64).max
    same[1:] = (
        (unit[1:] == unit[:-1]) & (item[1:] == item[:-1]) & known & (week[1:] - week[:-1] == WEEK.value)
    )
    unit_known = rows["unit_code"].notna().to_numpy() & rows["item_code"].notna().to_numpy()
    same &= unit_known  # a missing code is never the same series as the row before
    prev_on_hand = rows["on_hand"].shift().where(same)
    available = rows["opening"].where(rows["opening"].notna(), prev_on_hand)
    derived = derived_use(available, rows["received"], rows["on_hand"])
    reported = rows["used"].notna()
    negative = ~reported & (derived < 0)
    use = rows["used"].where(reported, derived.where(~negative))

    days_out = rows["days_out"].fillna(0.0).clip(lower=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(days_out < 7, 7.0 / (7.0 - days_out.clip(upper=6.999)), np.nan)
    return rows.assign(
        prev_on_hand=prev_on_hand,
        available=available,
        use=use,
        derived=~reported & use.notna(),
        negative_use=negative,
        use_adjusted=use * scale,
    )


def burn_rates(use_rows: pd.DataFrame, week: pd.Timestamp, burn_weeks: int) -> pd.DataFrame:
    """Daily burn rate from use per (unit_code, item_code): columns burn_use, use_weeks.

    burn_use is NaN when fewer than `burn_weeks` weeks up to `week` have a usable use.
    """
    weeks = use_rows["week"].to_numpy(dtype="datetime64[ns]")
    adjusted = use_rows["use_adjusted"].to_numpy(dtype=float)
    unit, units = sorted_factor(use_rows["unit_code"])
    item, items = sorted_factor(use_rows["item_code"])
    # The weeks week − lookback … week: the window a caller read may reach further back (for carried rows).
    earliest = np.datetime64(week - window_weeks(burn_weeks) * WEEK)
    in_reach = (weeks <= np.datetime64(week)) & (weeks >= earliest)
    usable = np.flatnonzero(in_reach & ~np.isnan(adjusted) & (unit >= 0) & (item >= 0))
    group = unit[usable] * (len(items) + 1) + item[usable]
    # Latest week first inside each unit × item (ties in row order), as the mean below adds them up.
    order = np.lexsort((-weeks[usable].view(np.int64), group))
    group, values = group[order], adjusted[usable][order]
    starts = np.r_[True, group[1:] != group[:-1]] if len(group) else np.zeros(0, dtype=bool)
    first = np.maximum.accumulate(np.where(starts, np.arange(len(group)), 0))
    recent = np.arange(len(group)) - first < burn_weeks
    grouped = pd.Series(values[recent]).groupby(group[recent], sort=False)
    rates = pd.DataFrame({"weekly": grouped.mean(), "use_weeks": grouped.size()})
    keys = rates.index.to_numpy()
    rates = rates.reset_index(drop=True)
    rates.insert(0, "item_code", pd.array(np.append(items, None)[keys % (len(items) + 1)], dtype="str"))
    rates.insert(0, "unit_code", pd.array(np.append(units, None)[keys // (len(items) + 1)], dtype="str"))
    rates["burn_use"] = (rates["weekly"] / 7.0).where(rates["use_weeks"] >= burn_weeks)
    return rates[["unit_code", "item_code", "burn_use", "use_weeks"]]


def earlier_use_stats(use_rows: pd.DataFrame, week: pd.Timestamp) -> pd.DataFrame:
    """unit_code, item_code (strings), median, count: the known use of the LOOKBACK_WEEKS weeks before `week`
    per unit × item, what the use-spike check compares a week's use with (metrics/quality_alerts.py)."""
    earlier = use_rows.loc[
        (use_rows["week"] < week)
        & (use_rows["week"] >= week - LOOKBACK_WEEKS * WEEK)
        & use_rows["use"].notna(),
        ["unit_code", "item_code", "use"],
    ]
    stats = earlier.groupby(["unit_code", "item_code"], observed=True)["use"].agg(["median", "count"])
    return plain_codes(stats.reset_index())
