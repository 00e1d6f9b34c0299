"""The fill-in template: the wide statistics table officers know, built from the live catalogue and unit list.

Plain .xlsx features only (merged cells, data validation, a hidden list sheet) so it opens the same in
Microsoft Excel and WPS (domain.md, "Where it runs").
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from domain.catalogue import PUBLICITY, SUPPLY
from domain.weeks import monday_of

STOCK_MEASURES = ("期末库存", "本周入库", "本周消耗")
PUBLICITY_EXTRA = ("覆盖村（社区）数", "入户户数")
BLANK_ROWS = 60
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

INSTRUCTIONS = [
    "填表说明",
    "1. 每周一份：在「物资」「宣传」两张表中，每个单位填一行；单位名称从下拉列表中选择。",
    "2. 周次写在表头标题中（如“2020年第6周”），也可以在上传时另行指定。",
    "3. 数量一律按计量单位填写（见列名括号内，如“只”“升”）；也可写成“5箱”“12盒”，系统按包装规格换算。",
    "4. 没有的物资填 0；不填（空白）表示“未上报”，不会按 0 计算。",
    "5. 未填“本周消耗”时，系统按“上周库存 + 本周入库 − 期末库存”推算。",
    "6. 不要修改表头；合计行、填报人等信息可保留，系统会自动识别并核对合计。",
    "7. 本单位本周没有任何变化，也请上报（零报告）。",
]


def write_template(units: pd.DataFrame, items: pd.DataFrame, *, today: date | None = None) -> bytes:
    """The template workbook as bytes: 物资 and 宣传 sheets, instructions with an example, a unit list."""
    week = monday_of(today or date.today())
    year, week_number, _ = week.isocalendar()
    workbook = Workbook()
    names_range = _unit_list_sheet(workbook, units)
    supplies = items[items["category"] == SUPPLY]
    materials = items[items["category"] == PUBLICITY]

    stock_sheet = workbook.active
    stock_sheet.title = "物资"
    stock_columns = [(f"{r.name_zh}（{r.base_unit}）", list(STOCK_MEASURES)) for r in supplies.itertuples()]
    _wide_sheet(stock_sheet, f"防疫物资周报表（{year}年第{week_number}周）", stock_columns, names_range)

    publicity_sheet = workbook.create_sheet("宣传")
    publicity_columns = [(f"{r.name_zh}（{r.base_unit}）", []) for r in materials.itertuples()]
    publicity_columns += [(extra, []) for extra in PUBLICITY_EXTRA]
    _wide_sheet(
        publicity_sheet,
        f"疫情防控宣传工作统计表（{year}年第{week_number}周）",
        publicity_columns,
        names_range,
    )

    _instructions_sheet(workbook, supplies)
    workbook.move_sheet(
        "单位列表", offset=len(workbook.sheetnames) - 1 - workbook.sheetnames.index("单位列表")
    )
    _text_not_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_not_formulas(workbook: Workbook) -> None:
    """Every cell we wrote is text or a number: openpyxl would store a unit named `=HYPERLINK(…)` as a live
    formula (issue 11), so a string starting with "=" is kept as the string it is."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _wide_sheet(
    sheet, title: str, columns: list[tuple[str, list[str]]], names_range: str, *, rows: int = BLANK_ROWS
) -> None:
    """Title, 填报 row, then headers: an item over its measures (two merged rows), or one merged cell; `rows`
    rows to fill (exports/prefilled.py asks for one per unit), then the 填报人 line."""
    width = 1 + sum(max(1, len(measures)) for _, measures in columns)
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.cell(2, 1, "填报单位（盖章）：")
    sheet.cell(2, max(2, width - 2), "填报日期：")
    _header(sheet, 3, 1, "单位")
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    column = 2
    for label, measures in columns:
        _header(sheet, 3, column, label)
        if measures:
            sheet.merge_cells(
                start_row=3, start_column=column, end_row=3, end_column=column + len(measures) - 1
            )
            for offset, measure in enumerate(measures):
                _header(sheet, 4, column + offset, measure)
            column += len(measures)
        else:
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
            column += 1
    sheet.column_dimensions["A"].width = 18
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = "B5"

    last_row = 4 + rows
    unit_choice = DataValidation(type="list", formula1=names_range, allow_blank=True)
    unit_choice.error = "请从下拉列表中选择单位"
    unit_choice.errorTitle = "单位名称"
    unit_choice.add(f"A5:A{last_row}")
    numbers_only = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    numbers_only.error = "请填写不小于 0 的数字；没有填 0，未上报留空"
    numbers_only.errorTitle = "数量"
    numbers_only.add(f"B5:{get_column_letter(width)}{last_row}")
    sheet.add_data_validation(unit_choice)
    sheet.add_data_validation(numbers_only)
    sheet.cell(last_row + 2, 1, "填报人：")
    sheet.cell(last_row + 2, 4, "审核人：")
    sheet.cell(last_row + 2, 7, "联系电话：")


def _header(sheet, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row, column, text)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.border = BOX
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _unit_list_sheet(workbook: Workbook, units: pd.DataFrame) -> str:
    sheet = workbook.create_sheet("单位列表")
    sheet.append(["单位名称", "单位编码", "上级编码"])
    active = units[units["active"]] if "active" in units else units
    for record in active.itertuples():
        sheet.append([record.name, record.code, record.parent_code or ""])
    sheet.sheet_state = "hidden"
    last = max(2, len(active) + 1)
    return f"'单位列表'!$A$2:$A${last}"


def _instructions_sheet(workbook: Workbook, supplies: pd.DataFrame) -> None:
    sheet = workbook.create_sheet("说明")
    for line in INSTRUCTIONS:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["示例（在「物资」表中这样填）："])
    first = supplies.iloc[0] if len(supplies) else None
    if first is not None:
        sheet.append(["单位", f"{first['name_zh']}（{first['base_unit']}）/期末库存", "本周入库", "本周消耗"])
        sheet.append(["李家村", 1200, 500, 380])
    sheet.append([])
    sheet.append(["包装规格（可直接填包装数量，系统自动换算）："])
    for record in supplies.itertuples():
        packs = "、".join(f"1{pack}={size:g}{record.base_unit}" for pack, size in record.pack_sizes.items())
        sheet.append([f"{record.name_zh}：{packs}" if packs else record.name_zh])
    sheet.column_dimensions["A"].width = 90
