"""The long table: one row per unit × item (单位, 日期, 物资名称, 规格, 库存, 入库, 消耗), and distribution lists
(发放单位, 品名, 规格, 计量单位, 数量) whose several lines for one unit × item add up to what it received."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from loaders import messages
from loaders import vocabulary as v
from loaders.context import Context, column_values, measure_for
from loaders.fused_items import has_fused_quantities, read_fused
from loaders.headers import COUNT_UNIT, ITEM_NAME, SPEC, VALUE
from loaders.numbers import strip_text
from loaders.packs import packs_from_spec
from loaders.tables import Table
from loaders.unknown_names import note_unknown_name


def read_long(
    ctx: Context, sheet: str, table: Table, codes: list[str | None], weeks: list[date | None]
) -> None:
    header = table.header
    values = [c for c in header.role(VALUE) if c.measure]
    if not values:
        if has_fused_quantities(ctx, table):  # 医用口罩5万只、消毒液1000瓶: the quantities are in the names
            read_fused(ctx, sheet, table, codes, weeks)
        else:
            ctx.problems.append(messages.no_measures(ctx.file_name, sheet, header.first_row + 1))
        return
    name_column = header.role(ITEM_NAME)[0]
    spec_column = next(iter(header.role(SPEC)), None)
    unit_column = next(iter(header.role(COUNT_UNIT)), None)
    # Only a 数量 column: a distribution list, where lines for the same unit and item add up.
    summed = all(c.measure == v.QUANTITY for c in values)
    rows_by_item: dict[str, list[int]] = {}
    for position, row_index in enumerate(table.rows):
        cell = ctx.sheet_rows[row_index][name_column.index]
        name = strip_text(cell) if isinstance(cell, str) else ("" if cell is None else str(cell))
        if not name:
            continue
        code = ctx.items.match(name)
        if code is None:
            count_unit = _count_unit(ctx, row_index, unit_column, values)
            found = note_unknown_name(ctx.unknown_names, ctx.items, name, sheet, row_index + 1,
                                      name_column.label, count_unit)  # fmt: skip
            ctx.problems.append(messages.unknown_item(sheet, row_index + 1, name_column.label, name,
                                                      ctx.items.names_of(found.suggestions)))  # fmt: skip
            continue
        rows_by_item.setdefault(code, []).append(position)
    for code, positions in rows_by_item.items():
        item = ctx.items.items[code]
        part = Table(
            header, [table.rows[p] for p in positions], [table.unit_names[p] for p in positions],
            unit_label=table.unit_label,
        )  # fmt: skip
        row_units = _texts(ctx, part, unit_column)
        specs = _texts(ctx, part, spec_column)
        cache: dict[str, dict[str, float]] = {}
        row_packs = None
        if specs:
            row_packs = [
                cache[s]
                if s in cache
                else cache.setdefault(s, packs_from_spec(s, item.base_unit, item.pack_sizes))
                for s in specs
            ]
        names = v.PUBLICITY_MEASURES if item.category == "publicity" else v.STOCK_MEASURES
        block: dict[str, object] = {m: np.full(len(positions), math.nan) for m in names}
        for column in values:
            measure = measure_for(item, column.measure)
            if measure in block:
                block[measure] = column_values(ctx, sheet, part, column, item, measure, row_packs, row_units)
        unit_codes = [codes[p] for p in positions]
        week_list = [weeks[p] for p in positions]
        keep = np.array([c is not None and w is not None for c, w in zip(unit_codes, week_list, strict=True)])
        reported = keep & ~np.all(np.isnan(np.vstack([block[m] for m in names])), axis=0)
        if not reported.any():
            continue
        out = {m: block[m][reported] for m in names}
        out["unit_code"] = [c for c, r in zip(unit_codes, reported, strict=True) if r]
        out["week"] = [w for w, r in zip(week_list, reported, strict=True) if r]
        out["item_code"] = code
        out["sheet"] = sheet
        out["row"] = (np.asarray(part.rows, dtype=np.int64) + 1)[reported]
        out["unit_label"] = table.unit_label
        out["unit_written"] = [n for n, r in zip(part.unit_names, reported, strict=True) if r]
        out["_sum"] = summed
        (ctx.publicity if item.category == "publicity" else ctx.stock).append(out)


def _count_unit(ctx: Context, row_index: int, unit_column, values) -> str:
    """What the row counts its item in: the 计量单位 cell, else the word beside the first figure (198件)."""
    row = ctx.sheet_rows[row_index]
    if unit_column is not None and isinstance(row[unit_column.index], str):
        written = strip_text(row[unit_column.index])
        if written:
            return written
    for column in values:
        unit = ctx.numbers.read(row[column.index]).unit
        if unit:
            return unit[1:] if unit.startswith("万") and len(unit) > 1 else unit
    return next((c.count_unit for c in values if c.count_unit), "")


def _texts(ctx: Context, table: Table, column) -> list[str] | None:
    if column is None:
        return None
    cells = (ctx.sheet_rows[r][column.index] for r in table.rows)
    return [strip_text(c) if isinstance(c, str) else ("" if c is None else str(c)) for c in cells]
