"""Weekly stock and publicity figures: reading them as DataFrames (store/report_writes.py writes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection, Engine

from domain.frames import PUBLICITY_COLUMNS, STOCK_COLUMNS
from store.connections import reading
from store.tables import publicity_history, publicity_reports, stock_history, stock_reports


@dataclass(frozen=True)
class ReportKind:
    """One kind of weekly figure: where the rows in force live, where replaced rows go, and their columns."""

    table: Table
    history: Table
    item_column: str
    columns: list[str]

    @property
    def key(self) -> list[str]:
        return ["unit_code", "week", self.item_column]

    @property
    def measures(self) -> list[str]:
        return [c for c in self.columns if c not in self.key]


STOCK = ReportKind(stock_reports, stock_history, "item_code", STOCK_COLUMNS)
PUBLICITY = ReportKind(publicity_reports, publicity_history, "material_code", PUBLICITY_COLUMNS)


def load_reports(
    source: Engine | Connection,
    kind: ReportKind,
    *,
    weeks_from: date | None = None,
    weeks_to: date | None = None,
    unit_codes: list[str] | None = None,
    item_codes: list[str] | None = None,
) -> pd.DataFrame:
    """The figures in force, `week` as datetime64 Mondays, measures as floats (NaN = not reported)."""
    table = kind.table
    query = select(*[table.c[c] for c in kind.columns])
    if weeks_from is not None:
        query = query.where(table.c.week >= weeks_from)
    if weeks_to is not None:
        query = query.where(table.c.week <= weeks_to)
    if unit_codes is not None:
        query = query.where(table.c.unit_code.in_(unit_codes))
    if item_codes is not None:
        query = query.where(table.c[kind.item_column].in_(item_codes))
    with reading(source) as conn:
        # The driver's own rows: SQLAlchemy's Row objects and its date conversion double the time of a read
        # that a province's overview does on millions of rows. Weeks come back as text (SQLite) or dates.
        result = conn.execute(query)
        rows = result.cursor.fetchall()
        result.close()
    frame = pd.DataFrame(rows, columns=kind.columns)
    frame["week"] = weeks_as_timestamps(frame["week"])
    for measure in kind.measures:
        frame[measure] = frame[measure].astype(float)
    return frame


def weeks_as_timestamps(weeks: pd.Series) -> pd.Series:
    """datetime64 Mondays, converting each distinct week once (a few dozen weeks over millions of rows)."""
    distinct = {week: pd.Timestamp(str(week)[:10]) for week in weeks.unique()}
    return weeks.map(distinct).astype("datetime64[ns]")


def load_stock(source: Engine | Connection, **filters) -> pd.DataFrame:
    return load_reports(source, STOCK, **filters)


def load_stock_weeks(
    source: Engine | Connection,
    weeks: list[date],
    item_codes: list[str] | None = None,
    unit_codes: list[str] | None = None,
    measures: list[str] | None = None,
) -> pd.DataFrame:
    """load_stock of these weeks (and items, units: every one when None), read one week at a time: the week is
    not read back row by row, which saves a quarter of the time a province's window of weeks takes (two
    million rows). Only `measures` are read when given (the others come back blank), and the item of a
    single item is not read back either: a reader that needs less reads less."""
    skipped = [] if measures is None else [m for m in STOCK.measures if m not in measures]
    one_item = item_codes[0] if item_codes is not None and len(item_codes) == 1 else None
    columns = [
        c
        for c in STOCK.columns
        if c != "week" and c not in skipped and not (one_item is not None and c == "item_code")
    ]
    table = stock_reports
    parts = []
    with reading(source) as conn:
        for week in sorted(weeks):
            query = select(*[table.c[c] for c in columns]).where(table.c.week == week)
            if item_codes is not None:
                query = query.where(table.c.item_code.in_(item_codes))
            if unit_codes is not None:
                query = query.where(table.c.unit_code.in_(unit_codes))
            result = conn.execute(query)
            rows = result.cursor.fetchall()
            result.close()
            parts.append(pd.DataFrame(rows, columns=columns).assign(week=pd.Timestamp(week)))
    if not parts:
        return load_stock(source, weeks_from=date.max)
    frame = pd.concat(parts, ignore_index=True)
    if one_item is not None:
        frame["item_code"] = one_item
    for measure in skipped:
        frame[measure] = float("nan")
    frame["week"] = frame["week"].astype("datetime64[ns]")
    for measure in STOCK.measures:
        frame[measure] = frame[measure].astype(float)
    return frame[STOCK.columns]


def load_publicity(source: Engine | Connection, **filters) -> pd.DataFrame:
    return load_reports(source, PUBLICITY, **filters)


def report_weeks(source: Engine | Connection) -> list[date]:
    """Every week that has a figure, newest first."""
    with reading(source) as conn:
        stock = _distinct_weeks_of(conn, stock_reports)
        publicity = _distinct_weeks_of(conn, publicity_reports)
    return sorted({as_date(w) for w in stock + publicity}, reverse=True)


def _distinct_weeks_of(conn: Connection, table: Table) -> list:
    """The distinct weeks of a report table, one primary-key seek per week ("the smallest week after this
    one", a recursive query): SELECT DISTINCT walked a province's ten million keys (0.6 s) for 52 weeks."""
    found = select(func.min(table.c.week).label("week")).cte("found_weeks", recursive=True)
    later = table.alias("later")
    following = select(func.min(later.c.week)).where(later.c.week > found.c.week).scalar_subquery()
    found = found.union_all(select(following).where(found.c.week.is_not(None)))
    return [r[0] for r in conn.execute(select(found.c.week).where(found.c.week.is_not(None)))]


def report_pairs(source: Engine | Connection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stock, publicity) as unit_code, week (datetime64 Mondays): each unit × week with a row, once.

    All that the reporting-by-week figures read: a province's 30,000 units × 52 weeks instead of the ten
    million report rows they stand for.
    """
    with reading(source) as conn:
        return tuple(
            _unit_weeks(conn, select(kind.table.c.unit_code, kind.table.c.week).distinct())
            for kind in (STOCK, PUBLICITY)
        )


def last_report_weeks(source: Engine | Connection, upto: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stock, publicity) as unit_code, week: each unit's last week with a row, up to and including `upto`.

    What "reported this week" and "last report / days since" read, however long a unit has been silent.
    """
    with reading(source) as conn:
        return tuple(
            _unit_weeks(
                conn,
                select(kind.table.c.unit_code, func.max(kind.table.c.week))
                .where(kind.table.c.week <= upto)
                .group_by(kind.table.c.unit_code),
            )
            for kind in (STOCK, PUBLICITY)
        )


def publicity_to_date(source: Engine | Connection, upto: date) -> pd.DataFrame:
    """Publicity up to `upto` in at most two rows per unit × material: `upto`'s own rows as stored, and the
    weeks before it in one row dated the last of them, quantity summed (blank as 0), sub_units_reached the
    largest, households_reached blank. Each unit's last week with a row stays as it is (reporting reads it).

    What cumulative coverage reads when every row counts (no parent unit sent rows of its own; the caller
    checks): a province's 2.9 million rows become a hundred thousand.
    """
    week = load_publicity(source, weeks_from=upto, weeks_to=upto)
    return pd.concat([publicity_before(source, upto), week], ignore_index=True)


def publicity_before(
    source: Engine | Connection, upto: date, unit_codes: list[str] | None = None
) -> pd.DataFrame:
    """publicity_to_date's weeks before `upto`: one row per unit × material (of `unit_codes`, every unit when
    None), dated the last of them, quantity summed (blank as 0), sub_units_reached the largest."""
    table = publicity_reports
    query = (
        select(
            table.c.unit_code,
            table.c.material_code,
            func.max(table.c.week),
            func.sum(func.coalesce(table.c.quantity, 0.0)),
            func.max(table.c.sub_units_reached),
        )
        .where(table.c.week < upto)
        .group_by(table.c.unit_code, table.c.material_code)
    )
    if unit_codes is not None:
        query = query.where(table.c.unit_code.in_(unit_codes))
    with reading(source) as conn:
        result = conn.execute(query)
        rows = result.cursor.fetchall()
        result.close()
    before = pd.DataFrame(
        rows, columns=["unit_code", "material_code", "week", "quantity", "sub_units_reached"]
    )
    before["week"] = weeks_as_timestamps(before["week"])
    for measure in PUBLICITY.measures:
        before[measure] = before[measure].astype(float) if measure in before else float("nan")
    return before[PUBLICITY.columns]


def last_stock_weeks(source: Engine | Connection, before: date, unit_codes: list[str]) -> pd.DataFrame:
    """unit_code, week: the last week before `before` with a stock row, for each of `unit_codes` that has one.

    For the few units silent through a window of recent weeks: their last report lies before it.
    """
    table = stock_reports
    query = (
        select(table.c.unit_code, func.max(table.c.week))
        .where(table.c.week < before)
        .group_by(table.c.unit_code)
    )
    if len(unit_codes) <= 900:  # SQLite's bound-parameter limit stays far; beyond it, filter here
        query = query.where(table.c.unit_code.in_(unit_codes))
    with reading(source) as conn:
        frame = _unit_weeks(conn, query)
    return frame[frame["unit_code"].isin(set(unit_codes))].reset_index(drop=True)


def _unit_weeks(conn: Connection, query) -> pd.DataFrame:
    result = conn.execute(query)
    rows = result.cursor.fetchall()
    result.close()
    frame = pd.DataFrame(rows, columns=["unit_code", "week"])
    frame["week"] = weeks_as_timestamps(frame["week"])
    return frame


def previous_on_hand(conn: Connection, keys: pd.DataFrame) -> pd.DataFrame:
    """Last week's on hand for each (unit_code, week, item_code): the opening stock of that week.

    Only the weeks just before the ones asked about are read, and only for the units asked about.
    """
    columns = ["unit_code", "week", "item_code", "previous_on_hand"]
    if keys.empty:
        return pd.DataFrame(columns=columns)
    weeks = pd.to_datetime(keys["week"]).drop_duplicates()
    previous_weeks = sorted({(w - pd.Timedelta(days=7)).date() for w in weeks})
    units = sorted(set(keys["unit_code"]))
    table = stock_reports
    query = (
        select(table.c.unit_code, table.c.week, table.c.item_code, table.c.on_hand)
        .where(table.c.week.in_(previous_weeks))
        .where(table.c.on_hand.is_not(None))
    )
    if len(units) <= 900:
        query = query.where(table.c.unit_code.in_(units))
    rows = pd.DataFrame([tuple(r) for r in conn.execute(query)], columns=columns)
    rows["week"] = pd.to_datetime(rows["week"]).astype("datetime64[ns]") + pd.Timedelta(days=7)
    rows["previous_on_hand"] = rows["previous_on_hand"].astype(float)
    return rows


def as_date(value) -> date:
    """SQLite hands dates back as text, PostgreSQL as dates, pandas as Timestamps: compare them as dates."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


__all__ = [
    "PUBLICITY",
    "STOCK",
    "load_publicity",
    "load_reports",
    "last_report_weeks",
    "last_stock_weeks",
    "load_stock",
    "load_stock_weeks",
    "previous_on_hand",
    "publicity_to_date",
    "report_pairs",
    "report_weeks",
]
