"""The parse limits an administrator set, kept as `limit.<name>` rows of the meta table."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from domain.parse_limits import ParseLimits, limits_from_mapping
from store.tables import meta

PREFIX = "limit."


def load_parse_limits(engine: Engine) -> ParseLimits:
    with engine.connect() as conn:
        rows = conn.execute(select(meta.c.key, meta.c.value).where(meta.c.key.like(PREFIX + "%"))).all()
    return limits_from_mapping({key.removeprefix(PREFIX): value for key, value in rows})


def save_parse_limits(conn: Connection, limits: ParseLimits) -> None:
    """Store every limit (inside the caller's write transaction, so the audit row goes with it)."""
    for name, value in asdict(limits).items():
        key = PREFIX + name
        conn.execute(meta.delete().where(meta.c.key == key))
        conn.execute(meta.insert().values(key=key, value=str(value)))
