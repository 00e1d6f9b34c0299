"""Refuse a file too big to read before any parser sees it: an .xlsx is a zip, so its parts can be sized.

A 1.7 KB .xlsx with cells at A1 and XFD1048576 made calamine allocate the dense range (512 GB) and abort the
whole server (issue 11). Here we read only the zip directory, each sheet's <dimension ref>, and the row and cell
references streamed from the sheet XML, never building cells, so the check costs a fraction of the parse.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from domain.parse_limits import ParseLimits
from domain.problems import Problem
from loaders import size_messages as msg
from loaders.cell_references import largest_reference, row_tags

_ZIP = b"PK\x03\x04"
_CHUNK = 1 << 20
_TAIL = 64  # a reference cut by a chunk boundary is found again in the next chunk
_LARGE_MEMBER = 10_000_000  # small parts (styles, strings) may compress very well without harm
_SHEET = re.compile(r"xl/(worksheets|chartsheets|dialogsheets)/[^/]+\.xml$", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]*)"')
_RANGE_END = re.compile(r"([A-Za-z]{1,3})?(\d+)?$")
_BOOK_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_SMALL_PART = 5_000_000


def inspect_workbook(file_name: str, content: bytes, limits: ParseLimits) -> list[Problem]:
    """Problems for an .xlsx (or CSV) over the limits; [] for anything we cannot size (the reader decides)."""
    if not content.startswith(_ZIP):
        return _inspect_text(file_name, content, limits)
    try:
        book = zipfile.ZipFile(io.BytesIO(content))
        members = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return []
    if len(members) > limits.max_members:
        return [msg.too_many_members(file_name, len(members), limits.max_members)]
    declared = sum(m.file_size for m in members)
    if declared > limits.max_expanded_bytes:
        return [msg.expanded_too_large(file_name, declared, limits.max_expanded_bytes)]
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _LARGE_MEMBER and ratio > limits.max_ratio:
            return [msg.compression_ratio(file_name, member.filename, ratio, limits.max_ratio)]
    problems: list[Problem] = []
    budget = [limits.max_expanded_bytes]
    names = _sheet_names(book)
    for member in members:
        if _SHEET.search(member.filename):
            sheet = names.get(member.filename, member.filename.rsplit("/", 1)[-1])
            problems += _inspect_sheet(file_name, sheet, book, member, limits, budget)
            if problems:
                break
    return problems


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Part path → the sheet name Excel shows, so a problem names the tab the officer sees."""
    try:
        workbook = _small_part(book, "xl/workbook.xml")
        relations = _small_part(book, "xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return {}
    targets = {}
    for tag in _RELATION.findall(relations):
        targets[_attribute(tag, rb"Id")] = _attribute(tag, rb"Target")
    names = {}
    for tag in _BOOK_SHEET.findall(workbook):
        target = targets.get(_attribute(tag, rb"\w+:id"), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        names[path] = _attribute(tag, rb"name")
    return names


def _attribute(tag: bytes, name: bytes) -> str:
    """An attribute's value from one XML start tag, whatever order the attributes come in ("" if absent)."""
    found = re.search(rb"\s" + name + rb'="([^"]*)"', tag)
    return html.unescape(found.group(1).decode("utf-8", "replace")) if found else ""


def _small_part(book: zipfile.ZipFile, path: str) -> bytes:
    with book.open(path) as stream:
        return stream.read(_SMALL_PART)


def _inspect_sheet(
    file_name: str,
    sheet: str,
    book: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    limits: ParseLimits,
    budget: list[int],
) -> list[Problem]:
    """The sheet's declared range, then the largest row and column its XML names, streamed in chunks."""
    max_row = max_column = rows_seen = 0
    tail = b""
    first = True
    try:
        with book.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:  # the directory understated the sizes
                    return [
                        msg.expanded_too_large(
                            file_name, limits.max_expanded_bytes + 1, limits.max_expanded_bytes
                        )
                    ]
                text = tail + chunk
                if first:
                    first = False
                    problem = _dimension_problem(file_name, sheet, text, limits)
                    if problem is not None:
                        return [problem]
                last_row, last_column = largest_reference(text)
                max_row = max(max_row, last_row)
                max_column = max(max_column, last_column)
                # Rows without r= are numbered by position; count only tags wholly in this chunk's new bytes.
                rows_seen += row_tags(text, len(tail))
                tail = text[-_TAIL:]
                if max(max_row, rows_seen) > limits.max_rows:
                    break
                if max_column > limits.max_columns:
                    break
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return []  # a damaged or encrypted part: the reader, in its worker, says what is wrong
    return _range_problems(file_name, sheet, max(max_row, rows_seen), max_column, limits)


def _dimension_problem(file_name: str, sheet: str, head: bytes, limits: ParseLimits) -> Problem | None:
    found = _DIMENSION.search(head)
    if found is None:
        return None
    end = found.group(1).decode("ascii", "replace").split(":")[-1].replace("$", "")
    match = _RANGE_END.match(end)
    if match is None:
        return None
    letters, digits = match.groups()
    rows = int(digits) if digits else 0
    columns = column_number(letters) if letters else 0
    problems = _range_problems(file_name, sheet, rows, columns, limits)
    return problems[0] if problems else None


def _range_problems(
    file_name: str, sheet: str, rows: int, columns: int, limits: ParseLimits
) -> list[Problem]:
    if rows > limits.max_rows:
        return [msg.too_many_rows(file_name, sheet, rows, limits.max_rows)]
    if columns > limits.max_columns:
        return [msg.too_many_columns(file_name, sheet, columns, limits.max_columns)]
    return []


def _inspect_text(file_name: str, content: bytes, limits: ParseLimits) -> list[Problem]:
    """A CSV's lines are its rows; an .xls (OLE) cannot be sized cheaply and is left to the worker's limits."""
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return []
    rows = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    if rows > limits.max_rows:
        return [msg.too_many_rows(file_name, None, rows, limits.max_rows)]
    return []


def column_number(letters: str) -> int:
    """'A' → 1, 'Z' → 26, 'AA' → 27, 'XFD' → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
