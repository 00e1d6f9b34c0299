"""The page of a PDF brief: A4 portrait, the embedded Chinese font, headings, lines of text, pictures, and the
footer with the page number (第 1 页，共 N 页)."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import WrapMode
from PIL import Image

from briefs.content import Brief
from briefs.pdf_fonts import cjk_fonts
from briefs.texts import bt

MARGIN = 15.0
TEXT_WIDTH = 210.0 - 2 * MARGIN
# An A4 page less its margins (15 mm top, 18 mm for the footer), a heading and a little air.
MAX_PICTURE_HEIGHT = 297.0 - MARGIN - 18 - 25
GREY = (97, 97, 97)
ACCENT = (21, 101, 192)
LEVEL_TEXT = {  # a tile's or a status cell's colour, darker than the bars so it reads on white paper
    "stockout": (127, 0, 0),
    "critical": (198, 40, 40),
    "low": (166, 110, 0),
    "red": (198, 40, 40),
    "amber": (166, 110, 0),
    "green": (46, 125, 50),
    "over": (106, 27, 154),
}


class BriefDocument(FPDF):
    def __init__(self, brief: Brief) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.brief = brief
        self.title_text = bt("brief.title", brief.lang, unit=brief.unit_name)
        fonts = cjk_fonts()
        # Without a bold face the regular one stands in (headings are still larger and coloured): tables and
        # severity cells ask for bold, which fpdf2 refuses for a style it was not given.
        fonts.setdefault("B", fonts[""])
        for style, font in fonts.items():
            self.add_font("cjk", style=style, fname=str(font.path), collection_font_number=font.index)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(self.title_text)
        self.set_lang("en" if brief.lang == "en" else "zh-CN")
        self.set_creator(bt("brief.footer", brief.lang))
        self.set_creation_date(brief.made_at.astimezone())
        # Chinese has no spaces to break at: a line may end after any character (English keeps its words).
        self.wrapmode = WrapMode.WORD if brief.lang == "en" else WrapMode.CHAR

    def multi_cell(self, *args, **kwargs):
        kwargs.setdefault("wrapmode", self.wrapmode)
        return super().multi_cell(*args, **kwargs)

    def footer(self) -> None:
        lang = self.brief.lang
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.set_text_color(*GREY)
        self.cell(TEXT_WIDTH * 0.7, 5, f"{self.title_text} · {self.brief.week_label}")
        page = bt("pdf.page", lang, page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(TEXT_WIDTH * 0.3, 5, page, align="R")

    def write_line(self, text: str, *, size: float = 10, bold: bool = False, colour=(33, 33, 33), gap=1.5):
        self.set_font("cjk", style="B" if bold else "", size=size)
        self.set_text_color(*colour)
        self.multi_cell(TEXT_WIDTH, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def heading(self, text: str, *, keep: float = 30) -> None:
        """A section heading that never ends a page alone: `keep` mm of what follows must fit below it."""
        if self.get_y() + 12 + keep > self.page_break_trigger:
            self.add_page()
        else:
            self.ln(3)
        self.write_line(text, size=13, bold=True, colour=ACCENT, gap=0)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.line(MARGIN, self.get_y() + 0.5, MARGIN + TEXT_WIDTH, self.get_y() + 0.5)
        self.ln(3)

    @staticmethod
    def picture_height(picture: Image.Image | None) -> float:
        """How tall a chart stands, in mm: across the text width, but never taller than a page holds under its
        heading (a town with 80 villages); 20 mm, what a heading keeps with it, when there is no picture."""
        if picture is None:
            return 20.0
        return min(TEXT_WIDTH * picture.height / picture.width, MAX_PICTURE_HEIGHT)

    def picture(self, picture: Image.Image | None) -> None:
        if picture is None:
            return
        height = self.picture_height(picture)
        width = height * picture.width / picture.height  # narrower only when the height was capped
        self.image(picture, x=MARGIN, w=width, h=height)
        self.ln(2)
