"""The chunk preload links (gateway/preload.py) and the overview warm-up at start (serve.py), issue 14.

A hand-made static folder checks which chunks are chosen; a real server (serve.py) checks that its pages carry
the links once and that every link answers with JavaScript; an AppTest run checks that the warm-up fills the
very cache entries the overview's first run reads.
"""

from __future__ import annotations

import asyncio
import re
import urllib.request
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest

from gateway.plotly_traces import installed_chunk
from gateway.polyfills import NGINX_HEADER, SCRIPT_TAG, PolyfillMiddleware
from gateway.preload import (
    PreloadMiddleware,
    chunk_file,
    chunks_to_preload,
    import_after_first_send,
    installed_tags,
    preload_tags,
    static_imports,
    streamlit_static,
    with_preload_tags,
)
from tests.apptest_support import StreamlitServer, demo_database

PAGE = (
    b'<html><head><script type="module" crossorigin src="./static/js/index.E1.js"></script>'
    b'<link rel="modulepreload" crossorigin href="./static/js/react.R1.js"></head><body></body></html>'
)


@pytest.fixture
def js_dir(tmp_path) -> Path:
    """A static folder: Chart imports Wrap, the entry and react (both already on the page); Wrap imports
    Tiny and loads Huge only when called (a dynamic import); Chart has one hash, Twice two."""
    files = {
        "index.E1.js": 'import"./react.R1.js";',
        "react.R1.js": "export const r=1;",
        "Chart.C1.js": 'import{a}from"./Wrap.W1.js";import{b as c}from "./index.E1.js";import"./react.R1.js";',
        "Wrap.W1.js": 'import{t}from"./Tiny.T1.js";const h=()=>import(`./Huge.H1.js`);export const a=t;',
        "Tiny.T1.js": "export const t=1;",
        "Huge.H1.js": "export const h=1;",
        "Twice.A1.js": "",
        "Twice.B2.js": "",
        "Chart.C1.js.map": "",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_component_is_found_by_its_name_and_one_hash(js_dir):
    assert chunk_file(js_dir, "Chart") == "Chart.C1.js"  # not the source map beside it
    assert chunk_file(js_dir, "Twice") is None  # two candidates: which one the bundle loads is unknown
    assert chunk_file(js_dir, "Missing") is None


def test_static_imports_in_file_order_without_dynamic_ones(js_dir):
    assert static_imports(js_dir, "Chart.C1.js") == ["Wrap.W1.js", "index.E1.js", "react.R1.js"]
    assert static_imports(js_dir, "Wrap.W1.js") == ["Tiny.T1.js"]


def test_the_chunks_a_component_needs_less_what_the_page_already_loads(js_dir):
    assert chunks_to_preload(js_dir, PAGE, ("Chart", "Twice", "Missing")) == [
        "Chart.C1.js",
        "Wrap.W1.js",
        "Tiny.T1.js",
    ]
    assert chunks_to_preload(js_dir, PAGE, ("Missing",)) == []


def test_the_tags_have_streamlits_own_form_and_go_before_the_end_of_head_once():
    tags = preload_tags(["Chart.C1.js", "Wrap.W1.js", "Tiny.T1.js"], after_run_request=["Chart.C1.js"])
    assert tags == (
        b'<link rel="modulepreload" crossorigin href="./static/js/Chart.C1.js">'
        b'<link rel="modulepreload" crossorigin href="./static/js/Wrap.W1.js">'
        b'<link rel="modulepreload" crossorigin href="./static/js/Tiny.T1.js">'
        b"<script>(function(){var p=WebSocket.prototype,send=p.send;"
        b"p.send=function(){p.send=send;var sent=send.apply(this,arguments);"
        b'import("./static/js/Chart.C1.js").catch(function(){});return sent}})();</script>'
    )
    page = with_preload_tags(PAGE, tags)
    assert page == PAGE.replace(b"</head>", tags + b"</head>")
    assert with_preload_tags(page, tags) == page
    assert with_preload_tags(PAGE, b"") == PAGE
    assert with_preload_tags(b"<html>no head</html>", tags) == b"<html>no head</html>"
    assert (
        preload_tags(["Tiny.T1.js"])
        == b'<link rel="modulepreload" crossorigin href="./static/js/Tiny.T1.js">'
    )


@pytest.mark.parametrize("name", ['x.js"),alert(1)//.js', "../x.js", "x.js</script>", "Chart.C1.mjs"])
def test_only_a_chunk_file_name_goes_into_the_script(name):
    with pytest.raises(ValueError, match="not a chunk's file name"):
        import_after_first_send(name)


def test_the_installed_streamlit_gives_the_plotly_chunk_and_its_imports():
    js = streamlit_static() / "static" / "js"
    plotly = [p.name for p in js.glob("PlotlyChart.*.js")]
    assert len(plotly) == 1
    tags = installed_tags().decode()
    hrefs = re.findall(r'href="\./static/js/([^"]+)"', tags)
    # every chunk fetched with the page, plotly's first; plotly's evaluated after the run request (the end)
    assert tags.startswith(f'<link rel="modulepreload" crossorigin href="./static/js/{plotly[0]}">')
    assert tags.endswith(import_after_first_send(plotly[0]))
    assert tags.count("<script") == 1 and tags.count("<link") == len(hrefs)
    assert len(hrefs) == len(set(hrefs))
    own = (streamlit_static() / "index.html").read_text(encoding="utf-8")
    for name in hrefs:
        assert (js / name).is_file()
        assert f"/{name}" not in own  # never one Streamlit's page loads already
    for name in static_imports(js, plotly[0]):  # everything plotly's chunk imports is on the page
        assert name in hrefs or f"./static/js/{name}" in own
    for component in ("Metric", "Selectbox", "Radio", "PageLink", "Checkbox", "DownloadButton"):
        assert chunk_file(js, component) in hrefs


def run_stack(headers):
    """serve.py's two page middlewares (polyfills outside, preload inside) around a stand-in page."""

    async def app(scope, receive, send):
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]}
        )
        await send({"type": "http.response.body", "body": PAGE})

    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/物资", "headers": headers}
    asyncio.run(PolyfillMiddleware(PreloadMiddleware(app))(scope, receive, send))
    return b"".join(m.get("body", b"") for m in sent[1:])


