"""Data-quality alerts: checks on each unit's own row of the chosen week, and the alerts they become.

The checks: negative figures, days out > 7, used > opening + received, stock rising by more than was
received, use more than 3× the median of the previous up to 8 weeks (at least 2 of them, median > 0), and a
parent's own figure differing from the sum of its units by more than 0.5. Coverage above 100 % is a
data_quality alert too, found with the coverage alerts in metrics/alerts.py.

Apart from metrics/alerts.py because these checks question the figures themselves, not what they say about
stock or reporting: `quality_findings` is a plain table of what each check found, `quality_alerts` turns it
into alerts that alerts() orders and words with the others.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import alert_text
from metrics.alert_frame import Found, alert_frame, plain_records
from metrics.usage import earlier_use_stats

SPIKE_FACTOR = 3.0
SPIKE_MIN_WEEKS = 2
MISMATCH_TOLERANCE = 0.5
# The columns the sentence reads (alert_text.quality), so only these are turned into Python objects.
QUALITY_FIELDS = [
    "unit_code",
    "unit",
    "item_code",
    "item_label",
    "base_unit",
    "check",
    "figure",
    "value",
    "threshold",
    "available",
    "received",
    "median",
]


def quality_findings(snapshot, grid=None) -> pd.DataFrame:
    """Data-quality findings on the chosen week's own rows: unit_code, item_code, check, figure, value,
    threshold, available, received, median. Pure tables; messages are added by `quality_alerts`."""
    week = snapshot.week
    rows = snapshot.use_rows
    own = snapshot.current
    found = []
    for figure in ["on_hand", "received", "used", "opening", "days_out"]:
        bad = own[own[figure] < 0]
        found.append(bad.assign(check="negative", figure=figure, value=bad[figure], threshold=0.0))
    too_long = own[own["days_out"] > 7]
    found.append(
        too_long.assign(check="days_out", figure="days_out", value=too_long["days_out"], threshold=7.0)
    )
    received = own["received"].fillna(0.0)
    limit = own["available"] + received
    overuse = own[own["used"].notna() & (own["used"] > limit + 1e-9)]
    found.append(
        overuse.assign(
            check="overuse",
            figure="used",
            value=overuse["used"],
            threshold=limit[overuse.index],
            received=received[overuse.index],
        )
    )
    jump = own[(own["on_hand"] > limit + 1e-9) & (own["on_hand"] >= 0)]
    found.append(
        jump.assign(
            check="stock_jump",
            figure="on_hand",
            value=jump["on_hand"],
            threshold=limit[jump.index],
            received=received[jump.index],
        )
    )

    # Worked out when the latest status was stored (store/latest_status.py), else from the window read.
    stats = snapshot.use_stats if snapshot.use_stats is not None else earlier_use_stats(rows, week)
    spikes = own.merge(stats, on=["unit_code", "item_code"])
    spikes = spikes[
        (spikes["count"] >= SPIKE_MIN_WEEKS)
        & (spikes["median"] > 0)
        & (spikes["use"] > SPIKE_FACTOR * spikes["median"])
    ]
    found.append(
        spikes.assign(
            check="use_spike", figure="used", value=spikes["use"], threshold=SPIKE_FACTOR * spikes["median"]
        )
    )

    parents = snapshot.own[~snapshot.own["base"]]
    sums = (snapshot.grid if grid is None else grid)[
        ["unit_code", "item_code", "on_hand", "received", "used"]
    ]
    both = parents.merge(sums, on=["unit_code", "item_code"], suffixes=("", "_sum"))
    both = both.assign(used=both["use"])
    for figure in ["on_hand", "received", "used"]:
        differ = both[
            both[figure].notna()
            & both[f"{figure}_sum"].notna()
            & ((both[figure] - both[f"{figure}_sum"]).abs() > MISMATCH_TOLERANCE)
        ]
        found.append(
            differ.assign(
                check="total_mismatch", figure=figure, value=differ[figure], threshold=differ[f"{figure}_sum"]
            )
        )
    columns = [
        "unit_code",
        "item_code",
        "check",
        "figure",
        "value",
        "threshold",
        "available",
        "received",
        "median",
    ]
    found = [f.reindex(columns=columns) for f in found if len(f)]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)


def quality_alerts(findings: pd.DataFrame, grid: pd.DataFrame, labels, lang) -> Found:
    """The findings as data_quality alerts (all 'info'), and how to word them."""
    # Inactive units' rows are skipped: they are not in the grid, and their parents' totals carry the figure.
    info = grid[["unit_code", "item_code", "unit", "base_unit"]]
    found = findings.merge(info, on=["unit_code", "item_code"], how="inner")
    found["item_label"] = found["item_code"].map(labels)
    frame = alert_frame(
        kind=["data_quality"] * len(found),
        severity=["info"] * len(found),
        unit_code=found["unit_code"],
        unit=found["unit"],
        item=found["item_code"],
        value=pd.to_numeric(found["value"]).to_numpy(dtype=float),
        threshold=pd.to_numeric(found["threshold"]).to_numpy(dtype=float),
        rank=np.full(len(found), np.nan),
    )

    def words(positions) -> list[str]:
        return [alert_text.quality(a, lang) for a in plain_records(found.iloc[positions], QUALITY_FIELDS)]

    return frame, words
