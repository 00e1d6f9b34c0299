"""The latest status moved forward by a write of the latest week only, without reading earlier weeks (issue 14).

The usual write is a week's upload: rows of one week, the latest, for some units. For it, store/latest_status.py
calls these instead of working the units out again from thirteen weeks of rows (three million rows for a
province, most of its import):
- stock: the week's rows of those units and each series' kept history (store/latest_units.py,
  metrics/latest_history.py) give the new latest rows; each unit's table row is replaced.
- publicity before the latest week: when the week moves on from `held` to `week`, the sums gain the weeks
  held … week − 1, worked out in SQL and merged into the stored sums (a sum and a largest value merge).

Either is only right when nothing before the latest week changed; the caller checks, and otherwise works the
units out again from their rows (store/latest_status.py).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Date, bindparam, func, select, text
from sqlalchemy.engine import Connection

from domain.frames import STOCK_COLUMNS
from metrics.codes import isin, pair_positions
from metrics.latest_history import next_latest_rows
from store.bulk import copy_rows, flat_rows, insert_head, insert_many, insert_rows
from store.latest_units import (
    FIGURE_COLUMNS,
    UNIT_COLUMNS,
    UNIT_FILTER_LIMIT,
    HeldRows,
    read_units,
    unit_tuples,
)
from store.reports import STOCK, load_stock_weeks
from store.tables import latest_publicity, latest_units, publicity_reports, stock_reports

# Recorded in meta when every held row has its history, one table row per unit (store/latest_units.py); a
# database from before has none, and its first write works every unit out again (store/latest_status.py).
FORMAT_KEY = "latest_status_format"
FORMAT = "units-1"


def move_stock_forward(
    conn: Connection,
    week: date,
    codes: list[str],
    written: pd.DataFrame | None = None,
    held_before: HeldRows | None = None,
) -> None:
    """latest_units of `codes` brought to their rows of `week`: the rows of the week's series replaced, the
    unit's other rows (carried items) kept as they are, its last week `week`. `written`: the stock rows the
    write stored, when the caller has them; `held_before`: every unit's held rows with histories as the table
    holds them now (read ahead by the caller), else they are read here."""
    new_rows = _all_of_week(conn, week, written)
    if new_rows is None:
        new_rows = _week_of_units(conn, week, codes)
    if new_rows.empty:
        return
    moved = sorted(pd.unique(new_rows["unit_code"].to_numpy(dtype=object)).tolist())
    held = read_units(conn, moved, history=True) if held_before is None else held_before.of_units(moved)
    rows, histories = next_latest_rows(new_rows, held.keys, held.history, pd.Timestamp(week))
    keys = held.keys
    kept = pair_positions(rows["unit_code"], rows["item_code"], keys["unit_code"], keys["item_code"]) < 0
    keys = pd.concat([keys[kept], rows[["unit_code", "item_code", "week"]]], ignore_index=True)
    figures = np.vstack([held.figures[kept], rows[FIGURE_COLUMNS].to_numpy(dtype=float)])
    history = np.vstack([held.history[kept], histories])
    units = pd.DataFrame({"unit_code": moved, "week": pd.Timestamp(week)})
    tuples = unit_tuples(keys, figures, history, units, conn.dialect.name == "sqlite")
    _upsert(conn, latest_units, tuples, UNIT_COLUMNS)


def merge_publicity(conn: Connection, held: date, week: date) -> None:
    """The stored sums of the weeks before `held`, extended to the weeks before `week` (held < week): the
    rows of held … week − 1 merged into the sums in SQL, a week at a time, quantities added (blank as 0),
    the largest sub_units_reached kept, the week the later one. A week holds each unit × material once, so
    its rows merge without grouping (grouping first cost twice the time on a province's 210,000 rows)."""
    stored = latest_publicity.name
    largest = (
        f"CASE WHEN {stored}.sub_units_reached IS NULL THEN excluded.sub_units_reached "
        f"WHEN excluded.sub_units_reached IS NULL THEN {stored}.sub_units_reached "
        f"WHEN excluded.sub_units_reached > {stored}.sub_units_reached THEN excluded.sub_units_reached "
        f"ELSE {stored}.sub_units_reached END"
    )
    statement = text(
        f"INSERT INTO {stored} (unit_code, material_code, week, quantity, sub_units_reached) "
        "SELECT unit_code, material_code, week, coalesce(quantity, 0.0), sub_units_reached "
        "FROM publicity_reports WHERE week = :week "
        "ON CONFLICT (unit_code, material_code) DO UPDATE SET week = excluded.week, "
        f"quantity = {stored}.quantity + excluded.quantity, sub_units_reached = {largest}"
    ).bindparams(bindparam("week", type_=Date))
    table = publicity_reports
    passed = select(table.c.week).where(table.c.week >= held, table.c.week < week).distinct()
    for (day,) in conn.execute(passed.order_by(table.c.week)).all():
        conn.execute(statement, {"week": date.fromisoformat(str(day)[:10])})


def _all_of_week(conn: Connection, week: date, written: pd.DataFrame | None) -> pd.DataFrame | None:
    """The written rows of `week` when they are every row the week holds (the week was new, or this write
    replaced all of it), else None. They were just stored, so the table holds each of them as written; the
    same count means it holds no other. Reading 240,000 rows back cost a province import a third of a second."""
    if written is None:
        return None
    rows = written.loc[written["week"] == pd.Timestamp(week), STOCK_COLUMNS].reset_index(drop=True)
    rows = rows.astype({"week": "datetime64[ns]", **dict.fromkeys(STOCK.measures, "float64")})
    table = stock_reports
    held = conn.execute(select(func.count()).select_from(table).where(table.c.week == week)).scalar()
    return rows if held == len(rows) else None


def _week_of_units(conn: Connection, week: date, codes: list[str]) -> pd.DataFrame:
    """The stock rows of `week` of these units (a week read whole, without its week column, past an IN list's
    worth of units)."""
    if len(codes) <= UNIT_FILTER_LIMIT:
        return load_stock_weeks(conn, [week], unit_codes=codes)
    frame = load_stock_weeks(conn, [week])
    return frame[isin(frame["unit_code"], codes)].reset_index(drop=True)


def _upsert(conn: Connection, table, rows: list[tuple], columns: list[str]) -> None:
    """Insert the rows, a row whose key is held replacing it: statements of many rows on SQLite, COPY into a
    temporary table and one INSERT … ON CONFLICT on PostgreSQL."""
    if not rows:
        return
    key = [c.name for c in table.primary_key.columns]
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
    conflict = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.dbapi_connection.cursor()
        insert_many(
            cursor, insert_head(table.name, columns), flat_rows(rows, len(columns)), len(columns), conflict
        )
        return
    staging = f"staging_{table.name}"
    listed = ", ".join(f'"{c}"' for c in columns)
    conn.exec_driver_sql(f"CREATE TEMP TABLE {staging} (LIKE {table.name}) ON COMMIT DROP")
    insert_tuples(conn, staging, rows, columns)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({listed}) SELECT {listed} FROM {staging} {conflict}")
    conn.exec_driver_sql(f"DROP TABLE {staging}")


def insert_tuples(conn: Connection, name: str, rows: list[tuple], columns: list[str]) -> None:
    """Insert rows: binary COPY on PostgreSQL (bulk.copy_rows), statements of many rows on SQLite."""
    if conn.dialect.name == "sqlite":
        insert_rows(conn, name, columns, rows)
    else:
        copy_rows(conn, name, columns, rows)
