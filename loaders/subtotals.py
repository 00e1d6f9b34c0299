"""小计 rows: a town's own row, kept as the town's figures and checked against its villages like a 合计,
never added to them (domain.md: a parent's own row and its children's rows)."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from loaders import layout_messages
from loaders.context import Context, shown
from loaders.headers import VALUE
from loaders.tables import Table
from loaders.wide import read_wide, values_factor

Figures = dict[int, np.ndarray]  # column index -> one value per data row, in the item's base unit


def _town_of(
    ctx: Context, table: Table, codes: list[str | None], position: int, names: list[str]
) -> str | None:
    """The town a 小计 row stands for: named beside the word (东河镇小计), else the parent of the village just
    above it (a subtotal under its villages), else of the one just below it (a subtotal over its villages)."""
    for name in names:
        code = ctx.units.known(name)
        if code is not None:
            return code
    index = table.subtotals[position][0]
    boundaries = [i for i, _ in table.subtotals if i != index] + table.totals
    previous = max((b for b in boundaries if b < index), default=-1)
    following = min((b for b in boundaries if b > index), default=math.inf)
    above = [c for r, c in zip(table.rows, codes, strict=True) if previous < r < index]
    below = [c for r, c in zip(table.rows, codes, strict=True) if index < r < following]
    for neighbour in (above[-1] if above else None, below[0] if below else None):
        parent = ctx.parents.get(neighbour) if neighbour else None
        if parent:
            return parent
    return None


def read_subtotals(
    ctx: Context,
    sheet: str,
    table: Table,
    codes: list[str | None],
    weeks: list[date | None],
    figures: Figures,
) -> None:
    """Store each town's 小计 as its own row and warn where it differs from the sum of its villages."""
    label = table.unit_label
    rows, towns = [], []
    for position, (index, names) in enumerate(table.subtotals):
        town = _town_of(ctx, table, codes, position, names)
        if town is None:
            written = " ".join(names) or "小计"
            ctx.problems.append(layout_messages.unknown_subtotal(sheet, index + 1, label, written))
            continue
        rows.append(index)
        towns.append(town)
    if not rows:
        return
    names = [ctx.units.names.get(t, t) for t in towns]
    own = Table(table.header, rows, names, unit_label=label)
    week = next((w for w in weeks if w is not None), None)
    own_figures = read_wide(ctx, sheet, own, list(towns), [week] * len(rows), check_totals=False)
    parent_of = np.array([ctx.parents.get(c) if c else None for c in codes], dtype=object)
    for column in table.header.role(VALUE):
        values, subtotal_values = figures.get(column.index), own_figures.get(column.index)
        if values is None or subtotal_values is None:
            continue
        for i, town in enumerate(towns):
            under = parent_of == town
            if not under.any() or math.isnan(subtotal_values[i]):
                continue
            rows_sum = float(np.nansum(values[under]))
            if not math.isclose(subtotal_values[i], rows_sum, rel_tol=1e-9, abs_tol=1e-6):
                factor = values_factor(column, ctx)
                cell = ctx.sheet_rows[rows[i]][column.index]
                ctx.problems.append(layout_messages.subtotal_mismatch(
                    sheet, rows[i] + 1, column.label, shown(cell), names[i], rows_sum / factor
                ))  # fmt: skip
