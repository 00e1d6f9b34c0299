"""The brief as an A4 PDF, for printing and forwarding: write_pdf(brief) -> bytes (fpdf2).

It lays out what the Brief holds (briefs/content.py) and computes nothing: every figure is written by the one
formatter (metrics/numbers_zh.py), every word comes from briefs/texts.py. The Chinese font travels inside the
file (a subset of Noto Sans CJK SC), so a phone without Chinese fonts shows the same page. Charts are pictures
drawn by chromium (exports/figure_png.py); on a server without a browser the tables stand alone and the first
page says which charts were left out. Text is only ever text: a unit named "=1+1" prints as "=1+1".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from PIL import Image

from briefs import figures, pdf_sections
from briefs.content import Brief
from briefs.pdf_document import BriefDocument
from briefs.texts import bt
from exports.figure_png import NoBrowser, to_png

SCALE = 2.0  # picture pixels per CSS pixel: about 250 dpi across the 180 mm text width


@dataclass(frozen=True)
class Chart:
    title: str
    make: Callable[[], go.Figure]


def write_pdf(brief: Brief, *, draw_charts: bool = True) -> bytes:
    """The brief as PDF bytes; without a browser (or with draw_charts=False) the charts' tables stand alone."""
    pdf = BriefDocument(brief)
    charts = _charts(brief)
    pictures = _pictures(charts, draw_charts)
    left_out = [chart.title for key, chart in charts.items() if key not in pictures]
    pdf.add_page()
    pdf_sections.title_block(pdf, brief, left_out)
    pdf_sections.headline(pdf, brief)
    pdf_sections.alerts(pdf, brief)
    for chart in brief.days:
        pdf_sections.days_section(pdf, brief, chart, pictures.get(f"days:{chart.item}"))
    pdf_sections.trend_section(pdf, brief, pictures.get("trend"))
    for material in dict.fromkeys(brief.coverage["material"]):
        pdf_sections.coverage_section(pdf, brief, material, pictures.get(f"coverage:{material}"))
    pdf_sections.reporting(pdf, brief)
    pdf_sections.transfers(pdf, brief)
    pdf_sections.data_note(pdf, brief)
    return bytes(pdf.output())


def _charts(brief: Brief) -> dict[str, Chart]:
    """Every chart of the brief, by key, in the order they appear; each made only if it will be drawn."""
    lang = brief.lang
    charts = {
        f"days:{c.item}": Chart(
            bt("section.days", lang, item=c.item_name), lambda c=c: figures.days_bars(c, lang)
        )
        for c in brief.days
    }
    if not brief.trend.empty:
        base_units = {c.item: c.base_unit for c in brief.days}
        charts["trend"] = Chart(
            bt("section.trend", lang, n=brief.trend["week"].nunique()),
            lambda: figures.trend_lines(brief.trend, base_units, lang),
        )
    for material, rows in brief.coverage.groupby("material", sort=False):
        charts[f"coverage:{material}"] = Chart(
            bt("section.coverage", lang, material=rows["material_name"].iloc[0]),
            lambda rows=rows: figures.coverage_bars(rows, lang),
        )
    return charts


def _pictures(charts: dict[str, Chart], draw: bool) -> dict[str, Image.Image]:
    """The pictures by chart key, flattened on white (an alpha channel would be a second image in the PDF).

    Handed to fpdf2 as images, not PNG bytes, so each picture is compressed once (by fpdf2), not twice.
    """
    pictures: dict[str, Image.Image] = {}
    if not draw:
        return pictures
    for key, chart in charts.items():
        figure = chart.make()
        try:
            png = to_png(figure, figure.layout.width, figure.layout.height, SCALE)
        except NoBrowser:
            return {}
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
        pictures[key] = flat
    return pictures
