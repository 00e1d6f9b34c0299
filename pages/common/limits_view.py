"""The settings page's file limits: how big a file may be, and how much memory and time its reader gets."""

from __future__ import annotations

from dataclasses import asdict, fields

import streamlit as st

from access import audit_actions as acts
from domain.parse_limits import ParseLimits, limits_from_mapping
from store import write_transaction
from store.access_audit import record_audit
from store.parse_limits import load_parse_limits, save_parse_limits


def limits_form(ctx) -> None:
    current = load_parse_limits(ctx.engine)
    st.caption(ctx.t("settings.limits_help"))
    with st.form("parse_limits"):
        values = {}
        for field in fields(ParseLimits):
            now = getattr(current, field.name)
            values[field.name] = st.number_input(
                ctx.t(f"limit.{field.name}"),
                min_value=1.0 if isinstance(now, float) else 1,
                value=now,
                key=f"limit_{field.name}",
            )
        if st.form_submit_button(ctx.t("limits.save"), type="primary"):
            chosen = limits_from_mapping({name: str(value) for name, value in values.items()})
            with write_transaction(ctx.engine) as conn:
                save_parse_limits(conn, chosen)
                record_audit(conn, ctx.user, acts.SETTINGS_CHANGED, "parse_limits", asdict(chosen))
            st.success(ctx.t("limits.saved"))
