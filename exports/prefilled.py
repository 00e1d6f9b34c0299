"""The pre-filled sheet for one unit and week (一表同享, issue 13): the fill-in template with a row for each unit
that reports under the chosen one, the items they report, and last week's closing stock already written.

Last week's closing goes in 期初库存, and in 期末库存 as well: the officer changes the closing only for what
changed and fills 本周入库 / 本周消耗 where there was any, so a figure that stayed the same is never typed again.
Sent back untouched, the sheet says "the stock is as last week, nothing received or used" (use = opening +
received − closing = 0), which is the zero report; a closing changed without its use leaves the use to the
one rule (docs/figures.md S1). Publicity is a flow, not a stock: its sheet has the rows and columns, blank.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
from openpyxl import Workbook

from domain.catalogue import PUBLICITY, SUPPLY
from domain.unit_tree import active_parents, subtree_codes
from exports.template import (
    PUBLICITY_EXTRA,
    _instructions_sheet,
    _text_not_formulas,
    _unit_list_sheet,
    _wide_sheet,
)

OPENING, CLOSING = "期初库存", "期末库存"
STOCK_MEASURES = (OPENING, CLOSING, "本周入库", "本周消耗")
RECENT_WEEKS = 4  # "the items that unit reports": those it had rows for in the last 4 weeks
FIRST_ROW = 5  # the template's first data row (title, 填报 line, two header rows)
NOTE = (
    "期初库存、期末库存已按上周期末库存填好：本周有变化的物资，改期末库存并填本周入库、本周消耗；"
    "没有变化的不用改。原样上传即表示本周库存不变、没有入库和消耗（零报告）。"
)


def reporting_units(units: pd.DataFrame, unit_code: str, stock: pd.DataFrame) -> pd.DataFrame:
    """The units under `unit_code` (and itself) that fill in sheets: those with no active unit below them,
    and any other that sent rows of its own in `stock`. Sorted by code."""
    active = units[units["active"].fillna(True).astype(bool)] if "active" in units else units
    subtree = subtree_codes(active, [str(unit_code)])
    leaves = subtree - active_parents(active)
    own_rows = set(stock["unit_code"].astype(str)) & subtree
    chosen = active[active["code"].astype(str).isin(leaves | own_rows)]
    return chosen.sort_values("code").reset_index(drop=True)


def write_prefilled(
    units: pd.DataFrame,
    items: pd.DataFrame,
    stock: pd.DataFrame,
    publicity: pd.DataFrame,
    *,
    unit_code: str,
    week: date,
) -> bytes:
    """The sheet for the week starting `week` (a Monday). `stock` and `publicity` hold the units' rows of the
    RECENT_WEEKS weeks before it (more is fine: only those weeks are read)."""
    first = week - timedelta(weeks=RECENT_WEEKS)
    stock = _between(stock, first, week)
    publicity = _between(publicity, first, week)
    rows = reporting_units(units, unit_code, stock)
    codes = set(rows["code"].astype(str))
    supplies = _reported_items(items, SUPPLY, stock[stock["unit_code"].isin(codes)], "item_code")
    materials = _reported_items(
        items, PUBLICITY, publicity[publicity["unit_code"].isin(codes)], "material_code"
    )
    last_week = stock[stock["week"] == pd.Timestamp(week - timedelta(weeks=1))]
    closing = {
        (str(r.unit_code), r.item_code): r.on_hand for r in last_week.itertuples() if pd.notna(r.on_hand)
    }

    year, number, _ = week.isocalendar()
    workbook = Workbook()
    names_range = _unit_list_sheet(workbook, units)
    name = _name_of(units, unit_code)
    stock_sheet = workbook.active
    stock_sheet.title = "物资"
    stock_columns = [(f"{r.name_zh}（{r.base_unit}）", list(STOCK_MEASURES)) for r in supplies.itertuples()]
    _wide_sheet(
        stock_sheet, f"防疫物资周报表（{year}年第{number}周）", stock_columns, names_range, rows=len(rows)
    )
    _unit_line(stock_sheet, name)
    for offset, unit in enumerate(rows.itertuples()):
        row = FIRST_ROW + offset
        stock_sheet.cell(row, 1, unit.name)
        for index, item in enumerate(supplies["code"]):
            value = closing.get((str(unit.code), item))
            if value is not None:
                column = 2 + index * len(STOCK_MEASURES)
                stock_sheet.cell(row, column, _number(value))  # 期初库存
                stock_sheet.cell(row, column + 1, _number(value))  # 期末库存, until the officer changes it

    publicity_sheet = workbook.create_sheet("宣传")
    publicity_columns = [(f"{r.name_zh}（{r.base_unit}）", []) for r in materials.itertuples()]
    publicity_columns += [(extra, []) for extra in PUBLICITY_EXTRA]
    title = f"疫情防控宣传工作统计表（{year}年第{number}周）"
    _wide_sheet(publicity_sheet, title, publicity_columns, names_range, rows=len(rows))
    _unit_line(publicity_sheet, name)
    for offset, unit in enumerate(rows.itertuples()):
        publicity_sheet.cell(FIRST_ROW + offset, 1, unit.name)

    _instructions_sheet(workbook, supplies)
    workbook["说明"].insert_rows(2)
    workbook["说明"].cell(2, 1, NOTE)
    workbook.move_sheet(
        "单位列表", offset=len(workbook.sheetnames) - 1 - workbook.sheetnames.index("单位列表")
    )
    _text_not_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def prefilled_file_name(unit_name: str, week: date) -> str:
    year, number, _ = week.isocalendar()
    return f"{unit_name}_{year}年第{number}周_填报表.xlsx"


def _unit_line(sheet, name: str) -> None:
    # The loaders read 「填报单位：」 to settle a village name that two towns share (README, 单位在哪).
    sheet.cell(2, 1, f"填报单位：{name}")


def _reported_items(items: pd.DataFrame, category: str, rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """The catalogue's items of `category` the rows name, in catalogue order; the whole category when none."""
    kind = items[items["category"] == category]
    named = kind[kind["code"].isin(set(rows[column]))]
    return (named if len(named) else kind).reset_index(drop=True)


