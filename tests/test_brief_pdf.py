"""The PDF brief read back with poppler (pdftotext, pdffonts, pdfimages, pdftoppm): its Chinese text, the
embedded font, one picture per chart (or a sentence naming the charts left out), page numbers, severity colours,
and a unit named "=1+1" kept as text. The pages are kept as PNG in artifacts/briefs/ for a person to look at.

Figures are the demo district's (demo/district.py, latest week 2020-03-16 = 2020年第12周), worked out by hand
in tests/test_pages_overview.py (tiles, alerts), tests/test_cli_metrics.py (the transfer) and
tests/test_brief_pptx.py (coverage), as cited beside each.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import update

from briefs import pdf_fonts
from briefs.content import build_brief
from briefs.pdf_document import BriefDocument
from briefs.pdf_writer import write_pdf
from demo.district import load_demo
from exports import figure_png
from store import ensure_schema, open_engine
from store.tables import units as units_table
from tests.apptest_support import ROOT
from tests.conftest import need_chromium
from tests.test_pages_overview import COUNTY_TOP_ALERTS

MADE_AT = datetime(2026, 11, 27, 9, 30)
ARTIFACTS = ROOT / "artifacts" / "briefs"
DAYS = "可用天数：{}（按下级单位，少的在前）"
# The charts in the order the brief shows them: the four main items, the trend, then coverage by material
# as the brief's coverage rows order them (banner before leaflet).
ZH_CHARTS = [
    DAYS.format("医用外科口罩"),
    DAYS.format("N95口罩"),
    DAYS.format("消毒液"),
    DAYS.format("手套"),
    "主要物资库存与消耗（近8周）",  # the demo's 8 weeks, 2020-01-27 … 2020-03-16
    "宣传覆盖率：横幅（按下级单位）",
    "宣传覆盖率：宣传单（按下级单位）",
]
LEFT_OUT = "本机没有可用的浏览器（chromium），以下图表未画出，只列出数据表：" + "；".join(ZH_CHARTS)
DPI = 100
A4_PIXELS = (827, 1170)  # 210 × 297 mm at 100 dpi, as pdftoppm rounds them


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path, *, layout: bool = True) -> str:
    return run("pdftotext", *(["-layout"] if layout else []), str(path), "-")


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", str(path)), re.M).group(1))


def images(path: Path) -> list[tuple[str, int, int]]:
    """(type, width, height) of each picture pdfimages lists (an alpha channel would show as "smask")."""
    lines = run("pdfimages", "-list", str(path)).splitlines()[2:]
    return [(cols[2], int(cols[3]), int(cols[4])) for cols in (line.split() for line in lines)]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('pdf') / 'demo.sqlite3'}")
    ensure_schema(engine)
    load_demo(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def brief(engine):
    return build_brief(engine, None, None, made_at=MADE_AT)


@pytest.fixture(scope="module")
def drawn(brief, tmp_path_factory) -> Path:
    """The demo brief with its charts, kept with its pages as PNG in artifacts/briefs/."""
    need_chromium()
    started = time.perf_counter()
    data = write_pdf(brief)
    print(f"\nwrite_pdf with charts, demo county: {time.perf_counter() - started:.2f} s, {len(data):,} bytes")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "demo.pdf"
    path.write_bytes(data)
    for old in ARTIFACTS.glob("demo-pdf-*.png"):
        old.unlink()
    run("pdftoppm", "-r", str(DPI), "-png", str(path), str(ARTIFACTS / "demo-pdf"))
    return path


@pytest.fixture(scope="module")
def tables_only(brief, tmp_path_factory) -> Path:
    started = time.perf_counter()
    data = write_pdf(brief, draw_charts=False)
    print(
        f"\nwrite_pdf without charts, demo county: {time.perf_counter() - started:.2f} s, {len(data):,} bytes"
    )
    path = tmp_path_factory.mktemp("pdf_tables") / "tables.pdf"
    path.write_bytes(data)
    return path


def test_title_block_names_the_district_the_week_and_when(drawn):
    lines = pdf_text(drawn).splitlines()
    assert lines[:4] == [
        "东河县防疫物资与宣传简报",
        "2020年第12周（3月16日—3月22日）",
        "制作时间：2026年11月27日 09:30",
        lines[3],
    ]
    # The demo's one upload is stamped when the test loads it: the sentence around the time is fixed
    assert re.fullmatch(r"数据截至：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（最近一次导入的报表）", lines[3])


def test_headline_tiles_hold_the_overview_figures(drawn):
    text = pdf_text(drawn)
    # tests/test_pages_overview.py and test_brief_pptx.py: 18 of 19 reported (94.7 %, cut), 3 units out,
    # 1 critical, 1 low; fewest days 0.0 at 东河社区; leaflets 15168 ÷ 18460 = 82 %, banners 35 ÷ 34 = 102 %
    assert re.search(r"本周上报\s+断货单位\s+紧缺单位\s+偏低单位\n+\s*18/19\s+3\s+1\s+1\n\s*94%\n", text)
    assert re.search(r"最少可用天数\s+宣传单覆盖率\s+横幅覆盖率\n+\s*0\.0 天\s+82%\s+102%\n", text)
    assert re.search(r"东河社区 · 医用外科口罩\s+80–89%\s+超过100%，请核对目标\n", text)


def test_alerts_most_urgent_first_with_a_severity_word_then_the_more_line(drawn, brief):
    text = pdf_text(drawn)
    rows = re.findall(r"^\s*(紧急|警告|提示)\s{2,}(\S.*?)\s*$", text, re.M)
    # The overview's six most urgent, in its order (tests/test_pages_overview.py works each out), then 石门村
    assert rows[:7] == [("紧急", message) for message in COUNTY_TOP_ALERTS] + [
        ("警告", "石门村 已 5 周未上报（最后上报：2020年第7周）")
    ]
    assert rows[0] == ("紧急", "东河社区 医用外科口罩 已断货（库存 0 只）")
    assert rows[3] == ("紧急", "白塔乡 医用外科口罩 仅够 3.3 天（库存 507 只，日均消耗 152 只）")
    # At most 40 on paper; the writer counts the rest the brief holds
    assert len(rows) == 40
    assert [message for _, message in rows] == list(brief.alerts["message"][:40])
    assert f"另有 {len(brief.alerts) - 40} 条预警，见 Excel 版或看板「预警」页。" in text


def test_severity_cells_are_coloured_red_for_critical_and_amber_for_warning(tables_only, tmp_path):
    run("pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", str(tables_only), str(tmp_path / "p"))
    page = Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    assert page.size == A4_PIXELS
    column = page.crop((round(15 / 25.4 * DPI), 0, round(33 / 25.4 * DPI), page.height))  # 级别: 15–33 mm
    colours = column.getcolors(maxcolors=1 << 16)
    counts = {colour: n for n, colour in colours}
    # The six 紧急 cells filled (211, 47, 47), the warnings (249, 168, 37); each cell is ~70 × 20 px here
    assert counts.get((211, 47, 47), 0) > 6 * 500
    assert counts.get((249, 168, 37), 0) > 500
    rest = page.crop((round(36 / 25.4 * DPI), 0, page.width, page.height)).getcolors(maxcolors=1 << 16)
    assert (211, 47, 47) not in {colour for _, colour in rest}  # the words stay black on white


def test_days_of_supply_table_under_each_item(drawn):
    text = pdf_text(drawn)
    for item in ("医用外科口罩", "N95口罩", "消毒液", "手套"):
        assert DAYS.format(item) in text
    # 白塔乡 masks: 507 ÷ 152.125 = 3.33 days, critical (tests/test_pages_overview.py)
    assert re.search(r"^\s*白塔乡\s+3\.3\s+紧缺\s+507\s+152\s*$", text, re.M)
    assert re.search(r"单位\s+可用天数（天）\s+状态\s+库存（只）\s+日均消耗（只）", text)


def test_coverage_tables_by_material(drawn):
    text = pdf_text(drawn)
    # tests/test_brief_pptx.py: 东河镇 banners 11 ÷ 8 = 137.5 % → 137 %, above 100 %;
    # 东河镇 leaflets 3,193 ÷ 4,131 = 77.3 % → 77 %, below 80 %
    assert re.search(r"^\s*东河镇\s+11\s+8\s+137%\s+超过100%\s*$", text, re.M)
    assert re.search(r"^\s*东河镇\s+3,193\s+4,131\s+77%\s+不足80%\s*$", text, re.M)


def test_reporting_names_the_silent_unit_and_how_late(drawn):
    text = pdf_text(drawn)
    assert "本周应报 19 个单位，已报 18 个，上报率 94%。" in text
    # 石门村 last reported 2020-02-10 (week 7): weeks 8–12 missing, 5 weeks
    assert "未上报：石门村（最后上报：2020年第7周，已 5 周未报）" in text


def test_transfer_row(drawn):
    text = pdf_text(drawn)
    # tests/test_cli_metrics.py: 739 masks from 李家村 to 东河社区; 李家村 keeps (2971 − 739) ÷ (971/14) = 32.18
    # days (cut to 32.1), 东河社区 reaches 14.0
    assert re.search(r"^\s*医用外科口罩\s+李家村\s+东河社区\s+739\s+32\.1\s+14\.0\s*$", text, re.M)


def test_every_page_numbered_in_the_footer(drawn):
    pages = pdf_text(drawn).split("\f")[:-1]
    total = page_count(drawn)
    assert len(pages) == total
    for number, page in enumerate(pages, start=1):
        footer = page.rstrip().splitlines()[-1]
        assert re.fullmatch(
            rf"东河县防疫物资与宣传简报 · 2020年第12周（3月16日—3月22日）\s+第 {number} 页，共 {total} 页",
            footer,
        )


def test_the_chinese_font_is_embedded_as_a_subset(drawn):
    rows = run("pdffonts", str(drawn)).splitlines()[2:]
    fonts = [(row.split()[0], row.split()[-5:-2]) for row in rows]
    assert fonts == [
        (fonts[0][0], ["yes", "yes", "yes"]),  # embedded, subset, with a Unicode map (text can be copied)
        (fonts[1][0], ["yes", "yes", "yes"]),
    ]
    assert re.fullmatch(r"[A-Z]{6}\+NotoSansCJKSC", fonts[0][0])
    assert re.fullmatch(r"[A-Z]{6}\+NotoSansCJKSCBold", fonts[1][0])


def test_one_picture_per_chart_and_the_pages_kept_as_png(drawn):
    # 4 items × (110 + 30 × 7 units) px, the trend's two rows of two (60 + 300 × 2), 2 materials × (110 + 30 × 5
    # towns): CSS pixels × 2, 900 wide; RGB only (an alpha channel would add "smask" entries)
    assert images(drawn) == [("image", 1800, 640)] * 4 + [("image", 1800, 1320)] + [("image", 1800, 520)] * 2
    pngs = sorted(ARTIFACTS.glob("demo-pdf-*.png"))
    assert len(pngs) == page_count(drawn)
    for png in pngs:
        assert Image.open(png).size == A4_PIXELS
    assert "left out" not in pdf_text(drawn) and "未画出" not in pdf_text(drawn)


def test_chart_pictures_keep_their_axes_inside_the_picture(drawn, tmp_path):
    """Plotly's automargin, left to kaleido on a busy machine, once cut the axes off every picture."""
    run("pdfimages", "-png", str(drawn), str(tmp_path / "img"))
    days = Image.open(tmp_path / "img-000.png").convert("RGB")  # 医用外科口罩 by town
    assert days.size == (1800, 640)
    bottom = days.crop((0, days.height - 2 * 72, days.width, days.height))  # the 72 px margin: ticks, title
    colours = {colour for _, colour in bottom.getcolors(maxcolors=1 << 20)}
    assert (46, 125, 50) not in colours and (211, 47, 47) not in colours  # no bar runs into the axis
    dark = sum(n for n, colour in bottom.getcolors(maxcolors=1 << 20) if max(colour) < 80)
    assert dark > 2000  # the tick numbers and 可用天数（天） are drawn there

    # The longest name, 东河县第一中学 (7 characters × 15 px in a 16 + 105 px margin), starts just inside the
    # picture: drawn within its first 20 px, none of it on the edge (a cut name runs off the edge)
    def dark_in(box) -> int:
        return sum(n for n, colour in days.crop(box).getcolors(maxcolors=1 << 20) if max(colour) < 80)

    assert dark_in((0, 0, 2 * 20, days.height)) > 20
    assert dark_in((0, 0, 2 * 2, days.height)) == 0


