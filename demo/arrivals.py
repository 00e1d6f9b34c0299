"""When the demo district's reports "arrived": the demo is one upload made when it was loaded, which would make
every week years late. So the demo says when each unit's week came in, as a rule the timeliness read applies
to the demo upload's rows (store/arrivals.py): most units report on Monday morning, before the default
deadline (Monday 12:00 of the next week); 上坪村 always on Tuesday afternoon; 新桥社区 late twice. No figure
of the demo changes. Pure: no store, no randomness, so tests can work the demo's on-time rate out by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

ON_TIME_AT = time(9, 30)  # Monday of the following week
ALWAYS_LATE = {"C0302": (1, time(15, 30))}  # 上坪村: Tuesday 15:30, 27.5 hours after Monday 12:00
LATE_WEEKS = {"C0203": ({date(2020, 2, 24), date(2020, 3, 16)}, time(16, 0))}  # 新桥社区: 4 hours late


def demo_arrival(unit_code: str, week: date) -> datetime:
    """When the demo's figures of `unit_code` for the week starting `week` (a Monday) arrived."""
    next_monday = week + timedelta(days=7)
    if unit_code in ALWAYS_LATE:
        days_after, at = ALWAYS_LATE[unit_code]
        return datetime.combine(next_monday + timedelta(days=days_after), at)
    late_weeks, at = LATE_WEEKS.get(unit_code, (set(), ON_TIME_AT))
    return datetime.combine(next_monday, at if week in late_weeks else ON_TIME_AT)
