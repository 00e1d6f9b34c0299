"""Chinese on every screen (issue 12): every page, signed in as an admin in Chinese mode, read in Chromium from a
real server; any Latin word outside a short list fails the page, naming the word and where it was seen.

What a person reads is collected four ways: the page's text (document.body.innerText, every tab and expander
opened), the placeholder / aria-label / title of each visible form field, the cells of the tables (glide grid's
accessible copy), and every string the tables draw on their canvas (the missing-value placeholder "None" is
drawn there and nowhere else)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from store import open_engine
from store.uploads import list_uploads
from tests.apptest_support import (
    ROOT,
    StreamlitServer,
    demo_database,
    session_for,
    sign_in_browser,
    wide_workbook,
)
from tests.conftest import need_chromium

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PAGES = {
    "overview": ("", "总览：东河县"),
    "supplies": ("物资", "物资：东河县"),
    "publicity": ("宣传", "宣传：东河县"),
    "alerts": ("预警", "预警：东河县"),
    "reporting": ("上报", "上报：东河县"),
    "upload": ("上传", "上传报表"),
    "settings": ("设置", "设置"),
    "meeting": ("会议", "东河县 · 2020年第12周"),
    "accounts": ("账号", "账号"),
}
# The Latin words a Chinese reader is shown on purpose, each for a reason:
ALLOWED = {
    "KN95",  # an item's name (N95/KN95 口罩): the standard's own name; N95 has one letter and is not a word here
    "Excel",  # 下载 Excel, the Excel brief: the program's name, which Chinese offices use as is
    "CSV",  # 下载 CSV: a file format has no Chinese name
    "PDF",  # the PDF brief
    "PPT",  # the PowerPoint brief: 「PPT」 is what Chinese offices call a slide deck
    "zip",  # briefs for every sub-unit in one zip file
    "xlsx",  # the uploader's accepted types, written as the file names end (.xlsx、.xls、.csv)
    "xls",
    "csv",
    "MB",  # the uploader's size limit (50 MB)
    "KB",  # the size Streamlit writes beside an uploaded file (6.2KB)
    "Webhook",  # 「Webhook 地址」: the word WeCom, DingTalk and Feishu show on the robot's page the address is copied from
    "Language",  # the language switch is 「语言 Language」 with the choice 「English」, so that an English
    "English",  # reader finds it on a Chinese screen
}
# Streamlit's keyboard skip link: off screen until a keyboard user presses Tab; its text is fixed in the
# frontend bundle (static/js/index.*.js, stSkipToContent) with no option to change it or to leave it out.
STREAMLIT_FIXED = {"Skip to main content"}
# Columns of the settings' item editor whose cells are data meant to be Latin: an item's code, typed in the
# command line (`items alias …`) like a unit's code; its English name, shown by the English switch; and the
# synonyms the loaders match, which include the English words officers' sheets use ("masks"). Their headings
# are still checked.
DATA_COLUMNS = ["编码", "英文名", "别名（用、分隔）"]
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")

# Every string the data grids draw on their canvas, kept before any page script runs.
RECORD_CANVAS_TEXT = """
window.__drawnText = new Set();
const fill = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
  window.__drawnText.add(String(text));
  return fill.call(this, text, ...rest);
};
"""
# (where, text) pairs a person can read. Material icons are words in the DOM ("upload", "science") that the
# Material Symbols font draws as pictures: they are hidden for the innerText read and shown again.
COLLECT = """
(DATA_COLUMNS) => {
  const out = [];
  const icons = [...document.querySelectorAll('[translate="no"]')].filter(
    (el) => getComputedStyle(el).fontFamily.includes('Material Symbols'));
  const before = icons.map((el) => el.style.display);
  icons.forEach((el) => { el.style.display = 'none'; });
  out.push(['page text', document.body.innerText]);
  icons.forEach((el, i) => { el.style.display = before[i]; });
  for (const el of document.querySelectorAll('input, textarea')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility !== 'visible') continue;
    for (const attr of ['placeholder', 'aria-label', 'title']) {
      const value = el.getAttribute(attr);
      if (value) out.push([`${el.tagName.toLowerCase()} ${attr}`, value]);
    }
  }
  for (const el of document.querySelectorAll('[title]')) {
    if (el.checkVisibility()) out.push(['title', el.getAttribute('title')]);
  }
  const cells = [];
  for (const el of document.querySelectorAll('[role="gridcell"], [role="columnheader"]')) {
    cells.push(el.textContent);
    const header = el.closest('table').querySelector(
      `[role="columnheader"][aria-colindex="${el.getAttribute('aria-colindex')}"]`);
    const column = header ? header.textContent : '';
    if (el.getAttribute('role') === 'gridcell' && DATA_COLUMNS.includes(column)) continue;
    out.push([`table cell (${column})`, el.textContent]);
  }
  // Matched in Python against the cells of every read of the page: a grid may draw (again) while another
  // tab's read finds its cells, or before its own cells are in the page on a busy machine.
  for (const text of window.__drawnText || []) out.push(['__drawn', text]);
  for (const cell of cells) out.push(['__cell', cell]);
  window.__drawnText = new Set();
  return out;
}
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("zh") / "demo.sqlite3")


