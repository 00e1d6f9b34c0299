"""Problem builders: one stable code each, and a message in Chinese and English that says how to fix it."""

from __future__ import annotations

from datetime import date

from domain.problems import ERROR, WARNING, Problem
from domain.weeks import week_label


def _where(sheet: str | None, row: int | None, column: str | None) -> tuple[str, str]:
    zh, en = [], []
    if sheet:
        zh.append(f"「{sheet}」表")
        en.append(f"Sheet {sheet}")
    if row is not None:
        zh.append(f"第{row}行")
        en.append(f"row {row}")
    if column:
        zh.append(f"「{column}」")
        en.append(f"column {column}")
    if not zh:
        return "", ""
    english = ", ".join(en)
    return "".join(zh) + "：", english[:1].upper() + english[1:] + ": "


def place(sheet: str | None, row: int | None, column: str | None) -> tuple[str, str]:
    """The "where" that starts every message, in Chinese and English (「物资」表第5行「库存」：)."""
    return _where(sheet, row, column)


def _problem(code, severity, sheet, row, column, value, zh, en) -> Problem:
    where_zh, where_en = _where(sheet, row, column)
    return Problem(code, severity, sheet, row, column, value, where_zh + zh, where_en + en)


def empty_file(file_name: str) -> Problem:
    return _problem(
        "empty_file", ERROR, None, None, None, None,
        f"文件「{file_name}」是空的，请检查是否选错了文件，或重新保存后再上传",
        f"The file {file_name} is empty — check you picked the right file, or save it again and re-upload",
    )  # fmt: skip


def not_a_workbook(file_name: str) -> Problem:
    return _problem(
        "not_a_workbook",
        ERROR,
        None,
        None,
        None,
        None,
        f"文件「{file_name}」不是可读取的 Excel（.xlsx/.xls）或 CSV 文件，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传",
        f"The file {file_name} is not a readable Excel (.xlsx/.xls) or CSV file — open it in Excel or WPS, "
        "save it as .xlsx and upload again",
    )


def encrypted_workbook(file_name: str) -> Problem:
    return _problem(
        "encrypted_workbook", ERROR, None, None, None, None,
        f"文件「{file_name}」设置了打开密码，无法读取，请在 Excel/WPS 中取消密码（文件→信息→保护工作簿）后再上传",
        f"The file {file_name} is password-protected and cannot be read — remove the password in Excel/WPS "
        "(File → Info → Protect Workbook) and upload again",
    )  # fmt: skip


def no_header(file_name: str, sheet: str) -> Problem:
    return _problem(
        "no_header",
        ERROR,
        sheet,
        None,
        None,
        None,
        f"文件「{file_name}」找不到表头：需要一列「单位」，以及物资列（如「医用外科口罩（只）」）或"
        "「物资名称」和「库存/入库/消耗」列",
        f"No header found in {file_name}: the sheet needs a 单位 (unit) column and either item columns "
        "(e.g. 医用外科口罩（只）) or 物资名称 (item) with 库存/入库/消耗 (on hand/received/used) columns",
    )


def no_measures(file_name: str, sheet: str, row: int) -> Problem:
    return _problem(
        "no_measures",
        ERROR,
        sheet,
        row,
        None,
        None,
        f"文件「{file_name}」的表头没有数量列，请加上「库存」「入库」「消耗」或「数量」列，把数字单独写在其中",
        f"The header in {file_name} has no quantity column — add 库存/入库/消耗 (on hand/received/used) or "
        "数量 (quantity) columns and put the numbers there",
    )


def no_week(file_name: str, sheet: str) -> Problem:
    return _problem(
        "no_week",
        ERROR,
        sheet,
        None,
        None,
        None,
        f"文件「{file_name}」看不出是哪一周的数据：请加一列「日期」（如 2020/2/7），或在标题或文件名中写明"
        "「2020年第6周」，或在上传页的「指定周」中选择这一周（命令行：--week 2020-02-03）",
        f"Cannot tell which week {file_name} is for: add a 日期 (date) column (e.g. 2020/2/7), write "
        "2020年第6周 in the title or file name, or choose the week in the upload page's 指定周 field "
        "(command line: --week 2020-02-03)",
    )


def week_conflict(sheet: str, found: date, given: date) -> Problem:
    return _problem(
        "week_conflict",
        WARNING,
        sheet,
        None,
        None,
        given.isoformat(),
        f"表中写的是{week_label(found)}，与指定的{week_label(given)}不一致，已按表中的周次读取；如有误请改正表格",
        f"The sheet says {week_label(found, 'en')} but {week_label(given, 'en')} was given; the sheet's week "
        "was used — correct the sheet if it is wrong",
    )


