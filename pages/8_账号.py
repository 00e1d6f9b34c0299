"""账号 Accounts (admins only): users (add, change role and units, reset password, remove), read-only view links
(create, show the full link once, revoke) and the audit log, with times in Beijing time."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from access.audit_actions import AUDIT_ACTIONS
from access.errors import AccessError
from access.rights import ROLES
from pages.common import units as unit_cache
from pages.common.audit_text import action_name, actor_name, detail_text, target_text
from pages.common.menu import ADMIN
from pages.common.shell import page_start
from pages.common.tables import labelled
from store.access_audit import load_audit
from store.access_links import MAX_LINK_DAYS, create_link, list_links, revoke_link
from store.accounts import create_user, list_users, remove_user, set_password, update_user

ctx = page_start("accounts", required_role=ADMIN)

BASE_URL_ENV = "DASHBOARD_BASE_URL"
LOCAL_TIME = "Asia/Shanghai"


def flash() -> None:
    for kind, text in st.session_state.pop("_accounts_flash", []):
        getattr(st, kind)(text)


def done(kind: str | None, text: str = "") -> None:
    st.session_state["_accounts_flash"] = [(kind, text)] if kind else []
    st.session_state["_accounts_round"] = st.session_state.get("_accounts_round", 0) + 1
    st.rerun()


def refused(error: AccessError) -> None:
    st.error(error.message(ctx.lang))


def local_time(column: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(column)
    return stamps.dt.tz_localize("UTC").dt.tz_convert(LOCAL_TIME).dt.strftime("%Y-%m-%d %H:%M:%S")


def base_url() -> str:
    """Where the dashboard is reached: DASHBOARD_BASE_URL, else the address this admin's browser used."""
    given = os.environ.get(BASE_URL_ENV)
    if given:
        return given
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


unit_names = unit_cache.unit_names(ctx.url, ctx.version)
# Past PICKER_LIMIT (a province) the pickers hold the sidebar unit's part of the tree, not 30,000 names a click.
unit_codes, picker_cut = ctx.units.picker_codes(ctx.unit_code, None, unit_cache.PICKER_LIMIT)
round_ = st.session_state.get("_accounts_round", 0)


def unit_label(code: str) -> str:
    return f"{unit_names.get(code, code)}（{code}）"


st.title(ctx.t("accounts.title"))
flash()
if picker_cut:
    st.caption(ctx.t("picker.cut"))
users_tab, links_tab, audit_tab = st.tabs(
    [ctx.t("accounts.users"), ctx.t("accounts.links"), ctx.t("accounts.audit")]
)

with users_tab:
    people = list_users(ctx.engine)
    table = pd.DataFrame(
        [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": ctx.t(f"role.{u.role}"),
                "units": "、".join(unit_label(c) for c in u.units),
                "email": u.email or "",
            }
            for u in people
        ],
        columns=["username", "display_name", "role", "units", "email"],
    )
    st.dataframe(
        labelled(
            table,
            {
                "username": "col.username",
                "display_name": "col.display_name",
                "role": "col.role",
                "units": "col.units",
                "email": "col.email",
            },
            ctx.lang,
        ),
        hide_index=True,
        width="stretch",
        placeholder="",
    )

    st.subheader(ctx.t("accounts.add_user"))
    with st.form(f"accounts_add_{round_}", clear_on_submit=True):
        name = st.text_input(ctx.t("auth.username"), key="acc_new_name")
        display = st.text_input(ctx.t("accounts.display_name"), key="acc_new_display")
        role = st.selectbox(
            ctx.t("accounts.role"),
            list(ROLES),
            format_func=lambda r: ctx.t(f"role.{r}"),
            key="acc_new_role",
            placeholder=ctx.t("filter.choose"),
        )
        units = st.multiselect(
            ctx.t("accounts.units"),
            unit_codes,
            format_func=unit_label,
            placeholder=ctx.t("filter.choose"),
            help=ctx.t("accounts.units_help"),
            key="acc_new_units",
        )
        password = st.text_input(ctx.t("auth.password"), type="password", key="acc_new_password")
        email = st.text_input(ctx.t("accounts.email"), key="acc_new_email")
        if st.form_submit_button(ctx.t("accounts.add"), type="primary"):
            try:
                record = create_user(
                    ctx.engine,
                    name,
                    password,
                    role,
                    units=units,
                    display_name=display,
                    email=email or None,
                    actor=ctx.user,
                )
            except AccessError as error:
                refused(error)
            else:
                done("success", ctx.t("accounts.added", name=record.username))

    if people:
        st.subheader(ctx.t("accounts.edit_user"))
        by_name = {u.username: u for u in people}
        chosen = st.selectbox(
            ctx.t("accounts.pick_user"),
            list(by_name),
            key=f"acc_pick_{round_}",
            placeholder=ctx.t("filter.choose"),
        )
        current = by_name[chosen]
        new_role = st.selectbox(
            ctx.t("accounts.role"),
            list(ROLES),
            index=list(ROLES).index(current.role),
            format_func=lambda r: ctx.t(f"role.{r}"),
            key=f"acc_role_{chosen}_{round_}",
            placeholder=ctx.t("filter.choose"),
        )
        held = [c for c in current.units if c in unit_names]
        new_units = st.multiselect(
            ctx.t("accounts.units"),
            unit_codes + sorted(set(held) - set(unit_codes)),
            default=held,
            format_func=unit_label,
            placeholder=ctx.t("filter.choose"),
            help=ctx.t("accounts.units_help"),
            key=f"acc_units_{chosen}_{round_}",
        )
        if st.button(ctx.t("accounts.save"), key="acc_save"):
            try:
                update_user(ctx.engine, chosen, role=new_role, units=new_units, actor=ctx.user)
            except AccessError as error:
                refused(error)
            else:
                done("success", ctx.t("accounts.saved", name=chosen))
        new_password = st.text_input(
            ctx.t("accounts.new_password"), type="password", key=f"acc_password_{chosen}_{round_}"
        )
        if st.button(ctx.t("accounts.reset"), key="acc_reset"):
            try:
                set_password(ctx.engine, chosen, new_password, actor=ctx.user)
            except AccessError as error:
                refused(error)
            else:
                done("success", ctx.t("accounts.reset_done", name=chosen))
        sure = st.checkbox(ctx.t("accounts.remove_confirm"), key=f"acc_remove_sure_{chosen}_{round_}")
        if st.button(ctx.t("accounts.remove"), key="acc_remove", disabled=not sure):
            try:
                remove_user(ctx.engine, chosen, actor=ctx.user)
            except AccessError as error:
                refused(error)
            else:
                done("success", ctx.t("accounts.removed", name=chosen))

