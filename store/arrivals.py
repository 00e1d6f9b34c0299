"""When each unit's figures for a week first arrived: the earliest imported upload (an undone one no longer
counts) that carried a row of that unit and week, whether the row is still in force or was replaced later.
The rows say exactly which unit × week an upload held (its `units` and `weeks` lists are a cross product of
everything in the file). Times are naive wall-clock times, as `uploads.uploaded_at` stores them."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from demo.arrivals import demo_arrival
from store.connections import reading
from store.latest_units import UNIT_FILTER_LIMIT
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
    parts = []
    named = None if unit_codes is None else sorted(set(unit_codes))
    with reading(source) as conn:
        demo_upload = conn.execute(select(meta.c.value).where(meta.c.key == _DEMO_FLAG)).scalar()
        for table in (stock_reports, stock_history, publicity_reports, publicity_history):
            query = (
                select(table.c.unit_code, table.c.week, uploads.c.id, uploads.c.uploaded_at)
                .join(uploads, uploads.c.id == table.c.upload_id)
                .where(uploads.c.status == IMPORTED)
                .distinct()
            )
            if weeks is not None:
                query = query.where(table.c.week.in_(sorted(set(weeks))))
            if named is not None and len(named) <= UNIT_FILTER_LIMIT:
                query = query.where(table.c.unit_code.in_(named))
            parts += [tuple(row) for row in conn.execute(query)]
    frame = pd.DataFrame(parts, columns=["unit_code", "week", "upload_id", "arrived_at"])
    if named is not None and len(named) > UNIT_FILTER_LIMIT:
        # A province's 30,000 expected units as bound parameters: past SQLite's limit of 32,766 a statement
        # fails, and long before it the list costs more than reading the week's other rows.
        frame = frame[frame["unit_code"].isin(set(named))]
    if frame.empty:
        return pd.DataFrame(
            {
                "unit_code": pd.Series(dtype=object),
                "week": pd.Series(dtype="datetime64[ns]"),
                "arrived_at": pd.Series(dtype="datetime64[ns]"),
            }
        )
    frame["week"] = pd.to_datetime(frame["week"].astype(str).str[:10]).astype("datetime64[ns]")
    frame["arrived_at"] = pd.to_datetime(frame["arrived_at"]).astype("datetime64[ns]")
    if demo_upload is not None:
        is_demo = frame["upload_id"] == int(demo_upload)
        frame.loc[is_demo, "arrived_at"] = [
            pd.Timestamp(demo_arrival(code, week.date()))
            for code, week in zip(frame.loc[is_demo, "unit_code"], frame.loc[is_demo, "week"], strict=True)
        ]
    first = frame.groupby(["unit_code", "week"], as_index=False)["arrived_at"].min()
    return first[ARRIVAL_COLUMNS].sort_values(["week", "unit_code"], ignore_index=True)
