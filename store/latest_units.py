"""The latest status's stock rows, one table row per unit (issue 14).

A province holds 240,000 latest rows (unit × item). Kept a table row each, every import rewrote and every
first view read 240,000 rows through the driver: 1.4 s of a province import went to the row count alone, not
the bytes. So each unit's latest rows travel together in one table row of latest_units (store/tables.py): its
last stock week, its item codes in order, and two float64 matrices as bytes, a line per item: the row's week
(days since 1970) and figures (FIGURE_COLUMNS), and its short history (metrics/latest_history.py). A unit with
stock rows only before the reach of the status has a row with no items (its last week is what reporting reads).

`HeldRows` is what a read gives back: the rows as keys and matrices, and each unit's last week.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from metrics.codes import isin
from metrics.latest_history import HISTORY_WIDTH
from metrics.latest_rows import LATEST_COLUMNS
from store.bulk import column_lists
from store.connections import reading
from store.tables import latest_units

FIGURE_COLUMNS = [c for c in LATEST_COLUMNS if c not in ("unit_code", "item_code", "week")]
FIGURE_WIDTH = 1 + len(FIGURE_COLUMNS)  # the row's week first
UNIT_COLUMNS = ["unit_code", "week", "item_codes", "figures", "history"]
# Beyond this many units an IN list is longer than the read it saves: read every unit, keep the named ones.
UNIT_FILTER_LIMIT = 900
_DAY_NS = 86_400 * 10**9


@dataclass(frozen=True)
class HeldRows:
    """Latest rows: `keys` (unit_code, item_code, week as datetime64[ns]), their `figures` (FIGURE_COLUMNS, a
    row each) and `history` (HISTORY_WIDTH a row; None when not read); `unit_weeks` (unit_code, week) for
    every unit read, with rows or not."""

    keys: pd.DataFrame
    figures: np.ndarray
    history: np.ndarray | None
    unit_weeks: pd.DataFrame

    def of_units(self, codes: list[str]) -> HeldRows:
        """The rows and weeks of these units only."""
        rows = isin(self.keys["unit_code"], codes).to_numpy()
        history = None if self.history is None else self.history[rows]
        keys = self.keys[rows].reset_index(drop=True)
        weeks = self.unit_weeks[isin(self.unit_weeks["unit_code"], codes).to_numpy()].reset_index(drop=True)
        return HeldRows(keys, self.figures[rows], history, weeks)

    def frame(self) -> pd.DataFrame:
        """The rows as metrics.latest_rows returns them (LATEST_COLUMNS, flags as bools)."""
        frame = self.keys.assign(**{c: self.figures[:, n] for n, c in enumerate(FIGURE_COLUMNS)})
        for column in ("derived", "negative_use"):
            frame[column] = frame[column].astype(bool)
        return frame[LATEST_COLUMNS]


def read_units(source: Engine | Connection, codes: list[str] | None, *, history: bool) -> HeldRows:
    """The held rows of the units `codes` (every unit when None), with their histories when `history`."""
    table = latest_units
    columns = [table.c.unit_code, table.c.week, table.c.item_codes, table.c.figures]
    if history:
        columns.append(table.c.history)
    query = select(*columns)
    if codes is not None and len(codes) <= UNIT_FILTER_LIMIT:
        query = query.where(table.c.unit_code.in_(codes))
    with reading(source) as conn:
        result = conn.execute(query)
        rows = result.cursor.fetchall()
        result.close()
    if codes is not None and len(codes) > UNIT_FILTER_LIMIT:
        wanted = set(codes)
        rows = [r for r in rows if r[0] in wanted]
    return _unpacked(rows, history)


def unit_tuples(
    keys: pd.DataFrame, figures: np.ndarray, history: np.ndarray, unit_weeks: pd.DataFrame, sqlite: bool
) -> list[tuple]:
    """latest_units rows (UNIT_COLUMNS) as the driver takes them: one per unit of `unit_weeks`, holding its
    rows of `keys` (with their `figures` and `history`, in the same order), sorted by item code."""
    units = column_lists(unit_weeks, ["unit_code", "week"], dates_as_text=sqlite)
    # Sorted by unit, then item, through integer codes: comparing 240,000 strings twice cost a third of a second.
    unit_numbers, unit_codes = pd.factorize(keys["unit_code"].to_numpy(dtype=object), sort=True)
    item_numbers, item_codes = pd.factorize(keys["item_code"].to_numpy(dtype=object), sort=True)
    order = np.lexsort((item_numbers, unit_numbers))
    days = keys["week"].to_numpy(dtype="datetime64[ns]").view(np.int64)[order] // _DAY_NS
    packed_figures = np.column_stack([days.astype("<f8"), np.asarray(figures, dtype="<f8")[order]])
    figure_bytes = np.ascontiguousarray(packed_figures, dtype="<f8").tobytes()
    history_bytes = np.ascontiguousarray(np.asarray(history, dtype="<f8")[order]).tobytes()
    # Each unit's rows are one run of the sorted rows: bounds[n] … bounds[n + 1] for the unit numbered n.
    bounds = np.searchsorted(unit_numbers[order], np.arange(len(unit_codes) + 1)).tolist()
    run_of = {code: n for n, code in enumerate(unit_codes.tolist())}
    items_of = np.asarray(item_codes, dtype=object)[item_numbers[order]].tolist()
    listed: dict[tuple, str] = {}  # most units hold the same items: each list written once
    figure_width, history_width = FIGURE_WIDTH * 8, HISTORY_WIDTH * 8
    rows = []
    for code, week in zip(*units, strict=True):
        n = run_of.get(code)
        start, end = (0, 0) if n is None else (bounds[n], bounds[n + 1])
        items = tuple(items_of[start:end])
        if items not in listed:
            listed[items] = json.dumps(list(items), ensure_ascii=False)
        rows.append(
            (
                code,
                week,
                listed[items],
                figure_bytes[start * figure_width : end * figure_width],
                history_bytes[start * history_width : end * history_width],
            )
        )
    return rows


def _unpacked(rows: list, history: bool) -> HeldRows:
    read: dict[str, list[str]] = {}  # most units hold the same items: each list read once
    item_lists = [read[r[2]] if r[2] in read else read.setdefault(r[2], json.loads(r[2])) for r in rows]
    counts = np.fromiter((len(items) for items in item_lists), dtype=np.int64, count=len(rows))
    unit_codes = np.array([r[0] for r in rows], dtype=object)
    figures = _matrix([r[3] for r in rows], FIGURE_WIDTH)
    weeks = (figures[:, 0].astype(np.int64) * _DAY_NS).view("datetime64[ns]")
    keys = pd.DataFrame(
        {
            "unit_code": pd.Series(np.repeat(unit_codes, counts), dtype="str"),
            "item_code": pd.Series([code for items in item_lists for code in items], dtype="str"),
            "week": weeks,
        }
    )
    # A few distinct weeks (text on SQLite, dates on PostgreSQL): each converted once.
    distinct = {w: pd.Timestamp(str(w)[:10]) for w in {r[1] for r in rows}}
    unit_weeks = pd.DataFrame(
        {
            "unit_code": pd.Series(unit_codes, dtype="str"),
            "week": pd.Series([distinct[r[1]] for r in rows], dtype="datetime64[ns]"),
        }
    )
    held_history = _matrix([r[4] for r in rows], HISTORY_WIDTH) if history else None
    return HeldRows(keys, np.ascontiguousarray(figures[:, 1:]), held_history, unit_weeks)


def _matrix(blobs: list, width: int) -> np.ndarray:
    return np.frombuffer(b"".join(bytes(b) for b in blobs), dtype="<f8").reshape(-1, width)
