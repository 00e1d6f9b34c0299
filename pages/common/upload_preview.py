"""The upload preview as an officer reads it (issue 9): names instead of codes, figures through the one formatter,
blanks as blanks, only the columns that will be stored, and each problem marked on the cell it is about.

Pure pandas, no Streamlit: upload_view.py renders what these functions return."""

from __future__ import annotations

import pandas as pd

from domain.problems import ERROR, Problem
from loaders import vocabulary as v
from loaders.item_names import name_key
from metrics.numbers_zh import QUANTITY, cell, week_name
from pages.common.texts import t

# Field → text key, in the order the preview shows them; a measure column is shown only when it holds a figure.
STOCK_FIELDS = {
    "sheet": "col.sheet",
    "row": "col.row",
    "unit_code": "col.unit_name",
    "item_code": "col.item_name",
    "week": "col.week_label",
    "opening": "col.opening",
    "received": "col.received",
    "used": "col.used",
    "on_hand": "col.on_hand",
    "days_out": "col.days_out",
}
PUBLICITY_FIELDS = {
    "sheet": "col.sheet",
    "row": "col.row",
    "unit_code": "col.unit_name",
    "material_code": "col.item_name",
    "week": "col.week_label",
    "quantity": "col.quantity",
    "sub_units_reached": "col.sub_units_reached",
    "households_reached": "col.households_reached",
}
LOCATORS = ("sheet", "row", "unit_code", "item_code", "material_code", "week")
SEVERITY_ORDER = {ERROR: 0, "warning": 1, "info": 2}


def by_importance(problems: list[Problem]) -> list[Problem]:
    """Errors first (they stop the import), then warnings, then notes; in sheet order within each."""
    return sorted(problems, key=lambda p: SEVERITY_ORDER.get(p.severity, 3))


def preview_table(
    frame: pd.DataFrame, fields: dict[str, str], unit_names: dict, item_names: dict, lang: str
) -> pd.DataFrame:
    """The rows to be stored, as text: 12,000 not 12000.0, row 5 not 5.0, "" not None/nan, names not codes.
    Keeps the frame's row order, so position i here is row i of `frame`. Columns keep their field names;
    `headed` puts the reader's headings on."""
    shown = pd.DataFrame(index=range(len(frame)))
    rows = frame.reset_index(drop=True)
    for field in fields:
        if field not in rows:
            continue
        values = rows[field].tolist()
        if field == "sheet":
            if rows[field].nunique(dropna=True) <= 1:
                continue  # one sheet: its name on every row says nothing
            shown[field] = ["" if _blank(x) else str(x) for x in values]
        elif field == "row":
            shown[field] = ["" if _blank(x) else str(int(x)) for x in values]
        elif field == "unit_code":
            shown[field] = ["" if _blank(x) else str(unit_names.get(x, x)) for x in values]
        elif field in ("item_code", "material_code"):
            shown[field] = ["" if _blank(x) else str(item_names.get(x, x)) for x in values]
        elif field == "week":
            shown[field] = ["" if _blank(x) else week_name(pd.Timestamp(x), lang) for x in values]
        elif rows[field].notna().any():  # a measure no row gives is not stored: no heading over it
            shown[field] = [cell(x, QUANTITY) for x in values]
    return shown


def headed(shown: pd.DataFrame, fields: dict[str, str], lang: str) -> pd.DataFrame:
    return shown.rename(columns={f: t(fields[f], lang) for f in shown.columns})


def cell_marks(
    problems: list[Problem], frame: pd.DataFrame, shown_columns: list[str], item_names: dict
) -> dict[tuple[int, str], str]:
    """(row position, field) → severity of the worst problem about that cell. A problem names the sheet, row and
    header it is about; the header's measure word (期末库存 → on_hand) or unit/item word picks the column, and
    the item named in the header picks the row when one sheet row gave several items. A problem whose header
    names no shown column marks the whole row (every shown column)."""
    rows = frame.reset_index(drop=True)
    if rows.empty or "row" not in rows:
        return {}
    sheets = rows["sheet"].tolist() if "sheet" in rows else [None] * len(rows)
    where: dict[tuple, list[int]] = {}
    for position, (sheet, row) in enumerate(zip(sheets, rows["row"].tolist(), strict=True)):
        where.setdefault((sheet, row), []).append(position)
        where.setdefault((None, row), []).append(position)
    item_column = "item_code" if "item_code" in rows else "material_code"
    marks: dict[tuple[int, str], str] = {}
    for problem in problems:
        if problem.row is None:
            continue
        positions = where.get((problem.sheet, problem.row), [])
        if not positions:
            continue
        field = _field_of(problem.column, shown_columns)
        header = v.header_key(problem.column or "")
        named = [
            p
            for p in positions
            if item_column in rows
            and name_key(str(item_names.get(rows.at[p, item_column], rows.at[p, item_column]))) in header
        ]
        targets = named or positions
        columns = [field] if field else list(shown_columns)
        for position in targets:
            for column in columns:
                key = (position, column)
                if marks.get(key) != ERROR:
                    marks[key] = problem.severity
    return marks


def _field_of(column: str | None, shown_columns: list[str]) -> str | None:
    """The preview column a problem's header is about: its last part that is a measure, unit or item word."""
    if not column:
        return None
    for part in reversed(column.split("/")):
        key = v.header_key(part)
        field = v.MEASURES.get(key) or next((v.MEASURES[w] for w in v.CONTAINED_MEASURES if w in key), None)
        if field is None and key in v.UNIT:
            field = "unit_code"
        elif field is None and key in v.ITEM_NAME:
            field = "item_code" if "item_code" in shown_columns else "material_code"
        if field in shown_columns:
            return field
    return None


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NaT or value is pd.NA
