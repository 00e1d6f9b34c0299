"""The read model: which rows each figure needs, read from the store the same way for the pages and the
command line, so the screen and `cli.py status` can never disagree.

No reader takes every report row: a week's figures need the stock of that week and STOCK_WINDOW_WEEKS before
it (a figure carried from CARRY_WEEKS back has its burn from the LOOKBACK_WEEKS before its own week; one more
week derives the use of the earliest), publicity summed up to the week in SQL, and each unit's last report
week. tests/test_windowed_stock.py proves the figures equal those of the full tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.catalogue import SUPPLY
from domain.thresholds import CARRY_WEEKS, LOOKBACK_WEEKS
from store.catalogue import load_items, load_thresholds
from store.latest_status import (
    latest_status_current,
    load_last_stock_weeks,
    load_latest_stock,
    load_publicity_before,
)
from store.reports import (
    STOCK,
    last_stock_weeks,
    load_publicity,
    load_stock,
    load_stock_weeks,
    publicity_to_date,
    report_weeks,
)
from store.stock_totals import summed_weeks
from store.tables import meta
from store.tables import units as units_table
from store.tables import uploads as uploads_table
from store.tables import users as users_table
from store.units import load_units
from store.versions import data_version

# The meta row saying the demo district is loaded (its value: the demo's upload id).
DEMO_FLAG = "demo_loaded"

# Beyond this many units an IN list costs more than reading every unit and keeping some (and SQLite's
# bound-parameter limit comes near).
UNIT_FILTER_LIMIT = 900
# The trend charts show the last TREND_WEEKS weeks; their first week's derived use needs the week before.
TREND_WEEKS = 8
# A carried row's burn looks back LOOKBACK_WEEKS from its own week, up to CARRY_WEEKS before the chosen one;
# the earliest of those weeks derives its use from the week before.
STOCK_WINDOW_WEEKS = LOOKBACK_WEEKS + CARRY_WEEKS + 1
assert STOCK_WINDOW_WEEKS > TREND_WEEKS - 1, "the window is too short for the trend"


@dataclass(frozen=True)
class Frames:
    """The small tables every reader needs, as of one data version (report figures are read by week)."""

    units: pd.DataFrame
    items: pd.DataFrame
    thresholds: pd.DataFrame
    weeks: list[date]
    demo: bool


def load_frames(engine: Engine) -> Frames:
    return Frames(
        units=load_units(engine),
        items=load_items(engine),
        thresholds=load_thresholds(engine),
        weeks=report_weeks(engine),
        demo=demo_loaded(engine),
    )


def monday(day: date | str | None) -> date | None:
    if day is None:
        return None
    day = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return day - timedelta(days=day.weekday())


def chosen_week(frames: Frames, week: date | str | None) -> str | None:
    """The Monday of `week` as ISO text, or the latest week holding any report; None for an empty store."""
    if week is not None:
        return monday(week).isoformat()
    return max(frames.weeks).isoformat() if frames.weeks else None


def stock_for_week(engine: Engine, frames: Frames, week: str | None) -> pd.DataFrame:
    """The stock of `week` and the STOCK_WINDOW_WEEKS weeks before it (every week when None)."""
    if week is None:
        return load_stock(engine)
    last = date.fromisoformat(week[:10])
    first = last - timedelta(weeks=STOCK_WINDOW_WEEKS)
    return load_stock_weeks(engine, [w for w in frames.weeks if first <= w <= last])


def latest_stock_for(engine: Engine, version: int, week: str | None) -> pd.DataFrame | None:
    """The latest status of `week` (store/latest_status.py) when it is current for data version `version`
    and `week` is its week; None otherwise (then the figures come from stock_for_week, as before)."""
    if not latest_status_current(engine, version, week):
        return None
    return load_latest_stock(engine)


def publicity_for_week(
    engine: Engine, frames: Frames, week: str | None, version: int | None = None
) -> pd.DataFrame:
    """What coverage to date reads for `week`: the earlier weeks summed per unit × material in SQL (or as
    kept in the latest status, when it is current for `version` and of `week`).

    Summing first is exact only while every row is a base row (a parent's own row counts only for a week
    none of its units reported). When a parent unit sent rows of its own, every week is read.
    """
    if week is None:
        return load_publicity(engine)
    day = date.fromisoformat(week[:10])
    if version is not None and latest_status_current(engine, version, week):
        own_week = load_publicity(engine, weeks_from=day, weeks_to=day)
        summed = pd.concat([load_publicity_before(engine)[own_week.columns], own_week], ignore_index=True)
    else:
        summed = publicity_to_date(engine, day)
    if summed["unit_code"].isin(set(frames.units["parent_code"].dropna())).any():
        return load_publicity(engine)
    return summed


def report_weeks_for(engine: Engine, frames: Frames, stock_window: pd.DataFrame, week: str) -> pd.DataFrame:
    """(unit_code, week) of stock rows that reporting reads for `week`: the window, plus each unit silent
    through the window's last week with a row before it (for "last reported in week N")."""
    window = stock_window[["unit_code", "week"]]
    silent = sorted(set(frames.units["code"]) - set(window["unit_code"].unique()))
    if not silent:
        return window
    start = date.fromisoformat(week[:10]) - timedelta(weeks=STOCK_WINDOW_WEEKS)
    return pd.concat([window, last_stock_weeks(engine, start, silent)], ignore_index=True)


