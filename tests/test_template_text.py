"""The template writes unit names as text: a name like =HYPERLINK(…) never becomes a live formula."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd

from exports.template import write_template
from store.catalogue import load_items

HOSTILE = '=HYPERLINK("http://evil.example/","点我")'


def test_a_formula_like_unit_name_is_written_as_text(sqlite_engine):
    units = pd.DataFrame(
        [{"code": "C01", "name": HOSTILE, "parent_code": None, "level": "town", "active": True}]
    )
    content = write_template(units, load_items(sqlite_engine))
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == HOSTILE]
    assert cells and {c.data_type for c in cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(content)) as parts:
        sheets = [n for n in parts.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in parts.read(n) for n in sheets)  # the name is stored, never a formula
