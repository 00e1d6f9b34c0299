"""Split a sheet into tables (header + data rows), skipping titles, blank and repeated header rows, totals,
footers; fill a merged or blank unit column down and join a unit name split over two rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from loaders import vocabulary as v
from loaders.headers import ITEM_NAME, VALUE, Header, find_header, looks_like_header_row, read_header
from loaders.item_names import ItemMatcher, name_key
from loaders.numbers import is_blank, strip_text
from loaders.reading import RawSheet
from loaders.unit_names import UnitMatcher


@dataclass
class Table:
    header: Header
    rows: list[int] = field(default_factory=list)  # 0-based indices of data rows
    unit_names: list[str] = field(default_factory=list)  # parallel to rows
    totals: list[int] = field(default_factory=list)  # 0-based indices of 合计/总计 rows (小计 skipped only)
    columns: np.ndarray | None = None  # the data rows transposed (cells as objects), filled on first use


@dataclass
class SheetLayout:
    tables: list[Table]
    title: list[object]  # cells above the first header: the title, 填报 row, a date
    other_text: list[str]  # footers and notes: a source of the year only


# Header and total words start with one of these; other names skip the normalisation (one per data row).
_FIRST_CHARS = frozenset(k[0] for k in v.UNIT | v.TOTAL_WORDS) | frozenset("UuTtSs")


def _maybe_special(text: str) -> bool:
    return (
        text[0] in _FIRST_CHARS
        or "计" in text
        or not text.isprintable()
        or not text.isascii()
        and " " in text
    )


def _is_total(key: str) -> bool:
    return key in v.TOTAL_WORDS or key.startswith(("合计", "总计")) or key.endswith(("合计", "总计"))


def _is_subtotal(key: str) -> bool:
    return key.startswith("小计") or key.endswith("小计")


def _has_content(row: list, content: list[int]) -> bool:
    """Whether any item or value cell of the row is filled (any(not is_blank(...)), without a call per cell
    for the usual figure)."""
    for index in content:
        cell = row[index]
        if type(cell) is float:
            if cell == cell:  # NaN is blank
                return True
        elif not is_blank(cell):
            return True
    return False


def split_tables(sheet: RawSheet, items: ItemMatcher, units: UnitMatcher) -> SheetLayout | None:
    rows = sheet.rows
    header = find_header(rows, 0, items, sheet.merged)
    if header is None:
        return None
    title = [c for r in rows[: header.first_row] for c in r if not is_blank(c)]
    layout = SheetLayout([], title, [])
    while header is not None:
        table, next_start = _read_table(rows, header, items, units, layout.other_text)
        layout.tables.append(table)
        header = read_header(rows, next_start, items, sheet.merged) if next_start is not None else None
    return layout


def _read_table(
    rows: list[list], header: Header, items: ItemMatcher, units: UnitMatcher, other_text: list[str]
) -> tuple[Table, int | None]:
    """Data rows of one table, and the index of the next table's header row (None at the end of the sheet)."""
    table = Table(header)
    unit_index = header.unit_column.index
    content = [c.index for c in header.columns if c.role in (VALUE, ITEM_NAME)]
    current: str | None = None  # the unit a blank (merged) unit cell stands for
    previous_was_data = False
    width = len(header.columns)
    skip_until = header.last_row
    for index in range(header.last_row + 1, len(rows)):
        if index <= skip_until:
            continue
        row = rows[index]
        cell = row[unit_index]
        text = strip_text(cell) if isinstance(cell, str) else ("" if is_blank(cell) else str(cell))
        has_content = _has_content(row, content)
        if text:
            # Most names are neither a header nor a total word: those checks only for the few that may be.
            key = name_key(text) if _maybe_special(text) else ""
            if key and key in v.UNIT and looks_like_header_row(row, items):
                again = read_header(rows, index, items, [])
                if [c.label for c in again.columns[:width]] != [c.label for c in header.columns]:
                    return table, index
                current, previous_was_data, skip_until = None, False, again.last_row
                continue  # the same header repeated (a printed page break)
            if key and (_is_total(key) or _is_subtotal(key)):
                if _is_total(key):
                    table.totals.append(index)
                current, previous_was_data = None, False
                continue
            if text.startswith(v.FOOTER_STARTS):
                other_text.extend(strip_text(c) for c in row if isinstance(c, str) and c.strip())
                current, previous_was_data = None, False
                continue
            if not has_content:
                # A name with nothing beside it just under a data row continues that row's name
                # (汉阳市政建设 / 集团有限公司), unless it is a unit in its own right that reported nothing.
                if previous_was_data and units.match(text).code is None and table.rows:
                    joined = table.unit_names[-1] + text
                    start = len(table.unit_names) - 1
                    while start > 0 and table.unit_names[start - 1] == table.unit_names[-1]:
                        start -= 1
                    for i in range(start, len(table.unit_names)):
                        table.unit_names[i] = joined
                    current = joined
                else:
                    other_text.append(text)
                    current, previous_was_data = None, False
                continue
            current = text
        elif not has_content:
            if all(is_blank(c) for c in row):
                current = None
            previous_was_data = False
            continue
        if current is None:
            current = ""  # data without a unit: reported by the record builder
        table.rows.append(index)
        table.unit_names.append(current)
        previous_was_data = True
    return table, None
