"""The reporting page's timeliness (docs/figures.md R3): the on-time rate beside the reporting rate, and one
unit's weeks on time, late (how late) or missing. Reads through store/arrivals.py and store/deadlines.py,
computes with metrics/timeliness.py, caches per data version (a deadline change bumps it too)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from domain.deadlines import DeadlinePolicy
from domain.levels import LEVEL_NAMES
from metrics import numbers_zh
from metrics.labels import label
from metrics.reporting import expected_units
from metrics.timeliness import (
    LATE,
    lateness_text,
    timeliness_summary,
    unit_history,
    week_timeliness,
)
from pages.common import data
from pages.common import units as unit_cache
from pages.common.tables import labelled, table_with_downloads
from pages.common.version_cache import versioned
from store.arrivals import report_arrivals
from store.deadlines import load_deadlines

HISTORY_COLUMNS = {
    "week_text": "col.week",
    "status_text": "col.timely_status",
    "how_late": "col.how_late",
    "due_text": "col.due",
    "arrived_text": "col.arrived",
}


@versioned
@st.cache_data(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def deadline_policy(url: str, version: int) -> DeadlinePolicy:
    return load_deadlines(data.engine_for(url))


# Shared read-only (st.cache_resource): a province's 30,000 expected units and their arrivals, unpickled by
# st.cache_data on every run, were a third of the reporting page's warm run.
@versioned
@st.cache_resource(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def expected_and_arrivals(url: str, version: int, week: str, unit_code: str | None):
    """The units expected to report `week` (R1, as the reporting rate counts them) and their arrivals."""
    f = data.frames(url, version)
    window = data.report_window(url, version, week)
    expected = expected_units(
        f.units,
        window,
        data.publicity_upto(url, version, week),
        week=week,
        unit_code=unit_code,
        tree=data.tree(url, version),
        last=data.last_reports(url, version, week),
    )
    arrivals = report_arrivals(
        data.engine_for(url), weeks=[date.fromisoformat(week)], unit_codes=list(expected["code"])
    )
    return expected, arrivals


@versioned
@st.cache_resource(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def expected_codes(url: str, version: int, week: str, unit_code: str | None) -> frozenset[str]:
    """The codes of expected_and_arrivals' expected units, the unit picker's choices. Shared read-only."""
    expected, _ = expected_and_arrivals(url, version, week, unit_code)
    return frozenset(expected["code"].to_numpy(dtype=object).tolist())


@versioned
@st.cache_data(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def unit_arrivals(url: str, version: int, unit_code: str) -> pd.DataFrame:
    return report_arrivals(data.engine_for(url), unit_codes=[unit_code])


def deadline_words(policy: DeadlinePolicy, ctx) -> str:
    """「下一周周一 12:00」, and each level's own after it (「村居：下一周周二 09:00」)."""

    def when(deadline) -> str:
        return ctx.t("deadline.when", weekday=weekday_name(deadline.weekday, ctx), time=deadline.time_text)

    parts = [when(policy.default)]
    parts += [
        f"{level_name(level, ctx.lang)}{'：' if ctx.lang != 'en' else ': '}{when(d)}"
        for level, d in policy.by_level
    ]
    return ("；" if ctx.lang != "en" else "; ").join(parts)


def weekday_name(weekday: int, ctx) -> str:
    return ctx.t(f"weekday.{weekday}")


def level_name(level: str, lang: str) -> str:
    pair = LEVEL_NAMES.get(level, (level, level))
    return pair[1] if lang == "en" else pair[0]


# Before any deadline: a table worked out as of then holds every unit without a report as not yet due.
_BEFORE_ANY_DEADLINE = datetime(1900, 1, 1)


@versioned
@st.cache_resource(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def week_table(url: str, version: int, week: str, unit_code: str | None) -> pd.DataFrame:
    """week_timeliness of the view as of before any deadline, worked out once (one row per expected unit, a
    Python step each); each run brings it to its own clock with as_of."""
    expected, arrivals = expected_and_arrivals(url, version, week, unit_code)
    policy = deadline_policy(url, version)
    return week_timeliness(expected, arrivals, policy, week=week, now=_BEFORE_ANY_DEADLINE)


def on_time_metric(ctx) -> dict:
    """The on-time tile beside the reporting rate; returns the week's summary."""
    policy = deadline_policy(ctx.url, ctx.version)
    summary = timeliness_summary(week_table(ctx.url, ctx.version, ctx.week, ctx.unit_code), datetime.now())
    st.metric(
        ctx.t("timely.rate", week=ctx.week_text()),
        f"{summary['on_time']}/{summary['expected']}",
        delta=None
        if summary["on_time_rate_pct"] is None
        else numbers_zh.percent(summary["on_time_rate_pct"]),
        delta_color="off",
        delta_arrow="off",
        border=True,
        width=240,
        help=ctx.t("timely.rate_help", deadline=deadline_words(policy, ctx)),
    )
    if summary[LATE]:
        st.caption(ctx.t("timely.late_units", n=summary[LATE]))
    return summary


def unit_history_section(ctx) -> None:
    """A chosen unit's weeks (newest first): status, how late, the deadline and when the report arrived."""
    st.subheader(ctx.t("timely.history"))
    expected, _ = expected_and_arrivals(ctx.url, ctx.version, ctx.week, ctx.unit_code)
    if expected.empty:
        return
    allowed = expected_codes(ctx.url, ctx.version, ctx.week, ctx.unit_code)
    codes, cut = ctx.units.picker_codes(ctx.unit_code, allowed, unit_cache.PICKER_LIMIT)
    if cut:
        st.caption(ctx.t("picker.cut"))
    if not codes:
        return
    names = ctx.units.names
    code = st.selectbox(
        ctx.t("timely.pick_unit"),
        codes,
        format_func=names.get,
        key="timely_unit",
        placeholder=ctx.t("filter.choose"),
    )
    if code is None:
        return
    f = data.frames(ctx.url, ctx.version)
    weeks = [w for w in f.weeks if w.isoformat() <= ctx.week]
    history = unit_history(
        f.units,
        unit_arrivals(ctx.url, ctx.version, code),
        deadline_policy(ctx.url, ctx.version),
        unit_code=code,
        weeks=weeks,
        now=datetime.now(),
        table=data.tree(ctx.url, ctx.version)[0],
    )
    if history.empty:
        st.info(ctx.t("timely.no_weeks"))
        return
    shown = history.assign(
        week_text=history["week"].map(ctx.week_text),
        status_text=history["status"].map(lambda s: label(f"timely.{s}", ctx.lang)),
        how_late=history["late_hours"].map(lambda h: lateness_text(h, ctx.lang)),
        due_text=history["due"].map(_moment),
        arrived_text=history["arrived_at"].map(_moment),
    )
    table_with_downloads(
        labelled(shown, HISTORY_COLUMNS, ctx.lang),
        f"timeliness_{code}",
        ctx.lang,
        key="timely",
        expanded=True,
    )


def _moment(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
