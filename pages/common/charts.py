"""Every chart the pages draw, with one palette for the levels so a colour means the same on every page.

Charts are plotly figures rendered by st.plotly_chart, whose JavaScript Streamlit serves itself (no CDN).
Sized for a 390 px phone: height ~360, legend at the bottom, no title inside the figure (the page heading
says it), hover text carrying the figures behind each point.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from domain import weeks as weeks_domain
from domain.thresholds import TOLERANCE
from metrics import numbers_zh
from pages.common.texts import t

LEVEL_COLOURS = {
    "stockout": "#7f0000",  # dark red
    "critical": "#d32f2f",  # red
    "low": "#f9a825",  # amber
    "ok": "#2e7d32",  # green
    "unknown": "#9e9e9e",  # grey
}
COVERAGE_COLOURS = {
    "red": "#d32f2f",
    "amber": "#f9a825",
    "green": "#2e7d32",
    "over": "#6a1b9a",  # above 100 %: flagged, a possible wrong target
    "unknown": "#9e9e9e",
}
SERIES_COLOURS = ["#1565c0", "#ef6c00", "#00838f", "#6d4c41", "#5e35b1", "#c2185b", "#558b2f", "#37474f"]
LEVELS = ["stockout", "critical", "low", "ok", "unknown"]
HEIGHT = 360
# Fonts installed on the server and the offices' machines; nothing is fetched from outside.
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
LARGE_FONT = 22  # px, the projector's axis, legend and data labels: read from the back of a meeting room


def _layout(fig: go.Figure, *, height: int = HEIGHT, large: bool = False) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 24, "b": 8},
        font={"family": FONT, "size": LARGE_FONT if large else 13},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0},
        separators=".,",
        hoverlabel={"font": {"family": FONT}},
    )
    if large:
        # Every size set where it is used: the Streamlit theme's template gives axes and legends fonts of their
        # own, which win over layout.font and left the projector's tick labels at about 10 px.
        fig.update_xaxes(tickfont_size=LARGE_FONT, title_font_size=LARGE_FONT, automargin=True)
        fig.update_yaxes(tickfont_size=LARGE_FONT, title_font_size=LARGE_FONT, automargin=True)
        fig.update_layout(legend_font_size=LARGE_FONT)
        fig.update_traces(textfont_size=LARGE_FONT, selector=lambda trace: "textfont" in trace)
    return fig


PHONE_PLOT_PX = 230  # the width a bar chart's plot area gets on a 390 px phone, beside the unit names


def _week_axis(fig: go.Figure, weeks: pd.Series, lang: str) -> go.Figure:
    """Short week ticks (12周) and the legend above the plot: on a phone the full names (2020年第12周) were
    turned on their side and ran into a legend drawn under the axis. The x values stay the full names."""
    fig.update_xaxes(
        tickmode="array",
        tickvals=[numbers_zh.week_name(w, lang) for w in weeks],
        ticktext=[weeks_domain.week_tick(w.date(), lang) for w in weeks],
        automargin=True,
    )
    fig.update_layout(legend={"yanchor": "bottom", "y": 1.02})
    return fig


def _text_px(text: str, font_px: float) -> float:
    """About how wide `text` is drawn (its longest line): a CJK character is one em, a digit or a Latin letter
    about 0.6 em."""
    lines = str(text).split("<br>")
    return max(sum(font_px if ord(ch) >= 0x2E80 else 0.6 * font_px for ch in line) for line in lines)


def _room_for_labels(fig: go.Figure, values, labels, *, font_px: float) -> go.Figure:
    """An x range wide enough that every bar's value, written past its end, fits inside the plot at the
    phone's plot width (values were cut to "26." at 390 px). R ≥ x / (1 − label width ÷ plot width) for
    each bar; a label wider than three quarters of the plot gets three quarters."""
    needed = [0.0]
    for value, label in zip(values, labels, strict=True):
        share = min((_text_px(label, font_px) + 8) / PHONE_PLOT_PX, 0.75)
        needed.append(float(value) / (1 - share) if pd.notna(value) else 0.0)
    fig.update_xaxes(range=[0, max(needed) or 1])
    fig.update_traces(cliponaxis=False, selector={"type": "bar"})
    return fig


def plain(value) -> str:
    """Plotly reads a subset of HTML in labels and hover text: escape names that come from sheets."""
    return html.escape(str(value), quote=False)


def _plain_names(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = frame.copy()
    if "unit" in columns and "unit_code" in frame:
        # Two villages of the same name under different towns must not share one bar or row.
        names = frame.drop_duplicates("unit_code").set_index("unit_code")["unit"]
        twice = set(names[names.duplicated(keep=False)].index)
        frame["unit"] = [
            f"{name}（{code}）" if code in twice else name
            for name, code in zip(frame["unit"], frame["unit_code"], strict=True)
        ]
    for column in columns:
        if column in frame:
            frame[column] = frame[column].map(plain)
    return frame


def level_name(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def days_heatmap(status: pd.DataFrame, lang: str, *, large: bool = False) -> go.Figure:
    """Units (rows) × items (columns) coloured by level; the cell shows days of supply, "—" when unknown."""
    frame = _plain_names(status, "unit", "item_name")
    units = list(dict.fromkeys(frame["unit"]))
    items = list(dict.fromkeys(frame["item_name"]))
    code = {level: i for i, level in enumerate(LEVELS)}
    z = frame.pivot_table(index="unit", columns="item_name", values="status", aggfunc="first")
    z = z.reindex(index=units, columns=items)
    days = frame.pivot_table(index="unit", columns="item_name", values="days_of_supply", aggfunc="first")
    days = days.reindex(index=units, columns=items)
    on_hand = frame.pivot_table(index="unit", columns="item_name", values="on_hand", aggfunc="first")
    on_hand = on_hand.reindex(index=units, columns=items)
    z_num = z.apply(lambda col: col.map(lambda s: code.get(s, code["unknown"]))).to_numpy(dtype=float)
    text = np.vectorize(lambda d: "—" if pd.isna(d) else numbers_zh.days(d))(days.to_numpy(dtype=float))
    status_text = np.vectorize(lambda s: level_name(s if isinstance(s, str) else "unknown", lang))(
        z.to_numpy(dtype=object)
    )
    hover_stock = np.vectorize(lambda v: numbers_zh.quantity(v, lang=lang))(on_hand.to_numpy(dtype=float))
    n = len(LEVELS)
    scale = []
    for i, level in enumerate(LEVELS):
        scale += [[i / n, LEVEL_COLOURS[level]], [(i + 1) / n, LEVEL_COLOURS[level]]]
    fig = go.Figure(
        go.Heatmap(
            z=z_num,
            x=items,
            y=units,
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            text=text,
            texttemplate="%{text}",
            customdata=np.dstack([status_text, hover_stock]),
            hovertemplate=(
                f"%{{y}} · %{{x}}<br>{t('chart.days', lang)}: %{{text}}<br>"
                f"{t('chart.status', lang)}: %{{customdata[0]}}<br>{t('chart.on_hand', lang)}: %{{customdata[1]}}"
                "<extra></extra>"
            ),
            xgap=2,
            ygap=2,
        )
    )
    # A legend for the discrete levels: invisible markers, one per level.
    for level in LEVELS:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 12, "color": LEVEL_COLOURS[level], "symbol": "square"},
                name=level_name(level, lang),
                showlegend=True,
            )
        )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False)
    height = max(HEIGHT, 28 * len(units) + 120)
    return _layout(fig, height=height, large=large)


def ranked_days(status: pd.DataFrame, lang: str, *, critical: float = 7.0, low: float = 14.0) -> go.Figure:
    """Horizontal bars of days of supply, shortest first, coloured by level, with the threshold lines."""
    frame = _plain_names(status, "unit")
    frame["sort"] = frame["days_of_supply"].fillna(np.inf)
    frame = frame.sort_values("sort", ascending=False)  # plotly draws the first bar at the bottom
    shown = frame["days_of_supply"].fillna(0)
    labels = frame["days_of_supply"].map(lambda d: "—" if pd.isna(d) else numbers_zh.days(d))
    if "children_stockout" in frame:
        # A healthy total must not hide a village that ran out: say so on the parent's own bar, on a second
        # line so the words do not squeeze every bar on a phone.
        short = frame["children_stockout"].fillna(0) + frame["children_critical"].fillna(0)
        labels = [
            label if n <= 0 else f"{label}<br>{t('chart.children_short', lang, n=int(n))}"
            for label, n in zip(labels, short, strict=True)
        ]
    hover = [
        f"{r.unit}<br>{t('chart.days', lang)}: {label}<br>{t('chart.on_hand', lang)}: "
        f"{numbers_zh.quantity(r.on_hand, lang=lang)}<br>{t('col.daily_use', lang)}: "
        f"{numbers_zh.quantity(r.daily_use, lang=lang)}<br>{t('chart.status', lang)}: {level_name(r.status, lang)}"
        for r, label in zip(frame.itertuples(), labels, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=shown,
            y=frame["unit"],
            orientation="h",
            marker_color=[LEVEL_COLOURS.get(s, LEVEL_COLOURS["unknown"]) for s in frame["status"]],
            text=labels,
            textposition="none",  # written by the annotations below: plotly centres a bar's two-line text
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    for x, y, label in zip(shown, frame["unit"], labels, strict=True):
        fig.add_annotation(
            x=x,
            y=y,
            text=label,
            showarrow=False,
            xanchor="left",
            align="left",
            xshift=3,
            font_color="#555",
            bgcolor="rgba(255,255,255,0.8)",  # readable where it crosses a threshold line
        )
    # The lower line's words to its left, the higher's to its right: 7 and 14 days are 30 px apart on a phone.
    for days, level, side in ((critical, "critical", "right"), (low, "low", "left")):
        fig.add_vline(
            x=days,
            line_dash="dash",
            line_color=LEVEL_COLOURS[level],
            annotation_text=t("chart.threshold", lang, days=f"{days:g}"),
            annotation_position="top",
            annotation_xanchor=side,
        )
    fig.update_xaxes(title=t("chart.days", lang), rangemode="tozero")
    fig = _layout(fig, height=max(HEIGHT, 32 * len(frame) + 100))
    return _room_for_labels(fig, shown, labels, font_px=fig.layout.font.size)


def stock_and_use(trend: pd.DataFrame, lang: str, unit_label: str, *, large: bool = False) -> go.Figure:
    """Stock on hand (line) and weekly use (bars) over the weeks, for one item."""
    weeks = pd.to_datetime(trend["week"])
    labels = [numbers_zh.week_name(w, lang) for w in weeks]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=trend["used"],
            name=t("chart.used", lang),
            marker_color=SERIES_COLOURS[1],
            hovertemplate=f"%{{x}}<br>{t('chart.used', lang)}: %{{y:,.0f}}<extra>{plain(unit_label)}</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=trend["on_hand"],
            name=t("chart.on_hand", lang),
            mode="lines+markers",
            line={"color": SERIES_COLOURS[0], "width": 3},
            hovertemplate=f"%{{x}}<br>{t('chart.on_hand', lang)}: %{{y:,.0f}}<extra>{plain(unit_label)}</extra>",
        )
    )
    fig.update_yaxes(tickformat="~s" if lang == "en" else ",", rangemode="tozero")
    return _week_axis(_layout(fig, large=large), weeks, lang)  # short ticks on the projector too


def trend_lines(trend: pd.DataFrame, names: dict[str, str], lang: str) -> go.Figure:
    """On hand over the weeks, one line per item (items in different units: read each line on its own)."""
    fig = go.Figure()
    for index, (item, rows) in enumerate(trend.groupby("item", sort=False)):
        weeks = pd.to_datetime(rows["week"])
        fig.add_trace(
            go.Scatter(
                x=[numbers_zh.week_name(w, lang) for w in weeks],
                y=rows["on_hand"],
                name=plain(names.get(item, item)),
                mode="lines+markers",
                line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 2},
                hovertemplate=f"%{{x}}<br>{plain(names.get(item, item))}: %{{y:,.0f}}<extra></extra>",
            )
        )
    fig.update_yaxes(title=t("chart.on_hand", lang), rangemode="tozero")
    return _week_axis(_layout(fig), pd.Series(sorted(pd.to_datetime(trend["week"]).unique())), lang)


def coverage_bars(coverage: pd.DataFrame, lang: str, *, large: bool = False) -> go.Figure:
    """Coverage % by unit, coloured by level, with the 80 % and 90 % lines; hover gives to-date and target."""
    frame = _plain_names(coverage, "unit").sort_values("coverage_pct", ascending=True, na_position="first")
    labels = frame["coverage_pct"].map(lambda v: "—" if pd.isna(v) else numbers_zh.percent(v))
    hover = [
        f"{r.unit}<br>{t('chart.cumulative', lang)}: {numbers_zh.quantity(r.cumulative, lang=lang)}<br>"
        f"{t('chart.target', lang)}: {numbers_zh.quantity(r.target, lang=lang)}<br>"
        f"{t('chart.coverage', lang)}: {label}"
        for r, label in zip(frame.itertuples(), labels, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=frame["coverage_pct"].fillna(0),
            y=frame["unit"],
            orientation="h",
            marker_color=[COVERAGE_COLOURS.get(s, COVERAGE_COLOURS["unknown"]) for s in frame["status"]],
            text=labels,
            textposition="outside",
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    for pct, level in ((80, "red"), (90, "green")):
        fig.add_vline(x=pct, line_dash="dash", line_color=COVERAGE_COLOURS[level])
    fig.update_xaxes(title=t("chart.coverage", lang), rangemode="tozero")
    fig = _layout(fig, height=max(HEIGHT, 28 * len(frame) + 100), large=large)
    if large:  # the projector's sizes are the meeting page's (pages/7_会议.py)
        return fig
    return _room_for_labels(fig, frame["coverage_pct"].fillna(0), labels, font_px=fig.layout.font.size)


def weekly_and_cumulative(weekly: pd.DataFrame, lang: str) -> go.Figure:
    """One material over the weeks: quantity put up that week (bars) and coverage to date (line, right axis)."""
    weeks = pd.to_datetime(weekly["week"])
    labels = [numbers_zh.week_name(w, lang) for w in weeks]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=weekly["week_quantity"],
            name=t("chart.weekly", lang),
            marker_color=SERIES_COLOURS[0],
            hovertemplate=f"%{{x}}<br>{t('chart.weekly', lang)}: %{{y:,.0f}}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=weekly["coverage_pct"],
            name=t("chart.coverage", lang),
            mode="lines+markers",
            yaxis="y2",
            line={"color": SERIES_COLOURS[1], "width": 3},
            customdata=np.column_stack([weekly["cumulative"].fillna(0), weekly["target"].fillna(0)]),
            hovertemplate=(
                f"%{{x}}<br>{t('chart.coverage', lang)}: %{{y:.0f}}%<br>{t('chart.cumulative', lang)}: "
                f"%{{customdata[0]:,.0f}} / {t('chart.target', lang)}: %{{customdata[1]:,.0f}}<extra></extra>"
            ),
        )
    )
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "ticksuffix": "%"})
    return _week_axis(_layout(fig), weeks, lang)


def reporting_rate(by_week: pd.DataFrame, lang: str, *, large: bool = False) -> go.Figure:
    weeks = pd.to_datetime(by_week["week"])
    labels = [numbers_zh.week_name(w, lang) for w in weeks]
    colours = [
        LEVEL_COLOURS["ok"]
        if r >= 90 - TOLERANCE
        else LEVEL_COLOURS["low"]
        if r >= 80 - TOLERANCE
        else LEVEL_COLOURS["critical"]
        for r in by_week["rate_pct"].fillna(0)
    ]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=by_week["rate_pct"],
            marker_color=colours,
            text=[
                f"{int(r)}/{int(e)}" for r, e in zip(by_week["reported"], by_week["expected"], strict=True)
            ],
            textposition="inside",
            customdata=np.column_stack(
                [
                    by_week["reported"],
                    by_week["expected"],
                    [numbers_zh.cell(r, numbers_zh.PERCENT) for r in by_week["rate_pct"].tolist()],
                ]
            ),
            hovertemplate=(
                f"%{{x}}<br>{t('chart.rate', lang)}: %{{customdata[2]}}<br>"
                f"{t('col.reported', lang)}/{t('col.expected', lang)}: %{{customdata[0]}}/%{{customdata[1]}}"
                "<extra></extra>"
            ),
            showlegend=False,
        )
    )
    fig.update_yaxes(title=t("chart.rate", lang), range=[0, 105], ticksuffix="%")
    return _week_axis(_layout(fig, large=large), weeks, lang)  # short ticks on the projector too
