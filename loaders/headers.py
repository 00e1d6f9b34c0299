"""Find a table's header block wherever it sits, and say what each column holds (unit, item × measure, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders import vocabulary as v
from loaders.item_names import ItemMatcher
from loaders.numbers import clean_text, is_blank, strip_text
from loaders.packs import UNIT_WORDS, header_unit, packs_from_spec
from loaders.reading import Merged
from loaders.vocabulary import header_key as name_key

MAX_HEADER_ROWS = 3
_LEVELS = re.compile(r"/(?![^()（）]*[)）])")  # a slash between header levels, not inside (50只/盒)
SCAN_ROWS = 60  # a header lower than this under the start is not a header but data

UNIT, DATE, ITEM_NAME, SPEC, COUNT_UNIT, VALUE, COVERAGE, UNTRACKED, ROW_NUMBER, REMARK = (
    "unit", "date", "item_name", "spec", "count_unit", "value", "coverage", "untracked", "row_number", "remark",
)  # fmt: skip
# Columns that name a row rather than hold its figures: a 合计 or a footer may start in any of them.
LABEL_ROLES = frozenset({UNIT, DATE, ITEM_NAME, SPEC, COUNT_UNIT, ROW_NUMBER, REMARK})


@dataclass
class Column:
    index: int
    label: str  # the header text as written, rows joined with "/"
    role: str
    item_code: str | None = None
    measure: str | None = None
    count_unit: str = ""  # 箱 in 84消毒液（箱，每箱20瓶×500ml）
    packs: dict[str, float] = field(default_factory=dict)
    untracked_name: str = ""


@dataclass
class Header:
    first_row: int  # 0-based index of the first header row
    last_row: int
    columns: list[Column]

    def role(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    @property
    def unit_column(self) -> Column | None:
        """The unit column; None for one unit's own sheet (the unit named in the title or 填报单位 line)."""
        units = self.role(UNIT)
        return units[0] if units else None

    @property
    def anchor(self) -> Column:
        """The column a data row is recognised by: its unit, else its item name."""
        return self.unit_column or self.role(ITEM_NAME)[0]

    @property
    def is_long(self) -> bool:
        return bool(self.role(ITEM_NAME))


def _text(cell: object) -> str:
    return strip_text(cell) if isinstance(cell, str) else ""


def _plain_role(key: str) -> str | None:
    for words, role in ((v.UNIT, UNIT), (v.DATE, DATE), (v.ITEM_NAME, ITEM_NAME), (v.SPEC, SPEC),
                        (v.COUNT_UNIT, COUNT_UNIT), (v.ROW_NUMBER, ROW_NUMBER), (v.REMARK, REMARK)):  # fmt: skip
        if key in words:
            return role
    return None


def _measure_of(key: str) -> tuple[str | None, str]:
    """(measure, what is left of the key once the measure word is taken out)."""
    if key in v.MEASURES:
        return v.MEASURES[key], ""
    for word in v.CONTAINED_MEASURES:
        if word in key:
            return v.MEASURES[word], key.replace(word, "", 1)
    return None, key


def looks_like_header_row(row: list, items: ItemMatcher) -> bool:
    """A unit column title plus at least one other recognised column title, or (one unit's own ledger, items
    down the rows) an item-name column title plus at least one measure (上周结存 | 本周入库 | …)."""
    keys = [name_key(c) for c in row if isinstance(c, str) and c.strip() and len(c) <= 40]
    if any(k in v.UNIT for k in keys):
        others = 0
        for key in keys:
            if key in v.UNIT:
                continue
            if _plain_role(key) or _measure_of(key)[0] or items.match(key):
                others += 1
        return others >= 1
    if any(k in v.ITEM_NAME for k in keys):
        return any(_measure_of(k)[0] for k in keys if k not in v.ITEM_NAME)
    return False


def starts_header(rows: list[list], index: int, items: ItemMatcher) -> bool:
    """Row `index` is a header's first row: it looks like one alone, or it holds a unit or item-name title and
    the row or two under it (blank under that title) carry the items and measures (防疫物资 over 口罩（只）…)."""
    row = rows[index]
    if looks_like_header_row(row, items):
        return True
    try:
        anchor = _anchor_index(row)
    except ValueError:
        return False
    by_unit = name_key(row[anchor]) in v.UNIT
    for below in rows[index + 1 : index + MAX_HEADER_ROWS]:
        if not _is_sub_header(below, anchor, items):
            return False
        if by_unit or any(isinstance(c, str) and c.strip() and _measure_of(name_key(c))[0] for c in below):
            return True
    return False


def find_header(rows: list[list], start: int, items: ItemMatcher, merged: list[Merged]) -> Header | None:
    for index in range(start, min(len(rows), start + SCAN_ROWS)):
        if starts_header(rows, index, items):
            return read_header(rows, index, items, merged)
    return None


