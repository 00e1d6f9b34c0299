"""A brief as a PowerPoint deck for the meeting's projector: one topic per slide, 16:9, native charts.

It lays out what briefs/content.Brief holds and computes no figure: numbers are written as the screen writes
them (metrics/numbers_zh), chart values are the numbers the screen shows (cut, not rounded), and every unit
name goes in as text. Charts are PowerPoint's own (editable, crisp at any size), not pictures.
"""

from __future__ import annotations

import io
import math
from datetime import date

import pandas as pd
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from briefs import pptx_parts as parts
from briefs.content import Brief, DaysChart
from briefs.texts import bt, when
from domain.catalogue import COVERAGE_GREEN_FROM, COVERAGE_RED_BELOW
from domain.weeks import week_name
from metrics import numbers_zh

ALERTS_PER_SLIDE = 8  # at 20 pt, eight sentences and a header fill the slide on a projector
ALERT_SLIDES = 3  # the rest is one line pointing to the Excel brief and the Alerts page
MISSING_LINES = 10
TRANSFER_ROWS = 10
SEVERITY_WIDTH = {"zh": 1.3, "en": 1.8}  # inches: 紧急 or Critical on one line at 20 pt
# The most urgent 15 bars stay readable (≥ 14 pt) on a projector; the rest are in the Excel brief.
MAX_BARS = 15
CHART_BOX = (parts.MARGIN, parts.BODY_TOP, parts.BODY_WIDTH, Inches(5.05))
NOTE_TOP = Inches(6.45)


def write_pptx(brief: Brief) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = parts.SLIDE_WIDTH, parts.SLIDE_HEIGHT
    _theme_fonts(deck)
    _title_slide(deck, brief)
    _headline_slide(deck, brief)
    _alert_slides(deck, brief)
    for chart in brief.days:
        _days_slide(deck, brief, chart)
    _trend_slides(deck, brief)
    _coverage_slides(deck, brief)
    _reporting_slide(deck, brief)
    _transfers_slide(deck, brief)
    _note_slide(deck, brief)
    _footers(deck, brief)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _theme_fonts(deck) -> None:
    """The theme's heading and body fonts, Latin and East Asian, are FONT too: text a reader adds while
    editing the deck (a new text box, a chart's new title) comes out in the same face."""
    theme = deck.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    for old in ('<a:latin typeface="Calibri"/>', '<a:ea typeface=""/>'):
        tag = old.split(" ")[0]
        xml = xml.replace(old, f'{tag} typeface="{parts.FONT}"/>')
    theme._blob = xml.encode("utf-8")


def _note(slide, *texts: str) -> None:
    """Small grey lines under a chart or table: who is left out of it, and where to find the rest."""
    top = NOTE_TOP - Inches(0.32) * (len(texts) - 1)
    lines = [(text, 18, {"color": parts.MUTED, "space_after": 0}) for text in texts]
    parts.text_box(slide, parts.MARGIN, top, parts.BODY_WIDTH, Inches(0.5), lines)


def _sentence(slide, text: str) -> None:
    """A slide's only content when there is nothing to list (no alerts, no transfers)."""
    parts.text_box(slide, parts.MARGIN, parts.BODY_TOP, parts.BODY_WIDTH, Inches(1), [(text, 24, {})])


def _slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
    parts.set_title(slide, title)
    return slide


def _title_slide(deck, brief: Brief) -> None:
    lang = brief.lang
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (
        parts.MARGIN,
        Inches(1.7),
        parts.BODY_WIDTH,
        Inches(1.6),
    )
    parts.write_lines(
        title.text_frame,
        [(bt("brief.title", lang, unit=brief.unit_name), 44, {"bold": True})],
        align=PP_ALIGN.CENTER,
    )
    as_of = (
        bt("brief.no_data_time", lang)
        if brief.data_as_of is None
        else bt("brief.data_as_of", lang, time=when(brief.data_as_of, lang))
    )
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        parts.MARGIN,
        Inches(3.5),
        parts.BODY_WIDTH,
        Inches(2.6),
    )
    parts.write_lines(
        subtitle.text_frame,
        [
            (brief.week_label, 32, {"bold": True, "space_after": 18}),
            (bt("brief.made_at", lang, time=when(brief.made_at, lang)), 22, {"color": parts.MUTED}),
            (as_of, 22, {"color": parts.MUTED}),
        ],
        align=PP_ALIGN.CENTER,
    )


