"""The database connection and every query and computation the pages show, cached at the UI edge.

The engine is cached per process (st.cache_resource). Results are cached with st.cache_data keyed on the
database URL and its data version: every write bumps the version (store.versions), so an upload made in
another browser session, or by another server process sharing the database, changes the key and the next
run recomputes. The wrapped store/metrics functions stay plain and testable on their own (style.md #7).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

import metrics
from access.errors import AccessError
from access.rights import Principal, visible_units, writable_units
from demo.district import demo_loaded, load_demo
from store import DEFAULT_DB_URL, database_url, ensure_schema, open_engine
from store.accounts import ensure_first_admin
from store.catalogue import load_items, load_thresholds
from store.reports import load_publicity, load_stock, report_weeks
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


@dataclass(frozen=True)
class Frames:
    """Everything the metrics read, as of one data version."""

    units: pd.DataFrame
    items: pd.DataFrame
    stock: pd.DataFrame
    publicity: pd.DataFrame
    thresholds: pd.DataFrame
    weeks: list[date]
    demo: bool


# cache_resource, not cache_data: the frames are shared read-only by every session instead of being
# unpickled into a copy on each call (a province's stock table is millions of rows). Nothing mutates them:
# the metrics are pure and return new frames.
@st.cache_resource(show_spinner=False, max_entries=4)
def frames(url: str, version: int) -> Frames:
    engine = engine_for(url)
    return Frames(
        units=load_units(engine),
        items=load_items(engine),
        stock=load_stock(engine),
        publicity=load_publicity(engine),
        thresholds=load_thresholds(engine),
        weeks=report_weeks(engine),
        demo=demo_loaded(engine),
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def stock_status(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    return metrics.stock_status(
        f.units, f.items, f.stock, week=week, unit_code=unit_code, thresholds=f.thresholds
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def publicity_coverage(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    return metrics.publicity_coverage(f.units, f.items, f.publicity, week=week, unit_code=unit_code)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def reporting_summary(url: str, version: int, week: str | None, unit_code: str | None) -> dict:
    f = frames(url, version)
    return metrics.reporting_summary(f.units, f.stock, f.publicity, week=week, unit_code=unit_code)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def reporting_by_week(url: str, version: int, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    return metrics.reporting_by_week(f.units, f.stock, f.publicity, unit_code=unit_code)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def alerts(url: str, version: int, week: str | None, unit_code: str | None, lang: str) -> pd.DataFrame:
    f = frames(url, version)
    # The page has usually computed these three already (cached): alerts reuses them instead of redoing them.
    return metrics.alerts(
        f.units,
        f.items,
        f.stock,
        f.publicity,
        week=week,
        unit_code=unit_code,
        thresholds=f.thresholds,
        lang=lang,
        status=stock_status(url, version, week, unit_code),
        coverage=publicity_coverage(url, version, week, unit_code),
        reporting=reporting_summary(url, version, week, unit_code),
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def transfer_suggestions(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    return metrics.transfer_suggestions(
        f.units, f.items, f.stock, week=week, unit_code=unit_code, thresholds=f.thresholds
    )


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def stock_trend(url: str, version: int, unit_code: str | None, item_codes: tuple[str, ...] | None):
    f = frames(url, version)
    codes = list(item_codes) if item_codes else None
    return metrics.stock_trend(f.units, f.items, f.stock, unit_code=unit_code, item_codes=codes)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def publicity_weekly(url: str, version: int, unit_code: str | None, week: str | None) -> pd.DataFrame:
    """Coverage of every week up to `week`, for the trend chart (one publicity_coverage call per week)."""
    f = frames(url, version)
    weeks = sorted(w for w in f.weeks if week is None or w.isoformat() <= week)
    parts = [
        metrics.publicity_coverage(f.units, f.items, f.publicity, week=w.isoformat(), unit_code=unit_code)
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


@st.cache_data(show_spinner=False, max_entries=4)
def weeks_and_demo(url: str, version: int) -> tuple[list[date], bool]:
    """What every page's sidebar needs, without copying the report frames out of the cache each run."""
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
