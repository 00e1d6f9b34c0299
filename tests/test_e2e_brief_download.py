"""One click to a brief from a page's view (issue 12): a real Streamlit server, Chromium, the file it downloads."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import openpyxl
import pytest

from tests.apptest_support import StreamlitServer, demo_database, session_for, sign_in_browser
from tests.conftest import need_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("brief-e2e") / "demo.sqlite3")


@pytest.fixture(scope="module")
def token(database):
    return session_for(database, "admin", "admin")


@pytest.fixture(scope="module")
def server(tmp_path_factory, database):
    need_chromium()
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running.base


def download(page, name: str):
    with page.expect_download(timeout=60_000) as waiting:
        page.get_by_role("button", name=name).click()
    return waiting.value


def test_the_sidebar_makes_the_excel_brief_of_the_view(page, server, token):
    sign_in_browser(page, server, token)
    page.goto(f"{server}/{quote('预警')}")
    page.get_by_text("预警：东河县").wait_for(timeout=30_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("会议简报").wait_for(timeout=10_000)
    sidebar.get_by_role("radio", name="Excel").click()
    got = download(page, "下载Excel简报")
    assert got.suggested_filename == "东河县-2020年第12周-简报.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(got.path().read_bytes()))
    # The overview's hand-worked tiles (tests/test_pages_overview.py): 18 of 19 reported, 3 units out of stock
    assert [row[:2] for row in workbook["主要数字"].iter_rows(min_row=3, max_row=4, values_only=True)] == [
        ("本周上报", "18/19"),
        ("断货单位", "3"),
    ]


def test_the_sidebar_zips_one_brief_per_town(page, server, token):
    sign_in_browser(page, server, token)
    page.goto(f"{server}/{quote('上报')}")
    page.get_by_text("上报：东河县").wait_for(timeout=30_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("radio", name="Excel").click()
    sidebar.get_by_text("每个下级单位一份（压缩包）").click()
    got = download(page, "下载各下级单位简报（压缩包）")
    assert got.suggested_filename == "东河县-2020年第12周-简报.zip"
    with zipfile.ZipFile(io.BytesIO(got.path().read_bytes())) as archive:
        assert archive.namelist() == [
            f"{town}-2020年第12周-简报.xlsx"
            for town in ("东河镇", "南湖街道", "白塔乡", "青山镇", "西关街道", "东河县第一中学", "东河制药厂")
        ]


def test_the_meeting_page_makes_the_slides_of_its_unit_and_week(page, server, token):
    from pptx import Presentation

    sign_in_browser(page, server, token)
    page.goto(f"{server}/{quote('会议')}")
    page.get_by_text("东河县 · 2020年第12周").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="会议简报").click()
    got = download(page, "下载PPT简报")
    assert got.suggested_filename == "东河县-2020年第12周-简报.pptx"
    deck = Presentation(io.BytesIO(got.path().read_bytes()))
    texts = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert texts[0] == "东河县防疫物资与宣传简报"
    assert texts[1].splitlines()[0] == "2020年第12周（3月16日—3月22日）"
