"""The first leader after an upload: how long until the overview's first chart, on a running server, when another
process (`cli.py import`, another server) has just stored a new week.

    python benchmarks/bench_after_change.py --db PATH     # a database bench_pages.py built (--db), copied first

serve.py warms the overview again once the data version has stood still for serve.SETTLE_SECONDS. Two
changes are timed on a copy of the database, each a new week stored as an import's transaction stores it:
  1. nobody looks until the server has warmed the overview (its log says when, and how long the warm-up took),
     then the first viewer opens it: what a leader sees in a meeting after the morning's uploads;
  2. the first viewer opens the overview right after the change, before the warm-up: the worst case, the
     overview worked out for that viewer, as before serve.py warmed it again.
Each viewer is a new Chromium context, timed from navigation to the first chart on screen (bench_pages.py's
clock). Issue 14's goal for the overview's first view after a data change: county < 0.5 s, province < 3 s
server-side; the browser adds its own ~1.6–2 s (bench_pages.py).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import admin_session, chart_time, load, scale_of, serve, stop  # noqa: E402

from serve import SETTLE_SECONDS  # noqa: E402
from store import open_engine, write_transaction  # noqa: E402
from store.latest_status import refresh_latest_status  # noqa: E402
from store.report_writes import replace_reports  # noqa: E402
from store.reports import PUBLICITY, STOCK, load_publicity, load_stock, report_weeks  # noqa: E402
from store.uploads import IMPORTED, UploadRecord, record_upload  # noqa: E402
from store.versions import bump_data_version  # noqa: E402

WARMED = re.compile(r"overview warmed up again after a data change in (\d+\.\d\d) s \((.+?)\)")


def store_next_week(url: str) -> tuple[str, float]:
    """The last stored week's rows copied one week on, stored as an import's transaction stores them (rows,
    upload record, data version, latest status moved forward for those units). (the new week, seconds)."""
    engine = open_engine(url)
    last = report_weeks(engine)[0]
    week = pd.Timestamp(last + timedelta(weeks=1))
    stock = load_stock(engine, weeks_from=last, weeks_to=last).assign(week=week)[STOCK.columns]
    publicity = load_publicity(engine, weeks_from=last, weeks_to=last).assign(week=week)[PUBLICITY.columns]
    started = time.perf_counter()
    with write_transaction(engine) as conn:
        upload = record_upload(
            conn, UploadRecord("bench", "bench", "bench", IMPORTED, len(stock), 0, [], [], [])
        )
        replace_reports(conn, STOCK, stock, upload)
        replace_reports(conn, PUBLICITY, publicity, upload)
        bump_data_version(conn)
        codes = set(stock["unit_code"]) | set(publicity["unit_code"])
        refresh_latest_status(conn, codes, {week}, written_stock=stock)
    engine.dispose()
    return week.date().isoformat(), time.perf_counter() - started


def wait_for(log: Path, pattern: re.Pattern, count: int, seconds: float = 300) -> list[tuple[str, ...]]:
    """The log's matches of `pattern` once there are `count` of them."""
    deadline = time.monotonic() + seconds
    while len(found := pattern.findall(log.read_text(encoding="utf-8", errors="replace"))) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{pattern.pattern!r} seen {len(found)} times, not {count}, in {seconds:g} s")
        time.sleep(0.1)
    return found


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--db", type=Path, required=True, help="a database bench_pages.py built; copied first"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "after-change.sqlite3"
        shutil.copyfile(args.db, copy)
        url = f"sqlite:///{copy}"
        scale, session, log = scale_of(url), admin_session(url), Path(tmp) / "serve.log"
        proc, base = serve(url, log)
        try:
            wait_for(log, re.compile(r"overview warmed up in"), 1)
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
                )
                chart_time(chromium, base, session)  # the browser's own first start, not timed
                week, stored = store_next_week(url)
                changed = time.monotonic()
                warm_seconds, warmed_what = wait_for(log, WARMED, 1)[0]
                until_warm = time.monotonic() - changed
                after_warm, _ = chart_time(chromium, base, session)
                week2, stored2 = store_next_week(url)
                at_once, _ = chart_time(chromium, base, session)
                chromium.close()
        finally:
            stop(proc)
    print(
        f"after a data change ({scale}, {load()}): week {week} stored by another process in {stored:.2f} s; the "
        f"server warmed the overview again {until_warm:.1f} s later (it waits {SETTLE_SECONDS:g} s for the "
        f"version to stand still; the warm-up itself {warm_seconds} s, {warmed_what}); the first viewer after "
        f"that: first chart in {after_warm:.2f} s. Week {week2} stored in {stored2:.2f} s and a viewer at once, "
        f"before the warm-up: {at_once:.2f} s"
    )


if __name__ == "__main__":
    main()