def report_weeks_latest(engine: Engine) -> pd.DataFrame:
    """report_weeks_for of the latest status's week: each unit's last stock week, as kept (all that
    reporting reads of the stock rows: the last report week of each unit up to the week)."""
    return load_last_stock_weeks(engine)


def stock_for_trend(
    engine: Engine, frames: Frames, week: str, item_codes: list[str], unit_codes: list[str] | None = None
) -> pd.DataFrame:
    """The stock rows the trend of `item_codes` reads for `week`: its TREND_WEEKS weeks, and the one before
    (the first week's derived use), a week at a time (load_stock_weeks); of `unit_codes` only when given and
    few (a town's subtree: its rows found by key, not the province's read and filtered)."""
    last = date.fromisoformat(week[:10])
    first = last - timedelta(weeks=TREND_WEEKS)
    few = unit_codes is not None and len(unit_codes) <= UNIT_FILTER_LIMIT
    weeks = [w for w in frames.weeks if first <= w <= last]
    # The trend sums on hand and use; days out only adjusts use for the burn rate, so it is not read.
    measures = [m for m in STOCK.measures if m != "days_out"]
    return load_stock_weeks(engine, weeks, item_codes, sorted(unit_codes) if few else None, measures)


def region_trend(engine: Engine, frames: Frames, week: str, item_code: str) -> pd.DataFrame | None:
    """The trend of one supply item over the TREND_WEEKS weeks up to `week` for the whole unit list, summed by
    the database (store/stock_totals.py), in the shape of metrics.stock_trend; None when it takes the rows
    (stock_for_trend): a use to derive, a parent's own row, or an item that is not a supply."""
    supplies = frames.items.loc[frames.items["category"] == SUPPLY, "code"].astype(str)
    if item_code not in set(supplies):
        return None
    last = date.fromisoformat(week[:10])
    first = last - timedelta(weeks=TREND_WEEKS - 1)
    weeks = [w for w in frames.weeks if first <= w <= last]
    totals = summed_weeks(engine, item_code, weeks) if weeks else None
    if totals is None:
        return None
    totals.insert(1, "item", pd.Series(item_code, index=totals.index, dtype=str))
    return totals


def recent_weeks(frame: pd.DataFrame, week: str, n: int) -> pd.DataFrame:
    """Rows of `frame` (ISO `week` column) in the `n` weeks ending with `week`."""
    last = date.fromisoformat(week[:10])
    first = (last - timedelta(weeks=n - 1)).isoformat()
    return frame[(frame["week"] >= first) & (frame["week"] <= last.isoformat())].reset_index(drop=True)


def never_held_data(engine: Engine) -> bool:
    """No units, no uploads, and no write ever (a cleared demo bumped the version: do not refill it)."""
    with engine.connect() as conn:
        has_units = conn.execute(select(func.count()).select_from(units_table)).scalar()
        has_uploads = conn.execute(select(func.count()).select_from(uploads_table)).scalar()
    return not has_units and not has_uploads and data_version(engine) == 0


def demo_loaded(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(meta.c.value).where(meta.c.key == DEMO_FLAG)).scalar() is not None


def open_state(engine: Engine) -> str:
    """ "open" (no account, only demo data or none), "first_run" (no account, real data) or "closed"."""
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(users_table)).scalar_one():
            return "closed"
        flag = conn.execute(select(meta.c.value).where(meta.c.key == DEMO_FLAG)).scalar()
        real_uploads = select(func.count()).select_from(uploads_table)
        if flag is not None:
            real_uploads = real_uploads.where(uploads_table.c.id != int(flag))
        if conn.execute(real_uploads).scalar_one():
            return "first_run"
        if flag is None and conn.execute(select(func.count()).select_from(units_table)).scalar_one():
            return "first_run"  # a real unit list, imported before any account
    return "open"
