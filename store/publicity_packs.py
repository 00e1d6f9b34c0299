"""Every week's publicity rows packed in one table row, kept current inside every write's transaction.

What the publicity page's trend reads (pages/common/data.publicity_weekly: a unit's coverage week by week,
from every publicity row up to the chosen week). A province's 2.9 million rows took 8–10 s to fetch row by row
and build into a frame, on the first view after every upload. Kept as the report weeks are
(store/report_weeks.py): `refresh_publicity_packs` runs in store.latest_status.refresh_latest_status, the step
every write that bumps the data version ends with; the weeks a write changed are packed again from their rows,
every week when the write does not say which or the packs were not of the version before it. The packs are
read in one statement with the version they are of (`load_publicity_packs`): not the version the reader sees,
None, and the reader reads the rows as before — a write that forgets costs time, never a wrong figure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select, true
from sqlalchemy.engine import Connection, Engine

from metrics.codes import sorted_distinct
from store.connections import reading
from store.report_weeks import hold_version, refresh_plan
from store.reports import report_weeks
from store.tables import meta, publicity_packs, publicity_reports

VERSION_KEY = "publicity_packs_version"
COLUMNS = ["unit_code", "week", "material_code", "quantity", "sub_units_reached"]
INDEX = np.dtype("<i4")
FIGURE = np.dtype("<f8")


def refresh_publicity_packs(
    conn: Connection,
    version: int,
    units: Iterable[str] | None,
    weeks: Iterable[date | str] | None,
    written: pd.DataFrame | None = None,
) -> str:
    """Bring the packs up to data version `version`, set by this write (`units`, `weeks` as for
    store.report_weeks.refresh_report_weeks). `written`: the publicity rows the write stored (COLUMNS), when
    the caller has them; a week they are all of is packed from them instead of read back. Returns how:
    "unchanged", "weeks" or "whole"."""
    path, days = refresh_plan(conn, VERSION_KEY, version, units, weeks)
    if path != "unchanged":
        packs = publicity_packs
        conn.execute(delete(packs) if days is None else delete(packs).where(packs.c.week.in_(days)))
        for day in report_weeks(conn) if days is None else days:
            rows = _all_of_week(conn, day, written)
            if rows is None:
                rows = _read_week(conn, day)
            if rows is not None:
                _pack(conn, day, rows)
    hold_version(conn, VERSION_KEY, version)
    return path


class _Week(NamedTuple):
    """A week's publicity rows as a pack holds them: the distinct codes in code order, each row's position
    among them, the figures with NaN for a blank."""

    units: list
    unit_index: np.ndarray
    materials: list
    material_index: np.ndarray
    quantity: np.ndarray
    sub_units_reached: np.ndarray


def _all_of_week(conn: Connection, day: date, written: pd.DataFrame | None) -> _Week | None:
    """The written rows of week `day`, when they are every row the week holds (the week was new, or this write
    replaced all of it); else None. They were just stored, so the table holds each of them as written, and
    with no key twice among them the same count means it holds no other. Reading a province's 210,000 rows
    back cost its import half a second."""
    if written is None or written.empty:
        return None
    rows = written[pd.to_datetime(written["week"]) == pd.Timestamp(day)]
    unit_index, units = pd.factorize(rows["unit_code"], sort=True)
    material_index, materials = pd.factorize(rows["material_code"], sort=True)
    if rows.empty or (unit_index < 0).any() or (material_index < 0).any():
        return None
    keys = unit_index.astype(np.int64) * len(materials) + material_index
    table = publicity_reports
    held = conn.execute(select(func.count()).select_from(table).where(table.c.week == day)).scalar()
    if len(sorted_distinct(keys)) != len(rows) or held != len(rows):
        return None
    return _Week(
        units.tolist(),
        unit_index,
        materials.tolist(),
        material_index,
        rows["quantity"].to_numpy(dtype=float, na_value=np.nan),
        rows["sub_units_reached"].to_numpy(dtype=float, na_value=np.nan),
    )


def _read_week(conn: Connection, day: date) -> _Week | None:
    """The publicity rows of week `day` read from the table (none: None)."""
    table = publicity_reports
    columns = (table.c.unit_code, table.c.material_code, table.c.quantity, table.c.sub_units_reached)
    result = conn.execute(select(*columns).where(table.c.week == day))
    rows = result.cursor.fetchall()
    result.close()
    if not rows:
        return None
    unit_codes, material_codes, quantity, reached = zip(*rows, strict=True)
    units, unit_index = _positions(unit_codes)
    materials, material_index = _positions(material_codes)
    # None (a blank) → NaN
    return _Week(
        units, unit_index, materials, material_index, np.array(quantity, float), np.array(reached, float)
    )


def _pack(conn: Connection, day: date, rows: _Week) -> None:
    """Store week `day`'s pack, its rows in key order (unit, then material, in code order): the same rows give
    the same bytes whichever way they came (the upload's frame in the sheet's order, or the table's)."""
    order = np.lexsort((rows.material_index, rows.unit_index))
    conn.execute(
        insert(publicity_packs).values(
            week=day,
            units=_listed(rows.units),
            unit_index=rows.unit_index[order].astype(INDEX).tobytes(),
            materials=_listed(rows.materials),
            material_index=rows.material_index[order].astype(INDEX).tobytes(),
            quantity=rows.quantity[order].astype(FIGURE).tobytes(),
            sub_units_reached=rows.sub_units_reached[order].astype(FIGURE).tobytes(),
        )
    )


def _positions(codes: tuple[str, ...]) -> tuple[list, np.ndarray]:
    """The distinct codes in code order, and each code's position among them. In code order, not the order
    the rows came in: week after week the same units give the same list, which the reader decodes once."""
    index, distinct = pd.factorize(pd.Series(codes, dtype=object), sort=True)
    return distinct.tolist(), index


def _listed(codes: list) -> str:
    return json.dumps([str(c) for c in codes], ensure_ascii=False)


def load_publicity_packs(source: Engine | Connection, version: int) -> pd.DataFrame | None:
    """Every publicity row as COLUMNS (unit and material codes as categoricals, week as datetime64 Mondays,
    figures as floats with NaN for a blank), in week order, when the packs are of data version `version`;
    None when they are not (then read the rows themselves: store.reports.load_publicity)."""
    packs = publicity_packs
    query = (
        select(meta.c.value, *packs.c)
        .select_from(meta.outerjoin(packs, true()))
        .where(meta.c.key == VERSION_KEY)
        .order_by(packs.c.week)
    )
    with reading(source) as conn:
        held = conn.execute(query).all()
    if not held or held[0][0] != str(version):
        return None
    held = [row for row in held if row.week is not None]
    unit_of: dict[str, int] = {}
    material_of: dict[str, int] = {}
    # Week after week the same units report: the same list, decoded once.
    unit_lists: dict[str, np.ndarray] = {}
    material_lists: dict[str, np.ndarray] = {}
    unit_parts = [_codes(row.units, row.unit_index, unit_of, unit_lists) for row in held]
    material_parts = [_codes(row.materials, row.material_index, material_of, material_lists) for row in held]
    weeks = [pd.Timestamp(str(row.week)[:10]) for row in held]
    return pd.DataFrame(
        {
            "unit_code": _categorical(unit_parts, unit_of),
            "week": np.repeat(np.array(weeks, dtype="datetime64[ns]"), [len(p) for p in unit_parts]),
            "material_code": _categorical(material_parts, material_of),
            "quantity": _figures([row.quantity for row in held]),
            "sub_units_reached": _figures([row.sub_units_reached for row in held]),
        },
        columns=COLUMNS,
    )


def _codes(
    listed: str, positions: bytes, code_of: dict[str, int], lists: dict[str, np.ndarray]
) -> np.ndarray:
    """A pack's rows as codes of `code_of` (which gains the codes it has not seen); `lists` keeps the codes of
    each JSON list already decoded (one per kind of code, as `code_of`)."""
    local = lists.get(listed)
    if local is None:
        local = np.array([code_of.setdefault(c, len(code_of)) for c in json.loads(listed)], dtype=np.int64)
        lists[listed] = local
    return local[np.frombuffer(positions, dtype=INDEX)]


def _categorical(parts: list[np.ndarray], code_of: dict[str, int]) -> pd.Categorical:
    codes = np.concatenate(parts) if parts else np.array([], dtype=np.int64)
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(code_of), dtype=object))


def _figures(packed: list[bytes]) -> np.ndarray:
    return np.concatenate([np.frombuffer(p, dtype=FIGURE) for p in packed]) if packed else np.array([])
