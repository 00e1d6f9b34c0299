"""The session cookie gateway (gateway/session_cookie.py) over plain ASGI calls: tickets, cookies, redirects.

The browser side (a real login, reload, log out, Referer headers) is in tests/test_e2e_access.py."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from access.tokens import utc_now
from gateway.session_cookie import AddressTokenMiddleware, routes
from store.access_sessions import issue_session, issue_ticket, redeem_ticket, resolve_session
from tests.apptest_support import add_account


def asgi_get(app, path: str, query: str = "", headers=(), client=("203.0.113.9", 5000), scheme="http"):
    """One GET through the app; returns (status, [(header, value)], body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode("utf-8"),
        "root_path": "",
        "query_string": query.encode("latin-1"),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
        "client": client,
        "server": ("127.0.0.1", 8501),
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    headers = [(k.decode(), v.decode()) for k, v in start["headers"]]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], headers, body


def header(headers, name):
    return [v for k, v in headers if k == name]


@pytest.fixture
def gateway(engine):
    async def page(request):
        return PlainTextResponse("the page")

    app = Starlette(
        routes=[*routes(lambda: engine), Route("/{path:path}", page)],
        middleware=[Middleware(AddressTokenMiddleware)],
    )
    return app


def test_a_ticket_is_spent_by_its_first_use(engine):
    user = add_account(engine.url.render_as_string(hide_password=False), "viewer1", "viewer")
    ticket = issue_ticket(engine, user)
    token = redeem_ticket(engine, ticket)
    assert resolve_session(engine, token).name == "viewer1"
    assert redeem_ticket(engine, ticket) is None
    assert redeem_ticket(engine, "made-up") is None


def test_a_late_ticket_gives_no_session(engine):
    user = add_account(engine.url.render_as_string(hide_password=False), "viewer1", "viewer")
    ticket = issue_ticket(engine, user, now=utc_now() - timedelta(seconds=61))
    assert redeem_ticket(engine, ticket) is None


def test_the_start_route_sets_the_cookie_and_returns_to_the_page(engine, gateway):
    user = add_account(engine.url.render_as_string(hide_password=False), "admin", "admin")
    ticket = issue_ticket(engine, user)
    status, headers, _ = asgi_get(gateway, "/session/start", f"ticket={ticket}&next=/%E4%B8%8A%E4%BC%A0")
    assert (status, header(headers, "location")) == (303, ["/%E4%B8%8A%E4%BC%A0"])
    session, link = header(headers, "set-cookie")
    name, rest = session.split("=", 1)
    token, attributes = rest.split("; ", 1)
    assert name == "dashboard_session" and resolve_session(engine, token).name == "admin"
    assert attributes == "Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"
    assert link == "dashboard_link=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
    assert header(headers, "referrer-policy") == ["no-referrer"]
    # spent: the same address again sets nothing
    status, headers, _ = asgi_get(gateway, "/session/start", f"ticket={ticket}&next=/")
    assert (status, header(headers, "set-cookie")) == (303, [])


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "evil"])
def test_the_start_route_never_sends_the_browser_to_another_site(engine, gateway, target):
    status, headers, _ = asgi_get(gateway, "/session/start", f"ticket=x&next={target}")
    assert (status, header(headers, "location")) == (303, ["/"])


def test_behind_our_proxy_over_tls_the_cookie_is_secure(engine, gateway):
    user = add_account(engine.url.render_as_string(hide_password=False), "admin", "admin")
    tls = [("X-Forwarded-Proto", "https")]
    _, headers, _ = asgi_get(
        gateway, "/session/start", f"ticket={issue_ticket(engine, user)}", tls, ("127.0.0.1", 1)
    )
    assert header(headers, "set-cookie")[0].endswith("; Max-Age=43200; Secure")
    # the same header from anyone else is not believed
    _, headers, _ = asgi_get(gateway, "/session/start", f"ticket={issue_ticket(engine, user)}", tls)
    assert header(headers, "set-cookie")[0].endswith("; Max-Age=43200")


