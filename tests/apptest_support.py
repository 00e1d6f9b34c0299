"""Shared by the page tests and the browser test: a demo database, and workbooks shaped like officers' sheets."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "overview": "dashboard.py",
    "supplies": "pages/1_物资.py",
    "publicity": "pages/2_宣传.py",
    "alerts": "pages/3_预警.py",
    "reporting": "pages/4_上报.py",
    "upload": "pages/5_上传.py",
    "settings": "pages/6_设置.py",
    "meeting": "pages/7_会议.py",
}
NEW_WEEK_TITLE = "东河县防疫物资统计表（2020年第13周）"
NEW_WEEK_ISO = "2020-03-23"

# The demo's villages under 东河镇 and 白塔乡, with this week's masks: on hand, received, used.
WEEK13_MASKS = {
    "李家村": (1200, 500, 400),
    "王庄村": (900, 0, 350),
    "河口村": (1500, 1000, 420),
    "东河社区": (800, 0, 300),
    "白塔村": (2000, 2500, 500),
    "上坪村": (1800, 2000, 465),
    "下坪村": (1500, 1500, 520),
}


def demo_database(path: Path) -> str:
    """A SQLite file holding the demo district; returns its URL."""
    from demo.district import load_demo
    from store import ensure_schema, open_engine

    url = f"sqlite:///{path}"
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    engine.dispose()
    return url


def wide_workbook(
    masks: dict[str, tuple[float, float, float]] | None = None,
    *,
    title: str = NEW_WEEK_TITLE,
    bad_cells: dict[str, str] | None = None,
) -> bytes:
    """A statistics sheet as officers keep it: a title row with the week, 单位 | 医用外科口罩（只） merged over
    期末库存 / 本周入库 / 本周消耗, one row per unit, a 合计 row. `bad_cells` puts text in a unit's 期末库存."""
    masks = WEEK13_MASKS if masks is None else masks
    bad_cells = bad_cells or {}
    book = Workbook()
    sheet = book.active
    sheet.title = "物资"
    sheet.append([title])
    sheet.merge_cells("A1:D1")
    sheet.append(["单位", "医用外科口罩（只）", None, None])
    sheet.merge_cells("B2:D2")
    sheet.merge_cells("A2:A3")
    sheet.append([None, "期末库存", "本周入库", "本周消耗"])
    for unit, (on_hand, received, used) in masks.items():
        sheet.append([unit, bad_cells.get(unit, on_hand), received, used])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bad_workbook() -> bytes:
    """Two wrong cells: a number written in words, and a unit the list does not know."""
    masks = dict(WEEK13_MASKS)
    masks["不存在村"] = (100, 0, 10)
    return wide_workbook(masks, bad_cells={"王庄村": "九百左右"})


def rendered_text(at) -> str:
    """Every piece of text an AppTest run shows (titles, markdown, captions, alerts, metrics), joined."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    return "\n".join(parts)


def plotly_specs(at) -> list[dict]:
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def plotly_array(value):
    """Plotly 6 writes numeric arrays as {"dtype", "bdata" (base64), "shape"}: back to nested lists."""
    import base64

    import numpy as np

    if not isinstance(value, dict) or "bdata" not in value:
        return value
    array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    if "shape" in value:
        array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
    return array.tolist()


PASSWORD = "correct horse 1"


def add_account(
    url: str, name: str = "admin", role: str = "admin", units=(), password: str = PASSWORD
) -> int:
    """An account on the test database; returns its user id."""
    from store import open_engine
    from store.accounts import create_user

    engine = open_engine(url)
    try:
        return create_user(engine, name, password, role, units=units).id
    finally:
        engine.dispose()


def session_for(url: str, name: str = "admin", role: str = "admin", units=()) -> str:
    """A new account and a signed session token for it: what the session cookie carries after a login."""
    from store import open_engine
    from store.access_sessions import issue_session

    user_id = add_account(url, name, role, units)
    engine = open_engine(url)
    try:
        return issue_session(engine, user_id)
    finally:
        engine.dispose()


def sign_in_browser(page, base: str, token: str) -> None:
    """Give a Playwright page's browser the session cookie a login would have set (gateway/session_cookie.py)."""
    from gateway.session_cookie import SESSION_COOKIE

    page.context.add_cookies(
        [{"name": SESSION_COOKIE, "value": token, "url": base, "httpOnly": True, "sameSite": "Strict"}]
    )


def app_for(path: str = "dashboard.py", *, session: str | None = None, link: str | None = None):
    """An AppTest of `path`, signed in with a session token or opened through a view link when given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    if session:
        at.query_params["s"] = session
    if link:
        at.query_params["link"] = link
    return at


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class OutsideRequests:
    """Blocks, and remembers, every request a browser context makes to an address off this machine: the
    dashboard runs on intranets, so a page that reaches for a CDN or a font server is a failing page."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def watch(self, context):
        context.route("**/*", self._route)
        return context

    def _route(self, route) -> None:
        from urllib.parse import urlsplit

        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"} or is_loopback(parts.hostname or ""):
            route.continue_()
            return
        self.attempts.append(url)
        route.abort("blockedbyclient")


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, proc, timeout: float = 60) -> None:
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer {base}/_stcore/health within {timeout:.0f} s")


class StreamlitServer:
    """`streamlit run serve.py` on a free local port against `db_url`; stopped by its own pid only."""

    def __init__(self, db_url: str, log: Path, extra_env: dict[str, str] | None = None) -> None:
        self.db_url, self.log, self.extra_env = db_url, log, extra_env or {}
        self.proc = None
        self.base = ""

    def __enter__(self) -> StreamlitServer:
        import os
        import subprocess
        import sys

        port = free_port()
        env = {**os.environ, "DASHBOARD_DB_URL": self.db_url, **self.extra_env}
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "serve.py",  # dashboard.py behind the session-cookie gateway, as start.sh serves it
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                    "--browser.gatherUsageStats",
                    "false",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(self.base, self.proc)
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        import subprocess

        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
