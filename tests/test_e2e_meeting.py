"""The meeting page on a projector, measured in a real Streamlit server and Debian's chromium (issue 12).

At 1920 × 1080 and 1366 × 768: the sidebar starts collapsed, the title is one line, the headline number is drawn
at least 3× its label, nothing lies below the fold on any screen, every chart's box is inside the viewport, and
(at 1080p) the axis, legend and data labels are ≥ 18 px. The alert lines carry a severity icon and word; the
buttons and the ← → keys step through the screens; the rotation moves on by itself; the PNG button gives a
1600 × 900 PNG. Screenshots are kept in artifacts/screenshots/meeting-*.png.
"""

from __future__ import annotations

import struct
from urllib.parse import quote

import pytest

from tests.apptest_support import ROOT, StreamlitServer, demo_database, session_for, sign_in_browser
from tests.conftest import need_chromium

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SCREENS = ["预警", "可用天数", "口罩库存趋势（近8周）", "宣传覆盖", "上报情况"]
TITLE = "东河县 · 2020年第12周（3月16日—3月22日）"
VIEWPORTS = [(1920, 1080), (1366, 768), (1024, 768)]  # 1024 × 768: an older projector
# The demo's latest week (2020-03-16): 19 units report, 石门村 has not since 2020-02-10 → 18/19; three villages
# are out of masks (东河社区 0 on hand, 白塔村 and 下坪村 out); one unit's worst item is critical.
HEADLINE = {"本周上报": "18/19", "断货单位": "3", "紧缺单位": "1"}
# The first alert lines, most urgent first; 白塔乡: 507 ÷ 152.125 a day = 3.3 days (tests/test_pages_views.py).
FIRST_ALERTS = [
    ("error", "紧急　东河社区 医用外科口罩 已断货（库存 0 只）"),
    ("error", "紧急　白塔村 医用外科口罩 已断货（库存 0 只）"),
    ("error", "紧急　下坪村 医用外科口罩 已断货（库存 0 只）"),
    ("error", "紧急　白塔乡 医用外科口罩 仅够 3.3 天（库存 507 只，日均消耗 152 只）"),
]

MEASURE = """() => {
  const deepest = (el) => { while (el && el.firstElementChild) el = el.firstElementChild; return el; };
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const box = (el) => el.getBoundingClientRect().toJSON();
  const metrics = [...document.querySelectorAll('[data-testid="stMetric"]')].map((m) => ({
    label: m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
    value: m.querySelector('[data-testid="stMetricValue"]').innerText.trim(),
    labelPx: px(deepest(m.querySelector('[data-testid="stMetricLabel"]'))),
    valuePx: px(deepest(m.querySelector('[data-testid="stMetricValue"]'))),
  }));
  const h2 = document.querySelector('[data-testid="stHeading"] h2');
  const range = document.createRange();
  range.selectNodeContents(h2);
  const lineTops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return {
    innerWidth, innerHeight,
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    sidebarCollapsed: document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed'),
    mainLeft: document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().left,
    title: h2.innerText.trim(), titleLines: lineTops.size,
    metrics,
    charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(box),
    svgs: [...document.querySelectorAll('.js-plotly-plot .main-svg')].map(box),
    labelPx: [...document.querySelectorAll(
      '.js-plotly-plot .xtick text, .js-plotly-plot .ytick text, .js-plotly-plot .legendtext, '
      + '.js-plotly-plot text.bartext, .js-plotly-plot .heatmap-label text, .js-plotly-plot .xtitle, .js-plotly-plot .ytitle'
    )].map((t) => parseFloat(t.style.fontSize)),
    legend: [...document.querySelectorAll('.st-key-meeting_stage .js-plotly-plot .legend')].map(box),
    xticks: [...document.querySelectorAll('.st-key-meeting_stage .js-plotly-plot .xtick text')].map(box),
    alerts: [...document.querySelectorAll('.st-key-meeting_stage [data-testid="stAlertContainer"]')].map((a) => ({
      kind: a.firstElementChild.getAttribute('data-testid'),
      icon: a.querySelector('[data-testid="stAlertDynamicIcon"]')?.innerText.trim(),
      text: a.querySelector('[data-testid="stMarkdownContainer"]').innerText.trim(),
      bottom: a.getBoundingClientRect().bottom,
    })),
    bannerAlerts: document.querySelectorAll('[data-testid="stAlertContainer"]').length
      - document.querySelectorAll('.st-key-meeting_stage [data-testid="stAlertContainer"]').length,
    active: [...document.querySelectorAll('.st-key-meeting_screen button[aria-checked="true"]')]
      .map((b) => b.innerText.trim()),
  };
}"""


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("meeting") / "demo.sqlite3")


