"""The dashboard's server: Streamlit (dashboard.py and pages/) with the session-cookie routes and headers, the
polyfills older phone browsers need, the chart chunks preloaded, and the overview (then, in quiet moments, the
other pages and the overviews of the units one level below it) warmed up at start and after each data change.

    streamlit run serve.py      # what scripts/start.sh and deploy/epidemic-dashboard.service run

Streamlit 1.67's st.App adds Starlette routes, middleware and a lifespan beside its own
(gateway/session_cookie.py, gateway/polyfills.py, gateway/preload.py).
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import asynccontextmanager
from functools import cache

import streamlit as st
from starlette.middleware import Middleware

from gateway.plotly_traces import LazyTracesMiddleware, installed_chunk
from gateway.polyfills import PolyfillMiddleware, polyfill_route
from gateway.preload import PreloadMiddleware
from gateway.session_cookie import AddressTokenMiddleware, routes
from gateway.tcp_nodelay import no_delay_on_listening_sockets
from store import database_url, ensure_schema, open_engine


@cache
def _engine():
    engine = open_engine(database_url())
    ensure_schema(engine)  # the login_tickets table on a database made before it existed
    return engine


def warm_overview() -> tuple | None:
    """Import what the pages need and work out the overview of the first root unit for the latest week, in
    Chinese, into the process's shared caches: the first leader after a start would otherwise wait about a
    second for both (issue 14). The calls and arguments are dashboard.py's for a visitor who sees every unit
    and has picked nothing (the pickers' defaults, pages/common/shell.py), so they fill the very entries its
    first run reads; any other visitor still finds the modules imported and the shared frames loaded.
    Returns the overview's cache key (url, version, week, unit), None when there is nothing to show."""
    from pages.common import data, figures, heatmap_list, shell, summaries  # noqa: F401 -- imported, as the page does
    from pages.common.units import unit_tree
    from store.versions import data_version

    url, engine = data.current_engine()
    version = data_version(engine)
    weeks, _demo = data.weeks_and_demo(url, version)
    tree = unit_tree(url, version)
    if not weeks or not tree.roots:
        return None
    args = (url, version, weeks[0].isoformat(), tree.roots[0])
    _overview_of(args, tree)
    return args


def warm_pages(args: tuple, go_on: Callable[[], bool]) -> int:
    """The other pages' figures of the warmed unit that the overview did not work out, one page at a time
    while `go_on()` says so: the first view of the alerts, meeting, reporting, supplies and publicity pages of
    a province took 2.6–4.4 s after each data change (benchmarks/bench_every_page.py). The calls and arguments
    are each page's first run's, as warm_overview's are the overview's. Returns how many pages were warmed."""
    from pages.common import alert_listing, data, figures, publicity_view, timeliness_view
    from pages.common.units import unit_tree

    url, version, week, unit = args
    lang = "zh"
    tree = unit_tree(url, version)

    def supplies() -> None:
        data.transfer_suggestions(*args)
        listed = figures.status_items(*args)
        if listed:  # the page's picker starts at the first
            item, shown = listed[0], tuple(tree.shown_with_children(unit))
            figures.item_rows(*args, item, shown)
            if item not in data.durable_items(url, version):
                figures.ranked_days_figure(*args, item, shown, lang)
            figures.stock_and_use_figure(*args, item, lang, tree.names.get(unit, unit))

    def publicity() -> None:
        listed = publicity_view.materials(*args)
        if listed:  # the page's picker starts at the first
            below = tuple(tree.children.get(unit, []))
            publicity_view.material_view(url, version, week, unit, below, listed[0], lang)

    pages = [
        lambda: alert_listing.alerts_view(*args, lang),  # 预警, and the meeting page's urgent alerts
        supplies,
        lambda: (
            figures.reporting_weeks(url, version, unit, week, lang),
            timeliness_view.week_table(url, version, week, unit),
            timeliness_view.expected_codes(url, version, week, unit),
            timeliness_view.deadline_policy(url, version),
        ),
        publicity,
    ]
    warmed = 0
    for page in pages:
        if not go_on():
            break
        page()
        warmed += 1
    return warmed


def warm_sub_units(args: tuple, still_current: Callable[[], bool]) -> int:
    """The overviews of the units one level below the warmed one (its first WARM_SUB_UNITS), worked out as
    warm_overview worked out its own: in a meeting the leaders open the towns next, and at a province each
    town's first overview is half a second of the one process's CPU, fifty leaders queueing behind it
    (benchmarks/bench_load.py). Stops early when `still_current()` says the data changed meanwhile.
    Returns how many were warmed."""
    from pages.common.units import unit_tree

    url, version, week, unit = args
    tree = unit_tree(url, version)
    warmed = 0
    for child in tree.children.get(unit, [])[:WARM_SUB_UNITS]:
        if not still_current():
            break
        _overview_of((url, version, week, child), tree)
        warmed += 1
    return warmed


def _overview_of(args: tuple, tree) -> None:
    """dashboard.py's cached calls for the overview of args' unit, in Chinese, for a visitor who sees it all."""
    from pages.common import data, figures

    url, version, _week, unit = args
    lang = "zh"
    data.reporting_summary(*args)
    data.publicity_coverage(*args)
    data.status_headline(*args)
    data.alert_headlines(*args, lang)
    shown, _left_out = figures.heatmap_units(*args, tuple(tree.shown_with_children(unit)))
    figures.days_grid_parts(*args, shown, lang)
    data.item_names(url, version, lang)
    figures.stock_and_use_figure(*args, "mask_surgical", lang, tree.names.get(unit, unit))


# After an upload (through any process: the pages, `cli.py import`, another server on the same database) the
# overview is warmed again, so the first leader to look after a data change does not wait for it either (a
# province's overview is 2.3–3.6 s of CPU worked out cold, issue 14). The version is looked at every
# WATCH_SECONDS (one key read); a burst of uploads on deadline morning is warmed once, when the version has
# stayed the same for SETTLE_SECONDS.
WATCH_SECONDS = 2.0
SETTLE_SECONDS = 10.0
# A county's towns (10–30); a root with hundreds below it has its first 40 warmed.
WARM_SUB_UNITS = 40
# The units below are warmed one at a time, each once no visitor's run has been in or asked for a figure for
# this long: fifty leaders during an import waited up to 42 s for a town, not 24 s, while the warm-up worked
# the towns out beside them (benchmarks/bench_load.py --units 30000).
QUIET_SECONDS = 1.0


def _warm_up(after: str = "") -> tuple | None:
    """warm_overview, then warm_pages and warm_sub_units in quiet moments, each timed and logged; None when the
    overview's failed or there is nothing to show."""
    from pages.common.version_cache import while_warming

    start = time.perf_counter()
    try:
        with while_warming():
            warmed = warm_overview()
    except Exception:  # a warm-up must never stop the server: the first visit computes it as before
        print("overview warm-up failed (the first visit will compute it):", file=sys.stderr)
        traceback.print_exc()
        return None
    what = f"week {warmed[2]}, unit {warmed[3]}" if warmed else "no data yet"
    print(f"overview warmed up{after} in {time.perf_counter() - start:.2f} s ({what})", file=sys.stderr)
    if warmed is None:
        return None
    # Then, in quiet moments, what leaders open next: each step logged as "<name> warmed up in … (<n> <of>)".
    for name, step, of in (("pages", warm_pages, "pages"), ("sub-units' overviews", warm_sub_units, "units")):
        start = time.perf_counter()
        try:
            with while_warming():
                count = step(warmed, lambda: _quiet_and_current(warmed[1]))
        except Exception:  # as above
            print(f"{name} warm-up failed (their first visits will compute them):", file=sys.stderr)
            traceback.print_exc()
            return warmed
        print(f"{name} warmed up in {time.perf_counter() - start:.2f} s ({count} {of})", file=sys.stderr)
    return warmed


def _quiet_and_current(version: int) -> bool:
    """Wait until no visitor's run has been in or asked for a figure for QUIET_SECONDS; False as soon as the
    data version is no longer `version` (the rest of the warm-up would be of figures nobody will see)."""
    from pages.common.version_cache import seconds_quiet
    from store.versions import data_version

    while _version_or_none(data_version) == version:
        if seconds_quiet() >= QUIET_SECONDS:
            return True
        time.sleep(QUIET_SECONDS / 4)
    return False


def _warm_up_in_background() -> None:
    from store.versions import data_version

    # Read before the first warm-up: a change while it runs is then warmed again.
    warmed_version = seen_version = _version_or_none(data_version)
    _warm_up()
    seen_at = time.monotonic()
    while True:
        time.sleep(WATCH_SECONDS)
        version = _version_or_none(data_version)
        if version != seen_version:
            seen_version, seen_at = version, time.monotonic()
        settled = time.monotonic() - seen_at >= SETTLE_SECONDS
        if version is not None and version != warmed_version and settled:
            _warm_up(" again after a data change")
            warmed_version = version


def _version_or_none(data_version) -> int | None:
    """The data version, or None while the database cannot be read (a restart of PostgreSQL, say)."""
    try:
        return data_version(_engine())
    except Exception:  # noqa: BLE001 — the watch only waits for the next look
        return None


@asynccontextmanager
async def _lifespan(_app):
    # Streamlit has bound and is listening on its socket by now: its connections send without Nagle's delay.
    no_delay_on_listening_sockets()
    # The rewritten chart chunk worked out before the first request, not in the event loop during it.
    installed_chunk()
    # After Streamlit's runtime has started, so the warm-up fills the caches the sessions read; then again after
    # each data change.
    threading.Thread(target=_warm_up_in_background, name="overview-warm-up", daemon=True).start()
    yield


app = st.App(
    "dashboard.py",
    routes=[*routes(_engine), polyfill_route()],
    # Polyfills (gateway/polyfills.py): older WeChat browsers lack functions Streamlit's bundle calls.
    # Preload links (gateway/preload.py): the chart's chunks load beside the bundle, not after the script.
    # Plotly's trace types registered when first drawn (gateway/plotly_traces.py), not all as the chunk loads.
    middleware=[
        Middleware(AddressTokenMiddleware),
        Middleware(PolyfillMiddleware),
        Middleware(PreloadMiddleware),
        Middleware(LazyTracesMiddleware),
    ],
    lifespan=_lifespan,
)

if __name__ == "__main__":
    app.run()
