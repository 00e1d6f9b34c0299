"""Unit codes for a table without a unit column: every row is the one unit the sheet names (sheet_unit.py)."""

from __future__ import annotations

from loaders import layout_messages
from loaders.context import Context, matched_code
from loaders.sheet_unit import find_sheet_unit
from loaders.tables import SheetLayout, Table


def sheet_unit_codes(ctx: Context, sheet: str, layout: SheetLayout, table: Table) -> list[str | None] | None:
    """The sheet's unit for every data row (names and label set on the table), or None with a problem."""
    found = find_sheet_unit(layout.title_rows, sheet, ctx.file_name, ctx.units)
    if found is None:
        ctx.problems.append(layout_messages.no_sheet_unit(ctx.file_name, sheet))
        return None
    table.unit_label = found.label
    table.unit_names = [found.written] * len(table.rows)
    code = found.code
    if code is None:  # a 填报单位 line naming a unit not in the list: the usual unknown/ambiguous/new unit
        row = (found.row or table.header.first_row + 1) - 1
        code = matched_code(ctx, sheet, found.label, row, found.written)
    return [code] * len(table.rows)
