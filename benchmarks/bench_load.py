"""Fifty viewers at once while an officer imports a file: failed page loads, page times, server memory and CPU.

    python benchmarks/bench_load.py [--viewers 50] [--browsers 3] [--units 500]           # one process, SQLite
    python benchmarks/bench_load.py --two --pg-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres
                                    # two processes behind deploy/nginx.conf, one PostgreSQL database
    python benchmarks/bench_load.py --units 30000 --settle   # also: what a process holds 2 minutes after
    python benchmarks/bench_load.py --units 30000 --meeting  # no import: a settled server, warmed up

A region of `--units` units (benchmarks/bench_import.py's tree and wide workbook: 500 = a county, 30,000 = a
province) holds one week. Every viewer opens the overview of the whole region and waits for both charts, then
switches the sidebar's town and waits for that town's overview; meanwhile an officer runs
`python cli.py import` of the next week's workbook against the same database (as a separate process, as on
a server). All viewers start together, on loopback only, each with its own cookies (behind nginx they spread
over both processes). By default a viewer is a client of Streamlit's WebSocket protocol
(benchmarks/st_client.py: the page's requests and the script runs, no drawing); `--client browser` uses
Playwright tabs in `--browsers` Debian chromium processes instead — on 2 cores, 50 tabs measure the browsers
(load average 100, 47 of 50 past the time limit, the server using 15 s of CPU). Every step is bounded
(120 s a page, the whole run 15 min).

`--meeting`: no officer; the viewers start once the server has logged its warm-up of the overview and of the
units below it (serve.py), as at a meeting after the morning's uploads.

Printed: failed page loads (goal 0), p50 / p95 / max of the two page times, the import's time, each server
process's peak memory (VmHWM) and CPU, the load average before and after. The browsers run on the same cores
as the servers: the page times include the browsers' own drawing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_import import build_units, build_workbook  # noqa: E402
from benchmarks.bench_viewers import (  # noqa: E402
    LOOPBACK_ONLY,
    cpu_seconds,
    load_average,
    new_context,
    peak_memory_mib,
    status_mib,
)
from pages.common.version_cache import IDLE_SECONDS  # noqa: E402
from tests.apptest_support import CHROMIUM_ARGS, StreamlitServer, session_for  # noqa: E402

PAGE_TIMEOUT_S = 120
SETTLE_MARGIN_S = 5
RUN_TIMEOUT_S = 15 * 60
SETTLED = "() => document.querySelectorAll('[data-stale=\"true\"]').length === 0"


def build_region(url: str, units: int, work: Path) -> Path:
    """The region's units and week 5 in the database; returns week 6's workbook for the officer."""
    from store import ensure_schema, open_engine, write_transaction
    from store.units import save_units
    from uploads import import_file

    tree = build_units(units)
    engine = open_engine(url)
    ensure_schema(engine)
    with write_transaction(engine) as conn:
        save_units(conn, tree)
    build_workbook(tree, work / "week5.xlsx", week=5)
    outcome = import_file(engine, "week5.xlsx", (work / "week5.xlsx").read_bytes(), uploaded_by="bench")
    assert outcome.status == "imported", outcome
    engine.dispose()
    build_workbook(tree, work / "week6.xlsx", week=6)
    return work / "week6.xlsx"


async def one_viewer(browser, base: str, token: str, town: str) -> tuple[float | None, float | None, str]:
    """(seconds to the region's overview with both charts, seconds to the town's after the switch, error)."""
    context = await new_context(browser, base, token)
    page = await context.new_page()
    timeout = PAGE_TIMEOUT_S * 1000
    opened = None
    try:
        start = time.perf_counter()
        await page.goto(f"{base}/", timeout=timeout)
        await page.locator(".js-plotly-plot .main-svg").nth(3).wait_for(timeout=timeout)
        opened = time.perf_counter() - start
        start = time.perf_counter()
        await page.locator(".st-key-_w_unit_1").click(timeout=timeout)
        await page.get_by_role("option", name=town, exact=True).click(timeout=timeout)
        await page.get_by_text(f"总览：{town}").first.wait_for(timeout=timeout)
        await page.wait_for_function(SETTLED, timeout=timeout)
        await page.locator(".js-plotly-plot .main-svg").nth(3).wait_for(timeout=timeout)
        return opened, time.perf_counter() - start, ""
    except Exception as error:  # a failed page load is a result to count, not a crash of the benchmark
        return opened, None, f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
    finally:
        await context.close()


async def one_client(base: str, token: str, town: str) -> tuple[float | None, float | None, str]:
    """The same two steps as one_viewer, through Streamlit's WebSocket protocol without a browser."""
    from benchmarks.st_client import Viewer

    viewer = Viewer(base, token)
    opened = None
    try:
        run = await viewer.open(PAGE_TIMEOUT_S)
        if run.charts != 2 or not run.titles or not run.titles[0].startswith("总览："):
            return None, None, f"overview: titles {run.titles[:1]}, {run.charts} charts"
        opened = run.seconds
        switched = await viewer.choose("下级单位", town, run, PAGE_TIMEOUT_S)
        if switched.charts != 2 or switched.titles[:1] != [f"总览：{town}"]:
            return opened, None, f"switch: titles {switched.titles[:1]}, {switched.charts} charts"
        return opened, switched.seconds, ""
    except Exception as error:  # counted as a failed page load
        return (
            opened,
            None,
            f"{type(error).__name__}: {str(error).splitlines()[0][:120] if str(error) else ''}",
        )
    finally:
        await viewer.close()


