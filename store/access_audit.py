"""The audit log: who did what, when, to what — logins, uploads, undoes, settings, users, view links."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from access.audit_actions import AUDIT_ACTIONS
from access.tokens import naive_utc, utc_now
from store.connections import reading
from store.tables import audit_log

AUDIT_COLUMNS = ["id", "at", "actor", "action", "target", "detail"]


def record_audit(
    conn: Connection,
    actor: str,
    action: str,
    target: str = "",
    detail: dict | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Write one audit row in the caller's transaction, so the row and the change it records stand or fall together."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; add it to access/audit_actions.py")
    conn.execute(
        audit_log.insert().values(
            at=naive_utc(now) if now is not None else utc_now(),
            actor=str(actor)[:128],
            action=action,
            target=str(target or "")[:255],
            detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def load_audit(source: Engine | Connection, limit: int = 500, *, action: str | None = None) -> pd.DataFrame:
    """The newest `limit` rows first; `at` is naive UTC, `detail` a dict."""
    query = select(*[audit_log.c[c] for c in AUDIT_COLUMNS]).order_by(audit_log.c.id.desc()).limit(limit)
    if action is not None:
        query = query.where(audit_log.c.action == action)
    with reading(source) as conn:
        frame = pd.DataFrame(conn.execute(query).all(), columns=AUDIT_COLUMNS)
    frame["detail"] = frame["detail"].map(json.loads)
    return frame
