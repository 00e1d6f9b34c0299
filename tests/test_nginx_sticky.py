"""Two dashboard processes on one PostgreSQL behind the shipped deploy/nginx.conf (issue 14).

Streamlit keeps a browser's session and its uploaded files in one process's memory: a file PUT to another
process than the WebSocket's is refused (Streamlit issues 2936 and 4173). The shipped config routes by a
cookie nginx sets on a browser's first request; this checks that every request of a browser, its WebSocket
and its upload included, reaches one process, that browsers are spread over both, and that an upload through
one process is seen through the other."""

from __future__ import annotations

from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest

from demo.district import load_demo
from store import ensure_schema, open_engine
from tests.apptest_support import CHROMIUM_ARGS, StreamlitServer, session_for, sign_in_browser, wide_workbook
from tests.conftest import _drop_postgres, _fresh_postgres_url, need_chromium, need_postgres
from tests.nginx_support import Nginx, nginx_binary

pytestmark = [pytest.mark.postgres, pytest.mark.browser]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUTE = "dashboard_route"


@pytest.fixture
def pg_demo():
    need_postgres()
    url = _fresh_postgres_url()
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    engine.dispose()
    yield url
    _drop_postgres(url)


def port_of(base: str) -> str:
    return f"127.0.0.1:{base.rsplit(':', 1)[1]}"


def test_a_browser_stays_on_one_process_and_its_upload_works(pg_demo, tmp_path, outside_requests):
    chromium = need_chromium()
    assert nginx_binary() is not None, "nginx is not installed (apt-get install nginx-light)"
    from playwright.sync_api import sync_playwright

    token = session_for(pg_demo, "admin", "admin")
    with (
        StreamlitServer(pg_demo, tmp_path / "a.log") as server_a,
        StreamlitServer(pg_demo, tmp_path / "b.log") as server_b,
        Nginx([int(s.base.rsplit(":", 1)[1]) for s in (server_a, server_b)], tmp_path / "nginx") as nginx,
        sync_playwright() as playwright,
    ):
        processes = {port_of(server_a.base), port_of(server_b.base)}
        # Twenty routing keys, each asked twice: each always reaches one process, and both processes are used.
        for key in range(20):
            for _ in range(2):
                request = Request(f"{nginx.base}/_stcore/health", headers={"Cookie": f"{ROUTE}=k{key}"})
                assert urlopen(request, timeout=10).read() == b"ok"
        by_key: dict[str, set[str]] = {}
        for _, path, status, upstream, key in nginx.routed():
            if path == "/_stcore/health":
                assert status == "200"
                by_key.setdefault(key, set()).add(upstream)
        assert all(len(upstreams) == 1 for upstreams in by_key.values()), by_key
        assert set().union(*by_key.values()) == processes

        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            # The viewer: no routing cookie yet, nginx gives it one with the first page.
            viewer = outside_requests.watch(browser.new_context(locale="zh-CN"))
            page_v = viewer.new_page()
            sign_in_browser(page_v, nginx.base, token)
            page_v.goto(f"{nginx.base}/")
            page_v.get_by_text("2020年第12周", exact=False).first.wait_for(timeout=60_000)
            viewer_key = next(c["value"] for c in viewer.cookies() if c["name"] == ROUTE)
            viewer_process = {u for _, _, _, u, k in nginx.routed() if k == viewer_key}
            assert len(viewer_process) == 1 and viewer_process < processes

            # The officer on the other process: a routing key the check above saw reach it.
            other = next(k for k, u in by_key.items() if u.isdisjoint(viewer_process))
            officer = outside_requests.watch(browser.new_context(locale="zh-CN"))
            officer.add_cookies([{"name": ROUTE, "value": other, "url": nginx.base}])
            page_o = officer.new_page()
            sign_in_browser(page_o, nginx.base, token)
            page_o.goto(f"{nginx.base}/{quote('上传')}")
            page_o.get_by_text("上传报表").wait_for(timeout=60_000)
            page_o.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                files=[{"name": "东河县第13周.xlsx", "mimeType": XLSX, "buffer": wide_workbook()}]
            )
            page_o.get_by_text("检查通过，可以导入。").wait_for(timeout=60_000)
            page_o.get_by_role("button", name="确认导入").click()
            page_o.get_by_text("已导入 东河县第13周.xlsx", exact=False).wait_for(timeout=60_000)

            page_v.reload()  # the viewer's process reads the new data version
            page_v.get_by_text("2020年第13周（3月23日—3月29日）", exact=False).first.wait_for(timeout=60_000)
            officer.close()  # closing writes the WebSocket's line to the access log
            viewer.close()
        finally:
            browser.close()

        rows = nginx.routed()
        officer_rows = [
            (method, path, status, upstream) for method, path, status, upstream, key in rows if key == other
        ]
        uploads = [r for r in officer_rows if r[1].startswith("/_stcore/upload_file/")]
        streams = [r for r in officer_rows if r[1] == "/_stcore/stream"]
        assert [(method, status) for method, _, status, _ in uploads] == [("PUT", "204")]
        assert streams and all(status == "101" for _, _, status, _ in streams)
        assert {upstream for *_, upstream in officer_rows} == set().union(
            by_key[other]
        )  # one process, all of it
        assert {
            u for _, _, _, u, k in rows if k == viewer_key
        } == viewer_process  # the viewer too, reload included
