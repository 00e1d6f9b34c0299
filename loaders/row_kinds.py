"""Which rows under a header are not data: totals (合计/总计) and subtotals (小计) in any leading column,
signature footers and notes (填报人：王某 … 审核人：李某, 注：…), and 填报单位/日期 lines that slipped below."""

from __future__ import annotations

import re

from loaders import vocabulary as v
from loaders.item_names import name_key
from loaders.numbers import strip_text

TOTAL, SUBTOTAL, FOOTER = "total", "subtotal", "footer"

_SUBTOTAL_WORDS = ("小计", "subtotal", "sub-total")
_TOTAL_WORDS = ("合计", "总计", "共计", "total", "sum")
# 填报单位：… / 填报日期：… / 统计时间：… / 日期：… below the table: a line, never a unit.
_LINE = re.compile(r"^(?:填报|统计|制表|报送|上报)?(?:单位|日期|时间)\s*[:：]")


def total_kind(text: str) -> str | None:
    """TOTAL for 合计/总计 (alone or around a name: 东河镇合计), SUBTOTAL for 小计; None for anything else."""
    key = name_key(text)
    if key.startswith(_SUBTOTAL_WORDS) or key.endswith(_SUBTOTAL_WORDS):
        return SUBTOTAL
    if key in v.TOTAL_WORDS or key.startswith(_TOTAL_WORDS) or key.endswith(_TOTAL_WORDS):
        return TOTAL
    return None


def without_total_word(text: str) -> str:
    """东河镇小计 → 东河镇; 小计（东河镇） → 东河镇; 小计 → ''."""
    key = strip_text(text)
    for word in ("小计", "合计", "总计", "共计"):
        key = key.replace(word, "")
    return key.strip(" ：:（）()·-—")


def is_footer_text(text: str) -> bool:
    stripped = strip_text(text)
    return stripped.startswith(v.FOOTER_STARTS) or bool(_LINE.match(stripped))


def _may_be_special(text: str) -> bool:
    """Cheap pre-check (one per leading cell of every data row): could this text be a total or a footer?"""
    return (
        "计" in text
        or text[:1] in "TtSs填审联制负统单分主签盖注说备日时报上"
        or not text.isprintable()
        or not text.isascii()
        and " " in text
    )


def special_row(row: list, leading: list[int]) -> tuple[str | None, int]:
    """(TOTAL | SUBTOTAL | FOOTER | None, the column where the word was found).

    `leading` are the columns that hold names rather than figures (序号, 单位, 物资名称…): a 合计 may sit in any
    of them, e.g. in the 序号 column with the 单位 cell empty. A footer is recognised by its first filled cell,
    wherever it starts, since officers spread 填报人：王某 … 联系电话：略 … 审核人：李某 across the row.
    """
    for index in leading:
        cell = row[index]
        if type(cell) is not str or not cell or not _may_be_special(cell):
            continue
        kind = total_kind(cell)
        if kind:
            return kind, index
        if is_footer_text(cell):
            return FOOTER, index
    for index, cell in enumerate(row):
        if cell is None or cell == "":
            continue
        if isinstance(cell, str):
            if not strip_text(cell):
                continue
            return (FOOTER, index) if _may_be_special(cell) and is_footer_text(cell) else (None, -1)
        return None, -1
    return None, -1
