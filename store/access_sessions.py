"""Server-side sessions behind signed tokens: a refresh keeps an officer signed in, a log-out ends it for good.

The token (see access/tokens.py) carries user id, session id and expiry, signed with the server secret: from
DASHBOARD_SECRET_KEY, else generated once and kept in the meta table so every server process shares it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from access import audit_actions as acts
from access.rights import Principal
from access.tokens import (
    VALID,
    check_session_token,
    naive_utc,
    new_secret,
    new_session_id,
    sign_session,
    token_hash,
    utc_now,
)
from store.access_audit import record_audit
from store.accounts import user_by_id
from store.engine import write_transaction
from store.tables import login_tickets, meta, sessions, users

SECRET_ENV = "DASHBOARD_SECRET_KEY"
SECRET_META_KEY = "session_secret"
SESSION_TTL = timedelta(hours=12)
# Ended and expired session rows are kept this long (for an admin looking into a problem), then dropped.
SESSION_KEEP = timedelta(days=30)
# The login form's ticket is redeemed by the browser's very next request; a minute covers a slow phone.
TICKET_TTL = timedelta(seconds=60)


def server_secret(engine: Engine, environ: Mapping[str, str] | None = None) -> bytes:
    environ = os.environ if environ is None else environ
    given = environ.get(SECRET_ENV)
    if given:
        return given.encode("utf-8")
    with engine.connect() as conn:
        stored = conn.execute(select(meta.c.value).where(meta.c.key == SECRET_META_KEY)).scalar()
    if stored is None:
        # Two processes starting at once both try; ON CONFLICT keeps the first and both read it back.
        with write_transaction(engine) as conn:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            conn.execute(
                dialect.insert(meta)
                .values(key=SECRET_META_KEY, value=new_secret())
                .on_conflict_do_nothing(index_elements=["key"])
            )
            stored = conn.execute(select(meta.c.value).where(meta.c.key == SECRET_META_KEY)).scalar_one()
    return stored.encode("utf-8")


def issue_session(
    engine: Engine,
    user_id: int,
    ttl: timedelta = SESSION_TTL,
    *,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Open a session for the user and return its signed token (never contains the password)."""
    when = naive_utc(now) if now is not None else utc_now()
    expires = (when + ttl).replace(microsecond=0)
    session_id = new_session_id()
    secret = server_secret(engine, environ)
    with write_transaction(engine) as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < when - SESSION_KEEP))
        conn.execute(
            sessions.insert().values(
                id=token_hash(session_id), user_id=user_id, created_at=when, expires_at=expires, revoked=False
            )
        )
    return sign_session(secret, user_id, session_id, expires)


def resolve_session(
    engine: Engine,
    token: str | None,
    *,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
) -> Principal | None:
    """The signed-in user, with role and units as they are now; None for a forged, expired or ended session."""
    if not token:
        return None
    when = naive_utc(now) if now is not None else utc_now()
    check = check_session_token(server_secret(engine, environ), token, when)
    if check.status != VALID:
        return None
    claim = check.claim
    with engine.connect() as conn:
        row = conn.execute(
            select(sessions.c.user_id, sessions.c.expires_at, sessions.c.revoked).where(
                sessions.c.id == token_hash(claim.session_id)
            )
        ).first()
    if row is None or row.revoked or row.user_id != claim.user_id or when >= row.expires_at:
        return None
    user = user_by_id(engine, claim.user_id)
    return None if user is None else user.as_principal()


def revoke_session(
    engine: Engine, token: str | None, *, actor: str | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """Log out this one session. True when a live session was ended."""
    if not token:
        return False
    check = check_session_token(server_secret(engine, environ), token, utc_now())
    if check.claim is None:
        return False
    with write_transaction(engine) as conn:
        ended = conn.execute(
            sessions.update()
            .where(sessions.c.id == token_hash(check.claim.session_id), sessions.c.revoked.is_(False))
            .values(revoked=True)
        ).rowcount
        if ended:
            name = _username(conn, check.claim.user_id)
            record_audit(conn, actor or name, acts.LOGOUT, name)
    return bool(ended)


def revoke_all_sessions(engine: Engine, user_id: int, *, actor: str | None = None) -> int:
    """Log out everywhere: end every session of the user. Returns how many were still open."""
    with write_transaction(engine) as conn:
        ended = conn.execute(
            sessions.update()
            .where(sessions.c.user_id == user_id, sessions.c.revoked.is_(False))
            .values(revoked=True)
        ).rowcount
        name = _username(conn, user_id)
        record_audit(conn, actor or name, acts.LOGOUT_EVERYWHERE, name, {"sessions": ended})
    return int(ended)


def _username(conn: Connection, user_id: int) -> str:
    name = conn.execute(select(users.c.username).where(users.c.id == user_id)).scalar()
    return name or f"user#{user_id}"


def issue_ticket(engine: Engine, user_id: int, *, now: datetime | None = None) -> str:
    """A one-time ticket for a user who has just given the right password (see tables.login_tickets)."""
    when = naive_utc(now) if now is not None else utc_now()
    ticket = new_session_id()
    with write_transaction(engine) as conn:
        conn.execute(delete(login_tickets).where(login_tickets.c.expires_at < when))
        conn.execute(
            login_tickets.insert().values(
                id=token_hash(ticket), user_id=user_id, expires_at=when + TICKET_TTL
            )
        )
    return ticket


def redeem_ticket(
    engine: Engine,
    ticket: str | None,
    *,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """The session token for a live ticket, which is spent by this call; None for a spent, late or made-up one.

    The ticket is deleted in the transaction that reads it, so two requests with one ticket get one session."""
    if not ticket:
        return None
    when = naive_utc(now) if now is not None else utc_now()
    with write_transaction(engine) as conn:
        row = conn.execute(
            select(login_tickets.c.user_id, login_tickets.c.expires_at).where(
                login_tickets.c.id == token_hash(ticket)
            )
        ).first()
        if row is None:
            return None
        conn.execute(delete(login_tickets).where(login_tickets.c.id == token_hash(ticket)))
    if when >= row.expires_at:
        return None
    return issue_session(engine, row.user_id, now=now, environ=environ)