def test_without_charts_the_tables_stand_and_the_first_page_names_the_charts_left_out(tables_only):
    assert images(tables_only) == []
    first_page = pdf_text(tables_only, layout=False).split("\f")[0]
    assert LEFT_OUT in first_page.replace("\n", "")
    text = pdf_text(tables_only)
    assert re.search(r"^\s*白塔乡\s+3\.3\s+紧缺\s+507\s+152\s*$", text, re.M)
    assert re.search(r"^\s*医用外科口罩\s+李家村\s+东河社区\s+739\s+32\.1\s+14\.0\s*$", text, re.M)


def test_no_browser_on_the_machine_leaves_the_charts_out(brief, monkeypatch, tmp_path):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(figure_png, "_server_started", False)  # as in a process that never drew a picture
    assert figure_png.browser_path() is None
    with pytest.raises(figure_png.NoBrowser):
        figure_png.to_png(None, 10, 10)
    path = tmp_path / "no-browser.pdf"
    path.write_bytes(write_pdf(brief))
    assert images(path) == []
    assert LEFT_OUT in pdf_text(path, layout=False).split("\f")[0].replace("\n", "")


def test_a_unit_named_like_a_formula_stays_text(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'formula.sqlite3'}")
    ensure_schema(engine)
    load_demo(engine)
    with engine.begin() as conn:
        conn.execute(update(units_table).where(units_table.c.code == "C01").values(name="=1+1"))  # 东河镇
    path = tmp_path / "formula.pdf"
    path.write_bytes(write_pdf(build_brief(engine, None, None, made_at=MADE_AT), draw_charts=False))
    engine.dispose()
    text = pdf_text(path)
    assert "=1+1 宣传单 覆盖率 77%（目标 4,131 份）" in text  # an alert sentence
    assert re.search(r"^\s*=1\+1\s+27\.7\s+充足\s+6,326\s+228\s*$", text, re.M)  # 东河镇 masks, last row
    assert re.search(r"^\s*=1\+1\s+11\s+8\s+137%\s+超过100%\s*$", text, re.M)


