"""The pages, who may open them, and the role-aware menu drawn with st.page_link.

The automatic page list is hidden (.streamlit/config.toml, client.showSidebarNavigation = false) because it
would list every page to everyone; each page still checks access itself in shell.page_start.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from pages.common.texts import t

# Roles from least to most rights; a page names the least role that may open it.
VIEWER = "viewer"
OFFICER = "officer"
ADMIN = "admin"
ROLE_ORDER = (VIEWER, OFFICER, ADMIN)


@dataclass(frozen=True)
class PageEntry:
    key: str
    path: str
    icon: str
    required_role: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("overview", "dashboard.py", ":material/dashboard:", VIEWER),
    PageEntry("supplies", "pages/1_物资.py", ":material/inventory_2:", VIEWER),
    PageEntry("publicity", "pages/2_宣传.py", ":material/campaign:", VIEWER),
    PageEntry("alerts", "pages/3_预警.py", ":material/warning:", VIEWER),
    PageEntry("reporting", "pages/4_上报.py", ":material/fact_check:", VIEWER),
    PageEntry("upload", "pages/5_上传.py", ":material/upload_file:", OFFICER),
    PageEntry("settings", "pages/6_设置.py", ":material/settings:", ADMIN),
    PageEntry("meeting", "pages/7_会议.py", ":material/co_present:", VIEWER),
    PageEntry("accounts", "pages/8_账号.py", ":material/manage_accounts:", ADMIN),
)
PAGE_BY_KEY = {p.key: p for p in PAGES}


def role_allows(role: str | None, required_role: str | None) -> bool:
    if required_role is None:
        return True
    if role not in ROLE_ORDER:
        return False
    return ROLE_ORDER.index(role) >= ROLE_ORDER.index(required_role)


def draw_menu(role: str | None, lang: str, query: dict[str, str] | None = None) -> None:
    """The pages the role may open. No link carries a token: the session and a view link live in cookies
    (gateway/session_cookie.py) and in this tab's session_state, never in an address (issue 11)."""
    for page in PAGES:
        if not role_allows(role, page.required_role):
            continue
        try:
            st.page_link(
                page.path, label=t(f"page.{page.key}", lang), icon=page.icon, query_params=query or None
            )
        except StreamlitPageNotFoundError:
            # Only when a page file is run as the entry script (AppTest.from_file("pages/…")): the other
            # pages are then unknown to Streamlit. `streamlit run dashboard.py` resolves every link.
            continue
