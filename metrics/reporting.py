"""Who reported each week, who is expected to, and who is missing.

Rules decided here:
- Expected for a week: the active units in the subtree that have no children (villages, schools, ... the
  units that fill in sheets), plus any other active unit from the first week it reported on (a town that
  sends its own sheet is expected from then on).
- Reported: the unit has at least one stock or publicity row that week; a report of zeros counts (零报告).
- days_since: days from the end (Sunday) of the last week the unit reported to the end of the chosen week,
  i.e. 7 × weeks missed; None when the unit never reported. weeks_since is the same in weeks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.codes import allowed, distinct, isin, run_starts, sorted_counts, sorted_distinct, unit_codes
from metrics.supply_status import resolve_week
from metrics.tree import ancestor_pairs, inside_codes, leaf_mask, unit_table, unit_tree

DAY = 86_400 * 10**9  # nanoseconds
DAY_SPAN = 1_000_000  # a unit × week key: unit × DAY_SPAN + the week's day number (days since 1970)


def _report_pairs(stock, publicity) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit, day, names): each distinct unit × week with a stock or publicity row, sorted by unit then week;
    the unit a position in `names`, the week a day number. Integer keys throughout: a province's 1.4 million
    pairs as strings, hashed and deduplicated, were most of the rate by week's 0.6–0.8 s."""
    names: dict[str, int] = {}
    keys = []
    for frame in (stock, publicity):
        if frame is None or not len(frame):
            continue
        codes, uniques = unit_codes(frame["unit_code"])
        # Each frame's codes onto one numbering shared by both; code -1 (no unit) takes the trailing -1.
        shared = np.array([names.setdefault(u, len(names)) for u in uniques.tolist()] + [-1], dtype=np.int64)
        unit = shared[codes]
        weeks = frame["week"].to_numpy(dtype="datetime64[ns]")
        keep = (unit >= 0) & ~np.isnat(weeks)
        days = weeks[keep].astype("datetime64[D]").astype(np.int64)
        keys.append(unit[keep] * DAY_SPAN + days)
    key = sorted_distinct(np.concatenate(keys)) if keys else np.empty(0, dtype=np.int64)
    return key // DAY_SPAN, key % DAY_SPAN, np.array(list(names), dtype=object)


