"""The meeting page's parts: stepping and rotating through the screens, the alert lines, a screen as a PNG.

The page (pages/7_会议.py) lays the screen out; this module decides which screen comes next, draws the alert
sentences with Streamlit's own alert elements (never HTML built from data), and turns a screen's figure into a
picture for a WeChat group, drawn on the server by exports/figure_png.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from exports.figure_png import browser_path, to_png
from pages.common import charts
from pages.common.summaries import md_plain
from pages.common.texts import t

SCREEN_KEY = "meeting_screen"
SHOWN_AT = "_meeting_shown_at"  # when the current screen came up: the rotation counts from there
PNG_SIZE = (1600, 900)  # 16:9, sharp on a phone and small enough to forward
ALERT_LINES = 8  # what fits under the headline figures on a 1366 × 768 projector
SEVERITY_LOOK = {  # the icon carries the severity as well as the colour (colour is not the only signal)
    "critical": (st.error, ":material/error:", "■"),
    "warning": (st.warning, ":material/warning:", "▲"),
}
UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def step(screens: Sequence[str], current: str | None, delta: int) -> str:
    """The screen `delta` places from `current`, going round; the first one when current is unknown."""
    if current not in screens:
        return screens[0]
    return screens[(list(screens).index(current) + delta) % len(screens)]


def rotation_due(shown_at: float | None, now: float, every: int) -> bool:
    """True when the screen has been up for `every` seconds (a second early: a timer run may fire just before)."""
    return every > 0 and shown_at is not None and now - shown_at >= every - 1


def on_step(screens: Sequence[str], delta: int) -> None:
    """Button callback: the previous or next screen."""
    st.session_state[SCREEN_KEY] = step(screens, st.session_state.get(SCREEN_KEY), delta)
    st.session_state[SHOWN_AT] = time.monotonic()


def restart_clock() -> None:
    """A rotation just switched on counts its seconds from now, not from when the screen came up."""
    st.session_state[SHOWN_AT] = time.monotonic()


def on_pick(screens: Sequence[str]) -> None:
    """Segmented-control callback: clicking the chosen screen again would leave none chosen; keep it."""
    if st.session_state.get(SCREEN_KEY) is None:
        st.session_state[SCREEN_KEY] = st.session_state.get("_meeting_last", screens[0])
    st.session_state[SHOWN_AT] = time.monotonic()


def current_screen(screens: Sequence[str], rotate_every: int) -> str:
    """The screen to draw, moved on by one when the rotation is due; call before the screen picker is drawn."""
    now = time.monotonic()
    screen = st.session_state.get(SCREEN_KEY) or screens[0]
    shown_at = st.session_state.setdefault(SHOWN_AT, now)
    if rotation_due(shown_at, now, rotate_every):
        screen = step(screens, screen, 1)
        st.session_state[SHOWN_AT] = now
    st.session_state[SCREEN_KEY] = screen
    st.session_state["_meeting_last"] = screen
    return screen


def urgent_alerts(alerts: pd.DataFrame) -> pd.DataFrame:
    """The critical and warning sentences, most urgent first (metrics.alerts orders them), as many as fit."""
    return alerts[alerts["severity"].isin(list(SEVERITY_LOOK))].head(ALERT_LINES)


def alert_lines(urgent: pd.DataFrame, lang: str) -> None:
    """One Streamlit alert per sentence: red with an error icon when critical, amber with a warning sign."""
    for severity, message in zip(urgent["severity"], urgent["message"], strict=True):
        element, icon, _ = SEVERITY_LOOK[severity]
        element(f"**{t(f'meeting.severity.{severity}', lang)}**　{md_plain(message)}", icon=icon)


def alerts_figure(urgent: pd.DataFrame, lang: str) -> go.Figure:
    """The alert lines as a picture (for the PNG): one line each, the severity's mark, word and colour."""
    fig = go.Figure()
    colours = {"critical": charts.LEVEL_COLOURS["critical"], "warning": "#b26a00"}
    rows = max(len(urgent), 1)
    for index, (severity, message) in enumerate(zip(urgent["severity"], urgent["message"], strict=True)):
        mark = SEVERITY_LOOK[severity][2]
        fig.add_annotation(
            x=0,
            y=1 - index / rows,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            text=f"{mark} {t(f'meeting.severity.{severity}', lang)}：{charts.plain(message)}",
            font={"size": charts.LARGE_FONT + 4, "color": colours[severity]},
        )
    if urgent.empty:
        fig.add_annotation(
            x=0, y=1, xref="paper", yref="paper", showarrow=False, text=t("overview.no_alerts", lang)
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def titled(fig: go.Figure, title: str) -> go.Figure:
    """A copy of a screen's figure with the unit, week and screen written on it: a forwarded picture has no page."""
    out = go.Figure(fig)
    out.update_layout(
        title={
            "text": charts.plain(title),
            "x": 0.01,
            "y": 0.98,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": charts.LARGE_FONT + 6},
        },
        margin={"l": 24, "r": 24, "t": 140, "b": 24},  # room for the title above a heatmap's top axis
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return out


def png_file_name(unit: str, week: str, screen: str) -> str:
    """会议_东河县_2020年第12周_可用天数.png: the parts a person looks for, nothing a file system refuses."""
    parts = [UNSAFE_IN_FILE_NAMES.sub("_", str(p)).strip("_") for p in ("会议", unit, week, screen)]
    return "_".join(p for p in parts if p) + ".png"


def png_button(make_figure: Callable[[], go.Figure], file_name: str, lang: str) -> None:
    """A download button whose picture is drawn when clicked; a clear sentence when the server has no browser."""
    if browser_path() is None:
        st.warning(t("meeting.no_browser", lang), icon=":material/image_not_supported:")
        return
    width, height = PNG_SIZE
    st.download_button(
        t("meeting.png", lang),
        data=lambda: to_png(make_figure(), width, height),
        file_name=file_name,
        mime="image/png",
        icon=":material/download:",
        help=t("meeting.png_help", lang),
        on_click="ignore",
        key="meeting_png",
    )
