"""A column that holds numbers but is not understood is never dropped quietly: it is named with a sample of
what it holds, and a row whose every figure sits in such columns is an error (nothing of it was read)."""

from __future__ import annotations

import math

from loaders import layout_messages
from loaders.context import Context, shown, table_columns
from loaders.headers import COVERAGE, ITEM_NAME, UNTRACKED, VALUE, Column
from loaders.numbers import strip_text
from loaders.tables import Table

SAMPLES = 3


def _unread(column: Column, is_long: bool) -> bool:
    """Not understood: no role at all, or (in a wide sheet) a measure with no item over it."""
    if not column.role:
        return True
    return column.role == VALUE and not is_long and column.item_code is None


def _read(column: Column, is_long: bool) -> bool:
    if column.role in (COVERAGE, UNTRACKED):  # an unknown item is skipped with its own warning
        return True
    return column.role == VALUE and (column.item_code is not None or (is_long and column.measure is not None))


def check_unread_columns(ctx: Context, sheet: str, table: Table) -> None:
    header = table.header
    is_long = header.is_long
    unread = [c for c in header.columns if _unread(c, is_long)]
    if not unread or not table.rows:
        return
    if is_long and not any(c.role == VALUE and c.measure for c in header.columns):
        return  # no quantity column at all: one no_measures error says it better than a list of columns
    cells = table_columns(ctx, table)
    numeric: dict[int, list[bool]] = {}
    for column in unread:
        flags = [_is_figure(ctx, cell) for cell in cells[column.index]]
        if not any(flags):
            continue
        numeric[column.index] = flags
        samples = list(dict.fromkeys(shown(c) for c, f in zip(cells[column.index], flags, strict=True) if f))
        label = column.label or _letter(column.index)
        ctx.problems.append(
            layout_messages.unknown_column(sheet, header.first_row + 1, label, samples[:SAMPLES])
        )
    if not numeric:
        return
    read = [c.index for c in header.columns if _read(c, is_long)]
    name_column = header.role(ITEM_NAME)[0] if is_long else None
    for position, row in enumerate(table.rows):
        if not any(flags[position] for flags in numeric.values()):
            continue
        if any(_is_figure(ctx, cells[i][position]) for i in read):
            continue
        written = table.unit_names[position]
        if name_column is not None and isinstance(cells[name_column.index][position], str):
            written = strip_text(cells[name_column.index][position]) or written
        ctx.problems.append(layout_messages.row_not_read(sheet, row + 1, table.unit_label, written))


def _is_figure(ctx: Context, cell: object) -> bool:
    if cell is None or cell == "":
        return False
    written = ctx.numbers.read(cell)
    return not written.bad and not math.isnan(written.value)


def _letter(index: int) -> str:
    """Column letter as Excel shows it (0 → A, 26 → AA), for a column with no header text."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
