"""The brief's charts as plotly figures, made from the parts of a Brief (pure: Brief parts in, go.Figure out).

The PDF draws them as pictures (exports/figure_png.py); the figures only lay out what the Brief holds, with
the numbers written by the one formatter (metrics/numbers_zh.py) so a bar's label reads as the table beside it.
The colours are the pages' (pages/common/charts.py, which a brief may not import: it belongs to the screens),
so a level has one colour on the screen and on paper.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from briefs.content import DaysChart
from briefs.texts import bt
from metrics import numbers_zh
from metrics.headline import CHART_UNITS
from metrics.labels import label

LEVEL_COLOURS = {
    "stockout": "#7f0000",
    "critical": "#d32f2f",
    "low": "#f9a825",
    "ok": "#2e7d32",
    "unknown": "#9e9e9e",
    "none": "#9e9e9e",
}
COVERAGE_COLOURS = {
    "red": "#d32f2f",
    "amber": "#f9a825",
    "green": "#2e7d32",
    "over": "#6a1b9a",
    "unknown": "#9e9e9e",
}
ON_HAND_COLOUR, USED_COLOUR = "#1565c0", "#ef6c00"
# The font the PDF embeds; the server draws pictures with the fonts installed on it (fonts-noto-cjk).
FONT = "Noto Sans CJK SC"
# Pictures are drawn this wide in CSS pixels and placed across the A4 text width (180 mm): 5 px a millimetre.
WIDTH = 900
BAR_HEIGHT = 30  # pixels per unit of a bar chart
COVERAGE_LINES = (80.0, 90.0, 100.0)
FONT_SIZE = 15


def plain(value) -> str:
    """Plotly reads a subset of HTML in labels: a unit named "<b>x</b>" must show its brackets, not bold."""
    return html.escape(str(value), quote=False)


def unit_labels(rows: pd.DataFrame) -> list[str]:
    """One bar per unit: two units of one name get their codes, or plotly would stack them on one bar."""
    names = rows["unit"].astype(str)
    twice = set(names[names.duplicated(keep=False)])
    return [
        plain(f"{name}（{code}）" if name in twice else name)
        for name, code in zip(names, rows["unit_code"], strict=True)
    ]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """About how wide a label is drawn, in pixels: a Chinese character is square, a Latin one about half."""
    return sum(size if ord(char) >= 0x2E80 else 0.6 * size for char in text)


def _layout(fig: go.Figure, height: int, *, left: float = 70) -> go.Figure:
    """Margins are set here, not left to plotly's automargin: that is a second layout pass, and a picture taken
    by kaleido on a busy machine came out before it (axis labels cut at the left and the bottom)."""
    fig.update_layout(
        width=WIDTH,
        height=height,
        font={"family": FONT, "size": FONT_SIZE, "color": "#212121"},
        margin={"l": round(left), "r": 40, "t": 36, "b": 72},
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=".,",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
    )
    fig.update_xaxes(
        showgrid=True, gridcolor="#e0e0e0", zeroline=True, zerolinecolor="#9e9e9e", automargin=False
    )
    fig.update_yaxes(automargin=False)
    return fig


def _label_margin(labels: list[str]) -> float:
    """Room for the longest unit name left of the bars (escaped names: count "&amp;" as one character)."""
    return 16 + max([40.0, *(text_width(html.unescape(name)) for name in labels)])


def bars_height(n_bars: int) -> int:
    return 110 + BAR_HEIGHT * max(n_bars, 1)


def trend_height(n_rows: int) -> int:
    return 60 + 300 * max(n_rows, 1)


def days_bars(chart: DaysChart, lang: str) -> go.Figure:
    """Days of supply by unit, fewest at the top, coloured by level, with the critical and low lines; of more
    than CHART_UNITS units, the first CHART_UNITS (the fewest days), said under the chart."""
    rows = chart.rows.head(CHART_UNITS)
    labels = unit_labels(rows)
    days = rows["days_of_supply"].astype(float)
    texts = [bt("chart.days_unknown", lang) if math.isnan(d) else numbers_zh.days(d) for d in days]
    fig = go.Figure(
        go.Bar(
            x=days.fillna(0.0),
            y=labels,
            orientation="h",
            marker_color=[LEVEL_COLOURS.get(s, LEVEL_COLOURS["unknown"]) for s in rows["status"]],
            text=texts,
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
        )
    )
    lines = ((chart.critical_days, "critical"), (chart.low_days, "low"))
    for at, level in lines:
        text = bt(f"line.{level}", lang, days=f"{at:g}")
        _marked_line(fig, at, LEVEL_COLOURS[level], text, xanchor="right" if level == "critical" else "left")
    longest = max([0.0, *days.dropna(), *(at for at, _ in lines)])
    title = bt("col.days", lang)
    if len(chart.rows) > CHART_UNITS:
        title += bt("chart.fewest_days_of", lang, shown=CHART_UNITS, total=len(chart.rows))
    fig.update_xaxes(title=title, range=[0, longest * 1.18 + 1])
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, bars_height(len(rows)), left=_label_margin(labels))


def trend_lines(trend: pd.DataFrame, base_units: dict[str, str], lang: str) -> go.Figure:
    """Stock on hand (line) and use (bars) over the weeks, one small chart per item, two to a row."""
    items = list(dict.fromkeys(trend["item"]))
    names = dict(zip(trend["item"], trend["item_name"], strict=False))
    titles = [
        plain(bt("col.in_unit", lang, header=names[item], unit=base_units[item]))
        if base_units.get(item)
        else plain(names[item])
        for item in items
    ]
    rows = max(1, math.ceil(len(items) / 2))
    fig = make_subplots(
        rows=rows, cols=2, subplot_titles=titles, vertical_spacing=0.24 / rows, horizontal_spacing=0.1
    )
    for i, item in enumerate(items):
        part = trend[trend["item"] == item].sort_values("week")
        weeks = [short_week(w, lang) for w in part["week"]]
        where = {"row": i // 2 + 1, "col": i % 2 + 1}
        fig.add_trace(
            go.Bar(
                x=weeks,
                y=part["used"],
                name=bt("chart.used", lang),
                marker_color=USED_COLOUR,
                showlegend=i == 0,
            ),
            **where,
        )
        fig.add_trace(
            go.Scatter(
                x=weeks,
                y=part["on_hand"],
                name=bt("chart.on_hand", lang),
                mode="lines+markers",
                line={"color": ON_HAND_COLOUR, "width": 3},
                showlegend=i == 0,
            ),
            **where,
        )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(rangemode="tozero", gridcolor="#e0e0e0", tickformat=",d")
    fig.update_annotations(font_size=15)
    _layout(fig, trend_height(rows), left=80)
    fig.update_layout(legend={"y": 1.0 + 40 / trend_height(rows)})
    return fig


def short_week(monday, lang: str) -> str:
    """第12周 / W12: eight ticks under a half-width chart have no room for the year (the title block says it)."""
    week = pd.Timestamp(monday).isocalendar()[1]
    return f"W{week:02d}" if lang == "en" else f"第{week}周"


def coverage_bars(rows: pd.DataFrame, lang: str) -> go.Figure:
    """Coverage of one material by unit, coloured by band, with the 80, 90 and 100 % lines; of more than
    CHART_UNITS units, the CHART_UNITS lowest (unknown coverage after), said under the chart."""
    total = len(rows)
    if total > CHART_UNITS:
        rows = rows.sort_values("coverage_pct", na_position="last", kind="stable").head(CHART_UNITS)
    pct = rows["coverage_pct"].astype(float)
    labels = unit_labels(rows)
    texts = [label("cov.unknown", lang) if math.isnan(p) else numbers_zh.percent(p) for p in pct]
    fig = go.Figure(
        go.Bar(
            x=pct.fillna(0.0),
            y=labels,
            orientation="h",
            marker_color=[COVERAGE_COLOURS.get(s, COVERAGE_COLOURS["unknown"]) for s in rows["status"]],
            text=texts,
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
        )
    )
    colours = {
        80.0: COVERAGE_COLOURS["red"],
        90.0: COVERAGE_COLOURS["amber"],
        100.0: COVERAGE_COLOURS["green"],
    }
    for at in COVERAGE_LINES:
        _marked_line(fig, at, colours[at], f"{at:g}%")
    widest = max([100.0, *pct.dropna()])
    title = bt("col.coverage", lang)
    if total > CHART_UNITS:
        title += bt("chart.lowest_coverage_of", lang, shown=CHART_UNITS, total=total)
    fig.update_xaxes(title=title, range=[0, widest * 1.15])
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, bars_height(len(rows)), left=_label_margin(labels))


def _marked_line(fig: go.Figure, at: float, colour: str, text: str, *, xanchor: str = "auto") -> None:
    """A dashed threshold line at x = `at`, its name above the plot, where no bar or value can hide it."""
    fig.add_vline(x=at, line_dash="dash", line_width=2, line_color=colour)
    fig.add_annotation(
        x=at,
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor=xanchor,
        text=text,
        showarrow=False,
        font={"color": colour},
    )
