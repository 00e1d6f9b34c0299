"""Signing in with a password: check the lockouts, check the password, count the failure or the success.

Pure of the web: the page passes the client address and sleeps `delay_seconds`; tests pass `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection, Engine

from access import audit_actions as acts
from access.lockout import FAILURE_DELAY_SECONDS, LIMIT, WINDOW, Lockout, lockout_state
from access.passwords import burn_password_check, hash_password, needs_rehash, verify_password
from access.rights import Principal
from access.tokens import naive_utc, utc_now
from store.access_audit import record_audit
from store.accounts import password_hash_of, user_by_id
from store.engine import write_transaction
from store.tables import login_attempts, users

OK = "ok"
WRONG = "wrong"
LOCKED = "locked"
ATTEMPTS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class LoginResult:
    status: str  # ok | wrong | locked
    principal: Principal | None = None
    locked_minutes: int = 0  # > 0: no attempt is accepted for this long (also after the failure that locked)
    locked_by: str | None = None  # "account" | "client"
    attempts_left: int = LIMIT
    delay_seconds: float = 0.0  # the page sleeps this before answering a failure

    def message(self, lang: str = "zh") -> str:
        if self.status == OK:
            return ""
        if self.status == LOCKED:
            if lang == "en":
                return f"Too many failed sign-ins. Try again in {self.locked_minutes} minutes"
            return f"登录失败次数过多，已暂时锁定，请 {self.locked_minutes} 分钟后再试"
        if lang == "en":
            text = "Wrong user name or password"
            return text + (
                f". Too many failures: try again in {self.locked_minutes} minutes"
                if self.locked_minutes
                else ""
            )
        text = "用户名或密码不正确"
        return text + (f"。失败次数过多，请 {self.locked_minutes} 分钟后再试" if self.locked_minutes else "")


def login(
    engine: Engine, username: str, password: str, *, client: str | None, now: datetime | None = None
) -> LoginResult:
    """Check a password. `client` is the browser's address (None when unknown: then only the account is counted)."""
    username = (username or "").strip()[:128]
    client = (client or "").strip()[:128] or None
    # Check the count and record this attempt as a failure in one serialised transaction, before the slow
    # password check: 20 guesses at once each see the ones before them, so at most LIMIT are ever checked
    # (issue 11: 19 wrong + 1 right got in when the count was read and the failure written apart).
    with write_transaction(engine) as conn:
        # The clock is read holding the lock: an attempt stamped before one already counted would not see it.
        when = naive_utc(now) if now is not None else utc_now()
        account, by_client = _lockouts(conn, username, client, when)
        blocking = _blocking(account, by_client)
        if blocking is not None:
            record_audit(
                conn,
                username or "?",
                acts.LOGIN_LOCKED,
                username,
                {"client": client, "by": blocking[1]},
                now=when,
            )
        else:
            attempt_id = _record_attempt(conn, username, client, when, False)
    if blocking is not None:
        lock, by = blocking
        return LoginResult(LOCKED, locked_minutes=lock.minutes_left(when), locked_by=by, attempts_left=0)

    with engine.connect() as conn:
        found = password_hash_of(conn, username) if username else None
    if found is None:
        burn_password_check()
        verified = False
    else:
        verified = verify_password(password or "", found[1])

    with write_transaction(engine) as conn:
        if verified:
            conn.execute(
                login_attempts.update().where(login_attempts.c.id == attempt_id).values(success=True)
            )
            user_id = found[0]
            if needs_rehash(found[1]):
                conn.execute(
                    users.update().where(users.c.id == user_id).values(password_hash=hash_password(password))
                )
            record_audit(conn, username, acts.LOGIN_OK, username, {"client": client}, now=when)
        else:
            account, by_client = _lockouts(conn, username, client, when)
            record_audit(
                conn,
                username or "?",
                acts.LOGIN_FAILED,
                username,
                {"client": client, "failures": account.failures},
                now=when,
            )
    if verified:
        return LoginResult(OK, principal=user_by_id(engine, found[0]).as_principal())
    blocking = _blocking(account, by_client)
    failures = max(account.failures, by_client.failures)
    return LoginResult(
        WRONG,
        locked_minutes=0 if blocking is None else blocking[0].minutes_left(when),
        locked_by=None if blocking is None else blocking[1],
        attempts_left=max(0, LIMIT - failures),
        delay_seconds=FAILURE_DELAY_SECONDS,
    )


def _lockouts(conn: Connection, username: str, client: str | None, when: datetime) -> tuple[Lockout, Lockout]:
    since = when - WINDOW
    # A success ends the account's run of failures; a client's failures count whoever it signs in as.
    last_ok = conn.execute(
        select(func.max(login_attempts.c.at)).where(
            login_attempts.c.username == username, login_attempts.c.success.is_(True)
        )
    ).scalar()
    account_since = max(since, last_ok) if last_ok is not None else since
    account = _failures(conn, login_attempts.c.username == username, account_since)
    by_client = [] if client is None else _failures(conn, login_attempts.c.client == client, since)
    return lockout_state(account, when), lockout_state(by_client, when)


def _failures(conn: Connection, condition, since: datetime) -> list[datetime]:
    query = select(login_attempts.c.at).where(
        condition, login_attempts.c.success.is_(False), login_attempts.c.at > since
    )
    return list(conn.execute(query).scalars())


def _blocking(account: Lockout, by_client: Lockout) -> tuple[Lockout, str] | None:
    if account.locked:
        return account, "account"
    if by_client.locked:
        return by_client, "client"
    return None


def _record_attempt(
    conn: Connection, username: str, client: str | None, when: datetime, success: bool
) -> int:
    conn.execute(delete(login_attempts).where(login_attempts.c.at < when - ATTEMPTS_KEPT))
    inserted = conn.execute(
        login_attempts.insert()
        .values(at=when, username=username, client=client or "", success=success)
        .returning(login_attempts.c.id)
    )
    return int(inserted.scalar_one())
