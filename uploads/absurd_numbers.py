"""Figures no officer wrote: infinite, or beyond 10^12 (a county holds millions of masks, not trillions).

`inf`, `Infinity` and `1e400` in an all-numeric CSV column were stored as infinite stock (issue 11). The words
(`inf`, `Infinity`, `nan`) are now refused where the cell is read (loaders/numbers.py, not_a_number); what
arrives here is a number written as one: 1e400 (infinite) or 2e12 (too large).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.problems import ERROR, Problem

LARGEST = 1e12
# The measure columns of each frame (STOCK_COLUMNS / PUBLICITY_COLUMNS after the key) with their Chinese names.
MEASURES = {
    "on_hand": "库存",
    "received": "入库",
    "used": "消耗",
    "days_out": "断货天数",
    "opening": "期初库存",
    "quantity": "数量",
    "sub_units_reached": "覆盖村居数",
    "households_reached": "覆盖户数",
}


def absurd_number_problems(frame: pd.DataFrame) -> list[Problem]:
    """One error per cell holding a non-finite number or one above 10^12 in magnitude."""
    problems = []
    for column, label in MEASURES.items():
        if column not in frame:
            continue
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = np.isinf(values) | (np.abs(np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)) > LARGEST)
        for index in np.flatnonzero(bad):
            row = frame.iloc[index]
            problems.append(_absurd(row.get("sheet"), row.get("row"), label, column, values[index]))
    return problems


def _absurd(sheet, row, label: str, column: str, value: float) -> Problem:
    shown = str(value) if np.isinf(value) else f"{value:.6g}"
    where = (f"「{sheet}」表" if sheet else "") + (f"第{int(row)}行" if _is_number(row) else "")
    return Problem(
        code="absurd_number",
        severity=ERROR,
        sheet=sheet if isinstance(sheet, str) else None,
        row=int(row) if _is_number(row) else None,
        column=label,
        value=shown,
        message_zh=f"{where}「{label}」为 {shown}，不是有效数量（须为有限数且不超过 1 万亿），请改为实际数字",
        message_en=f"{label} ({column}) is {shown}, not a real quantity (finite and at most 10^12): "
        "write the actual figure",
    )


def _is_number(value) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and np.isfinite(value)
