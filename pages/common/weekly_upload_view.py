"""The upload page's two short cuts of the weekly loop (issue 13), for the officer's own units: the pre-filled
sheet of a unit and week (exports/prefilled.py), and the one-click zero report (store/zero_reports.py), which
is stored, listed, audited and undone like any upload."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from domain.weeks import monday_of
from exports.prefilled import prefilled_file_name, prefilled_for
from pages.common import units as unit_cache
from pages.common import upload_view
from store.zero_reports import ZeroReportRefused, record_zero_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def own_units(ctx) -> tuple[dict[str, str], bool]:
    """code → name of the active units this user reports for (an admin: every active unit), in code order;
    past PICKER_LIMIT those under the sidebar's unit (UnitTree.picker_codes), and whether some were left out."""
    tree = ctx.units
    codes, cut = tree.picker_codes(
        ctx.unit_code, None if ctx.is_admin else ctx.writable, unit_cache.PICKER_LIMIT
    )
    return {code: tree.names[code] for code in codes}, cut


def candidate_weeks(weeks: list[date], today: date) -> list[date]:
    """The week after the latest one with data first (the one usually due), the latest itself (a unit that has
    not reported it yet), then last and this calendar week."""
    found = [max(weeks) + timedelta(weeks=1), max(weeks)] if weeks else []
    last_week = monday_of(today) - timedelta(weeks=1)
    return found + [w for w in (last_week, monday_of(today)) if w not in found]


def weekly_shortcuts(ctx) -> None:
    units, cut = own_units(ctx)
    if not units:
        return
    with st.expander(ctx.t("weekly.title"), icon=":material/event_repeat:"):
        st.caption(ctx.t("weekly.help"))
        if cut:
            st.caption(ctx.t("picker.cut"))
        codes = list(units)
        unit = st.selectbox(
            ctx.t("weekly.unit"),
            codes,
            index=codes.index(ctx.unit_code) if ctx.unit_code in units else 0,
            format_func=units.get,
            key="weekly_unit",
            placeholder=ctx.t("filter.choose"),
        )
        week = st.selectbox(
            ctx.t("weekly.week"),
            candidate_weeks(ctx.weeks, date.today()),
            format_func=lambda w: ctx.week_text(w.isoformat()),
            key="weekly_week",
            placeholder=ctx.t("filter.choose"),
        )
        st.download_button(
            ctx.t("weekly.prefilled"),
            lambda: prefilled_for(ctx.engine, unit, week)[1],
            file_name=prefilled_file_name(units[unit], week),
            mime=XLSX,
            key="weekly_prefilled",
            on_click="ignore",
            icon=":material/download:",
            help=ctx.t("weekly.prefilled_help"),
        )
        st.markdown(f"**{ctx.t('weekly.zero_title')}**")
        stock = st.checkbox(ctx.t("weekly.zero_stock"), value=True, key="weekly_zero_stock")
        publicity = st.checkbox(ctx.t("weekly.zero_publicity"), value=True, key="weekly_zero_publicity")
        if st.button(ctx.t("weekly.zero"), key="weekly_zero", disabled=not (stock or publicity)):
            try:
                made = record_zero_report(
                    ctx.engine, unit, week, user=ctx.user or "dashboard", stock=stock, publicity=publicity
                )
            except ZeroReportRefused as refused:
                st.error(refused.message(ctx.lang))
                return
            text = ctx.t(
                "weekly.zero_done",
                unit=units[unit],
                week=ctx.week_text(made.week.isoformat()),
                id=made.upload_id,
                rows=made.stock_rows + made.publicity_rows,
            )
            upload_view.finish([("success", text)])
