"""Loading many rows fast: into a temporary staging table (COPY on PostgreSQL, statements of many rows on
SQLite), then set-based SQL. A province upload is 450,000 rows; row-by-row ORM inserts would take minutes.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from itertools import chain

import numpy as np
import pandas as pd
from sqlalchemy import Table
from sqlalchemy.engine import Connection

# SQLite's limit on bound parameters a statement: 999 before 3.32 (2020), 32,766 since; the older limit keeps
# any build working, and statements of more rows were no faster.
SQLITE_PARAMETERS = 999


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
    """PostgreSQL: the rows into table `name` by COPY in PostgreSQL's binary format (one stream, no statement
    per row), each value sent as its column's type.

    The text format had psycopg write every value out as text and the server parse it back: a province's
    240,000 stock rows took 0.85–1.27 s, its 30,000 units' latest status (72 MB of bytea, hex-escaped to twice
    that) 1.42–2.75 s; in binary 0.27–0.37 s and 0.45–1.04 s. A value the column cannot take is refused by the
    server as before (a text too long for varchar(64), say), and the caller's transaction rolls back."""
    cursor = conn.connection.dbapi_connection.cursor()
    types = column_types(conn, name, columns)
    listed = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {name} ({listed}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def column_types(conn: Connection, name: str, columns: list[str]) -> list[int]:
    """PostgreSQL: the type OIDs of table `name`'s `columns`, in that order (a temporary table's too)."""
    found = dict(
        conn.exec_driver_sql(
            "SELECT attname, atttypid::int FROM pg_attribute "
            "WHERE attrelid = %(table)s::regclass AND attnum > 0 AND NOT attisdropped",
            {"table": name},
        ).all()
    )
    return [found[c] for c in columns]


def insert_rows(conn: Connection, name: str, columns: list[str], rows: list[tuple]) -> None:
    """SQLite: the rows into table `name`, many rows a statement (insert_many)."""
    insert_many(
        conn.connection.dbapi_connection.cursor(),
        insert_head(name, columns),
        flat_rows(rows, len(columns)),
        len(columns),
    )


def flat_rows(rows: list[tuple], width: int) -> list:
    """The rows' values one after another, for insert_many. A row of another width would shift every value
    after it into the wrong column without a word (executemany refused it), so it is refused here."""
    flat = list(chain.from_iterable(rows))
    if len(flat) != width * len(rows):
        raise ValueError(f"rows of {width} values expected; {len(rows)} rows hold {len(flat)}")
    return flat


def insert_columns(conn: Connection, name: str, columns: list[str], values: list[list]) -> None:
    """SQLite: insert_rows for rows given as column lists (column_lists), never made tuples: laid out
    row after row by strided slice assignment, a few hundredths of a second for a province's 240,000 rows
    where zipping them into tuples took 0.15 s."""
    width = len(columns)
    flat: list = [None] * (width * (len(values[0]) if values else 0))
    for position, column in enumerate(values):
        flat[position::width] = column
    insert_many(conn.connection.dbapi_connection.cursor(), insert_head(name, columns), flat, width)


def insert_many(cursor: sqlite3.Cursor, head: str, flat: Sequence, width: int, tail: str = "") -> None:
    """`head VALUES (…), (…), … tail` for every row of `flat` (the rows' values one after another, `width` a
    row), as many rows a statement as SQLite's parameter limit allows.

    A statement of one row bound once a row (executemany) spent most of its time in the driver's work per
    statement (reset, clear, step): a province's 450,000 rows went in in 2.6 s, in statements of 111 rows in
    1.6 s (median of three, the same rows into a copy of a province database). A key twice among the rows is
    handled row after row, as it was."""
    count = len(flat) // width
    per_statement = max(1, SQLITE_PARAMETERS // width)
    one = "(" + ", ".join(["?"] * width) + ")"
    whole = count // per_statement
    chunk = per_statement * width
    if whole:
        statement = f"{head} VALUES {', '.join([one] * per_statement)} {tail}"
        cursor.executemany(
            statement, (flat[start : start + chunk] for start in range(0, whole * chunk, chunk))
        )
    rest = count - whole * per_statement
    if rest:
        cursor.execute(f"{head} VALUES {', '.join([one] * rest)} {tail}", flat[whole * chunk :])


def insert_head(name: str, columns: list[str]) -> str:
    """`INSERT INTO name ("a", "b", …)`, the start of insert_many's statement (names quoted: week is a word
    of SQL)."""
    listed = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {name} ({listed})"


def drop_staging(conn: Connection, name: str) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
