"""The wide statistics table: one row per unit, items across (口罩(只) over 库存 | 本周消耗)."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from loaders import messages
from loaders import vocabulary as v
from loaders.context import Context, column_values, measure_for, shown, table_columns
from loaders.headers import COVERAGE, UNTRACKED, VALUE, Column
from loaders.packs import base_factor
from loaders.tables import Table
from loaders.unknown_names import note_unknown_name


def read_wide(
    ctx: Context, sheet: str, table: Table, codes: list[str | None], weeks: list[date | None],
    check_totals: bool = True,
) -> dict[int, np.ndarray]:  # fmt: skip
    """Records for every unit row; returns each item column's figures (base unit) by column index."""
    header = table.header
    if check_totals:  # the first reading of the table: its header's problems are reported once
        for column in header.role(UNTRACKED):
            name = column.untracked_name or column.label
            found = note_unknown_name(ctx.unknown_names, ctx.items, name, sheet, header.first_row + 1,
                                      column.label, column.count_unit)  # fmt: skip
            ctx.problems.append(messages.unknown_item(sheet, header.first_row + 1, column.label, name,
                                                      ctx.items.names_of(found.suggestions)))  # fmt: skip
    by_item: dict[str, dict[str, np.ndarray]] = {}
    by_column: dict[int, np.ndarray] = {}
    for column in header.role(VALUE):
        if column.item_code is None:
            continue
        item = ctx.items.items[column.item_code]
        measure = measure_for(item, column.measure)
        values = column_values(ctx, sheet, table, column, item, measure)
        by_item.setdefault(item.code, {})[measure] = values
        by_column[column.index] = values
        if check_totals:
            _check_totals(ctx, sheet, table, column, values)
    coverage = _coverage(ctx, sheet, table, codes, check_totals)
    keep = np.array([c is not None and w is not None for c, w in zip(codes, weeks, strict=True)], dtype=bool)
    row_numbers = np.asarray(table.rows, dtype=np.int64) + 1
    code_array = np.asarray(codes, dtype=object)
    week_array = np.empty(len(weeks), dtype=object)
    week_array[:] = weeks
    name_array = np.asarray(table.unit_names, dtype=object)
    for code, measures in by_item.items():
        item = ctx.items.items[code]
        if item.category == "publicity":
            measures = {**coverage, **measures}
            names = v.PUBLICITY_MEASURES
        else:
            names = v.STOCK_MEASURES
        empty = np.full(len(table.rows), math.nan)
        block = {m: measures.get(m, empty) for m in names}
        reported = keep & ~np.all(np.isnan(np.vstack([block[m] for m in names])), axis=0)
        if not reported.any():
            continue
        block = {m: a[reported] for m, a in block.items()}
        block["unit_code"] = code_array[reported]
        block["week"] = week_array[reported]
        block["item_code"] = code
        block["sheet"] = sheet
        block["row"] = row_numbers[reported]
        block["unit_label"] = table.unit_label
        block["unit_written"] = name_array[reported]
        block["_sum"] = False
        (ctx.publicity if item.category == "publicity" else ctx.stock).append(block)
    return by_column


def _coverage(
    ctx: Context, sheet: str, table: Table, codes: list[str | None], check_sub_units: bool
) -> dict[str, np.ndarray]:
    """Villages and households reached, for the unit as a whole; the sheet's village count is checked only."""
    found: dict[str, np.ndarray] = {}
    for column in table.header.role(COVERAGE):
        cells = table_columns(ctx, table)[column.index]
        values, _, bad = ctx.numbers.column(cells)
        for i in bad:
            ctx.problems.append(
                messages.not_a_number(sheet, table.rows[i] + 1, column.label, shown(cells[i]))
            )
        array = np.asarray(values, dtype=float)
        if column.measure == v.SUB_TOTAL:
            for i, (code, value) in enumerate(zip(codes, array, strict=True)):
                if not check_sub_units:
                    break  # a subtotal row's village count is not the town's list entry to check
                listed = ctx.sub_units.get(code, math.nan) if code else math.nan
                if not math.isnan(value) and not math.isnan(listed) and value != listed:
                    ctx.problems.append(messages.sub_units_differ(sheet, table.rows[i] + 1, column.label,
                                                                  shown(cells[i]), listed))  # fmt: skip
            continue
        found[column.measure] = array
    return found


def _check_totals(ctx: Context, sheet: str, table: Table, column: Column, values: np.ndarray) -> None:
    """A 合计 row is never a unit; when its figure differs from the sum of the rows above it, warn."""
    if not table.totals:
        return
    if table.row_array is None:  # once a table, not once a column (31 columns of 30,000 rows in a province)
        table.row_array = np.asarray(table.rows)
    start = 0
    rows = table.row_array
    for total_row in table.totals:
        cell = ctx.sheet_rows[total_row][column.index]
        written = ctx.numbers.read(cell)
        above = (rows < total_row) & (np.arange(len(rows)) >= start)
        start = int(np.searchsorted(rows, total_row))
        if written.bad or math.isnan(written.value) or not above.any():
            continue
        rows_sum = float(np.nansum(values[above]))
        factor = values_factor(column, ctx)
        total = written.value * factor
        if not math.isclose(total, rows_sum, rel_tol=1e-9, abs_tol=1e-6):
            ctx.problems.append(messages.total_mismatch(sheet, total_row + 1, column.label, shown(cell),
                                                        rows_sum / factor))  # fmt: skip


def values_factor(column: Column, ctx: Context) -> float:
    item = ctx.items.items[column.item_code]
    return base_factor(column.count_unit, item.base_unit, column.packs, item.pack_sizes) or 1.0
