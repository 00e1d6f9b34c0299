"""Bytes → raw sheets (rows of cell values, Excel row n at index n-1), with encoding and file-type detection."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from domain.problems import Problem
from loaders import messages

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_EXCEL = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")
# Sheets that carry no figures: our template's instructions (with its example row) and any notes sheet.
_INSTRUCTION_SHEETS = {"说明", "填表说明", "填报说明", "使用说明", "instructions", "readme"}
Merged = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


@dataclass
class RawSheet:
    name: str
    rows: list[list]
    merged: list[Merged] = field(default_factory=list)


def read_sheets(file_name: str, content: bytes) -> tuple[list[RawSheet], list[Problem]]:
    """Every non-empty sheet of a workbook or CSV; a bad file gives one error Problem and no sheets."""
    if not content.strip(b"\x00 \t\r\n"):
        return [], [messages.empty_file(file_name)]
    suffix = PurePath(file_name).suffix.lower()
    if content.startswith(_CFB) and (suffix in (".xlsx", ".xlsm") or _ENCRYPTED_STREAM in content):
        # Excel saves a password-protected .xlsx as an OLE file holding an EncryptedPackage stream.
        return [], [messages.encrypted_workbook(file_name)]
    if content.startswith(_CFB) or content.startswith(b"PK\x03\x04"):
        return _read_workbook(file_name, content)
    if suffix in _EXCEL:
        return [], [messages.not_a_workbook(file_name)]
    text = decode_text(content)
    if text is None:
        return [], [messages.not_a_workbook(file_name)]
    sheets = [RawSheet(PurePath(file_name).stem, _csv_rows(text))]
    if not any(any(c.strip() for c in row) for row in sheets[0].rows):
        return [], [messages.empty_file(file_name)]
    return sheets, []


def decode_text(content: bytes) -> str | None:
    """UTF-8 (BOM or not), else GB18030 (a superset of GBK, what Chinese Excel and WPS save CSV in)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Binary junk can decode as GB18030; real text has few control characters.
        controls = sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\r\n\t")
        return text if controls == 0 else None
    return None


def _csv_rows(text: str) -> list[list]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _read_workbook(file_name: str, content: bytes) -> tuple[list[RawSheet], list[Problem]]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = []
        for meta in book.sheets_metadata:
            name = meta.name
            # A hidden sheet is a lookup list (our template's 单位列表 for the drop-downs), never a report.
            if meta.visible != SheetVisibleEnum.Visible or name.strip().lower() in _INSTRUCTION_SHEETS:
                continue
            sheet = book.get_sheet_by_name(name)
            # skip_empty_area=False keeps row n at index n-1, so problems name the row Excel shows.
            rows = sheet.to_python(skip_empty_area=False)
            if rows:
                sheets.append(RawSheet(name, rows, list(sheet.merged_cell_ranges or [])))
    except Exception as error:  # calamine raises several error types for broken or protected files
        text = str(error).lower()
        if "password" in text or "encrypt" in text:
            return [], [messages.encrypted_workbook(file_name)]
        return [], [messages.not_a_workbook(file_name)]
    if not sheets:
        return [], [messages.empty_file(file_name)]
    return sheets, []