def test_behind_nginx_the_server_still_writes_the_links_but_not_the_polyfill_tag():
    """deploy/nginx.conf writes the polyfill tag and says so; the links change with each Streamlit release,
    so the server writes them, with or without nginx in front."""
    tags = installed_tags()
    plain = run_stack([])
    assert plain == PAGE.replace(b"<head>", b"<head>" + SCRIPT_TAG).replace(b"</head>", tags + b"</head>")
    behind_nginx = run_stack([(NGINX_HEADER, b"nginx")])
    assert behind_nginx == PAGE.replace(b"</head>", tags + b"</head>")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = demo_database(tmp_path_factory.mktemp("preload") / "demo.sqlite3")
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("content-type", ""), response.read()


@pytest.mark.parametrize("path", ["/", "/" + quote("物资"), "/" + quote("会议")])
def test_each_page_carries_the_links_once_and_each_answers_with_javascript(server, path):
    status, content_type, body = fetch(server.base + path)
    assert (status, content_type.split(";")[0]) == (200, "text/html")
    hrefs = re.findall(rb'href="(\./static/js/[^"]+)"', installed_tags())
    assert len(hrefs) >= 4  # PlotlyChart, its three small imports, then the rest
    tags = re.findall(rb"<script>.+?</script>|<link[^>]+>", installed_tags())
    assert len(tags) == len(hrefs) + 1  # and the script that evaluates PlotlyChart
    for tag in tags:
        assert body.count(tag) == 1
    assert body.count(SCRIPT_TAG) == 1
    assert body.index(b"</head>") > body.index(installed_tags())
    for href in hrefs:
        # resolved against the page's own address, as the browser does (/物资 → /static/js/…)
        status, content_type, script = fetch(urljoin(server.base + path, href.decode()))
        assert (status, content_type) == (200, "application/javascript")
        assert script.startswith(b"import") or b"export" in script


