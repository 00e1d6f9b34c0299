"""The database connection and every query and computation the pages show, cached at the UI edge.

The engine is cached per process (st.cache_resource). Results are cached with st.cache_data keyed on the
database URL and its data version: every write bumps the version (store.versions), so an upload made in
another browser session, or by another server process sharing the database, changes the key and the next
run recomputes. The wrapped store/metrics functions stay plain and testable on their own (style.md #7).

No page reads every report row: the stock of the chosen week and the few before it, publicity summed up to
the chosen week in SQL, each unit's last report week; every week only where a chart shows every week
(publicity by week, reporting by week). tests/test_windowed_stock.py holds them equal to the full frames.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

import metrics
from access.errors import AccessError
from access.rights import Principal, visible_units, writable_units
from demo.district import demo_loaded, load_demo
from domain.catalogue import PUBLICITY
from metrics.supply_status import SupplySnapshot, status_frame
from metrics.supply_status import supply_snapshot as metrics_supply_snapshot
from metrics.usage import LOOKBACK_WEEKS, window_weeks
from store import DEFAULT_DB_URL, database_url, ensure_schema, open_engine
from store.accounts import ensure_first_admin
from store.catalogue import load_items, load_thresholds
from store.reports import (
    last_stock_weeks,
    load_publicity,
    load_stock,
    load_stock_weeks,
    publicity_to_date,
    report_pairs,
    report_weeks,
)
from store.schema import units as units_table
from store.schema import uploads as uploads_table
from store.units import load_units
from store.uploads import list_uploads
from store.versions import data_version

CACHE_ENTRIES = 64


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    engine = open_engine(url)
    ensure_schema(engine)
    # The first admin from DASHBOARD_ADMIN_USER / DASHBOARD_ADMIN_PASSWORD, on a database with no account yet.
    try:
        ensure_first_admin(engine, os.environ)
    except AccessError as error:  # e.g. a password too short: say so in the server log, keep serving
        print(f"DASHBOARD_ADMIN_USER not created: {error}", file=sys.stderr)
    if url == database_url(DEFAULT_DB_URL) and _never_held_data(engine):
        # First start of the embedded database: show the demo district rather than an empty screen.
        load_demo(engine)
    return engine


def _never_held_data(engine: Engine) -> bool:
    """No units, no uploads, and no write ever (a cleared demo bumped the version: do not refill it)."""
    with engine.connect() as conn:
        has_units = conn.execute(select(func.count()).select_from(units_table)).scalar()
        has_uploads = conn.execute(select(func.count()).select_from(uploads_table)).scalar()
    return not has_units and not has_uploads and data_version(engine) == 0


def current_engine() -> tuple[str, Engine]:
    url = database_url()
    return url, engine_for(url)


# The stock a page reads: the chosen week and STOCK_WINDOW_WEEKS weeks before it. Burn rates and the
# use-spike median look back metrics.usage.LOOKBACK_WEEKS (8) weeks (metrics.usage.stock_window cuts there
# itself); one more week is the margin. The trend charts show the last TREND_WEEKS weeks, whose first week's
# derived use needs the on-hand of the week before it. tests/test_windowed_stock.py proves the figures equal
# the full frames'. Each week of window is ~0.6 s of loading on a province (30,000 units).
TREND_WEEKS = 8
STOCK_WINDOW_WEEKS = LOOKBACK_WEEKS + 1
assert STOCK_WINDOW_WEEKS > max(window_weeks(2), TREND_WEEKS - 1), "the window is too short for its readers"


@dataclass(frozen=True)
class Frames:
    """The small tables every page reads, as of one data version (report figures are loaded by week)."""

    units: pd.DataFrame
    items: pd.DataFrame
    thresholds: pd.DataFrame
    weeks: list[date]
    demo: bool


@st.cache_resource(show_spinner=False, max_entries=4)
def frames(url: str, version: int) -> Frames:
    engine = engine_for(url)
    return Frames(
        units=load_units(engine),
        items=load_items(engine),
        thresholds=load_thresholds(engine),
        weeks=report_weeks(engine),
        demo=demo_loaded(engine),
    )


# cache_resource, not cache_data: the report frames are shared read-only by every session instead of being
# unpickled into a copy on each call. Nothing mutates them: the metrics are pure and return new frames.
@st.cache_resource(show_spinner=False, max_entries=4)
def stock_frame(url: str, version: int, week: str | None) -> pd.DataFrame:
    """The stock of `week` and the STOCK_WINDOW_WEEKS weeks before it (every week when None)."""
    if week is None:
        return load_stock(engine_for(url))
    last = date.fromisoformat(week[:10])
    first = last - timedelta(weeks=STOCK_WINDOW_WEEKS)
    weeks = [w for w in frames(url, version).weeks if first <= w <= last]  # every week with a stock row
    return load_stock_weeks(engine_for(url), weeks)


@st.cache_resource(show_spinner=False, max_entries=4)
def publicity_frame(url: str, version: int) -> pd.DataFrame:
    """Every week of publicity, for the weekly coverage chart."""
    return load_publicity(engine_for(url))


@st.cache_resource(show_spinner=False, max_entries=4)
def publicity_upto(url: str, version: int, week: str | None) -> pd.DataFrame:
    """What coverage to date reads for `week`: the earlier weeks summed per unit × material in SQL.

    Summing first is exact only while every row is a base row (metrics.publicity: a parent's own row counts
    only for a week none of its units reported). When a parent unit sent rows of its own, every week is read.
    """
    if week is None:
        return publicity_frame(url, version)
    summed = publicity_to_date(engine_for(url), date.fromisoformat(week[:10]))
    units = frames(url, version).units
    if summed["unit_code"].isin(set(units["parent_code"].dropna())).any():
        return publicity_frame(url, version)
    return summed


@st.cache_resource(show_spinner=False, max_entries=4)
def report_pairs_frames(url: str, version: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stock, publicity) unit × week pairs with any row: all that reporting by week reads of them."""
    return report_pairs(engine_for(url))


