"""Keeps units, items, weekly reports and uploads in SQL (SQLite by default, PostgreSQL by URL). No Streamlit."""

from store.engine import DEFAULT_DB_URL, database_url, open_engine, write_transaction
from store.schema import SCHEMA_VERSION, ensure_schema

__all__ = [
    "DEFAULT_DB_URL",
    "SCHEMA_VERSION",
    "database_url",
    "ensure_schema",
    "open_engine",
    "write_transaction",
]