def _is_sub_header(row: list, unit_index: int, items: ItemMatcher) -> bool:
    if not is_blank(row[unit_index]):
        return False
    recognised = False
    for cell in row:
        if isinstance(cell, (int, float)):
            return False
        key = name_key(cell) if isinstance(cell, str) else ""
        if key and (_measure_of(key)[0] or items.match(key) or _plain_role(key)):
            recognised = True
    return recognised


def _anchor_index(row: list) -> int:
    keys = [name_key(c) if isinstance(c, str) else "" for c in row]
    for words in (v.UNIT, v.ITEM_NAME):
        for index, key in enumerate(keys):
            if key in words:
                return index
    raise ValueError("not a header row")


def read_header(rows: list[list], first: int, items: ItemMatcher, merged: list[Merged]) -> Header:
    anchor = _anchor_index(rows[first])
    last = first
    while (
        last + 1 < len(rows)
        and last - first + 1 < MAX_HEADER_ROWS
        and _is_sub_header(rows[last + 1], anchor, items)
    ):
        last += 1
    block = [[_text(c) for c in rows[r]] for r in range(first, last + 1)]
    _fill_merged(block, first, merged)
    columns = [_column(c, [row[c] for row in block], items) for c in range(len(block[0]))]
    header = Header(first, last, columns)
    _unit_column_of_counting_words(header, rows)
    if header.role(ITEM_NAME):
        # In a list with an item-name column, a group title over a measure (本周情况 over 入库) names no item.
        for column in header.role(UNTRACKED):
            if column.measure:
                column.role = VALUE
    return header


def _unit_column_of_counting_words(header: Header, rows: list[list]) -> None:
    """In an item ledger 单位 often means the counting unit (只, 瓶, 箱): read it so when its cells say so."""
    if not header.role(ITEM_NAME) or header.role(COUNT_UNIT):
        return
    for column in header.role(UNIT):
        cells = [
            rows[r][column.index] for r in range(header.last_row + 1, min(len(rows), header.last_row + 30))
        ]
        words = [clean_text(c).lower() for c in cells if isinstance(c, str) and clean_text(c)]
        # Most, not all: a 合计 row or a footer line may have text in that column too.
        if words and sum(w in UNIT_WORDS for w in words) * 3 >= len(words) * 2:
            column.role = COUNT_UNIT
            return


def _fill_merged(block: list[list[str]], first: int, merged: list[Merged]) -> None:
    """Spread a merged title (口罩(只) over 库存 | 消耗) to every column under it, in the header rows only."""
    last = first + len(block) - 1
    covered = False
    for (r0, c0), (_r1, c1) in merged:
        if r0 < first or r0 > last or c1 == c0 or c0 >= len(block[0]):
            continue
        covered = True
        for c in range(c0 + 1, min(c1, len(block[0]) - 1) + 1):
            block[r0 - first][c] = block[r0 - first][c] or block[r0 - first][c0]
    if covered or len(block) == 1:
        return
    # No merge information (CSV, or a sheet that centres across cells): a blank upper cell above a measure
    # belongs to the title on its left when that title also has a measure under it.
    bottom = block[-1]
    for upper in block[:-1]:
        for c in range(1, len(upper)):
            if not upper[c] and bottom[c] and upper[c - 1] and bottom[c - 1]:
                if _measure_of(name_key(bottom[c]))[0] and _measure_of(name_key(bottom[c - 1]))[0]:
                    upper[c] = upper[c - 1]


def _column(index: int, parts: list[str], items: ItemMatcher) -> Column:
    written = [p for i, p in enumerate(parts) if p and p not in parts[:i]]
    label = "/".join(written)
    # One cell may hold two header levels, 口罩（只）/on_hand: read them as two parts.
    written = [piece.strip() for part in written for piece in _LEVELS.split(part) if piece.strip()] or written
    column = Column(index, label, "")
    for part in written:
        role = _plain_role(name_key(part))
        if role:
            column.role = role
            return column
    measure = item = None
    for part in written:
        name, count_unit, spec = header_unit(part)
        key = name_key(name)
        code = items.exact(key)
        found, rest = (None, key) if code else _measure_of(key)
        if code is None and rest:
            code = items.match(rest)
        if code and item is None:
            item, column.count_unit = code, count_unit
            info = items.items[code]
            column.packs = packs_from_spec(spec, info.base_unit, info.pack_sizes)
            if count_unit and spec and "" in column.packs:
                column.packs.setdefault(count_unit, column.packs[""])
        elif code is None and (count_unit or (not found and len(written) > 1)):
            if not column.untracked_name:  # kept with its counting unit, for adding it as a new item
                column.untracked_name, column.count_unit = name, count_unit
        measure = found or measure
    column.item_code, column.measure = item, measure
    if item:
        column.role = VALUE
    elif measure in (v.SUB_REACHED, v.HOUSEHOLDS, v.SUB_TOTAL):
        column.role = COVERAGE
    elif measure:
        column.role = UNTRACKED if column.untracked_name else VALUE
    elif column.untracked_name:
        column.role = UNTRACKED
    return column
