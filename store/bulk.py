"""Loading many rows fast: into a temporary staging table (COPY on PostgreSQL, executemany on SQLite),
then set-based SQL. A province upload is 450,000 rows; row-by-row ORM inserts would take minutes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sqlalchemy import Table
from sqlalchemy.engine import Connection


def rows_as_tuples(frame: pd.DataFrame, columns: list[str], *, dates_as_text: bool) -> list[tuple]:
    """Column-wise conversion (NaN → None, week → date) that stays fast at hundreds of thousands of rows.

    Each column becomes a plain list in C (numpy's tolist), and zip builds the tuples: a Python loop per
    value, or iterating pandas' Arrow-backed strings, costs several times more at province scale.
    """
    return list(zip(*column_lists(frame, columns, dates_as_text=dates_as_text), strict=True))


def column_lists(frame: pd.DataFrame, columns: list[str], *, dates_as_text: bool) -> list[list]:
    """rows_as_tuples' columns before they are zipped: a caller may add columns of its own."""
    return [_column_values(frame[c], c == "week", dates_as_text) for c in columns]


def _column_values(values: pd.Series, is_week: bool, dates_as_text: bool) -> list:
    if is_week:
        # A file holds a few weeks: convert each distinct one once, then take them by code.
        codes, weeks = pd.factorize(pd.to_datetime(values))
        labels = [w.date().isoformat() if dates_as_text else w.date() for w in weeks]
        return _take(labels, codes)
    if pd.api.types.is_float_dtype(values):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        if dates_as_text:
            # SQLite binds a NaN double as NULL itself; skipping the per-value check halves the time.
            return numbers.tolist()
        missing = np.isnan(numbers)
        if not missing.any():
            return numbers.tolist()
        cells = numbers.astype(object)
        cells[missing] = None
        return cells.tolist()
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":  # numpy ints and bools: never NA
        return values.tolist()
    # Text (and anything else): the distinct values once, NaN and NA as None.
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    return _take([None if _is_missing(v) else v for v in distinct.tolist()], codes)


def _take(labels: list, codes: np.ndarray) -> list:
    """labels[code] for each code; code -1 (missing) is None."""
    table = np.empty(len(labels) + 1, dtype=object)
    table[: len(labels)] = labels
    table[-1] = None
    return table[codes].tolist()


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def load_staging(conn: Connection, like: Table, name: str, columns: list[str], rows: list[tuple]) -> None:
    """A temporary table shaped like `like`, holding `rows`; dropped by `drop_staging`."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE TEMP TABLE {name} (LIKE {like.name}) ON COMMIT DROP")
        copy_rows(conn, name, columns, rows)
        return
    conn.exec_driver_sql(f"CREATE TEMP TABLE {name} AS SELECT * FROM {like.name} WHERE 0")
    insert_rows(conn, name, columns, rows)


def copy_rows(conn: Connection, name: str, columns: list[str], rows: list[tuple]) -> None:
    """PostgreSQL: the rows into table `name` by COPY (one stream, no statement per row)."""
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert_rows(conn: Connection, name: str, columns: list[str], rows: list[tuple]) -> None:
    """SQLite: the rows into table `name` by executemany (one prepared statement, bound once per row)."""
    placeholders = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({placeholders})"
    conn.connection.dbapi_connection.cursor().executemany(statement, rows)


def drop_staging(conn: Connection, name: str) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
