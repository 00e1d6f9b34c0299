"""Accounts in the database: add, change, remove, list; the first admin; single sign-on by email.

Every change writes its audit row in the same transaction. Roles and units always come from here, also for a
user signed in through single sign-on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection, Engine

from access import audit_actions as acts
from access.errors import (
    EmailTaken,
    InvalidMobile,
    InvalidRole,
    InvalidUsername,
    LastAdmin,
    UnitsRequired,
    UnknownUnits,
    UnknownUser,
    UserExists,
    WeakPassword,
)
from access.passwords import MIN_PASSWORD_LENGTH, hash_password
from access.rights import ADMIN, OFFICER, ROLES, USER, Principal
from access.tokens import naive_utc, utc_now
from store.access_audit import record_audit
from store.connections import reading
from store.engine import write_transaction
from store.tables import sessions, user_units, users
from store.tables import units as units_table

ADMIN_USER_ENV = "DASHBOARD_ADMIN_USER"
ADMIN_PASSWORD_ENV = "DASHBOARD_ADMIN_PASSWORD"
MAX_USERNAME = 64
_KEEP = object()  # "leave this field as it is" in update_user


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    role: str
    email: str | None
    units: tuple[str, ...]
    mobile: str | None = None  # for @-mentions in work-group reminders (push/)

    def as_principal(self) -> Principal:
        return Principal(USER, self.id, self.username, self.role, self.units, self.display_name)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "units": list(self.units),
            "email": self.email,
        }


def create_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    *,
    units: Iterable[str] = (),
    display_name: str = "",
    email: str | None = None,
    mobile: str | None = None,
    actor: str = "system",
    now: datetime | None = None,
) -> UserRecord:
    username = _checked_username(username)
    mobile = normal_mobile(mobile)
    unit_codes = _unit_list(units)
    _check_role(username, role, unit_codes)
    _check_password(password)
    email = _normal_email(email)
    when = naive_utc(now) if now is not None else utc_now()
    password_hash = hash_password(password)  # slow: outside the write lock
    with write_transaction(engine) as conn:
        if _user_id(conn, username) is not None:
            raise UserExists(username)
        _check_units_exist(conn, unit_codes)
        _check_email_free(conn, email, None)
        user_id = conn.execute(
            users.insert()
            .values(
                username=username,
                display_name=display_name.strip(),
                role=role,
                email=email,
                mobile=mobile,
                password_hash=password_hash,
                created_at=when,
                password_changed_at=when,
            )
            .returning(users.c.id)
        ).scalar_one()
        _write_units(conn, user_id, unit_codes)
        record_audit(
            conn, actor, acts.USER_ADDED, username, {"role": role, "units": list(unit_codes)}, now=when
        )
        return _record(conn, user_id)


def update_user(
    engine: Engine,
    username: str,
    *,
    role=_KEEP,
    units=_KEEP,
    display_name=_KEEP,
    email=_KEEP,
    mobile=_KEEP,
    actor: str = "system",
) -> UserRecord:
    """Change a user's role, units, display name, email or mobile; the fields not given stay as they are."""
    with write_transaction(engine) as conn:
        current = _record_by_name(conn, username)
        new_role = current.role if role is _KEEP else role
        new_units = current.units if units is _KEEP else _unit_list(units)
        _check_role(username, new_role, new_units)
        _check_units_exist(conn, new_units)
        if current.role == ADMIN and new_role != ADMIN:
            _check_not_last_admin(conn, username)
        values: dict = {"role": new_role}
        if display_name is not _KEEP:
            values["display_name"] = display_name.strip()
        if email is not _KEEP:
            values["email"] = _normal_email(email)
            _check_email_free(conn, values["email"], current.id)
        if mobile is not _KEEP:
            values["mobile"] = normal_mobile(mobile)
        conn.execute(users.update().where(users.c.id == current.id).values(**values))
        _write_units(conn, current.id, new_units)
        record_audit(conn, actor, acts.USER_CHANGED, username, {**values, "units": list(new_units)})
        return _record(conn, current.id)


def set_password(
    engine: Engine, username: str, password: str, *, actor: str = "system", now: datetime | None = None
) -> None:
    """A new password; every session of the user ends, so a stolen session does not outlive the reset."""
    _check_password(password)
    password_hash = hash_password(password)
    when = naive_utc(now) if now is not None else utc_now()
    with write_transaction(engine) as conn:
        user_id = _existing_user_id(conn, username)
        conn.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(password_hash=password_hash, password_changed_at=when)
        )
        ended = conn.execute(
            sessions.update()
            .where(sessions.c.user_id == user_id, sessions.c.revoked.is_(False))
            .values(revoked=True)
        ).rowcount
        record_audit(conn, actor, acts.PASSWORD_RESET, username, {"sessions_ended": ended}, now=when)


def remove_user(engine: Engine, username: str, *, actor: str = "system") -> None:
    with write_transaction(engine) as conn:
        current = _record_by_name(conn, username)
        if current.role == ADMIN:
            _check_not_last_admin(conn, username)
        conn.execute(delete(sessions).where(sessions.c.user_id == current.id))
        conn.execute(delete(user_units).where(user_units.c.user_id == current.id))
        conn.execute(delete(users).where(users.c.id == current.id))
        record_audit(
            conn, actor, acts.USER_REMOVED, username, {"role": current.role, "units": list(current.units)}
        )


def list_users(source: Engine | Connection) -> list[UserRecord]:
    with reading(source) as conn:
        rows = conn.execute(select(users.c.id).order_by(users.c.username)).scalars().all()
        return [_record(conn, user_id) for user_id in rows]


