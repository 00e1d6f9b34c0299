"""The Excel brief: the table behind every chart of the brief, one sheet each, for people who rework figures.

Each sheet: a title row (unit · week · topic), the header row, the rows; both top rows frozen. Figures are
numbers as the screen shows them (days cut to one decimal, percentages to whole numbers: numbers_zh.cut),
with a number format, so a sum in Excel adds what the reader sees. Every text cell is written as text with
Excel's quote prefix: a unit named "=1+1" stays the text "=1+1", never a formula (OWASP CSV injection).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from briefs.content import Brief
from briefs.texts import bt, when
from domain.weeks import week_name
from metrics import numbers_zh
from metrics.labels import label

# Number formats by kind of figure (numbers_zh's kinds): what a cell shows matches the screen.
FORMATS = {"days": "0.0", "quantity": "#,##0.#", "percent": "0", "count": "#,##0", "text": "@"}
MAX_WIDTH = 60  # characters: a long alert sentence wraps instead of making a sheet a mile wide


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, no []:*?/\ (Excel's rules)
    title: str
    columns: list[tuple[str, str]]  # (header, kind)
    rows: list[list]


def write_xlsx(brief: Brief) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in brief_sheets(brief):
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def brief_sheets(brief: Brief) -> list[Sheet]:
    """Every table of the brief in order: headline, alerts, days per item, trend, coverage, reporting, …"""
    lang = brief.lang
    head = f"{brief.unit_name} · {brief.week_label}"
    sheets = [_headline(brief, head), _alerts(brief, head)]
    for chart in brief.days:
        sheets.append(
            Sheet(
                name=_sheet_name(bt("sheet.days", lang, item=chart.item_name)),
                title=f"{head} · {bt('section.days', lang, item=chart.item_name)}",
                columns=[
                    (bt("col.unit", lang), "text"),
                    (bt("col.days", lang), "days"),
                    (bt("col.status", lang), "text"),
                    (
                        bt("col.in_unit", lang, header=bt("col.on_hand", lang), unit=chart.base_unit),
                        "quantity",
                    ),
                    (
                        bt("col.in_unit", lang, header=bt("col.daily_use", lang), unit=chart.base_unit),
                        "quantity",
                    ),
                ],
                rows=[
                    [
                        r.unit,
                        numbers_zh.cut(r.days_of_supply, "days"),
                        label(f"status.{r.status}", lang),
                        numbers_zh.cut(r.on_hand, "quantity"),
                        numbers_zh.cut(r.daily_use, "quantity"),
                    ]
                    for r in chart.rows.itertuples()
                ],
            )
        )
    sheets += [_trend(brief, head), _coverage(brief, head), _reporting(brief, head), _transfers(brief, head)]
    sheets.append(_note(brief, head))
    return sheets


def _headline(brief: Brief, head: str) -> Sheet:
    lang = brief.lang
    rows = []
    for tile in brief.headline:
        name = label(f"tile.{tile.key}", lang, material=tile.material)
        note = label(f"cov.{tile.note}", lang) if tile.key == "coverage" else tile.note
        rows.append([name, tile.value, note])
    return Sheet(
        name=_sheet_name(bt("sheet.headline", lang)),
        title=f"{head} · {bt('section.headline', lang)}",
        columns=[
            (bt("col.figure", lang), "text"),
            (bt("col.value", lang), "text"),
            (bt("col.note", lang), "text"),
        ],
        rows=rows,
    )


def _alerts(brief: Brief, head: str) -> Sheet:
    lang = brief.lang
    return Sheet(
        name=_sheet_name(bt("sheet.alerts", lang)),
        title=f"{head} · {bt('section.alerts', lang)}",
        columns=[
            (bt("col.severity", lang), "text"),
            (bt("col.unit", lang), "text"),
            (bt("col.message", lang), "text"),
        ],
        rows=[[bt(f"severity.{r.severity}", lang), r.unit, r.message] for r in brief.alerts.itertuples()],
    )


def _trend(brief: Brief, head: str) -> Sheet:
    lang = brief.lang
    trend = brief.trend.sort_values(["item", "week"], kind="stable")
    title = bt("section.trend", lang, n=trend["week"].nunique())
    return Sheet(
        name=_sheet_name(bt("sheet.trend", lang)),
        title=f"{head} · {title}",
        columns=[
            (bt("col.item", lang), "text"),
            (bt("col.week", lang), "text"),
            (bt("col.on_hand", lang), "quantity"),
            (bt("col.used", lang), "quantity"),
        ],
        rows=[
            [r.item_name, week_name(date.fromisoformat(r.week), lang), _number(r.on_hand), _number(r.used)]
            for r in trend.itertuples()
        ],
    )


def _coverage(brief: Brief, head: str) -> Sheet:
    lang = brief.lang
    title = bt("sheet.coverage_title", lang)
    return Sheet(
        name=_sheet_name(bt("sheet.coverage", lang)),
        title=f"{head} · {title}",
        columns=[
            (bt("col.unit", lang), "text"),
            (bt("col.material", lang), "text"),
            (bt("col.cumulative", lang), "quantity"),
            (bt("col.target", lang), "quantity"),
            (bt("col.coverage", lang), "percent"),
            (bt("col.status", lang), "text"),
        ],
        rows=[
            [
                r.unit,
                r.material_name,
                _number(r.cumulative),
                _number(r.target),
                numbers_zh.cut(r.coverage_pct, "percent"),
                label(f"cov.{r.status}", lang),
            ]
            for r in brief.coverage.itertuples()
        ],
    )


def _reporting(brief: Brief, head: str) -> Sheet:
    lang = brief.lang
    summary = brief.reporting
    rate = "—" if summary["rate_pct"] is None else numbers_zh.percent(summary["rate_pct"])
    line = bt("reporting.line", lang, expected=summary["expected"], reported=summary["reported"], rate=rate)
    rows = [
        [
            m["unit"],
            ""
            if m["last_report_week"] is None
            else week_name(date.fromisoformat(m["last_report_week"]), lang),
            m["weeks_since"],
            m["days_since"],
        ]
        for m in summary["missing"]
    ]
    return Sheet(
        name=_sheet_name(bt("sheet.reporting", lang)),
        title=f"{head} · {line}",
        columns=[
            (bt("col.unit", lang), "text"),
            (bt("col.last_report", lang), "text"),
            (bt("col.weeks_since", lang), "count"),
            (bt("col.days_since", lang), "count"),
        ],
        rows=rows,
    )


def _transfers(brief: Brief, head: str) -> Sheet:
    lang = brief.lang
    return Sheet(
        name=_sheet_name(bt("sheet.transfers", lang)),
        title=f"{head} · {bt('section.transfers', lang)}",
        columns=[
            (bt("col.item", lang), "text"),
            (bt("col.from_unit", lang), "text"),
            (bt("col.to_unit", lang), "text"),
            (bt("col.quantity", lang), "quantity"),
            (bt("col.from_days_after", lang), "days"),
            (bt("col.to_days_after", lang), "days"),
        ],
        rows=[
            [
                r.item_name,
                r.from_unit,
                r.to_unit,
                _number(r.quantity),
                numbers_zh.cut(r.from_days_after, "days"),
                numbers_zh.cut(r.to_days_after, "days"),
            ]
            for r in brief.transfers.itertuples()
        ],
    )


def _note(brief: Brief, head: str) -> Sheet:
    lang = brief.lang
    made = bt("brief.made_at", lang, time=when(brief.made_at, lang))
    return Sheet(
        name=_sheet_name(bt("sheet.note", lang)),
        title=f"{head} · {made} · {bt('note.thresholds', lang)}",
        columns=[
            (bt("col.file", lang), "text"),
            (bt("col.uploaded_by", lang), "text"),
            (bt("col.uploaded_at", lang), "text"),
            (bt("col.stock_rows", lang), "count"),
            (bt("col.publicity_rows", lang), "count"),
        ],
        rows=[
            [
                r.file_name,
                r.uploaded_by,
                when(r.uploaded_at.to_pydatetime(), lang),
                r.stock_rows,
                r.publicity_rows,
            ]
            for r in brief.uploads.itertuples()
        ],
    )


def _number(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    return numbers_zh.cut(value, "quantity")


def _sheet_name(text: str) -> str:
    for bad in "[]:*?/\\":
        text = text.replace(bad, " ")
    return text.strip()[:31] or "Sheet"


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    name = sheet.name
    taken = set(workbook.sheetnames)
    suffix = 2
    while name in taken:  # two items whose names cut to the same 31 characters
        name = f"{sheet.name[:28]}({suffix})"
        suffix += 1
    ws = workbook.create_sheet(name)
    _text(ws.cell(row=1, column=1), sheet.title).font = Font(bold=True, size=13)
    for col, (header, _kind) in enumerate(sheet.columns, start=1):
        cell = _text(ws.cell(row=2, column=col), header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [_width(header) for header, _kind in sheet.columns]
    for r, values in enumerate(sheet.rows, start=3):
        for c, ((_header, kind), value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            cell = ws.cell(row=r, column=c)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            if kind == "text" or isinstance(value, str):
                _text(cell, str(value))
                widths[c - 1] = max(widths[c - 1], _width(str(value)))
            else:
                cell.value = float(value) if kind in ("days", "quantity", "percent") else int(value)
                cell.number_format = FORMATS[kind]
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(width + 2, MAX_WIDTH)
    ws.freeze_panes = "A3"


def _text(cell, value: str):
    """A text cell that stays text: never a formula, and Excel's quote prefix keeps it so on editing."""
    cell.value = value
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    return cell


def _width(text: str) -> int:
    """Column width in Excel's units: a Chinese character takes about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
