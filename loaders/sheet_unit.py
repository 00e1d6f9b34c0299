"""The one unit a sheet without a unit column speaks for: named in its 填报单位 line, its title, the sheet's name
or the file's name (东河镇人民政府 matched tolerantly to 东河镇)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from loaders.numbers import clean_text, is_blank
from loaders.unit_names import UnitMatcher

_UNIT_LINE = re.compile(
    r"(?:填报|报送|上报|统计)?单位(?:名称)?\s*(?:[（(]\s*(?:盖章|公章)\s*[)）])?\s*[:：]\s*(.*)"
)
# Where the unit's name ends on a 填报单位 line that also holds the date or the officer.
_LINE_END = re.compile(
    r"\s{2,}|\s*(?:填报|统计|报送|制表)?(?:日期|时间|人|周次)\s*[:：]|[（(]\s*(?:盖章|公章)"
)
_LEADING_DATE = re.compile(r"^(?:\d{4}\s*年度?|第?\s*\d+\s*周|[\d\s年月日至—\-~～－()（）]+)+")
MIN_NAME = 2  # one character names nothing


@dataclass(frozen=True)
class SheetUnit:
    written: str  # the name as the sheet writes it (东河镇人民政府)
    code: str | None  # None when the 填报单位 line names a unit not in the list
    label: str  # where it was written: 填报单位 / 标题 / 表名 / 文件名
    row: int | None  # 1-based row of the 填报单位 line or title; None for the sheet or file name


def _unit_line(row: list) -> str | None:
    """The name on a 填报单位：东河镇人民政府 line (also when the name sits in the next cell)."""
    for position, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        match = _UNIT_LINE.search(clean_text(cell))
        if not match:
            continue
        name = _LINE_END.split(match.group(1), maxsplit=1)[0].strip()
        if not name:
            name = next(
                (clean_text(c) for c in row[position + 1 :] if isinstance(c, str) and not is_blank(c)), ""
            )
            name = _LINE_END.split(name, maxsplit=1)[0].strip()
        return name
    return None


def _named_at_start(text: str, units: UnitMatcher) -> tuple[str, str] | None:
    """The longest start of `text` that names one unit: 东河镇人民政府防疫物资台账 → (东河镇人民政府, C01)."""
    text = _LEADING_DATE.sub("", clean_text(text)).strip()
    for end in range(min(len(text), 40), MIN_NAME - 1, -1):
        code = units.known(text[:end])
        if code is not None:
            return text[:end], code
    return None


def find_sheet_unit(
    title_rows: list[tuple[int, list]], sheet_name: str, file_name: str, units: UnitMatcher
) -> SheetUnit | None:
    """The unit named by the 填报单位 line, else the title, else the sheet's name, else the file's name."""
    for index, row in title_rows:
        name = _unit_line(row)
        if name:
            return SheetUnit(name, units.known(name), "填报单位", index + 1)
    for index, row in title_rows:
        for cell in row:
            if isinstance(cell, str) and (found := _named_at_start(cell, units)):
                return SheetUnit(found[0], found[1], "标题", index + 1)
    for text, label in ((sheet_name, "表名"), (PurePath(file_name).stem, "文件名")):
        if found := _named_at_start(text, units):
            return SheetUnit(found[0], found[1], label, None)
    return None


def sheet_unit_lookup(
    title_rows: list[tuple[int, list]], sheet_name: str, file_name: str, units: UnitMatcher
) -> Callable[[], str | None]:
    """find_sheet_unit's code, worked out on the first call (only an ambiguous name asks) and then kept."""

    @functools.cache
    def code() -> str | None:
        found = find_sheet_unit(title_rows, sheet_name, file_name, units)
        return found.code if found else None

    return code
