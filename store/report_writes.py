"""Writing the weekly figures: storing an upload's rows (the rows they replace kept in the history), and
undoing an upload (its rows taken out, what they had replaced put back).

Apart from store/reports.py, which reads the figures: every page and command reads them, only an import, the
zero report, the demo and undo write them, and the write path (partitions, staging, history) is its own job.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
from sqlalchemy import Table, and_, delete, select
from sqlalchemy.engine import Connection

from store.bulk import column_lists, copy_rows, drop_staging, insert_columns, load_staging, rows_as_tuples
from store.partitions import (
    attach_partition,
    existing_partitions,
    new_partition_table,
    partition_name,
    partitioned,
)
from store.references import check_references, foreign_keys_enforced
from store.reports import ReportKind, as_date
from store.tables import uploads
from store.upserts import upsert


def replace_reports(conn: Connection, kind: ReportKind, frame: pd.DataFrame, upload_id: int) -> int:
    """Store an upload's rows; rows they replace move to the history (kept for the record and for undo).

    A week nothing is stored for yet (the usual weekly upload) takes the short path: on PostgreSQL its rows
    fill a new table that is then attached as the week's partition (store/partitions.py: keys and foreign keys
    checked set-wise), on SQLite they go straight in many rows a statement. Weeks that hold figures go
    through a staging table, so the rows they replace can be copied to the history first."""
    if frame.empty:
        return 0
    columns = kind.columns + ["upload_id"]
    data = frame[kind.columns].assign(upload_id=upload_id)
    data["week"] = pd.to_datetime(data["week"]).astype("datetime64[ns]")
    sqlite = conn.dialect.name == "sqlite"
    if not foreign_keys_enforced(conn):
        check_references(conn, data, kind.item_column, upload_id)
    weeks = _distinct_weeks(data["week"])
    if partitioned(conn):
        have = existing_partitions(conn, kind.table)
        fresh = [w for w in weeks if partition_name(kind.table, w) not in have]
        for week in fresh:
            name = new_partition_table(conn, kind.table, week)
            rows = rows_as_tuples(data[data["week"] == pd.Timestamp(week)], columns, dates_as_text=False)
            copy_rows(conn, name, columns, rows)
            attach_partition(conn, kind.table, name, week)
        if fresh:
            data = data[~data["week"].isin([pd.Timestamp(w) for w in fresh])]
            if data.empty:
                return len(frame)
    elif not _holds_any_week(conn, kind.table, weeks):
        # No ON CONFLICT: the loaders refuse a key twice in a file (duplicate_row), and checking each row for a
        # conflict that cannot happen cost a fifth of the insert.
        insert_columns(conn, kind.table.name, columns, column_lists(data, columns, dates_as_text=True))
        return len(data)
    _replace_through_staging(conn, kind, data, columns, sqlite, upload_id)
    return len(frame)


def _replace_through_staging(
    conn: Connection, kind: ReportKind, data: pd.DataFrame, columns: list[str], sqlite: bool, upload_id: int
) -> None:
    table, history = kind.table.name, kind.history.name
    staging = f"staging_{table}"
    rows = rows_as_tuples(data, columns, dates_as_text=sqlite)
    load_staging(conn, kind.table, staging, columns, rows)
    listed = ", ".join(columns)
    if _holds_any_week(conn, kind.table, _distinct_weeks(data["week"])):
        matches = " AND ".join(f"r.{c} = s.{c}" for c in kind.key)
        conn.exec_driver_sql(
            f"INSERT INTO {history} ({listed}, replaced_by) "
            f"SELECT {', '.join('r.' + c for c in columns)}, {int(upload_id)} "
            f"FROM {table} r JOIN {staging} s ON {matches}"
        )
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in kind.key)
    # "WHERE true" keeps SQLite's parser from reading ON CONFLICT as a join constraint (SQLite docs, upsert).
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {staging} WHERE true "
        f"ON CONFLICT ({', '.join(kind.key)}) DO UPDATE SET {updates}"
    )
    drop_staging(conn, staging)


def _distinct_weeks(weeks: pd.Series) -> list[date]:
    return sorted({w.date() for w in pd.to_datetime(weeks.drop_duplicates()).dropna()})


def _holds_any_week(conn: Connection, table: Table, weeks: list[date]) -> bool:
    """Whether any figure is stored for one of these weeks. Usually not (a new week's upload), and then
    nothing can be replaced: the join that copies replaced rows to the history is skipped."""
    query = select(table.c.week).where(table.c.week.in_(weeks)).limit(1)
    return conn.execute(query).first() is not None


def undo_upload_rows(conn: Connection, kind: ReportKind, upload_id: int) -> int:
    """Take an upload's rows out, and put back what they had replaced. Returns the rows taken out."""
    table, history = kind.table, kind.history
    key_columns = [table.c[c] for c in kind.key]
    # The tables have no index by upload (it slowed every import): the upload's weeks narrow the search to
    # their part of the key (their partitions on PostgreSQL).
    mine_where = [table.c.upload_id == upload_id]
    weeks = _upload_weeks(conn, upload_id)
    if weeks:
        mine_where.append(table.c.week.in_(weeks))
    mine = conn.execute(select(*key_columns).where(*mine_where)).all()
    my_keys = {tuple(_normalise_key(k)) for k in mine}
    conn.execute(delete(table).where(*mine_where))

    predecessors = conn.execute(select(history).where(history.c.replaced_by == upload_id)).mappings().all()
    restore = []
    for record in predecessors:
        key = _normalise_key([record[c] for c in kind.key])
        if tuple(key) in my_keys:
            restore.append({c: record[c] for c in kind.columns + ["upload_id"]})
        else:
            # A later upload holds this key now: undoing that one later must bring back this older figure.
            holder = conn.execute(
                select(table.c.upload_id).where(
                    and_(*[table.c[c] == v for c, v in zip(kind.key, key, strict=True)])
                )
            ).scalar()
            if holder is not None:
                conn.execute(history.update().where(history.c.id == record["id"]).values(replaced_by=holder))
                continue
    upsert(conn, table, restore, key=kind.key)
    conn.execute(delete(history).where(history.c.replaced_by == upload_id))
    # This upload's own figures, replaced later, must not come back when that later upload is undone.
    conn.execute(delete(history).where(history.c.upload_id == upload_id))
    return len(my_keys)


def _upload_weeks(conn: Connection, upload_id: int) -> list[date]:
    """The weeks an upload's record names (every week its rows hold; [] when unknown)."""
    text = conn.execute(select(uploads.c.weeks).where(uploads.c.id == upload_id)).scalar()
    return [date.fromisoformat(w[:10]) for w in json.loads(text or "[]")]


def _normalise_key(key) -> list:
    return [as_date(v) if i == 1 else v for i, v in enumerate(key)]


__all__ = ["replace_reports", "undo_upload_rows"]
