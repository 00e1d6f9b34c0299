"""Plotly's trace types registered when a chart first needs them, not all of them as the chunk loads (issue 14).

Streamlit's PlotlyChart chunk carries the whole of plotly.js, and its entry registers every one of plotly's 47
trace modules at once (3D, maps, Sankey, …): evaluating that was the longest task before the overview's first
chart (0.7–0.8 s of the browser's main thread here, more on a phone). The modules are bundled as lazy
wrappers that run only when called, so the chunk is served with its entry rewritten:

- the trace types the pages draw (EAGER; scatter is in plotly's core) are registered as the chunk loads;
- every other one is registered just before the first figure that uses it is drawn (Plotly.react, newPlot or
  addTraces, which is how Streamlit's chart draws), so any figure still draws as it did;
- once a chart has been drawn, the rest are registered one at a time when the browser is idle, so a figure
  that only names them in its layout (calendars) finds them too.

Measured with benchmarks/bench_pages.py --browser-only (county overview, runs without and with alternating,
best of 5 visits each, load ≈ 3 from the benchmark's own browser): a browser's first visit to a warm server
2.37–2.39 → 1.85–1.87 s to the first chart, a browser that visited before 2.24 → 2.00–2.01 s, a fresh server
2.46–2.81 → 2.14–2.49 s.

The entry is found by its shape in the installed file (names are minified and change with each Streamlit
release); when it is not found, or a module cannot be named, the chunk is served unchanged, only slower. The
rewritten chunk goes out under the file's own hashed name, so a browser that cached Streamlit's original keeps
using it until Streamlit changes (a year at most): the same figures, only slower.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache

from gateway.preload import chunk_file, streamlit_static

COMPONENT = "PlotlyChart"
EAGER = ("bar", "heatmap")  # the trace types pages/ draws besides scatter (a test keeps this true)

_NAME = r"[A-Za-z_$][\w$]*"
# _({"lib/index.js"(e,t){var n=bu();n.register([Iu(),hee(),…]),t.exports=n}})() — plotly's lib/index.js.
_ENTRY = re.compile(
    rf'"lib/index\.js"\((?P<exports_arg>{_NAME}),(?P<module>{_NAME})\)\{{'
    rf"var (?P<plotly>{_NAME})=(?P<core>{_NAME})\(\);(?P=plotly)\.register\(\[(?P<calls>[^\]]*)\]\),"
    rf"(?P=module)\.exports=(?P=plotly)\}}"
)
_CALL = re.compile(rf"({_NAME})\(\)")
# Iu=_({"lib/bar.js"(e,t){t.exports=xu()}}) — a lazy module of plotly's lib/, bound to the name the entry calls:
# found from its literal part (fast), then the binding just before it.
_LIB = re.compile(r'\(\{"lib/(?P<lib>[\w-]+)\.js"')
_BOUND = re.compile(rf"(?<![\w$])(?P<function>{_NAME})={_NAME}$")

# The entry's new body. %(plotly)s is plotly's object, %(eager)s the calls registered now, %(later)s a JSON-like
# object of trace name → lazy module. A figure is {data, layout, frames} or an array of traces; addTraces takes
# a trace or an array. A trace without a type is a scatter (plotly's core).
_BODY = (
    "var %(plotly)s=%(core)s();%(plotly)s.register([%(eager)s]);"
    "(function(P,L){"
    "function r(k){if(Object.prototype.hasOwnProperty.call(L,k)){var f=L[k];delete L[k];P.register([f()])}}"
    "function each(d){(Array.isArray(d)?d:d?[d]:[]).forEach(function(t){if(t&&t.type)r(String(t.type))})}"
    "function fig(d){if(d&&!Array.isArray(d)&&'data' in d){each(d.data);"
    "(d.frames||[]).forEach(function(f){each(f&&f.data)})}else each(d)}"
    "var q=typeof requestIdleCallback=='function'?function(f){requestIdleCallback(f,{timeout:10000})}"
    ":function(f){setTimeout(f,200)},idle=0;"
    "function next(){for(var k in L){r(k);q(next);return}}"
    "function wrap(m,of){var o=P[m];if(typeof o!='function')return;"
    "P[m]=function(g,d){of(d);if(!idle){idle=1;setTimeout(function(){q(next)},1000)}return o.apply(this,arguments)}}"
    "wrap('react',fig);wrap('newPlot',fig);wrap('addTraces',each)"
    "})(%(plotly)s,{%(later)s});"
    "%(module)s.exports=%(plotly)s}"
)


def lazy_traces(source: str, eager: tuple[str, ...] = EAGER) -> str | None:
    """The chunk with plotly's entry rewritten as the module docstring says, or None when the entry or one of
    its modules is not found (the caller then serves the chunk unchanged)."""
    entry = _ENTRY.search(source)
    if entry is None or source.find('"lib/index.js"', entry.end()) >= 0:
        return None
    calls = [c.strip() for c in entry["calls"].split(",") if c.strip()]
    # Every lazy module of lib/ by the name it is bound to, in one pass over the 4.7 MB (a search per call took
    # seconds: a pattern that starts with a look-behind is tried at every position).
    modules: dict[str, list[str]] = {}
    for lib in _LIB.finditer(source):
        bound = _BOUND.search(source, max(0, lib.start() - 200), lib.start())
        if bound is not None:
            modules.setdefault(bound["function"], []).append(lib["lib"])
    named: dict[str, str] = {}
    for call in calls:
        matched = _CALL.fullmatch(call)
        if matched is None or len(modules.get(matched[1], [])) != 1:
            return None
        if modules[matched[1]][0] in named.values():
            return None
        named[matched[1]] = modules[matched[1]][0]
    now = [f"{function}()" for function, name in named.items() if name in eager]
    later = [f"{json.dumps(name)}:{function}" for function, name in named.items() if name not in eager]
    body = _BODY % {
        "plotly": entry["plotly"],
        "core": entry["core"],
        "eager": ",".join(now),
        "later": ",".join(later),
        "module": entry["module"],
    }
    start = entry.start() + len(f'"lib/index.js"({entry["exports_arg"]},{entry["module"]}){{')
    return source[:start] + body + source[entry.end() :]


@cache
def installed_chunk() -> tuple[str, bytes, str] | None:
    """(the installed PlotlyChart chunk's file name, its rewritten bytes, their ETag), or None when it cannot
    be rewritten; worked out once per process."""
    js_dir = streamlit_static() / "static" / "js"
    name = chunk_file(js_dir, COMPONENT)
    if name is None:
        return None
    rewritten = lazy_traces((js_dir / name).read_text(encoding="utf-8"))
    if rewritten is None:
        return None
    body = rewritten.encode("utf-8")
    return name, body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class LazyTracesMiddleware:
    """Pure ASGI: answers a GET of the installed PlotlyChart chunk (…/static/js/<its name>, under any path
    prefix) with installed_chunk()'s bytes, with Streamlit's cache header for its hashed files; everything
    else passes through."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        chunk = installed_chunk() if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") else None
        if chunk is None or not scope["path"].endswith(f"/static/js/{chunk[0]}"):
            await self.app(scope, receive, send)
            return
        _name, body, etag = chunk
        headers = [
            (b"content-type", b"application/javascript"),  # as Streamlit sends its scripts
            (b"cache-control", b"public, immutable, max-age=31536000"),
            (b"etag", etag.encode("ascii")),
        ]
        asked = dict((k.lower(), v) for k, v in scope.get("headers", []))
        if asked.get(b"if-none-match") == etag.encode("ascii"):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers.append((b"content-length", str(len(body)).encode("ascii")))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