def test_english_brief(brief, engine):
    english = build_brief(engine, None, None, lang="en", made_at=MADE_AT)
    data = write_pdf(english, draw_charts=False)
    path = ARTIFACTS / "demo-en-tables.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    lines = pdf_text(path).splitlines()
    assert lines[:3] == [
        "东河县: epidemic supplies and publicity brief",
        "2020-W12 (16 Mar–22 Mar)",
        "Made: 27 Nov 2026 09:30",
    ]
    text = pdf_text(path)
    assert "18 of 19 units reported this week (94%)." in text
    assert re.search(rf"Page 1 of {page_count(path)}\n", text)


def test_a_picture_taller_than_a_page_is_shrunk_to_fit_under_its_heading(brief, tmp_path):
    # A town with 200 villages: 110 + 30 × 200 = 6,110 CSS px, × 2, would stand 1,222 mm across 180 mm
    pdf = BriefDocument(brief)
    pdf.add_page()
    pdf.heading(
        "可用天数：医用外科口罩（按下级单位，少的在前）",
        keep=pdf.picture_height(Image.new("RGB", (1800, 12220))),
    )
    assert pdf.page_no() == 1
    pdf.picture(Image.new("RGB", (1800, 12220), "white"))
    # 297 − 15 − 18 − 25 = 239 mm tall, and 239 × 1800 / 12220 = 35.2 mm wide: all on the first page
    assert pdf.page_no() == 1
    assert pdf.get_y() <= pdf.page_break_trigger
    path = tmp_path / "tall.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert page_count(path) == 1
    shown = re.findall(
        r"^\s*1\s+0\s+image\s+1800\s+12220\s.*?\s(\d+)\s+(\d+)\s+\S+\s+\S+$",
        run("pdfimages", "-list", str(path)),
        re.M,
    )
    # pixels per inch: 12220 px over 239 mm (9.409 in) = 1298.7; the width keeps the aspect, so the same
    assert shown == [("1299", "1299")]