@pytest.fixture(scope="module")
def admin_token(database):
    return session_for(database, "admin", "admin")


@pytest.fixture(scope="module")
def server(tmp_path_factory, database, admin_token):
    need_chromium()
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running.base


def open_meeting(browser, outside_requests, server, token, width, height):
    context = outside_requests.watch(
        browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True
        )
    )
    page = context.new_page()
    sign_in_browser(page, server, token)
    page.goto(f"{server}/{quote('会议')}")
    page.get_by_text(TITLE).first.wait_for(timeout=30_000)
    page.locator('.st-key-meeting_stage [data-testid="stAlertContainer"]').nth(7).wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    return context, page


def show(page, name: str) -> dict:
    """Wait until `name` is the chosen screen and its content is drawn; the page's measurements."""
    page.locator('.st-key-meeting_screen button[aria-checked="true"]', has_text=name).wait_for(timeout=30_000)
    if name != SCREENS[0]:
        page.locator(".st-key-meeting_stage .js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
        page.locator(".st-key-meeting_stage .js-plotly-plot .ytick text").first.wait_for(
            state="attached", timeout=30_000
        )
        # Plotly first draws at the figure's own height (360 px), then resizes to the room the screen leaves:
        # wait until the picture fills that room (.st-key-meeting_stage) down to its bottom; a page that never
        # settles so fails here.
        page.wait_for_function(
            """() => {
              const svg = document.querySelector('.st-key-meeting_stage .js-plotly-plot .main-svg');
              const room = document.querySelector('.st-key-meeting_stage');
              const r = svg && svg.getBoundingClientRect();
              return r && Math.abs(r.bottom - room.getBoundingClientRect().bottom) < 2 && r.height >= 0.4 * innerHeight;
            }""",
            timeout=30_000,
        )
    page.wait_for_timeout(400)
    return page.evaluate(MEASURE)


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def inside(box: dict, width: int, height: int) -> bool:
    return box["top"] >= 0 and box["left"] >= 0 and box["bottom"] <= height and box["right"] <= width


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_every_screen_fits_the_projector(browser, outside_requests, server, admin_token, width, height):
    context, page = open_meeting(browser, outside_requests, server, admin_token, width, height)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(SCREENS):
        if index:
            page.get_by_role("button", name="下一屏").click()
        m = show(page, name)
        page.screenshot(path=str(SCREENSHOTS / f"meeting-{width}x{height}-{index + 1}.png"))
        assert m["active"] == [name]
        assert (m["innerWidth"], m["innerHeight"]) == (width, height)
        # Nothing below the fold, nothing to the side.
        assert m["scrollHeight"] <= height, (name, m["scrollHeight"])
        assert m["scrollWidth"] <= width
        # Full screen: the sidebar starts collapsed, the content starts at the left edge.
        assert m["sidebarCollapsed"] == "true"
        assert m["mainLeft"] < 40
        assert m["title"] == TITLE and m["titleLines"] == 1
        # The demo's banners are one caption line: no alert box outside the screen's own content.
        assert m["bannerAlerts"] == 0
        assert page.get_by_text("示例数据（东河县），不是真实上报").count() == 1
        assert {x["label"]: x["value"] for x in m["metrics"]} == HEADLINE
        for tile in m["metrics"]:
            assert tile["valuePx"] >= 3 * tile["labelPx"], tile
        if index == 0:
            assert m["charts"] == []
            assert [(a["kind"], a["icon"]) for a in m["alerts"]] == [("stAlertContentError", "error")] * 6 + [
                ("stAlertContentWarning", "warning")
            ] * 2
            assert [("error", a["text"]) for a in m["alerts"][:4]] == FIRST_ALERTS
            assert m["alerts"][6]["text"] == "注意　石门村 已 5 周未上报（最后上报：2020年第7周）"
            assert max(a["bottom"] for a in m["alerts"]) <= height
            continue
        assert len(m["charts"]) == 1 and len(m["svgs"]) >= 1
        for box in m["charts"] + m["svgs"]:
            assert inside(box, width, height), (name, box)
        # The chart takes the room left: at least 40 % of the screen's height.
        assert m["svgs"][0]["height"] >= 0.4 * height, (name, m["svgs"][0])
        assert m["labelPx"], name
        # Week labels never run into the legend (they did at 1024 px, turned on their side).
        for legend in m["legend"]:
            assert not any(overlap(legend, tick) for tick in m["xticks"]), name
        if height == 1080:
            assert min(m["labelPx"]) >= 18, (name, sorted(set(m["labelPx"])))
    context.close()


def test_buttons_and_arrow_keys_step_through_the_screens(browser, outside_requests, server, admin_token):
    context, page = open_meeting(browser, outside_requests, server, admin_token, 1366, 768)
    assert show(page, SCREENS[0])["active"] == [SCREENS[0]]
    page.get_by_role("button", name="下一屏").click()
    assert show(page, SCREENS[1])["active"] == [SCREENS[1]]
    page.get_by_role("button", name="上一屏").click()
    assert show(page, SCREENS[0])["active"] == [SCREENS[0]]
    page.get_by_role("button", name="上一屏").click()  # round to the last
    assert show(page, SCREENS[4])["active"] == [SCREENS[4]]
    page.get_by_text("本周上报").click()  # focus off the buttons: the keys are the page's own
    page.keyboard.press("ArrowRight")  # round to the first
    assert show(page, SCREENS[0])["active"] == [SCREENS[0]]
    page.keyboard.press("ArrowRight")
    assert show(page, SCREENS[1])["active"] == [SCREENS[1]]
    page.keyboard.press("ArrowLeft")
    assert show(page, SCREENS[0])["active"] == [SCREENS[0]]
    context.close()


def test_rotation_moves_on_by_itself(browser, outside_requests, server, admin_token):
    context, page = open_meeting(browser, outside_requests, server, admin_token, 1366, 768)
    page.locator(".st-key-meeting_rotate").click()
    page.get_by_role("option", name="每 10 秒换一屏").click()
    # No click after this: the timer alone moves the screens on, 10 s each.
    page.locator('.st-key-meeting_screen button[aria-checked="true"]', has_text=SCREENS[1]).wait_for(
        timeout=25_000
    )
    page.locator('.st-key-meeting_screen button[aria-checked="true"]', has_text=SCREENS[2]).wait_for(
        timeout=25_000
    )
    assert show(page, SCREENS[2])["scrollHeight"] <= 768
    context.close()


def test_the_png_button_gives_the_screen_as_a_picture(browser, outside_requests, server, admin_token):
    context, page = open_meeting(browser, outside_requests, server, admin_token, 1920, 1080)
    page.get_by_role("button", name="下一屏").click()
    show(page, SCREENS[1])
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="下载本屏图片").click()
    picture = download.value
    body = picture.path().read_bytes()
    assert picture.suggested_filename == "会议_东河县_2020年第12周_可用天数.png"
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", body[16:24]) == (1600, 900)  # IHDR: width, height
    assert len(body) > 20_000  # a drawn chart, not an empty frame
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "meeting-png-days.png").write_bytes(body)
    context.close()
