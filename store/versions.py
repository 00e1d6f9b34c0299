"""The data version: a counter bumped by every write, so caches (in any server process) know to refresh."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from store.tables import meta


def bump_data_version(conn: Connection) -> None:
    current = conn.execute(select(meta.c.value).where(meta.c.key == "data_version")).scalar() or "0"
    conn.execute(meta.update().where(meta.c.key == "data_version").values(value=str(int(current) + 1)))


def data_version(engine: Engine) -> int:
    with engine.connect() as conn:
        value = conn.execute(select(meta.c.value).where(meta.c.key == "data_version")).scalar()
    return int(value or 0)
