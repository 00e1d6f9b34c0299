"""The report rows' references (unit, item, upload) checked once for a whole frame instead of row by row.

SQLite checks a foreign key on every row it inserts: three lookups for each of a province upload's 450,000 rows,
about a sixth of the insert (0.3 s of 1.9 s, benchmarks in issue 14). The import's transaction turns those
per-row checks off (`write_transaction(engine, references_set_wise=True)`; SQLite allows that only outside a
transaction) and checks each distinct code once here, inside the same transaction, before any row goes in.
The units, items and uploads tables are the only parents of the report tables, and nothing in an import deletes
from them, so a frame that passes cannot leave a row whose parent is missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Column, select
from sqlalchemy.engine import Connection

from store.tables import items, units, uploads


class MissingReference(ValueError):
    """Rows name a unit, item or upload the database does not hold."""


def foreign_keys_enforced(conn: Connection) -> bool:
    """Whether the database checks every inserted row's references itself (always on PostgreSQL)."""
    if conn.dialect.name != "sqlite":
        return True
    return bool(conn.exec_driver_sql("PRAGMA foreign_keys").scalar())


def check_references(conn: Connection, frame: pd.DataFrame, item_column: str, upload_id: int) -> None:
    """Raise MissingReference, naming what is missing, unless every unit and item the rows name is stored
    and the upload exists."""
    for column, parent in (("unit_code", units.c.code), (item_column, items.c.code)):
        named = set(np.asarray(frame[column].dropna().unique(), dtype=object).tolist())
        known = _codes(conn, parent)
        missing = sorted(named - known)
        if missing:
            shown = "、".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise MissingReference(
                f"{parent.table.name} does not hold {len(missing)} code(s) the rows name: {shown}"
            )
    if conn.execute(select(uploads.c.id).where(uploads.c.id == upload_id)).first() is None:
        raise MissingReference(f"uploads does not hold upload {upload_id}")


def _codes(conn: Connection, column: Column) -> set:
    """Every value of `column`, fetched by the driver in one go: a province's 30,000 unit codes through
    SQLAlchemy's row-by-row result took 0.1 s for each of an import's two frames."""
    result = conn.execute(select(column))
    try:
        return {row[0] for row in result.cursor.fetchall()}
    finally:
        result.close()
