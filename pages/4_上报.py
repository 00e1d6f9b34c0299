"""上报 Reporting: reporting rate by week, and who has not reported and since when."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics import numbers_zh
from pages.common import data, figures, timeliness_view
from pages.common.shell import page_start
from pages.common.tables import downloads, labelled, table_with_downloads

ctx = page_start("reporting")

MISSING_COLUMNS = {"unit": "col.unit", "last_report": "col.last_report", "days_since": "col.days_since"}
WEEK_COLUMNS = {
    "week": "col.week",
    "reported": "col.reported",
    "expected": "col.expected",
    "rate_pct": "col.rate",
}

st.title(ctx.t("reporting.title", unit=ctx.unit_name))
if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.page_link("pages/5_上传.py", label=ctx.t("go.upload"), icon=":material/upload_file:")
    st.stop()
st.caption(ctx.t("reporting.zero_note"))

summary = data.reporting_summary(*ctx.args)
# The on-time rate beside the reporting rate (DHIS2's "reports on time", docs/figures.md R3).
with st.container(horizontal=True):
    st.metric(
        ctx.t("reporting.rate", week=ctx.week_text()),
        f"{summary['reported']}/{summary['expected']}",
        delta=None if summary["rate_pct"] is None else numbers_zh.percent(summary["rate_pct"]),
        delta_color="off",
        delta_arrow="off",
        border=True,
        width=240,
    )
    timeliness_view.on_time_metric(ctx)

st.subheader(ctx.t("reporting.missing"))
missing = pd.DataFrame(summary["missing"], columns=["unit_code", "unit", "last_report_week", "days_since"])
if missing.empty:
    st.success(ctx.t("reporting.all_in"))
else:
    missing["last_report"] = missing["last_report_week"].map(
        lambda w: ctx.week_text(w) if isinstance(w, str) else ctx.t("reporting.never")
    )
    missing_table = labelled(missing, MISSING_COLUMNS, ctx.lang)
    st.dataframe(missing_table, hide_index=True, width="stretch", placeholder="")
    downloads(missing_table, f"missing_{ctx.week}", ctx.lang, key="missing")

st.subheader(ctx.t("reporting.by_week"))
rate_chart, by_week = figures.reporting_weeks(ctx.url, ctx.version, ctx.unit_code, ctx.week, ctx.lang)
st.plotly_chart(rate_chart, width="stretch", config={"displayModeBar": False})
week_table = by_week.assign(week=by_week["week"].astype(str).map(ctx.week_text))
table_with_downloads(
    labelled(week_table, WEEK_COLUMNS, ctx.lang), "reporting_by_week", ctx.lang, key="by_week"
)

timeliness_view.unit_history_section(ctx)
