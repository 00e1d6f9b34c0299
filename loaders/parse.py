"""parse_file: bytes of one upload → validated stock and publicity records, new units, and every problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from domain.frames import PUBLICITY_COLUMNS, STOCK_COLUMNS
from domain.problems import ERROR, Problem
from loaders import layout_messages, messages
from loaders.context import Context, unit_codes
from loaders.item_names import ItemMatcher
from loaders.long import read_long
from loaders.reading import read_sheets
from loaders.record_frame import empty_frame, record_frame
from loaders.sheet_unit import sheet_unit_lookup
from loaders.sheet_unit_codes import sheet_unit_codes
from loaders.sheet_weeks import row_weeks, sheet_week, undated_week_text
from loaders.subtotals import read_subtotals
from loaders.tables import split_tables
from loaders.unit_names import UnitMatcher, plain_list
from loaders.unknown_names import UnknownName, UnknownPack
from loaders.unread_columns import check_unread_columns
from loaders.wide import read_wide

NEW_UNIT_COLUMNS = ["code", "name", "parent_code", "level"]
# The unit list's columns parse_file reads (the reader process is sent no others).
UNIT_COLUMNS_READ = ("code", "name", "parent_code", "aliases", "sub_units", "chosen", "preferred")


@dataclass
class ParsedFile:
    file_name: str
    sha256: str
    stock: pd.DataFrame
    publicity: pd.DataFrame
    new_units: pd.DataFrame
    problems: list[Problem]
    # What the officer can answer once (issue 9): names not in the catalogue, packs of unknown size.
    unknown_names: list[UnknownName] = field(default_factory=list)
    unknown_packs: list[UnknownPack] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)


def parse_file(
    file_name: str, content: bytes, units: pd.DataFrame, items: pd.DataFrame, *,
    week: date | None = None, add_units: bool = False,
) -> ParsedFile:  # fmt: skip
    digest = hashlib.sha256(content).hexdigest()
    sub_units = (
        dict(zip(plain_list(units["code"].astype(str)), units["sub_units"].tolist(), strict=True))
        if len(units)
        else {}
    )
    parents = (
        dict(zip(plain_list(units["code"].astype(str)), plain_list(units["parent_code"]), strict=True))
        if len(units)
        else {}
    )
    ctx = Context(file_name, UnitMatcher(units), ItemMatcher(items), sub_units, add_units, parents)
    try:
        _read(ctx, content, week)
        stock = record_frame(ctx.problems, ctx.stock, STOCK_COLUMNS, "item_code")
        publicity = record_frame(ctx.problems, ctx.publicity, PUBLICITY_COLUMNS, "material_code")
    except Exception as error:  # a file no rule foresaw must still come back as a problem, not a crash
        ctx.problems.append(messages.unreadable(file_name, f"{type(error).__name__}: {error}"[:200]))
        stock = empty_frame(STOCK_COLUMNS)
        publicity = empty_frame(PUBLICITY_COLUMNS)
    new_units = pd.DataFrame(
        [(code, name, None, None) for name, code in ctx.new_units.items()], columns=NEW_UNIT_COLUMNS
    )
    return ParsedFile(
        file_name, digest, stock, publicity, new_units, ctx.problems,
        list(ctx.unknown_names.values()), list(ctx.unknown_packs.values()),
    )  # fmt: skip


def _read(ctx: Context, content: bytes, given: date | None) -> None:
    sheets, problems = read_sheets(ctx.file_name, content)
    ctx.problems.extend(problems)
    skipped = []
    read_any = False
    for sheet in sheets:
        layout = split_tables(sheet, ctx.items, ctx.units)
        if layout is None:
            skipped.append(sheet.name)
            continue
        read_any = True
        ctx.sheet_rows = sheet.rows
        ctx.sheet_unit = sheet_unit_lookup(layout.title_rows, sheet.name, ctx.file_name, ctx.units)
        fallback = sheet_week(layout, sheet.name, ctx.file_name, given)
        missing_week = False
        for table in layout.tables:
            if not table.rows:
                continue
            if table.header.unit_column is None:
                codes = sheet_unit_codes(ctx, sheet.name, layout, table)
                if codes is None:
                    continue
            else:
                codes = unit_codes(ctx, sheet.name, table)
            weeks = row_weeks(ctx, sheet.name, table, fallback, given)
            missing_week = missing_week or any(w is None for w in weeks)
            check_unread_columns(ctx, sheet.name, table)
            if table.header.is_long:
                read_long(ctx, sheet.name, table, codes, weeks)
            else:
                figures = read_wide(ctx, sheet.name, table, codes, weeks)
                if table.subtotals:
                    read_subtotals(ctx, sheet.name, table, codes, weeks, figures)
        if missing_week:
            undated = undated_week_text(layout, sheet.name, ctx.file_name)
            if undated:
                ctx.problems.append(layout_messages.no_year(ctx.file_name, sheet.name, undated))
            else:
                ctx.problems.append(messages.no_week(ctx.file_name, sheet.name))
    for name in skipped:
        blank = all(not str(c).strip() for s in sheets if s.name == name for r in s.rows for c in r)
        if not blank:
            make = messages.sheet_skipped if read_any else (lambda n: messages.no_header(ctx.file_name, n))
            ctx.problems.append(make(name))
