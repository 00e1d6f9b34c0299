"""Time and peak memory of the metrics at county and province scale, one subprocess per scale.

    python benchmarks/bench_metrics.py            # county and province
    python benchmarks/bench_metrics.py county     # one scale

Data are generated in memory: a 3-level tree (root → towns → villages), 8 supplies and 7 publicity
materials, 52 weeks, every leaf reporting every supply every week (a few percent missing) and every
publicity material. Codes are categoricals, as a store reading 12 million rows should hand them over.
Memory: the RSS once the data are built, and the peak while computing, measured from a reset of the
kernel's high-water mark so the generator's own temporaries do not count; their difference is what the
metrics need on top of the data. The page flow is the overview page: status, coverage, reporting, then
alerts reusing the three.
"""

from __future__ import annotations

import gc
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
CHUNK = 1 << 20


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
    """Every leaf × item × week, about 3 % left out, built column by column in numpy (small integer codes,
    categoricals for unit and item) so the generator's own peak stays near the size of the frame."""
    leaves = units.loc[units["level"] == "village", "code"].to_numpy()
    weeks = pd.date_range("2020-01-06", periods=WEEKS, freq="7D").to_numpy()
    n_leaf, n_item = len(leaves), len(codes)
    rng = np.random.default_rng(seed)
    size = n_leaf * n_item * WEEKS
    # The same random stream as drawing all at once, a million at a time.
    keep = np.concatenate([rng.random(min(CHUNK, size - at)) > 0.03 for at in range(0, size, CHUNK)])
    row = np.flatnonzero(keep)
    del keep
    unit_col = pd.Categorical.from_codes((row // (n_item * WEEKS)).astype(np.int32), categories=leaves)
    item_col = pd.Categorical.from_codes(((row // WEEKS) % n_item).astype(np.int8), categories=codes)
    week_col = weeks[row % WEEKS]
    m = len(row)
    del row
    if publicity:
        return pd.DataFrame(
            {
                "unit_code": unit_col,
                "week": week_col,
                "material_code": item_col,
                "quantity": rng.integers(0, 50, m).astype(float),
                "sub_units_reached": rng.integers(0, 5, m).astype(float),
                "households_reached": np.full(m, np.nan),
            },
            copy=False,
        )
    used = rng.gamma(2.0, 50.0, m)
    np.round(used, out=used)
    on_hand = rng.gamma(2.0, 400.0, m)
    np.round(on_hand, out=on_hand)
    received = rng.gamma(1.0, 100.0, m)
    np.round(received, out=received)
    return pd.DataFrame(
        {
            "unit_code": unit_col,
            "week": week_col,
            "item_code": item_col,
            "on_hand": on_hand,
            "received": received,
            "used": used,
            "days_out": np.where(rng.random(m) < 0.01, 2.0, 0.0),
            "opening": np.full(m, np.nan),
        },
        copy=False,
    )


def rss_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Start VmHWM again from the current RSS (Linux ≥ 4.0), so the peak measured is the metrics' own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - start, 3)


def run(scale: str) -> dict:
    import metrics

    towns, villages = SCALES[scale]
    units = make_units(towns, villages)
    items = catalogue_frame()
    items = items[items["code"].isin(SUPPLY_CODES + MATERIAL_CODES)].reset_index(drop=True)
    stock = make_reports(units, SUPPLY_CODES, 2, publicity=False)
    publicity = make_reports(units, MATERIAL_CODES, 3, publicity=True)
    gc.collect()
    generation_peak = rss_mib("VmHWM")
    data_rss = rss_mib("VmRSS")
    peak_reset = reset_peak()
    timings, rows = {}, {}
    for name, call in [
        ("stock_status", lambda: metrics.stock_status(units, items, stock)),
        ("publicity_coverage", lambda: metrics.publicity_coverage(units, items, publicity)),
        ("reporting_summary", lambda: metrics.reporting_summary(units, stock, publicity)),
        ("alerts", lambda: metrics.alerts(units, items, stock, publicity)),
        ("transfer_suggestions", lambda: metrics.transfer_suggestions(units, items, stock)),
    ]:
        result, timings[name] = timed(call)
        rows[name] = len(result) if hasattr(result, "__len__") else None
        del result

    # The overview page: status, coverage and reporting for the tiles, then alerts reusing all three.
    status, t_status = timed(lambda: metrics.stock_status(units, items, stock))
    coverage, t_coverage = timed(lambda: metrics.publicity_coverage(units, items, publicity))
    reporting, t_reporting = timed(lambda: metrics.reporting_summary(units, stock, publicity))
    page_alerts, t_alerts = timed(
        lambda: metrics.alerts(
            units, items, stock, publicity, status=status, coverage=coverage, reporting=reporting
        )
    )
    timings["alerts_reusing"] = t_alerts
    rows["alerts_reusing"] = len(page_alerts)
    core = ["stock_status", "publicity_coverage", "reporting_summary", "alerts"]
    peak = rss_mib("VmHWM")
    return {
        "scale": scale,
        "units": len(units),
        "stock_rows": len(stock),
        "publicity_rows": len(publicity),
        "seconds": timings,
        "rows": rows,
        "core_total_s": round(sum(timings[k] for k in core), 3),
        "page_flow_s": round(t_status + t_coverage + t_reporting + t_alerts, 3),
        "generation_peak_mib": round(generation_peak),
        "data_rss_mib": round(data_rss),
        "peak_rss_mib": round(
            peak if peak_reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
        "peak_reset": peak_reset,
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
            print(f"  {name:22s} {value:7.3f} s   ({r['rows'][name]:,} rows out)")
        print(f"  core total, each alone (status+coverage+reporting+alerts) {r['core_total_s']:.3f} s")
        print(f"  page flow (status, coverage, reporting, alerts reusing them) {r['page_flow_s']:.3f} s")
        print(
            f"  RSS: data {r['data_rss_mib']:,} MiB (generation peak {r['generation_peak_mib']:,} MiB); "
            f"peak while computing {r['peak_rss_mib']:,} MiB, metrics alone "
            f"+{r['peak_rss_mib'] - r['data_rss_mib']:,} MiB"
            + ("" if r["peak_reset"] else " (peak not resettable: includes generation)")
        )
    if {"county", "province"} <= results.keys():
        c, p = results["county"], results["province"]
        data_ratio = (p["stock_rows"] + p["publicity_rows"]) / (c["stock_rows"] + c["publicity_rows"])
        print(
            f"province ÷ county: data {data_ratio:.1f}×, page flow time {p['page_flow_s'] / c['page_flow_s']:.1f}×, "
            f"metrics memory {(p['peak_rss_mib'] - p['data_rss_mib']) / max(c['peak_rss_mib'] - c['data_rss_mib'], 1):.1f}×"
        )


if __name__ == "__main__":
    main(sys.argv)