@pytest.fixture(scope="module")
def admin_token(database):
    # An office names its accounts in Chinese; the account's name is on every page's sidebar.
    return session_for(database, "管理员", "admin")


@pytest.fixture(scope="module")
def server(tmp_path_factory, database, admin_token):
    need_chromium()
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running.base


def latin_words(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Each Latin word (two letters or more) not allowed → where it was seen, with the line around it."""
    found: dict[str, set[str]] = {}
    for where, text in pairs:
        for phrase in STREAMLIT_FIXED:
            text = text.replace(phrase, " ")
        for line in text.splitlines():
            for word in LATIN_WORD.findall(line):
                if sum(c.isalpha() for c in word) >= 2 and word not in ALLOWED:
                    found.setdefault(word, set()).add(f"{where}: {line.strip()[:80]!r}")
    return found


def read_everything(page) -> list[tuple[str, str]]:
    """The text of the page with every expander opened and every tab shown in turn."""
    for _ in range(20):  # each click may redraw the page: look again for the next closed one shown
        closed = [s for s in page.locator("details:not([open]) > summary").all() if s.is_visible()]
        if not closed:
            break
        closed[0].click()
    page.wait_for_timeout(500)
    pairs = page.evaluate(COLLECT, DATA_COLUMNS)
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        page.wait_for_timeout(800)  # the tab's tables draw their canvas
        pairs += page.evaluate(COLLECT, DATA_COLUMNS)
    page.wait_for_timeout(500)  # a last drawing, read against all the cells seen
    pairs += page.evaluate(COLLECT, DATA_COLUMNS)
    cells = [text for where, text in pairs if where == "__cell"]
    drawn = dict.fromkeys(text for where, text in pairs if where == "__drawn")
    pairs = [p for p in pairs if p[0] not in ("__cell", "__drawn")]
    # Text drawn and in no cell is the grid's own (its missing-value placeholder); a cell's text, cut to fit, is
    # part of the cell's.
    pairs += [("drawn on a table", text) for text in drawn if not any(text in cell for cell in cells)]
    return [tuple(p) for p in pairs]


def open_page(page, server: str, token: str, key: str) -> None:
    path, title = PAGES[key]
    page.add_init_script(RECORD_CANVAS_TEXT)
    sign_in_browser(page, server, token)
    page.goto(f"{server}/{quote(path)}")
    page.get_by_text(title, exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # charts and tables finish drawing


def report(found: dict[str, set[str]]) -> str:
    return "\n".join(f"{word}: " + " | ".join(sorted(places)[:3]) for word, places in sorted(found.items()))


def test_the_checker_finds_english_words_and_passes_the_allowed_ones():
    pairs = [
        ("page text", "下载 CSV\n下载 Excel\nN95/KN95 口罩 5 只\nC0101 李家村\nSkip to main content"),
        ("input placeholder", "Choose an option"),
        ("drawn on a table", "None"),
        ("page text", "50MB per file • XLSX"),
    ]
    assert latin_words(pairs) == {
        "Choose": {"input placeholder: 'Choose an option'"},
        "an": {"input placeholder: 'Choose an option'"},
        "option": {"input placeholder: 'Choose an option'"},
        "None": {"drawn on a table: 'None'"},
        "per": {"page text: '50MB per file • XLSX'"},
        "file": {"page text: '50MB per file • XLSX'"},
        "XLSX": {"page text: '50MB per file • XLSX'"},
    }


@pytest.mark.parametrize("key", list(PAGES))
def test_every_word_on_the_page_is_chinese(page, server, admin_token, key):
    open_page(page, server, admin_token, key)
    pairs = read_everything(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if page.get_by_role("tab").count():
        page.get_by_role("tab").first.click()  # the screenshot shows the page as it opens
    page.screenshot(path=str(SCREENSHOTS / f"zh-{key}.png"), full_page=True)
    found = latin_words(pairs)
    assert not found, f"English on the {key} page:\n{report(found)}"
    assert sum(len(text) for _, text in pairs) > 200  # the page was read, not an empty shell


def test_a_typed_week_is_read_and_a_wrong_one_is_refused_in_words(page, server, admin_token):
    open_page(page, server, admin_token, "upload")
    week = page.get_by_label("指定周（文件中没有写明时使用）")
    assert week.get_attribute("placeholder") == "例如 2020-03-16 或 2020年第12周；不填则按文件中写的周"
    week.fill("2020年第13周")
    week.press("Enter")
    page.get_by_text("将按 2020年第13周（3月23日—3月29日）导入没有写明周的表。").wait_for(timeout=30_000)
    week.fill("下周")
    week.press("Enter")
    page.get_by_text("看不懂这个周：请写成日期（2020-03-16）或周次（2020年第12周）。").wait_for(
        timeout=30_000
    )


# Last: it imports week 13, which becomes the latest week the other pages would show.
def test_the_uploader_speaks_chinese_and_still_takes_a_file(page, server, admin_token, database):
    open_page(page, server, admin_token, "upload")
    uploader = page.locator('[data-testid="stFileUploader"]')
    button = uploader.locator("button")
    # Our word on the button (drawn by the scoped CSS), Streamlit's English gone, our limits beside it.
    word = button.locator("[data-has-shortcut]").evaluate("e => getComputedStyle(e, '::after').content")
    assert word == '"选择文件"'
    expect(button.locator('[data-testid="stMarkdownContainer"]')).to_be_hidden()  # Streamlit's "Upload"
    expect(uploader.locator('[data-testid="stFileUploaderDropzoneInstructions"]')).to_be_hidden()
    expect(
        page.get_by_text("可把文件拖到框内，或点「选择文件」；接受 .xlsx、.xls、.csv，每个文件不超过 50 MB。")
    ).to_be_visible()
    assert page.get_by_role("button", name="选择文件").count() == 1  # its accessible name is ours

    with page.expect_file_chooser() as chooser:  # the button still opens the browser's file dialog
        button.click()
    chooser.value.set_files(
        files=[
            {
                "name": "东河县第13周.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": wide_workbook(),
            }
        ]
    )
    page.get_by_text("检查通过，可以导入。").wait_for(timeout=30_000)
    found = latin_words(read_everything(page))
    assert not found, f"English on the upload page with a file chosen:\n{report(found)}"
    page.screenshot(path=str(SCREENSHOTS / "zh-upload-preview.png"), full_page=True)

    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已导入 东河县第13周.xlsx：7 行", exact=False).wait_for(timeout=30_000)
    engine = open_engine(database)
    try:
        names = list_uploads(engine)["file_name"].tolist()
    finally:
        engine.dispose()
    assert "东河县第13周.xlsx" in names