def _tile_label(tile, lang: str) -> str:
    if tile.key == "coverage":
        return bt("tile.coverage", lang, material=tile.material)
    return bt(f"tile.{tile.key}", lang)


def _tile_note(tile, lang: str) -> str:
    """As the overview's tile says it: a coverage level in words, the others' note as it is."""
    if tile.key != "coverage" or not tile.note:
        return tile.note
    return bt("tile.coverage_over" if tile.note == "over" else f"cov.{tile.note}", lang)


def _headline_slide(deck, brief: Brief) -> None:
    slide = _slide(deck, bt("section.headline", brief.lang))
    tiles = brief.headline
    rows = [tiles[:4], tiles[4:]] if len(tiles) > 4 else [tiles]
    gap, height = Inches(0.3), Inches(2.45)
    for r, row in enumerate(rows):
        width = int((parts.BODY_WIDTH - gap * (len(row) - 1)) / len(row))
        for c, tile in enumerate(row):
            left, top = parts.MARGIN + c * (width + gap), parts.BODY_TOP + Inches(0.15) + r * (height + gap)
            box = slide.shapes.add_shape(1, left, top, width, height)  # MSO_SHAPE.RECTANGLE
            box.name = f"tile {tile.key} {tile.material}".strip()
            box.fill.solid()
            box.fill.fore_color.rgb = parts.TILE_FILL
            box.line.fill.background()
            box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            color = parts.TILE_COLORS.get(tile.key, parts.INK)
            parts.write_lines(
                box.text_frame,
                [
                    (_tile_label(tile, brief.lang), 20, {"color": parts.MUTED, "space_after": 2}),
                    (
                        tile.value,
                        parts.fitting_size(tile.value, width, 54, 28),
                        {"bold": True, "color": color},
                    ),
                    (_tile_note(tile, brief.lang), 18, {"color": parts.MUTED, "space_after": 0}),
                ],
                align=PP_ALIGN.CENTER,
            )


def _alert_slides(deck, brief: Brief) -> None:
    lang, alerts = brief.lang, brief.alerts
    title = bt("section.alerts", lang)
    if alerts.empty:
        slide = _slide(deck, title)
        _sentence(slide, bt("alerts.none", lang))
        return
    shown = alerts.head(ALERTS_PER_SLIDE * ALERT_SLIDES)
    pages = math.ceil(len(shown) / ALERTS_PER_SLIDE)
    header = [bt("col.severity", lang), bt("col.message", lang)]
    for page in range(pages):
        chunk = shown.iloc[page * ALERTS_PER_SLIDE : (page + 1) * ALERTS_PER_SLIDE]
        name = title if pages == 1 else bt("slide.part", lang, title=title, part=page + 1, parts=pages)
        slide = _slide(deck, name)
        rows = [
            [bt(f"severity.{s}", lang), m] for s, m in zip(chunk["severity"], chunk["message"], strict=True)
        ]
        # One line per sentence where 16–20 pt allows: eight rows of two lines would run off the slide.
        widths = [SEVERITY_WIDTH[lang], parts.BODY_WIDTH / 914400 - SEVERITY_WIDTH[lang]]
        text_width = Inches(widths[1] - 0.25)
        size = min(parts.fitting_size(m, text_width, 20, 16) for m in chunk["message"])
        grid = parts.table(slide, parts.BODY_TOP, header, rows, widths, size=size)
        for r, severity in enumerate(chunk["severity"], start=1):
            fill, ink = parts.SEVERITY_COLORS.get(severity, (parts.GREY, parts.WHITE))
            parts.paint_cell(grid.cell(r, 0), fill, ink)
        if page == pages - 1 and len(alerts) > len(shown):
            more = bt("alerts.more", lang, n=len(alerts) - len(shown))
            _note(slide, more)


def _days_slide(deck, brief: Brief, chart: DaysChart) -> None:
    lang = brief.lang
    slide = _slide(deck, bt("section.days", lang, item=chart.item_name))
    lines = [
        parts.Line(
            chart.critical_days, bt("line.critical", lang, days=f"{chart.critical_days:g}"), parts.RED
        ),
        parts.Line(chart.low_days, bt("line.low", lang, days=f"{chart.low_days:g}"), parts.AMBER),
    ]
    _ranked_bars(slide, chart.rows, "days_of_supply", numbers_zh.DAYS, lines, lang)