def test_the_end_route_ends_the_session_and_clears_both_cookies(engine, gateway):
    user = add_account(engine.url.render_as_string(hide_password=False), "admin", "admin")
    token = issue_session(engine, user)
    status, headers, _ = asgi_get(gateway, "/session/end", "", [("Cookie", f"dashboard_session={token}")])
    assert (status, header(headers, "location")) == (303, ["/"])
    assert header(headers, "set-cookie") == [
        "dashboard_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        "dashboard_link=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
    ]
    assert resolve_session(engine, token) is None


def test_a_view_link_in_the_address_moves_into_its_cookie(gateway):
    status, headers, body = asgi_get(gateway, "/%E7%89%A9%E8%B5%84", "link=AbC-12_x.y&week=2020-03-23")
    assert (status, body) == (303, b"")
    assert header(headers, "location") == ["/%E7%89%A9%E8%B5%84?week=2020-03-23"]
    assert header(headers, "set-cookie") == ["dashboard_link=AbC-12_x.y; Path=/; HttpOnly; SameSite=Strict"]


def test_a_session_token_in_the_address_is_dropped_unread(gateway):
    status, headers, _ = asgi_get(gateway, "/", "s=1.abc.2.sig")
    assert (status, header(headers, "location"), header(headers, "set-cookie")) == (303, ["/"], [])


def test_text_that_is_not_a_token_never_becomes_a_cookie(gateway):
    status, headers, _ = asgi_get(gateway, "/", "link=a%3Bb%0D%0ASet-Cookie%3Ax")
    assert (status, header(headers, "location"), header(headers, "set-cookie")) == (303, ["/"], [])


def test_every_page_gets_referrer_policy_and_streamlits_own_paths_are_left_alone(gateway):
    status, headers, body = asgi_get(gateway, "/", "")
    assert (status, body, header(headers, "referrer-policy")) == (200, b"the page", ["no-referrer"])
    status, headers, body = asgi_get(gateway, "/_stcore/health", "link=abc")
    assert (status, body, header(headers, "referrer-policy")) == (200, b"the page", ["no-referrer"])


def test_eight_requests_with_one_ticket_get_one_session(engine):
    from concurrent.futures import ThreadPoolExecutor

    user = add_account(engine.url.render_as_string(hide_password=False), "admin", "admin")
    ticket = issue_ticket(engine, user)
    with ThreadPoolExecutor(8) as pool:
        tokens = list(pool.map(lambda _: redeem_ticket(engine, ticket), range(8)))
    assert sorted(token is not None for token in tokens) == [False] * 7 + [True]


def test_another_site_can_neither_sign_a_visitor_in_nor_out(engine, gateway):
    user = add_account(engine.url.render_as_string(hide_password=False), "admin", "admin")
    ticket = issue_ticket(engine, user)
    cross = [("Sec-Fetch-Site", "cross-site")]
    status, headers, _ = asgi_get(gateway, "/session/start", f"ticket={ticket}", cross)
    assert (status, header(headers, "set-cookie")) == (303, [])
    # the ticket was not spent by the refused request: the dashboard's own page still redeems it
    _, headers, _ = asgi_get(
        gateway, "/session/start", f"ticket={ticket}", [("Sec-Fetch-Site", "same-origin")]
    )
    assert len(header(headers, "set-cookie")) == 2

    token = issue_session(engine, user)
    signed_in = [("Cookie", f"dashboard_session={token}")]
    status, headers, _ = asgi_get(gateway, "/session/end", "", [*signed_in, ("Sec-Fetch-Site", "same-site")])
    assert (status, header(headers, "set-cookie")) == (303, [])
    assert resolve_session(engine, token).name == "admin"
    _, headers, _ = asgi_get(gateway, "/session/end", "", [*signed_in, ("Sec-Fetch-Site", "none")])  # typed
    assert len(header(headers, "set-cookie")) == 2 and resolve_session(engine, token) is None
