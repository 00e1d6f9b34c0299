"""Opening the database: the embedded SQLite file by default, any SQLAlchemy URL (PostgreSQL) when given."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "dashboard.sqlite3"
DEFAULT_DB_URL = f"sqlite:///{DEFAULT_DB_PATH}"
ENV_VAR = "DASHBOARD_DB_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_PAGE_BYTES = 16_384


def database_url(given: str | None = None) -> str:
    """The URL to use: the one given (--db), else DASHBOARD_DB_URL, else the embedded SQLite file."""
    url = given or os.environ.get(ENV_VAR) or DEFAULT_DB_URL
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; a plain postgresql:// URL would ask SQLAlchemy for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def open_engine(url: str | None = None) -> Engine:
    """An engine for the URL, with SQLite set up for several writers (WAL, busy timeout, BEGIN IMMEDIATE)."""
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and cannot say IMMEDIATE; take it over, as the
    # SQLAlchemy docs ("Serializable isolation / Savepoints / Transactional DDL") recommend.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Pages of 16 KiB, not SQLite's 4 KiB: a unit's latest rows (store/latest_units.py) are a 2.4 KB table
        # row, one to a 4 KiB page, so a province import rewrote 123 MB of pages for 69 MB of rows (a WAL of
        # 161 MB; 120 MB at 16 KiB). It takes effect in a new database only (before its first table);
        # one made before keeps its pages until a VACUUM.
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_BYTES}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write that first reads (derive use from last week, replace figures) must hold the write lock from
        # the start, or two uploads at once fail with "database is locked" on the upgrade from read to write.
        if conn.get_execution_options().get("immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


@contextmanager
def write_transaction(engine: Engine, *, references_set_wise: bool = False) -> Iterator[Connection]:
    """A read-then-write transaction: BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL.

    Commits when the block ends, rolls everything back when it raises: a file is stored whole or not at all.
    `references_set_wise` turns SQLite's per-row foreign-key checks off for this transaction: only for a
    transaction whose every write of a row with a foreign key checks its references itself
    (store.report_writes.replace_reports does, through store/references.py); they are on again afterwards.
    """
    with engine.connect().execution_options(immediate=True) as conn:
        # The pragma is a no-op inside a transaction, so it is set on the driver's connection before BEGIN.
        unchecked = references_set_wise and conn.dialect.name == "sqlite"
        if unchecked:
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    # Serialise writers so two processes importing at once neither lose nor double rows.
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727001)")
                yield conn
        finally:
            if unchecked:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")
