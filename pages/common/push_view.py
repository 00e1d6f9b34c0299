"""The settings page's push section (admins): the targets masked, add and remove, a test message, and the
last sends with the robots' answers and failures. Sending on schedule is the systemd timer's job."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from push.messages import test_message
from push.robots import KIND_NAMES, KINDS
from push.sender import Sender
from push.weekly import Outgoing, deliver
from store.pushes import BadTarget, UnknownTarget, add_target, list_targets, load_push_log, remove_target

LOG_ROWS = 30


def push_section(ctx) -> None:
    st.caption(ctx.t("push.help"))
    targets = list_targets(ctx.engine)
    _target_table(ctx, targets)
    with st.expander(ctx.t("push.add")):
        _add_form(ctx)
    if targets:
        _remove_and_test(ctx, targets)
    _log(ctx)


def _target_table(ctx, targets) -> None:
    st.subheader(ctx.t("push.targets"))
    if not targets:
        st.info(ctx.t("push.no_targets"))
        return
    rows = [
        {
            ctx.t("push.col.name"): target.name,
            ctx.t("push.col.kind"): KIND_NAMES[target.kind][ctx.lang == "en"],
            ctx.t("push.col.unit"): target.unit_code or ctx.t("push.whole_district"),
            ctx.t("push.col.url"): target.masked_url,
            ctx.t("push.col.secret"): target.masked_secret,
        }
        for target in targets
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _add_form(ctx) -> None:
    with st.form("push_add", clear_on_submit=True):
        name = st.text_input(ctx.t("push.name"), key="push_name")
        kind = st.selectbox(
            ctx.t("push.kind"),
            KINDS,
            format_func=lambda k: KIND_NAMES[k][ctx.lang == "en"],
            key="push_kind",
            placeholder=ctx.t("filter.choose"),
        )
        url = st.text_input(ctx.t("push.url"), type="password", key="push_url")
        secret = st.text_input(ctx.t("push.secret"), type="password", key="push_secret")
        unit = st.text_input(ctx.t("push.unit"), key="push_unit")
        if st.form_submit_button(ctx.t("push.add"), type="primary"):
            try:
                add_target(ctx.engine, name, kind, url, secret=secret, unit_code=unit, actor=ctx.user)
            except BadTarget as error:
                st.error(error.message(ctx.lang))
            else:
                st.success(ctx.t("push.added", name=name.strip()))


def _remove_and_test(ctx, targets) -> None:
    names = [target.name for target in targets]
    chosen = st.selectbox(
        ctx.t("push.col.name"), names, key="push_chosen", placeholder=ctx.t("filter.choose")
    )
    test_col, remove_col = st.columns(2)
    if test_col.button(ctx.t("push.test"), key="push_test"):
        target = next(t for t in targets if t.name == chosen)
        # A short backoff: the admin is waiting on the page (the timer's runs use the full one).
        outcome = deliver(
            ctx.engine,
            [Outgoing(target, test_message(target.name, ctx.lang))],
            Sender(attempts=2, backoff=1.0, timeout=5.0),
            lang=ctx.lang,
            actor=ctx.user or "settings",
        )[0]
        if outcome.ok:
            st.success(ctx.t("push.test_ok", name=chosen, n=outcome.attempts))
        else:
            st.error(ctx.t("push.test_failed", name=chosen, answer=outcome.answer))
    if remove_col.button(ctx.t("push.remove_button"), key="push_remove"):
        try:
            remove_target(ctx.engine, chosen, actor=ctx.user or "settings")
        except UnknownTarget as error:
            st.error(error.message(ctx.lang))
        else:
            st.success(ctx.t("push.removed", name=chosen))
            st.rerun()


def _log(ctx) -> None:
    st.subheader(ctx.t("push.log"))
    log = load_push_log(ctx.engine, LOG_ROWS)
    if log.empty:
        st.caption(ctx.t("push.no_log"))
        return
    failed = int((~log["ok"].astype(bool)).sum())
    if failed:
        st.warning(ctx.t("push.failures", n=failed))
    shown = pd.DataFrame(
        {
            ctx.t("push.col.sent_at"): pd.to_datetime(log["sent_at"]).dt.strftime("%Y-%m-%d %H:%M"),
            ctx.t("push.col.target"): log["target"],
            ctx.t("push.col.what"): log["what"].map(lambda w: _what_words(ctx).get(w, w)),
            ctx.t("push.col.ok"): log["ok"].astype(bool),
            ctx.t("push.col.attempts"): log["attempts"],
            ctx.t("push.col.answer"): log["answer"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")


def _what_words(ctx) -> dict[str, str]:
    return {
        "summary": ctx.t("push.what.summary"),
        "alert": ctx.t("push.what.alert"),
        "remind_before": ctx.t("push.what.remind_before"),
        "remind_after": ctx.t("push.what.remind_after"),
        "test": ctx.t("push.what.test"),
    }
