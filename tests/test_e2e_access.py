"""Accounts in a real browser: the login form, a view link, a revoked link, a viewer refused the upload page."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from gateway.session_cookie import LINK_COOKIE, SESSION_COOKIE
from store import open_engine
from store.access_links import create_link, revoke_link
from store.access_sessions import resolve_session
from tests.apptest_support import (
    PASSWORD,
    StreamlitServer,
    add_account,
    demo_database,
    session_for,
    sign_in_browser,
)
from tests.conftest import need_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("access") / "demo.sqlite3")
    add_account(url, "admin", "admin")
    return url


@pytest.fixture(scope="module")
def server(tmp_path_factory, database):
    need_chromium()
    with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running.base


def no_data(page) -> None:
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == 0


def test_login_keeps_the_session_in_a_cookie_never_in_an_address_or_referer(page, server, database):
    requests = []
    page.on("request", lambda request: requests.append((request.url, request.headers.get("referer"))))
    first = page.goto(server)
    assert first.headers["referrer-policy"] == "no-referrer"  # Streamlit's own server, no nginx in front
    page.get_by_label("用户名").wait_for(timeout=30_000)
    no_data(page)
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("总览：东河县").wait_for(timeout=30_000)
    page.get_by_text("本周上报").first.wait_for(timeout=30_000)

    (cookie,) = [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"], cookie["path"]) == (
        True,
        "Strict",
        False,
        "/",
    )
    token = cookie["value"]
    engine = open_engine(database)
    assert resolve_session(engine, token).name == "admin"
    # HttpOnly: no script on the page can read it (Streamlit's own XSRF cookie is all a script sees)
    assert [c.split("=")[0] for c in page.evaluate("document.cookie").split("; ")] == ["_streamlit_xsrf"]

    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a', has_text="物资").click()
    page.get_by_text("物资：东河", exact=False).first.wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a', has_text="预警").click()
    page.get_by_text("预警：东河县", exact=False).first.wait_for(timeout=30_000)
    page.reload()  # a reload keeps the user signed in: the cookie, not the address
    page.get_by_text("预警：东河县", exact=False).first.wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').nth(8).wait_for(timeout=30_000)

    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 9 and [h for h in hrefs if token in h or "s=" in h] == []
    assert token not in page.url and "s=" not in page.url and "ticket=" not in page.url
    assert [url for url, _ in requests if token in url] == []
    assert [referer for _, referer in requests if referer] == []  # no-referrer: no Referer at all

    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("用户名").wait_for(timeout=30_000)
    assert [c["name"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE] == []
    assert resolve_session(engine, token) is None
    page.reload()
    page.get_by_label("用户名").wait_for(timeout=30_000)
    no_data(page)
    engine.dispose()


def test_a_wrong_password_shows_the_message_and_no_data(page, server):
    page.goto(server)
    page.get_by_label("用户名").wait_for(timeout=30_000)
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("wrong password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("用户名或密码不正确").wait_for(timeout=30_000)
    no_data(page)


def test_a_view_link_opens_read_only(page, server, database):
    engine = open_engine(database)
    token = create_link(engine, "C01", 7, label="镇领导").token
    engine.dispose()
    page.goto(f"{server}/?link={token}")
    page.get_by_text("总览：东河镇").wait_for(timeout=30_000)
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
    links.first.wait_for(timeout=10_000)
    labels = links.all_inner_texts()
    assert not any("上传" in label or "设置" in label or "账号" in label for label in labels)
    # The gateway moved the link into an HttpOnly cookie and redirected: the address and links carry nothing.
    assert page.url == f"{server}/"
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert [h for h in hrefs if token in h or "link=" in h] == []
    (cookie,) = [c for c in page.context.cookies() if c["name"] == LINK_COOKIE]
    assert (cookie["value"], cookie["httpOnly"], cookie["sameSite"]) == (token, True, "Strict")
    links.nth(1).locator("a").first.click()
    page.get_by_text("物资：东河", exact=False).first.wait_for(timeout=30_000)
    page.reload()  # still the leader's view after a reload
    page.get_by_text("物资：东河", exact=False).first.wait_for(timeout=30_000)
    page.get_by_text("东河镇", exact=False).first.wait_for(
        timeout=30_000
    )  # drawn after the title: wait, not count
    page.goto(f"{server}/{quote('上传')}?link={token}")
    page.get_by_text("您的账号无权打开本页", exact=False).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0


def test_a_revoked_link_shows_the_clear_page(page, server, database):
    engine = open_engine(database)
    made = create_link(engine, "C01", 7)
    revoke_link(engine, made.link.id)
    engine.dispose()
    page.goto(f"{server}/?link={made.token}")
    page.get_by_text("此查看链接已被管理员撤销", exact=False).wait_for(timeout=30_000)
    no_data(page)
    assert page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').count() == 0
    # The dead link sits in an HttpOnly cookie the page cannot clear: the gateway clears it on request.
    page.reload()
    page.get_by_text("此查看链接已被管理员撤销", exact=False).wait_for(timeout=30_000)
    page.get_by_role("button", name="改用账号登录").click()
    page.get_by_label("用户名").wait_for(timeout=30_000)
    assert [c["name"] for c in page.context.cookies() if c["name"] == LINK_COOKIE] == []


def test_the_upload_page_refuses_a_viewer(page, server, database):
    token = session_for(database, "viewer1", "viewer", ["C01"])
    sign_in_browser(page, server, token)
    page.goto(f"{server}/{quote('上传')}")
    page.get_by_text("您的账号无权打开本页", exact=False).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    no_data(page)
