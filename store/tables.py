"""Every table, in one module: the data (units, items, reports, uploads, history) and the accounts (users,
sessions, view links, login attempts, audit log). Nothing here imports another store module, so every store
module can import its tables from here without a circle; store/schema.py creates and upgrades them."""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    event,
)

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
        Column("unit_code", String(64), ForeignKey("units.code"), nullable=False),
        Column("week", Date, nullable=False),
        *measures,
        Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False),
    ]


def _stock_measures() -> list[Column]:
    return [
        Column("item_code", String(64), ForeignKey("items.code"), nullable=False),
        Column("on_hand", Float),
        Column("received", Float),
        Column("used", Float),
        Column("days_out", Float),
        Column("opening", Float),
    ]


def _publicity_measures() -> list[Column]:
    return [
        Column("material_code", String(64), ForeignKey("items.code"), nullable=False),
        Column("quantity", Float),
        Column("sub_units_reached", Float),
        Column("households_reached", Float),
    ]


def _report_table(name: str, item_column: str, measures: list[Column]) -> Table:
    # Week first in the key, and no other index: a new week's rows go to the end of the table instead of into
    # every unit's place (the cost of an import then stays flat as weeks accumulate, issue 14), and a week's
    # rows, what the pages read, lie together. On PostgreSQL one partition per week (store/partitions.py),
    # plus an index by unit within each partition for the reads of one unit's history.
    table = Table(
        name,
        metadata,
        *_report_columns(measures),
        PrimaryKeyConstraint("week", "unit_code", item_column),
        sqlite_with_rowid=False,
        postgresql_partition_by="RANGE (week)",
    )
    index = DDL(f"CREATE INDEX ix_{name}_unit_week ON {name} (unit_code, week)")
    event.listen(table, "after_create", index.execute_if(dialect="postgresql"))
    return table


# The figures in force: one row per unit x week x item, from the latest upload that carried it. Upgrade 3
# (store/schema.py) rebuilds older databases' tables into this shape.
stock_reports = _report_table("stock_reports", "item_code", _stock_measures())
publicity_reports = _report_table("publicity_reports", "material_code", _publicity_measures())


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


# The latest status (store/latest_status.py), kept in each write's transaction so the latest week's pages read
# one row per unit x item instead of a window of weeks: each unit x item's last stock row with the figures the
# weeks before it gave (metrics/latest_rows.py), each unit's last stock week, and publicity summed per unit x
# material over the weeks before the latest (what store.reports.publicity_to_date reads). Derived: no keys to
# other tables, rebuilt whenever in doubt; meta holds the data version and week they are of.
latest_units = Table(
    "latest_units",
    metadata,
    Column("unit_code", String(64), primary_key=True),
    Column("week", Date, nullable=False),  # the unit's last week with a stock row
    # Its latest rows, one line per item (store/latest_units.py): the item codes as a JSON list, then the
    # rows' weeks and figures (metrics/latest_rows.LATEST_COLUMNS after the keys, flags as 0/1) and their short
    # histories (metrics/latest_history.py), float64 values as bytes. A province's 240,000 rows are read by
    # every first view and rewritten by every import: a table row each cost more than the figures, a column
    # per figure seconds more. Upgrade 5 replaced the table of a row per unit × item (and the units' weeks).
    Column("item_codes", Text, nullable=False),
    Column("figures", LargeBinary, nullable=False),
    Column("history", LargeBinary, nullable=False),
)
latest_publicity = Table(
    "latest_publicity",
    metadata,
    Column("unit_code", String(64), primary_key=True),
    Column("material_code", String(64), primary_key=True),
    Column("week", Date, nullable=False),
    Column("quantity", Float),
    Column("sub_units_reached", Float),
)

# Each unit × week with any report row, stock or publicity (store/report_weeks.py): what the reporting rate by
# week reads, instead of finding the distinct pairs among a province's 15 million report rows again.
report_weeks = Table(
    "report_weeks",
    metadata,
    Column("week", Date, primary_key=True),
    Column("unit_code", String(64), primary_key=True),
)

# Each week's publicity rows packed in one row (store/publicity_packs.py): what the publicity trend reads, a
# province's 2.9 million rows, 8 s fetched row by row. The units and materials as JSON lists of the week's
# distinct codes, each row's position among them as little-endian int32 / int16, the figures as float64 (NaN
# for a blank): exact, unlike a decimal rendering of the floats.
publicity_packs = Table(
    "publicity_packs",
    metadata,
    Column("week", Date, primary_key=True),
    Column("units", Text, nullable=False),
    Column("unit_index", LargeBinary, nullable=False),
    Column("materials", Text, nullable=False),
    Column("material_index", LargeBinary, nullable=False),
    Column("quantity", LargeBinary, nullable=False),
    Column("sub_units_reached", LargeBinary, nullable=False),
)

