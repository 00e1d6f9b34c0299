"""The pieces a brief's slides are made of (python-pptx): text in the one font, tables, native bar and line
charts, threshold lines drawn on a bar chart. briefs/pptx_writer.py decides what goes on which slide.

Sizes are for a projector: a 16:9 slide is 13.333 in wide, shown 1920 px wide on 1080p, so 1 pt ≈ 2 px and
the smallest text here (14 pt footer) is about 28 px; body text is 20–24 pt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

# Microsoft YaHei (微软雅黑) ships with every Windows since Vista and so with Office; WPS on Windows uses the
# system's copy and WPS on Linux/macOS substitutes its own CJK sans for that name. It must be named as the
# East Asian font (a:ea) as well as the Latin one (a:latin): PowerPoint and WPS pick the face for Chinese
# characters from a:ea only, so a Latin-only name would leave the Chinese in the theme's 宋体.
FONT = "Microsoft YaHei"

INK = RGBColor(0x21, 0x21, 0x21)
MUTED = RGBColor(0x61, 0x61, 0x61)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
TILE_FILL = RGBColor(0xF2, 0xF4, 0xF7)
HEADER_FILL = RGBColor(0x37, 0x47, 0x4F)
ROW_FILL = (RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0xF5, 0xF5, 0xF5))
RED = RGBColor(0xC6, 0x28, 0x28)
DARK_RED = RGBColor(0x8E, 0x1B, 0x1B)
AMBER = RGBColor(0xEF, 0x8F, 0x00)
GREEN = RGBColor(0x2E, 0x7D, 0x32)
BLUE = RGBColor(0x15, 0x65, 0xC0)
PURPLE = RGBColor(0x6A, 0x1B, 0x9A)
GREY = RGBColor(0x9E, 0x9E, 0x9E)

# By level. Colour is never the only sign: a severity cell holds its word, a bar its value, a line its label.
SEVERITY_COLORS = {
    "critical": (RED, WHITE),
    "warning": (AMBER, INK),
    "info": (BLUE, WHITE),
}
LEVEL_COLORS = {
    "stockout": DARK_RED,
    "critical": RED,
    "low": AMBER,
    "ok": GREEN,
    "red": RED,
    "amber": AMBER,
    "green": GREEN,
    "over": PURPLE,
}
TILE_COLORS = {"stockout": DARK_RED, "critical": RED, "low": AMBER}

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.35)
BODY_WIDTH = SLIDE_WIDTH - 2 * MARGIN


def set_font(font, size: float | None = None, *, bold: bool | None = None, color: RGBColor | None = None):
    """Name FONT as both the Latin and the East Asian face of `font` (a python-pptx Font)."""
    font.name = FONT  # a:latin, put in its schema place by python-pptx
    rpr = font._rPr
    if rpr.find(qn("a:ea")) is None:
        rpr.find(qn("a:latin")).addnext(rpr.makeelement(qn("a:ea"), {}))
    rpr.find(qn("a:ea")).set("typeface", FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color


def fitting_size(text: str, width: int, largest: float, smallest: float) -> float:
    """The largest size up to `largest` at which `text` fits on one line of `width` (EMU), estimating a
    Chinese character as 1 em and any other as 0.6 em (Microsoft YaHei's digits are about 0.55 em)."""
    ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text) or 1.0
    return max(smallest, min(largest, int(width / 12700 * 0.85 / ems)))


def write_lines(frame, lines: Sequence[tuple[str, float, dict]], *, align=None) -> None:
    """Fill a text frame with one paragraph per (text, size, style) line; text always goes in as text."""
    frame.word_wrap = True
    frame.clear()
    for i, (text, size, style) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        paragraph.space_after = Pt(style.get("space_after", 6))
        run = paragraph.add_run()
        run.text = text
        set_font(run.font, size, bold=style.get("bold", False), color=style.get("color", INK))


