"""Plotly figures as PNG pictures, drawn on the server by kaleido in Debian's chromium (never a downloaded one).

One chromium serves every picture of a process (kaleido's sync server, started on first use): the first
picture costs about 1.7 s, each later one about 0.15 s. Where no browser is installed, `browser_path()` is
None and `to_png` raises NoBrowser, so a caller can leave the picture out and say so instead of failing.
"""

from __future__ import annotations

import os
import shutil
import threading

import plotly.graph_objects as go

# Where Debian's chromium package puts the browser; BROWSER_PATH (kaleido's own setting) wins when set.
BROWSERS = ("chromium", "chromium-browser", "google-chrome")

_server_lock = threading.Lock()
_server_started = False


class NoBrowser(RuntimeError):
    """No chromium on this machine: pictures of charts cannot be drawn."""


def browser_path() -> str | None:
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.access(configured, os.X_OK):
        return configured
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _ensure_server() -> None:
    global _server_started
    with _server_lock:
        if _server_started:
            return
        path = browser_path()
        if path is None:
            raise NoBrowser("chromium")
        os.environ["BROWSER_PATH"] = path  # kaleido (choreographer) reads it to find the browser
        import kaleido  # imported here: a process that draws no picture never loads it

        kaleido.start_sync_server(silence_warnings=True)
        _server_started = True


def to_png(figure: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
    """The figure drawn at width × height CSS pixels (times scale), as PNG bytes."""
    _ensure_server()
    import kaleido

    with _server_lock:  # one page of one browser: draw one figure at a time
        return kaleido.calc_fig_sync(
            figure, opts={"format": "png", "width": width, "height": height, "scale": scale}
        )
