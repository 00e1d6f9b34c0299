"""Problems about a sheet's layout (its unit, its columns, its subtotals, its year), in Chinese and English;
the same builder pattern as messages.py, kept apart so each file stays readable."""

from __future__ import annotations

from domain.problems import ERROR, WARNING, Problem
from loaders.messages import _problem


def no_sheet_unit(file_name: str, sheet: str) -> Problem:
    return _problem(
        "no_sheet_unit", ERROR, sheet, None, None, None,
        f"文件「{file_name}」这张表没有「单位」列，标题、「填报单位」行、表名和文件名中也找不到单位名称：请在表头上方加一行"
        "「填报单位：东河镇」，或加一列「单位」",
        f"{file_name}: this sheet has no 单位 (unit) column, and neither its title, a 填报单位 line, the sheet's "
        "name nor the file's name names a unit — add a line 填报单位：<unit name> above the header, or a 单位 column",
    )  # fmt: skip


def unknown_column(sheet: str, row: int, column: str, samples: list[str]) -> Problem:
    shown = "、".join(samples)
    return _problem(
        "unknown_column", WARNING, sheet, row, column, shown,
        f"这一列有数字（{shown}），但看不出是哪种物资或哪项数量，未读取：如需统计，请把表头写成物资名称加"
        "「库存/入库/消耗」，例如「口罩（只）/库存」",
        f"This column holds numbers ({', '.join(samples)}) but is not recognised as an item or a measure, so it "
        "was not read — to count it, name the item and the measure in its header, e.g. 口罩（只）/库存 (on hand)",
    )  # fmt: skip


def row_not_read(sheet: str, row: int, column: str, value: str) -> Problem:
    return _problem(
        "row_not_read", ERROR, sheet, row, column, value,
        f"“{value}”这一行的数字都在无法识别的列中，一个也没有读取：请改正表头（见上面的“未读取”列），"
        "或删除这一行",
        f'Every figure on the row of "{value}" is in a column that was not recognised, so none was read — '
        "fix the header (see the columns not read above) or delete the row",
    )  # fmt: skip


def subtotal_mismatch(sheet: str, row: int, column: str, value: str, unit: str, rows_sum: float) -> Problem:
    return _problem(
        "subtotal_mismatch", WARNING, sheet, row, column, value,
        f"「{unit}」小计 {value} 与其下各单位之和 {rows_sum:g} 不一致，已按小计作为「{unit}」本级数字保存；"
        "请核对小计或各单位的数字",
        f"The subtotal of {unit}, {value}, differs from the sum of the units under it, {rows_sum:g}; it was kept "
        f"as {unit}'s own figure — check the subtotal or the units' figures",
    )  # fmt: skip


def unknown_subtotal(sheet: str, row: int, column: str, value: str) -> Problem:
    return _problem(
        "unknown_subtotal", WARNING, sheet, row, column, value,
        "看不出这一行小计属于哪个镇街，未读取：请在小计前写上镇街名称，例如「东河镇小计」",
        "Cannot tell which town this subtotal belongs to, so it was not read — write the town before it, "
        "e.g. 东河镇小计",
    )  # fmt: skip


def no_year(file_name: str, sheet: str, written: str) -> Problem:
    return _problem(
        "no_year", ERROR, sheet, None, None, written,
        f"文件「{file_name}」写的是“{written}”，但没有年份：请在标题中写上年份（如 2020年2月10日—2月16日），"
        "或在上传页的「指定周」中选择这一周（命令行：--week 2020-02-10）",
        f'{file_name} says "{written}" but gives no year — write the year in the title (e.g. 2020年2月10日—2月16日), '
        "or choose the week in the upload page's 指定周 field (command line: --week 2020-02-10)",
    )  # fmt: skip
