"""Each unit × week with any report row (stock or publicity), kept current inside every write's transaction.

What the reporting page's rate by week reads (metrics.reporting_by_week: who reported which week). Found with
SELECT DISTINCT among a province's 15 million report rows, it was 7–8 s of the page's first view after every
upload. `refresh_report_weeks` runs inside store.latest_status.refresh_latest_status, the step every write that
bumps the data version ends with: the weeks a write changed are found again from their own rows; every pair
when the write does not say which weeks, or when the table was not of the version before this write (a write
that bumped without refreshing, a database from before the table). Readers take it only when it is of the data
version they see (`report_weeks_current`); otherwise they read the report rows as before, so a write that
forgets costs time, never a wrong figure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select, union
from sqlalchemy.engine import Connection, Engine

from store.connections import reading
from store.tables import meta, publicity_reports, report_weeks, stock_reports

VERSION_KEY = "report_weeks_version"


def refresh_report_weeks(
    conn: Connection, version: int, units: Iterable[str] | None, weeks: Iterable[date | str] | None
) -> str:
    """Bring the pairs up to data version `version`, set by this write. `units`: the units whose report rows
    the write changed (empty: none; None: any); `weeks`: the weeks of those rows (None: not known).
    Returns how: "unchanged", "weeks" (those weeks found again) or "whole"."""
    path, days = refresh_plan(conn, VERSION_KEY, version, units, weeks)
    if path != "unchanged":
        gone = (
            delete(report_weeks)
            if days is None
            else delete(report_weeks).where(report_weeks.c.week.in_(days))
        )
        conn.execute(gone)
        conn.execute(insert(report_weeks).from_select(["week", "unit_code"], _pairs(days)))
    hold_version(conn, VERSION_KEY, version)
    return path


def refresh_plan(
    conn: Connection, key: str, version: int, units: Iterable[str] | None, weeks: Iterable[date | str] | None
) -> tuple[str, list[date] | None]:
    """What a table derived from the report rows, held at the data version in meta `key`, must do to reach
    `version` (this write's): ("unchanged", None) when the write changed no unit's rows, ("weeks", the weeks
    it changed), or ("whole", None) when it does not say which weeks or the table was not of the version
    before this write."""
    held = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
    follows = held == str(version - 1)
    if follows and units is not None and not list(units):
        return "unchanged", None
    if follows and weeks is not None:
        return "weeks", sorted({date.fromisoformat(str(w)[:10]) for w in weeks})
    return "whole", None


def hold_version(conn: Connection, key: str, version: int) -> None:
    """Record in meta `key` that a derived table is of data version `version`."""
    if conn.execute(meta.update().where(meta.c.key == key).values(value=str(version))).rowcount == 0:
        conn.execute(meta.insert().values(key=key, value=str(version)))


def _pairs(days: list[date] | None):
    """The distinct (week, unit_code) of both report tables (of `days` only, when given)."""
    parts = []
    for table in (stock_reports, publicity_reports):
        query = select(table.c.week, table.c.unit_code)
        parts.append(query if days is None else query.where(table.c.week.in_(days)))
    return union(*parts)


def report_weeks_current(source: Engine | Connection, version: int) -> bool:
    """Whether the pairs are of data version `version`."""
    with reading(source) as conn:
        held = conn.execute(select(meta.c.value).where(meta.c.key == VERSION_KEY)).scalar()
    return held == str(version)


def load_report_weeks(source: Engine | Connection) -> pd.DataFrame:
    """unit_code (categorical), week (datetime64 Mondays): every unit × week with a report row, as held.

    Read as one JSON list of unit codes per week: a province's 1.4 million pairs took 4 s fetched row by row
    (the driver's work per row, then a frame built from tuples), 1 s this way."""
    with reading(source) as conn:
        codes_of = func.json_agg if conn.dialect.name == "postgresql" else func.json_group_array
        query = (
            select(report_weeks.c.week, codes_of(report_weeks.c.unit_code))
            .group_by(report_weeks.c.week)
            .order_by(report_weeks.c.week)
        )
        held = conn.execute(query).all()
    # PostgreSQL's driver hands json back parsed; SQLite's json_group_array is text.
    lists = [json.loads(codes) if isinstance(codes, str) else codes for _, codes in held]
    weeks = [pd.Timestamp(str(week)[:10]) for week, _ in held]
    # Categorical codes: 1.4 million unit codes made into a string column took 0.2 s, and the reporting
    # figures work on integer codes anyway (metrics/codes.unit_codes).
    positions, names = pd.factorize(np.array([code for codes in lists for code in codes], dtype=object))
    return pd.DataFrame(
        {
            "unit_code": pd.Categorical.from_codes(positions, categories=pd.Index(names, dtype=str)),
            "week": np.repeat(np.array(weeks, dtype="datetime64[ns]"), [len(c) for c in lists]),
        },
        columns=["unit_code", "week"],
    )