async def viewers(base: str, token: str, args, officer_cmd: list[str], env: dict) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        if args.client == "ws":
            browsers = [None]
            one = one_client
        else:
            one = one_viewer
            browsers = [
                await playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS + LOOPBACK_ONLY
                )
                for _ in range(args.browsers)
            ]
        # One view first, so the servers' caches hold the region (a warm server, as on a working morning).
        warm = await (
            one_client(base, token, "第1镇")
            if args.client == "ws"
            else one(browsers[0], base, token, "第1镇")
        )
        print(f"warm-up view: overview {warm[0]}, switch {warm[1]} {warm[2]}")
        started = time.perf_counter()

        async def officer() -> tuple[int, str, float]:
            proc = await asyncio.create_subprocess_exec(
                *officer_cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            out, _ = await proc.communicate()
            return proc.returncode, out.decode()[-300:], time.perf_counter() - started

        async def no_officer() -> tuple[int, str, float]:
            return 0, "", 0.0

        towns = [f"第{(i % 20) + 2}镇" for i in range(args.viewers)]
        imported, *results = await asyncio.wait_for(
            asyncio.gather(
                no_officer() if args.meeting else officer(),
                *(
                    one_client(base, token, t)
                    if args.client == "ws"
                    else one(browsers[i % len(browsers)], base, token, t)
                    for i, t in enumerate(towns)
                ),
            ),
            RUN_TIMEOUT_S,
        )
        all_done = time.perf_counter() - started
        for browser in browsers:
            if browser is not None:
                await browser.close()
    return {"results": results, "all_done": all_done, "officer": imported}


def settle(base: str, token: str, pids: list[int]) -> list[float]:
    """Each process's VmRSS once the data version before the officer's import has been idle for
    IDLE_SECONDS and a viewer opened the overview again (the run that lets those entries go)."""
    time.sleep(IDLE_SECONDS + SETTLE_MARGIN_S)
    for _ in pids:  # behind nginx each new viewer may land on either process: one view each, at least
        asyncio.run(one_client(base, token, "第2镇"))
    return [status_mib(pid, "VmRSS") for pid in pids]


def wait_for_line(log: Path, text: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while text not in log.read_text(encoding="utf-8"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{log} never said {text!r}")
        time.sleep(0.5)


def quantiles(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.1f} s · p95 {p95:.1f} s · max {ordered[-1]:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument(
        "--client",
        choices=["ws", "browser"],
        default="ws",
        help="ws: Streamlit's WebSocket protocol without a browser (benchmarks/st_client.py); browser: chromium tabs",
    )
    parser.add_argument("--two", action="store_true", help="two processes behind nginx on one PostgreSQL")
    parser.add_argument(
        "--settle",
        action="store_true",
        help="after the viewers, wait until the old data version's entries are idle long enough to go "
        "(pages/common/version_cache.py), open the overview once more, and print what each process holds",
    )
    parser.add_argument(
        "--meeting",
        action="store_true",
        help="no import: the viewers start once the server has warmed the overview and the units below it",
    )
    parser.add_argument("--pg-url", default=os.environ.get("DASHBOARD_TEST_PG_URL"))
    args = parser.parse_args()
    if not 1 <= args.viewers <= 60 or not 1 <= args.browsers <= 6:
        parser.error("1–60 viewers in 1–6 browsers: this runs on the same machine as the servers")
    if args.two and not args.pg_url:
        parser.error("--two needs a PostgreSQL server: --pg-url (scripts/pg_test_server.sh start DIR PORT)")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        work = Path(tmp)
        if args.two:
            os.environ["DASHBOARD_TEST_PG_URL"] = args.pg_url
            from tests.conftest import _drop_postgres, _fresh_postgres_url

            url = _fresh_postgres_url()
            stack.callback(_drop_postgres, url)
        else:
            url = f"sqlite:///{work / 'region.sqlite3'}"
        started = time.perf_counter()
        officer_file = build_region(url, args.units, work)
        print(f"region of {args.units:,} units, week 5 imported in {time.perf_counter() - started:.1f} s")
        token = session_for(url, "leader", "admin")
        servers = [
            stack.enter_context(StreamlitServer(url, work / f"server{n}.log"))
            for n in range(2 if args.two else 1)
        ]
        base = servers[0].base
        if args.two:
            from tests.nginx_support import Nginx

            ports = [int(s.base.rsplit(":", 1)[1]) for s in servers]
            base = stack.enter_context(Nginx(ports, work / "nginx")).base
        pids = [s.proc.pid for s in servers]
        if args.meeting:
            for server in servers:
                wait_for_line(server.log, "sub-units' overviews warmed up", RUN_TIMEOUT_S)
        env = {**os.environ, "DASHBOARD_DB_URL": url}
        officer_cmd = [sys.executable, "cli.py", "import", str(officer_file), "--user", "officer"]
        print(
            f"{len(servers)} server process(es){' behind nginx' if args.two else ''}; load {load_average()}"
        )
        cpu_before = [cpu_seconds(pid) for pid in pids]
        run = asyncio.run(viewers(base, token, args, officer_cmd, env))
        cpu = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before, strict=True)]
        memory = [peak_memory_mib(pid) for pid in pids]
        held = [status_mib(pid, "VmRSS") for pid in pids]
        settled = settle(base, token, pids) if args.settle else None
        # serve.py's warm-ups (the overview, then the units below it in quiet moments), as each server logged them
        warm_ups = [
            f"server process {n + 1}: {line.strip()}"
            for n, server in enumerate(servers)
            for line in server.log.read_text(encoding="utf-8").splitlines()
            if "warmed up" in line
        ]
    results = run["results"]
    failed = [error for _, _, error in results if error]
    code, out, took = run["officer"]
    print(
        f"{args.viewers} viewers ({'WebSocket clients' if args.client == 'ws' else f'tabs in {args.browsers} browsers'}): failed page loads {len(failed)} (goal 0)"
        + (f" — {failed[:3]}" if failed else "")
    )
    print(f"  overview of the region: {quantiles([r[0] for r in results if r[0] is not None])}")
    print(f"  switching to a town:    {quantiles([r[1] for r in results if r[1] is not None])}")
    print(f"  last viewer done after {run['all_done']:.1f} s")
    last = out.strip().splitlines()[-1] if out.strip() else ""
    if not args.meeting:
        print(f"officer's cli.py import of week 6 during the load: exit {code} after {took:.1f} s; {last}")
    for n, (used, peak, now) in enumerate(zip(cpu, memory, held, strict=True)):
        print(
            f"server process {n + 1}: CPU {used:.1f} s, peak memory (VmHWM) {peak:.0f} MiB, "
            f"held when the last viewer was done (VmRSS) {now:.0f} MiB"
        )
    for line in warm_ups:
        print(line)
    if settled is not None:
        print(
            f"after {IDLE_SECONDS + SETTLE_MARGIN_S:.0f} s and one more view of the overview: held (VmRSS) "
            + ", ".join(f"{m:.0f} MiB" for m in settled)
        )
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