# --- Accounts -------------------------------------------------------------------------------------------
# Times are naive UTC. No secret is stored in the clear: passwords as scrypt hashes, session ids and view-link
# tokens as SHA-256 hashes.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128), nullable=False, default=""),
    Column("role", String(16), nullable=False),  # admin | officer | viewer
    Column("email", String(255), nullable=True, unique=True),  # lower case; for single sign-on
    # For @-mentions in work-group reminders (push/); added to older databases by schema upgrade 2.
    Column("mobile", String(32), nullable=True),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("password_changed_at", DateTime(timezone=False), nullable=False),
)

# An officer writes for these units and their children; a viewer reads below them (none listed = everything).
user_units = Table(
    "user_units",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_code", String(64), primary_key=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the session id carried in the signed token
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("expires_at", DateTime(timezone=False), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

view_links = Table(
    "view_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("unit_code", String(64), nullable=False),
    Column("label", String(255), nullable=False, default=""),
    Column("created_by", String(128), nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("expires_at", DateTime(timezone=False), nullable=False),
    Column("revoked_at", DateTime(timezone=False), nullable=True),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=False), nullable=False, index=True),
    Column("username", String(128), nullable=False, index=True),
    Column("client", String(128), nullable=False, index=True),
    Column("success", Boolean, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=False), nullable=False, index=True),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False, index=True),
    Column("target", String(255), nullable=False, default=""),
    Column("detail", Text, nullable=False, default="{}"),  # JSON object
)

# A one-time ticket between the login form and the cookie (gateway/session_cookie.py): the form runs over the
# WebSocket and cannot set an HttpOnly cookie, so it hands the browser a ticket that an HTTP route redeems once,
# within a minute, for the session cookie. Kept only as a hash.
login_tickets = Table(
    "login_tickets",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the ticket
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", DateTime(timezone=False), nullable=False),
)

# The weekly reporting deadline (domain/deadlines.py, docs/figures.md R3): level "" is the default, any other
# level overrides it for its units. New in an existing database through create_all (store/schema.py).
deadlines = Table(
    "deadlines",
    metadata,
    Column("level", String(32), primary_key=True),
    # ISO: 1 = Monday … 7 = Sunday, of the week after the report week
    Column("weekday", Integer, nullable=False),
    Column("at_time", String(5), nullable=False),  # "HH:MM", the office's wall-clock time
    Column("set_by", String(128), nullable=False),
    Column("set_at", DateTime(timezone=False), nullable=False),
)

# --- Pushes to work groups (push/) ---------------------------------------------------------------------------
# A group robot: WeCom, DingTalk or Feishu. `url` and `secret` are secrets (the webhook key is the credential):
# shown masked, never logged whole, never exported. unit_code NULL = the whole district.
push_targets = Table(
    "push_targets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # wecom | dingtalk | feishu
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False, default=""),
    Column("unit_code", String(64), nullable=True),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_by", String(128), nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
)

# Every message sent (or tried): what, when, the robot's answer, how many attempts. The target's name and
# kind are copied so the log outlives a removed target; the URL is never written here.
push_log = Table(
    "push_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target", String(128), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("what", String(32), nullable=False),  # summary | alert | remind_before | remind_after | test
    Column("week", Date, nullable=True),
    Column("sent_at", DateTime(timezone=False), nullable=False, index=True),
    Column("ok", Boolean, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("answer", Text, nullable=False, default=""),  # the robot's reply or the error, secrets masked
    Column("content", Text, nullable=False, default=""),  # the message text, view-link tokens masked
)

# What each target was last told about each alert, so an alert goes out when new or worse, never twice.
push_alert_state = Table(
    "push_alert_state",
    metadata,
    Column("target", String(128), primary_key=True),
    Column("family", String(32), primary_key=True),  # supply (stockout > critical): one rank per unit x item
    Column("unit_code", String(64), primary_key=True),
    Column("item", String(64), primary_key=True),
    Column("rank", Integer, nullable=False),  # 0 = fine now, higher = worse
    Column("kind", String(32), nullable=False),
    Column("week", Date, nullable=False),
    Column("updated_at", DateTime(timezone=False), nullable=False),
)
