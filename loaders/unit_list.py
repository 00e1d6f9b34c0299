"""A unit list (单位编码, 单位名称, 上级编码, 层级, 人口, 户数, ...) → a frame of the UNIT_COLUMNS it gives, with problems.

Only the columns the file has are in the frame (code and name always): store.units.save_units then changes
only those for a unit already stored, so a shorter list keeps the figures, aliases and inactive flag."""

from __future__ import annotations

import math

import pandas as pd

from domain.frames import UNIT_COLUMNS, UNIT_FIGURES
from domain.levels import level_code
from domain.problems import Problem
from loaders import messages
from loaders.item_names import name_key
from loaders.numbers import NumberReader, is_blank, strip_text
from loaders.reading import read_sheets

_HEADERS = {
    "code": ("单位编码", "编码", "代码", "单位代码", "code", "unit code"),
    "name": ("单位名称", "名称", "单位", "name", "unit", "unit name"),
    "parent_code": ("上级编码", "上级单位编码", "上级代码", "上级", "parent", "parent_code", "parent code"),
    "level": ("层级", "级别", "类型", "level"),
    "population": ("人口", "户籍人口", "常住人口", "人数", "population"),
    "households": ("户数", "households"),
    "staff": ("在岗人员", "在岗人数", "工作人员", "staff"),
    "sub_units": ("下辖村社区数", "下辖村（社区）数", "村社区数", "sub_units", "sub units"),
    "checkpoints": ("卡口数", "卡口", "checkpoints"),
    "classes": ("班级数", "班级", "classes"),
    "sites": ("消杀点位", "消杀点位数", "sites"),
    "aliases": ("别名", "简称", "aliases", "alias"),
}
_BY_KEY = {name_key(w): field for field, words in _HEADERS.items() for w in words}


def read_unit_list(file_name: str, content: bytes) -> tuple[pd.DataFrame, list[Problem]]:
    sheets, problems = read_sheets(file_name, content)
    empty = pd.DataFrame(columns=["code", "name"])
    if not sheets:
        return empty, problems
    sheet = sheets[0]
    found = _header(sheet.rows)
    if found is None:
        return empty, [*problems, messages.no_unit_list_header(file_name, sheet.name)]
    header_row, columns = found
    numbers = NumberReader()
    records: list[dict] = []
    seen: dict[str, int] = {}
    for index in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if all(is_blank(c) for c in row):
            continue
        text = {f: _text(row[c]) for f, c in columns.items()}
        record = {c: math.nan for c in UNIT_FIGURES} | {"active": True, "aliases": []}
        record["code"] = text.get("code", "")
        record["name"] = text.get("name", "")
        record["parent_code"] = text.get("parent_code") or None
        number = index + 1
        if not record["code"] or not record["name"]:
            problems.append(messages.unit_list_missing(sheet.name, number, record["code"] or record["name"]))
            continue
        if record["code"] in seen:
            problems.append(messages.duplicate_code(sheet.name, number, record["code"], seen[record["code"]]))
            continue
        seen[record["code"]] = number
        level = text.get("level", "")
        record["level"] = level_code(level) if level else None
        if level and record["level"] is None:
            problems.append(messages.unknown_level(sheet.name, number, _label(sheet.rows, header_row, columns,
                                                                               "level"), level))  # fmt: skip
        for figure in UNIT_FIGURES:
            if figure in columns:
                cell = row[columns[figure]]
                written = numbers.read(cell)
                label = _label(sheet.rows, header_row, columns, figure)
                if written.bad or written.value < 0:
                    problems.append(messages.not_a_number(sheet.name, number, label, strip_text(str(cell))))
                else:
                    record[figure] = written.value
        aliases = text.get("aliases", "")
        record["aliases"] = [
            a.strip() for a in aliases.replace(",", "、").replace("，", "、").split("、") if a.strip()
        ]
        record["_row"] = number
        records.append(record)
    for record in records:
        parent = record["parent_code"]
        if parent and parent not in seen:
            problems.append(messages.unknown_parent(sheet.name, record["_row"], record["code"], parent))
    frame = pd.DataFrame(records, columns=[c for c in UNIT_COLUMNS if c in ("code", "name") or c in columns])
    return frame, problems


def _text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if is_blank(cell) else strip_text(str(cell))


def _label(rows: list[list], header_row: int, columns: dict[str, int], field: str) -> str:
    return _text(rows[header_row][columns[field]])


def _header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:30]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            field = _BY_KEY.get(name_key(cell)) if isinstance(cell, str) else None
            if field and field not in columns:
                columns[field] = position
        if "code" in columns and "name" in columns:
            return index, columns
    return None
