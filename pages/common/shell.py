"""The one call every page starts with: page config, access check, the shared sidebar, the page context.

    ctx = page_start("supplies")

Nothing may run on a page before it: Streamlit serves every file in pages/ by its URL, so this is where
access is checked for every page (style.md, "Streamlit specifics"). In order, before the sidebar and before
any data query:

- who is looking (pages/common/auth.py): the session cookie, a view link (its cookie), single sign-on, the open
  demo, or nobody. A refused view link (expired, revoked, unknown) stops here with a clear page.
- nobody → the login form, and stop. A role below the page's required role → a refusal, and stop.
- the unit picker and ctx.unit_code are limited to the units the principal may see (access.visible_units);
  a unit kept in session_state from elsewhere is reset to the principal's own, and checked once more.

The open demo: while the database has no user account and holds nothing but the demo district (or nothing),
anyone may read it as an anonymous viewer (banner "示例模式"); uploads, settings and accounts stay closed.
Once an account or a real upload exists, a login or a view link is required (README, "安全与账号").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine

from access.rights import ADMIN, Principal
from demo.district import RealDataPresent, clear_demo, load_demo
from domain.weeks import week_label
from pages.common import auth, data
from pages.common.brief_view import brief_downloads
from pages.common.menu import PAGE_BY_KEY, VIEWER, draw_menu, role_allows
from pages.common.styles import BASE_CSS
from pages.common.texts import LANGS, t
from pages.common.units import UnitTree, unit_tree, visible_tree
from pages.common.version_cache import forget_other_versions
from store.versions import data_version

ALL = "__all__"  # "this unit as a whole" in a lower-level unit selectbox


@dataclass
class PageContext:
    """What a page needs to read inputs and call metrics. `args` is the cache key of most queries."""

    page: str
    url: str
    engine: Engine
    version: int
    lang: str
    unit_code: str | None
    week: str | None  # ISO Monday, None when there is no data yet
    weeks: list[date] = field(default_factory=list)
    units: UnitTree | None = None
    demo: bool = False
    user: str | None = None  # the signed-in user's name (None in the open demo); a link's label for a link
    role: str = VIEWER
    principal: Principal | None = None
    mode: str = auth.NOBODY  # user | link | sso | demo
    visible: frozenset[str] = frozenset()  # unit codes this principal may read
    writable: frozenset[str] = frozenset()  # unit codes this principal may upload for and undo

    @property
    def args(self) -> tuple:
        return (self.url, self.version, self.week, self.unit_code)

    @property
    def has_data(self) -> bool:
        return bool(self.weeks)

    @property
    def is_admin(self) -> bool:
        return (
            self.principal is not None
            and self.principal.kind == "user"
            and self.role == ADMIN
            and (self.mode in (auth.USER_MODE, auth.SSO_MODE))
        )

    @property
    def allowed_units(self) -> set[str] | None:
        """What uploads.import_file gets: None (no limit) for an admin, else the writable unit codes."""
        return None if self.is_admin else set(self.writable)

    @property
    def may_manage_demo(self) -> bool:
        """Loading or clearing the demo: an admin, or anyone while the open demo holds no real data."""
        return self.is_admin or self.mode == auth.DEMO_MODE

    @property
    def unit_name(self) -> str:
        if self.units is None or self.unit_code is None:
            return ""
        return self.units.names.get(self.unit_code, self.unit_code)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def week_text(self, iso: str | None = None) -> str:
        iso = iso or self.week
        return week_label(date.fromisoformat(iso[:10]), self.lang) if iso else "—"


# Our own file, served by our own server: a `:material/…:` page icon makes every browser fetch the favicon
# from fonts.gstatic.com, which an intranet cannot reach (the menu's icons come from the bundled font).
FAVICON = str(Path(__file__).with_name("assets") / "favicon.png")
# The pages whose view a brief reproduces: one click in the sidebar makes it (the meeting page has its own).
BRIEF_PAGES = ("overview", "supplies", "publicity", "alerts", "reporting")


def page_start(
    page: str, *, required_role: str | None = None, sidebar: str = "auto", banner_line: bool = False
) -> PageContext:
    """Set up the page and return its context; stops the page when the visitor may not open it.

    `sidebar="collapsed"` and `banner_line=True` serve the meeting page: the projector gets the whole width,
    and the demo's two banners become one short line. The sidebar state is set here, in the page's one
    set_page_config call, before anything else is drawn."""
    lang = st.session_state.get("lang", "zh")
    entry = PAGE_BY_KEY[page]
    st.set_page_config(
        page_title=f"{t(f'page.{page}', lang)} · {t('app.title', lang)}",
        page_icon=FAVICON,
        layout="wide",
        initial_sidebar_state=sidebar,
    )
    st.markdown(BASE_CSS, unsafe_allow_html=True)  # constant CSS written here, no outside text

    url, engine = data.current_engine()
    visitor = auth.identify(engine, lang)  # stops by itself on a refused link or the first-run page
    principal = visitor.principal
    needed = required_role or entry.required_role
    if principal is None:
        auth.login_form(engine, lang)
        if needed != VIEWER:
            st.caption(t("auth.login_needed", lang, role=t(f"role.{needed}", lang)))
        st.stop()
    if not role_allows(principal.role, needed) or (visitor.mode == auth.LINK_MODE and needed != VIEWER):
        if visitor.mode == auth.DEMO_MODE:
            st.warning(t("auth.demo_closed", lang), icon=":material/lock:")
            st.code(auth.FIRST_ADMIN_HINT, language="bash")
        else:
            st.error(t("access.denied", lang))
        with st.sidebar:
            st.markdown(f"**{t('app.title', lang)}**")
            draw_menu(principal.role, lang, visitor.query)
            st.divider()
            auth.account_box(engine, visitor, lang)
        st.stop()

    version = data_version(engine)
    forget_other_versions(url, version)  # an upload's older figures leave the caches now, not entries later
    weeks, demo = data.weeks_and_demo(url, version)
    full_tree = unit_tree(url, version)
    visible, writable = data.unit_rights(url, version, principal.kind, principal.role, principal.units)
    tree = visible_tree(url, version, principal.kind, principal.role, principal.units)
    if full_tree.roots and not tree.roots:
        st.warning(t("auth.no_units", lang))
        with st.sidebar:
            auth.account_box(engine, visitor, lang)
        st.stop()
    with st.sidebar:
        st.markdown(f"**{t('app.title', lang)}**")
        lang = _language_picker(lang)
        unit_code = _unit_picker(tree, lang)
        week = _week_picker(weeks, lang)
        st.divider()
        draw_menu(principal.role, lang, visitor.query)
        st.divider()
        auth.account_box(engine, visitor, lang)
        may_manage_demo = visitor.mode == auth.DEMO_MODE or (
            principal.role == ADMIN and visitor.mode in (auth.USER_MODE, auth.SSO_MODE)
        )
        if demo and may_manage_demo:
            st.divider()
            _demo_controls(engine, lang)
    if unit_code is not None and unit_code not in visible:  # belt and braces: never a unit outside the rights
        st.error(t("access.denied", lang))
        st.stop()

    ctx = PageContext(
        page=page,
        url=url,
        engine=engine,
        version=version,
        lang=lang,
        unit_code=unit_code,
        week=week,
        weeks=weeks,
        units=tree,
        demo=demo,
        user=visitor.name,
        role=principal.role,
        principal=principal,
        mode=visitor.mode,
        visible=visible,
        writable=writable,
    )
    if page in BRIEF_PAGES:
        with st.sidebar:
            st.divider()
            brief_downloads(ctx, key="sidebar")
    if banner_line:
        parts = [t("banner.demo_mode_line", lang)] if visitor.mode == auth.DEMO_MODE else []
        parts += [t("banner.demo_line", lang)] if demo else []
        if parts:
            st.caption(":material/science: " + " · ".join(parts))
        return ctx
    if visitor.mode == auth.DEMO_MODE:
        st.warning(t("auth.demo_banner", lang), icon=":material/lock_open:")
    if demo:
        st.info(t("demo.note", lang), icon=":material/science:")
    return ctx


def _sync(widget_key: str, state_key: str, options: list, default) -> None:
    """Seed a sidebar widget from the value kept across pages (widget state is dropped on a page switch)."""
    value = st.session_state.get(state_key, default)
    st.session_state[widget_key] = value if value in options else default


def _keep(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def _language_picker(lang: str) -> str:
    options = list(LANGS)
    _sync("_w_lang", "lang", options, "zh")
    st.radio(
        t("sidebar.language", lang),
        options,
        format_func=LANGS.get,
        horizontal=True,
        key="_w_lang",
        on_change=_keep,
        args=("_w_lang", "lang"),
    )
    return st.session_state.get("lang", st.session_state["_w_lang"])


def _unit_picker(tree: UnitTree, lang: str) -> str | None:
    """Cascading selectboxes: county → town → village. Choosing "(all)" at a level keeps the level above."""
    if not tree.roots:
        return None
    chosen = st.session_state.get("unit_code")
    if chosen not in tree.names:
        chosen = tree.roots[0]
        st.session_state["unit_code"] = chosen
    path = tree.path(chosen)
    parent = None
    for depth in range(len(path) + 1):
        options = list(tree.children.get(parent, []))
        if not options:
            break
        if depth > 0:
            options = [ALL, *options]
        current = path[depth] if depth < len(path) else ALL
        key = f"_w_unit_{depth}"
        st.session_state[key] = current if current in options else options[0]
        st.selectbox(
            t("sidebar.unit", lang) if depth == 0 else t("sidebar.sub_unit", lang),
            options,
            format_func=lambda code, p=parent: _unit_option(tree, code, p, lang),
            key=key,
            on_change=_on_unit_change,
            args=(depth, parent),
            placeholder=t("filter.choose", lang),
        )
        if current == ALL:
            break
        parent = current
    return st.session_state["unit_code"]


def _unit_option(tree: UnitTree, code: str, parent: str | None, lang: str) -> str:
    if code == ALL:
        return t("sidebar.whole_unit", lang, unit=tree.names.get(parent, ""))
    return tree.label(code, lang)


def _on_unit_change(depth: int, parent: str | None) -> None:
    value = st.session_state[f"_w_unit_{depth}"]
    st.session_state["unit_code"] = parent if value == ALL else value
    for key in [k for k in st.session_state if str(k).startswith("_w_unit_")]:
        if int(str(key).rsplit("_", 1)[1]) > depth:
            del st.session_state[key]


def _week_picker(weeks: list[date], lang: str) -> str | None:
    if not weeks:
        st.caption(t("sidebar.no_weeks", lang))
        return None
    options = [w.isoformat() for w in weeks]  # newest first
    if st.session_state.get("week") not in options:
        st.session_state.pop("week", None)  # follow the latest week until someone picks one
    _sync("_w_week", "week", options, options[0])
    st.selectbox(
        t("sidebar.week", lang),
        options,
        format_func=lambda iso: week_label(date.fromisoformat(iso), lang),
        key="_w_week",
        on_change=_keep,
        args=("_w_week", "week"),
        placeholder=t("filter.choose", lang),
    )
    return st.session_state["_w_week"]


def _demo_controls(engine: Engine, lang: str) -> None:
    st.caption(t("demo.sidebar", lang))
    demo_clear_button(engine, lang, "_demo_clear")


def demo_clear_button(engine: Engine, lang: str, key: str) -> None:
    """Clear the demo, asked twice: one click used to remove data without a word (issue 11)."""
    if not st.session_state.get(f"{key}_asked"):
        if st.button(t("demo.clear", lang), key=key):
            st.session_state[f"{key}_asked"] = True
            st.rerun()
        return
    st.warning(t("demo.clear_confirm", lang))
    yes, no = st.columns(2)
    if yes.button(t("demo.clear_yes", lang), key=f"{key}_yes", type="primary"):
        clear_demo(engine)
        for state in ("unit_code", "week", f"{key}_asked"):
            st.session_state.pop(state, None)
        st.rerun()
    if no.button(t("demo.clear_no", lang), key=f"{key}_no"):
        st.session_state.pop(f"{key}_asked", None)
        st.rerun()


def offer_demo(ctx: PageContext) -> None:
    """The empty state's second way out: load the demo district (the first is the upload page)."""
    if ctx.may_manage_demo and st.button(ctx.t("demo.load"), key="_demo_load"):
        try:
            load_demo(ctx.engine)
        except RealDataPresent:
            st.error(ctx.t("demo.refused"))
            return
        st.rerun()
