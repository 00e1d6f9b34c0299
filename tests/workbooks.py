"""Workbooks built in code for the tests (style.md #6): the wide statistics table officers send."""

from __future__ import annotations

import io

from openpyxl import Workbook

SAMPLE_UNITS_CSV = "单位编码,单位名称,上级编码,层级,人口,户数\n" + "\n".join(
    [
        "C,东河县,,county,320000,98000",
        "C01,东河镇,C,town,52000,16000",
        "C02,南湖街道,C,town,61000,21000",
        "C0101,李家村,C01,village,2400,760",
        "C0102,王庄村,C01,village,1900,600",
        "C0201,湖滨社区,C02,community,8800,3100",
    ]
)


def wide_stock_workbook(
    title: str, rows: list[list], *, measures=("期末库存", "本周入库", "本周消耗")
) -> bytes:
    """Title row, a 填报 row, 医用外科口罩（只） merged over the measures, one row per unit."""
    book = Workbook()
    sheet = book.active
    sheet.title = "物资"
    sheet.append([title])
    sheet.append(["填报单位：东河县疫情防控指挥部"])
    sheet.append(["单位", "医用外科口罩（只）"] + [None] * (len(measures) - 1))
    sheet.append([None, *measures])
    sheet.merge_cells(start_row=3, start_column=2, end_row=3, end_column=1 + len(measures))
    sheet.merge_cells("A3:A4")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
