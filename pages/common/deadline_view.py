"""The settings page's reporting deadline (docs/figures.md R3): the default, and a level's own if an office
wants one. Saved through store/deadlines.py, which writes the audit row in the same transaction."""

from __future__ import annotations

from datetime import time

import streamlit as st

from domain.deadlines import WEEKDAYS, Deadline
from domain.levels import LEVEL_NAMES
from pages.common.timeliness_view import deadline_words, level_name, weekday_name
from store import write_transaction
from store.deadlines import load_deadlines, remove_deadline, save_deadline

DEFAULT = ""  # the level option that means "every level"


def deadline_form(ctx) -> None:
    policy = load_deadlines(ctx.engine)
    st.caption(ctx.t("deadline.help"))
    st.markdown(ctx.t("deadline.current", lines=deadline_words(policy, ctx)))
    level = st.selectbox(
        ctx.t("deadline.level"),
        [DEFAULT, *LEVEL_NAMES],
        format_func=lambda lv: ctx.t("deadline.default") if lv == DEFAULT else level_name(lv, ctx.lang),
        key="deadline_level",
        placeholder=ctx.t("filter.choose"),
    )
    now = policy.for_level(level or None)
    weekday = st.selectbox(
        ctx.t("deadline.weekday"),
        list(WEEKDAYS),
        index=now.weekday - 1,
        format_func=lambda day: weekday_name(day, ctx),
        key=f"deadline_weekday_{level}",
        placeholder=ctx.t("filter.choose"),
    )
    at = st.time_input(ctx.t("deadline.time"), value=now.at, step=900, key=f"deadline_time_{level}")
    who = ctx.t("deadline.default") if level == DEFAULT else level_name(level, ctx.lang)
    if st.button(ctx.t("deadline.save"), type="primary", key="deadline_save"):
        chosen = Deadline(int(weekday), time(at.hour, at.minute))
        with write_transaction(ctx.engine) as conn:
            save_deadline(conn, chosen, level=level or None, actor=ctx.user or "demo")
        when = ctx.t("deadline.when", weekday=weekday_name(chosen.weekday, ctx), time=chosen.time_text)
        st.success(ctx.t("deadline.saved", who=who, when=when))
    if level != DEFAULT and level in dict(policy.by_level):
        if st.button(ctx.t("deadline.clear"), key="deadline_clear"):
            with write_transaction(ctx.engine) as conn:
                remove_deadline(conn, level, actor=ctx.user or "demo")
            st.success(ctx.t("deadline.cleared", who=who))
