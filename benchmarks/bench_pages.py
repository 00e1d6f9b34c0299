"""How long the overview takes on a county: 500 units, 52 weeks. Goals: < 1 s server-side; in the browser < 2 s
on a warm server, < 3 s on a freshly started one (issue 14).

    python benchmarks/bench_pages.py [--units 500] [--weeks 52] [--no-browser] [--db PATH]
                                     [--fresh-starts 1] [--warm-visits 3] [--browser-only]

--db keeps the database at PATH and reuses it on the next run (a province takes minutes to build).

Server side: AppTest runs dashboard.py (cold = caches empty, warm = a rerun, as after a click).
Browser: Debian's chromium against `streamlit run serve.py` (the real server, as scripts/start.sh runs it),
from navigation to the first plotly chart on screen (on the page's own clock: the first animation frame with the
chart laid out and visible; Playwright's wait, which polls every 500 ms after its first tries, shown beside):
the first viewer of a freshly started server and the best of later viewers (each a new browser context), beside
issue 14's goals (fresh < 3 s, warm < 2 s) and the load average (the machine is shared: compare figures taken
at a similar load).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store import ensure_schema, open_engine, write_transaction  # noqa: E402
from store.latest_status import latest_status_current, refresh_latest_status  # noqa: E402
from store.report_writes import replace_reports  # noqa: E402
from store.reports import PUBLICITY, STOCK, report_weeks  # noqa: E402
from store.units import save_units  # noqa: E402
from store.uploads import IMPORTED, UploadRecord, record_upload  # noqa: E402
from store.versions import bump_data_version, data_version  # noqa: E402

SUPPLIES = ["mask_surgical", "mask_n95", "disinfectant", "alcohol", "hand_soap", "protective_suit", "gloves"]
FIRST = date(2020, 1, 6)


def county_units(n_units: int) -> pd.DataFrame:
    rng = random.Random(1)
    towns = max(1, n_units // 25)
    rows = [{"code": "C", "name": "测试县", "parent_code": None, "level": "county", "staff": 60.0}]
    per_town = (n_units - 1 - towns) // towns
    for t in range(towns):
        code = f"T{t:03d}"
        rows.append(
            {"code": code, "name": f"第{t + 1}镇", "parent_code": "C", "level": "town", "staff": 30.0}
        )
        for v in range(per_town):
            households = float(rng.randrange(400, 1400))
            rows.append(
                {
                    "code": f"{code}V{v:03d}",
                    "name": f"第{t + 1}镇{v + 1}村",
                    "parent_code": code,
                    "level": "village",
                    "staff": float(rng.randrange(8, 20)),
                    "households": households,
                    "sites": float(rng.randrange(5, 15)),
                    "checkpoints": 1.0,
                }
            )
    return pd.DataFrame(rows)


def county_reports(units: pd.DataFrame, weeks: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(2)
    leaves = units[units["level"] == "village"]
    stock, publicity = [], []
    for unit in leaves.itertuples():
        for item in SUPPLIES:
            daily = unit.staff * (4.0 if item == "mask_surgical" else 0.5)
            on_hand = daily * 21
            for w in range(weeks):
                used = round(daily * 7 * rng.uniform(0.8, 1.2))
                received = round(daily * 14) if on_hand - used < daily * 10 else 0
                on_hand = max(0, on_hand + received - used)
                stock.append(
                    (
                        unit.code,
                        FIRST + timedelta(weeks=w),
                        item,
                        float(on_hand),
                        float(received),
                        float(used),
                    )
                )
        for w in range(weeks):
            publicity.append(
                (unit.code, FIRST + timedelta(weeks=w), "leaflet", float(rng.randrange(20, 120)))
            )
            publicity.append((unit.code, FIRST + timedelta(weeks=w), "banner", float(rng.randrange(0, 3))))
    stock_frame = pd.DataFrame(
        stock, columns=["unit_code", "week", "item_code", "on_hand", "received", "used"]
    )
    stock_frame["days_out"] = 0.0
    stock_frame["opening"] = None
    stock_frame["week"] = pd.to_datetime(stock_frame["week"])
    pub = pd.DataFrame(publicity, columns=["unit_code", "week", "material_code", "quantity"])
    pub["sub_units_reached"] = None
    pub["households_reached"] = None
    pub["week"] = pd.to_datetime(pub["week"])
    return stock_frame, pub


def build_database(path: Path, n_units: int, weeks: int) -> str:
    url = f"sqlite:///{path}"
    engine = open_engine(url)
    ensure_schema(engine)
    units = county_units(n_units)
    stock, publicity = county_reports(units, weeks)
    with write_transaction(engine) as conn:
        save_units(conn, units)
        upload_id = record_upload(
            conn,
            UploadRecord("bench", "bench", "bench", IMPORTED, len(stock), len(publicity), [], [], []),
        )
        replace_reports(conn, STOCK, stock, upload_id)
        replace_reports(conn, PUBLICITY, publicity, upload_id)
        bump_data_version(conn)
        refresh_latest_status(conn, None)  # as every write does (store/latest_status.py)
    engine.dispose()
    print(
        f"database: {len(units)} units, {weeks} weeks, {len(stock):,} stock rows, {len(publicity):,} publicity rows"
    )
    return url


def bring_latest_status_current(url: str) -> None:
    """A database kept from before the latest status (or written without it): work it out once, timed."""
    engine = open_engine(url)
    ensure_schema(engine)
    version = data_version(engine)
    weeks = report_weeks(engine)
    if weeks and not latest_status_current(engine, version, max(weeks).isoformat()):
        start = time.perf_counter()
        with write_transaction(engine) as conn:
            bump_data_version(conn)
            refresh_latest_status(conn, None)
        print(f"latest status worked out for every unit: {time.perf_counter() - start:.2f} s")
    engine.dispose()


def admin_session(url: str) -> str:
    """The database holds real data, so the pages ask for a login: sign in as an admin, as a leader would."""
    from store.access_sessions import issue_session
    from store.accounts import create_user, get_user

    engine = open_engine(url)
    user = get_user(engine, "bench") or create_user(engine, "bench", "bench-password-1", "admin")
    token = issue_session(engine, user.id)
    engine.dispose()
    return token


# Issue 14's goals for the overview's first view after a data change, server side.
GOAL_FIRST_VIEW = {"county": 0.5, "province": 3.0}
NEW_DATA_RUNS = 3  # "caches emptied" is timed this many times, the best kept (other work shares the 2 cores)


def server_side(url: str, session: str, scale: str) -> None:
    from streamlit.testing.v1 import AppTest  # noqa: TID251 -- a test harness, like tests/

    os.environ["DASHBOARD_DB_URL"] = url
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["s"] = session

    def timed() -> tuple[float, float]:
        """(wall, CPU) seconds of one run of the page."""
        wall, cpu = time.perf_counter(), time.process_time()
        at.run()
        return time.perf_counter() - wall, time.process_time() - cpu

    cold = timed()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("总览"), "not the overview: the benchmark would time the wrong page"
    warm = timed()
    # A running server whose data just changed: modules imported, every cache empty (as after an upload).
    import streamlit as st  # noqa: TID251 -- only to empty the caches between runs

    new_data = []
    for _ in range(NEW_DATA_RUNS):
        st.cache_data.clear()
        st.cache_resource.clear()
        new_data.append(timed())
    at.sidebar.selectbox(key="_w_unit_1").set_value("T003")
    other_unit = timed()
    best = min(new_data, key=lambda t: t[1])
    goal = GOAL_FIRST_VIEW[scale]

    def shown(t: tuple[float, float]) -> str:
        return f"{t[0]:.2f} s wall / {t[1]:.2f} s CPU"

    print(
        f"server-side overview ({scale}, load {os.getloadavg()[0]:.1f}): first view after a data change (caches "
        f"emptied, best of {NEW_DATA_RUNS} by CPU) {shown(best)} — goal < {goal:g} s: "
        f"{'met' if best[1] < goal else 'not met'} (all: {', '.join(shown(t) for t in new_data)}); first run of "
        f"the process {shown(cold)}; warm rerun {shown(warm)}; another town (cold) {shown(other_unit)}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Issue 14's goals for navigation → first chart, in the browser.
GOAL_WARM, GOAL_FRESH = 2.0, 3.0


# The first chart on screen, on the page's own clock (milliseconds since the navigation started): the first
# animation frame in which a plotly chart has a box and is visible. Playwright's wait polls the page with a
# backoff that reaches 500 ms between looks (retryWithProgressAndBackoff: 20, 50, 100, 100, 500 ms), so the
# time it returns came up to half a second after the chart was drawn (measured: drawn at 2.10 s, returned at
# 2.62 s); it is used only to wait, and shown beside.
CHART_ON_SCREEN = """
(() => {
  const look = () => {
    const chart = document.querySelector(".js-plotly-plot");
    if (chart) {
      const box = chart.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(chart).visibility === "visible") {
        window.__chartOnScreen = performance.now();
        return;
      }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
"""


def chart_time(chromium, base: str, session: str, visits: int = 1) -> tuple[float, float]:
    """A viewer from navigation to the first plotly chart on screen, in a new browser context (no cache, no
    cookies but the session's): its first visit, or with `visits` > 1 its last (the browser's cache of the
    earlier ones in use, as for a leader who opened the dashboard before). Seconds on the page's clock, and
    as Playwright's wait saw it."""
    from gateway.session_cookie import SESSION_COOKIE

    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": SESSION_COOKIE, "value": session, "url": base, "httpOnly": True}])
    context.add_init_script(CHART_ON_SCREEN)
    for _ in range(visits):
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{base}/")
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        waited = time.perf_counter() - start
        on_screen = page.wait_for_function("window.__chartOnScreen", timeout=60_000).json_value() / 1000
        page.close()
    context.close()
    return on_screen, waited


def serve(url: str, log: Path | None = None):
    """`streamlit run serve.py` (what scripts/start.sh runs) on a free port; returns (process, base URL) once
    it answers its health check. Its output goes to `log` when given."""
    port = free_port()
    env = {**os.environ, "DASHBOARD_DB_URL": url}
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 -- the server's, closed with it
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read().strip() == b"ok":
                return proc, base
        except OSError:
            time.sleep(0.1)
    stop(proc)
    raise TimeoutError("serve.py did not answer its health check within 60 s")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def browser(url: str, session: str, fresh_starts: int = 1, warm_visits: int = 3) -> None:
    """Fresh: the first viewer right after the server answers (its warm-up may still be running), one per
    start. Warm: later viewers of the same server, each in a new browser context; returning: the second visit
    of such a browser (its cache filled by the first). Best of each, and all."""
    from playwright.sync_api import sync_playwright

    fresh, warm, returning = [], [], []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        for n in range(fresh_starts):
            proc, base = serve(url)
            try:
                fresh.append(chart_time(chromium, base, session))
                if n == fresh_starts - 1:
                    warm = [chart_time(chromium, base, session) for _ in range(warm_visits)]
                    returning = [chart_time(chromium, base, session, visits=2) for _ in range(warm_visits)]
            finally:
                stop(proc)
        chromium.close()
    for label, times, goal in (
        ("fresh server", fresh, GOAL_FRESH),
        ("warm server, first visit of a browser", warm, GOAL_WARM),
        ("warm server, a browser that visited before", returning, GOAL_WARM),
    ):
        best = min(on_screen for on_screen, _ in times)
        print(
            f"browser (serve.py), navigation → first chart, {label}: best {best:.2f} s of "
            f"{', '.join(f'{t:.2f}' for t, _ in times)} — goal < {goal:.0f} s "
            f"{'met' if best < goal else 'NOT met'} (Playwright's wait returned at "
            f"{', '.join(f'{w:.2f}' for _, w in times)} s; {load()})"
        )


def scale_of(url: str) -> str:
    """county or province, by the units the database holds (a reused database may not be --units')."""
    from sqlalchemy import func, select

    from store.tables import units

    engine = open_engine(url)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(units)).scalar()
    engine.dispose()
    return "province" if count > 5_000 else "county"


def database_at(path: Path, units: int, weeks: int) -> str:
    """The URL of the database at `path`: reused (its latest status brought current) when it exists, else built
    with `units` units and `weeks` weeks."""
    if path.exists():
        url = f"sqlite:///{path}"
        print(f"database: reusing {path}")
        bring_latest_status_current(url)
        return url
    return build_database(path, units, weeks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--db", type=Path, help="keep the database here; reuse it when it exists")
    parser.add_argument("--browser-only", action="store_true", help="skip the server-side (AppTest) figures")
    parser.add_argument("--fresh-starts", type=int, default=1, help="servers started, one first visit each")
    parser.add_argument("--warm-visits", type=int, default=3, help="later visits to the last server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_at(args.db or Path(tmp) / "county.sqlite3", args.units, args.weeks)
        session = admin_session(url)
        if not args.browser_only:
            server_side(url, session, scale_of(url))
        if not args.no_browser and Path("/usr/bin/chromium").exists():
            browser(url, session, args.fresh_starts, args.warm_visits)


if __name__ == "__main__":
    main()
