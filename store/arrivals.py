"""When each unit's figures for a week first arrived: the earliest imported upload (an undone one no longer
counts) that carried a row of that unit and week, whether the row is still in force or was replaced later.
The rows say exactly which unit × week an upload held (its `units` and `weeks` lists are a cross product of
everything in the file). Times are naive wall-clock times, as `uploads.uploaded_at` stores them."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select, union
from sqlalchemy.engine import Connection, Engine

from demo.arrivals import demo_arrival
from metrics.codes import isin
from store.connections import reading
from store.latest_units import UNIT_FILTER_LIMIT
from store.reports import weeks_as_timestamps
from store.tables import meta, publicity_history, publicity_reports, stock_history, stock_reports, uploads
from store.uploads import IMPORTED

ARRIVAL_COLUMNS = ["unit_code", "week", "arrived_at"]
# The meta row naming the demo's upload (store/read_model.DEMO_FLAG, not imported: read_model reads widely).
_DEMO_FLAG = "demo_loaded"


def report_arrivals(
    source: Engine | Connection,
    *,
    weeks: list[date] | None = None,
    unit_codes: list[str] | None = None,
) -> pd.DataFrame:
    """unit_code, week (datetime64 Monday), arrived_at (datetime64): one row per unit × week that has a report.

    `weeks` / `unit_codes` narrow the read (the reporting page asks about one week, or one unit's history)."""
    named = None if unit_codes is None else sorted(set(unit_codes))
    with reading(source) as conn:
        demo_upload = conn.execute(select(meta.c.value).where(meta.c.key == _DEMO_FLAG)).scalar()
        imported = select(uploads.c.id).where(uploads.c.status == IMPORTED)
        parts = []
        for table in (stock_reports, stock_history, publicity_reports, publicity_history):
            query = select(table.c.unit_code, table.c.week, table.c.upload_id).where(
                table.c.upload_id.in_(imported)
            )
            if weeks is not None:
                query = query.where(table.c.week.in_(sorted(set(weeks))))
            if named is not None and len(named) <= UNIT_FILTER_LIMIT:
                query = query.where(table.c.unit_code.in_(named))
            parts.append(query)
        # One UNION: each unit × week × upload once, however many items and tables held it (a province's week:
        # 27,600 triples from 900,000 rows). The driver's own rows: SQLAlchemy's Row objects and its date and
        # time conversion of every row were four fifths of the reporting page's read (0.72 s, the SQL 0.15 s).
        result = conn.execute(union(*parts))
        rows = result.cursor.fetchall()
        result.close()
        times = dict(
            conn.execute(select(uploads.c.id, uploads.c.uploaded_at).where(uploads.c.id.in_(imported))).all()
        )
    frame = pd.DataFrame(rows, columns=["unit_code", "week", "upload_id"])
    if named is not None and len(named) > UNIT_FILTER_LIMIT:
        # A province's 30,000 expected units as bound parameters: past SQLite's limit of 32,766 a statement
        # fails, and long before it the list costs more than reading the week's other rows.
        frame = frame[isin(frame["unit_code"], set(named)).to_numpy()]
    if frame.empty:
        return pd.DataFrame(
            {
                "unit_code": pd.Series(dtype=object),
                "week": pd.Series(dtype="datetime64[ns]"),
                "arrived_at": pd.Series(dtype="datetime64[ns]"),
            }
        )
    frame["week"] = weeks_as_timestamps(frame["week"])
    frame["arrived_at"] = frame["upload_id"].map(times).astype("datetime64[ns]")
    if demo_upload is not None:
        is_demo = frame["upload_id"] == int(demo_upload)
        frame.loc[is_demo, "arrived_at"] = [
            pd.Timestamp(demo_arrival(code, week.date()))
            for code, week in zip(frame.loc[is_demo, "unit_code"], frame.loc[is_demo, "week"], strict=True)
        ]
    first = frame.groupby(["unit_code", "week"], as_index=False)["arrived_at"].min()
    return first[ARRIVAL_COLUMNS].sort_values(["week", "unit_code"], ignore_index=True)
