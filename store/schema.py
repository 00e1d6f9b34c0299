"""The tables, and the upgrades that bring an older database to the current schema version."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
)
from sqlalchemy.engine import Connection, Engine

SCHEMA_VERSION = 1

metadata = MetaData()

# key/value facts about the database itself: schema_version, data_version (bumped by every write, so
# caches in every server process can tell that the data changed).
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list of other names
    Column("parent_code", String(64), nullable=True, index=True),
    Column("level", String(32), nullable=False),
    Column("population", Float),
    Column("households", Float),
    Column("staff", Float),
    Column("sub_units", Float),
    Column("checkpoints", Float),
    Column("classes", Float),
    Column("sites", Float),
    Column("active", Boolean, nullable=False, default=True),
)

items = Table(
    "items",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name_zh", String(255), nullable=False),
    Column("name_en", String(255), nullable=False),
    Column("category", String(16), nullable=False),
    Column("base_unit", String(16), nullable=False),
    Column("synonyms", Text, nullable=False, default="[]"),  # JSON list
    Column("pack_sizes", Text, nullable=False, default="{}"),  # JSON {pack name: base units}
    Column("durable", Boolean, nullable=False, default=False),
    Column("critical_days", Float, nullable=False),
    Column("low_days", Float, nullable=False),
    Column("plan_rate", Float, nullable=False, default=0.0),
    Column("plan_driver", String(64), nullable=False, default=""),
    Column("target_rate", Float, nullable=False, default=0.0),
    Column("target_driver", String(64), nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

# Per-level overrides of an item's alert thresholds (a school may want a longer buffer than a village).
thresholds = Table(
    "thresholds",
    metadata,
    Column("item_code", String(64), ForeignKey("items.code"), primary_key=True),
    Column("level", String(32), primary_key=True),
    Column("critical_days", Float, nullable=False),
    Column("low_days", Float, nullable=False),
)

# Item names an office chose never to count (medicines on a donation list): skipped silently, said once.
ignored_item_names = Table(
    "ignored_item_names",
    metadata,
    Column("name_key", String(255), primary_key=True),  # loaders.item_names.name_key of the name
    Column("name", String(255), nullable=False),  # as first written
    Column("ignored_by", String(128), nullable=False),
    Column("ignored_at", DateTime(timezone=False), nullable=False),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", String(512), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("uploaded_by", String(128), nullable=False),
    Column("uploaded_at", DateTime(timezone=False), nullable=False),
    # imported | rejected | undone. A dry run is never stored.
    Column("status", String(16), nullable=False),
    Column("stock_rows", Integer, nullable=False, default=0),
    Column("publicity_rows", Integer, nullable=False, default=0),
    Column("weeks", Text, nullable=False, default="[]"),  # JSON list of ISO Mondays
    Column("units", Text, nullable=False, default="[]"),  # JSON list of unit codes
    Column("problems", Text, nullable=False, default="[]"),  # JSON list of Problem records
)


def _report_columns(measures: list[Column]) -> list[Column]:
    return [
        Column("unit_code", String(64), ForeignKey("units.code"), primary_key=True),
        Column("week", Date, primary_key=True, index=True),
        *measures,
        Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False, index=True),
    ]


def _stock_measures() -> list[Column]:
    return [
        Column("item_code", String(64), ForeignKey("items.code"), primary_key=True),
        Column("on_hand", Float),
        Column("received", Float),
        Column("used", Float),
        Column("days_out", Float),
        Column("opening", Float),
    ]


def _publicity_measures() -> list[Column]:
    return [
        Column("material_code", String(64), ForeignKey("items.code"), primary_key=True),
        Column("quantity", Float),
        Column("sub_units_reached", Float),
        Column("households_reached", Float),
    ]


# The figures in force: one row per unit x week x item, from the latest upload that carried it.
stock_reports = Table("stock_reports", metadata, *_report_columns(_stock_measures()))
publicity_reports = Table("publicity_reports", metadata, *_report_columns(_publicity_measures()))


def _history_columns(measures: list[Column]) -> list[Column]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("unit_code", String(64), nullable=False),
        Column("week", Date, nullable=False),
        *[Column(c.name, c.type) for c in measures],
        Column("upload_id", Integer, nullable=False),
        Column("replaced_by", Integer, nullable=False, index=True),
    ]


# Figures an upload replaced, kept so the history stays whole and an undo can put them back.
stock_history = Table("stock_history", metadata, *_history_columns(_stock_measures()))
publicity_history = Table("publicity_history", metadata, *_history_columns(_publicity_measures()))


# Upgrades from version N to N+1, applied in order inside one transaction each. Version 1 is the first.
UPGRADES: dict[int, list[str]] = {}


def ensure_schema(engine: Engine) -> int:
    """Create missing tables, seed the catalogue on creation, and apply pending upgrades. Returns the version."""
    import store.access_tables  # noqa: F401  (adds the accounts tables to `metadata`)
    from store.catalogue import seed_catalogue
    from store.engine import write_transaction

    # One creator at a time (BEGIN IMMEDIATE on SQLite, the writers' advisory lock on PostgreSQL): eight first
    # `init`s at once failed with "database is locked" or UniqueViolation (issue 11); now the others wait, then
    # find the tables and the seeded catalogue there.
    with write_transaction(engine) as conn:
        metadata.create_all(conn)
        version = _read_version(conn)
        if version is None:
            conn.execute(
                meta.insert(),
                [
                    {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                    {"key": "data_version", "value": "0"},
                ],
            )
            seed_catalogue(conn)
            return SCHEMA_VERSION
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in UPGRADES.get(target, []):
                conn.exec_driver_sql(statement)
            conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(target)))
    return max(version, SCHEMA_VERSION)


def _read_version(conn: Connection) -> int | None:
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return None if value is None else int(value)
