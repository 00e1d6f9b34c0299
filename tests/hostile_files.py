"""The hostile files of issue 11, built in code: tiny on disk, huge (or broken) once a reader opens them."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import xlwt

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="\xe5\x91\xa8\xe6\x8a\xa5" sheetId="1" r:id="rId1"/></sheets></workbook>'  # 周报
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def xlsx_from_sheet_xml(sheet_xml_parts: list[bytes] | bytes) -> bytes:
    """A one-sheet .xlsx ("周报") whose sheet XML is written as given, streamed part by part."""
    parts = [sheet_xml_parts] if isinstance(sheet_xml_parts, bytes) else sheet_xml_parts
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in parts:
                sheet.write(part)
    return buffer.getvalue()


def corner_cells_xlsx() -> bytes:
    """One cell at A1 and one at XFD1048576, saved by openpyxl (which writes <dimension ref="A1:XFD1048576">)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "周报"
    sheet["A1"] = "单位"
    sheet["XFD1048576"] = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def corner_cells_without_dimension_xlsx() -> bytes:
    """The same two cells with no <dimension>: only streaming the cell references finds the far one."""
    return xlsx_from_sheet_xml(
        _SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )


def far_cell_xlsx(column: int = 2000, row: int = 50_000) -> bytes:
    """A cell at column 2,000, row 50,000: 100 million cells once made dense (30 s and 4 GiB in calamine)."""
    return xlsx_from_sheet_xml(
        _SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="%d"><c r="%s%d"><v>1</v></c></row></sheetData></worksheet>'
        % (row, column_letters(column).encode(), row)
    )


def whitespace_bomb_xlsx(megabytes: int = 300) -> bytes:
    """Sheet XML padded with `megabytes` of spaces inside the sheet: a few hundred KB zipped."""
    block = b" " * (1 << 20)
    return xlsx_from_sheet_xml(
        [_SHEET_HEAD, b"<sheetData>", *([block] * megabytes), b"</sheetData></worksheet>"]
    )


def row_bomb_xlsx(rows: int = 300_000) -> bytes:
    """`rows` empty rows, numbered: under the size limit, over the row limit."""
    body = b"".join(b'<row r="%d"/>' % n for n in range(1, rows + 1))
    return xlsx_from_sheet_xml([_SHEET_HEAD, b"<sheetData>", body, b"</sheetData></worksheet>"])


def unnumbered_row_bomb_xlsx(rows: int = 300_000) -> bytes:
    """`rows` rows without r= (Excel numbers them by position): only counting the row tags finds them."""
    body = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * rows
    return xlsx_from_sheet_xml([_SHEET_HEAD, b"<sheetData>", body, b"</sheetData></worksheet>"])


def truncated_xls() -> bytes:
    """A real .xls (written by xlwt, 9.6 KB) cut at 8 KB, as a broken download leaves it: calamine 0.37 panics
    (cfb.rs "range end index out of range"), a pyo3 PanicException that `except Exception` does not catch."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("周报")
    for row, values in enumerate([["单位", "口罩库存"], ["东河镇", 1200], ["西河镇", 800]] * 40):
        for column, value in enumerate(values):
            sheet.write(row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    return content[:8192]


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
