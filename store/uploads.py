"""The history of uploads: who sent which file when, what it held, what was wrong with it, and undo."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from store.connections import reading
from store.latest_status import refresh_latest_status
from store.report_writes import undo_upload_rows
from store.reports import PUBLICITY, STOCK
from store.tables import uploads
from store.versions import bump_data_version

IMPORTED = "imported"
REJECTED = "rejected"
UNDONE = "undone"


@dataclass(frozen=True)
class UploadRecord:
    file_name: str
    sha256: str
    uploaded_by: str
    status: str
    stock_rows: int
    publicity_rows: int
    weeks: list[str]
    units: list[str]
    problems: list[dict]


def record_upload(conn: Connection, record: UploadRecord, *, when: datetime | None = None) -> int:
    values = {
        "file_name": record.file_name,
        "sha256": record.sha256,
        "uploaded_by": record.uploaded_by,
        "uploaded_at": when or datetime.now(),
        "status": record.status,
        "stock_rows": record.stock_rows,
        "publicity_rows": record.publicity_rows,
        "weeks": json.dumps(record.weeks),
        "units": json.dumps(record.units, ensure_ascii=False),
        "problems": json.dumps(record.problems, ensure_ascii=False),
    }
    upload_id = conn.execute(uploads.insert().values(**values).returning(uploads.c.id)).scalar_one()
    return int(upload_id)


def replaced_since(conn: Connection, upload_id: int) -> list[int]:
    """The later uploads that replaced some of this upload's figures; [] while all of them are still current.

    An upload's rows move to the history tables (replaced_by = the newer upload) when replaced, and come back
    when that newer upload is undone, so history rows carrying its id are exactly its figures not in force.
    """
    later: set[int] = set()
    for kind in (STOCK, PUBLICITY):
        query = select(kind.history.c.replaced_by).where(kind.history.c.upload_id == upload_id).distinct()
        later |= {int(i) for i in conn.execute(query).scalars()}
    return sorted(later)


def imported_upload_with_hash(conn: Connection, sha256: str) -> int | None:
    """The upload in force that carried exactly these bytes, if any (the same file twice changes nothing)."""
    query = (
        select(uploads.c.id)
        .where(uploads.c.sha256 == sha256, uploads.c.status == IMPORTED)
        .order_by(uploads.c.id.desc())
        .limit(1)
    )
    found = conn.execute(query).scalar()
    return None if found is None else int(found)


def list_uploads(source: Engine | Connection, *, limit: int = 200) -> pd.DataFrame:
    columns = [
        "id",
        "file_name",
        "uploaded_by",
        "uploaded_at",
        "status",
        "stock_rows",
        "publicity_rows",
        "weeks",
        "units",
        "problems",
    ]
    query = select(*[uploads.c[c] for c in columns]).order_by(uploads.c.id.desc()).limit(limit)
    with reading(source) as conn:
        frame = pd.DataFrame(conn.execute(query).all(), columns=columns)
    for field in ("weeks", "units", "problems"):
        frame[field] = frame[field].map(json.loads)
    return frame


def undo_upload(conn: Connection, upload_id: int) -> int:
    """Take an imported upload back out: its figures go, the ones it replaced return. Returns rows removed."""
    status = conn.execute(select(uploads.c.status).where(uploads.c.id == upload_id)).scalar()
    if status != IMPORTED:
        raise ValueError(
            f"upload {upload_id} is {status or 'unknown'}, only an imported upload can be undone"
        )
    # The units and weeks whose rows go (the rows put back are of the same keys): their latest status is
    # redone, and the weeks' unit × week pairs.
    keys = [
        (code, week)
        for kind in (STOCK, PUBLICITY)
        for code, week in conn.execute(
            select(kind.table.c.unit_code, kind.table.c.week)
            .where(kind.table.c.upload_id == upload_id)
            .distinct()
        )
    ]
    removed = undo_upload_rows(conn, STOCK, upload_id) + undo_upload_rows(conn, PUBLICITY, upload_id)
    conn.execute(uploads.update().where(uploads.c.id == upload_id).values(status=UNDONE))
    bump_data_version(conn)
    refresh_latest_status(conn, {code for code, _ in keys}, report_weeks={week for _, week in keys})
    return removed
