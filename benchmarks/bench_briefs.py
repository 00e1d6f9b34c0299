"""How long a meeting brief takes for a county: 500 units, 52 weeks. Goal (issue 12): under 10 s per format.

    python benchmarks/bench_briefs.py [--units 500] [--weeks 52] [--db PATH] [--zip]

Each format is timed twice in one process: cold (the first brief of the process; the PDF then also starts
chromium for its chart pictures) and warm (the next one). "content" is build_brief alone (the read model and
the metrics), the part every format shares. --zip also times one brief per town (the county's 19 towns).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import build_database  # noqa: E402

from briefs.content import build_brief  # noqa: E402
from briefs.formats import FORMATS, children_zip, render  # noqa: E402
from store import open_engine  # noqa: E402

GOAL_SECONDS = 10.0


def timed(run) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--zip", action="store_true")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "county.sqlite3"
    url = build_database(path, args.units, args.weeks) if not path.exists() else f"sqlite:///{path}"
    engine = open_engine(url)

    seconds, brief = timed(lambda: build_brief(engine, None, None))
    print(
        f"{args.units} units, {args.weeks} weeks, {len(brief.children)} child units, {len(brief.alerts)} alerts"
    )
    print(f"{'what':<22}{'seconds':>9}{'goal':>7}{'ratio':>8}{'size':>11}")
    print(f"{'content (first)':<22}{seconds:>9.2f}")
    for fmt in FORMATS:
        for run in ("cold", "warm"):
            seconds, payload = timed(lambda fmt=fmt: render(build_brief(engine, None, None), fmt))
            ratio = seconds / GOAL_SECONDS
            print(f"{fmt + ' ' + run:<22}{seconds:>9.2f}{GOAL_SECONDS:>7.0f}{ratio:>8.2f}{len(payload):>11,}")
    if args.zip:
        for fmt in FORMATS:
            seconds, (payload, names) = timed(lambda fmt=fmt: children_zip(engine, None, None, fmt))
            print(f"{fmt + ' zip ×' + str(len(names)):<22}{seconds:>9.2f}{'':>7}{'':>8}{len(payload):>11,}")


if __name__ == "__main__":
    main()
