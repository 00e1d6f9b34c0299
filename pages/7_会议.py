"""会议 Meeting mode: for the projector. Large type, few numbers, the alert sentences, one chart per screen."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from metrics.headline import units_by_worst_level
from pages.common import charts, data
from pages.common.shell import page_start
from pages.common.styles import MEETING_CSS
from pages.common.summaries import md_plain
from store.versions import data_version

ctx = page_start("meeting")
st.markdown(MEETING_CSS, unsafe_allow_html=True)  # constant CSS, no outside text

SCREENS = ["alerts", "days", "trend", "publicity", "reporting"]
CHART_CONFIG = {"displayModeBar": False, "staticPlot": False}

if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.stop()

screen = (
    st.segmented_control(
        ctx.t("meeting.screen"),
        SCREENS,
        default="alerts",
        format_func=lambda s: ctx.t(f"meeting.screen.{s}", n=data.TREND_WEEKS),
        key="meeting_screen",
        label_visibility="collapsed",
    )
    or "alerts"
)
refresh = st.toggle(ctx.t("meeting.refresh"), value=False, key="meeting_refresh")
st.caption(ctx.t("meeting.hint"))


def draw(screen: str, version: int) -> None:
    args = (ctx.url, version, ctx.week, ctx.unit_code)
    st.header(ctx.t("meeting.title", unit=ctx.unit_name, week=ctx.week_text()))
    status = data.stock_status(*args)
    summary = data.reporting_summary(*args)
    worst = units_by_worst_level(status)
    with st.container(horizontal=True, wrap=True):
        st.metric(ctx.t("tile.reporting"), f"{summary['reported']}/{summary['expected']}", width=260)
        st.metric(ctx.t("tile.stockout"), worst["stockout"], width=260)
        st.metric(ctx.t("tile.critical"), worst["critical"], width=260)
    if screen == "alerts":
        alerts = data.alerts(*args, ctx.lang)
        urgent = alerts[alerts["severity"].isin(["critical", "warning"])].head(8)
        if urgent.empty:
            st.success(ctx.t("overview.no_alerts"))
        else:
            st.markdown("\n".join(f"- {md_plain(m)}" for m in urgent["message"]))
    elif screen == "days":
        shown = ctx.units.shown_with_children(ctx.unit_code)
        grid = status[status["unit_code"].isin(shown)]
        st.plotly_chart(charts.days_heatmap(grid, ctx.lang, large=True), width="stretch", config=CHART_CONFIG)
    elif screen == "trend":
        trend = data.stock_trend(ctx.url, version, ctx.week, ctx.unit_code, ("mask_surgical",))
        trend = trend[trend["week"] <= ctx.week]
        fig = charts.stock_and_use(trend, ctx.lang, ctx.unit_name, large=True)
        st.plotly_chart(fig.update_layout(height=560), width="stretch", config=CHART_CONFIG)
    elif screen == "publicity":
        coverage = data.publicity_coverage(*args)
        children = ctx.units.children.get(ctx.unit_code, []) or [ctx.unit_code]
        rows = coverage[(coverage["material"] == "leaflet") & coverage["unit_code"].isin(children)]
        st.plotly_chart(
            charts.coverage_bars(rows, ctx.lang, large=True), width="stretch", config=CHART_CONFIG
        )
    else:
        by_week = data.reporting_by_week(ctx.url, version, ctx.unit_code)
        by_week = by_week[by_week["week"].astype(str) <= ctx.week]
        fig = charts.reporting_rate(by_week, ctx.lang, large=True)
        st.plotly_chart(fig.update_layout(height=560), width="stretch", config=CHART_CONFIG)


@st.fragment(run_every=timedelta(seconds=60))
def draw_refreshing(screen: str) -> None:
    # Re-read the version each time: an upload during the meeting shows up at the next refresh.
    draw(screen, data_version(ctx.engine))


if refresh:
    draw_refreshing(screen)
else:
    draw(screen, ctx.version)
