"""No table hands Excel a live formula (issue 11): Streamlit's own CSV download and clipboard copy are off
(client.disableDataExport), and the tables' own downloads prefix formula-looking cells (exports/safe.py)."""

from __future__ import annotations

import csv
import io
import tomllib
from urllib.parse import quote

import pytest
from sqlalchemy import text

from store import open_engine
from tests.apptest_support import ROOT, StreamlitServer, demo_database, session_for, sign_in_browser
from tests.conftest import need_chromium

pytestmark = pytest.mark.browser

HOSTILE = '=HYPERLINK("http://evil.example/","点我")'


def test_the_config_turns_streamlits_own_data_export_off():
    with open(ROOT / ".streamlit" / "config.toml", "rb") as config:
        assert tomllib.load(config)["client"]["disableDataExport"] is True


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("export") / "demo.sqlite3")
    engine = open_engine(url)
    with engine.begin() as conn:  # 东河镇 renamed by someone with bad intentions
        conn.execute(text("UPDATE units SET name = :name WHERE code = 'C01'"), {"name": HOSTILE})
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def token(database):
    return session_for(database, "admin", "admin")


@pytest.fixture(scope="module")
def server(tmp_path_factory, database):
    need_chromium()
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running.base


def toolbar_labels(page) -> list[str]:
    """The buttons Streamlit's toolbar offers over the first table, read while the pointer rests on it."""
    holder = page.locator('[data-testid="stElementContainer"]:has([data-testid="stDataFrame"])').first
    holder.wait_for(timeout=30_000)
    holder.locator('[data-testid="stDataFrame"]').hover()
    buttons = holder.locator('[data-testid="stElementToolbar"] button')
    buttons.first.wait_for(timeout=10_000)
    return sorted(b.get_attribute("aria-label") or b.inner_text() for b in buttons.all())


def open_supplies(page, base: str, token: str) -> None:
    sign_in_browser(page, base, token)
    page.goto(f"{base}/{quote('物资')}")
    page.get_by_text("物资：东河县").wait_for(timeout=30_000)


def test_the_supplies_table_offers_no_built_in_download_and_ours_writes_the_name_as_text(page, server, token):
    open_supplies(page, server, token)
    assert toolbar_labels(page) == ["Fullscreen", "Search", "Show/hide columns"]
    with page.expect_download() as waiting:
        page.get_by_role("button", name="下载 CSV").first.click()
    rows = list(csv.reader(io.StringIO(waiting.value.path().read_bytes().decode("utf-8-sig"))))
    assert ["'" + HOSTILE] == [cell for row in rows for cell in row if HOSTILE in cell]


def test_without_the_setting_streamlit_would_offer_its_raw_download(browser, database, token, tmp_path):
    """The contrast: the same table on a server with the option off shows Download as CSV (the raw one)."""
    env = {"STREAMLIT_CLIENT_DISABLE_DATA_EXPORT": "false"}
    with StreamlitServer(database, tmp_path / "raw.log", extra_env=env) as raw:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        try:
            page = context.new_page()
            open_supplies(page, raw.base, token)
            assert toolbar_labels(page) == ["Download as CSV", "Fullscreen", "Search", "Show/hide columns"]
        finally:
            context.close()
