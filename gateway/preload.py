"""The frontend chunks the overview always needs, loaded with the page instead of after the script (issue 14).

Streamlit's page loads its main bundle, opens the WebSocket, and only when the script's first messages
arrive does React meet a chart and import the 4.7 MB PlotlyChart chunk (then Metric, Selectbox, …). On a
warm server the browser sat idle for that fetch, then spent ~0.8 s evaluating plotly (its factory runs when
the chunk is evaluated: ~0.3 s compiling functions, ~0.5 s running them), and the first chart showed late.
Now the page carries:

- `<link rel="modulepreload">` for PlotlyChart, the other chunks the overview draws (Metric, the sidebar's
  widgets) and every chunk those import statically, except those Streamlit's page already preloads:
  fetched and compiled with the page.
- A small script that evaluates PlotlyChart (a dynamic `import()`, found in the module map: fetched once)
  right after the WebSocket sends its first message, the request to run the script. The browser's one main
  thread then evaluates plotly while the server runs the script, and the script's messages wait for it in
  the socket instead of the other way round. Measured: evaluated as soon as it arrived (an async module
  script, the previous way), it ran before the WebSocket's open event, so the run request left ~0.8 s
  later and the server's time came on top; evaluated when React first draws a chart (Streamlit alone),
  it comes after all the messages. The script restores WebSocket's `send` at its first call and touches
  nothing else; inline, as Streamlit's own page already has one (a Content-Security-Policy would need
  'unsafe-inline' for Streamlit anyway). A page without a chart (the login form) pays the evaluation
  once per tab (Streamlit changes pages without reloading the document), beside a user typing a password.

The file names carry a hash that changes with each Streamlit release, so they are read from the installed
Streamlit's static folder when the server starts, never written down here. The tags use the same relative
form as Streamlit's own (`./static/js/…`, `crossorigin`), so they resolve wherever those do: on a page path
such as /物资 and behind a path prefix. A component missing from the folder (renamed in a later release) is
left out: the page loads as before, only slower.

Written by the server (PreloadMiddleware) into every page, behind nginx as well: the tags change with the
Streamlit release, so deploy/nginx.conf, which is edited by hand, does not write them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from gateway.polyfills import PolyfillMiddleware

# Evaluated as soon as the run request has left: plotly's evaluation is the longest task before the first chart.
AFTER_RUN_REQUEST = ("PlotlyChart",)
# Components the overview draws on every load (measured: the chunks a warm visit fetches after the bundle).
COMPONENTS = (
    "PlotlyChart",
    "Metric",
    "Selectbox",
    "Radio",
    "PageLink",
    "Button",
    "ButtonGroup",
    "Checkbox",
    "DownloadButton",
    "rehype-raw",  # markdown with HTML in it (the page's constant CSS)
)
_IMPORT = re.compile(rb'(?:from|import)\s*"\./([A-Za-z0-9_.\-]+\.js)"')
_PRELOADED = re.compile(rb'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">')


def streamlit_static() -> Path:
    """The installed Streamlit's frontend folder (the one its server answers /static/ from)."""
    from importlib.util import find_spec

    return Path(find_spec("streamlit").origin).parent / "static"  # found, not imported: nothing of it runs


def chunk_file(js_dir: Path, component: str) -> str | None:
    """The one file `<component>.<hash>.js` in js_dir, or None when there is none or more than one."""
    pattern = re.compile(rf"{re.escape(component)}\.[A-Za-z0-9_\-]+\.js")
    found = [p.name for p in js_dir.glob(f"{component}.*.js") if pattern.fullmatch(p.name)]
    return found[0] if len(found) == 1 else None


def static_imports(js_dir: Path, name: str) -> list[str]:
    """The chunks `name` imports statically (`import … from "./x.js"`, `import "./x.js"`), in file order.
    Dynamic imports (`import(…)`) are left out: they load only when that code runs."""
    source = (js_dir / name).read_bytes()
    return list(dict.fromkeys(m.decode() for m in _IMPORT.findall(source)))


def chunks_to_preload(js_dir: Path, page: bytes, components=COMPONENTS) -> list[str]:
    """Each component's chunk and every chunk it needs through static imports, in first-needed order,
    without the entry script and the chunks the page already preloads."""
    already = {m.decode() for m in _PRELOADED.findall(page)}
    entry = re.search(rb'<script type="module" crossorigin src="\./static/js/([^"]+)"', page)
    if entry:
        already.add(entry.group(1).decode())
    out: dict[str, None] = {}

    def visit(name: str) -> None:
        if name in out or name in already or not (js_dir / name).is_file():
            return
        out[name] = None
        for imported in static_imports(js_dir, name):
            visit(imported)

    for component in components:
        if found := chunk_file(js_dir, component):
            visit(found)
    return list(out)


# WebSocket.prototype.send, patched until its first call (Streamlit's run request): restored, the request sent,
# then the chunk imported (the import's evaluation comes in a later task: the sending code finishes first).
# `%s` is the chunk's path.
_IMPORT_AFTER_FIRST_SEND = (
    "(function(){var p=WebSocket.prototype,send=p.send;"
    "p.send=function(){p.send=send;var sent=send.apply(this,arguments);"
    "import(%s).catch(function(){});return sent}})();"
)


def import_after_first_send(name: str) -> str:
    """The inline script that imports `./static/js/<name>` right after the WebSocket's first message."""
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+\.js", name):  # a file name of Streamlit's folder, never markup
        raise ValueError(f"not a chunk's file name: {name!r}")
    return "<script>" + _IMPORT_AFTER_FIRST_SEND % f'"./static/js/{name}"' + "</script>"


def preload_tags(chunks: list[str], after_run_request: list[str] = ()) -> bytes:
    """A modulepreload link for each chunk, in the form of Streamlit's own (relative, crossorigin), then for
    each chunk of `after_run_request` the script that evaluates it after the WebSocket's first message."""
    links = [f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in chunks]
    scripts = [import_after_first_send(name) for name in after_run_request]
    return "".join(links + scripts).encode()


@cache
def installed_tags() -> bytes:
    """The tags for the installed Streamlit, worked out once per process (the folder changes only with it)."""
    static = streamlit_static()
    js_dir = static / "static" / "js"
    chunks = chunks_to_preload(js_dir, (static / "index.html").read_bytes())
    later = [name for component in AFTER_RUN_REQUEST if (name := chunk_file(js_dir, component)) in chunks]
    return preload_tags(chunks, later)


def with_preload_tags(html: bytes, tags: bytes) -> bytes:
    """The page with `tags` just before </head>, after Streamlit's own script and links, so the main
    bundle is asked for first (the inline script only patches a method: it holds up parsing for nothing);
    unchanged when they are already there, empty, or the page has no </head>."""
    if not tags or tags in html:
        return html
    at = html.find(b"</head>")
    if at < 0:
        return html
    return html[:at] + tags + html[at:]


class PreloadMiddleware(PolyfillMiddleware):
    """Writes installed_tags() into each HTML page, as PolyfillMiddleware writes its script tag (the same
    gathering of the body), also when nginx has written the polyfill tag."""

    def rewrite(self, html: bytes) -> bytes:
        return with_preload_tags(html, installed_tags())

    @staticmethod
    def nginx_writes_it() -> bool:
        return False
