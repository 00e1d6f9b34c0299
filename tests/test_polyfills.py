"""The polyfill script tag written into Streamlit's page (gateway/polyfills.py) and by deploy/nginx.conf."""

from __future__ import annotations

import asyncio
import gzip
import re

import pytest

from gateway.polyfills import (
    NGINX_HEADER,
    POLYFILL_JS,
    POLYFILL_PATH,
    SCRIPT_TAG,
    PolyfillMiddleware,
    with_script_tag,
)
from tests.apptest_support import ROOT

PAGE = b'<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n  </head><body></body></html>'
WITH_TAG = (
    b'<!DOCTYPE html>\n<html lang="en">\n  <head><script src="/polyfills.js"></script>\n'
    b'    <meta charset="UTF-8" />\n  </head><body></body></html>'
)


def test_the_tag_goes_right_after_head_once():
    assert with_script_tag(PAGE) == WITH_TAG
    assert with_script_tag(WITH_TAG) == WITH_TAG  # already there (nginx wrote it): not twice
    assert with_script_tag(b"<html>no head</html>") == b"<html>no head</html>"


def answer(body_chunks, *, content_type=b"text/html; charset=utf-8", status=200, encoding=None):
    """A stand-in for Streamlit: answers with `body_chunks` and records the request headers it saw."""
    seen = {}

    async def app(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(sum(map(len, body_chunks))).encode()),
            (b"etag", b'"efd19e"'),
            (b"cache-control", b"no-cache"),
        ]
        if encoding:
            headers.append((b"content-encoding", encoding))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        for i, chunk in enumerate(body_chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": i < len(body_chunks) - 1})

    return app, seen


def run(app, path="/物资", headers=None, method="GET"):
    """The middleware around `app` for one request: (status, headers, body) as the browser gets them."""
    sent = []
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": headers
        if headers is not None
        else [
            (b"accept-encoding", b"gzip, deflate"),
            (b"if-none-match", b'"efd19e"'),
            (b"accept", b"text/html"),
        ],
    }

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(PolyfillMiddleware(app)(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], start["headers"], body


def test_a_page_comes_back_with_the_tag_and_its_new_length():
    app, seen = answer([PAGE[:30], PAGE[30:]])  # the file arrives in two pieces
    status, headers, body = run(app)
    assert (status, body) == (200, WITH_TAG)
    assert headers == [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"cache-control", b"no-cache"),
        (b"content-length", str(len(PAGE) + 37).encode()),  # the tag is 37 bytes
    ]
    # asked plain and whole: no gzip to rewrite, no 304 for a copy without the tag
    assert seen["headers"] == {b"accept": b"text/html"}


def test_a_gzipped_page_is_unpacked_and_sent_plain():
    app, _ = answer([gzip.compress(PAGE)], encoding=b"gzip")
    status, headers, body = run(app)
    assert body == WITH_TAG
    assert dict(headers)[b"content-length"] == str(len(WITH_TAG)).encode()
    assert b"content-encoding" not in dict(headers)


@pytest.mark.parametrize(
    ("path", "headers", "content_type", "status"),
    [
        ("/static/js/index.DormvYxC.js", None, b"text/html", 200),  # the bundle's folder is never a page
        ("/_stcore/health", None, b"text/html", 200),
        ("/", [(NGINX_HEADER, b"nginx")], b"text/html", 200),  # nginx wrote the tag already
        ("/物资", None, b"application/json", 200),  # not HTML
        ("/物资", None, b"text/html", 404),
    ],
)
def test_other_answers_pass_untouched(path, headers, content_type, status):
    app, seen = answer([PAGE], content_type=content_type, status=status)
    got_status, got_headers, body = run(app, path=path, headers=headers)
    assert (got_status, body) == (status, PAGE)
    assert dict(got_headers)[b"etag"] == b'"efd19e"'


def test_nginx_writes_the_same_tag_and_tells_the_server():
    """deploy/nginx.conf's sub_filter writes SCRIPT_TAG (one source: gateway/polyfills.py) on uncompressed
    pages, and names the header that keeps the server from writing it again."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    location = conf[conf.index("location / {") : conf.index("}", conf.index("location / {"))]
    assert f"sub_filter '<head>' '<head>{SCRIPT_TAG.decode()}';" in location
    assert 'proxy_set_header Accept-Encoding "";' in location
    assert re.search(rf'proxy_set_header {NGINX_HEADER.decode()} "nginx";', location, re.IGNORECASE)
    assert "sub_filter_once on;" in location
    assert POLYFILL_PATH == "/polyfills.js" and POLYFILL_PATH.encode() in SCRIPT_TAG


def test_the_script_is_a_constant_of_our_own():
    """A fixed text (no data, nothing fetched), defining each function only where it is missing."""
    for name in (
        "hasOwn",
        "at",
        "replaceAll",
        "structuredClone",
        "timeout",
        "withResolvers",
        "groupBy",
        "toSorted",
    ):
        assert f'"{name}"' in POLYFILL_JS
    assert "http" not in POLYFILL_JS and "fetch(" not in POLYFILL_JS