def not_a_week(sheet: str, row: int, column: str, value: str) -> Problem:
    return _problem(
        "not_a_week",
        ERROR,
        sheet,
        row,
        column,
        value,
        f"“{value}”不是日期，请写成 2020/2/7 或 2020年第6周",
        f'"{value}" is not a date — write it as 2020/2/7 or 2020年第6周',
    )


def not_a_number(sheet: str, row: int, column: str, value: str) -> Problem:
    return _problem(
        "not_a_number",
        ERROR,
        sheet,
        row,
        column,
        value,
        f"“{value}”不是数字，请写成阿拉伯数字，例如 12",
        f'"{value}" is not a number — write it as digits, e.g. 12',
    )


def negative(sheet: str, row: int, column: str, value: str, stock: bool) -> Problem:
    what_zh, what_en = ("库存", "Stock") if stock else ("数量", "A quantity")
    return _problem(
        "negative_stock" if stock else "negative_quantity", ERROR, sheet, row, column, value,
        f"{what_zh}不能是负数（收到 {value}），请核对后填写 0 或正数",
        f"{what_en} cannot be negative (got {value}) — check it and write 0 or a positive number",
    )  # fmt: skip


def unknown_pack(sheet: str, row: int, column: str, value: str, unit: str, base_unit: str) -> Problem:
    return _problem(
        "unknown_pack",
        ERROR,
        sheet,
        row,
        column,
        value,
        f"不知道一{unit}有多少{base_unit}：请换算成{base_unit}填写，或在「规格」列写明，例如 50{base_unit}/{unit}",
        f"Unknown pack size: how many {base_unit} in one {unit}? Convert to {base_unit}, or write the size "
        f"in the 规格 (spec) column, e.g. 50{base_unit}/{unit}",
    )


def unknown_unit(sheet: str, row: int, column: str, value: str, closest: tuple[str, ...]) -> Problem:
    hint_zh = f"，是不是「{'」「'.join(closest)}」？" if closest else "。"
    hint_en = f" Did you mean {', '.join(closest)}?" if closest else ""
    return _problem(
        "unknown_unit",
        ERROR,
        sheet,
        row,
        column,
        value,
        f"单位“{value}”不在单位名单中{hint_zh}请改成名单中的名称，或先把它加入单位名单",
        f'Unit "{value}" is not in the unit list.{hint_en} Use the name from the list, or add the unit first',
    )


def ambiguous_unit(sheet: str, row: int, column: str, value: str, names: tuple[str, ...]) -> Problem:
    return _problem(
        "ambiguous_unit", ERROR, sheet, row, column, value,
        f"单位“{value}”可能是「{'」或「'.join(names)}」（· 后是上级），请写全称，或在单位名称前写上上级",
        f'Unit "{value}" could be {" or ".join(names)} (each with its parent after ·) — write the full name, '
        "or put the parent's name before it",
    )  # fmt: skip


def unit_chosen(
    sheet: str, row: int, column: str, value: str, names: tuple[str, ...], chosen: str, reason: str
) -> Problem:
    reason_en = {
        "填报单位": "the sheet's 填报单位",
        "所选单位": "the unit chosen in the sidebar",
        "本人单位": "your own units",
    }[reason]
    return _problem(
        "unit_chosen", WARNING, sheet, row, column, value,
        f"单位“{value}”有同名单位（{' / '.join(names)}），按{reason}取「{chosen}」；如不对请写全称",
        f'Unit "{value}" has namesakes ({" / ".join(names)}); {chosen} was taken, by {reason_en} — write the full '
        "name if that is wrong",
    )  # fmt: skip


def new_unit(sheet: str, row: int, column: str, value: str, code: str) -> Problem:
    return _problem(
        "new_unit",
        WARNING,
        sheet,
        row,
        column,
        value,
        f"单位“{value}”不在单位名单中，已作为新单位加入（编码 {code}，无上级），请在单位名单中补全上级和层级",
        f'Unit "{value}" was not in the unit list and was added as a new unit (code {code}, no parent) — '
        "complete its parent and level in the unit list",
    )


def unknown_item(
    sheet: str, row: int | None, column: str, value: str, closest: tuple[str, ...] = ()
) -> Problem:
    hint_zh = f"（是不是「{'」「'.join(closest)}」？）" if closest else ""
    hint_en = f" (did you mean {', '.join(closest)}?)" if closest else ""
    return _problem(
        "unknown_item", WARNING, sheet, row, column, value,
        f"“{value}”不在物资目录中{hint_zh}，这些数字已跳过：如需统计，请在上传页把它对应到已有物资或新增为物资"
        f"（命令行：items alias / items add，或导入时加 --add-items）；不需要统计的可选择「忽略」，以后不再提示",
        f'"{value}" is not in the item catalogue{hint_en}, so its figures were skipped — to count it, map it to '
        "an item or add it as a new item on the upload page (command line: items alias / items add, or import "
        "with --add-items); if it need not be counted, choose Ignore and it will not be raised again",
    )  # fmt: skip


