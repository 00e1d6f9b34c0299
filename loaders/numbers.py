"""Numbers as officers write them: 1,200 · 1.2万 · 5万只 · 约300 · １２００ · — ; blank is "not reported"."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

# Invisible or blank-looking characters that Excel/WPS users leave in "empty" cells (realdata: \u200b, NBSP).
_INVISIBLE = "\u200b\u200c\u200d\ufeff\xa0\u3000\t\r\n "
# What officers write for "none": a dash, a slash or 无 (domain.md).
ZERO_WORDS = frozenset({"—", "-", "–", "——", "--", "/", "无", "没有", "nil", "none", "0"})
_MULTIPLIERS = {"万": 1e4, "千": 1e3, "百": 1e2, "亿": 1e8, "k": 1e3, "w": 1e4}
# Counting units whose first character is also a multiplier (千克 = kg, not 1000 × 克).
_UNITS_STARTING_LIKE_MULTIPLIERS = frozenset(
    {"千克", "千米", "千瓦", "百克", "kg", "km", "kl", "kw", "kwh", "kgs"}
)
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_NUMBER = re.compile(
    r"^(?:约|大约|近|共|计|合计)?\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*"
    r"(万|千|百|亿|k|w)?\s*(?:余|多|左右|以上|\+)?\s*(.*?)\s*(?:余|多|左右)?$"
)


@dataclass(frozen=True, slots=True)
class Written:
    """A cell read as a number: `value` (NaN when blank), the counting unit written beside it, or `bad`."""

    value: float
    unit: str = ""
    bad: bool = False


BLANK = Written(math.nan)
_BAD = Written(math.nan, "", True)


def clean_text(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) and no invisible characters at either end."""
    return unicodedata.normalize("NFKC", text).strip(_INVISIBLE)


def strip_text(text: str) -> str:
    """The text as written, without the invisible characters at either end (for labels and messages)."""
    return text.strip(_INVISIBLE)


def is_blank(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell.strip(_INVISIBLE)
    return isinstance(cell, float) and math.isnan(cell)


def read_written(cell: object) -> Written:
    """One cell → Written. Pure; callers cache it per distinct string (see NumberReader)."""
    if cell is None:
        return BLANK
    if isinstance(cell, bool):
        return _BAD
    if isinstance(cell, (int, float)):
        return Written(float(cell))
    if not isinstance(cell, str):
        return _BAD  # a date or time where a number goes
    text = clean_text(cell)
    if not text:
        return BLANK
    if text.lower() in ZERO_WORDS or set(text) <= {"-", "—", "–", "/"}:
        return Written(0.0)
    if _SCIENTIFIC.fullmatch(text):
        return Written(float(text))
    match = _NUMBER.match(text.replace("，", ","))
    if not match:
        return _BAD
    digits, multiplier, unit = match.groups()
    if multiplier and (multiplier + unit).lower() in _UNITS_STARTING_LIKE_MULTIPLIERS:
        # 12千克 is 12 kg and 10kg is 10 kg, not 12,000 克 or 10,000 g.
        multiplier, unit = None, multiplier + unit
    value = float(digits.replace(",", ""))
    if multiplier:
        # 0.03万 is exactly 300: round off the binary fraction the multiplication leaves (300.00000000000006).
        value = round(value * _MULTIPLIERS[multiplier], 6)
    unit = unit.strip()
    # "12盒" is a unit; "12 abc 3" or "3-4" is not a number with a unit.
    if unit and (any(ch.isdigit() for ch in unit) or len(unit) > 4):
        return _BAD
    return Written(value, unit)


class NumberReader:
    """read_written with a cache: a province sheet repeats the same few strings thousands of times."""

    def __init__(self) -> None:
        self._cache: dict[str, Written] = {}

    def read(self, cell: object) -> Written:
        if type(cell) is float:
            return Written(cell)
        if type(cell) is str:
            found = self._cache.get(cell)
            if found is None:
                found = self._cache[cell] = read_written(cell)
            return found
        return read_written(cell)

    def column(self, cells: list | tuple) -> tuple[list[float] | np.ndarray, list[str] | None, list[int]]:
        """Values, the unit written in each cell (None when no cell has one) and the positions of bad cells."""
        try:  # the common case: every cell already a number, read in C
            values = np.asarray(cells, dtype=float)
        except (ValueError, TypeError):
            pass
        else:
            odd = np.flatnonzero(~np.isfinite(values))
            # numpy reads the text "nan", "inf", "Infinity" as numbers: such a column is read cell by cell.
            if not any(isinstance(cells[i], str) for i in odd):
                return values, None, []
        values: list[float] = []
        units: list[str] | None = None
        bad: list[int] = []
        read = self.read
        append = values.append
        for i, cell in enumerate(cells):
            if type(cell) is float:
                append(cell)
                continue
            written = read(cell)
            append(written.value)
            if written.bad:
                bad.append(i)
            elif written.unit:
                if units is None:
                    units = [""] * len(cells)
                units[i] = written.unit
        return values, units, bad