def text_box(slide, left, top, width, height, lines, *, align=None, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.vertical_anchor = anchor
    write_lines(box.text_frame, lines, align=align)
    return box


def set_title(slide, text: str) -> None:
    """The layout's title placeholder (so the outline and screen readers see it), placed for 16:9."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.3), BODY_WIDTH, Inches(0.95)
    title.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    size = fitting_size(text, BODY_WIDTH, 30, 22)  # one line: a second would run into the chart
    write_lines(title.text_frame, [(text, size, {"bold": True, "space_after": 0})], align=PP_ALIGN.LEFT)


def table(
    slide, top, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *, size=18
):
    """A plain table: a dark header row, striped rows, every cell plain text; widths in inches."""
    row_height = Inches(size / 72 * 1.9)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), MARGIN, top, Inches(sum(widths)), row_height * (len(rows) + 1)
    )
    grid = shape.table
    for i, width in enumerate(widths):
        grid.columns[i].width = Inches(width)
    for r, values in enumerate([header, *rows]):
        grid.rows[r].height = row_height
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = HEADER_FILL if r == 0 else ROW_FILL[r % 2]
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_top = cell.margin_bottom = Pt(2)
            style = {"bold": r == 0, "color": WHITE if r == 0 else INK, "space_after": 0}
            write_lines(cell.text_frame, [(str(value), size, style)])
    return grid


def paint_cell(cell, fill: RGBColor, color: RGBColor) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = color
            run.font.bold = True


class _TextOnlyWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's workbook behind a chart, with every string stored as a string.

    python-pptx writes category and series names with xlsxwriter's write(), which turns a string starting
    with "=" into a formula: a unit named "=1+1" would become a formula in the chart's "edit data" sheet.
    """

    def _open_worksheet(self, xlsx_file):
        from contextlib import contextmanager

        @contextmanager
        def opened():
            options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
            workbook = Workbook(xlsx_file, options)
            yield workbook, workbook.add_worksheet()
            workbook.close()

        return opened()


class TextCategoryChartData(CategoryChartData):
    @property
    def _workbook_writer(self):
        return _TextOnlyWorkbookWriter(self)


def nice_maximum(largest: float) -> float:
    """A round axis maximum 15 % or a little more above `largest`, room for the label at the bar's end:
    the next multiple of 2, 20, 200… for a target of two, three, four… digits (27.7 → 32; 137.5 → 160)."""
    target = max(largest, 1.0) * 1.15
    step = 2 * 10 ** (math.floor(math.log10(target)) - 1)
    return round(math.ceil(target / step) * step, 9)


@dataclass(frozen=True)
class Line:
    """A vertical reference line on a bar chart's value axis, labelled in words and drawn in its colour."""

    value: float
    label: str
    color: RGBColor


# Where the plot (the bars' area, without the axis labels) sits inside the chart, as fractions of the chart.
# Fixed by a manual layout so a reference line can be drawn at the right place over it.
PLOT_X, PLOT_Y, PLOT_W, PLOT_H = 0.24, 0.13, 0.72, 0.77


def bar_chart(
    slide,
    box: tuple[int, int, int, int],
    categories: Sequence[str],
    values: Sequence[float],
    colors: Sequence[RGBColor],
    *,
    name: str,
    number_format: str,
    maximum: float,
    lines: Sequence[Line] = (),
):
    """A native horizontal bar chart, the first category on top, one bar colour each, values labelled,
    the value axis fixed from 0 to `maximum`, and `lines` drawn over it as dashed connectors."""
    left, top, width, height = box
    # 18 pt while a bar's slot allows (up to ~10 bars), smaller for more, never under 12 pt.
    slot_pt = height * PLOT_H / len(values) / 12700
    size = max(12, min(18, round(slot_pt * 0.75)))
    data = TextCategoryChartData(number_format=number_format)
    data.categories = list(categories)
    data.add_series(name, list(values))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
    _chart_text(chart)
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = number_format, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    set_font(labels.font, size, bold=True)
    for point, color in zip(plot.series[0].points, colors, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = color
    category_axis = chart.category_axis
    category_axis.reverse_order = True  # the first (most urgent) unit on top, as one reads
    set_font(category_axis.tick_labels.font, size)
    value_axis = chart.value_axis
    value_axis.minimum_scale, value_axis.maximum_scale = 0, maximum
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE0, 0xE0, 0xE0)
    # No scale: every bar carries its value and every line its label, and reversed categories move the
    # value axis to the top in some programs (LibreOffice), where its numbers would run into the lines' labels.
    value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    value_axis.major_tick_mark = XL_TICK_MARK.NONE
    value_axis.format.line.fill.background()
    _fix_plot_area(chart)
    for row, line in enumerate(lines):
        _reference_line(slide, box, line, maximum, row)
    return chart


def line_chart(slide, box, categories, series: Sequence[tuple[str, Sequence[float | None], RGBColor]]):
    """A native line chart with markers, every point labelled (#,##0), the legend under it."""
    left, top, width, height = box
    data = TextCategoryChartData(number_format="#,##0")
    data.categories = list(categories)
    for name, values, _ in series:
        data.add_series(name, list(values))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, data).chart
    _chart_text(chart)
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    set_font(chart.legend.font, 20)
    positions = (XL_LABEL_POSITION.ABOVE, XL_LABEL_POSITION.BELOW)
    for plotted, (_, _, color), position in zip(chart.plots[0].series, series, positions, strict=False):
        plotted.smooth = False
        plotted.format.line.color.rgb = color
        plotted.format.line.width = Pt(3.5)
        plotted.marker.format.fill.solid()
        plotted.marker.format.fill.fore_color.rgb = color
        labels = plotted.data_labels
        labels.show_value = True
        labels.number_format, labels.number_format_is_linked = "#,##0", False
        labels.position = position
        set_font(labels.font, 15, color=color)
    set_font(chart.category_axis.tick_labels.font, 16)
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE0, 0xE0, 0xE0)
    value_axis.tick_labels.number_format, value_axis.tick_labels.number_format_is_linked = "#,##0", False
    set_font(value_axis.tick_labels.font, 16, color=MUTED)
    return chart