def test_without_a_bold_face_the_regular_one_stands_in(brief, monkeypatch, tmp_path):
    regular = pdf_fonts._fc_match("")
    monkeypatch.setattr(pdf_fonts, "_fc_match", lambda style: regular if style == "" else None)
    monkeypatch.setattr(
        pdf_fonts, "KNOWN_FILES", {**pdf_fonts.KNOWN_FILES, "B": (Path("/nonexistent/b.ttc"), 2)}
    )
    path = tmp_path / "regular-only.pdf"
    path.write_bytes(write_pdf(brief, draw_charts=False))
    names = [row.split()[0] for row in run("pdffonts", str(path)).splitlines()[2:]]
    assert [re.sub(r"^[A-Z]{6}\+", "", name) for name in names] == ["NotoSansCJKSC", "NotoSansCJKSC"]
    assert "东河社区 医用外科口罩 已断货（库存 0 只）" in pdf_text(path)


def test_no_chinese_font_is_one_clear_error(brief, monkeypatch):
    monkeypatch.setattr(pdf_fonts, "_fc_match", lambda style: None)
    monkeypatch.setattr(
        pdf_fonts, "KNOWN_FILES", {"": (Path("/nonexistent/a.ttc"), 2), "B": (Path("/nonexistent/b.ttc"), 2)}
    )
    with pytest.raises(pdf_fonts.NoCjkFont) as raised:
        write_pdf(brief, draw_charts=False)
    assert raised.value.message("zh") == (
        "未找到中文字体（Debian 软件包 fonts-noto-cjk），无法生成 PDF 简报：请以 root 运行 apt-get install fonts-noto-cjk"
    )
    assert str(raised.value).endswith(
        "No Chinese font found (Debian package fonts-noto-cjk), so the PDF brief cannot be made: "
        "run apt-get install fonts-noto-cjk as root"
    )
