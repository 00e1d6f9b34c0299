"""Split a sheet into tables (header + data rows), skipping titles, blank and repeated header rows, totals,
footers and notes; fill a unit down only where its cells are merged or a list groups rows under it, and join a
unit name split over two rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from loaders import vocabulary as v
from loaders.headers import (
    ITEM_NAME,
    LABEL_ROLES,
    UNIT,
    VALUE,
    Header,
    find_header,
    read_header,
    starts_header,
)  # fmt: skip
from loaders.item_names import ItemMatcher
from loaders.numbers import is_blank, strip_text
from loaders.reading import Merged, RawSheet
from loaders.row_kinds import FOOTER, SUBTOTAL, TOTAL, special_row, without_total_word
from loaders.unit_names import UnitMatcher
from loaders.vocabulary import header_key


@dataclass
class Table:
    header: Header
    rows: list[int] = field(default_factory=list)  # 0-based indices of data rows
    unit_names: list[str] = field(default_factory=list)  # parallel to rows
    totals: list[int] = field(default_factory=list)  # 0-based indices of 合计/总计 rows
    # 小计 rows: (0-based index, the names written beside the word): a town's own row, checked against its villages
    subtotals: list[tuple[int, list[str]]] = field(default_factory=list)
    columns: np.ndarray | None = None  # the data rows transposed (cells as objects), filled on first use
    row_array: np.ndarray | None = None  # `rows` as an array, filled on first use (see wide._check_totals)
    unit_label: str = ""  # where the unit names come from: the unit column's title, or 填报单位/标题/表名

    def __post_init__(self) -> None:
        if not self.unit_label and self.header.unit_column is not None:
            self.unit_label = self.header.unit_column.label


@dataclass
class SheetLayout:
    tables: list[Table]
    title: list[object]  # cells above the first header: the title, 填报 row, a date
    other_text: list[str]  # footers and notes: a source of the year only
    title_rows: list[tuple[int, list]] = field(
        default_factory=list
    )  # (0-based index, cells) above the header


# Header words start with one of these; other names skip the normalisation (one per data row).
_FIRST_CHARS = frozenset(k[0] for k in v.UNIT | v.ITEM_NAME) | frozenset("UuIi")


def _maybe_header(text: str) -> bool:
    return text[0] in _FIRST_CHARS or not text.isprintable() or not text.isascii() and " " in text


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
    title_rows = [(i, r) for i, r in enumerate(rows[: header.first_row]) if any(not is_blank(c) for c in r)]
    title = [c for _, r in title_rows for c in r if not is_blank(c)]
    layout = SheetLayout([], title, [], title_rows)
    while header is not None:
        table, next_start = _read_table(rows, header, items, units, layout.other_text, sheet.merged)
        layout.tables.append(table)
        header = read_header(rows, next_start, items, sheet.merged) if next_start is not None else None
    return layout


def _merged_below(merged: list[Merged], column: int) -> set[int]:
    """Rows whose cell in `column` is covered by a merge started above them (the merge's value applies)."""
    return {r for (r0, c0), (r1, c1) in merged if c0 <= column <= c1 for r in range(r0 + 1, r1 + 1)}


def _row_unit(row: list, unit_indices: list[int]) -> str:
    """The most specific unit named on the row: 村居 over 镇街 when a sheet has both columns."""
    for index in reversed(unit_indices):
        cell = row[index]
        text = strip_text(cell) if isinstance(cell, str) else ("" if is_blank(cell) else str(cell))
        if text:
            return text
    return ""


def _leading_columns(header: Header) -> list[int]:
    """The name columns left of the first figure (序号, 单位, 物资名称…), and every unit column."""
    figures = [c.index for c in header.columns if c.role and c.role not in LABEL_ROLES]
    first_figure = min(figures, default=len(header.columns))
    return [
        c.index
        for c in header.columns
        if (c.index < first_figure and (c.role in LABEL_ROLES or not c.role)) or c.role == UNIT
    ]


def _read_table(
    rows: list[list], header: Header, items: ItemMatcher, units: UnitMatcher, other_text: list[str],
    merged: list[Merged],
) -> tuple[Table, int | None]:  # fmt: skip
    """Data rows of one table, and the index of the next table's header row (None at the end of the sheet)."""
    table = Table(header)
    unit_indices = [c.index for c in header.role(UNIT)]
    anchor = header.anchor.index
    leading = _leading_columns(header)
    content = [c.index for c in header.columns if c.role in (VALUE, ITEM_NAME)]
    # A blank unit cell repeats the unit above only where the cells are merged, or in a long list that groups
    # its rows under a unit (发放单位 written once over its items); in a wide sheet a blank unit is no unit.
    fill_down = header.is_long or not unit_indices
    merged_rows = _merged_below(merged, unit_indices[-1]) if unit_indices else set()
    current: str | None = None  # the unit a blank (merged) unit cell stands for
    previous_was_data = False
    width = len(header.columns)
    skip_until = header.last_row
    for index in range(header.last_row + 1, len(rows)):
        if index <= skip_until:
            continue
        row = rows[index]
        text = _row_unit(row, unit_indices) if unit_indices else ""
        anchor_cell = row[anchor]
        anchor_text = strip_text(anchor_cell) if isinstance(anchor_cell, str) else ""
        if anchor_text and _maybe_header(anchor_text) and header_key(anchor_text) in (v.UNIT | v.ITEM_NAME):
            if starts_header(rows, index, items):
                again = read_header(rows, index, items, [])
                if [c.label for c in again.columns[:width]] != [c.label for c in header.columns]:
                    return table, index
                current, previous_was_data, skip_until = None, False, again.last_row
                continue  # the same header repeated (a printed page break)
        kind, where = special_row(row, leading)
        if kind in (TOTAL, SUBTOTAL):
            if kind == TOTAL:
                table.totals.append(index)
            else:
                names = [without_total_word(row[where])] + [
                    strip_text(row[i]) for i in unit_indices if i != where and isinstance(row[i], str)
                ]
                table.subtotals.append((index, [n for n in names if n]))
            current, previous_was_data = None, False
            continue
        if kind == FOOTER:
            other_text.extend(strip_text(c) for c in row if isinstance(c, str) and c.strip())
            current, previous_was_data = None, False
            continue
        has_content = _has_content(row, content)
        if text:
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
        elif not fill_down and index not in merged_rows:
            current = None
        if current is None:
            current = ""  # data without a unit: reported by the record builder
        table.rows.append(index)
        table.unit_names.append(current)
        previous_was_data = True
    return table, None
