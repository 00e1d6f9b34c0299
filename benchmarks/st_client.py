"""A viewer without a browser: Streamlit's own WebSocket protocol, as the page's JavaScript speaks it.

Fifty Chromium tabs on a 2-core machine measure the browsers, not the server (bench_load.py with tabs: load
average 100, the server using 15 s of CPU in 4 minutes). This client does what a tab does on the wire and
nothing else: fetch the page (nginx's routing cookie comes with it), open /_stcore/stream with the session
cookie, ask for a script run (BackMsg.rerun_script), read the ForwardMsgs until the run finishes, and switch
the sidebar's town by sending the selectbox's new value as a widget state, as the page does on a click. The
server does all its work for it: the script run, the figures, the messages. Protocol classes are Streamlit's
own (streamlit.proto); nothing here is imported by the dashboard.
"""

from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: TID251 -- the wire format, not the UI
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251 -- the wire format, not the UI
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: TID251 -- the wire format, not the UI

from gateway.session_cookie import SESSION_COOKIE

RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN


@dataclass
class Run:
    """What one script run sent: titles, plotly charts, the selectboxes by label (their widget ids)."""

    seconds: float = 0.0
    titles: list[str] = field(default_factory=list)
    charts: int = 0
    selectboxes: dict[str, str] = field(default_factory=dict)
    bytes: int = 0


class Viewer:
    """One browser tab's session, on `base` (http://host:port), signed in with a session token."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.cookies = {SESSION_COOKIE: token}
        self.socket = None
        self.page_hash = ""
        self.widgets: dict[str, WidgetState] = {}

    def _fetch_page(self) -> None:
        """GET / as a browser does first (a few KB): behind nginx it brings the routing cookie."""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        with urllib.request.urlopen(
            urllib.request.Request(f"{self.base}/", headers={"Cookie": cookie}), timeout=60
        ) as r:
            r.read()
            for header in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def open(self, timeout: float) -> Run:
        import asyncio

        from websockets.asyncio.client import connect

        started = time.perf_counter()
        await asyncio.to_thread(self._fetch_page)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        host = self.base.split("://", 1)[1]
        self.socket = await connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie, "Origin": self.base},
            max_size=None,
            open_timeout=timeout,
        )
        run = await self._run(timeout)
        run.seconds = time.perf_counter() - started
        return run

    async def choose(self, label: str, value: str, run: Run, timeout: float) -> Run:
        """Pick `value` in the selectbox labelled `label` (what a click on an option sends)."""
        widget_id = run.selectboxes[label]
        state = WidgetState(id=widget_id, string_value=value)
        self.widgets[widget_id] = state
        started = time.perf_counter()
        result = await self._run(timeout)
        result.seconds = time.perf_counter() - started
        return result

    async def _run(self, timeout: float) -> Run:
        import asyncio

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(self.widgets.values())
        await self.socket.send(msg.SerializeToString())
        run = Run()
        while True:
            data = await asyncio.wait_for(self.socket.recv(), timeout)
            run.bytes += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash or self.page_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "heading":
                    run.titles.append(element.heading.body)
                elif which == "plotly_chart":
                    run.charts += 1
                elif which == "selectbox":
                    run.selectboxes[element.selectbox.label] = element.selectbox.id
            elif kind == "script_finished":
                if forward.script_finished == RERUN:
                    run = Run(bytes=run.bytes)  # the script asked for a rerun: the next run is the page
                    continue
                return run

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