def test_the_server_logs_its_warm_up_of_the_demo_overview(server):
    """The demo's latest week is 2020-03-16 and its one root unit 东河县 (code 'C' in demo/district.py), with
    seven units below it."""
    import time

    deadline = time.monotonic() + 60
    while "sub-units' overviews warmed up" not in (log := server.log.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, log
        time.sleep(0.2)
    assert re.search(r"overview warmed up in \d+\.\d\d s \(week 2020-03-16, unit C\)", log), log
    assert re.search(r"pages warmed up in \d+\.\d\d s \(4 pages\)", log), log
    assert re.search(r"sub-units' overviews warmed up in \d+\.\d\d s \(7 units\)", log), log


def test_behind_the_shipped_nginx_each_tag_is_written_once(server, tmp_path):
    """deploy/nginx.conf in front (tests/nginx_support.py): nginx writes the polyfill tag, the server the
    chunk tags, each once, and the chunks answer through nginx."""
    from tests.nginx_support import Nginx, nginx_binary

    assert nginx_binary() is not None, "nginx is not installed (apt-get install nginx-light)"
    with Nginx([int(server.base.rsplit(":", 1)[1])], tmp_path / "nginx") as nginx:
        for path in ("/", "/" + quote("物资")):
            status, _, body = fetch(nginx.base + path)
            assert status == 200
            assert body.count(SCRIPT_TAG) == 1
            assert body.count(installed_tags()) == 1
        plotly = re.search(rb'href="(\./static/js/PlotlyChart\.[^"]+)"', installed_tags()).group(1).decode()
        status, content_type, script = fetch(urljoin(nginx.base + "/" + quote("物资"), plotly))
        # the chunk with plotly's trace types registered when first drawn (gateway/plotly_traces.py)
        assert (status, content_type, script) == (200, "application/javascript", installed_chunk()[1])


def test_behind_the_shipped_nginx_scripts_travel_gzipped(server, tmp_path):
    """A phone asking for gzip gets the plotly chunk compressed (4.7 MB → about 1.4 MB), the same bytes once
    unpacked; the page too, its tags written before it is compressed."""
    import gzip

    from tests.nginx_support import Nginx

    plotly = re.search(rb'href="(\./static/js/PlotlyChart\.[^"]+)"', installed_tags()).group(1).decode()
    original = installed_chunk()[1]  # as the server sends it (gateway/plotly_traces.py)
    with Nginx([int(server.base.rsplit(":", 1)[1])], tmp_path / "nginx") as nginx:
        request = urllib.request.Request(
            urljoin(nginx.base + "/", plotly), headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            encoding, packed = response.headers.get("content-encoding"), response.read()
        page = urllib.request.Request(nginx.base + "/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(page, timeout=30) as response:
            page_encoding, page_body = (
                response.headers.get("content-encoding"),
                gzip.decompress(response.read()),
            )
    assert encoding == "gzip" and gzip.decompress(packed) == original
    assert len(packed) < len(original) / 3
    assert page_encoding == "gzip"
    assert page_body.count(SCRIPT_TAG) == 1 and page_body.count(installed_tags()) == 1


def cache_control(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.headers.get("cache-control", "")


def test_a_returning_browser_keeps_the_chunks_and_asks_again_only_for_the_page(server, tmp_path):
    """A leader who opened the dashboard before loads every chunk (names carry their content's hash) from the
    browser's cache without asking (and V8's code cached beside them); the page itself (its tags name this
    release's chunks) is asked for every time. Streamlit 1.67 sends these headers; the shipped nginx passes
    them on unchanged."""
    from tests.nginx_support import Nginx

    chunk = re.search(rb'href="(\./static/js/PlotlyChart\.[^"]+)"', installed_tags()).group(1).decode()
    with Nginx([int(server.base.rsplit(":", 1)[1])], tmp_path / "nginx") as nginx:
        for base in (server.base, nginx.base):
            assert cache_control(urljoin(base + "/", chunk)) == "public, immutable, max-age=31536000"
            assert cache_control(base + "/") == "no-cache"


def _a_week_more(url: str) -> None:
    """Another process's upload: the demo's last week copied one week on (2020-03-23), as `cli.py import` of
    the next weekly sheet would store it."""
    import pandas as pd

    from store import open_engine, write_transaction
    from store.latest_status import refresh_latest_status
    from store.report_writes import replace_reports
    from store.reports import PUBLICITY, STOCK, load_publicity, load_stock
    from store.uploads import IMPORTED, UploadRecord, record_upload
    from store.versions import bump_data_version

    engine = open_engine(url)
    stock, publicity = load_stock(engine), load_publicity(engine)
    last = stock["week"].max()
    stock = stock[stock["week"] == last].assign(week=last + pd.Timedelta(weeks=1))
    publicity = publicity[publicity["week"] == last].assign(week=last + pd.Timedelta(weeks=1))
    with write_transaction(engine) as conn:
        upload = record_upload(
            conn, UploadRecord("w.xlsx", "w", "officer", IMPORTED, len(stock), 0, [], [], [])
        )
        replace_reports(conn, STOCK, stock[STOCK.columns], upload)
        replace_reports(conn, PUBLICITY, publicity[PUBLICITY.columns], upload)
        bump_data_version(conn)
        refresh_latest_status(conn, None)
    engine.dispose()


def test_the_server_warms_the_overview_again_after_another_process_stores_a_week(tmp_path):
    import time

    import serve

    url = demo_database(tmp_path / "demo.sqlite3")
    with StreamlitServer(url, tmp_path / "streamlit.log") as running:
        deadline = time.monotonic() + 60
        while "overview warmed up in" not in (log := running.log.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline, log
            time.sleep(0.2)
        assert "again" not in log  # nothing changed yet
        # Two uploads four seconds apart, as on deadline morning: one warm-up, of the second one's data, once
        # the version has stood still SETTLE_SECONDS.
        _a_week_more(url)
        time.sleep(4)
        _a_week_more(url)
        stored = time.monotonic()
        deadline = stored + 60
        while "again" not in (log := running.log.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline, log
            time.sleep(0.2)
        waited = time.monotonic() - stored
        time.sleep(3 * serve.WATCH_SECONDS)
        log = running.log.read_text(encoding="utf-8")
    warmed_again = re.findall(r"overview warmed up again after a data change in \d+\.\d\d s \((.+?)\)", log)
    assert warmed_again == ["week 2020-03-30, unit C"], log
    assert waited >= serve.SETTLE_SECONDS
