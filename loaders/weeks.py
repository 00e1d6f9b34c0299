"""The week a sheet speaks of, from a cell, a title or a file name; always stored as its Monday."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from domain.weeks import iso_week_monday, monday_of
from loaders.numbers import clean_text

_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, Lotus leap-year bug included
_ISO = re.compile(r"(\d{4})\s*-?\s*w\s*(\d{1,2})", re.IGNORECASE)
_YEAR_WEEK = re.compile(r"(\d{4})\s*年\s*第\s*(\d{1,2})\s*周")
_WEEK_ONLY = re.compile(r"第\s*(\d{1,2})\s*周")
_FULL_DATE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_RANGE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日?\s*[—\-~～至到]+\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日?")
_YEAR = re.compile(r"(20\d{2})\s*年|(?<!\d)(20\d{2})(?!\d)")


def year_in(text: str) -> int | None:
    match = _YEAR.search(clean_text(text))
    return int(match.group(1) or match.group(2)) if match else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if 2000 <= found.year <= 2100 else None


def _safe_iso(year: int, week: int) -> date | None:
    try:
        return iso_week_monday(year, week) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def week_of_text(text: str, year: int | None = None) -> date | None:
    """2020-W06 · 2020年第6周 · 2020/2/7 · （2020年2月3日—2月9日） · 2月3日-2月9日 (year given or elsewhere)."""
    text = clean_text(text)
    for pattern, build in (
        (_ISO, lambda m: _safe_iso(int(m[1]), int(m[2]))),
        (_YEAR_WEEK, lambda m: _safe_iso(int(m[1]), int(m[2]))),
        (_FULL_DATE, lambda m: _safe_date(int(m[1]), int(m[2]), int(m[3]))),
    ):
        match = pattern.search(text)
        if match and (found := build(match)):
            return monday_of(found)
    year = year_in(text) or year
    if year is None:
        return None
    match = _MONTH_DAY.search(text)
    if match and (found := _safe_date(year, int(match[1]), int(match[2]))):
        return monday_of(found)
    match = _WEEK_ONLY.search(text)
    if match:
        return _safe_iso(year, int(match[1]))
    return None


def week_of_cell(cell: object, year: int | None = None) -> date | None:
    """A 日期/周次 cell: a date, an Excel serial number, or text as in week_of_text."""
    if isinstance(cell, datetime):
        return monday_of(cell.date())
    if isinstance(cell, date):
        return monday_of(cell)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 30000 <= cell <= 80000:  # 1982..2119 as Excel serials; smaller numbers are not dates
            return monday_of(_EXCEL_EPOCH + timedelta(days=int(cell)))
        return None
    if isinstance(cell, str):
        return week_of_text(cell, year)
    return None


def month_day_in(text: str) -> str | None:
    """The 2月10日—2月16日 or 第7周 part of a text, as written (for a message asking for the year)."""
    text = clean_text(text)
    match = _MONTH_RANGE.search(text) or _MONTH_DAY.search(text) or _WEEK_ONLY.search(text)
    return match.group(0) if match else None
