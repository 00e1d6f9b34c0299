"""Who is looking at the page: a signed-in user, a view link, single sign-on, or the open demo.

Called only from shell.page_start, before the sidebar and before any data query. In order:

1. The session: the HttpOnly cookie set by gateway/session_cookie.py after a login (st.context.cookies), or
   the token kept in session_state for this browser tab, or `?s=` where no gateway runs (AppTest). A forged,
   expired or logged-out token is dropped and the login form is shown. No address carries the token: the
   gateway drops an `?s=` before any page loads, and the menu's links carry nothing (issue 11).
2. A view link: its cookie (the gateway moves `?link=TOKEN` there and redirects without it), or `?link=`
   where no gateway runs. An expired, revoked or unknown link shows a clear page and stops: no data.
3. Single sign-on, only when .streamlit/secrets.toml has an [auth] section: st.user's email is mapped to our
   own account (store.accounts.user_for_sso_email); roles and units always come from our database.
4. The open demo: while the database has NO user account and holds nothing but the demo district (or nothing
   at all), anyone may read it as an anonymous viewer, with a banner saying how to create the first admin.
   Uploads, settings and accounts still need a login, so they stay closed until an admin exists.
   As soon as one account exists, or one real upload is stored, a login (or a view link) is required.
   A database with real data and no account shows only the first-run page (how to create the first admin).
5. Otherwise nobody: the page shows the login form and stops.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import streamlit as st
from sqlalchemy.engine import Engine

from access import audit_actions as acts
from access import client_address as addresses
from access.passwords import MIN_PASSWORD_LENGTH
from access.rights import LINK, USER, VIEWER, Principal
from gateway import session_cookie as cookies
from pages.common.texts import t
from store import read_model, write_transaction
from store.access_audit import record_audit
from store.access_links import LINK_QUERY_PARAM, VALID, check_link
from store.access_login import OK, login
from store.access_sessions import (
    issue_session,
    issue_ticket,
    resolve_session,
    revoke_all_sessions,
    revoke_session,
)
from store.accounts import user_for_sso_email

SESSION_PARAM = "s"
LINK_PARAM = LINK_QUERY_PARAM
_SESSION_KEY = "_auth_session"
_LINK_KEY = "_auth_link"
_LINK_LOGGED_KEY = "_auth_link_logged"
_SSO_LOGGED_KEY = "_auth_sso_logged"
_NOTICE_KEY = "_auth_notice"
_DEAD_COOKIE_KEY = "_auth_dead_cookie"  # a cookie whose session has ended: dropped once, then ignored

USER_MODE = "user"
LINK_MODE = "link"
SSO_MODE = "sso"
DEMO_MODE = "demo"
NOBODY = "nobody"

# The anonymous reader of the open demo: a viewer with no units, i.e. the whole (demo) tree, read-only.
DEMO_VISITOR = Principal(USER, 0, "demo", VIEWER, (), "示例访客")


@dataclass(frozen=True)
class Visitor:
    principal: Principal | None
    mode: str  # user | link | sso | demo | nobody
    query: dict[str, str] = field(default_factory=dict)  # what the menu links carry: nothing any more
    token: str | None = None  # the session token, for logging out

    @property
    def name(self) -> str | None:
        return None if self.principal is None or self.mode == DEMO_MODE else self.principal.name


def identify(engine: Engine, lang: str) -> Visitor:
    """The visitor of this run. Stops the page itself for a refused link and for the first-run page."""
    token = _session_token()
    if token:
        principal = resolve_session(engine, token)
        if principal is not None:
            st.session_state[_SESSION_KEY] = token
            return Visitor(principal, USER_MODE, token=token)
        forget_session()
        if token == _cookie(cookies.SESSION_COOKIE):
            st.session_state[_DEAD_COOKIE_KEY] = token
        st.session_state[_NOTICE_KEY] = "auth.session_ended"

    link = st.session_state.get(_LINK_KEY) or _cookie(cookies.LINK_COOKIE) or _param(LINK_PARAM)
    if link:
        check = check_link(engine, link)
        if check.status != VALID:
            st.session_state.pop(_LINK_KEY, None)
            st.title(t("app.title", lang))
            st.error(check.message(lang), icon=":material/link_off:")
            st.caption(t("link.ask_admin", lang))
            if _gateway() and st.button(t("link.use_account", lang), key="_link_use_account"):
                navigate(cookies.END_PATH, t("auth.signing_out", lang))  # the dead link's cookie goes too
            st.stop()
        st.session_state[_LINK_KEY] = link
        _drop_param(LINK_PARAM)
        if st.session_state.get(_LINK_LOGGED_KEY) != link:
            with write_transaction(engine) as conn:
                record_audit(
                    conn,
                    check.principal.name,
                    acts.LINK_OPENED,
                    f"link#{check.link.id}",
                    {"unit": check.link.unit_code},
                )
            st.session_state[_LINK_LOGGED_KEY] = link
        return Visitor(check.principal, LINK_MODE)

    sso = _sso_principal(engine, lang)
    if sso is not None:
        return Visitor(sso, SSO_MODE)

    state = read_model.open_state(engine)
    if state == "open":
        return Visitor(DEMO_VISITOR, DEMO_MODE)
    if state == "first_run":
        first_run_page(lang)
        st.stop()
    return Visitor(None, NOBODY)


def first_run_page(lang: str) -> None:
    st.title(t("app.title", lang))
    st.warning(t("auth.first_run", lang), icon=":material/lock:")
    st.code(FIRST_ADMIN_HINT, language="bash")


FIRST_ADMIN_HINT = (
    ". .venv/bin/activate\n"
    "python cli.py users add 管理员用户名 --role admin\n"
    "# 或者 / or: 首次启动前设置环境变量 / set before the first start\n"
    f"export DASHBOARD_ADMIN_USER=admin DASHBOARD_ADMIN_PASSWORD='至少 {MIN_PASSWORD_LENGTH} 个字符的密码'"
)


def login_form(engine: Engine, lang: str) -> None:
    """Username and password → a session token in ?s=; a failure waits, then says what went wrong."""
    st.title(t("app.title", lang))
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.info(t(notice, lang))
    with st.form("login_form", clear_on_submit=True):
        st.subheader(t("auth.login_title", lang))
        name = st.text_input(t("auth.username", lang), key="login_username")
        password = st.text_input(t("auth.password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("auth.login", lang), type="primary")
    if submitted:
        result = login(engine, name, password, client=client_address())
        if result.status == OK:
            st.session_state.pop(_LINK_KEY, None)
            _drop_param(LINK_PARAM)
            if _gateway():
                # Over the WebSocket no cookie can be set: the browser fetches it with a one-time ticket.
                ticket = issue_ticket(engine, result.principal.id)
                query = urlencode({cookies.TICKET_PARAM: ticket, cookies.NEXT_PARAM: _page_path()})
                navigate(f"{cookies.START_PATH}?{query}", t("auth.signing_in", lang))
            st.session_state[_SESSION_KEY] = issue_session(engine, result.principal.id)
            st.rerun()
        time.sleep(result.delay_seconds)
        st.error(result.message(lang))
    if sso_configured() and st.button(t("auth.sso", lang), key="login_sso"):
        st.login()


def account_box(engine: Engine, visitor: Visitor, lang: str) -> None:
    """In the sidebar: who is signed in, log out, log out everywhere; or what the link / demo allows."""
    principal = visitor.principal
    if visitor.mode == DEMO_MODE:
        st.caption(t("auth.demo_visitor", lang))
        return
    if visitor.mode == LINK_MODE:
        st.caption(t("auth.link_visitor", lang))
        st.text(principal.label)
        return
    st.caption(t("auth.signed_in_as", lang, role=t(f"role.{principal.role}", lang)))
    st.text(principal.label)  # a user's own text: plain, never markdown
    if visitor.mode == SSO_MODE:
        if st.button(t("auth.logout", lang), key="_logout"):
            st.logout()
        return
    if st.button(t("auth.logout", lang), key="_logout", icon=":material/logout:"):
        revoke_session(engine, visitor.token)
        _signed_out(lang)
    if st.button(t("auth.logout_all", lang), key="_logout_all", icon=":material/devices:"):
        revoke_all_sessions(engine, principal.id)
        _signed_out(lang)


def _signed_out(lang: str) -> None:
    """The session is ended in the database; now forget it here and have the gateway clear the cookies."""
    forget_session()
    st.session_state[_DEAD_COOKIE_KEY] = _cookie(cookies.SESSION_COOKIE)
    if _gateway():
        navigate(cookies.END_PATH, t("auth.signing_out", lang))
    st.rerun()


def forget_session() -> None:
    st.session_state.pop(_SESSION_KEY, None)
    _drop_param(SESSION_PARAM)


def navigate(path: str, message: str) -> None:
    """Send the browser to a path of the gateway (a full page load, not a Streamlit page switch), and stop.

    location.replace keeps the ticket out of the history; the path is ours, built from constants and a
    URL-encoded ticket, so the script carries no outside text."""
    st.info(message)
    st.html(f"<script>window.location.replace({json.dumps(path)});</script>", unsafe_allow_javascript=True)
    st.stop()


def _session_token() -> str | None:
    """This tab's token, else the cookie's (unless it is known dead), else `?s=` where no gateway strips it."""
    kept = st.session_state.get(_SESSION_KEY)
    if kept:
        return kept
    cookie = _cookie(cookies.SESSION_COOKIE)
    if cookie and cookie != st.session_state.get(_DEAD_COOKIE_KEY):
        return cookie
    given = _param(SESSION_PARAM)
    _drop_param(SESSION_PARAM)
    return given


def _gateway() -> bool:
    """The cookie routes are served and a browser is on the other end (AppTest has no HTTP request)."""
    try:
        return cookies.cookie_routes_served() and isinstance(st.context.headers.get("Host"), str)
    except Exception:  # no request context
        return False


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no request context (AppTest)
        return None
    return value if cookies.is_token(value) else None


def _page_path() -> str:
    """The page the visitor logged in on, to come back to it after the cookie is set."""
    try:
        return cookies.safe_next(urlsplit(st.context.url or "/").path or "/")
    except Exception:  # no request context (AppTest)
        return "/"


def client_address() -> str | None:
    """The browser's address: the peer, or the last X-Forwarded-For hop when the peer is our proxy."""
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # no request context (tests)
        return None
    return addresses.client_address(
        peer if isinstance(peer, str) else None,
        forwarded if isinstance(forwarded, str) else None,
        addresses.trusted_proxies(os.environ),
    )


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


def _sso_principal(engine: Engine, lang: str) -> Principal | None:
    if not sso_configured():
        return None
    try:
        signed_in = bool(st.user.is_logged_in)
    except Exception:
        return None
    if not signed_in:
        return None
    email = st.user.get("email")
    principal = user_for_sso_email(engine, email)
    if principal is None:
        st.title(t("app.title", lang))
        st.error(t("auth.sso_unknown", lang))
        if st.button(t("auth.logout", lang), key="_sso_logout"):
            st.logout()
        st.stop()
    if st.session_state.get(_SSO_LOGGED_KEY) != principal.id:
        with write_transaction(engine) as conn:
            record_audit(conn, principal.name, acts.LOGIN_SSO, principal.name, {"email": email})
        st.session_state[_SSO_LOGGED_KEY] = principal.id
    return principal


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return str(value) if value else None


def _drop_param(name: str) -> None:
    if name in st.query_params:
        del st.query_params[name]


def is_link(principal: Principal | None) -> bool:
    return principal is not None and principal.kind == LINK
