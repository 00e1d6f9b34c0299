"""What one more viewer of the overview costs the server: CPU seconds per page view, on a warm server.

    python benchmarks/bench_viewers.py [--viewers 10] [--rounds 2] [--browsers 1] [--fresh-cache] [--db PATH]

A real `streamlit run serve.py` on the demo district (東河县, SQLite), or on the SQLite database at PATH (a
province built by `bench_pages.py --units 30000 --db PATH`), signed in as a viewer through the session
cookie. One page view warms the server; then each round opens `--viewers` new tabs at once (Playwright pages in
`--browsers` Debian chromium processes), each a new Streamlit session running the overview, and waits until
every tab shows both charts. The server's CPU is read from /proc/<pid>/stat (utime + stime, children included)
before and after: CPU per view = the difference ÷ viewers. Goal (issue 14): ≤ 0.1 s per view.

By default the tabs of a browser share one context, so Streamlit's JavaScript comes from the browser's cache as
it does for anyone who opened the dashboard before; `--fresh-cache` gives each tab its own context (a first
visit ever: every static file served again).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.apptest_support import (  # noqa: E402
    CHROMIUM_ARGS,
    StreamlitServer,
    demo_database,
    session_for,
)

GOAL_CPU_PER_VIEW = 0.1  # s of server CPU per page view, warm caches (issue 14)
GOAL_WARM_FIRST_CHART = 2.0  # s, navigation → first chart, warm server
CHARTS = 2  # the overview draws the days-of-supply heatmap and the stock-and-use trend
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process and its waited-for children, from /proc (no psutil needed)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command name: fields[11..14] are utime, stime, cutime, cstime (man 5 proc, fields 14–17).
    return sum(int(v) for v in fields[11:15]) / TICKS


def status_mib(pid: int, field: str) -> float:
    """One memory field of /proc/<pid>/status in MiB (VmHWM: the peak resident memory; VmRSS: what is held now)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_memory_mib(pid: int) -> float:
    return status_mib(pid, "VmHWM")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# Loopback only, without Playwright's request routing (routing turns the browser's HTTP cache off, and every
# tab would fetch Streamlit's 5 MB of JavaScript again): any other address goes to a closed local port, and
# names resolve to nothing. Chromium never sends loopback through a proxy.
LOOPBACK_ONLY = [
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


async def new_context(browser, base: str, token: str):
    from gateway.session_cookie import SESSION_COOKIE

    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    await context.add_cookies(
        [{"name": SESSION_COOKIE, "value": token, "url": base, "httpOnly": True, "sameSite": "Strict"}]
    )
    return context


async def open_overview(context, url: str, timeout_s: float = 120) -> tuple[float, float, object]:
    """Open `url` in a new tab: (seconds to the first chart, seconds to the last chart, the page)."""
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=timeout_s * 1000)
    charts = page.locator(".js-plotly-plot .main-svg")
    await charts.first.wait_for(timeout=timeout_s * 1000)
    first = time.perf_counter() - start
    await charts.nth(CHARTS * 2 - 1).wait_for(timeout=timeout_s * 1000)  # plotly draws two svgs a chart
    return first, time.perf_counter() - start, page


async def measure(base: str, pid: int, token: str, args) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browsers = [
            await playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS + LOOPBACK_ONLY
            )
            for _ in range(args.browsers)
        ]
        shared = [await new_context(b, base, token) for b in browsers]
        before = cpu_seconds(pid)
        first, last, page = await open_overview(shared[0], f"{base}/")
        print(
            f"fresh server, first view: first chart {first:.2f} s, last chart {last:.2f} s "
            f"(goal < 3 s), server CPU {cpu_seconds(pid) - before:.2f} s"
        )
        await page.close()
        first, last, page = await open_overview(shared[0], f"{base}/")
        await page.close()
        print(f"warm server, one view: first chart {first:.2f} s (goal < {GOAL_WARM_FIRST_CHART:g} s)")
        per_view = []
        for round_no in range(1, args.rounds + 1):
            contexts = (
                [await new_context(browsers[i % len(browsers)], base, token) for i in range(args.viewers)]
                if args.fresh_cache
                else [shared[i % len(browsers)] for i in range(args.viewers)]
            )
            await asyncio.sleep(1.0)
            before, started = cpu_seconds(pid), time.perf_counter()
            views = await asyncio.gather(*(open_overview(c, f"{base}/") for c in contexts))
            all_done = time.perf_counter() - started
            await asyncio.sleep(1.0)  # let the server finish sending before the reading
            used = cpu_seconds(pid) - before
            per_view.append(used / args.viewers)
            firsts = sorted(v[0] for v in views)
            print(
                f"round {round_no}: {args.viewers} viewers at once: server CPU {used:.2f} s = "
                f"{used / args.viewers:.3f} s per view (goal {GOAL_CPU_PER_VIEW} s, "
                f"{used / args.viewers / GOAL_CPU_PER_VIEW:.2f}× the goal); first chart median "
                f"{statistics.median(firsts):.2f} s, last chart on screen after {all_done:.2f} s; load {load_average()}"
            )
            for _, _, page in views:
                await page.close()
            if args.fresh_cache:
                for context in contexts:
                    await context.close()
        for browser in browsers:
            await browser.close()
    best = min(per_view)
    print(
        f"server CPU per view: best round {best:.3f} s, median {statistics.median(per_view):.3f} s "
        f"(goal ≤ {GOAL_CPU_PER_VIEW} s, ratio {best / GOAL_CPU_PER_VIEW:.2f}); "
        f"server peak memory {peak_memory_mib(pid):.0f} MiB; load {load_average()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--browsers", type=int, default=1)
    parser.add_argument("--fresh-cache", action="store_true", help="every tab in its own browser context")
    parser.add_argument("--db", type=Path, help="an existing SQLite database instead of the demo district")
    args = parser.parse_args()
    if not 1 <= args.viewers <= 60 or not 1 <= args.browsers <= 6:
        parser.error("1–60 viewers in 1–6 browsers: this runs on the same machine as the server")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{args.db.resolve()}" if args.db else demo_database(Path(tmp) / "demo.sqlite3")
        # A new viewer account each run: a kept database holds the accounts of the runs before.
        token = session_for(url, f"leader{os.getpid()}", "viewer")
        with StreamlitServer(url, Path(tmp) / "streamlit.log") as server:
            print(f"server pid {server.proc.pid} at {server.base}; load {load_average()}")
            asyncio.run(measure(server.base, server.proc.pid, token, args))


if __name__ == "__main__":
    main()
