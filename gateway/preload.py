"""The frontend chunks the overview always needs, loaded with the page instead of after the script (issue 14).

Streamlit's page loads its main bundle, opens the WebSocket, and only when the script's first messages
arrive does React meet a chart and import the 4.7 MB PlotlyChart chunk (then Metric, Selectbox, …). On a
warm server the browser sat idle for that fetch, then spent ~0.8 s evaluating plotly (its factory runs when
the chunk is evaluated), and the first chart showed at ~2.6 s. Now the page carries:

- `<script type="module" async src=PlotlyChart…>`: fetched beside the bundle and evaluated as soon as it
  arrives, while the page waits for the WebSocket and the script's messages. A modulepreload link alone
  moved only the fetch: the evaluation still came after the messages (measured: the long task stayed
  there). The chart's later dynamic import finds the evaluated module in the module map: fetched once.
  A page without a chart (the login form) pays that evaluation once per tab (Streamlit changes pages
  without reloading the document), beside a user typing a password.
- `<link rel="modulepreload">` for the other chunks (Metric, the sidebar's widgets) and for every chunk
  those import statically, except those Streamlit's page already preloads: fetched and compiled early,
  evaluated only when React needs them.

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

# Evaluated with the page: plotly's evaluation is the longest task between navigation and the first chart.
EAGER = ("PlotlyChart",)
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


def preload_tags(chunks: list[str], eager: list[str] = ()) -> bytes:
    """An async module script for each chunk in `eager`, then a modulepreload link for each other chunk, in
    the form of Streamlit's own tags (relative, crossorigin)."""
    scripts = [
        f'<script type="module" async crossorigin src="./static/js/{name}"></script>' for name in eager
    ]
    links = [
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}">'
        for name in chunks
        if name not in eager
    ]
    return "".join(scripts + links).encode()


@cache
def installed_tags() -> bytes:
    """The tags for the installed Streamlit, worked out once per process (the folder changes only with it)."""
    static = streamlit_static()
    js_dir = static / "static" / "js"
    chunks = chunks_to_preload(js_dir, (static / "index.html").read_bytes())
    eager = [name for component in EAGER if (name := chunk_file(js_dir, component)) in chunks]
    return preload_tags(chunks, eager)


def with_preload_tags(html: bytes, tags: bytes) -> bytes:
    """The page with `tags` just before </head>, after Streamlit's own script and links, so the main
    bundle is asked for first (an async script never holds up the page's parsing); unchanged when they are already there, empty, or the page has no </head>."""
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
