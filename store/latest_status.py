"""The latest status, kept current inside every write's transaction (issue 14).

Three derived tables (store/tables.py) hold what the pages of the latest week would otherwise read from
thirteen weeks of stock and every week of publicity: each unit × item's last stock row with the figures its
earlier weeks gave (metrics/latest_rows.py, the same functions as the full computation), each unit's last stock
week, and publicity summed per unit × material before the latest week (store.reports.publicity_before, the
query publicity_to_date makes). They depend on the report rows only: units, items, thresholds and the tree are
read with them, as the full computation reads them.

`refresh_latest_status(conn, units, weeks)` runs once at the end of every write that bumps the data version,
right after the bump: `units` names the units whose report rows the write changed (empty for a write that
changes none, None for "any"), `weeks` the weeks of those rows (None: unknown). A write of the latest week
alone, the weekly upload, moves those units forward from what the tables hold (store/latest_uses.py: each row
keeps a short history), without reading the weeks before. Otherwise those units are worked out again from
their rows, and everything is when the tables were not current before this write (a write that bumped without
refreshing, a database from before these tables) or the latest week moved back (an undo). `latest_status_current` tells the readers whether the tables are of the
data version they see; when not, they compute as before, so a write that forgets to refresh costs time, never
a wrong figure.

metrics is imported here, against the arrows of style.md: the tables are worked out inside the store's write
transaction, and the rules are the metrics' own (never a second implementation of them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection, Engine

from metrics.codes import distinct
from metrics.latest_history import history_of
from metrics.latest_rows import latest_from_uses, reach_weeks
from metrics.usage import stock_window, weekly_use
from store.bulk import rows_as_tuples
from store.connections import reading
from store.latest_units import (
    FIGURE_COLUMNS,
    UNIT_COLUMNS,
    UNIT_FILTER_LIMIT,
    HeldRows,
    read_units,
    unit_tuples,
)
from store.latest_uses import FORMAT, FORMAT_KEY, insert_tuples, merge_publicity, move_stock_forward
from store.publicity_packs import refresh_publicity_packs
from store.report_weeks import refresh_report_weeks
from store.reports import last_stock_weeks, load_stock, publicity_before
from store.tables import latest_publicity, latest_units, meta, publicity_reports, stock_reports

VERSION_KEY = "latest_status_version"
WEEK_KEY = "latest_status_week"


def refresh_latest_status(
    conn: Connection,
    units: Iterable[str] | None = (),
    weeks: Iterable[date | str] | None = None,
    written_stock: pd.DataFrame | None = None,
    read_ahead: HeldSnapshot | None = None,
    report_weeks: Iterable[date | str] | None = None,
    written_publicity: pd.DataFrame | None = None,
) -> str:
    """Bring the latest status up to the data version this write just set (call it right after the bump).

    `weeks`, when given, are the weeks whose rows the write changed. A write of the latest week alone (the
    weekly upload) moves the status forward from what is held (store/latest_uses.py) instead of reading
    the weeks before it again; `written_stock`, the stock rows the write stored (STOCK_COLUMNS), spares it
    reading the week's rows back when they are all the week holds, and `read_ahead` (read_held_snapshot,
    before the write's transaction) reading the held rows when they have not changed since. The unit × week
    pairs with report rows and the packed publicity weeks are refreshed too (store/report_weeks.py,
    store/publicity_packs.py), for `weeks`, or for `report_weeks` when only those are given (an undo knows
    its weeks, but its units' status is worked out from their rows). `written_publicity`, the publicity rows
    the write stored (every one it changed; empty for a write of stock alone), narrows the packs to their
    weeks and spares reading them back.

    Returns how: "whole" (every unit worked out from its rows), "units" (the written units from theirs),
    "onward" (moved forward from what is held) or "unchanged"."""
    version = int(_meta(conn, "data_version") or 0)
    if units is not None:
        units = list(units)
    changed_weeks = weeks if report_weeks is None else report_weeks
    changed_weeks = None if changed_weeks is None else list(changed_weeks)  # read by both refreshes
    refresh_report_weeks(conn, version, units, changed_weeks)
    if written_publicity is None:
        refresh_publicity_packs(conn, version, units, changed_weeks)
    else:
        written = written_publicity
        units_written, weeks_written = (
            distinct(written["unit_code"].dropna()),
            distinct(written["week"].dropna()),
        )
        refresh_publicity_packs(conn, version, units_written, weeks_written, written)
    week = _latest_week(conn)
    held_week = _meta(conn, WEEK_KEY)
    held_version = _meta(conn, VERSION_KEY)
    whole = (
        units is None
        or held_version != str(version - 1)
        or not held_week
        or (week is not None and week.isoformat() < held_week)
    )
    codes = None if whole else sorted({str(u) for u in units})
    changed = None if weeks is None else {date.fromisoformat(str(w)[:10]) for w in weeks}
    # Nothing before the held week changed, and the latest week is at or after it: what is held stays right.
    onward = (
        not whole and week is not None and changed is not None and all(w >= _day(held_week) for w in changed)
    )
    path = "whole" if codes is None else "unchanged"
    if week is None:
        for table in (latest_units, latest_publicity):
            conn.execute(delete(table))
    else:
        if onward and changed <= {week} and _meta(conn, FORMAT_KEY) == FORMAT:
            if codes:
                # Each write that changes the held rows sets VERSION_KEY anew: the same value, the same rows.
                same = read_ahead is not None and read_ahead.version == held_version
                move_stock_forward(conn, week, codes, written_stock, read_ahead.rows if same else None)
                path = "onward"
        elif codes is None or codes:
            _refresh_stock(conn, week, codes)
            path = "whole" if codes is None else "units"
        if onward:
            # Publicity before the latest week: only the weeks the latest week moved past are new to the sums.
            if held_week != week.isoformat():
                merge_publicity(conn, _day(held_week), week)
        elif codes is None or held_week != week.isoformat():
            # A new latest week moves every unit's sum.
            _refresh_publicity(conn, week, None)
        elif codes:
            _refresh_publicity(conn, week, codes)
    if codes is None:
        _set_meta(conn, FORMAT_KEY, FORMAT)  # every row was worked out with its history
    _set_meta(conn, VERSION_KEY, str(version))
    _set_meta(conn, WEEK_KEY, "" if week is None else week.isoformat())
    return path


@dataclass(frozen=True)
class HeldSnapshot:
    """Every unit's held rows with their histories, and the VERSION_KEY they were of."""

    version: str | None
    rows: HeldRows


def read_held_snapshot(engine: Engine) -> HeldSnapshot:
    """What move_stock_forward reads of the held rows, read ahead in one snapshot (REPEATABLE READ on
    PostgreSQL, where each statement of a plain transaction sees its own), so an upload reads them while its
    file is still being read in the reader process."""
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as conn:
        version = _meta(conn, VERSION_KEY)
        rows = read_units(conn, None, history=True)
    return HeldSnapshot(version, rows)


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def latest_status_current(source: Engine | Connection, version: int, week: str | None) -> bool:
    """Whether the tables are of data version `version` and their week is `week` (an ISO Monday)."""
    if week is None:
        return False
    with reading(source) as conn:
        query = select(meta.c.key, meta.c.value).where(meta.c.key.in_([VERSION_KEY, WEEK_KEY]))
        held = {key: value for key, value in conn.execute(query)}
    return held.get(VERSION_KEY) == str(version) and held.get(WEEK_KEY) == week[:10]


def load_latest_stock(source: Engine | Connection) -> pd.DataFrame:
    """The held latest rows as metrics.latest_rows returns them (LATEST_COLUMNS, codes as strings)."""
    frame = read_units(source, None, history=False).frame()
    return frame.sort_values(["unit_code", "item_code"], kind="stable").reset_index(drop=True)


def load_last_stock_weeks(source: Engine | Connection) -> pd.DataFrame:
    """unit_code, week: each unit's last week with a stock row (what reporting reads of the stock)."""
    return _read(source, latest_units, ["unit_code", "week"])


def load_publicity_before(source: Engine | Connection) -> pd.DataFrame:
    """publicity_before(latest week), as stored."""
    frame = _read(
        source, latest_publicity, ["unit_code", "material_code", "week", "quantity", "sub_units_reached"]
    )
    frame["households_reached"] = float("nan")
    return frame


def _refresh_stock(conn: Connection, week: date, codes: list[str] | None) -> None:
    start = week - timedelta(weeks=reach_weeks())
    filtered = codes is not None and len(codes) <= UNIT_FILTER_LIMIT
    stock = load_stock(conn, weeks_from=start, weeks_to=week, unit_codes=codes if filtered else None)
    if codes is not None and not filtered:
        stock = stock[stock["unit_code"].isin(set(codes))]
    use_rows = weekly_use(stock_window(stock, pd.Timestamp(week), reach_weeks()))
    rows = latest_from_uses(use_rows, pd.Timestamp(week))
    last = stock.groupby("unit_code")["week"].max().reset_index()
    wanted = codes if codes is not None else _stock_units(conn)
    # Units silent through the window: their last week lies before it (one grouped read, as reporting makes).
    silent = sorted(set(wanted) - set(last["unit_code"]))
    if silent:
        last = pd.concat([last, last_stock_weeks(conn, start, silent)], ignore_index=True)
    _delete(conn, latest_units, codes)
    if not last.empty:
        figures = rows[FIGURE_COLUMNS].to_numpy(dtype=float)
        keys = rows[["unit_code", "item_code", "week"]]
        tuples = unit_tuples(keys, figures, history_of(use_rows, rows), last, conn.dialect.name == "sqlite")
        insert_tuples(conn, latest_units.name, tuples, UNIT_COLUMNS)


def _refresh_publicity(conn: Connection, week: date, codes: list[str] | None) -> None:
    filtered = codes is not None and len(codes) <= UNIT_FILTER_LIMIT
    before = publicity_before(conn, week, codes if filtered else None)
    if codes is not None and not filtered:
        before = before[before["unit_code"].isin(set(codes))]
    _delete(conn, latest_publicity, codes)
    _insert(
        conn,
        latest_publicity,
        before,
        ["unit_code", "material_code", "week", "quantity", "sub_units_reached"],
    )


def _delete(conn: Connection, table, codes: list[str] | None) -> None:
    """Delete the rows of these units (every row when None), a bounded IN list at a time."""
    if codes is None:
        conn.execute(delete(table))
        return
    for start in range(0, len(codes), UNIT_FILTER_LIMIT):
        conn.execute(delete(table).where(table.c.unit_code.in_(codes[start : start + UNIT_FILTER_LIMIT])))


def _stock_units(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(select(stock_reports.c.unit_code).distinct())]


def _insert(conn: Connection, table, frame: pd.DataFrame, columns: list[str]) -> None:
    """Insert `frame`'s rows: COPY on PostgreSQL, statements of many rows on SQLite (a province is 200,000 rows)."""
    if not frame.empty:
        sqlite = conn.dialect.name == "sqlite"
        insert_tuples(conn, table.name, rows_as_tuples(frame, columns, dates_as_text=sqlite), columns)


def _read(source: Engine | Connection, table, columns: list[str]) -> pd.DataFrame:
    with reading(source) as conn:
        result = conn.execute(select(*[table.c[c] for c in columns]))
        rows = result.cursor.fetchall()
        result.close()
    frame = pd.DataFrame(rows, columns=columns)
    weeks = {w: pd.Timestamp(str(w)[:10]) for w in frame["week"].unique()}
    frame["week"] = frame["week"].map(weeks).astype("datetime64[ns]")
    for column in columns:
        if column.endswith("_code"):
            frame[column] = frame[column].astype("str")
    return frame


def _latest_week(conn: Connection) -> date | None:
    found = [conn.execute(select(func.max(t.c.week))).scalar() for t in (stock_reports, publicity_reports)]
    found = [date.fromisoformat(str(w)[:10]) for w in found if w is not None]
    return max(found) if found else None


def _meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(meta.update().where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(meta.insert().values(key=key, value=value))