with links_tab:
    new_link = st.session_state.pop("_accounts_new_link", None)
    if new_link:
        st.success(ctx.t("accounts.link_created"))
        st.code(new_link, language=None)  # shown this once: the database keeps only its hash
    with st.form(f"accounts_link_{round_}", clear_on_submit=True):
        link_unit = st.selectbox(
            ctx.t("accounts.link_unit"),
            unit_codes,
            format_func=unit_label,
            key="acc_link_unit",
            placeholder=ctx.t("filter.choose"),
        )
        days = st.number_input(
            ctx.t("accounts.link_days"),
            min_value=1,
            max_value=MAX_LINK_DAYS,
            value=30,
            step=1,
            key="acc_link_days",
        )
        label = st.text_input(ctx.t("accounts.link_label"), key="acc_link_label")
        if st.form_submit_button(ctx.t("accounts.link_create"), type="primary"):
            try:
                made = create_link(ctx.engine, link_unit, int(days), label=label, actor=ctx.user)
            except AccessError as error:
                refused(error)
            else:
                st.session_state["_accounts_new_link"] = made.url(base_url())
                done(None)
    links = list_links(ctx.engine)
    if not links:
        st.caption(ctx.t("accounts.no_links"))
    else:
        now = pd.Timestamp.now(tz="UTC").tz_localize(None).to_pydatetime()
        frame = pd.DataFrame(
            [
                {
                    "id": link.id,
                    "unit": unit_label(link.unit_code),
                    "label": link.label,
                    "created_by": link.created_by,
                    "created_at": link.created_at,
                    "expires_at": link.expires_at,
                    "status": ctx.t(f"link.status.{link.status(now)}"),
                }
                for link in links
            ]
        )
        frame["created_at"] = local_time(frame["created_at"])
        frame["expires_at"] = local_time(frame["expires_at"])
        st.dataframe(
            labelled(
                frame,
                {
                    "id": "col.id",
                    "unit": "col.link_unit",
                    "label": "col.label",
                    "created_by": "col.created_by",
                    "created_at": "col.created_at",
                    "expires_at": "col.expires_at",
                    "status": "col.link_status",
                },
                ctx.lang,
            ),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
        live = [link for link in links if link.status(now) == "valid"]
        if live:
            pick = st.selectbox(
                ctx.t("accounts.link_pick"),
                [link.id for link in live],
                format_func=lambda i: next(
                    f"#{x.id} · {unit_label(x.unit_code)} · {x.label}" for x in live if x.id == i
                ),
                key=f"acc_link_pick_{round_}",
                placeholder=ctx.t("filter.choose"),
            )
            if st.button(ctx.t("accounts.link_revoke"), key="acc_link_revoke"):
                revoke_link(ctx.engine, int(pick), actor=ctx.user)
                done("success", ctx.t("accounts.link_revoked", id=pick))

with audit_tab:
    actions = sorted(AUDIT_ACTIONS)
    action = st.selectbox(
        ctx.t("accounts.audit_action"),
        [None, *actions],
        format_func=lambda a: ctx.t("accounts.audit_all") if a is None else action_name(a, ctx.lang),
        key="acc_audit_action",
        placeholder=ctx.t("filter.choose"),
    )
    audit = load_audit(ctx.engine, 500, action=action)
    st.caption(ctx.t("accounts.audit_times"))
    if not audit.empty:
        audit["at"] = local_time(audit["at"])
        audit["detail"] = audit["detail"].map(lambda d: detail_text(d, ctx.lang))
        audit["target"] = [
            target_text(a, x, ctx.lang) for a, x in zip(audit["action"], audit["target"], strict=True)
        ]
        audit["action"] = audit["action"].map(lambda a: action_name(a, ctx.lang))
        audit["actor"] = audit["actor"].map(lambda a: actor_name(a, ctx.lang))
    st.dataframe(
        labelled(
            audit,
            {
                "at": "col.at",
                "actor": "col.actor",
                "action": "col.action",
                "target": "col.audit_target",
                "detail": "col.detail",
            },
            ctx.lang,
        ),
        hide_index=True,
        width="stretch",
        placeholder="",
    )