def _between(frame: pd.DataFrame, first: date, week: date) -> pd.DataFrame:
    weeks = pd.to_datetime(frame["week"])
    return frame[(weeks >= pd.Timestamp(first)) & (weeks < pd.Timestamp(week))].assign(
        unit_code=frame["unit_code"].astype(str)
    )


def _name_of(units: pd.DataFrame, code: str) -> str:
    match = units.loc[units["code"].astype(str) == str(code), "name"]
    return str(match.iloc[0]) if len(match) else str(code)


def _number(value: float) -> float | int:
    """Whole numbers as integers, so the cell reads 1200, not 1200.0."""
    return int(value) if float(value).is_integer() else float(value)


def prefilled_for(engine, unit_code: str, week: date) -> tuple[str, bytes]:
    """(file name, workbook) for `unit_code` and the week holding `week`, read from the store. Raises
    UnknownUnit for a code not in the unit list."""
    from domain.errors import UnknownUnit
    from domain.weeks import monday_of
    from store.catalogue import load_items
    from store.reports import load_publicity, load_stock
    from store.units import load_units

    units = load_units(engine)
    if str(unit_code) not in set(units["code"].astype(str)):
        raise UnknownUnit(unit_code)
    monday = monday_of(week)
    window = {"weeks_from": monday - timedelta(weeks=RECENT_WEEKS), "weeks_to": monday - timedelta(weeks=1)}
    content = write_prefilled(
        units,
        load_items(engine),
        load_stock(engine, **window),
        load_publicity(engine, **window),
        unit_code=str(unit_code),
        week=monday,
    )
    return prefilled_file_name(_name_of(units, unit_code), monday), content
