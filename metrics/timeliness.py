"""Timeliness (docs/figures.md R3): per unit and week, on time, late (and by how much) or missing.

Rules decided here:
- The deadline of week W for a unit is DeadlinePolicy.due(W, the unit's level): by default Monday 12:00 of
  the week after W.
- A unit's report of W arrived when its first imported upload holding a row of W did (store/arrivals.py); a
  zero report (零报告) is a report. Arrived at or before the deadline, to the second: on time. After: late,
  by arrived − due in hours.
- No report yet: missing once the deadline has passed (at `now`), else not due yet (not counted against
  anyone: it is neither on time nor missing).
- on-time rate = on time ÷ expected × 100 (DHIS2's "reporting rate on time"; expected as in R1), beside the
  reporting rate = (on time + late) ÷ expected × 100.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from domain.deadlines import DeadlinePolicy
from metrics.tree import unit_tree

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
NOT_DUE = "not_due"
STATUSES = (ON_TIME, LATE, MISSING, NOT_DUE)
TIMELINESS_COLUMNS = ["unit_code", "unit", "level", "week", "due", "arrived_at", "status", "late_hours"]


def week_timeliness(
    expected: pd.DataFrame,
    arrivals: pd.DataFrame,
    policy: DeadlinePolicy,
    *,
    week: date | str,
    now: datetime,
) -> pd.DataFrame:
    """One row per expected unit (code, name, level) for the week starting `week`: TIMELINESS_COLUMNS."""
    monday = pd.Timestamp(week).normalize()
    arrived = _arrivals_of(arrivals, monday)
    codes = [str(code) for code in expected["code"].tolist()]
    levels = [None if level is None else str(level) for level in expected["level"].tolist()]
    # Each level's deadline once: a province has 30,000 units and a handful of levels.
    due_of = {level: pd.Timestamp(policy.due(monday.date(), level)) for level in set(levels)}
    due = [due_of[level] for level in levels]
    arrived_at = [_arrival(arrived.get(code)) for code in codes]
    clock = pd.Timestamp(now)
    outcomes = [_status(came, deadline, clock) for came, deadline in zip(arrived_at, due, strict=True)]
    columns = [
        codes,
        expected["name"].tolist(),
        expected["level"].tolist(),
        [monday.date().isoformat()] * len(codes),
    ]
    columns += [due, arrived_at, [status for status, _ in outcomes], [late for _, late in outcomes]]
    # Built from Python values, so pandas infers each column's type as it did from one dict per unit (an
    # arrival or a lateness in no row stays a column of None).
    return pd.DataFrame(dict(zip(TIMELINESS_COLUMNS, columns, strict=True)), columns=TIMELINESS_COLUMNS)


def as_of(table: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """A week_timeliness table worked out for an earlier `now`, brought to this `now`: a unit with no report is
    missing once its deadline has passed, the only status the clock moves. The pages keep the table worked out
    once and count its settled statuses on each run (timeliness_summary with `now`: a province's 30,000 rows
    worked out anew cost half a second a run)."""
    overdue = ((table["status"] == NOT_DUE) & (table["due"] < pd.Timestamp(now))).to_numpy()
    return table.assign(status=np.where(overdue, MISSING, table["status"].to_numpy(dtype=object)))


def timeliness_summary(table: pd.DataFrame, now: datetime | None = None) -> dict:
    """{"expected", "on_time", "late", "missing", "not_due", "on_time_rate_pct"} of a week_timeliness table;
    given `now`, of the table as_of(table, now), counted without building it (the reporting page's tile on
    every run: a province's 30,000 rows copied cost 0.01 s a click)."""
    status = table["status"].to_numpy(dtype=object)
    counts = {name: int((status == name).sum()) for name in STATUSES}
    if now is not None:
        overdue = int(((status == NOT_DUE) & (table["due"] < pd.Timestamp(now)).to_numpy()).sum())
        counts[NOT_DUE] -= overdue
        counts[MISSING] += overdue
    expected = len(table)
    return {
        "expected": expected,
        **counts,
        # Exact; the one formatter cuts it for display, as the reporting rate.
        "on_time_rate_pct": 100.0 * counts[ON_TIME] / expected if expected else None,
    }


def unit_history(
    units: pd.DataFrame,
    arrivals: pd.DataFrame,
    policy: DeadlinePolicy,
    *,
    unit_code: str,
    weeks: list[date],
    now: datetime,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A unit's timeliness week by week, newest first, over the weeks it was expected (R1: every week for a
    unit with no active unit below it; for another unit, from the first week it reported). `table`: the unit
    table of metrics.tree.unit_tree(units) when the caller keeps one (a province's takes 0.1 s to build)."""
    if table is None:
        table, _ = unit_tree(units)
    found = table[table["code"] == str(unit_code)]
    if found.empty:
        raise KeyError(f"unknown unit code {unit_code!r}")
    unit = found.iloc[0]
    mine = arrivals[arrivals["unit_code"].astype(str) == str(unit_code)]
    chosen = sorted({pd.Timestamp(w).normalize() for w in weeks})
    if not bool(unit["is_leaf"]):
        first = mine["week"].min() if len(mine) else None
        chosen = [] if first is None else [w for w in chosen if w >= first]
    arrived = dict(zip(mine["week"], mine["arrived_at"], strict=True))
    rows = [
        _row(unit["code"], unit["name"], unit["level"], monday, arrived.get(monday), policy, now)
        for monday in reversed(chosen)
    ]
    return pd.DataFrame(rows, columns=TIMELINESS_COLUMNS)


def lateness_text(hours: float | None, lang: str = "zh") -> str:
    """How late, as a person says it: 4 小时 / 1 天 3.5 小时 (4 h / 1 d 3.5 h); hours cut to one decimal, so a
    report 59 minutes late never reads as a full hour."""
    if hours is None or hours != hours:
        return ""
    if hours < 1:
        minutes = int(np.floor(hours * 60 + 1e-9))
        if not minutes:
            return "under 1 min" if lang == "en" else "不到 1 分钟"
        return f"{minutes} min" if lang == "en" else f"{minutes} 分钟"
    tenths = int(np.floor(hours * 10 + 1e-9))
    days, rest = divmod(tenths, 240)
    hours_text = f"{rest // 10}" if rest % 10 == 0 else f"{rest / 10:.1f}"
    day_word, hour_word = ("d", "h") if lang == "en" else ("天", "小时")
    if not days:
        return f"{hours_text} {hour_word}"
    return f"{days} {day_word}" if rest == 0 else f"{days} {day_word} {hours_text} {hour_word}"


def _arrivals_of(arrivals: pd.DataFrame, monday: pd.Timestamp) -> dict:
    rows = arrivals[pd.to_datetime(arrivals["week"]) == monday]
    return dict(zip(rows["unit_code"].astype(str), pd.to_datetime(rows["arrived_at"]), strict=True))


def _row(code, name, level, monday: pd.Timestamp, arrived, policy: DeadlinePolicy, now: datetime) -> dict:
    due = pd.Timestamp(policy.due(monday.date(), None if level is None else str(level)))
    came = _arrival(arrived)
    status, late = _status(came, due, pd.Timestamp(now))
    return {
        "unit_code": str(code),
        "unit": name,
        "level": level,
        "week": monday.date().isoformat(),
        "due": due,
        "arrived_at": came,
        "status": status,
        "late_hours": late,
    }


def _arrival(arrived) -> pd.Timestamp | None:
    return None if arrived is None or pd.isna(arrived) else pd.Timestamp(arrived)


def _status(came: pd.Timestamp | None, due: pd.Timestamp, clock: pd.Timestamp) -> tuple[str, float | None]:
    """(status, hours late) of a report that came at `came` (None: not yet) against `due`, at `clock`."""
    if came is None:
        return (MISSING if clock > due else NOT_DUE), None
    if came <= due:
        return ON_TIME, None
    return LATE, (came - due).total_seconds() / 3600
