"""Insert-or-replace by key, in the dialect of the database at hand (SQLite and PostgreSQL both say ON CONFLICT)."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

BATCH_ROWS = 5_000


def upsert(
    conn: Connection, table: Table, rows: list[dict], *, key: list[str], update: list[str] | None = None
) -> None:
    """Insert the rows; a row whose key exists replaces the `update` columns only (every column when None)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    updated = {
        c.name: statement.excluded[c.name]
        for c in table.columns
        if c.name not in key and (update is None or c.name in update)
    }
    statement = statement.on_conflict_do_update(index_elements=key, set_=updated)
    for start in range(0, len(rows), BATCH_ROWS):
        conn.execute(statement, rows[start : start + BATCH_ROWS])