def total_mismatch(sheet: str, row: int, column: str, value: str, rows_sum: float) -> Problem:
    return _problem(
        "total_mismatch",
        WARNING,
        sheet,
        row,
        column,
        value,
        f"合计 {value} 与各行之和 {rows_sum:g} 不一致，请核对合计行或各单位的数字",
        f"The total {value} differs from the sum of the rows, {rows_sum:g} — check the total row or the units' figures",
    )


def duplicate_row(sheet: str, row: int, column: str, value: str, first_row: int) -> Problem:
    return _problem(
        "duplicate_row",
        ERROR,
        sheet,
        row,
        column,
        value,
        f"“{value}”同一周的这项数据在第{first_row}行已经填过，请删除重复的一行或合并数字",
        f'"{value}" already has this item for the same week on row {first_row} — delete the repeated row or '
        "merge the figures",
    )


def sub_units_differ(sheet: str, row: int, column: str, value: str, listed: float) -> Problem:
    return _problem(
        "sub_units_differ",
        WARNING,
        sheet,
        row,
        column,
        value,
        f"表中村（社区）总数 {value} 与单位名单中的 {listed:g} 不一致，覆盖率按单位名单计算；如名单有误请更新",
        f"The sheet's number of villages/communities, {value}, differs from the unit list's {listed:g}; coverage "
        "uses the unit list — update the list if it is wrong",
    )


def no_unit(sheet: str, row: int, column: str) -> Problem:
    return _problem(
        "no_unit",
        ERROR,
        sheet,
        row,
        column,
        None,
        "这一行有数字但没有单位名称，请填上单位",
        "This row has figures but no unit name — fill in the unit",
    )


def sheet_skipped(sheet: str) -> Problem:
    return _problem(
        "sheet_skipped",
        WARNING,
        sheet,
        None,
        None,
        None,
        "这张表没有可识别的表头（单位 + 物资或数量列），未读取",
        "This sheet has no recognisable header (a unit column plus item or quantity columns) and was not read",
    )


def unreadable(file_name: str, detail: str) -> Problem:
    return _problem(
        "unreadable_file",
        ERROR,
        None,
        None,
        None,
        detail,
        f"读取文件「{file_name}」时出错，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传；如仍出错请联系管理员",
        f"Reading {file_name} failed — open it in Excel or WPS, save it as .xlsx and upload again; "
        "if it still fails, tell the administrator",
    )


def no_unit_list_header(file_name: str, sheet: str) -> Problem:
    return _problem(
        "no_header",
        ERROR,
        sheet,
        None,
        None,
        None,
        f"单位名单「{file_name}」找不到表头，至少需要「单位编码」和「单位名称」两列",
        f"No header found in the unit list {file_name}: it needs at least 单位编码 (code) and 单位名称 (name)",
    )


def unit_list_missing(sheet: str, row: int, value: str) -> Problem:
    return _problem(
        "missing_code_or_name",
        ERROR,
        sheet,
        row,
        None,
        value or None,
        "这一行缺少单位编码或单位名称，请补全",
        "This row lacks a unit code or name — fill both in",
    )


def duplicate_code(sheet: str, row: int, code: str, first_row: int) -> Problem:
    return _problem(
        "duplicate_code",
        ERROR,
        sheet,
        row,
        None,
        code,
        f"单位编码 {code} 在第{first_row}行已经用过，每个单位的编码必须不同",
        f"Unit code {code} is already used on row {first_row} — every unit needs its own code",
    )


def unknown_parent(sheet: str, row: int, code: str, parent: str) -> Problem:
    return _problem(
        "unknown_parent",
        ERROR,
        sheet,
        row,
        None,
        parent,
        f"单位 {code} 的上级编码 {parent} 不在名单中，请改正或先添加上级单位",
        f"Unit {code}'s parent code {parent} is not in the list — correct it or add the parent first",
    )


def unknown_level(sheet: str, row: int, column: str, value: str) -> Problem:
    return _problem(
        "unknown_level",
        ERROR,
        sheet,
        row,
        column,
        value,
        f"层级“{value}”无法识别，请写 区县、镇街、村居、部门、学校、企业、医院 或 卡口",
        f'Level "{value}" is not recognised — write county, town, village, department, school, enterprise, '
        "hospital or checkpoint",
    )
