"""What each page of the menu costs the server: its first view with every cache emptied, and its warm run (a
click: the median of WARM_RUNS reruns), in seconds of CPU, beside the goal of a warm view (issue 14: 0.1 s).

    python benchmarks/bench_every_page.py [--units 500] [--weeks 52] [--db PATH]

--db keeps the database at PATH and reuses it (a province, 30,000 units, is built by
`bench_pages.py --units 30000 --db PATH`). Only the overview used to be timed; at province scale the others
cost seconds a click. AppTest runs each page as an admin sees it; CPU time, so a busy machine moves it less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import admin_session, database_at  # noqa: E402

WARM_RUNS = 7
GOAL_WARM_RUN = 0.1  # s of server CPU for a view with warm caches (issue 14)


def every_page(url: str, session: str) -> None:
    """Each page's first view with every cache emptied, then its warm reruns, server CPU (AppTest)."""
    import streamlit as st  # noqa: TID251 -- only to empty the caches between pages
    from streamlit.testing.v1 import AppTest  # noqa: TID251 -- a test harness, like tests/

    from pages.common.menu import PAGES

    os.environ["DASHBOARD_DB_URL"] = url
    for page in [p.path for p in PAGES]:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / page), default_timeout=600)
        at.query_params["s"] = session
        cpu = time.process_time()
        at.run()
        first = time.process_time() - cpu
        assert not at.exception, (page, at.exception)
        warm = []
        for _ in range(WARM_RUNS):
            cpu = time.process_time()
            at.run()
            warm.append(time.process_time() - cpu)
        median = statistics.median(warm)
        print(
            f"{page}: first view {first:.2f} s CPU; warm run median {median:.3f} s CPU (runs "
            f"{min(warm):.3f}–{max(warm):.3f}), goal ≤ {GOAL_WARM_RUN:g} s: "
            f"{'met' if median <= GOAL_WARM_RUN else 'not met'}; load {os.getloadavg()[0]:.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--db", type=Path, help="keep the database here; reuse it when it exists")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_at(args.db or Path(tmp) / "county.sqlite3", args.units, args.weeks)
        every_page(url, admin_session(url))


if __name__ == "__main__":
    main()
