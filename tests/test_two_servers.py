"""Two dashboard servers on one PostgreSQL database: an upload through server A shows on server B at once,
a session made by one is honoured by the other (shared secret), and concurrent imports lose or double no row."""

from __future__ import annotations

import threading
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from demo.district import load_demo
from store import ensure_schema, open_engine
from store.tables import stock_reports
from tests.apptest_support import CHROMIUM_ARGS, StreamlitServer, session_for, sign_in_browser, wide_workbook
from tests.conftest import _drop_postgres, _fresh_postgres_url, need_chromium, need_postgres
from uploads import import_file

pytestmark = pytest.mark.postgres
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def pg_demo():
    """A fresh PostgreSQL database holding the demo district."""
    need_postgres()
    url = _fresh_postgres_url()
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    engine.dispose()
    yield url
    _drop_postgres(url)


@pytest.mark.browser
def test_an_upload_through_server_a_shows_on_server_b(pg_demo, tmp_path, outside_requests):
    chromium = need_chromium()
    from playwright.sync_api import sync_playwright

    token = session_for(pg_demo, "admin", "admin")
    with (
        StreamlitServer(pg_demo, tmp_path / "a.log") as server_a,
        StreamlitServer(pg_demo, tmp_path / "b.log") as server_b,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page_b = outside_requests.watch(browser.new_context(locale="zh-CN")).new_page()
            sign_in_browser(page_b, server_b.base, token)
            page_b.goto(f"{server_b.base}/")  # B first: its caches hold the old week
            page_b.get_by_text("2020年第12周", exact=False).first.wait_for(timeout=60_000)

            page_a = outside_requests.watch(browser.new_context(locale="zh-CN")).new_page()
            sign_in_browser(page_a, server_a.base, token)
            page_a.goto(f"{server_a.base}/{quote('上传')}")
            page_a.get_by_text("上传报表").wait_for(timeout=60_000)
            page_a.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                files=[{"name": "东河县第13周.xlsx", "mimeType": XLSX, "buffer": wide_workbook()}]
            )
            page_a.get_by_text("检查通过，可以导入。").wait_for(timeout=60_000)
            page_a.get_by_role("button", name="确认导入").click()
            page_a.get_by_text("已导入 东河县第13周.xlsx", exact=False).wait_for(timeout=60_000)

            page_b.reload()
            page_b.get_by_text("2020年第13周（3月23日—3月29日）", exact=False).first.wait_for(timeout=60_000)
            page_b.get_by_text("7/19").first.wait_for(timeout=60_000)
        finally:
            browser.close()


def stock_rows(engine, upload_id: int | None = None) -> int:
    query = select(func.count()).select_from(stock_reports)
    if upload_id is not None:
        query = query.where(stock_reports.c.upload_id == upload_id)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_two_concurrent_imports_keep_every_row_exactly_once(pg_demo):
    files = {
        "东河镇第13周.xlsx": wide_workbook(
            {"李家村": (1200, 500, 400), "王庄村": (900, 0, 350), "河口村": (1500, 1000, 420)},
            title="东河县防疫物资统计表（2020年第13周）",
        ),
        "白塔乡第14周.xlsx": wide_workbook(
            {
                "白塔村": (2000, 2500, 500),
                "上坪村": (1800, 2000, 465),
                "下坪村": (1500, 1500, 520),
                "东河社区": (800, 0, 300),
            },
            title="东河县防疫物资统计表（2020年第14周）",
        ),
    }
    engine = open_engine(pg_demo)
    before = stock_rows(engine)
    outcomes: dict[str, object] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(files))

    def upload(name: str, content: bytes) -> None:
        own = open_engine(pg_demo)  # as a second server process would: its own engine and connections
        try:
            start.wait()
            outcomes[name] = import_file(own, name, content, uploaded_by=name)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=upload, args=item) for item in files.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert {name: o.status for name, o in outcomes.items()} == dict.fromkeys(files, "imported")
    assert {name: o.rows for name, o in outcomes.items()} == {"东河镇第13周.xlsx": 3, "白塔乡第14周.xlsx": 4}
    for outcome in outcomes.values():
        assert stock_rows(engine, outcome.upload_id) == outcome.rows
    assert stock_rows(engine) == before + 7
    engine.dispose()
