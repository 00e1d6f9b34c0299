"""What a sheet said that the catalogue cannot place, kept for the officer to answer once (issue 9): an item
name it does not know (with the closest items), a pack whose size it does not know (1 件 of 手套 = ? 副)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from loaders.item_names import ItemMatcher, name_key

# Above this many unknown names, stop suggesting: each costs a comparison with every synonym.
MAX_SUGGESTED = 100


@dataclass(frozen=True)
class UnknownName:
    name: str  # as first written
    sheet: str
    row: int  # 1-based, where it was first written
    column: str
    count_unit: str  # the sheet's counting unit for it (计量单位, header bracket, 198件); "" when none
    suggestions: tuple[str, ...]  # item codes, closest first


@dataclass(frozen=True)
class UnknownPack:
    item_code: str
    pack: str  # 件, 箱
    base_unit: str
    sheet: str
    row: int
    column: str


def closest_items(matcher: ItemMatcher, written: str, n: int = 3) -> tuple[str, ...]:
    """Item codes whose names or synonyms look most like `written`: a typo (84消费液 → 84消毒液) by edit
    similarity, a longer name (三氯异氰尿酸消毒片 → 消毒液) by a shared word of two characters or more."""
    key = name_key(written)
    best: dict[str, float] = {}
    for synonym, code in matcher.synonym_codes():
        matcher_ = difflib.SequenceMatcher(None, key, synonym, autojunk=False)
        ratio = matcher_.ratio()
        shared = matcher_.find_longest_match(0, len(key), 0, len(synonym)).size
        if ratio >= 0.6 or shared >= 2:
            best[code] = max(best.get(code, 0.0), ratio + (0.1 if shared >= 2 else 0.0))
    ranked = sorted(best, key=lambda c: -best[c])
    return tuple(ranked[:n])


def note_unknown_name(
    found: dict[str, UnknownName], matcher: ItemMatcher, name: str, sheet: str, row: int, column: str,
    count_unit: str,
) -> UnknownName:  # fmt: skip
    """Keep the first place a name was written (with a counting unit when a later row gives one)."""
    key = name_key(name)
    earlier = found.get(key)
    if earlier is not None:
        if not earlier.count_unit and count_unit:
            found[key] = UnknownName(earlier.name, earlier.sheet, earlier.row, earlier.column, count_unit,
                                     earlier.suggestions)  # fmt: skip
        return found[key]
    suggestions = closest_items(matcher, name) if len(found) < MAX_SUGGESTED else ()
    found[key] = UnknownName(name, sheet, row, column, count_unit, suggestions)
    return found[key]
