"""Time and peak memory of the metrics at county and province scale, one subprocess per scale.

    python benchmarks/bench_metrics.py            # county and province
    python benchmarks/bench_metrics.py county     # one scale

Data are generated in memory: a 3-level tree (root → towns → villages), 8 supplies and 7 publicity
materials, 52 weeks, every leaf reporting every supply every week (a few percent missing) and every
publicity material. Codes are categoricals, as a store reading 12 million rows should hand them over.
Peak memory is the subprocess's maximum resident set size (data included).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.catalogue import catalogue_frame  # noqa: E402
from domain.frames import UNIT_COLUMNS  # noqa: E402

SCALES = {"county": (20, 24), "province": (1200, 24)}  # towns, villages per town → 1+T+T×V units
SUPPLY_CODES = [
    "mask_surgical",
    "mask_n95",
    "disinfectant",
    "alcohol",
    "thermometer",
    "hand_soap",
    "protective_suit",
    "gloves",
]
MATERIAL_CODES = ["banner", "leaflet", "poster", "board", "screen", "vehicle", "loudspeaker"]
WEEKS = 52


def make_units(towns: int, villages: int) -> pd.DataFrame:
    codes = (
        ["R"] + [f"T{t}" for t in range(towns)] + [f"V{t}_{v}" for t in range(towns) for v in range(villages)]
    )
    parents = [None] + ["R"] * towns + [f"T{t}" for t in range(towns) for _ in range(villages)]
    levels = ["county"] + ["town"] * towns + ["village"] * (towns * villages)
    n = len(codes)
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "code": codes,
            "name": [f"单位{c}" for c in codes],
            "aliases": [[] for _ in range(n)],
            "parent_code": parents,
            "level": levels,
            "population": rng.integers(500, 5000, n).astype(float),
            "households": rng.integers(100, 1500, n).astype(float),
            "staff": rng.integers(5, 40, n).astype(float),
            "sub_units": rng.integers(3, 12, n).astype(float),
            "checkpoints": rng.integers(0, 4, n).astype(float),
            "classes": np.zeros(n),
            "sites": rng.integers(2, 20, n).astype(float),
            "active": True,
        }
    )
    return frame[UNIT_COLUMNS]


def make_reports(units: pd.DataFrame, codes: list[str], seed: int, publicity: bool) -> pd.DataFrame:
    leaves = units.loc[units["level"] == "village", "code"].to_numpy()
    weeks = pd.date_range("2020-01-06", periods=WEEKS, freq="7D")
    n_leaf, n_item = len(leaves), len(codes)
    rng = np.random.default_rng(seed)
    size = n_leaf * n_item * WEEKS
    unit_idx = np.repeat(np.arange(n_leaf), n_item * WEEKS)
    item_idx = np.tile(np.repeat(np.arange(n_item), WEEKS), n_leaf)
    week_idx = np.tile(np.arange(WEEKS), n_leaf * n_item)
    keep = rng.random(size) > 0.03
    unit_col = pd.Categorical.from_codes(unit_idx[keep], categories=leaves)
    item_col = pd.Categorical.from_codes(item_idx[keep], categories=codes)
    week_col = weeks.to_numpy()[week_idx[keep]]
    m = int(keep.sum())
    if publicity:
        return pd.DataFrame(
            {
                "unit_code": unit_col,
                "week": week_col,
                "material_code": item_col,
                "quantity": rng.integers(0, 50, m).astype(float),
                "sub_units_reached": rng.integers(0, 5, m).astype(float),
                "households_reached": np.full(m, np.nan),
            }
        )
    used = rng.gamma(2.0, 50.0, m).round()
    return pd.DataFrame(
        {
            "unit_code": unit_col,
            "week": week_col,
            "item_code": item_col,
            "on_hand": rng.gamma(2.0, 400.0, m).round(),
            "received": rng.gamma(1.0, 100.0, m).round(),
            "used": used,
            "days_out": np.where(rng.random(m) < 0.01, 2.0, 0.0),
            "opening": np.full(m, np.nan),
        }
    )


def run(scale: str) -> dict:
    import metrics

    towns, villages = SCALES[scale]
    units = make_units(towns, villages)
    items = catalogue_frame()
    items = items[items["code"].isin(SUPPLY_CODES + MATERIAL_CODES)].reset_index(drop=True)
    stock = make_reports(units, SUPPLY_CODES, 2, publicity=False)
    publicity = make_reports(units, MATERIAL_CODES, 3, publicity=True)
    after_data = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings = {}
    for name, call in [
        ("stock_status", lambda: metrics.stock_status(units, items, stock)),
        ("publicity_coverage", lambda: metrics.publicity_coverage(units, items, publicity)),
        ("reporting_summary", lambda: metrics.reporting_summary(units, stock, publicity)),
        ("alerts", lambda: metrics.alerts(units, items, stock, publicity)),
        ("transfer_suggestions", lambda: metrics.transfer_suggestions(units, items, stock)),
    ]:
        start = time.perf_counter()
        result = call()
        timings[name] = round(time.perf_counter() - start, 3)
        timings[f"{name}_rows"] = len(result) if hasattr(result, "__len__") else None
    core = ["stock_status", "publicity_coverage", "reporting_summary", "alerts"]
    return {
        "scale": scale,
        "units": len(units),
        "stock_rows": len(stock),
        "publicity_rows": len(publicity),
        "seconds": timings,
        "core_total_s": round(sum(timings[k] for k in core), 3),
        "data_rss_mib": round(after_data),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[1].startswith("--child="):
        print(json.dumps(run(argv[1].split("=", 1)[1])))
        return
    scales = argv[1:] or list(SCALES)
    results = {}
    for scale in scales:
        out = subprocess.run(
            [sys.executable, __file__, f"--child={scale}"], capture_output=True, text=True, check=True
        )
        results[scale] = json.loads(out.stdout.strip().splitlines()[-1])
        r = results[scale]
        print(
            f"{scale}: {r['units']:,} units, {r['stock_rows']:,} stock rows, {r['publicity_rows']:,} publicity rows"
        )
        for name, value in r["seconds"].items():
            if not name.endswith("_rows"):
                print(f"  {name:22s} {value:7.3f} s   ({r['seconds'][name + '_rows']:,} rows out)")
        print(f"  core total (status+coverage+reporting+alerts) {r['core_total_s']:.3f} s")
        print(f"  peak RSS {r['peak_rss_mib']:,} MiB (of which data generation {r['data_rss_mib']:,} MiB)")
    if {"county", "province"} <= results.keys():
        c, p = results["county"], results["province"]
        data_ratio = (p["stock_rows"] + p["publicity_rows"]) / (c["stock_rows"] + c["publicity_rows"])
        print(f"province ÷ county: data {data_ratio:.1f}×, time {p['core_total_s'] / c['core_total_s']:.1f}×")


if __name__ == "__main__":
    main(sys.argv)
