"""The session in an HttpOnly cookie instead of the address, and Referrer-Policy on every response (issue 11).

The signed session token used to ride in every address as `?s=TOKEN`: in history, in proxy logs and in 72 of
74 Referer headers. Now:

- The login form (pages/common/auth.py) checks the password over the WebSocket, which cannot set a cookie,
  so it sends the browser to START_PATH with a one-time ticket (60 s, spent on first use:
  store.access_sessions.redeem_ticket). That route sets the session cookie (HttpOnly, SameSite=Strict,
  Secure over TLS) and redirects back to the page; the ticket never reaches the history (location.replace,
  then a 303). The script reads the cookie with st.context.cookies, which Streamlit takes from the
  WebSocket's handshake, so a reload keeps the user signed in.
- END_PATH ends the cookie's session and clears both cookies (log out).
- A view link `?link=TOKEN` is moved into its own cookie by AddressTokenMiddleware and the address is
  redirected without it, before any page loads; an `?s=` in an address is dropped unread (an old bookmark,
  or someone else's session pushed on a visitor).
- Every HTTP response carries `Referrer-Policy: no-referrer`: nginx sends it too, but Streamlit's own server
  must not depend on being behind it.

Served only when the dashboard runs through serve.py (scripts/start.sh, deploy/epidemic-dashboard.service);
`streamlit run dashboard.py` alone has neither the routes nor the headers, and its sign-in lasts one tab.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urlencode

from sqlalchemy.engine import Engine

from access.client_address import trusted_proxies
from store.access_sessions import SESSION_TTL, redeem_ticket, revoke_session

SESSION_COOKIE = "dashboard_session"
LINK_COOKIE = "dashboard_link"
START_PATH = "/session/start"
END_PATH = "/session/end"
TICKET_PARAM = "ticket"
NEXT_PARAM = "next"
SESSION_QUERY = "s"
LINK_QUERY = "link"
REFERRER_POLICY = (b"referrer-policy", b"no-referrer")
# What our tokens are made of (access/tokens.py: digits, URL-safe base64, dots): anything else is not ours
# and never becomes a cookie value.
_TOKEN = re.compile(r"[A-Za-z0-9_\-.]{1,512}")
# Set by routes(): the login form sends the browser to START_PATH only when someone serves it.
_served = False


def cookie_routes_served() -> bool:
    return _served


def is_token(value: str | None) -> bool:
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def safe_next(path: str | None) -> str:
    """Back to a page of this site only: a path, never `//host` or `scheme:` (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def over_tls(scheme: str, peer: str | None, forwarded_proto: str | None, environ=os.environ) -> bool:
    """HTTPS seen by the browser: our own TLS, or X-Forwarded-Proto from our proxy (deploy/nginx.conf)."""
    if scheme in ("https", "wss"):
        return True
    return peer in trusted_proxies(environ) and (forwarded_proto or "").strip().lower() == "https"


def cookie_header(name: str, value: str, *, secure: bool, max_age: int | None = None) -> str:
    """A Set-Cookie value: HttpOnly (no page script reads it), SameSite=Strict, Secure over TLS."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def expired_cookie_header(name: str, *, secure: bool) -> str:
    return cookie_header(name, "", secure=secure, max_age=0)


def routes(engine_for: Callable[[], Engine]) -> list:
    """The two routes; `engine_for` opens (once) the dashboard's database."""
    from starlette.responses import RedirectResponse
    from starlette.routing import Route

    global _served

    def _secure(request) -> bool:
        peer = request.client.host if request.client else None
        return over_tls(request.url.scheme, peer, request.headers.get("x-forwarded-proto"))

    def _from_our_pages(request, *, typed_ok: bool) -> bool:
        """Sec-Fetch-Site: another site may not sign a visitor in (with a ticket of its own) or out. A browser
        too old to send the header is let through."""
        site = request.headers.get("sec-fetch-site")
        return site is None or site == "same-origin" or (typed_ok and site == "none")

    async def start(request):
        secure = _secure(request)
        ticket = request.query_params.get(TICKET_PARAM)
        ours = _from_our_pages(request, typed_ok=False)
        token = redeem_ticket(engine_for(), ticket) if ours and is_token(ticket) else None
        response = RedirectResponse(safe_next(request.query_params.get(NEXT_PARAM)), status_code=303)
        response.headers["Cache-Control"] = "no-store"
        if token is not None:
            response.headers.append(
                "set-cookie",
                cookie_header(SESSION_COOKIE, token, secure=secure, max_age=int(SESSION_TTL.total_seconds())),
            )
            response.headers.append("set-cookie", expired_cookie_header(LINK_COOKIE, secure=secure))
        return response

    async def end(request):
        secure = _secure(request)
        response = RedirectResponse("/", status_code=303)
        response.headers["Cache-Control"] = "no-store"
        if not _from_our_pages(request, typed_ok=True):
            return response
        token = request.cookies.get(SESSION_COOKIE)
        if is_token(token):
            revoke_session(engine_for(), token)
        response.headers.append("set-cookie", expired_cookie_header(SESSION_COOKIE, secure=secure))
        response.headers.append("set-cookie", expired_cookie_header(LINK_COOKIE, secure=secure))
        return response

    _served = True
    return [Route(START_PATH, start, methods=["GET"]), Route(END_PATH, end, methods=["GET"])]


class AddressTokenMiddleware:
    """Pure ASGI: tokens out of page addresses, and Referrer-Policy: no-referrer on every HTTP response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET" and not scope["path"].startswith("/_stcore/"):
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            if any(key in (SESSION_QUERY, LINK_QUERY) for key, _ in query):
                await self._strip(scope, query, send)
                return

        async def send_with_policy(message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != REFERRER_POLICY[0]]
                message = {**message, "headers": [*headers, REFERRER_POLICY]}
            await send(message)

        await self.app(scope, receive, send_with_policy)

    async def _strip(self, scope, query, send) -> None:
        """303 to the same page without s= and link=; a view link's token goes into its cookie."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        peer = (scope.get("client") or (None,))[0]
        secure = over_tls(scope.get("scheme", "http"), peer, headers.get("x-forwarded-proto"))
        kept = [(k, v) for k, v in query if k not in (SESSION_QUERY, LINK_QUERY)]
        links = [v for k, v in query if k == LINK_QUERY]
        raw = scope.get("raw_path")
        path = raw.decode("latin-1").split("?", 1)[0] if raw else quote(scope["path"])
        location = safe_next(scope.get("root_path", "") + path) + (f"?{urlencode(kept)}" if kept else "")
        response = [
            (b"location", location.encode("latin-1")),
            (b"cache-control", b"no-store"),
            (b"content-length", b"0"),
            REFERRER_POLICY,
        ]
        if links and is_token(links[-1]):
            response.append((b"set-cookie", cookie_header(LINK_COOKIE, links[-1], secure=secure).encode()))
        await send({"type": "http.response.start", "status": 303, "headers": response})
        await send({"type": "http.response.body", "body": b""})
