"""An older phone browser (WeChat's XWEB/X5 before Chromium 119, Safari before 16.4) opens the overview
(issue 12): Debian's chromium with the functions such a browser lacks deleted before any page script runs, and
an Android WeChat user agent, against a real server (serve.py with gateway/polyfills.py).

With the polyfills the overview shows its title and figures and no error box; with the script tag taken out
of the same page, the same browser shows "Object.hasOwn is not a function" and nothing else (the test can
fail). Each polyfill is then checked against what the standard says it returns.
"""

from __future__ import annotations

import pytest

from tests.apptest_support import sign_in_browser
from tests.conftest import demo_server_fixtures
from tests.test_e2e_phone import WECHAT_ANDROID

pytestmark = pytest.mark.browser

# What an older browser lacks (the newest of them, Promise.withResolvers, came in Chromium 119).
MISSING = """(() => {
  const typed = Object.getPrototypeOf(Int8Array.prototype);
  delete Object.hasOwn;
  delete AbortSignal.timeout;
  delete Array.prototype.at;
  delete String.prototype.at;
  delete typed.at;
  delete globalThis.structuredClone;
  delete String.prototype.replaceAll;
  delete Promise.withResolvers;
  delete Object.groupBy;
  delete Map.groupBy;
  delete Array.prototype.toSorted;
  delete typed.toSorted;
})();"""

TAG = b'<script src="/polyfills.js"></script>'

# Each polyfill, called as Streamlit's bundle calls it; the expected answers are the standard's.
BEHAVIOUR = """async () => {
  const throws = (f) => { try { f(); return 'no error'; } catch (e) { return e.name; } };
  const source = {d: new Date(0), m: new Map([[1, [2]]]), s: new Set(['x']), u: new Uint8Array([1, 2])};
  source.self = source;
  const copy = structuredClone(source);
  const later = Promise.withResolvers();
  later.resolve(7);
  const signal = AbortSignal.timeout(10);
  await new Promise((done) => setTimeout(done, 60));
  const grouped = Map.groupBy([1, 2, 3, 4], (n) => (n % 2 ? 'odd' : 'even'));
  const unsorted = [3, 1, 2];
  return {
    native: [Object.hasOwn, [].at, ''.replaceAll, structuredClone, AbortSignal.timeout, Promise.withResolvers,
             Object.groupBy, [].toSorted].filter((f) => String(f).includes('[native code]')).length,
    hasOwn: [Object.hasOwn({a: 1}, 'a'), Object.hasOwn({}, 'toString'), throws(() => Object.hasOwn(null, 'a'))],
    at: [[1, 2, 3].at(-1), 'abc'.at(-1), new Uint8Array([5, 6]).at(-2), String([1].at(5))],
    replaceAll: ['a-b-c'.replaceAll('-', '+'), 'a.b'.replaceAll('.', '$&$&'), 'xx'.replaceAll('', '_'),
                 'aaa'.replaceAll('aa', 'b'), 'a-b-c'.replaceAll('-', (m, i) => i),
                 throws(() => 'x'.replaceAll(/x/, 'y'))],
    structuredClone: [copy !== source, copy.self === copy, copy.d.getTime(), copy.m.get(1)[0],
                      copy.m.get(1) !== source.m.get(1), copy.s.has('x'), Array.from(copy.u), copy.u !== source.u,
                      throws(() => structuredClone({f() {}}))],
    withResolvers: await later.promise,
    timeout: signal.aborted,
    groupBy: [JSON.stringify(Object.groupBy([1, 2, 3, 4], (n) => (n % 2 ? 'odd' : 'even'))),
              JSON.stringify([...grouped])],
    toSorted: [unsorted.toSorted(), unsorted, Array.from(new Int8Array([3, 1, 2]).toSorted((a, b) => b - a))],
  };
}"""


database, token, server = demo_server_fixtures("old")


@pytest.fixture
def old_phone(browser, server, token, outside_requests):
    context = outside_requests.watch(
        browser.new_context(viewport={"width": 390, "height": 844}, user_agent=WECHAT_ANDROID, locale="zh-CN")
    )
    context.add_init_script(MISSING)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    sign_in_browser(page, server, token)
    yield page
    context.close()


def test_the_overview_shows_its_figures_in_an_older_browser(old_phone, server):
    old_phone.goto(server)
    old_phone.get_by_role("heading", name="总览：东河县").wait_for(timeout=30_000)
    # the headline tile: 18 of the 19 units reported in 2020年第12周 (石门村 last reported in week 7)
    tile = old_phone.locator('[data-testid="stMetric"]').filter(has_text="本周上报")
    assert tile.locator('[data-testid="stMetricValue"]').inner_text() == "18/19"
    old_phone.get_by_text("东河社区 医用外科口罩 已断货（库存 0 只）").wait_for(timeout=10_000)
    old_phone.locator(".js-plotly-plot:visible").first.wait_for(timeout=30_000)
    assert old_phone.locator('[data-testid="stException"]').count() == 0
    assert old_phone.get_by_text("is not a function").count() == 0
    assert old_phone.errors == []


def test_without_the_polyfills_the_same_browser_shows_no_figures(old_phone, server):
    """The page as Streamlit alone serves it (our script tag taken out on the way): the test above can fail."""

    def without_tag(route):
        response = route.fetch()
        body = response.body()
        assert body.count(TAG) == 1
        route.fulfill(response=response, body=body.replace(TAG, b""))

    old_phone.route(f"{server}/", without_tag)
    old_phone.goto(server)
    old_phone.wait_for_function("() => document.readyState === 'complete'")
    old_phone.wait_for_timeout(8_000)
    assert "Object.hasOwn is not a function" in old_phone.errors
    assert old_phone.get_by_text("总览：东河县").count() == 0
    assert old_phone.get_by_text("18/19").count() == 0


def test_each_polyfill_answers_as_the_standard_says(old_phone, server):
    old_phone.goto(server)
    old_phone.get_by_role("heading", name="总览：东河县").wait_for(timeout=30_000)
    assert old_phone.evaluate(BEHAVIOUR) == {
        "native": 0,  # every one of them is ours: the browser's were deleted
        "hasOwn": [True, False, "TypeError"],
        "at": [3, "c", 5, "undefined"],
        "replaceAll": ["a+b+c", "a..b", "_x_x_", "ba", "a1b3c", "TypeError"],
        "structuredClone": [True, True, 0, 2, True, True, [1, 2], True, "DataCloneError"],
        "withResolvers": 7,
        "timeout": True,
        "groupBy": ['{"odd":[1,3],"even":[2,4]}', '[["odd",[1,3]],["even",[2,4]]]'],
        "toSorted": [[1, 2, 3], [3, 1, 2], [3, 2, 1]],
    }
