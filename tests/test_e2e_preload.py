"""The chart chunk loaded with the page in a real browser (gateway/preload.py, issue 14): Debian's chromium opens
the overview served by serve.py. The PlotlyChart chunk (a modulepreload link on the page) is asked for
while the page itself loads, before the WebSocket opens (without it, only after the script's first
messages), exactly once (the chart's dynamic import finds the evaluated module instead of fetching it
again), evaluated after the WebSocket has sent the run request (while the server runs the script), and the
chart is drawn."""

from __future__ import annotations

import pytest

from gateway.plotly_traces import installed_chunk
from tests.apptest_support import sign_in_browser
from tests.conftest import demo_server_fixtures

pytestmark = pytest.mark.browser


database, token, server = demo_server_fixtures("preload")


def test_the_chart_chunk_is_fetched_once_before_the_websocket_and_the_chart_is_drawn(page, server, token):
    sign_in_browser(page, server, token)
    events: list[tuple[str, str]] = []
    page.on("request", lambda request: events.append(("request", request.url)))
    page.on("websocket", lambda ws: events.append(("websocket", ws.url)))
    page.goto(f"{server}/")
    # the trend, the second chart: `.last` would settle for the heatmap when it is the only one drawn yet
    chart = page.locator(".js-plotly-plot").nth(1)
    chart.wait_for(timeout=60_000)
    chart.locator("g.trace").first.wait_for(state="attached", timeout=30_000)  # a trace laid out

    plotly = [i for i, (kind, url) in enumerate(events) if kind == "request" and "/PlotlyChart." in url]
    assert len(plotly) == 1, [url for _, url in events if "PlotlyChart" in url]
    assert events[plotly[0]][1].startswith(f"{server}/static/js/PlotlyChart.")
    stream = [
        i for i, (kind, url) in enumerate(events) if kind == "websocket" and url.endswith("/_stcore/stream")
    ]
    assert len(stream) == 1
    assert plotly[0] < stream[0]  # asked for with the page, not after the script's messages
    # drawn: both charts with their plot area laid out at the page's width (1280 px window, sidebar open)
    assert page.locator(".js-plotly-plot").count() == 2
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 200


# Times on the page's own clock: the WebSocket's first send (the run request), its first message, and plotly's
# evaluation (with the largest message read), seen when plotly's factory ends by setting window.Plotly (once, when
# the chunk is evaluated), with the trace types registered by then. Installed before the page's scripts, so
# gateway/preload.py's script wraps this send.
CLOCK = """
window.__seen = {};
window.__largest = 0;
const note = (what) => { if (!(what in window.__seen)) window.__seen[what] = performance.now(); };
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (...args) { note("send"); return send.apply(this, args); };
const Real = WebSocket;
window.WebSocket = function (...args) {
  const ws = new Real(...args);
  ws.addEventListener("message", (event) => {
    note("message");
    window.__largest = Math.max(window.__largest, event.data.size ?? event.data.byteLength ?? 0);
  });
  return ws;
};
window.WebSocket.prototype = Real.prototype;
Object.defineProperty(window, "Plotly", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    note("plotly");
    window.__traces_at_load = Object.keys(value.PlotSchema.get().traces).sort();
    Object.defineProperty(window, "Plotly", {value, writable: true});
  },
});
"""


def test_plotly_is_evaluated_after_the_run_request(page, server, token):
    """Evaluated on arrival, plotly held up the WebSocket's open event and so the run request (~0.8 s); now
    the server runs the script while the browser evaluates plotly, and its messages wait in the socket
    (the test fails on the previous async module script: plotly came before the send)."""
    sign_in_browser(page, server, token)
    page.add_init_script(CLOCK)
    page.goto(f"{server}/")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    seen = page.evaluate("window.__seen")
    assert set(seen) == {"send", "message", "plotly"}, seen
    assert seen["send"] < seen["plotly"], seen
    # gateway/plotly_traces.py: as the chunk loaded, only the trace types the pages draw were registered
    assert page.evaluate("window.__traces_at_load") == ["bar", "heatmap", "scatter"]
    # Not asserted: that no figure is read before plotly's evaluation. It holds on a quiet machine (the
    # session's first small messages are read, then plotly is evaluated, then the figures), but on a busy
    # one the 4.7 MB chunk may still be compiling when the run request leaves; the import then waits for it.
    assert page.evaluate("window.__largest") > 5_000  # the figures were read, through this WebSocket


# The sign-in page, which draws no chart: the chunk imported (or found, as the page imports it itself), the trace types registered then, a
# pie drawn (registered just before, nothing else with it), then every type registered once the browser is idle.
LAZY_TRACES = """async (chunk) => {
  const traces = () => Object.keys(window.Plotly.PlotSchema.get().traces).sort();
  await import(chunk);
  const atLoad = traces();
  const div = document.createElement("div");
  div.style.width = "400px";
  div.style.height = "300px";
  document.body.appendChild(div);
  const drawing = window.Plotly.react(div, {data: [{type: "pie", values: [2, 3], labels: ["甲", "乙"]}]});
  const whenDrawn = traces();
  await drawing;
  return {atLoad, whenDrawn, type: div._fullData[0].type, slices: div.querySelectorAll("g.slice").length};
}"""


def test_other_trace_types_are_registered_when_a_figure_needs_them_then_all_when_idle(page, server):
    name = installed_chunk()[0]
    page.goto(f"{server}/")  # not signed in: the sign-in form
    drawn = page.evaluate(LAZY_TRACES, f"{server}/static/js/{name}")
    assert drawn["atLoad"] == ["bar", "heatmap", "scatter"]
    assert drawn["whenDrawn"] == ["bar", "heatmap", "pie", "scatter"]
    assert (drawn["type"], drawn["slices"]) == ("pie", 2)
    # polled every half second: polling at each frame would keep the browser from ever being idle
    every = "Object.keys(window.Plotly.PlotSchema.get().traces).length === 47"
    page.wait_for_function(every, polling=500, timeout=60_000)
    assert page.evaluate("'quiver' in window.Plotly.PlotSchema.get().traces") is True
