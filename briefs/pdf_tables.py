"""A table in a PDF brief: headed columns of text, numbers right-aligned, headings repeated on each page."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from fpdf.fonts import FontFace

HEADINGS = FontFace(emphasis="BOLD", color=(33, 33, 33), fill_color=(232, 236, 241))
STRIPE = (248, 249, 251)


@dataclass(frozen=True)
class Column:
    heading: str
    width: float  # mm
    align: str = "LEFT"  # LEFT | RIGHT | CENTER


def draw_table(
    pdf: FPDF,
    columns: list[Column],
    rows: list[list[str]],
    styles: dict[tuple[int, int], FontFace | None],
    *,
    font_size: float = 9,
) -> None:
    """`rows` of cell texts under `columns`; `styles[(row, column)]` colours one cell (a level, a severity).

    Cells are written as plain text (no markdown), so a unit called "**x**" or "=1+1" prints as it is.
    """
    pdf.set_font(size=font_size)
    pdf.set_text_color(33, 33, 33)
    pdf.set_draw_color(189, 189, 189)
    pdf.set_line_width(0.2)
    with pdf.table(
        width=sum(c.width for c in columns),
        col_widths=tuple(c.width for c in columns),
        text_align=tuple(c.align for c in columns),
        align="LEFT",
        line_height=font_size * 0.5,
        padding=(1, 1.5),
        headings_style=HEADINGS,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        cell_fill_color=STRIPE,
        cell_fill_mode="ROWS",
        wrapmode=getattr(pdf, "wrapmode", "WORD"),
    ) as table:
        head = table.row()
        for column in columns:
            head.cell(column.heading)
        for i, cells in enumerate(rows):
            row = table.row()
            for j, text in enumerate(cells):
                row.cell(text, style=styles.get((i, j)))
    pdf.ln(2)
