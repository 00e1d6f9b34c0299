"""Plotly's trace types registered when first drawn (gateway/plotly_traces.py, issue 14).

A hand-made chunk checks the rewrite and when it is refused; the installed Streamlit's chunk checks that every
one of its modules is kept (found here by a second, plainer reading of the file); the pages' figures check that
EAGER names every trace type they draw; the middleware answers the chunk and passes the rest. Real Chromium
draws with the rewritten chunk in tests/test_e2e_preload.py.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from gateway.plotly_traces import EAGER, LazyTracesMiddleware, installed_chunk, lazy_traces
from gateway.preload import chunk_file, streamlit_static

ROOT = Path(__file__).resolve().parents[1]

# The shape of Streamlit's chunk, shortened: lazy modules, then plotly's entry registering them all.
HEAD = (
    'var bu=_({"lib/core.js"(e,t){t.exports=1}}),Iu=_({"lib/bar.js"(e,t){t.exports=2}}),'
    '$f=_({"lib/violin.js"(e,t){t.exports=3}}),yd=_({"lib/heatmap.js"(e,t){t.exports=4}}),'
    'rae=_({"lib/calendars.js"(e,t){t.exports=5}});return _({"lib/index.js"(e,t){'
)
ENTRY = "var n=bu();n.register([Iu(),$f(),yd(),rae()]),t.exports=n}"
TAIL = "})()})();return window.Plotly=e,e})}))"


def later_part(rewritten: str) -> str:
    return re.search(r"\}\)\((\w+),\{(.*?)\}\);(\w+)\.exports=\1\}", rewritten).group(2)


def test_the_entry_registers_the_eager_types_and_hands_the_others_over_by_name():
    rewritten = lazy_traces(HEAD + ENTRY + TAIL)
    assert rewritten.startswith(HEAD + "var n=bu();n.register([Iu(),yd()]);(function(P,L){")
    assert rewritten.endswith('})(n,{"violin":$f,"calendars":rae});t.exports=n}' + TAIL)
    assert "n.register([Iu(),$f(),yd(),rae()])" not in rewritten


def test_other_eager_types_change_what_is_registered_at_once():
    rewritten = lazy_traces(HEAD + ENTRY + TAIL, eager=("violin",))
    assert "var n=bu();n.register([$f()]);" in rewritten
    assert later_part(rewritten) == '"bar":Iu,"heatmap":yd,"calendars":rae'


@pytest.mark.parametrize(
    "source",
    [
        HEAD + "var n=bu();n.register([Iu(),$f(),yd(),rae()]);t.exports=n}" + TAIL,  # another shape of entry
        HEAD + ENTRY.replace("$f()", "$f(1)") + TAIL,  # a call with arguments
        HEAD + ENTRY.replace("rae()", "zz()") + TAIL,  # a module not found
        HEAD.replace('"lib/violin.js"', '"lib/bar.js"') + ENTRY + TAIL,  # one name twice
        HEAD + ENTRY + ';_({"lib/index.js"(e,t){' + ENTRY + TAIL,  # two entries
        "export default 1;",
    ],
)
def test_a_chunk_of_another_shape_is_left_as_it_is(source):
    assert lazy_traces(source) is None


def test_the_installed_chunk_keeps_every_module_of_plotly():
    js = streamlit_static() / "static" / "js"
    name = chunk_file(js, "PlotlyChart")
    original = (js / name).read_text(encoding="utf-8")
    modules = set(re.findall(r'"lib/([\w-]+)\.js"', original)) - {"index", "core"}
    assert {"bar", "heatmap", "pie", "scatter3d", "calendars"} <= modules
    served_name, body, etag = installed_chunk()
    assert served_name == name and re.fullmatch(r'"[0-9a-f]{32}"', etag)
    later = re.findall(r'"([\w-]+)":[\w$]+', later_part(body.decode("utf-8")))
    assert sorted(later) == sorted(modules - set(EAGER))
    assert len(body) - len(original.encode("utf-8")) < 2_000  # only the entry changed


def test_eager_names_every_trace_type_the_pages_draw():
    # Each go.<Trace>( the pages build; scatter is registered with plotly's core.
    used = set()
    for path in [ROOT / "dashboard.py", *(ROOT / "pages").rglob("*.py")]:
        used |= {name.lower() for name in re.findall(r"\bgo\.(\w+)\(", path.read_text(encoding="utf-8"))}
    assert used - {"figure"} == {"bar", "heatmap", "scatter"}
    assert set(EAGER) == used - {"figure", "scatter"}


def call(path: str, method: str = "GET", headers=()) -> list[dict]:
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"x-from", b"streamlit")]})
        await send({"type": "http.response.body", "body": b"streamlit's"})

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    asyncio.run(LazyTracesMiddleware(app)(scope, receive, send))
    return sent


def test_the_middleware_answers_the_chunk_under_any_prefix_and_passes_the_rest():
    name, body, etag = installed_chunk()
    for path in (f"/static/js/{name}", f"/dashboard/static/js/{name}"):
        start, answer = call(path)
        assert start["status"] == 200 and answer["body"] == body
        assert dict(start["headers"]) == {
            b"content-type": b"application/javascript",
            b"cache-control": b"public, immutable, max-age=31536000",
            b"etag": etag.encode(),
            b"content-length": str(len(body)).encode(),
        }
    start, answer = call(f"/static/js/{name}", headers=[(b"if-none-match", etag.encode())])
    assert (start["status"], answer["body"]) == (304, b"")
    start, answer = call(f"/static/js/{name}", method="HEAD")
    assert (start["status"], answer["body"]) == (200, b"")
    for path, method in ((f"/static/js/{name}.map", "GET"), ("/static/js/index.js", "GET"), (name, "GET")):
        assert call(path, method)[1]["body"] == b"streamlit's"
    assert call(f"/static/js/{name}", "POST")[1]["body"] == b"streamlit's"
