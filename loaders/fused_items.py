"""Quantities written inside the item text (医用口罩5万只、消毒液1000瓶; 口罩（KN95型1200盒、一次性口罩3.4万只）):
a donation list with no quantity column, read as one received figure per item named (issue 9)."""

from __future__ import annotations

import math
import re
from datetime import date

import numpy as np

from loaders import messages
from loaders import vocabulary as v
from loaders.context import Context, measure_for, note_unknown_pack
from loaders.headers import ITEM_NAME
from loaders.numbers import clean_text
from loaders.packs import UNIT_WORDS, base_factor
from loaders.tables import Table
from loaders.unknown_names import note_unknown_name

_SEPARATORS = re.compile(r"[、，,；;\n]")
_UNITS = "|".join(sorted((re.escape(w) for w in UNIT_WORDS), key=len, reverse=True))
_AMOUNT = re.compile(rf"^(.*?)(\d+(?:\.\d+)?)\s*(万)?\s*({_UNITS})$", re.IGNORECASE)
_BRACKETED = re.compile(r"^(.+?)[(]([^()]*\d[^()]*)[)]$")


def fused_pieces(text: str) -> list[tuple[str, float, str]]:
    """(item name, amount, counting unit) for each quantity written in the text; a name with no amount is
    kept with NaN (so an unknown one is still said). 口罩（KN95型1200盒、…）: each name inside the brackets is
    read with the word before them (KN95型 → KN95型口罩)."""
    text = clean_text(text)
    outer = _BRACKETED.match(text)
    prefix = ""
    if outer:
        prefix, text = outer.group(1).strip(), outer.group(2)
    pieces = []
    for part in _outside_brackets(text):
        part = part.strip().rstrip("等")
        if not part:
            continue
        found = _AMOUNT.match(part)
        name, amount, unit = (found.group(1).strip(), float(found.group(2)), found.group(4)) if found else (
            part, math.nan, "")  # fmt: skip
        if found and found.group(3):
            amount *= 1e4
        if prefix and (not name or not _has_letters_beyond_model(name, prefix)):
            name = name + prefix
        if name:
            pieces.append((name, amount, unit))
    return pieces


def _outside_brackets(text: str) -> list[str]:
    """Split at 、，; only outside brackets: 口罩（N95型、一次性口罩）5万只 is one piece."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and _SEPARATORS.match(ch):
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def _has_letters_beyond_model(name: str, prefix: str) -> bool:
    """ "一次性口罩" names an item on its own; "KN95型" is a model of the word before the brackets."""
    return prefix in name or not re.fullmatch(r"[A-Za-z0-9\-]+型?", name)


def has_fused_quantities(ctx: Context, table: Table) -> bool:
    column = table.header.role(ITEM_NAME)[0]
    for row in table.rows:
        cell = ctx.sheet_rows[row][column.index]
        if isinstance(cell, str) and any(not math.isnan(a) for _, a, _ in fused_pieces(cell)):
            return True
    return False


def read_fused(
    ctx: Context, sheet: str, table: Table, codes: list[str | None], weeks: list[date | None]
) -> None:
    column = table.header.role(ITEM_NAME)[0]
    for position, row in enumerate(table.rows):
        cell = ctx.sheet_rows[row][column.index]
        if not isinstance(cell, str) or codes[position] is None or weeks[position] is None:
            continue
        for name, amount, unit in fused_pieces(cell):
            code = ctx.items.match(name)
            if code is None:
                found = note_unknown_name(
                    ctx.unknown_names, ctx.items, name, sheet, row + 1, column.label, unit
                )
                ctx.problems.append(messages.unknown_item(sheet, row + 1, column.label, name,
                                                          ctx.items.names_of(found.suggestions)))  # fmt: skip
                continue
            if math.isnan(amount):
                continue
            item = ctx.items.items[code]
            factor = base_factor(unit, item.base_unit, item.pack_sizes)
            if factor is None:
                note_unknown_pack(ctx, item, unit, sheet, row + 1, column.label)
                ctx.problems.append(messages.unknown_pack(sheet, row + 1, column.label, f"{amount:g}{unit}", unit,
                                                          item.base_unit))  # fmt: skip
                continue
            where = (codes[position], weeks[position], table.rows[position] + 1, table.unit_names[position])
            _append(ctx, sheet, table.unit_label, where, code, measure_for(item, v.QUANTITY), amount * factor)


def _append(
    ctx: Context, sheet: str, label: str, where: tuple, code: str, measure: str, value: float
) -> None:
    """One record; `_sum` so two pieces of one item for one unit add up (口罩5万只 … 一次性口罩3.4万只)."""
    unit_code, week, row, written = where
    item = ctx.items.items[code]
    names = v.PUBLICITY_MEASURES if item.category == "publicity" else v.STOCK_MEASURES
    block: dict[str, object] = {m: np.array([value if m == measure else math.nan]) for m in names}
    block.update(
        unit_code=[unit_code], week=[week], item_code=code, sheet=sheet, row=np.array([row], dtype=np.int64),
        unit_label=label, unit_written=[written], _sum=True,
    )  # fmt: skip
    (ctx.publicity if item.category == "publicity" else ctx.stock).append(block)