def _ranked_bars(
    slide, rows: pd.DataFrame, column: str, kind: str, lines: list[parts.Line], lang: str
) -> None:
    """One bar per unit in the rows' order, coloured by its status; units without the figure in a note
    (an unknown is not a zero). A bar is the number its label and the screen show: cut, not rounded."""
    known, unknown = rows[rows[column].notna()], rows[rows[column].isna()]
    values = [numbers_zh.cut(v, kind) for v in known.head(MAX_BARS)[column]]
    days = kind == numbers_zh.DAYS
    if values:
        parts.bar_chart(
            slide,
            CHART_BOX,
            [str(u) for u in known.head(MAX_BARS)["unit"]],
            values,
            [parts.LEVEL_COLORS.get(s, parts.GREY) for s in known.head(MAX_BARS)["status"]],
            name=bt("col.days" if days else "col.coverage", lang),
            number_format="0.0" if days else '#,##0"%"',  # as numbers_zh.percent: 2,590%
            maximum=parts.nice_maximum(max([*values, *(line.value for line in lines)])),
            lines=lines,
        )
    notes = []
    if len(known) > MAX_BARS:
        notes.append(bt("chart.more_units", lang, shown=MAX_BARS, n=len(known) - MAX_BARS))
    if not unknown.empty:
        names = bt("list.units_sep", lang).join(str(u) for u in unknown["unit"])
        notes.append(bt("chart.days_unknown_units" if days else "chart.no_target_units", lang, units=names))
    if notes:
        _note(slide, *notes)


def _trend_slides(deck, brief: Brief) -> None:
    lang, trend = brief.lang, brief.trend
    if trend.empty:
        return
    weeks = sorted(trend["week"].unique())
    labels = [week_name(date.fromisoformat(str(w)[:10]), lang) for w in weeks]
    # The items in the days slides' order (the main items, masks first), then any other.
    order = [c.item for c in brief.days]
    order += [i for i in trend["item"].unique() if i not in order]
    for item in order:
        rows = trend[trend["item"] == item]
        if rows.empty:
            continue
        rows = rows.set_index("week").reindex(weeks)
        name = str(rows["item_name"].dropna().iloc[0]) if rows["item_name"].notna().any() else str(item)
        slide = _slide(deck, bt("section.trend_item", lang, item=name, n=len(weeks)))
        series = [
            (bt("chart.on_hand", lang), _numbers(rows["on_hand"]), parts.BLUE),
            (bt("chart.used", lang), _numbers(rows["used"]), parts.AMBER),
        ]
        parts.line_chart(slide, (parts.MARGIN, parts.BODY_TOP, parts.BODY_WIDTH, Inches(5.6)), labels, series)


def _numbers(column: pd.Series) -> list[float | None]:
    """The figures as the screen's tables show them; None leaves a gap (a week with no report)."""
    return [None if pd.isna(v) else numbers_zh.cut(v, numbers_zh.QUANTITY) for v in column]


def _coverage_slides(deck, brief: Brief) -> None:
    lang = brief.lang
    levels = [
        parts.Line(COVERAGE_RED_BELOW, numbers_zh.percent(COVERAGE_RED_BELOW), parts.RED),
        parts.Line(COVERAGE_GREEN_FROM, numbers_zh.percent(COVERAGE_GREEN_FROM), parts.GREEN),
        parts.Line(100.0, numbers_zh.percent(100.0), parts.PURPLE),
    ]
    for _, rows in brief.coverage.groupby("material", sort=False):
        slide = _slide(deck, bt("section.coverage", lang, material=str(rows["material_name"].iloc[0])))
        ranked = rows.sort_values("coverage_pct", kind="stable")  # lowest first, as the days are
        _ranked_bars(slide, ranked, "coverage_pct", numbers_zh.PERCENT, levels, lang)


