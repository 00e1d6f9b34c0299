"""The database connection and every query and computation the pages show, cached at the UI edge.

The engine is cached per process (st.cache_resource). Results are cached keyed on the database URL and its
data version: every write bumps the version (store.versions), so an upload made in another browser session,
or by another server process sharing the database, changes the key and the next run recomputes. Large frames
are kept with st.cache_resource, one object shared read-only by every run (st.cache_data unpickled a copy on
each run: at a province, most of a click's CPU; tests/test_shared_caches.py checks no page changes one);
small results with st.cache_data. The wrapped store/metrics functions stay plain and testable on their own (style.md #7).

Which rows each figure reads is the read model's (store/read_model.py), shared with the command line; this
module only caches its results and the metrics computed from them.
"""

from __future__ import annotations

import os
import sys
import threading
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

import metrics
from access.errors import AccessError
from access.rights import Principal, visible_units, writable_units
from demo.district import load_demo
from domain.catalogue import PUBLICITY
from metrics.headline import lowest_days, units_by_worst_level
from metrics.publicity import coverage_setup
from metrics.publicity_weeks import coverage_by_week
from metrics.reporting import last_reports as last_reports_of
from metrics.supply_status import SupplySnapshot, status_frame
from metrics.supply_status import supply_snapshot as metrics_supply_snapshot
from metrics.tree import unit_tree as metrics_unit_tree
from pages.common.version_cache import versioned
from store import DEFAULT_DB_URL, database_url, ensure_schema, open_engine, read_model
from store.accounts import ensure_first_admin
from store.publicity_packs import load_publicity_packs
from store.report_weeks import load_report_weeks, report_weeks_current
from store.reports import load_publicity, report_pairs

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
    if url == database_url(DEFAULT_DB_URL) and read_model.never_held_data(engine):
        # First start of the embedded database: show the demo district rather than an empty screen.
        load_demo(engine)
    return engine


def current_engine() -> tuple[str, Engine]:
    url = database_url()
    return url, engine_for(url)


