"""Workbooks in the shapes officers really send (domain.md), each written together with the exact records it
must give. The records come from the numbers the generator wrote, never from the loader.

A layout is orientation × where the unit is named × measure wording × header depth × non-data rows × number
style × file format; `build(spec, seed)` returns the file name, its bytes and the expected records.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from itertools import product

import openpyxl
import xlwt

# (orientation, where the unit is named): a wide sheet names units in a column; one unit's own ledger names it
# in the title, the 填报单位 line or the sheet's name; a long list names it on every row.
LAYOUTS = (
    ("wide", "column"),
    ("down", "title"),
    ("down", "line"),
    ("down", "sheet"),
    ("long", "column"),
)
MEASURES = ("opening", "received", "used", "on_hand")
WORDINGS = (
    {"opening": "期初库存", "received": "本周入库", "used": "本周消耗", "on_hand": "期末库存"},
    {"opening": "上周结存", "received": "调入", "used": "发放", "on_hand": "本周结存"},
    {"opening": "opening", "received": "received", "used": "used", "on_hand": "on_hand"},
    {"opening": "期初", "received": "到货", "used": "领用", "on_hand": "现有"},
    {"opening": "opening stock", "received": "receipts", "used": "issued", "on_hand": "closing"},
)
DEPTHS = (1, 2, 3)
NON_DATA = ("title_line", "total_in_number_column", "footer_across", "note", "blank_and_repeated_header")
NUMBER_STYLES = ("plain", "comma", "wan", "full_width", "dash_zero", "about")
FORMATS = ("xlsx", "xls", "csv_bom", "csv_gbk")

WEEK = "2020-02-10"
# Units as the unit list of tests/conftest_loaders.py has them.
WIDE_UNITS = (("东河镇", "C01"), ("南湖街道", "C02"), ("李家村", "C0101"))
# Items: (name written, catalogue code, counting unit written, base units per counting unit, 规格).
ITEMS = (
    ("医用外科口罩", "mask_surgical", "盒", 50.0, "50只/盒"),
    ("84消毒液", "disinfectant", "瓶", 0.5, "500ml/瓶"),
)
FIGURES = (0, 3, 12, 40, 300, 1200, 5000, 12000)


@dataclass(frozen=True)
class LayoutSpec:
    orientation: str
    placement: str
    wording: int
    depth: int
    non_data: str
    numbers: str
    file_format: str


@dataclass
class Generated:
    file_name: str
    content: bytes
    # (unit code, week, item code, opening, on_hand, received, used); NaN where the sheet leaves a blank
    records: set[tuple]


def all_specs() -> list[LayoutSpec]:
    """Every layout × wording × depth × non-data pattern once; number style and format rotate through them so
    every style meets every format."""
    specs = []
    for i, ((orientation, placement), wording, depth, non_data) in enumerate(
        product(LAYOUTS, range(len(WORDINGS)), DEPTHS, NON_DATA)
    ):
        numbers = NUMBER_STYLES[i % len(NUMBER_STYLES)]
        file_format = FORMATS[(i // len(NUMBER_STYLES) + i) % len(FORMATS)]
        specs.append(LayoutSpec(orientation, placement, wording, depth, non_data, numbers, file_format))
    return specs


# ---------------------------------------------------------------- numbers as officers write them


def render(n: int, style: str) -> object:
    if style == "plain":
        return n
    if style == "comma":
        return f"{n:,}"
    if style == "wan":
        return f"{n / 10000:g}万" if n >= 1000 else n
    if style == "full_width":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if style == "dash_zero":
        return "—" if n == 0 else n
    if style == "about":
        return f"约{n}" if n >= 100 else n
    raise ValueError(style)


# ---------------------------------------------------------------- one sheet as rows, merges and a name


@dataclass
class Sheet:
    name: str
    rows: list[list]
    merges: list[tuple[int, int, int, int]]  # (first row, last row, first col, last col), 0-based


def _figures(rng: random.Random, blanks: bool = True) -> dict[str, int | None]:
    values = {m: rng.choice(FIGURES) for m in MEASURES}
    if blanks and rng.random() < 0.3:
        values[rng.choice(MEASURES)] = None  # blank: not reported, never zero
    return values


def _title_rows(spec: LayoutSpec, unit_in_title: str) -> list[list]:
    """The title (the week, without its year unless in a week number) and the 填报 line that gives the year."""
    if spec.orientation == "wide" and spec.non_data != "title_line":
        return [[f"{unit_in_title}防疫物资统计表（2020年第7周）"]]
    title = [f"{unit_in_title}防疫物资统计表（2月10日—2月16日）"]
    if spec.placement == "line":
        return [title, ["填报单位：东河镇人民政府", "", "", "填报时间：2020年2月17日"]]
    if spec.orientation == "wide":
        return [title, ["填报单位：东河县指挥部", "", "", "填报时间：2020年2月17日"]]
    return [title, ["", "", "填报时间：2020年2月17日"]]


def _footer_rows(spec: LayoutSpec) -> list[list]:
    if spec.non_data == "footer_across":
        return [
            ["填报人：王某", "", "联系电话：略", "", "审核人：李某"],
            ["填报人：", "王某", "联系电话：", 13800000000],
        ]
    if spec.non_data == "note":
        return [["注：1. 本表每周一上报；2. 数量单位见表头。"], [], ["说明：空白表示未报"]]
    return []


def _expected(unit: str, item: str, factor: float, values: dict[str, int | None]) -> tuple | None:
    if all(v is None for v in values.values()):
        return None
    as_base = {m: math.nan if v is None else float(v) * factor for m, v in values.items()}
    return (unit, WEEK, item, as_base["opening"], as_base["on_hand"], as_base["received"], as_base["used"])


def _wide(spec: LayoutSpec, rng: random.Random) -> tuple[Sheet, set[tuple]]:
    words = WORDINGS[spec.wording]
    numbered = spec.non_data == "total_in_number_column"
    lead = ["序号", "单位"] if numbered else ["单位"]
    width = len(lead) + len(ITEMS) * len(MEASURES)
    merges: list[tuple[int, int, int, int]] = []
    titles = [f"{name}（{unit}）" for name, _, unit, _, _ in ITEMS]
    header: list[list] = []
    if spec.depth == 1:
        header.append(lead + [f"{t}/{words[m]}" for t in titles for m in MEASURES])
    else:
        if spec.depth == 3:
            header.append(lead + ["防疫物资"] + [""] * (width - len(lead) - 1))
        header.append(lead + [c for t in titles for c in [t] + [""] * (len(MEASURES) - 1)])
        header.append(["" for _ in lead] + [words[m] for _ in titles for m in MEASURES])
    start = len(_title_rows(spec, "东河县"))
    if spec.depth > 1:
        top = start
        for c in range(len(lead)):
            merges.append((top, top + spec.depth - 1, c, c))
        if spec.depth == 3:
            merges.append((top, top, len(lead), width - 1))
        item_row = top + spec.depth - 2
        for i in range(len(ITEMS)):
            first = len(lead) + i * len(MEASURES)
            merges.append((item_row, item_row, first, first + len(MEASURES) - 1))
        # the header cells of the lead columns below their title stay blank (merged)
        for row in header[1:]:
            for c in range(len(lead)):
                row[c] = ""
    rows = _title_rows(spec, "东河县") + [list(r) for r in header]
    records: set[tuple] = set()
    totals = [0] * (len(ITEMS) * len(MEASURES))
    for n, (unit, code) in enumerate(WIDE_UNITS, start=1):
        if spec.non_data == "blank_and_repeated_header" and n == 2:
            rows.append([])
            rows.extend(list(r) for r in header)
        cells: list[object] = [n, unit] if numbered else [unit]
        for i, (_, item, _, factor, _) in enumerate(ITEMS):
            values = _figures(rng)
            for j, m in enumerate(MEASURES):
                value = values[m]
                cells.append("" if value is None else render(value, spec.numbers))
                totals[i * len(MEASURES) + j] += value or 0
            record = _expected(code, item, factor, values)
            if record:
                records.add(record)
        rows.append(cells)
    if numbered:
        rows.append(["合计", ""] + [render(t, spec.numbers) for t in totals])
    rows.extend(_footer_rows(spec))
    return Sheet("物资", rows, merges), records


def _down_or_long(spec: LayoutSpec, rng: random.Random) -> tuple[Sheet, set[tuple]]:
    words = WORDINGS[spec.wording]
    is_long = spec.orientation == "long"
    numbered = spec.non_data == "total_in_number_column" or not is_long
    lead = (
        (["序号"] if numbered else [])
        + (["单位", "周次"] if is_long else [])
        + ["物资名称", "规格", "计量单位"]
    )
    header: list[list] = []
    if spec.depth == 1:
        header.append(lead + [words[m] for m in MEASURES])
    elif spec.depth == 2:
        header.append(lead + ["本周情况"] + [""] * (len(MEASURES) - 1))
        header.append(["" for _ in lead] + [words[m] for m in MEASURES])
    else:
        header.append(lead + ["物资收支情况"] + [""] * (len(MEASURES) - 1))
        header.append(["" for _ in lead] + ["数量"] + [""] * (len(MEASURES) - 1))
        header.append(["" for _ in lead] + [words[m] for m in MEASURES])
    in_title = "东河镇" if spec.placement == "title" else ""
    titles = _title_rows(spec, in_title)
    merges = []
    if spec.depth > 1:
        top = len(titles)
        for c in range(len(lead)):
            merges.append((top, top + spec.depth - 1, c, c))
        for r in range(top, top + spec.depth - 1):
            merges.append((r, r, len(lead), len(lead) + len(MEASURES) - 1))
    rows = titles + [list(r) for r in header]
    units = WIDE_UNITS if is_long else (("东河镇", "C01"),)
    records: set[tuple] = set()
    totals = [0] * len(MEASURES)
    n = 0
    for unit, code in units:
        for name, item, count_unit, factor, spec_text in ITEMS:
            n += 1
            if spec.non_data == "blank_and_repeated_header" and n == 2:
                rows.append([])
                rows.extend(list(r) for r in header)
            values = _figures(rng)
            cells: list[object] = [n] if numbered else []
            if is_long:
                cells += [unit, "2020-W07"]
            cells += [name, spec_text, count_unit]
            cells += ["" if values[m] is None else render(values[m], spec.numbers) for m in MEASURES]
            for j, m in enumerate(MEASURES):
                totals[j] += values[m] or 0
            rows.append(cells)
            record = _expected(code, item, factor, values)
            if record:
                records.add(record)
    if spec.non_data == "total_in_number_column":
        rows.append(["合计"] + [""] * (len(lead) - 1) + [render(t, spec.numbers) for t in totals])
    rows.extend(_footer_rows(spec))
    sheet_name = "东河镇" if spec.placement == "sheet" else "台账"
    return Sheet(sheet_name, rows, merges), records


# ---------------------------------------------------------------- files


def _xlsx(sheet: Sheet) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet.name
    for row in sheet.rows:
        ws.append([None if c == "" else c for c in row])
    for r0, r1, c0, c1 in sheet.merges:
        ws.merge_cells(start_row=r0 + 1, end_row=r1 + 1, start_column=c0 + 1, end_column=c1 + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls(sheet: Sheet) -> bytes:
    book = xlwt.Workbook()
    ws = book.add_sheet(sheet.name)
    covered = {
        (r, c) for r0, r1, c0, c1 in sheet.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    }
    for r0, r1, c0, c1 in sheet.merges:
        value = sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else ""
        ws.write_merge(r0, r1, c0, c1, value)
    for r, row in enumerate(sheet.rows):
        for c, cell in enumerate(row):
            if (r, c) not in covered and cell != "":
                ws.write(r, c, cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(sheet: Sheet, encoding: str) -> bytes:
    width = max(len(r) for r in sheet.rows)
    lines = []
    for row in sheet.rows:
        cells = [str(c) for c in row] + [""] * (width - len(row))
        lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    return ("\n".join(lines) + "\n").encode(encoding)


def build(spec: LayoutSpec, seed: int) -> Generated:
    rng = random.Random(seed)
    sheet, records = (_wide if spec.orientation == "wide" else _down_or_long)(spec, rng)
    stem = f"{'东河镇' if spec.placement == 'sheet' else '周报'}_{seed:04d}"
    if spec.file_format == "xlsx":
        return Generated(f"{stem}.xlsx", _xlsx(sheet), records)
    if spec.file_format == "xls":
        return Generated(f"{stem}.xls", _xls(sheet), records)
    encoding = "utf-8-sig" if spec.file_format == "csv_bom" else "gbk"
    # A CSV has one sheet named after its file: the unit placed in the sheet's name goes in the file's name.
    return Generated(f"{sheet.name if spec.placement == 'sheet' else stem}_{seed:04d}.csv", _csv(sheet, encoding),
                     records)  # fmt: skip