def _reporting_slide(deck, brief: Brief) -> None:
    lang, summary = brief.lang, brief.reporting
    slide = _slide(deck, bt("section.reporting", lang))
    rate = "—" if summary["rate_pct"] is None else numbers_zh.percent(summary["rate_pct"])
    lines = [
        (
            bt("reporting.line", lang, expected=summary["expected"], reported=summary["reported"], rate=rate),
            28,
            {"bold": True, "space_after": 18},
        )
    ]
    missing = summary["missing"]
    for unit in missing[:MISSING_LINES]:
        last = unit.get("last_report_week")
        if last is None or (isinstance(last, float) and math.isnan(last)):
            text = bt("reporting.never", lang, unit=unit["unit"])
        else:
            last_name = week_name(date.fromisoformat(str(last)[:10]), lang)
            text = bt("reporting.missing", lang, unit=unit["unit"], week=last_name, weeks=unit["weeks_since"])
        lines.append((text, 22, {"color": parts.INK}))
    if len(missing) > MISSING_LINES:
        lines.append((bt("reporting.more", lang, n=len(missing) - MISSING_LINES), 18, {"color": parts.MUTED}))
    if not missing:
        lines.append((bt("reporting.all", lang), 22, {"color": parts.GREEN}))
    parts.text_box(slide, parts.MARGIN, parts.BODY_TOP, parts.BODY_WIDTH, Inches(5.4), lines)


def _transfers_slide(deck, brief: Brief) -> None:
    lang, transfers = brief.lang, brief.transfers
    slide = _slide(deck, bt("section.transfers", lang))
    if transfers.empty:
        _sentence(slide, bt("transfers.none", lang))
        return
    keys = ["item", "from_unit", "to_unit", "quantity", "from_days_after", "to_days_after"]
    rows = [
        [
            str(row.item_name),
            str(row.from_unit),
            str(row.to_unit),
            numbers_zh.cell(row.quantity, numbers_zh.QUANTITY),
            numbers_zh.cell(row.from_days_after, numbers_zh.DAYS),
            numbers_zh.cell(row.to_days_after, numbers_zh.DAYS),
        ]
        for row in transfers.head(TRANSFER_ROWS).itertuples()
    ]
    parts.table(
        slide,
        parts.BODY_TOP,
        [bt(f"col.{k}", lang) for k in keys],
        rows,
        [2.4, 2.2, 2.2, 1.5, 2.0, 2.0],
        size=20,
    )
    if len(transfers) > TRANSFER_ROWS:
        more = bt("transfers.more", lang, n=len(transfers) - TRANSFER_ROWS)
        _note(slide, more)


def _note_slide(deck, brief: Brief) -> None:
    lang, uploads = brief.lang, brief.uploads
    slide = _slide(deck, bt("section.note", lang))
    parts.text_box(
        slide,
        parts.MARGIN,
        parts.BODY_TOP,
        parts.BODY_WIDTH,
        Inches(0.5),
        [(bt("note.uploads", lang), 20, {})],
    )
    keys = ["file", "uploaded_by", "uploaded_at", "stock_rows", "publicity_rows"]
    rows = [
        [
            str(row.file_name),
            str(row.uploaded_by),
            when(row.uploaded_at.to_pydatetime(), lang),
            numbers_zh.cell(row.stock_rows, numbers_zh.COUNT),
            numbers_zh.cell(row.publicity_rows, numbers_zh.COUNT),
        ]
        for row in uploads.itertuples()
    ]
    grid_top = parts.BODY_TOP + Inches(0.55)
    parts.table(
        slide, grid_top, [bt(f"col.{k}", lang) for k in keys], rows, [4.3, 2.0, 2.8, 1.6, 1.6], size=16
    )
    notes = [(bt("note.thresholds", lang), 18, {}), (bt("note.same_as_screen", lang), 18, {})]
    top = grid_top + Inches(0.45) * (len(rows) + 1) + Inches(0.15)
    parts.text_box(slide, parts.MARGIN, top, parts.BODY_WIDTH, Inches(1.2), notes)


def _footers(deck, brief: Brief) -> None:
    """Unit, week and page on every slide but the first, so a forwarded page still says what it is."""
    total = len(deck.slides)
    where = f"{brief.unit_name} · {brief.week_label} · {bt('brief.footer', brief.lang)}"
    for number, slide in enumerate(deck.slides, start=1):
        if number == 1:
            continue
        style = {"color": parts.MUTED, "space_after": 0}
        parts.text_box(slide, parts.MARGIN, Inches(7.0), Inches(10), Inches(0.4), [(where, 14, style)])
        parts.text_box(
            slide,
            Inches(10.8),
            Inches(7.0),
            Inches(2.03),
            Inches(0.4),
            [(f"{number} / {total}", 14, style)],
            align=PP_ALIGN.RIGHT,
        )
