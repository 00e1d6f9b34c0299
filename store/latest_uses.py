"""The latest status moved forward by a write of the latest week only, without reading earlier weeks (issue 14).

The usual write is a week's upload: rows of one week, the latest, for some units. For it, store/latest_status.py
calls these instead of working the units out again from thirteen weeks of rows (three million rows for a
province, most of its import):
- stock: the week's rows of those units and each series' kept history (latest_stock.history,
  metrics/latest_history.py) give the new latest rows; the rows are replaced by key.
- publicity before the latest week: when the week moves on from `held` to `week`, the sums gain the weeks
  held … week − 1, worked out in SQL and merged into the stored sums (a sum and a largest value merge).

Either is only right when nothing before the latest week changed; the caller checks, and otherwise works the
units out again from their rows (store/latest_status.py).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Date, bindparam, select, text
from sqlalchemy.engine import Connection

from metrics.codes import isin
from metrics.latest_history import HISTORY_WIDTH, next_latest_rows
from metrics.latest_rows import LATEST_COLUMNS
from store.bulk import column_lists, rows_as_tuples
from store.reports import load_stock
from store.tables import latest_publicity, latest_stock, latest_stock_units

# Recorded in meta when every latest_stock row has its history; a database from before has none, and its first
# write works every unit out again (store/latest_status.py).
FORMAT_KEY = "latest_status_format"
FORMAT = "history-1"
# latest_stock's columns: the keys and week, then LATEST_COLUMNS' figures and the history, each packed.
FIGURE_COLUMNS = [c for c in LATEST_COLUMNS if c not in ("unit_code", "item_code", "week")]
TABLE_COLUMNS = ["unit_code", "item_code", "week", "figures", "history"]
# Beyond this many units an IN list is longer than the read it saves: read every unit, keep the named ones.
UNIT_FILTER_LIMIT = 900


def move_stock_forward(conn: Connection, week: date, codes: list[str]) -> None:
    """latest_stock (rows and histories) and latest_stock_units of `codes` brought to their rows of `week`."""
    new_rows = _of_units(load_stock, conn, codes, weeks_from=week, weeks_to=week)
    if new_rows.empty:
        return
    previous, history = load_histories(conn, codes)
    rows, histories = next_latest_rows(new_rows, previous, history, pd.Timestamp(week))
    sqlite = conn.dialect.name == "sqlite"
    _upsert(conn, latest_stock, latest_tuples(rows, histories, sqlite), TABLE_COLUMNS)
    written = np.asarray(rows["unit_code"].unique(), dtype=object).tolist()
    units = pd.DataFrame({"unit_code": written, "week": pd.Timestamp(week)})
    _upsert(
        conn,
        latest_stock_units,
        rows_as_tuples(units, ["unit_code", "week"], dates_as_text=sqlite),
        ["unit_code", "week"],
    )


def latest_tuples(rows: pd.DataFrame, histories: np.ndarray, sqlite: bool) -> list[tuple]:
    """latest_stock's rows as the driver takes them (TABLE_COLUMNS): the keys and week, then the figures and
    the history as float64 bytes."""
    keys = column_lists(rows, ["unit_code", "item_code", "week"], dates_as_text=sqlite)
    figures = rows[FIGURE_COLUMNS].to_numpy(dtype="<f8")
    return list(zip(*keys, _packed(figures), _packed(histories), strict=True))


def unpack_figures(blobs: list[bytes]) -> np.ndarray:
    """The figures of latest_stock rows, one float64 row each (FIGURE_COLUMNS)."""
    return _unpacked(blobs, len(FIGURE_COLUMNS))


def _packed(matrix: np.ndarray) -> list[bytes]:
    data = np.ascontiguousarray(matrix, dtype="<f8")
    raw, width = data.tobytes(), data.shape[1] * 8
    return [raw[start : start + width] for start in range(0, len(raw), width)]


def _unpacked(blobs: list, width: int) -> np.ndarray:
    return np.frombuffer(b"".join(bytes(b) for b in blobs), dtype="<f8").reshape(-1, width)


def load_histories(conn: Connection, codes: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """(unit_code, item_code, week of each latest row of `codes`; their histories, one float64 row each)."""
    table = latest_stock
    query = select(table.c.unit_code, table.c.item_code, table.c.week, table.c.history)
    if len(codes) <= UNIT_FILTER_LIMIT:
        query = query.where(table.c.unit_code.in_(codes))
    result = conn.execute(query)
    rows = result.cursor.fetchall()
    result.close()
    if len(codes) > UNIT_FILTER_LIMIT:
        wanted = set(codes)
        rows = [r for r in rows if r[0] in wanted]
    keys = pd.DataFrame([r[:3] for r in rows], columns=["unit_code", "item_code", "week"])
    keys["week"] = pd.to_datetime(keys["week"].astype(str).str[:10]).astype("datetime64[ns]")
    return keys, _unpacked([r[3] for r in rows], HISTORY_WIDTH)


def merge_publicity(conn: Connection, held: date, week: date) -> None:
    """The stored sums of the weeks before `held`, extended to the weeks before `week` (held < week): the
    rows of held … week − 1 summed per unit × material in SQL, quantities added (blank as 0), the largest
    sub_units_reached kept, the week the later one."""
    stored = latest_publicity.name
    largest = (
        f"CASE WHEN {stored}.sub_units_reached IS NULL THEN excluded.sub_units_reached "
        f"WHEN excluded.sub_units_reached IS NULL THEN {stored}.sub_units_reached "
        f"WHEN excluded.sub_units_reached > {stored}.sub_units_reached THEN excluded.sub_units_reached "
        f"ELSE {stored}.sub_units_reached END"
    )
    statement = text(
        f"INSERT INTO {stored} (unit_code, material_code, week, quantity, sub_units_reached) "
        "SELECT unit_code, material_code, max(week), sum(coalesce(quantity, 0.0)), max(sub_units_reached) "
        "FROM publicity_reports WHERE week >= :held AND week < :week "
        "GROUP BY unit_code, material_code "
        "ON CONFLICT (unit_code, material_code) DO UPDATE SET week = excluded.week, "
        f"quantity = {stored}.quantity + excluded.quantity, sub_units_reached = {largest}"
    ).bindparams(bindparam("held", type_=Date), bindparam("week", type_=Date))
    conn.execute(statement, {"held": held, "week": week})


def _of_units(load, conn: Connection, codes: list[str], **filters) -> pd.DataFrame:
    if len(codes) <= UNIT_FILTER_LIMIT:
        return load(conn, unit_codes=codes, **filters)
    frame = load(conn, **filters)
    return frame[isin(frame["unit_code"], codes)].reset_index(drop=True)


def _upsert(conn: Connection, table, rows: list[tuple], columns: list[str]) -> None:
    """Insert the rows, a row whose key is held replacing it: one prepared statement on SQLite, COPY into a
    temporary table and one INSERT … ON CONFLICT on PostgreSQL."""
    if not rows:
        return
    key = [c.name for c in table.primary_key.columns]
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
    listed = ", ".join(f'"{c}"' for c in columns)
    conflict = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {table.name} ({listed}) VALUES ({marks}) {conflict}"
        conn.connection.dbapi_connection.cursor().executemany(statement, rows)
        return
    staging = f"staging_{table.name}"
    conn.exec_driver_sql(f"CREATE TEMP TABLE {staging} (LIKE {table.name}) ON COMMIT DROP")
    insert_tuples(conn, staging, rows, columns)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({listed}) SELECT {listed} FROM {staging} {conflict}")
    conn.exec_driver_sql(f"DROP TABLE {staging}")


def insert_tuples(conn: Connection, name: str, rows: list[tuple], columns: list[str]) -> None:
    """Insert rows: COPY on PostgreSQL, executemany on SQLite."""
    listed = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.connection.dbapi_connection.cursor()
    if conn.dialect.name == "sqlite":
        cursor.executemany(f"INSERT INTO {name} ({listed}) VALUES ({', '.join('?' for _ in columns)})", rows)
        return
    with cursor.copy(f"COPY {name} ({listed}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
