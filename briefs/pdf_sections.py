"""The sections of a PDF brief, top to bottom: title block, headline tiles, alerts, days of supply, stock trend,
publicity coverage, reporting, transfers, data note. Each writes what the Brief holds through the one formatter."""

from __future__ import annotations

from datetime import date

from fpdf.fonts import FontFace
from PIL import Image

from briefs.content import Brief, DaysChart
from briefs.pdf_document import GREY, LEVEL_TEXT, MARGIN, TEXT_WIDTH, BriefDocument
from briefs.pdf_tables import Column, draw_table
from briefs.texts import bt, when
from domain.weeks import week_name
from metrics import numbers_zh
from metrics.labels import label

MAX_ALERTS = 40  # about two printed pages; the rest are in the Excel brief and on the Alerts page
SEVERITY_STYLES = {
    "critical": FontFace(color=(255, 255, 255), fill_color=(211, 47, 47), emphasis="BOLD"),
    "warning": FontFace(color=(33, 33, 33), fill_color=(249, 168, 37), emphasis="BOLD"),
    "info": FontFace(color=(33, 33, 33), fill_color=(207, 216, 220)),
}


def title_block(pdf: BriefDocument, brief: Brief, left_out: list[str]) -> None:
    lang = brief.lang
    pdf.write_line(pdf.title_text, size=20, bold=True, gap=2)
    pdf.write_line(brief.week_label, size=14, gap=2)
    pdf.write_line(bt("brief.made_at", lang, time=when(brief.made_at, lang)), size=10, colour=GREY, gap=0.5)
    as_of = (
        bt("brief.data_as_of", lang, time=when(brief.data_as_of, lang))
        if brief.data_as_of is not None
        else bt("brief.no_data_time", lang)
    )
    pdf.write_line(as_of, size=10, colour=GREY, gap=2)
    if left_out:
        charts = bt("pdf.list_sep", lang).join(left_out)
        pdf.set_fill_color(255, 243, 224)
        pdf.set_font("cjk", size=9.5)
        pdf.set_text_color(*LEVEL_TEXT["low"])
        text = bt("note.charts_left_out", lang, charts=charts)
        pdf.multi_cell(TEXT_WIDTH, 5, text, fill=True, padding=2, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def _tile_rows(brief: Brief) -> list[tuple[str, str, str, tuple[int, int, int]]]:
    """(label, value, note, value colour) for each headline figure, with the overview's words."""
    lang = brief.lang
    tiles = []
    for tile in brief.headline:
        colour = (33, 33, 33)
        note = tile.note
        if tile.key in ("stockout", "critical", "low"):
            name = label(f"tile.{tile.key}", lang)
            if tile.number:
                colour = LEVEL_TEXT[tile.key]
        elif tile.key == "coverage":
            name = label("tile.coverage", lang, material=tile.material)
            note = label("tile.coverage_over" if tile.note == "over" else f"cov.{tile.note}", lang)
            colour = LEVEL_TEXT.get(tile.note, colour)
        else:
            name = label(f"tile.{tile.key}", lang)
        tiles.append((name, tile.value, note, colour))
    return tiles


def headline(pdf: BriefDocument, brief: Brief) -> None:
    pdf.heading(bt("section.headline", brief.lang), keep=30)
    per_row, gap = 4, 3.0
    width = (TEXT_WIDTH - gap * (per_row - 1)) / per_row
    tiles = _tile_rows(brief)
    for start in range(0, len(tiles), per_row):
        row = tiles[start : start + per_row]
        pdf.set_font("cjk", size=8)
        notes = [
            len(pdf.multi_cell(width - 4, 4, n, dry_run=True, output="LINES")) if n else 0 for *_, n, _ in row
        ]
        names = [len(pdf.multi_cell(width - 4, 4, name, dry_run=True, output="LINES")) for name, *_ in row]
        height = 4 * max(names) + 11 + 4 * max(notes) + 3
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        for i, (name, value, note, colour) in enumerate(row):
            left = MARGIN + i * (width + gap)
            pdf.set_draw_color(189, 189, 189)
            pdf.set_fill_color(245, 247, 250)
            pdf.rect(left, top, width, height, style="DF")
            pdf.set_xy(left + 2, top + 1.5)
            pdf.set_font("cjk", size=8)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(width - 4, 4, name, align="L", new_x="LEFT", new_y="NEXT")
            pdf.set_font("cjk", style="B", size=20)
            pdf.set_text_color(*colour)
            pdf.cell(width - 4, 11, value, new_x="LEFT", new_y="NEXT")
            pdf.set_font("cjk", size=8)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(width - 4, 4, note, align="L", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(MARGIN, top + height + gap)


def alerts(pdf: BriefDocument, brief: Brief) -> None:
    lang = brief.lang
    pdf.heading(bt("section.alerts", lang), keep=20)
    if brief.alerts.empty:
        pdf.write_line(bt("alerts.none", lang))
        return
    shown = brief.alerts.head(MAX_ALERTS)
    rows = [
        [bt(f"severity.{s}", lang), str(m)] for s, m in zip(shown["severity"], shown["message"], strict=True)
    ]
    styles = {(i, 0): SEVERITY_STYLES.get(s) for i, s in enumerate(shown["severity"])}
    columns = [Column(bt("col.severity", lang), 18, "CENTER"), Column(bt("col.message", lang), 162)]
    draw_table(pdf, columns, rows, styles)
    if len(brief.alerts) > MAX_ALERTS:
        pdf.write_line(bt("alerts.more", lang, n=len(brief.alerts) - MAX_ALERTS), size=9.5, colour=GREY)


def _status_cell(status, words: str) -> tuple[str, FontFace | None]:
    colour = LEVEL_TEXT.get(status)
    return words, FontFace(color=colour, emphasis="BOLD") if colour else None


def days_section(pdf: BriefDocument, brief: Brief, chart: DaysChart, picture: Image.Image | None) -> None:
    lang = brief.lang
    rows = chart.rows
    pdf.heading(bt("section.days", lang, item=chart.item_name), keep=pdf.picture_height(picture))
    pdf.picture(picture)
    unit = chart.base_unit
    columns = [
        Column(bt("col.unit", lang), 58),
        Column(bt("col.days", lang), 30, "RIGHT"),
        Column(bt("col.status", lang), 22, "CENTER"),
        Column(_in_unit(bt("col.on_hand", lang), unit, lang), 35, "RIGHT"),
        Column(_in_unit(bt("col.daily_use", lang), unit, lang), 35, "RIGHT"),
    ]
    table, styles = [], {}
    for i, row in enumerate(rows.itertuples(index=False)):
        words, style = _status_cell(row.status, label(f"status.{row.status}", lang))
        styles[(i, 2)] = style
        table.append(
            [
                str(row.unit),
                numbers_zh.cell(row.days_of_supply, numbers_zh.DAYS),
                words,
                numbers_zh.cell(row.on_hand, numbers_zh.QUANTITY),
                numbers_zh.cell(row.daily_use, numbers_zh.QUANTITY),
            ]
        )
    draw_table(pdf, columns, table, styles)


def _in_unit(header: str, unit: str, lang: str) -> str:
    return bt("col.in_unit", lang, header=header, unit=unit) if unit else header


def trend_section(pdf: BriefDocument, brief: Brief, picture: Image.Image | None) -> None:
    lang, trend = brief.lang, brief.trend
    if trend.empty:
        return
    items = list(dict.fromkeys(trend["item"]))
    pdf.heading(bt("section.trend", lang, n=trend["week"].nunique()), keep=pdf.picture_height(picture))
    pdf.picture(picture)
    base_units = {c.item: c.base_unit for c in brief.days}
    names = dict(zip(trend["item"], trend["item_name"], strict=False))
    width = (TEXT_WIDTH - 24) / (2 * len(items))
    columns = [Column(bt("col.week", lang), 24)]
    for item in items:
        unit = base_units.get(item, "")
        columns.append(
            Column(_in_unit(bt("pdf.trend_on_hand", lang, item=names[item]), unit, lang), width, "RIGHT")
        )
        columns.append(
            Column(_in_unit(bt("pdf.trend_used", lang, item=names[item]), unit, lang), width, "RIGHT")
        )
    by_week = trend.set_index(["week", "item"])
    table = []
    for week in sorted(trend["week"].unique()):
        row = [week_name(_monday(week), lang)]
        for item in items:
            found = (week, item) in by_week.index
            for measure in ("on_hand", "used"):
                value = by_week.loc[(week, item), measure] if found else None
                row.append(numbers_zh.cell(value, numbers_zh.QUANTITY))
        table.append(row)
    draw_table(pdf, columns, table, {}, font_size=8)


def _monday(week) -> date:
    return week if isinstance(week, date) else date.fromisoformat(str(week)[:10])


def coverage_section(pdf: BriefDocument, brief: Brief, material: str, picture: Image.Image | None) -> None:
    lang = brief.lang
    rows = brief.coverage[brief.coverage["material"] == material]
    title = bt("section.coverage", lang, material=rows["material_name"].iloc[0])
    pdf.heading(title, keep=pdf.picture_height(picture))
    pdf.picture(picture)
    columns = [
        Column(bt("col.unit", lang), 60),
        Column(bt("col.cumulative", lang), 30, "RIGHT"),
        Column(bt("col.target", lang), 30, "RIGHT"),
        Column(bt("col.coverage", lang), 28, "RIGHT"),
        Column(bt("col.status", lang), 32, "CENTER"),
    ]
    table, styles = [], {}
    for i, row in enumerate(rows.itertuples(index=False)):
        words, styles[(i, 4)] = _status_cell(row.status, label(f"cov.{row.status}", lang))
        table.append(
            [
                str(row.unit),
                numbers_zh.cell(row.cumulative, numbers_zh.QUANTITY),
                numbers_zh.cell(row.target, numbers_zh.QUANTITY),
                numbers_zh.cell(row.coverage_pct, numbers_zh.PERCENT),
                words,
            ]
        )
    draw_table(pdf, columns, table, styles)


def reporting(pdf: BriefDocument, brief: Brief) -> None:
    lang, summary = brief.lang, brief.reporting
    pdf.heading(bt("section.reporting", lang), keep=20)
    rate = "—" if summary["rate_pct"] is None else numbers_zh.percent(summary["rate_pct"])
    pdf.write_line(
        bt("reporting.line", lang, expected=summary["expected"], reported=summary["reported"], rate=rate)
    )
    if not summary["missing"]:
        pdf.write_line(bt("reporting.all", lang))
    for unit in summary["missing"]:
        if unit["last_report_week"] is None:
            pdf.write_line(bt("reporting.never", lang, unit=unit["unit"]), colour=LEVEL_TEXT["critical"])
            continue
        last = week_name(_monday(unit["last_report_week"]), lang)
        text = bt("reporting.missing", lang, unit=unit["unit"], week=last, weeks=unit["weeks_since"])
        pdf.write_line(text, colour=LEVEL_TEXT["critical"])


def transfers(pdf: BriefDocument, brief: Brief) -> None:
    lang = brief.lang
    pdf.heading(bt("section.transfers", lang), keep=20)
    if brief.transfers.empty:
        pdf.write_line(bt("transfers.none", lang))
        return
    columns = [
        Column(bt("col.item", lang), 32),
        Column(bt("col.from_unit", lang), 36),
        Column(bt("col.to_unit", lang), 36),
        Column(bt("col.quantity", lang), 22, "RIGHT"),
        Column(bt("col.from_days_after", lang), 27, "RIGHT"),
        Column(bt("col.to_days_after", lang), 27, "RIGHT"),
    ]
    table = [
        [
            str(row.item_name),
            str(row.from_unit),
            str(row.to_unit),
            numbers_zh.cell(row.quantity, numbers_zh.QUANTITY),
            numbers_zh.cell(row.from_days_after, numbers_zh.DAYS),
            numbers_zh.cell(row.to_days_after, numbers_zh.DAYS),
        ]
        for row in brief.transfers.itertuples(index=False)
    ]
    draw_table(pdf, columns, table, {})


def data_note(pdf: BriefDocument, brief: Brief) -> None:
    lang = brief.lang
    pdf.heading(bt("section.note", lang), keep=30)
    if not brief.uploads.empty:
        pdf.write_line(bt("note.uploads", lang), size=9.5)
        columns = [
            Column(bt("col.file", lang), 62),
            Column(bt("col.uploaded_by", lang), 30),
            Column(bt("col.uploaded_at", lang), 40),
            Column(bt("col.stock_rows", lang), 24, "RIGHT"),
            Column(bt("col.publicity_rows", lang), 24, "RIGHT"),
        ]
        table = [
            [
                str(row.file_name),
                str(row.uploaded_by),
                when(row.uploaded_at.to_pydatetime(), lang),
                numbers_zh.cell(row.stock_rows, numbers_zh.COUNT),
                numbers_zh.cell(row.publicity_rows, numbers_zh.COUNT),
            ]
            for row in brief.uploads.itertuples(index=False)
        ]
        draw_table(pdf, columns, table, {}, font_size=8)
    pdf.write_line(bt("note.thresholds", lang), size=9.5, colour=GREY)
    pdf.write_line(bt("note.same_as_screen", lang), size=9.5, colour=GREY)