TREND_WEEKS = read_model.TREND_WEEKS
Frames = read_model.Frames


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def frames(url: str, version: int) -> Frames:
    return read_model.load_frames(engine_for(url))


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def tree(url: str, version: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """metrics.tree.unit_tree of the units (table with is_leaf, ancestor pairs), worked out once per data
    version for every metric instead of once in each (a province: 0.1 s a time). Shared read-only."""
    return metrics_unit_tree(frames(url, version).units)


# cache_resource, not cache_data: the report frames are shared read-only by every session instead of being
# unpickled into a copy on each call. Nothing mutates them: the metrics are pure and return new frames.
@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def stock_frame(url: str, version: int, week: str | None) -> pd.DataFrame:
    """The stock of `week` and the window before it (every week when None): read_model.stock_for_week."""
    return read_model.stock_for_week(engine_for(url), frames(url, version), week)


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def latest_stock(url: str, version: int, week: str | None) -> pd.DataFrame | None:
    """The latest status when it is current and of `week` (store/latest_status.py): one row per unit × item
    instead of the window; None when the figures must come from the window (an older week, a stale table)."""
    return read_model.latest_stock_for(engine_for(url), version, week)


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def publicity_frame(url: str, version: int) -> pd.DataFrame:
    """Every week of publicity, for the weekly coverage chart."""
    return load_publicity(engine_for(url))


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def publicity_upto(url: str, version: int, week: str | None) -> pd.DataFrame:
    """What coverage to date reads for `week`: read_model.publicity_for_week."""
    if week is None:
        return publicity_frame(url, version)
    return read_model.publicity_for_week(engine_for(url), frames(url, version), week, version)


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def report_pairs_frames(url: str, version: int) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(stock, publicity) unit × week pairs with any row: all that reporting by week reads of them. Both in
    the first when the held pairs are current (store/report_weeks.py: reporting counts a unit that sent either)."""
    engine = engine_for(url)
    if report_weeks_current(engine, version):
        return load_report_weeks(engine), None
    return report_pairs(engine)


# Snapshots worked out at once in one process. Each works on the whole region's frames (a province: some
# hundred MB while it runs), and the GIL runs one at a time anyway: 50 viewers switching to 20 towns at once had
# 50 under way, 6 GiB. Taken only inside supply_snapshot's body, after Streamlit's lock on its key, and never
# by the cached functions it calls: no two locks are ever waited for the other way round.
SNAPSHOTS_AT_ONCE = threading.BoundedSemaphore(2)


# cache_resource: shared read-only (alerts and transfers read it, never change it), not pickled per call.
# Entries: the region's and those of the units viewers switch to (a town's is small); 4 made 20 towns' viewers
# work each town out again and again.
@versioned
@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def supply_snapshot(url: str, version: int, week: str | None, unit_code: str | None) -> SupplySnapshot:
    """What stock status, alerts and transfers of one week rest on, worked out once for the three."""
    f = frames(url, version)
    latest = latest_stock(url, version, week)
    window = stock_frame(url, version, week) if latest is None else None
    unit_tree = tree(url, version)
    with SNAPSHOTS_AT_ONCE:
        return metrics_supply_snapshot(
            f.units,
            f.items,
            window,
            week=week,
            unit_code=unit_code,
            thresholds=f.thresholds,
            latest=latest,
            tree=unit_tree,
        )


# cache_resource: a province's status is 200,000 rows (57 MB pickled): cache_data pickled it when stored
# (0.1 s) and unpickled a copy on every call, three on the overview. Every page only reads it (filters make new
# frames), like the snapshot it comes from.
@versioned
@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def stock_status(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    return status_frame(supply_snapshot(url, version, week, unit_code))


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def status_headline(
    url: str, version: int, week: str | None, unit_code: str | None
) -> tuple[dict[str, int], pd.Series | None]:
    """The headline tiles' figures from the status (metrics/headline.py): units by worst level, and the row with
    the fewest days. Worked out once per view, not on every run: over a province's 240,000 status rows they
    were half of a warm run's CPU."""
    status = stock_status(url, version, week, unit_code)
    return units_by_worst_level(status), lowest_days(status)


# Shared read-only like the status: a province's 210,000 rows, which st.cache_data unpickled on every run (a
# tenth of a warm run's CPU).
@versioned
@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def publicity_coverage(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    return metrics.publicity_coverage(
        f.units,
        f.items,
        publicity_upto(url, version, week),
        week=week,
        unit_code=unit_code,
        tree=tree(url, version),
    )


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def reporting_summary(url: str, version: int, week: str | None, unit_code: str | None) -> dict:
    if week is None:
        stock, publicity = report_pairs_frames(url, version)
        return metrics.reporting_summary(frames(url, version).units, stock, publicity, unit_code=unit_code)
    f = frames(url, version)
    publicity = publicity_upto(url, version, week)
    return metrics.reporting_summary(
        f.units,
        report_window(url, version, week),
        publicity,
        week=week,
        unit_code=unit_code,
        tree=tree(url, version),
        last=last_reports(url, version, week),
    )


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def last_reports(url: str, version: int, week: str) -> pd.Series:
    """Each unit's last report week up to `week`, region-wide (metrics.reporting.last_reports): the same for
    every unit viewed, so worked out once per week and data version and shared read-only."""
    return last_reports_of(report_window(url, version, week), publicity_upto(url, version, week), week=week)


@versioned
@st.cache_resource(show_spinner=False, max_entries=4)
def report_window(url: str, version: int, week: str) -> pd.DataFrame:
    """(unit_code, week) of the stock rows reporting reads for `week`: each unit's last stock week as the latest
    status keeps it when that is current and of `week`, else the window read from the report rows (a province:
    3 million rows and 10 s). Shared read-only: read once per data version, not for each unit viewed."""
    if latest_stock(url, version, week) is not None:
        return read_model.report_weeks_latest(engine_for(url))
    return read_model.report_weeks_for(
        engine_for(url), frames(url, version), stock_frame(url, version, week), week
    )


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def reporting_by_week(url: str, version: int, unit_code: str | None) -> pd.DataFrame:
    stock, publicity = report_pairs_frames(url, version)
    return metrics.reporting_by_week(frames(url, version).units, stock, publicity, unit_code=unit_code)


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def alerts(url: str, version: int, week: str | None, unit_code: str | None, lang: str) -> pd.DataFrame:
    return _alerts(url, version, week, unit_code, lang)


# The overview lists the first few urgent alerts (critical and warning) and links to the rest.
OVERVIEW_ALERTS = 6
URGENT = ("critical", "warning")


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def alert_headlines(
    url: str, version: int, week: str | None, unit_code: str | None, lang: str, n: int = OVERVIEW_ALERTS
) -> tuple[int, list[str]]:
    """(how many alerts, the sentences of the first `n` urgent ones, most urgent first): all the overview
    shows of them. The other sentences are not worded (a province has a hundred thousand alerts)."""

    def first_urgent(frame: pd.DataFrame) -> pd.Series:
        urgent = frame["severity"].isin(URGENT)
        return urgent & (urgent.cumsum() <= n)

    frame = _alerts(url, version, week, unit_code, lang, worded=first_urgent)
    return len(frame), frame.loc[first_urgent(frame), "message"].tolist()


def _alerts(url: str, version: int, week: str | None, unit_code: str | None, lang: str, worded=None):
    f = frames(url, version)
    # The page has usually computed these already (cached): alerts reuses them instead of redoing them.
    # Given the snapshot, reporting and coverage, alerts read no stock row: the window is not read for it.
    return metrics.alerts(
        f.units,
        f.items,
        None,
        publicity_upto(url, version, week),
        week=week,
        unit_code=unit_code,
        thresholds=f.thresholds,
        lang=lang,
        coverage=publicity_coverage(url, version, week, unit_code),
        reporting=reporting_summary(url, version, week, unit_code),
        snapshot=supply_snapshot(url, version, week, unit_code),
        worded=worded,
    )


@versioned
@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def transfer_suggestions(url: str, version: int, week: str | None, unit_code: str | None) -> pd.DataFrame:
    f = frames(url, version)
    # Given the snapshot, the suggestions read no stock row: the window (a province: 3 million rows, 10 s) is
    # not read for them.
    return metrics.transfer_suggestions(
        f.units,
        f.items,
        None,
        week=week,
        unit_code=unit_code,
        thresholds=f.thresholds,
        snapshot=supply_snapshot(url, version, week, unit_code),
    )


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def stock_trend(
    url: str, version: int, week: str | None, unit_code: str | None, item_codes: tuple[str, ...] | None
) -> pd.DataFrame:
    """The last TREND_WEEKS weeks up to `week` (every week when None)."""
    f = frames(url, version)
    codes = list(item_codes) if item_codes else None
    table, pairs = tree(url, version)
    inside = None if unit_code is None else pairs.loc[pairs["ancestor"] == str(unit_code), "unit_code"]
    whole_region = inside is None or len(inside) == len(table) > 0
    if week is not None and codes is not None and len(codes) == 1 and whole_region:
        # The whole region's chart of one item: summed by the database when a sum is all it takes.
        summed = read_model.region_trend(engine_for(url), f, week, codes[0])
        if summed is not None:
            return summed
    # The chart's weeks of its items only, not the status window of every item (a province: a tenth of it).
    if week is None or codes is None:
        stock = stock_frame(url, version, week)
    else:
        units = None if inside is None else inside.to_numpy(dtype=object).tolist()
        stock = read_model.stock_for_trend(engine_for(url), f, week, codes, units)
    trend = metrics.stock_trend(
        f.units, f.items, stock, unit_code=unit_code, item_codes=codes, tree=(table, pairs)
    )
    return trend if week is None else read_model.recent_weeks(trend, week, TREND_WEEKS)


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def publicity_weekly(url: str, version: int, unit_code: str | None, week: str | None) -> pd.DataFrame:
    """Coverage of every week up to `week`, for the trend chart (metrics/publicity_weeks.coverage_by_week)."""
    f = frames(url, version)
    # Codes as categoricals, not factorised again for each week; from the packed weeks when they are current
    # (store/publicity_packs.py: a province's 2.9 million rows in 52 table rows).
    publicity = load_publicity_packs(engine_for(url), version)
    if publicity is None:
        publicity = publicity_frame(url, version)
        publicity = publicity.assign(
            unit_code=publicity["unit_code"].astype("category"),
            material_code=publicity["material_code"].astype("category"),
        )
    weeks = sorted(w for w in f.weeks if week is None or w.isoformat() <= week)
    # The units', items' and targets' part once; then each week's sums, carried on from the week before
    # (metrics/publicity_weeks.py).
    setup = coverage_setup(f.units, f.items, unit_code=unit_code, tree=tree(url, version), own_rows_only=True)
    parts = coverage_by_week(setup, publicity, [w.isoformat() for w in weeks])
    if not parts:
        return pd.DataFrame()
    frame = pd.concat(parts, ignore_index=True)
    return frame[frame["unit_code"] == unit_code] if unit_code else frame


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def item_names(url: str, version: int, lang: str) -> dict[str, str]:
    items = frames(url, version).items
    column = "name_en" if lang == "en" else "name_zh"
    return dict(zip(items["code"], items[column], strict=True))


@versioned
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def durable_items(url: str, version: int) -> set[str]:
    items = frames(url, version).items
    return set(items.loc[items["durable"].astype(bool), "code"])


def publicity_materials(url: str, version: int) -> set[str]:
    items = frames(url, version).items
    return set(items.loc[items["category"] == PUBLICITY, "code"])


@versioned
@st.cache_data(show_spinner=False, max_entries=4)
def weeks_and_demo(url: str, version: int) -> tuple[list[date], bool]:
    """What every page's sidebar needs."""
    f = frames(url, version)
    return f.weeks, f.demo


@versioned
@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def unit_rights(
    url: str, version: int, kind: str, role: str, units: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """(visible, writable) unit codes of a principal with this kind, role and units, as of this data version."""
    principal = Principal(kind, 0, "", role, units)
    all_units = frames(url, version).units
    return frozenset(visible_units(principal, all_units)), frozenset(writable_units(principal, all_units))
