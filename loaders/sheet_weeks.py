"""Which week each data row is for: its 日期 cell, else the sheet's title or name, else the file name,
else the caller's week; the sheet wins over the caller, with a warning when they disagree."""

from __future__ import annotations

from datetime import date

from loaders import messages
from loaders.context import Context, shown
from loaders.headers import DATE
from loaders.numbers import is_blank
from loaders.tables import SheetLayout, Table
from loaders.weeks import month_day_in, week_of_cell, week_of_text, year_in


def _year_of_dates(cells: list[object]) -> int | None:
    """The year of a date cell (or an Excel serial date) above the table: 填报日期 written as a date."""
    for cell in cells:
        if isinstance(cell, date):
            return cell.year
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            found = week_of_cell(cell)
            if found:
                return found.year
    return None


def sheet_week(layout: SheetLayout, sheet_name: str, file_name: str, given: date | None) -> date | None:
    """The week written above the table, in the sheet's name or in the file name (None when nowhere).

    A title that says only 2月10日—2月16日 takes its year from the 填报日期/时间 line, the file name, a footer,
    a date cell above the table, or the week the caller gave."""
    texts = [c for c in layout.title if isinstance(c, str)]
    year = (
        next((y for t in texts if (y := year_in(t))), None)
        or year_in(file_name)
        or next((y for t in layout.other_text if (y := year_in(t))), None)
        or _year_of_dates(layout.title)
        or (given.year if given else None)
    )
    for cell in layout.title:
        found = week_of_cell(cell, year) if not isinstance(cell, (int, float)) else None
        if found:
            return found
    return week_of_text(sheet_name, year) or week_of_text(file_name, year)


def row_weeks(
    ctx: Context, sheet: str, table: Table, fallback: date | None, given: date | None
) -> list[date | None]:
    """The week of each data row, with problems for unreadable dates and a missing or conflicting week."""
    columns = table.header.role(DATE)
    weeks: list[date | None]
    if columns:
        column = columns[0]
        cache: dict[object, date | None] = {}
        weeks = []
        year = fallback.year if fallback else (given.year if given else None)
        for row in table.rows:
            cell = ctx.sheet_rows[row][column.index]
            if is_blank(cell):
                weeks.append(fallback or given)
                continue
            key = (type(cell), cell)
            if key not in cache:
                cache[key] = week_of_cell(cell, year)
                if cache[key] is None:
                    ctx.problems.append(messages.not_a_week(sheet, row + 1, column.label, shown(cell)))
            weeks.append(cache[key])
    else:
        weeks = [fallback or given] * len(table.rows)
    if given is not None:
        differing = next((w for w in weeks if w is not None and w != given), None)
        if differing is not None:
            ctx.problems.append(messages.week_conflict(sheet, differing, given))
    return weeks


def undated_week_text(layout: SheetLayout, sheet_name: str, file_name: str) -> str | None:
    """A 2月10日—2月16日 (or 第7周) written without any year: what to quote when asking for the week."""
    for text in [*(c for c in layout.title if isinstance(c, str)), sheet_name, file_name]:
        found = month_day_in(text)
        if found:
            return found
    return None
