"""Problems about what the office answered once (issue 9): a new item, names ignored by choice, rows left out
with consent; the same stable-code pattern as loaders/messages.py."""

from __future__ import annotations

from domain.problems import ERROR, INFO, WARNING, Problem
from loaders.messages import place


def new_item(
    name: str, code: str, base_unit: str, sheet: str | None, row: int | None, column: str | None
) -> Problem:
    where = f"「{sheet}」表第{row}行：" if sheet and row else ""
    where_en = f"Sheet {sheet}, row {row}: " if sheet and row else ""
    return Problem(
        "new_item", WARNING, sheet, row, column, name,
        f"{where}“{name}”不在物资目录中，已作为新物资加入（编码 {code}，按「{base_unit}」计）；如它其实是已有物资，"
        f"请在「设置」中修改，或用 python cli.py items alias",
        f"{where_en}{name!r} was not in the catalogue and was added as a new item (code {code}, counted in "
        f"{base_unit}); if it is an item you already have, change it in Settings or with python cli.py items alias",
    )  # fmt: skip


def ignored_by_choice(names: list[str]) -> Problem:
    shown = "、".join(names)
    return Problem(
        "ignored_by_choice", INFO, None, None, None, shown,
        f"按本单位的选择不统计：{shown}（这些行已跳过；如需统计，请在「设置」或用 python cli.py items alias / add）",
        f"Not counted, by your office's choice: {', '.join(names)} (their rows were skipped; to count them, use "
        "Settings or python cli.py items alias / add)",
    )  # fmt: skip


def row_left_out(problem: Problem) -> Problem:
    """An error on a row, turned into the record that the row was left out with the officer's consent."""
    where_zh, where_en = place(problem.sheet, problem.row, problem.column)
    reason_zh = problem.message_zh.removeprefix(where_zh)
    reason_en = problem.message_en.removeprefix(where_en)
    return Problem(
        "row_left_out", WARNING, problem.sheet, problem.row, problem.column, problem.value,
        f"{where_zh}已按要求略去此行（--skip-invalid），其余行已保存。原因：{reason_zh}",
        f"{where_en}row left out as asked (--skip-invalid); the other rows were stored. Reason: {reason_en}",
    )  # fmt: skip


def file_not_found(path: str) -> Problem:
    return Problem(
        "file_not_found", ERROR, None, None, None, path,
        f"找不到文件「{path}」：请检查路径和文件名（含扩展名 .xlsx/.xls/.csv）",
        f"File not found: {path} — check the path and the file name (with its .xlsx/.xls/.csv extension)",
    )  # fmt: skip