# cache_resource: shared read-only (alerts and transfers read it, never change it), not pickled per call.
@st.cache_resource(show_spinner=False, max_entries=4)
def supply_snapshot(url: str, version: int, week: str | None, unit_code: str | None) -> SupplySnapshot:
    """What stock status, alerts and transfers of one week rest on, worked out once for the three."""
    f = frames(url, version)
    return metrics_supply_snapshot(
        f.units,
        f.items,
        stock_frame(url, version, week),
        week=week,
        unit_code=unit_code,
        thresholds=f.thresholds,
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def stock_status(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    return status_frame(supply_snapshot(url, version, week, unit_code))


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def publicity_coverage(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    return metrics.publicity_coverage(
        f.units, f.items, publicity_upto(url, version, week), week=week, unit_code=unit_code
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def reporting_summary(url: str, version: int, week: str | None, unit_code: str | None) -> dict:
    if week is None:
        stock, publicity = report_pairs_frames(url, version)
        return metrics.reporting_summary(frames(url, version).units, stock, publicity, unit_code=unit_code)
    # Reporting reads only each unit's last week with a row up to `week`. The stock window holds it for
    # every unit that reported stock in it; the units silent through the window are looked up before it.
    units = frames(url, version).units
    window = stock_frame(url, version, week)[["unit_code", "week"]]
    silent = sorted(set(units["code"]) - set(window["unit_code"].unique()))
    if silent:
        start = date.fromisoformat(week[:10]) - timedelta(weeks=STOCK_WINDOW_WEEKS)
        window = pd.concat([window, last_stock_weeks(engine_for(url), start, silent)], ignore_index=True)
    publicity = publicity_upto(url, version, week)
    return metrics.reporting_summary(units, window, publicity, week=week, unit_code=unit_code)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def reporting_by_week(url: str, version: int, unit_code: str | None) -> pd.DataFrame:
    stock, publicity = report_pairs_frames(url, version)
    return metrics.reporting_by_week(frames(url, version).units, stock, publicity, unit_code=unit_code)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def alerts(url: str, version: int, week: str | None, unit_code: str | None, lang: str) -> pd.DataFrame:
    f = frames(url, version)
    # The page has usually computed these already (cached): alerts reuses them instead of redoing them.
    return metrics.alerts(
        f.units,
        f.items,
        stock_frame(url, version, week),
        publicity_upto(url, version, week),
        week=week,
        unit_code=unit_code,
        thresholds=f.thresholds,
        lang=lang,
        coverage=publicity_coverage(url, version, week, unit_code),
        reporting=reporting_summary(url, version, week, unit_code),
        snapshot=supply_snapshot(url, version, week, unit_code),
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def transfer_suggestions(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    return metrics.transfer_suggestions(
        f.units,
        f.items,
        stock_frame(url, version, week),
        week=week,
        unit_code=unit_code,
        thresholds=f.thresholds,
        snapshot=supply_snapshot(url, version, week, unit_code),
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def stock_trend(
    url: str, version: int, week: str | None, unit_code: str | None, item_codes: tuple[str, ...] | None
) -> pd.DataFrame:
    """The last TREND_WEEKS weeks up to `week` (every week when None)."""
    f = frames(url, version)
    codes = list(item_codes) if item_codes else None
    trend = metrics.stock_trend(
        f.units, f.items, stock_frame(url, version, week), unit_code=unit_code, item_codes=codes
    )
    return trend if week is None else recent_weeks(trend, week, TREND_WEEKS)


def recent_weeks(frame: pd.DataFrame, week: str, n: int) -> pd.DataFrame:
    """Rows of `frame` (ISO `week` column) in the `n` weeks ending with `week`."""
    last = date.fromisoformat(week[:10])
    first = (last - timedelta(weeks=n - 1)).isoformat()
    return frame[(frame["week"] >= first) & (frame["week"] <= last.isoformat())].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def publicity_weekly(url: str, version: int, unit_code: str | None, week: str | None) -> pd.DataFrame:
    """Coverage of every week up to `week`, for the trend chart (one publicity_coverage call per week)."""
    f = frames(url, version)
    publicity = publicity_frame(url, version)
    weeks = sorted(w for w in f.weeks if week is None or w.isoformat() <= week)
    parts = [
        metrics.publicity_coverage(f.units, f.items, publicity, week=w.isoformat(), unit_code=unit_code)
        for w in weeks
    ]
    if not parts:
        return pd.DataFrame()
    frame = pd.concat(parts, ignore_index=True)
    return frame[frame["unit_code"] == unit_code] if unit_code else frame


def uploads_history(engine: Engine) -> pd.DataFrame:
    """Not cached: the upload page must show an undo the moment it happens."""
    return list_uploads(engine)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def item_names(url: str, version: int, lang: str) -> dict[str, str]:
    items = frames(url, version).items
    column = "name_en" if lang == "en" else "name_zh"
    return dict(zip(items["code"], items[column], strict=True))


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def durable_items(url: str, version: int) -> set[str]:
    items = frames(url, version).items
    return set(items.loc[items["durable"].astype(bool), "code"])


def publicity_materials(url: str, version: int) -> set[str]:
    items = frames(url, version).items
    return set(items.loc[items["category"] == PUBLICITY, "code"])


@st.cache_data(show_spinner=False, max_entries=4)
def weeks_and_demo(url: str, version: int) -> tuple[list[date], bool]:
    """What every page's sidebar needs."""
    f = frames(url, version)
    return f.weeks, f.demo


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def unit_rights(
    url: str, version: int, kind: str, role: str, units: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """(visible, writable) unit codes of a principal with this kind, role and units, as of this data version."""
    principal = Principal(kind, 0, "", role, units)
    all_units = frames(url, version).units
    return frozenset(visible_units(principal, all_units)), frozenset(writable_units(principal, all_units))
