"""What a person sees: a real Streamlit server and Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.apptest_support import (
    ROOT,
    OutsideRequests,
    StreamlitServer,
    demo_database,
    session_for,
    sign_in_browser,
    wide_workbook,
)
from tests.conftest import need_chromium

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
# Streamlit derives a page's URL from its file name without the number: pages/1_物资.py → /物资.
PAGE_URLS = {
    "overview": "",
    "supplies": "物资",
    "publicity": "宣传",
    "alerts": "预警",
    "reporting": "上报",
    "upload": "上传",
    "settings": "设置",
    "meeting": "会议",
}
PAGE_TITLES = {
    "overview": "总览：东河县",
    "supplies": "物资：东河县",
    "publicity": "宣传：东河县",
    "alerts": "预警：东河县",
    "reporting": "上报：东河县",
    "upload": "上传报表",
    "settings": "设置",
    "meeting": "东河县 · 2020年第12周",
}
PAGE_CHARTS = {"overview": 2, "supplies": 2, "publicity": 2, "reporting": 1}


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("browser") / "demo.sqlite3")


@pytest.fixture(scope="module")
def admin_token(database):
    """The pages are signed in as an admin through the session cookie a login sets (never the address)."""
    return session_for(database, "admin", "admin")


@pytest.fixture(scope="module")
def server(tmp_path_factory, database, admin_token):
    need_chromium()
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running.base


def open_page(page, server: str, key: str, token: str) -> None:
    sign_in_browser(page, server, token)
    page.goto(f"{server}/{quote(PAGE_URLS[key])}")
    page.get_by_text(PAGE_TITLES[key], exact=False).first.wait_for(timeout=30_000)
    for _ in range(PAGE_CHARTS.get(key, 0)):
        page.locator(".js-plotly-plot").nth(PAGE_CHARTS[key] - 1).wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # let plotly finish drawing before the screenshot


@pytest.mark.parametrize("key", list(PAGE_URLS))
def test_every_page_shows_its_title_and_charts(page, server, admin_token, key):
    open_page(page, server, key, admin_token)
    charts = page.locator('[data-testid="stPlotlyChart"]').count()
    assert charts >= PAGE_CHARTS.get(key, 0)
    assert page.get_by_text("示例数据", exact=False).count() >= 1
    # the menu is ours: the automatic page list stays hidden
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
    links.nth(8).wait_for(timeout=10_000)
    assert links.count() == 9  # an admin: every page, the accounts page included
    hrefs = [links.nth(i).locator("a").first.get_attribute("href") or "" for i in range(9)]
    assert [h for h in hrefs if admin_token in h or "s=" in h] == []  # the session is in a cookie, not links
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{key}.png"), full_page=True)


def test_overview_reads_on_a_phone(browser, server, admin_token, outside_requests):
    context = outside_requests.watch(
        browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    )
    page = context.new_page()
    open_page(page, server, "overview", admin_token)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # nothing forces sideways scrolling
    assert page.get_by_text("本周上报").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "overview_phone.png"), full_page=True)
    context.close()


def test_the_outside_request_guard_blocks_and_lists_a_request_off_this_machine(browser, server):
    """The guard every browser test runs under can fail: a page's fetch to a font server is blocked and listed."""
    watcher = OutsideRequests()
    context = watcher.watch(browser.new_context())
    page = context.new_page()
    page.goto(f"{server}/_stcore/health")
    outcome = page.evaluate(
        "() => fetch('https://fonts.gstatic.com/s/i/x.svg').then(() => 'reached', () => 'blocked')"
    )
    context.close()
    assert outcome == "blocked"
    assert watcher.attempts == ["https://fonts.gstatic.com/s/i/x.svg"]


def test_upload_preview_confirm_then_the_overview_shows_the_new_week(page, server, admin_token):
    open_page(page, server, "upload", admin_token)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[
            {
                "name": "东河县第13周.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": wide_workbook(),
            }
        ]
    )
    page.get_by_text("检查通过，可以导入。").wait_for(timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "upload_preview.png"), full_page=True)
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已导入 东河县第13周.xlsx", exact=False).wait_for(timeout=30_000)
    open_page(page, server, "overview", admin_token)
    page.get_by_text("2020年第13周（3月23日—3月29日）", exact=False).first.wait_for(timeout=30_000)
    page.get_by_text("7/19").first.wait_for(timeout=30_000)  # drawn after the week's title: wait, not count
