"""Small frames for the metrics tests, built in code: a county, two towns, four villages, one school."""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.catalogue import catalogue_frame
from domain.frames import PUBLICITY_COLUMNS, STOCK_COLUMNS, THRESHOLD_COLUMNS, UNIT_COLUMNS

# ISO weeks of 2020: W3 starts 2020-01-13, W6 starts 2020-02-03.
W = {n: pd.Timestamp("2019-12-30") + pd.Timedelta(weeks=n - 1) for n in range(1, 20)}


def unit(code, name, parent, level, **figures):
    row = {c: np.nan for c in UNIT_COLUMNS}
    row.update(code=code, name=name, aliases=[], parent_code=parent, level=level, active=True)
    row.update(figures)
    return row


def units_frame(rows=None) -> pd.DataFrame:
    if rows is None:
        rows = [
            unit("C", "东河区", None, "county", sub_units=2),
            unit("T1", "白塔乡", "C", "town", staff=30, sub_units=2, households=3000),
            unit("T2", "东河镇", "C", "town", sub_units=3),
            unit("V11", "李家村", "T1", "village", households=500, sub_units=4),
            unit("V12", "王庄村", "T1", "village", households=700, sub_units=5),
            unit("V21", "张村", "T2", "village", households=400),
            unit("V22", "赵村", "T2", "village", households=600, staff=10),
            unit("S21", "东河小学", "T2", "school", population=400, checkpoints=2, classes=8),
        ]
    frame = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    frame["parent_code"] = frame["parent_code"].astype(object)
    return frame


def items_frame() -> pd.DataFrame:
    return catalogue_frame()


def stock_frame(rows) -> pd.DataFrame:
    """rows: dicts with unit_code, week (ISO week number or Timestamp), item_code and any figures."""
    records = []
    for r in rows:
        rec = {c: np.nan for c in STOCK_COLUMNS}
        rec.update(r)
        if isinstance(rec["week"], int):
            rec["week"] = W[rec["week"]]
        records.append(rec)
    frame = pd.DataFrame(records, columns=STOCK_COLUMNS)
    frame["week"] = pd.to_datetime(frame["week"]).astype("datetime64[ns]")
    for c in STOCK_COLUMNS[3:]:
        frame[c] = frame[c].astype(float)
    return frame


def series(unit_code, item_code, weeks_used_on_hand, **extra):
    """Stock rows for consecutive weeks: {week: (used, on_hand)}."""
    return [
        {
            "unit_code": unit_code,
            "item_code": item_code,
            "week": wk,
            "used": used,
            "on_hand": on_hand,
            **extra,
        }
        for wk, (used, on_hand) in weeks_used_on_hand.items()
    ]


def publicity_frame(rows) -> pd.DataFrame:
    records = []
    for r in rows:
        rec = {c: np.nan for c in PUBLICITY_COLUMNS}
        rec.update(r)
        if isinstance(rec["week"], int):
            rec["week"] = W[rec["week"]]
        records.append(rec)
    frame = pd.DataFrame(records, columns=PUBLICITY_COLUMNS)
    frame["week"] = pd.to_datetime(frame["week"]).astype("datetime64[ns]")
    for c in PUBLICITY_COLUMNS[3:]:
        frame[c] = frame[c].astype(float)
    return frame


def thresholds_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=THRESHOLD_COLUMNS)
