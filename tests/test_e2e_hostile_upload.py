"""The 1.6 KB workbook that took the whole dashboard down (issue 11: one cell at A1, one at XFD1048576, so the
reader allocated the dense 2^20 × 2^14 range and the process aborted), uploaded through Chromium to the real
server: the upload page refuses it in words, and the server goes on serving the overview with its figures."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from store import open_engine
from store.uploads import list_uploads
from tests.apptest_support import StreamlitServer, demo_database, session_for, sign_in_browser
from tests.conftest import need_chromium
from tests.hostile_files import corner_cells_without_dimension_xlsx

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSAL = (
    "文件「corner.xlsx」「周报」表有 1,048,576 行（上限 200,000 行），超出上限，未读取。"
    "请在 Excel/WPS 中只保留数据区域（删去多余的行、列和空白格式）后另存为新文件，再上传"
)
# The demo county's week 12 (tests/test_pages_overview.py works each one out by hand).
COUNTY_TILES = {
    "本周上报": "18/19",
    "断货单位": "3",
    "紧缺单位": "1",
    "偏低单位": "1",
    "最少可用天数": "0.0 天",
    "宣传单覆盖率": "82%",
    "横幅覆盖率": "102%",
}


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("hostile") / "demo.sqlite3")


@pytest.fixture(scope="module")
def running(tmp_path_factory, database):
    need_chromium()
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="module")
def server(running):
    return running.base


def tiles(page) -> dict[str, str]:
    metrics = page.locator('[data-testid="stMetric"]')
    metrics.nth(len(COUNTY_TILES) - 1).wait_for(timeout=30_000)
    return {
        m.locator('[data-testid="stMetricLabel"]').inner_text().strip(): m.locator(
            '[data-testid="stMetricValue"]'
        )
        .inner_text()
        .strip()
        for m in metrics.all()
    }


def test_the_corner_cells_file_is_refused_on_the_upload_page_and_the_overview_still_loads(
    page, server, running, database
):
    content = corner_cells_without_dimension_xlsx()
    assert len(content) == 1606
    sign_in_browser(page, server, session_for(database, "admin", "admin"))
    page.goto(f"{server}/{quote('上传')}")
    page.get_by_text("上传报表").wait_for(timeout=30_000)

    started = time.monotonic()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "corner.xlsx", "mimeType": XLSX, "buffer": content}]
    )
    page.get_by_text("有 1 个错误，此文件不能导入（不会保存任何内容）。请按下表修改后重新上传。").wait_for(
        timeout=30_000
    )
    seconds = time.monotonic() - started
    problems = page.locator('[data-testid="stDataFrame"]').first
    # Drawn on a canvas; glide-data-grid keeps each visible cell's text in its accessible grid (textContent):
    # the row reads 错误 | 周报 | rows=1048576 | the sentence.
    expect(problems).to_contain_text("错误周报rows=1048576" + REFUSAL, timeout=10_000)
    assert seconds < 15, f"the refusal took {seconds:.1f} s"
    assert running.proc.poll() is None  # the server process lives

    page.goto(server)
    page.get_by_text("总览：东河县").wait_for(timeout=30_000)
    assert tiles(page) == COUNTY_TILES
    engine = open_engine(database)
    assert list_uploads(engine)["file_name"].tolist() == [
        "示例数据（东河县）"
    ]  # the demo's own; nothing stored
    engine.dispose()
