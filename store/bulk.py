"""Loading many rows fast: into a temporary staging table (COPY on PostgreSQL, executemany on SQLite),
then set-based SQL. A province upload is 450,000 rows; row-by-row ORM inserts would take minutes.
"""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Table
from sqlalchemy.engine import Connection


def rows_as_tuples(frame: pd.DataFrame, columns: list[str], *, dates_as_text: bool) -> list[tuple]:
    """Column-wise conversion (NaN → None, week → date) that stays fast at hundreds of thousands of rows."""
    prepared = []
    for column in columns:
        values = frame[column]
        if column == "week":
            weeks = pd.to_datetime(values)
            labels = {w: (w.date().isoformat() if dates_as_text else w.date()) for w in weeks.unique()}
            prepared.append(weeks.map(labels).tolist())
        elif pd.api.types.is_float_dtype(values):
            if dates_as_text:
                # SQLite binds a NaN double as NULL itself; skipping the per-value check halves the time.
                prepared.append(values.tolist())
            else:
                prepared.append([None if math.isnan(v) else v for v in values.tolist()])
        else:
            prepared.append(
                [
                    None if v is None or (isinstance(v, float) and math.isnan(v)) else v
                    for v in values.tolist()
                ]
            )
    return list(zip(*prepared, strict=True))


def load_staging(conn: Connection, like: Table, name: str, columns: list[str], rows: list[tuple]) -> None:
    """A temporary table shaped like `like`, holding `rows`; dropped by `drop_staging`."""
    column_list = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE TEMP TABLE {name} (LIKE {like.name}) ON COMMIT DROP")
        cursor = conn.connection.dbapi_connection.cursor()
        with cursor.copy(f"COPY {name} ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(f"CREATE TEMP TABLE {name} AS SELECT * FROM {like.name} WHERE 0")
    cursor = conn.connection.dbapi_connection.cursor()
    placeholders = ", ".join("?" for _ in columns)
    cursor.executemany(f"INSERT INTO {name} ({column_list}) VALUES ({placeholders})", rows)


def drop_staging(conn: Connection, name: str) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
