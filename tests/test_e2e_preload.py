"""The chart chunk loaded with the page in a real browser (gateway/preload.py, issue 14): Debian's chromium opens
the overview served by serve.py. The PlotlyChart chunk (an async module script on the page) is asked for
while the page itself loads, before the WebSocket opens (without it, only after the script's first
messages), exactly once (the chart's dynamic import finds the evaluated module instead of fetching it
again), and the chart is drawn."""

from __future__ import annotations

import pytest

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
    chart = page.locator(".js-plotly-plot").last  # the trend: the heatmap comes first
    chart.wait_for(timeout=60_000)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)

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
    assert page.locator(".js-plotly-plot").last.locator("g.trace").count() >= 1
