"""Create the tables (store/tables.py) and apply the upgrades that bring an older database to the current
schema version."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import LargeBinary, inspect, select
from sqlalchemy.engine import Connection, Engine

from store.catalogue import seed_catalogue
from store.engine import write_transaction
from store.partitions import rebuild_report_table
from store.tables import meta, metadata, publicity_reports, stock_reports

SCHEMA_VERSION = 4


def _rebuild_report_tables(conn: Connection) -> None:
    for table in (stock_reports, publicity_reports):
        rebuild_report_table(conn, table)


def _add_latest_history(conn: Connection) -> None:
    # A database older than version 3 had no latest_stock: create_all has just made it, column and all.
    if "history" in {c["name"] for c in inspect(conn).get_columns("latest_stock")}:
        return
    kind = LargeBinary().compile(dialect=conn.dialect)  # BLOB on SQLite, BYTEA on PostgreSQL
    conn.exec_driver_sql(f"ALTER TABLE latest_stock ADD COLUMN history {kind}")


# Upgrades from version N to N+1, applied in order inside one transaction each. Version 1 is the first.
# New tables need no entry (create_all adds them); a new column on an existing table does. An entry is SQL
# text, or a function of the connection for what SQL alone cannot say.
UPGRADES: dict[int, list[str | Callable[[Connection], None]]] = {
    2: ["ALTER TABLE users ADD COLUMN mobile VARCHAR(32)"],  # @-mentions in reminders (push/)
    # The report tables keyed week first, partitioned by week on PostgreSQL (issue 14), rows moved.
    3: [_rebuild_report_tables],
    # Each latest-status row's history (issue 14); until the next write works every unit out, it is blank and
    # the status is worked out from the rows (store/latest_status.py checks latest_status_format).
    4: [_add_latest_history],
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
