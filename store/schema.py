"""Create the tables (store/tables.py) and apply the upgrades that bring an older database to the current
schema version."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine

from store.catalogue import seed_catalogue
from store.engine import write_transaction
from store.latest_status import VERSION_KEY
from store.latest_uses import FORMAT_KEY
from store.partitions import rebuild_report_table
from store.tables import meta, metadata, publicity_reports, stock_reports

SCHEMA_VERSION = 5


def _rebuild_report_tables(conn: Connection) -> None:
    for table in (stock_reports, publicity_reports):
        rebuild_report_table(conn, table)


def _replace_latest_stock(conn: Connection) -> None:
    # Derived rows only: the tables of a row per unit × item and of each unit's last week go (latest_units,
    # created with the other new tables, holds both now), and the latest status is marked as not current, so
    # the pages work figures out from the rows until the next write works every unit out.
    for name in ("latest_stock", "latest_stock_units"):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    conn.execute(delete(meta).where(meta.c.key.in_([VERSION_KEY, FORMAT_KEY])))


# Upgrades from version N to N+1, applied in order inside one transaction each. Version 1 is the first.
# New tables need no entry (create_all adds them); a new column on an existing table does. An entry is SQL
# text, or a function of the connection for what SQL alone cannot say.
UPGRADES: dict[int, list[str | Callable[[Connection], None]]] = {
    2: ["ALTER TABLE users ADD COLUMN mobile VARCHAR(32)"],  # @-mentions in reminders (push/)
    # The report tables keyed week first, partitioned by week on PostgreSQL (issue 14), rows moved.
    3: [_rebuild_report_tables],
    # 4 packed the latest-status rows with each row's history (issue 14); 5 holds them a table row per unit
    # instead, and its step replaces what 4 built.
    4: [],
    5: [_replace_latest_stock],
}


def ensure_schema(engine: Engine) -> int:
    """Create missing tables, seed the catalogue on creation, and apply pending upgrades. Returns the version."""
    # One creator at a time (BEGIN IMMEDIATE on SQLite, the writers' advisory lock on PostgreSQL): eight first
    # `init`s at once failed with "database is locked" or UniqueViolation (issue 11); now the others wait, then
    # find the tables and the seeded catalogue there.
    with write_transaction(engine) as conn:
        metadata.create_all(conn)
        version = _read_version(conn)
        if version is None:
            conn.execute(
                meta.insert(),
                [
                    {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                    {"key": "data_version", "value": "0"},
                ],
            )
            seed_catalogue(conn)
            return SCHEMA_VERSION
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in UPGRADES.get(target, []):
                if callable(statement):
                    statement(conn)
                else:
                    conn.exec_driver_sql(statement)
            conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(target)))
    return max(version, SCHEMA_VERSION)


def _read_version(conn: Connection) -> int | None:
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return None if value is None else int(value)
