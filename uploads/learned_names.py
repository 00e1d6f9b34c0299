"""Parse a file with what the office has answered before (issue 9): names ignored by choice are said once, not
raised again; with add_items, names not in the catalogue become new items counted in the sheet's unit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

import loaders
from domain.catalogue import ITEM_COLUMNS
from domain.new_items import likely_category, new_item_row
from loaders.item_names import name_key
from store.catalogue import load_items
from store.item_answers import load_ignored_names
from store.parse_limits import load_parse_limits
from uploads.answer_messages import ignored_by_choice, new_item
from uploads.parse_worker import parse_in_worker


def parse_with_answers(
    engine: Engine, file_name: str, content: bytes, units: pd.DataFrame, *,
    week: date | None, add_units: bool, add_items: bool, prefer: set[str] | None = None,
    chosen_unit: str | None = None,
) -> tuple[loaders.ParsedFile, pd.DataFrame]:  # fmt: skip
    """The parsed file and the new items it needs (empty unless add_items); nothing is stored here.
    When a name fits several units, the one under the sheet's 填报单位 wins, else the one under `chosen_unit`
    (the unit chosen in the page's sidebar), else the one among `prefer` (the officer's own units)."""
    if prefer:
        units = units.assign(preferred=units["code"].isin(prefer))
    if chosen_unit:
        units = units.assign(chosen=units["code"] == chosen_unit)
    items = load_items(engine)
    ignored = load_ignored_names(engine)
    limits = load_parse_limits(engine)
    parsed = parse_in_worker(file_name, content, units, items, limits, week=week, add_units=add_units)
    wanted = [n for n in parsed.unknown_names if name_key(n.name) not in ignored]
    new_items = pd.DataFrame(columns=ITEM_COLUMNS)
    if add_items and wanted:
        rows = [new_item_row(n.name, likely_category(n.count_unit), n.count_unit) for n in wanted]
        new_items = pd.DataFrame(rows, columns=ITEM_COLUMNS)
        extended = pd.concat([items, new_items], ignore_index=True)
        parsed = parse_in_worker(file_name, content, units, extended, limits, week=week, add_units=add_units)
        parsed.problems = [
            new_item(n.name, r["code"], r["base_unit"], n.sheet, n.row, n.column)
            for n, r in zip(wanted, rows, strict=True)
        ] + parsed.problems
    return without_ignored(parsed, ignored), new_items


def without_ignored(parsed: loaders.ParsedFile, ignored: dict[str, str]) -> loaders.ParsedFile:
    """Drop the unknown-item warnings for names ignored by choice, and say them once as one info line."""
    if not ignored:
        return parsed
    skipped = [n for n in parsed.unknown_names if name_key(n.name) in ignored]
    if not skipped:
        return parsed
    keys = {name_key(n.name) for n in skipped}
    problems = [
        p for p in parsed.problems if not (p.code == "unknown_item" and name_key(p.value or "") in keys)
    ]
    problems.append(ignored_by_choice([n.name for n in skipped]))
    unknown = [n for n in parsed.unknown_names if name_key(n.name) not in keys]
    return replace(parsed, problems=problems, unknown_names=unknown)
