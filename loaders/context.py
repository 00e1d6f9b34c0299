"""What every table reader shares while one file is parsed: matchers, the number cache, the problems so far."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from domain.problems import Problem
from loaders import messages
from loaders import vocabulary as v
from loaders.headers import Column
from loaders.item_names import CatalogueItem, ItemMatcher
from loaders.numbers import NumberReader
from loaders.packs import base_factor
from loaders.tables import Table
from loaders.unit_names import UnitMatcher
from loaders.unknown_names import UnknownName, UnknownPack

# Measures counted in the item's unit, so packs convert them; days_out is a count of days.
PACKED = frozenset({v.ON_HAND, v.RECEIVED, v.USED, v.OPENING, v.QUANTITY})
STOCK_LEVELS = frozenset({v.ON_HAND, v.OPENING})


@dataclass
class Context:
    file_name: str
    units: UnitMatcher
    items: ItemMatcher
    sub_units: dict[str, float]
    add_units: bool
    parents: dict[str, str | None] = field(default_factory=dict)  # unit code -> parent code
    numbers: NumberReader = field(default_factory=NumberReader)
    sheet_rows: list[list] = field(default_factory=list)  # the rows of the sheet being read
    # The code of the unit the sheet's 填报单位/title names (same-name units under it win), asked for only when
    # a name is ambiguous: finding a unit inside a title normalises every unit's name (0.2 s at a province),
    # which a sheet whose names are all written as the list writes them never needs.
    sheet_unit: Callable[[], str | None] = lambda: None
    problems: list[Problem] = field(default_factory=list)
    new_units: dict[str, str] = field(default_factory=dict)  # written name -> generated code
    stock: list[dict] = field(default_factory=list)  # column blocks, concatenated at the end
    publicity: list[dict] = field(default_factory=list)
    unknown_names: dict[str, UnknownName] = field(default_factory=dict)  # name_key -> first place written
    unknown_packs: dict[tuple[str, str], UnknownPack] = field(default_factory=dict)  # (item, pack word)


def note_unknown_pack(
    ctx: Context, item: CatalogueItem, word: str, sheet: str, row: int, column: str
) -> None:
    pack = word[1:] if word.startswith("万") else word  # 万件 is ten thousand 件: the question is the 件
    if (item.code, pack) not in ctx.unknown_packs:
        ctx.unknown_packs[(item.code, pack)] = UnknownPack(
            item.code, pack, item.base_unit, sheet, row, column
        )


def new_unit_code(name: str) -> str:
    return "NEW-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def unit_codes(ctx: Context, sheet: str, table: Table) -> list[str | None]:
    """The unit code of each data row; None where the name is unknown or ambiguous (one problem per name)."""
    label = table.unit_label
    found: dict[str, str | None] = {}
    codes: list[str | None] = []
    for row, name in zip(table.rows, table.unit_names, strict=True):
        if name in found:
            codes.append(found[name])
            continue
        code = ctx.units.exact(name) if name else None
        if code is None:
            code = matched_code(ctx, sheet, label, row, name)
        found[name] = code
        codes.append(code)
    return codes


def matched_code(ctx: Context, sheet: str, label: str, row: int, name: str) -> str | None:
    """A name not written exactly as one unit's: matched tolerantly, or a problem (a new unit when allowed)."""
    if not name:
        ctx.problems.append(messages.no_unit(sheet, row + 1, label))
        return None
    match = ctx.units.match(name)
    if match.code:
        return match.code
    if match.ambiguous:
        chosen, reason = ctx.units.preferred_among(match.codes, ctx.sheet_unit())
        if chosen is not None:
            ctx.problems.append(
                messages.unit_chosen(
                    sheet, row + 1, label, name, match.candidates, ctx.units.path(chosen), reason
                )
            )
            return chosen
        ctx.problems.append(messages.ambiguous_unit(sheet, row + 1, label, name, match.candidates))
    elif ctx.add_units:
        code = ctx.new_units.get(name)
        if code is None:
            code = ctx.new_units[name] = new_unit_code(name)
            ctx.problems.append(messages.new_unit(sheet, row + 1, label, name, code))
        return code
    else:
        ctx.problems.append(messages.unknown_unit(sheet, row + 1, label, name, match.candidates))
    return None