def _scope(table: pd.DataFrame, unit_code, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    if unit_code is None:
        return table[table["active"]]
    pairs = ancestor_pairs(table) if pairs is None else pairs
    inside = inside_codes(pairs, unit_code)
    return table[isin(table["code"], inside) & table["active"]]


def _last_report(stock, publicity, upto: pd.Timestamp) -> pd.Series:
    """The day (Monday) of each unit's last stock or publicity row up to `upto`, indexed by unit code.

    One pass of integer work per frame: np.maximum.at over the unit codes (categorical codes as they come),
    no copy of the ten million rows and no string hashed per row.
    """
    limit = np.datetime64(upto, "ns").astype(np.int64)
    found = []
    for frame in (stock, publicity):
        if frame is None or not len(frame):
            continue
        codes, uniques = unit_codes(frame["unit_code"])
        weeks = frame["week"].to_numpy(dtype="datetime64[ns]").view(np.int64)
        # NaT is the smallest int64, so it never passes as a report; code -1 (no unit) lands in the spare slot.
        last = np.full(len(uniques) + 1, np.iinfo(np.int64).min)
        np.maximum.at(last, codes, np.where(weeks <= limit, weeks, np.iinfo(np.int64).min))
        seen = last[:-1] > np.iinfo(np.int64).min
        days = last[:-1][seen] // DAY * DAY
        found.append(pd.Series(days.astype("datetime64[ns]"), index=pd.Index(uniques[seen], dtype=object)))
    if not found:
        return pd.Series(dtype="datetime64[ns]")
    both = pd.concat(found)
    return both.groupby(level=0, sort=False).max()


def last_reports(stock, publicity, *, week) -> pd.Series:
    """The day (Monday) of each unit's last stock or publicity row up to `week` (any day of it), indexed by
    unit code, for every unit in the frames: what reporting_summary and expected_units read of them, worked out
    once for all the units a caller asks about (a province's: 30 ms for each town viewed)."""
    week = resolve_week(stock, publicity, week=week)
    return pd.Series(dtype="datetime64[ns]") if week is None else _last_report(stock, publicity, week)


def reporting_summary(units, stock, publicity, *, week=None, unit_code=None, tree=None, last=None) -> dict:
    """{"week", "expected", "reported", "rate_pct", "missing": [{"unit_code", "unit", "last_report_week",
    "days_since", "weeks_since"}]} for one week (latest with data when None).

    tree: unit_tree(units) (metrics/tree.py) when the caller holds it, so it is not worked out again; last:
    last_reports(stock, publicity, week=week) likewise.
    """
    week = resolve_week(stock, publicity, week=week)
    table, pairs = unit_tree(units) if tree is None else tree
    scope = _scope(table, unit_code, pairs)
    if week is None:
        return {"week": None, "expected": 0, "reported": 0, "rate_pct": None, "missing": []}
    last = _last_report(stock, publicity, week) if last is None else last
    last = last[isin(last.index.to_series(), distinct(scope["code"])).to_numpy()]
    expected = scope[scope["is_leaf"] | isin(scope["code"], distinct(last.index))]
    reported = distinct(last.index[last.to_numpy() == np.datetime64(week, "ns")])
    missing = []
    for row in expected[~isin(expected["code"], reported)].itertuples():
        last_week = last.get(row.code)
        weeks_since = None if last_week is None else int((week - last_week).days // 7)
        missing.append(
            {
                "unit_code": row.code,
                "unit": row.name,
                "last_report_week": None if last_week is None else last_week.date().isoformat(),
                "days_since": None if weeks_since is None else 7 * weeks_since,
                "weeks_since": weeks_since,
            }
        )
    n_expected, n_reported = len(expected), len(expected) - len(missing)
    return {
        "week": week.date().isoformat(),
        "expected": n_expected,
        "reported": n_reported,
        # Exact: the one formatter cuts it for display (79.96 % reads 79 %, never 80 %).
        "rate_pct": 100.0 * n_reported / n_expected if n_expected else None,
        "missing": missing,
    }


def expected_units(units, stock, publicity, *, week, unit_code=None, tree=None, last=None) -> pd.DataFrame:
    """code, name, level of the units expected to report `week` (the rule above, as reporting_summary
    counts them), for the timeliness of each (metrics/timeliness.py). tree, last: as reporting_summary's."""
    week = resolve_week(stock, publicity, week=week)
    table, pairs = unit_tree(units) if tree is None else tree
    scope = _scope(table, unit_code, pairs)
    last = _last_report(stock, publicity, week) if last is None else last
    last = last[isin(last.index.to_series(), distinct(scope["code"])).to_numpy()]
    expected = scope[scope["is_leaf"] | isin(scope["code"], set(last.index))]
    return expected[["code", "name", "level"]].reset_index(drop=True)


def reporting_by_week(units, stock, publicity, *, unit_code=None) -> pd.DataFrame:
    """week (ISO Monday), expected, reported, rate_pct for every week that has any data in scope."""
    table = unit_table(units)
    table["is_leaf"] = leaf_mask(units).to_numpy()
    scope = _scope(table, unit_code)
    unit, day, names = _report_pairs(stock, publicity)
    keep = allowed(names, distinct(scope["code"]))[unit]
    unit, day = unit[keep], day[keep]
    columns = ["week", "expected", "reported", "rate_pct"]
    if not len(unit):
        return pd.DataFrame(columns=columns)
    weeks, reported = sorted_counts(day)
    leaves = int(scope["is_leaf"].sum())
    # Sorted by unit then week: each unit's first week is where its run of pairs starts.
    starts = run_starts(unit)
    leaf = allowed(names, distinct(scope.loc[scope["is_leaf"], "code"]))
    late_starters = np.sort(day[starts][~leaf[unit[starts]]])
    expected = leaves + np.searchsorted(late_starters, weeks, side="right")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(expected > 0, 100.0 * reported / np.maximum(expected, 1), np.nan)
    mondays = weeks.astype("datetime64[D]").astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "week": pd.DatetimeIndex(mondays).strftime("%Y-%m-%d"),
            "expected": expected.astype("int64"),
            "reported": reported.astype("int64"),
            "rate_pct": rate,
        }
    )
