"""The reporting deadlines an office set (domain/deadlines.py): read as one policy, changed one level at a time,
each change audited in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from access import audit_actions as acts
from domain.deadlines import Deadline, DeadlinePolicy, policy_from_rows
from store.access_audit import record_audit
from store.connections import reading
from store.latest_status import refresh_latest_status
from store.tables import deadlines
from store.versions import bump_data_version

AUDIT_TARGET = "deadlines"


def load_deadlines(source: Engine | Connection) -> DeadlinePolicy:
    """The policy in force; Monday 12:00 of the next week when nothing was set."""
    query = select(deadlines.c.level, deadlines.c.weekday, deadlines.c.at_time)
    with reading(source) as conn:
        rows = [(str(level), int(weekday), str(at)) for level, weekday, at in conn.execute(query).all()]
    return policy_from_rows(rows)


def save_deadline(
    conn: Connection,
    deadline: Deadline,
    *,
    level: str | None = None,
    actor: str,
    now: datetime | None = None,
) -> None:
    """Set the default deadline (level None) or one level's own, inside the caller's write transaction."""
    key = level or ""
    conn.execute(deadlines.delete().where(deadlines.c.level == key))
    conn.execute(
        deadlines.insert().values(
            level=key,
            weekday=deadline.weekday,
            at_time=deadline.time_text,
            set_by=str(actor)[:128],
            set_at=now or datetime.now(),
        )
    )
    detail = {"level": key or "default", "weekday": deadline.weekday, "time": deadline.time_text}
    record_audit(conn, actor, acts.SETTINGS_CHANGED, AUDIT_TARGET, detail)
    bump_data_version(conn)  # the pages cache timeliness per data version
    refresh_latest_status(conn)  # no report row changed: the latest status stays current


def remove_deadline(conn: Connection, level: str, *, actor: str) -> bool:
    """Drop a level's own deadline, so its units follow the default again. False when it had none."""
    if not level:
        raise ValueError("the default deadline can be changed, not removed")
    gone = conn.execute(deadlines.delete().where(deadlines.c.level == level)).rowcount
    if gone:
        record_audit(conn, actor, acts.SETTINGS_CHANGED, AUDIT_TARGET, {"level": level, "removed": True})
        bump_data_version(conn)
        refresh_latest_status(conn)
    return bool(gone)
