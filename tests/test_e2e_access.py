"""Accounts in a real browser: the login form, a view link, a revoked link, a viewer refused the upload page."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from store import open_engine
from store.access_links import create_link, revoke_link
from tests.apptest_support import (
    PASSWORD,
    StreamlitServer,
    add_account,
    demo_database,
    session_for,
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


def test_login_through_the_form_shows_the_overview_and_survives_a_reload(page, server):
    page.goto(server)
    page.get_by_label("用户名").wait_for(timeout=30_000)
    no_data(page)
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("总览：东河县").wait_for(timeout=30_000)
    page.get_by_text("本周上报").first.wait_for(timeout=30_000)
    assert "s=" in page.url  # the session rides in the address: a refresh keeps the officer signed in
    page.reload()
    page.get_by_text("总览：东河县").wait_for(timeout=30_000)
    page.get_by_text("本周上报").first.wait_for(timeout=30_000)


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
    assert f"link={token}" in (links.nth(1).locator("a").first.get_attribute("href") or "")
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


def test_the_upload_page_refuses_a_viewer(page, server, database):
    token = session_for(database, "viewer1", "viewer", ["C01"])
    page.goto(f"{server}/{quote('上传')}?s={token}")
    page.get_by_text("您的账号无权打开本页", exact=False).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    no_data(page)
