"""Rewriting an older SQLite database with the page size new ones get (store/engine.SQLITE_PAGE_BYTES).

A database made before 2026-11-30 has SQLite's 4 KiB pages, one unit's latest rows to a page. Rewritten with
16 KiB pages, a province import writes 120 MB instead of 161 MB, and ran 0.1–1.6 s faster on two province
databases (medians of six alternating runs, `docs/benchmark-history.md`). SQLite changes the page size only by
a VACUUM outside WAL mode, and leaves WAL mode only while no other connection has the file open: so this runs
with the dashboard stopped, and refuses (changing nothing) otherwise.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from store.engine import SQLITE_PAGE_BYTES


class DatabaseInUse(Exception):
    """Another process has the database open: nothing was changed."""


@dataclass(frozen=True)
class Compaction:
    page_bytes_before: int
    page_bytes_after: int
    file_bytes_before: int
    file_bytes_after: int


def compact_sqlite(engine: Engine) -> Compaction | None:
    """VACUUM the SQLite file with 16 KiB pages, back in WAL mode afterwards; None for another database.

    Raises DatabaseInUse when another connection holds the file (the dashboard is running)."""
    if engine.dialect.name != "sqlite":
        return None
    engine.dispose()  # this process's pooled connections would count as others
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        before = _sizes(cursor)
        # Leaving WAL needs the only connection: with another open, SQLite refuses at once ("locked").
        try:
            mode = cursor.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError as locked:
            raise DatabaseInUse() from locked
        if mode.lower() != "delete":
            raise DatabaseInUse()
        try:
            cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_BYTES}")
            cursor.execute("VACUUM")
        finally:
            cursor.execute("PRAGMA journal_mode=WAL")
        after = _sizes(cursor)
    finally:
        raw.close()
    engine.dispose()
    return Compaction(before[0], after[0], before[0] * before[1], after[0] * after[1])


def _sizes(cursor) -> tuple[int, int]:
    """(page size, page count)."""
    return cursor.execute("PRAGMA page_size").fetchone()[0], cursor.execute("PRAGMA page_count").fetchone()[0]