def table_columns(ctx: Context, table: Table) -> np.ndarray:
    """The table's data rows transposed once (C speed), so every column is read without a Python loop:
    `table_columns(...)[i]` holds column i's cells as the sheet gave them (an object array)."""
    if table.columns is None:
        table.columns = np.array([ctx.sheet_rows[r] for r in table.rows], dtype=object).T
    return table.columns


def measure_for(item: CatalogueItem, measure: str | None) -> str:
    """Where a column's figure goes: an item alone means on hand (supplies) or the week's quantity (publicity);
    a distribution list's 数量 is what the unit received."""
    if item.category == "publicity":
        return measure if measure in (v.SUB_REACHED, v.HOUSEHOLDS) else v.QUANTITY
    if measure is None:
        return v.ON_HAND
    if measure == v.QUANTITY:
        return v.RECEIVED
    return measure


def column_values(
    ctx: Context, sheet: str, table: Table, column: Column, item: CatalogueItem, measure: str,
    row_packs: list[dict[str, float]] | None = None, row_units: list[str] | None = None,
) -> np.ndarray:  # fmt: skip
    """A column's figures in the item's base unit (NaN: blank or bad); problems for bad cells."""
    rows = table.rows
    cells = table_columns(ctx, table)[column.index]
    values, written_units, bad = ctx.numbers.column(cells)
    result = np.array(values, dtype=float)  # a copy: conversions below write into it
    for i in bad:
        ctx.problems.append(messages.not_a_number(sheet, rows[i] + 1, column.label, shown(cells[i])))
    if measure in PACKED:
        default_factor = base_factor(column.count_unit, item.base_unit, column.packs, item.pack_sizes)
        if default_factor is None and not row_units:
            note_unknown_pack(ctx, item, column.count_unit, sheet, table.header.first_row + 1, column.label)
            ctx.problems.append(
                messages.unknown_pack(
                    sheet,
                    table.header.first_row + 1,
                    column.label,
                    column.count_unit,
                    column.count_unit,
                    item.base_unit,
                )  # fmt: skip
            )
            return np.full(len(rows), math.nan)
        if default_factor not in (None, 1.0):
            result = result * default_factor
        if written_units is not None or row_units is not None:
            _convert_each(ctx, sheet, table, column, item, result, values, cells, written_units, row_units,
                          row_packs)  # fmt: skip
    negative = np.flatnonzero(result < 0)
    for i in negative:
        ctx.problems.append(
            messages.negative(sheet, rows[i] + 1, column.label, shown(cells[i]), measure in STOCK_LEVELS)
        )
        result[i] = math.nan
    return result


def _convert_each(
    ctx, sheet, table, column, item, result, values, cells, written_units, row_units, row_packs
):
    """Cells that carry their own unit (12盒, 5万只) or rows with a 计量单位/规格 of their own."""
    for i, value in enumerate(values):
        word = (written_units[i] if written_units else "") or (row_units[i] if row_units else "")
        if not word or math.isnan(value):
            continue
        packs = row_packs[i] if row_packs else {}
        factor = base_factor(word, item.base_unit, packs, column.packs, item.pack_sizes)
        if factor is None and word == column.count_unit:
            factor = 1.0
        if factor is None:
            row = table.rows[i] + 1
            note_unknown_pack(ctx, item, word, sheet, row, column.label)
            ctx.problems.append(messages.unknown_pack(sheet, row, column.label, shown(cells[i]), word,
                                                      item.base_unit))  # fmt: skip
            result[i] = math.nan
        else:
            result[i] = value * factor


def shown(cell: object) -> str:
    """A cell as text for a message: 3800.0 → 3800."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)
