"""The weekly report tables on PostgreSQL: one partition per week (declarative, PARTITION BY RANGE (week)),
made when a write first needs it, inside the writer's transaction. SQLite keeps one table per kind.

Why by week: a week's upload writes into its own, new partition, so its cost stays the same however many weeks
are stored (a unit-first index over all weeks has every leaf page touched by each new week), and a new week's
rows are checked against units, items and uploads once, set-wise, when their partition is attached, instead of
by three foreign-key triggers per row (the 8.7 s of a province import on PostgreSQL, issue 14).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Table, inspect
from sqlalchemy.engine import Connection


def partitioned(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def partition_name(table: Table, week: date) -> str:
    return f"{table.name}_w{week:%Y%m%d}"


def _bounds(week: date) -> str:
    return f"FROM ('{week.isoformat()}') TO ('{(week + timedelta(days=7)).isoformat()}')"


def existing_partitions(conn: Connection, table: Table) -> set[str]:
    """The names of the table's partitions (pg_inherits)."""
    rows = conn.exec_driver_sql(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %(parent)s::regclass",
        {"parent": table.name},
    )
    return {r[0] for r in rows}


def ensure_partitions(conn: Connection, table: Table, weeks: list[date]) -> None:
    """A partition for each of these weeks that has none yet (PostgreSQL; nothing to do on SQLite)."""
    if not partitioned(conn) or not weeks:
        return
    have = existing_partitions(conn, table)
    for week in sorted(set(weeks)):
        name = partition_name(table, week)
        if name not in have:
            conn.exec_driver_sql(f"CREATE TABLE {name} PARTITION OF {table.name} FOR VALUES {_bounds(week)}")


def new_partition_table(conn: Connection, table: Table, week: date) -> str:
    """A plain table shaped like `table`, to be filled and then attached as `week`'s partition."""
    name = partition_name(table, week)
    conn.exec_driver_sql(f"CREATE TABLE {name} (LIKE {table.name} INCLUDING DEFAULTS)")
    return name


def attach_partition(conn: Connection, table: Table, name: str, week: date) -> None:
    """Attach a filled table as `week`'s partition. PostgreSQL builds the parent's indexes on it and checks
    its rows against the parent's foreign keys in one query each (a violation fails the transaction)."""
    conn.exec_driver_sql(f"ALTER TABLE {table.name} ATTACH PARTITION {name} FOR VALUES {_bounds(week)}")


def rebuild_report_table(conn: Connection, table: Table) -> None:
    """Upgrade 3: bring a report table to its current shape (week-first key, no week or upload_id index;
    partitioned by week on PostgreSQL), moving its rows. One transaction with the rest of the upgrade."""
    if inspect(conn).get_pk_constraint(table.name)["constrained_columns"][:1] == ["week"]:
        return  # already in shape (a database made by this version, its version number set back by a test)
    old = f"{table.name}_v2"
    for index in ("week", "upload_id"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table.name}_{index}")
    conn.exec_driver_sql(f"ALTER TABLE {table.name} RENAME TO {old}")
    if partitioned(conn):
        # Constraint and index names stay with the renamed table; the new one needs its own.
        conn.exec_driver_sql(f"ALTER TABLE {old} RENAME CONSTRAINT {table.name}_pkey TO {old}_pkey")
    table.create(conn)
    columns = ", ".join(c.name for c in table.columns)
    if partitioned(conn):
        weeks = [r[0] for r in conn.exec_driver_sql(f"SELECT DISTINCT week FROM {old}")]
        ensure_partitions(conn, table, weeks)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {old}")
    conn.exec_driver_sql(f"DROP TABLE {old}")
