"""Shared test data for the loaders tests: a small unit list and workbook builders (imported, not a conftest)."""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd

from domain.catalogue import catalogue_frame
from domain.frames import UNIT_COLUMNS

ITEMS = catalogue_frame()

# The 东河县 units of shared/samples/units_东河县.csv, plus a few for matching cases.
_UNITS = [
    ("C", "东河县", [], None, "county", 14.0),
    ("C01", "东河镇", ["东河"], "C", "town", 14.0),
    ("C02", "南湖街道", [], "C", "town", 4.0),
    ("C0101", "李家村", [], "C01", "village", math.nan),
    ("C0102", "王庄村", [], "C01", "village", math.nan),
    ("C0201", "湖滨社区", ["湖滨"], "C02", "village", math.nan),
    ("C03", "新华镇", [], "C", "town", math.nan),
    ("C04", "新华街道", [], "C", "town", math.nan),
    ("C05", "西山乡人民政府", ["西山乡政府"], "C", "town", math.nan),
]


def make_units() -> pd.DataFrame:
    rows = []
    for code, name, aliases, parent, level, sub_units in _UNITS:
        rows.append({
            "code": code, "name": name, "aliases": aliases, "parent_code": parent, "level": level,
            "population": math.nan, "households": math.nan, "staff": math.nan, "sub_units": sub_units,
            "checkpoints": math.nan, "classes": math.nan, "sites": math.nan, "active": True,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def xlsx(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    """A workbook from rows of cell values, one entry per sheet, with merged ranges such as "B3:D3"."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problem_tuples(problems) -> list[tuple]:
    return [(p.code, p.severity, p.sheet, p.row, p.column, p.value) for p in problems]
