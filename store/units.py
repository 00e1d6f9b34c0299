"""The unit list: the hierarchy of offices, villages, schools and enterprises that report."""

from __future__ import annotations

import json
import math

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from domain.frames import UNIT_COLUMNS, UNIT_FIGURES
from store.connections import reading
from store.latest_status import refresh_latest_status
from store.tables import units
from store.upserts import upsert
from store.versions import bump_data_version


def load_units(source: Engine | Connection, *, include_inactive: bool = True) -> pd.DataFrame:
    query = select(*[units.c[c] for c in UNIT_COLUMNS]).order_by(units.c.code)
    if not include_inactive:
        query = query.where(units.c.active.is_(True))
    with reading(source) as conn:
        # The driver's rows: SQLAlchemy's Row objects cost a second on a province's 30,000 units under load.
        result = conn.execute(query)
        frame = pd.DataFrame(result.cursor.fetchall(), columns=UNIT_COLUMNS)
        result.close()
    # Most units have no alias: skip the JSON decoding for those (30,000 units on a province's list).
    frame["aliases"] = [[] if text == "[]" else json.loads(text) for text in frame["aliases"].tolist()]
    frame["active"] = frame["active"].astype(bool)
    for figure in UNIT_FIGURES:
        frame[figure] = frame[figure].astype(float)
    frame["parent_code"] = frame["parent_code"].astype(object).where(frame["parent_code"].notna(), None)
    return frame


def save_units(conn: Connection, frame: pd.DataFrame) -> int:
    """Insert or update units by code (a unit list import, or units created from a sheet). Returns the count.

    A unit already stored changes only in the frame's columns: a list without 人口/户数/别名 keeps the
    population, households, aliases and the inactive flag it had (issue 11: they were set to NULL, cleared
    and re-activated). A new unit gets the defaults for the columns the frame lacks."""
    if frame.empty:
        return 0
    given = [c for c in frame.columns if c in units.c and c != "code"]
    rows = [_unit_row(record) for record in frame.to_dict("records")]
    _fill_sub_unit_counts(conn, rows)
    upsert(conn, units, rows, key=["code"], update=given)
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current
    return len(rows)


def _unit_row(record: dict) -> dict:
    aliases = record.get("aliases")
    if not isinstance(aliases, list):
        aliases = []
    row = {
        "code": str(record["code"]).strip(),
        "name": str(record["name"]).strip(),
        "aliases": json.dumps(aliases, ensure_ascii=False),
        "parent_code": _text_or_none(record.get("parent_code")),
        "level": str(record.get("level") or "village"),
        "active": bool(record.get("active", True)) if record.get("active") is not None else True,
    }
    for figure in UNIT_FIGURES:
        row[figure] = _number_or_none(record.get(figure))
    return row


def _fill_sub_unit_counts(conn: Connection, rows: list[dict]) -> None:
    """A unit list rarely gives 下辖村居数; count the children the list itself names when it is missing."""
    existing = {r.parent_code for r in conn.execute(select(units.c.parent_code))}
    children: dict[str, int] = {}
    for row in rows:
        if row["parent_code"]:
            children[row["parent_code"]] = children.get(row["parent_code"], 0) + 1
    for row in rows:
        if row["sub_units"] is None and row["code"] in children and row["code"] not in existing:
            row["sub_units"] = float(children[row["code"]])


def set_unit_active(conn: Connection, code: str, active: bool) -> None:
    conn.execute(units.update().where(units.c.code == code).values(active=active))
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current


def _text_or_none(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _number_or_none(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