def get_user(source: Engine | Connection, username: str) -> UserRecord | None:
    with reading(source) as conn:
        user_id = _user_id(conn, username)
        return None if user_id is None else _record(conn, user_id)


def user_by_id(source: Engine | Connection, user_id: int) -> UserRecord | None:
    with reading(source) as conn:
        found = conn.execute(select(users.c.id).where(users.c.id == user_id)).scalar()
        return None if found is None else _record(conn, found)


def password_hash_of(conn: Connection, username: str) -> tuple[int, str] | None:
    row = conn.execute(select(users.c.id, users.c.password_hash).where(users.c.username == username)).first()
    return None if row is None else (int(row.id), row.password_hash)


def user_for_sso_email(source: Engine | Connection, email: str | None) -> Principal | None:
    """The user whose email matches the single-sign-on identity (case-insensitive), or None: no account, no entry."""
    email = _normal_email(email)
    if email is None:
        return None
    with reading(source) as conn:
        found = conn.execute(select(users.c.id).where(users.c.email == email)).scalar()
        return None if found is None else _record(conn, found).as_principal()


def ensure_first_admin(engine: Engine, environ: Mapping[str, str]) -> str | None:
    """On a database with no user at all, create the admin named by DASHBOARD_ADMIN_USER / _PASSWORD.

    Returns the name created, or None when users exist already or the variables are not both set.
    """
    username = (environ.get(ADMIN_USER_ENV) or "").strip()
    password = environ.get(ADMIN_PASSWORD_ENV) or ""
    if not username or not password:
        return None
    _check_password(password)
    password_hash = hash_password(password)
    when = utc_now()
    with write_transaction(engine) as conn:
        if conn.execute(select(func.count()).select_from(users)).scalar_one():
            return None
        conn.execute(
            users.insert().values(
                username=_checked_username(username),
                display_name="",
                role=ADMIN,
                email=None,
                password_hash=password_hash,
                created_at=when,
                password_changed_at=when,
            )
        )
        record_audit(conn, "environment", acts.USER_ADDED, username, {"role": ADMIN, "units": []}, now=when)
    return username


def _record(conn: Connection, user_id: int) -> UserRecord:
    row = conn.execute(select(users).where(users.c.id == user_id)).mappings().one()
    codes = conn.execute(
        select(user_units.c.unit_code).where(user_units.c.user_id == user_id).order_by(user_units.c.unit_code)
    ).scalars()
    return UserRecord(
        int(row["id"]),
        row["username"],
        row["display_name"],
        row["role"],
        row["email"],
        tuple(codes),
        row["mobile"],
    )


def _record_by_name(conn: Connection, username: str) -> UserRecord:
    return _record(conn, _existing_user_id(conn, username))


def _user_id(conn: Connection, username: str) -> int | None:
    found = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
    return None if found is None else int(found)


def _existing_user_id(conn: Connection, username: str) -> int:
    user_id = _user_id(conn, username)
    if user_id is None:
        raise UnknownUser(username)
    return user_id


def _write_units(conn: Connection, user_id: int, codes: tuple[str, ...]) -> None:
    conn.execute(delete(user_units).where(user_units.c.user_id == user_id))
    if codes:
        conn.execute(user_units.insert(), [{"user_id": user_id, "unit_code": code} for code in codes])


def _check_not_last_admin(conn: Connection, username: str) -> None:
    admins = conn.execute(select(func.count()).select_from(users).where(users.c.role == ADMIN)).scalar_one()
    if admins <= 1:
        raise LastAdmin(username)


def _check_units_exist(conn: Connection, codes: tuple[str, ...]) -> None:
    if not codes:
        return
    known = set(conn.execute(select(units_table.c.code).where(units_table.c.code.in_(codes))).scalars())
    missing = [code for code in codes if code not in known]
    if missing:
        raise UnknownUnits(missing)


def _check_email_free(conn: Connection, email: str | None, user_id: int | None) -> None:
    if email is None:
        return
    owner = conn.execute(select(users.c.id).where(users.c.email == email)).scalar()
    if owner is not None and owner != user_id:
        raise EmailTaken(email)


def _check_role(username: str, role: str, unit_codes: tuple[str, ...]) -> None:
    if role not in ROLES:
        raise InvalidRole(role)
    if role == OFFICER and not unit_codes:
        raise UnitsRequired(username)


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise WeakPassword(MIN_PASSWORD_LENGTH)


def _checked_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > MAX_USERNAME or any(ch.isspace() for ch in name):
        raise InvalidUsername(name, MAX_USERNAME)
    return name


def _unit_list(codes: Iterable[str] | str | None) -> tuple[str, ...]:
    """Unit codes from a list or from "C01,C02" text; order kept, repeats and blanks dropped."""
    if codes is None:
        return ()
    if isinstance(codes, str):
        codes = codes.replace("，", ",").split(",")
    seen: dict[str, None] = {}
    for code in codes:
        code = str(code).strip()
        if code:
            seen.setdefault(code, None)
    return tuple(seen)


def normal_mobile(mobile: str | None) -> str | None:
    """A mobile number as the robots' mention lists take it: digits (a leading + kept), spaces and dashes
    dropped; None for blank. Anything else is refused, so a typo is found when typed, not at the deadline."""
    text = "".join(ch for ch in str(mobile or "") if ch not in " -\t")
    if not text:
        return None
    digits = text[1:] if text.startswith("+") else text
    if not digits.isdigit() or not 5 <= len(digits) <= 20:
        raise InvalidMobile(str(mobile))
    return text


def _normal_email(email: str | None) -> str | None:
    text = (email or "").strip().lower()
    return text or None
