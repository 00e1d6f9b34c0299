"""Every page on a 390 px phone, as a leader opens the link inside WeChat (issue 12), measured in Debian's
chromium at 390 × 844 with an Android WeChat user agent, against a real Streamlit server (serve.py).

Measured on each page: nothing wider than the screen (document scrollWidth ≤ 390); no tile label, tile note,
heading or markdown text cut with "…" (CSS ellipsis with its text overflowing, or a text ending in "…"); the
x-axis tick labels of every visible chart apart from each other and from the legend; every value written
beside a bar inside its chart; no table toolbar over a heading. On the overview the heatmap is hidden and its
list (one paragraph per unit) shown. Screenshots of the whole page: artifacts/screenshots/phone-<page>.png.

Checklist the screenshots are compared against (by a person, on each run's artefacts):
  [ ] phone-overview: the seven tiles in two columns; 最少可用天数's note reads "东河社区 · 医用外科口罩" in
      full (two lines allowed), 横幅覆盖率's "超过100%，请核对目标" in full; under 可用天数 a paragraph per unit
      (东河县 first), 红外测温仪 of 东河县 a red badge "— 紧缺"; the trend chart's weeks read 5周 … 12周, level,
      under the plot, the legend (本周消耗, 库存) above it.
  [ ] phone-supplies: ranked bars with 3.3 (and 下属2个断货或紧缺 on a second line) beside 白塔乡 and 27.7
      beside 东河镇, no value cut at the right edge; 7 天 left of its red line and 14 天 right of its amber
      one; the status table starts 单位 | 状态 | 可用天数 | 库存, its toolbar above the table, not on the heading.
  [ ] phone-publicity: coverage bars with every percentage whole (137%, 112%, 100% …); the weekly chart's week
      ticks level and apart, its legend above.
  [ ] phone-alerts: the alerts as sentences, each after a coloured 严重/警告/提示 badge, wrapped in full.
  [ ] phone-reporting: 18/19 tile; the missing unit's table (石门村) with its toolbar in its own row; the
      weekly rate chart's ticks 5周 … 12周 level.
  [ ] phone-upload, phone-settings: no sideways scrolling, no control cut at the right edge.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.apptest_support import ROOT, sign_in_browser
from tests.conftest import demo_server_fixtures

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
WECHAT_ANDROID = (
    "Mozilla/5.0 (Linux; Android 12; SM-G9910 Build/SP1A.210812.016; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20221012 "
    "MMWEBID/1234 MicroMessenger/8.0.30.2260(0x28001E3B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN "
    "ABI/arm64"
)
PHONE = {"width": 390, "height": 844}
# page key: (address, title, how many charts are shown on a phone)
PAGES = {
    "overview": ("", "总览：东河县", 1),  # the heatmap is hidden: only the trend chart is drawn
    "supplies": ("物资", "物资：东河县", 2),
    "publicity": ("宣传", "宣传：东河县", 2),
    "alerts": ("预警", "预警：东河县", 0),
    "reporting": ("上报", "上报：东河县", 1),
    "upload": ("上传", "上传报表", 0),
    "settings": ("设置", "设置", 0),
}

CUT_TEXT = """() => {
  const scope = 'h1, h2, h3, [data-testid="stMetric"] *, [data-testid="stMarkdownContainer"] *, '
    + '[data-testid="stCaptionContainer"] *';
  const main = document.querySelector('[data-testid="stMain"]');  // the page, not the folded sidebar
  const cut = [];
  for (const el of main.querySelectorAll(scope)) {
    if (!el.offsetParent || !el.innerText) continue;
    const style = getComputedStyle(el);
    const overflows = el.scrollWidth > el.clientWidth + 1;
    if (style.textOverflow === 'ellipsis' && overflows) cut.push('ellipsis: ' + el.innerText);
    if (el.children.length === 0 && el.innerText.trim().endsWith('…')) cut.push('ends in …: ' + el.innerText);
  }
  return cut;
}"""

CHART_OVERLAPS = """() => {
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const found = [];
  let charts = 0;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!plot.offsetParent) continue;
    charts += 1;
    const ticks = [...plot.querySelectorAll('.xtick text')].filter(t => t.textContent)
      .map(t => ({text: t.textContent, box: t.getBoundingClientRect()}));
    const legend = plot.querySelector('.legend');
    const legendBox = legend ? legend.getBoundingClientRect() : null;
    for (let i = 0; i < ticks.length; i++) {
      for (let j = i + 1; j < ticks.length; j++) {
        if (meet(ticks[i].box, ticks[j].box)) found.push(`ticks ${ticks[i].text} / ${ticks[j].text}`);
      }
      if (legendBox && legendBox.width > 0 && meet(ticks[i].box, legendBox)) found.push(`tick ${ticks[i].text} / legend`);
    }
    const frame = plot.getBoundingClientRect();
    for (const text of plot.querySelectorAll('.annotation-text, .bartext')) {
      const box = text.getBoundingClientRect();
      if (box.width && (box.right > frame.right + 1 || box.left < frame.left - 1)) {
        found.push(`cut: ${text.textContent} (${Math.round(box.left)}–${Math.round(box.right)} of ${Math.round(frame.right)})`);
      }
    }
  }
  return {charts, found};
}"""

TOOLBAR_OVER_HEADING = """() => {
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const main = document.querySelector('[data-testid="stMain"]');
  const headings = [...main.querySelectorAll('h1, h2, h3')].filter(h => h.offsetParent);
  const found = [];
  for (const bar of main.querySelectorAll('[data-testid="stElementToolbar"]')) {
    // Rendered, not only laid out: a closed expander's table keeps boxes (and an offsetParent) it never draws.
    if (!bar.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    for (const h of headings) if (meet(bar.getBoundingClientRect(), h.getBoundingClientRect())) found.push(h.innerText);
  }
  return found;
}"""


database, token, server = demo_server_fixtures("phone")


@pytest.fixture
def phone(browser, server, token, outside_requests):
    context = outside_requests.watch(
        browser.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
            user_agent=WECHAT_ANDROID,
            locale="zh-CN",
        )
    )
    page = context.new_page()
    sign_in_browser(page, server, token)
    yield page
    context.close()


def open_on_phone(page, server: str, key: str) -> None:
    address, title, charts = PAGES[key]
    page.goto(f"{server}/{quote(address)}")
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    if charts:
        page.locator(".js-plotly-plot:visible .xtick").nth(0).wait_for(timeout=30_000)
    page.wait_for_function(
        f"[...document.querySelectorAll('.js-plotly-plot')].filter(p => p.offsetParent).length >= {charts}",
        timeout=30_000,
    )
    page.wait_for_timeout(800)  # plotly's last resize at the phone's width


def keep_screenshot(page, key: str) -> None:
    """The whole page: Streamlit scrolls inside its own box, so the viewport is made as tall as the page."""
    height = page.evaluate(
        "Math.ceil(document.querySelector('[data-testid=\"stMainBlockContainer\"]').getBoundingClientRect().height)"
    )
    page.set_viewport_size({"width": PHONE["width"], "height": max(PHONE["height"], height + 80)})
    page.wait_for_timeout(600)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{key}.png"), full_page=True)
    page.set_viewport_size(PHONE)


@pytest.mark.parametrize("key", list(PAGES))
def test_every_page_reads_on_a_390_px_phone(phone, server, key):
    open_on_phone(phone, server, key)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate(CUT_TEXT) == []
    charts = phone.evaluate(CHART_OVERLAPS)
    assert charts == {"charts": PAGES[key][2], "found": []}
    assert phone.evaluate(TOOLBAR_OVER_HEADING) == []
    keep_screenshot(phone, key)


def test_the_overview_shows_the_heatmap_as_a_list_on_a_phone(phone, server):
    open_on_phone(phone, server, "overview")
    assert phone.locator(".st-key-wide_heatmap").is_hidden()
    listed = phone.locator(".st-key-phone_heatmap")
    assert listed.is_visible()
    paragraphs = listed.locator("p").all_inner_texts()
    # the county and its seven children, in the heatmap's order (tests/test_pages_overview.py)
    assert [p.split("\n")[0] for p in paragraphs] == [
        "东河县",
        "东河镇",
        "南湖街道",
        "白塔乡",
        "青山镇",
        "西关街道",
        "东河县第一中学",
        "东河制药厂",
    ]
    # 白塔乡's masks: 507 on hand ÷ 152.125 a day = 3.33 days, critical (< 7): a badge naming the level
    baita = paragraphs[3]
    assert "医用外科口罩 3.3 紧缺" in baita
    badge = listed.locator("p").nth(3).get_by_text("医用外科口罩 3.3 紧缺")
    assert badge.is_visible()
    # the tile notes are whole: where the lowest figure is, and the banner's over-100 % warning
    assert phone.get_by_text("东河社区 · 医用外科口罩", exact=True).is_visible()
    assert phone.get_by_text("超过100%，请核对目标", exact=True).is_visible()


def test_a_wide_screen_keeps_the_heatmap_chart(browser, server, token, outside_requests):
    context = outside_requests.watch(browser.new_context(viewport={"width": 1280, "height": 800}))
    page = context.new_page()
    sign_in_browser(page, server, token)
    page.goto(server)
    page.locator(".st-key-wide_heatmap .js-plotly-plot").wait_for(timeout=30_000)
    assert page.locator(".st-key-phone_heatmap").is_hidden()
    context.close()
