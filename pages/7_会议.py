"""会议 Meeting mode: for the projector. Large type, few numbers, the alert sentences, one chart per screen.

The whole page fits one screen (1920 × 1080 and 1366 × 768): the sidebar starts collapsed, the demo banners are
one line, and the chart's box takes the height the viewport leaves (MEETING_CSS). ← → or the buttons step
through the screens; a rotation moves on by itself for a wall screen; any screen can be saved as a PNG.
"""

from __future__ import annotations

import streamlit as st

from metrics.headline import CHART_UNITS
from pages.common import charts, data, figures, meeting_view
from pages.common.brief_view import brief_downloads
from pages.common.shell import page_start
from pages.common.styles import MEETING_CSS
from store.versions import data_version

ctx = page_start("meeting", sidebar="collapsed", banner_line=True)
st.markdown(MEETING_CSS, unsafe_allow_html=True)  # constant CSS, no outside text

SCREENS = ["alerts", "days", "trend", "publicity", "reporting"]
ROTATE_SECONDS = [0, 10, 15, 30, 60, 120]  # 0: no rotation
REFRESH_SECONDS = 60
CHART_CONFIG = {"displayModeBar": False, "responsive": True}

if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.stop()

# The title keeps its one line; the settings sit beside it, or wrap under it on a narrow projector (1024 px).
with st.container(horizontal=True, vertical_alignment="center", wrap=True, key="meeting_top"):
    st.header(ctx.t("meeting.title", unit=ctx.unit_name, week=ctx.week_text()), anchor=False, width="stretch")
    rotate_every = st.selectbox(
        ctx.t("meeting.rotate"),
        ROTATE_SECONDS,
        format_func=lambda s: ctx.t("meeting.rotate.every", n=s) if s else ctx.t("meeting.rotate.off"),
        key="meeting_rotate",
        on_change=meeting_view.restart_clock,
        label_visibility="collapsed",
        placeholder=ctx.t("filter.choose"),
        width=180,
    )
    refresh = st.toggle(ctx.t("meeting.refresh"), value=False, key="meeting_refresh", width="content")
    briefing = st.container(width=150)
with briefing.popover(ctx.t("brief.heading"), icon=":material/slideshow:", width="stretch"):
    brief_downloads(ctx, key="meeting")  # the same unit and week as the screens, as slides, PDF or Excel


def screen_figure(screen: str, version: int):
    """The screen's chart (None for the alerts, drawn as Streamlit alerts) and a note of the units it leaves out
    (None when it shows them all)."""
    args = (ctx.url, version, ctx.week, ctx.unit_code)
    if screen == "alerts":
        return None, None
    if screen == "days":
        status = data.stock_status(*args)
        shown, left_out = figures.heatmap_units(*args, tuple(ctx.units.shown_with_children(ctx.unit_code)))
        # In the order shown: the unit, then its children, the most urgent first when not all fit.
        grid = figures.rows_in_order(status, shown)
        note = ctx.t("chart.most_urgent_of", shown=len(shown) - 1, total=len(shown) - 1 + left_out)
        return charts.days_heatmap(grid, ctx.lang, large=True), note if left_out else None
    if screen == "trend":
        trend = data.stock_trend(ctx.url, version, ctx.week, ctx.unit_code, ("mask_surgical",))
        figure = charts.stock_and_use(trend[trend["week"] <= ctx.week], ctx.lang, ctx.unit_name, large=True)
        return figure, None
    if screen == "publicity":
        coverage = data.publicity_coverage(*args)
        children = ctx.units.children.get(ctx.unit_code, []) or [ctx.unit_code]
        rows = coverage[(coverage["material"] == "leaflet") & coverage["unit_code"].isin(children)]
        note = None
        if len(rows) > CHART_UNITS:
            note = ctx.t("chart.lowest_coverage_of", shown=CHART_UNITS, total=len(rows))
            rows = rows.nsmallest(CHART_UNITS, "coverage_pct", keep="first")
        return charts.coverage_bars(rows, ctx.lang, large=True), note
    by_week = data.reporting_by_week(ctx.url, version, ctx.unit_code)
    figure = charts.reporting_rate(by_week[by_week["week"].astype(str) <= ctx.week], ctx.lang, large=True)
    return figure, None


def screen_area(rotate_every: int, live: bool) -> None:
    # Live: re-read the version each time, so an upload during the meeting shows up at the next refresh.
    version = data_version(ctx.engine) if live else ctx.version
    args = (ctx.url, version, ctx.week, ctx.unit_code)
    screen = meeting_view.current_screen(SCREENS, rotate_every)
    screen_name = ctx.t(f"meeting.screen.{screen}", n=data.TREND_WEEKS)
    fig, note = screen_figure(screen, version)
    urgent = meeting_view.urgent_alerts(data.alerts(*args, ctx.lang)) if fig is None else None
    with st.container(horizontal=True, vertical_alignment="center", key="meeting_nav"):
        st.button(
            ctx.t("meeting.prev"),
            icon=":material/chevron_left:",
            shortcut="Left",
            on_click=meeting_view.on_step,
            args=(SCREENS, -1),
            key="meeting_prev",
        )
        st.segmented_control(
            ctx.t("meeting.screen"),
            SCREENS,
            format_func=lambda s: ctx.t(f"meeting.screen.{s}", n=data.TREND_WEEKS),
            key=meeting_view.SCREEN_KEY,
            on_change=meeting_view.on_pick,
            args=(SCREENS,),
            label_visibility="collapsed",
        )
        st.button(
            ctx.t("meeting.next"),
            icon=":material/chevron_right:",
            icon_position="right",
            shortcut="Right",
            on_click=meeting_view.on_step,
            args=(SCREENS, 1),
            key="meeting_next",
        )
        week = ctx.week_text().split("（")[0]
        meeting_view.png_button(
            lambda: meeting_view.titled(
                fig if fig is not None else meeting_view.alerts_figure(urgent, ctx.lang),
                f"{ctx.unit_name} · {ctx.week_text()} · {screen_name}",
            ),
            meeting_view.png_file_name(ctx.unit_name, week, screen_name),
            ctx.lang,
        )
    summary = data.reporting_summary(*args)
    worst, _ = data.status_headline(*args)
    with st.container(horizontal=True, key="meeting_figures"):
        st.metric(ctx.t("tile.reporting"), f"{summary['reported']}/{summary['expected']}", width="content")
        st.metric(ctx.t("tile.stockout"), worst["stockout"], width="content")
        st.metric(ctx.t("tile.critical"), worst["critical"], width="content")
    if note:
        st.caption(note)
    with st.container(key="meeting_stage"):
        if fig is not None:
            st.plotly_chart(fig, width="stretch", height="stretch", config=CHART_CONFIG)
        elif urgent.empty:
            st.success(ctx.t("overview.no_alerts"), icon=":material/check_circle:")
        else:
            meeting_view.alert_lines(urgent, ctx.lang)


timers = [s for s in (rotate_every, REFRESH_SECONDS if refresh else 0) if s]
st.fragment(screen_area, run_every=min(timers) if timers else None)(rotate_every, refresh)
