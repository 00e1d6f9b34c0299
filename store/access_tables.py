"""The accounts tables: users and their units, sessions, view links, login attempts and the audit log.

Times are naive UTC. No secret is stored in the clear: passwords as scrypt hashes, session ids and view-link
tokens as SHA-256 hashes. Imported by store.schema.ensure_schema so the tables join the shared `metadata`.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text

from store.schema import metadata

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128), nullable=False, default=""),
    Column("role", String(16), nullable=False),  # admin | officer | viewer
    Column("email", String(255), nullable=True, unique=True),  # lower case; for single sign-on
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