def _chart_text(chart) -> None:
    set_font(chart.font, 16, color=INK)


def _fix_plot_area(chart) -> None:
    """Pin the inner plot area (c:layout/c:manualLayout, layoutTarget inner) so the lines can find it."""
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    old = plot_area.find(qn("c:layout"))
    if old is not None:
        plot_area.remove(old)
    layout = plot_area.makeelement(qn("c:layout"), {})
    plot_area.insert(0, layout)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge")):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", value)
    for tag, value in (("x", PLOT_X), ("y", PLOT_Y), ("w", PLOT_W), ("h", PLOT_H)):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", f"{value:.4f}")


def _reference_line(slide, box, line: Line, maximum: float, row: int) -> None:
    left, top, width, height = box
    x = Emu(int(left + width * (PLOT_X + PLOT_W * line.value / maximum)))
    y_top = Emu(int(top + height * PLOT_Y))
    y_bottom = Emu(int(top + height * (PLOT_Y + PLOT_H)))
    connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, y_top, x, y_bottom)
    connector.line.color.rgb = line.color
    connector.line.width = Pt(2.5)
    connector.line.dash_style = MSO_LINE.DASH
    connector.name = f"line {line.label}"
    # Labels of close lines would collide: each line's label gets its own row above the plot.
    label_height = Inches(0.3)
    label_top = Emu(int(y_top - label_height * (row + 1)))
    label = text_box(
        slide,
        Emu(x - Inches(1.5)),
        label_top,
        Inches(3),
        label_height,
        [(line.label, 15, {"bold": True, "color": line.color, "space_after": 0})],
        align=PP_ALIGN.CENTER,
    )
    label.text_frame.margin_top = label.text_frame.margin_bottom = 0
