"""Accounts, logins with lockout, sessions, view links and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from access import audit_actions as acts
from access.errors import (
    EmailTaken,
    InvalidLinkDays,
    InvalidRole,
    LastAdmin,
    UnitsRequired,
    UnknownUnits,
    UserExists,
    WeakPassword,
)
from access.rights import LINK, USER, VIEWER, Principal
from access.tokens import token_hash
from store.access_audit import load_audit, record_audit
from store.access_links import (
    EXPIRED,
    REVOKED,
    UNKNOWN,
    VALID,
    check_link,
    create_link,
    list_links,
    revoke_link,
)
from store.access_login import LOCKED, OK, WRONG, login
from store.access_sessions import (
    SECRET_META_KEY,
    issue_session,
    resolve_session,
    revoke_all_sessions,
    revoke_session,
    server_secret,
)
from store.accounts import (
    create_user,
    ensure_first_admin,
    list_users,
    remove_user,
    set_password,
    update_user,
    user_for_sso_email,
)
from store.tables import meta, sessions, users, view_links
from tests.access_fixtures import PASSWORD, T0, seed_tree

NO_ENV: dict[str, str] = {}


@pytest.fixture
def db(engine):
    seed_tree(engine)
    return engine


def _actions(engine) -> list[tuple[str, str, str]]:
    frame = load_audit(engine, 100)
    return list(zip(frame["actor"], frame["action"], frame["target"], strict=True))[::-1]


# Accounts ------------------------------------------------------------------------------------------------


def test_create_and_list_users_store_only_a_scrypt_hash(db):
    create_user(
        db, "wang", PASSWORD, "officer", units="C01,C0201", display_name="王五", email="Wang@Example.CN"
    )
    create_user(db, "boss", PASSWORD, "admin", actor="cli:root")
    assert [u.as_json() for u in list_users(db)] == [
        {"id": 2, "username": "boss", "display_name": "", "role": "admin", "units": [], "email": None},
        {
            "id": 1,
            "username": "wang",
            "display_name": "王五",
            "role": "officer",
            "units": ["C01", "C0201"],
            "email": "wang@example.cn",
        },
    ]
    with db.connect() as conn:
        hashes = conn.execute(select(users.c.password_hash)).scalars().all()
    assert all(h.startswith("scrypt$16384$8$1$") and PASSWORD not in h for h in hashes)
    assert hashes[0] != hashes[1]
    assert _actions(db) == [("system", "user_added", "wang"), ("cli:root", "user_added", "boss")]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"role": "boss"}, InvalidRole, "Role 'boss' is not valid: use admin, officer or viewer"),
        ({"role": "officer"}, UnitsRequired, "Officer 'li' needs at least one unit: add --units CODE"),
        ({"role": "viewer", "units": "C09"}, UnknownUnits, "No unit with code C09. Check the codes"),
        ({"role": "viewer", "password": "short"}, WeakPassword, "The password is too short: use at least 8"),
    ],
)
def test_create_user_refuses_with_a_clear_message(db, kwargs, error, message):
    kwargs = dict(kwargs)  # the same dict serves every backend's run
    password = kwargs.pop("password", PASSWORD)
    with pytest.raises(error) as raised:
        create_user(db, "li", password, **kwargs)
    assert str(raised.value).startswith(message)
    assert list_users(db) == []


def test_duplicate_name_and_email_are_refused(db):
    create_user(db, "li", PASSWORD, "viewer", email="li@x.cn")
    with pytest.raises(UserExists):
        create_user(db, "li", PASSWORD, "viewer")
    with pytest.raises(EmailTaken):
        create_user(db, "li2", PASSWORD, "viewer", email="LI@x.cn")


def test_the_last_admin_cannot_be_removed_or_demoted(db):
    create_user(db, "boss", PASSWORD, "admin")
    with pytest.raises(LastAdmin):
        remove_user(db, "boss")
    with pytest.raises(LastAdmin):
        update_user(db, "boss", role="viewer")
    create_user(db, "deputy", PASSWORD, "admin")
    remove_user(db, "boss", actor="deputy")
    assert [u.username for u in list_users(db)] == ["deputy"]
    assert _actions(db)[-1] == ("deputy", "user_removed", "boss")


def test_update_user_changes_units_and_role(db):
    create_user(db, "li", PASSWORD, "officer", units=["C01"])
    changed = update_user(db, "li", role="viewer", units="", actor="boss")
    assert (changed.role, changed.units) == ("viewer", ())
    assert load_audit(db, 1).loc[0, "detail"] == {"role": "viewer", "units": []}


def test_ensure_first_admin_creates_once_only(db):
    env = {"DASHBOARD_ADMIN_USER": "admin", "DASHBOARD_ADMIN_PASSWORD": PASSWORD}
    assert ensure_first_admin(db, {}) is None
    assert ensure_first_admin(db, {"DASHBOARD_ADMIN_USER": "admin"}) is None
    assert ensure_first_admin(db, env) == "admin"
    assert ensure_first_admin(db, {**env, "DASHBOARD_ADMIN_USER": "other"}) is None
    assert [(u.username, u.role) for u in list_users(db)] == [("admin", "admin")]
    assert login(db, "admin", PASSWORD, client="10.0.0.1").status == OK
    with pytest.raises(WeakPassword):
        ensure_first_admin(db, {"DASHBOARD_ADMIN_USER": "x", "DASHBOARD_ADMIN_PASSWORD": "1"})


def test_sso_email_maps_to_our_user_and_our_role(db):
    create_user(
        db, "li", PASSWORD, "officer", units=["C01"], email="li.si@county.gov.cn", display_name="李四"
    )
    assert user_for_sso_email(db, "  LI.SI@county.gov.cn ") == Principal(
        USER, 1, "li", "officer", ("C01",), "李四"
    )
    assert user_for_sso_email(db, "stranger@county.gov.cn") is None
    assert user_for_sso_email(db, None) is None
    assert user_for_sso_email(db, "") is None


# Login and lockout ---------------------------------------------------------------------------------------


def test_login_success_and_wrong_password(db):
    create_user(db, "li", PASSWORD, "viewer", units=["C02"])
    ok = login(db, "li", PASSWORD, client="10.0.0.1", now=T0)
    assert (ok.status, ok.principal, ok.delay_seconds) == (
        OK,
        Principal(USER, 1, "li", VIEWER, ("C02",)),
        0.0,
    )
    wrong = login(db, "li", "wrong password", client="10.0.0.1", now=T0)
    assert (wrong.status, wrong.principal, wrong.attempts_left, wrong.delay_seconds) == (WRONG, None, 4, 1.0)
    assert wrong.message() == "用户名或密码不正确"
    unknown = login(db, "nobody", PASSWORD, client="10.0.0.1", now=T0)
    assert (unknown.status, unknown.message("en")) == (WRONG, "Wrong user name or password")
    assert [a for _, a, _ in _actions(db)] == ["user_added", "login_ok", "login_failed", "login_failed"]


def test_five_failures_lock_the_account_until_the_window_passes(db):
    create_user(db, "li", PASSWORD, "viewer")
    results = [
        login(db, "li", f"guess {i}", client=f"10.0.0.{i}", now=T0 + timedelta(minutes=i)) for i in range(5)
    ]
    assert [(r.status, r.attempts_left, r.locked_minutes) for r in results] == [
        (WRONG, 4, 0),
        (WRONG, 3, 0),
        (WRONG, 2, 0),
        (WRONG, 1, 0),
        (WRONG, 0, 11),
    ]
    assert results[-1].message() == "用户名或密码不正确。失败次数过多，请 11 分钟后再试"
    # Locked: even the right password is refused, from any client, and the refusal is not counted.
    locked = login(db, "li", PASSWORD, client="10.9.9.9", now=T0 + timedelta(minutes=6))
    assert (locked.status, locked.locked_by, locked.locked_minutes) == (LOCKED, "account", 9)
    assert locked.message("en") == "Too many failed sign-ins. Try again in 9 minutes"
    assert locked.message() == "登录失败次数过多，已暂时锁定，请 9 分钟后再试"
    assert (
        login(db, "li", PASSWORD, client="10.9.9.9", now=T0 + timedelta(minutes=14, seconds=59)).status
        == LOCKED
    )
    assert login(db, "li", PASSWORD, client="10.9.9.9", now=T0 + timedelta(minutes=15)).status == OK
    audit = load_audit(db, 100)
    assert audit["action"].value_counts().to_dict() == {
        "login_failed": 5,
        "login_locked": 2,
        "login_ok": 1,
        "user_added": 1,
    }


def test_a_success_clears_the_account_failures(db):
    create_user(db, "li", PASSWORD, "viewer")
    for i in range(4):
        login(db, "li", "guess", client=f"10.0.0.{i}", now=T0 + timedelta(minutes=i))
    assert login(db, "li", PASSWORD, client="10.0.1.1", now=T0 + timedelta(minutes=5)).status == OK
    after = login(db, "li", "guess", client="10.0.1.2", now=T0 + timedelta(minutes=6))
    assert (after.status, after.attempts_left) == (WRONG, 4)


def test_five_failures_from_one_client_lock_that_client_for_every_account(db):
    create_user(db, "li", PASSWORD, "viewer")
    create_user(db, "wang", PASSWORD, "viewer")
    for i in range(5):
        login(db, f"guess{i}", "guess", client="203.0.113.7", now=T0 + timedelta(minutes=i))
    blocked = login(db, "li", PASSWORD, client="203.0.113.7", now=T0 + timedelta(minutes=5))
    assert (blocked.status, blocked.locked_by, blocked.locked_minutes) == (LOCKED, "client", 10)
    assert login(db, "wang", PASSWORD, client="198.51.100.2", now=T0 + timedelta(minutes=5)).status == OK
    assert login(db, "li", PASSWORD, client="203.0.113.7", now=T0 + timedelta(minutes=15)).status == OK


def test_an_unknown_client_is_counted_by_account_only(db):
    create_user(db, "li", PASSWORD, "viewer")
    for i in range(5):
        login(db, f"guess{i}", "guess", client=None, now=T0 + timedelta(minutes=i))
    assert login(db, "li", PASSWORD, client=None, now=T0 + timedelta(minutes=5)).status == OK


# Sessions ------------------------------------------------------------------------------------------------


def test_session_token_resolves_until_expiry_and_never_holds_the_password(db):
    user = create_user(db, "li", PASSWORD, "officer", units=["C01"])
    token = issue_session(db, user.id, timedelta(hours=8), now=T0, environ=NO_ENV)
    assert PASSWORD not in token and token.startswith(f"{user.id}.")
    expected = Principal(USER, user.id, "li", "officer", ("C01",))
    assert resolve_session(db, token, now=T0 + timedelta(hours=7), environ=NO_ENV) == expected
    assert resolve_session(db, token, now=T0 + timedelta(hours=8), environ=NO_ENV) is None
    session_id = token.split(".")[1]
    with db.connect() as conn:
        stored = conn.execute(select(sessions.c.id)).scalars().all()
    assert stored == [token_hash(session_id)]


def test_tampered_or_foreign_tokens_are_rejected(db):
    li = create_user(db, "li", PASSWORD, "viewer")
    boss = create_user(db, "boss", PASSWORD, "admin")
    token = issue_session(db, li.id, now=T0, environ=NO_ENV)
    _, session, expires, signature = token.split(".")
    as_boss = ".".join([str(boss.id), session, expires, signature])
    assert resolve_session(db, as_boss, now=T0, environ=NO_ENV) is None
    assert resolve_session(db, token[:-2] + "xx", now=T0, environ=NO_ENV) is None
    assert resolve_session(db, token, now=T0, environ={"DASHBOARD_SECRET_KEY": "rotated"}) is None
    assert resolve_session(db, "", now=T0, environ=NO_ENV) is None
    assert resolve_session(db, token, now=T0, environ=NO_ENV).name == "li"


def test_role_changes_apply_to_open_sessions_and_removal_ends_them(db):
    li = create_user(db, "li", PASSWORD, "officer", units=["C01"])
    create_user(db, "boss", PASSWORD, "admin")
    token = issue_session(db, li.id, now=T0, environ=NO_ENV)
    update_user(db, "li", role="viewer", units=["C02"])
    assert resolve_session(db, token, now=T0, environ=NO_ENV).units == ("C02",)
    remove_user(db, "li")
    assert resolve_session(db, token, now=T0, environ=NO_ENV) is None


def test_log_out_one_session_and_everywhere(db):
    li = create_user(db, "li", PASSWORD, "viewer")
    phone, laptop, desk = (issue_session(db, li.id, environ=NO_ENV) for _ in range(3))
    assert revoke_session(db, phone, environ=NO_ENV) is True
    assert revoke_session(db, phone, environ=NO_ENV) is False
    assert resolve_session(db, phone, environ=NO_ENV) is None
    assert resolve_session(db, laptop, environ=NO_ENV).name == "li"
    assert revoke_all_sessions(db, li.id) == 2
    assert [resolve_session(db, t, environ=NO_ENV) for t in (laptop, desk)] == [None, None]
    assert _actions(db)[-2:] == [("li", "logout", "li"), ("li", "logout_everywhere", "li")]


def test_password_reset_ends_every_session(db):
    li = create_user(db, "li", PASSWORD, "viewer")
    token = issue_session(db, li.id, environ=NO_ENV)
    set_password(db, "li", "a new password", actor="boss")
    assert resolve_session(db, token, environ=NO_ENV) is None
    assert login(db, "li", PASSWORD, client="1.1.1.1").status == WRONG
    assert login(db, "li", "a new password", client="1.1.1.2").status == OK
    assert load_audit(db, 10, action=acts.PASSWORD_RESET).loc[0, "detail"] == {"sessions_ended": 1}


def test_server_secret_is_generated_once_and_kept(db):
    first = server_secret(db, NO_ENV)
    assert server_secret(db, NO_ENV) == first
    assert len(first) == 43  # secrets.token_urlsafe(32): 32 bytes in unpadded base64 = ceil(32 × 4 / 3)
    with db.connect() as conn:
        assert (
            conn.execute(select(meta.c.value).where(meta.c.key == SECRET_META_KEY)).scalar() == first.decode()
        )
    assert server_secret(db, {"DASHBOARD_SECRET_KEY": "from-env"}) == b"from-env"


# View links ----------------------------------------------------------------------------------------------


def test_view_link_valid_then_expired_then_revoked_and_only_its_hash_is_stored(db):
    made = create_link(db, "C01", 7, label="县长周例会", actor="boss", now=T0)
    assert made.path == f"/?link={made.token}"
    assert made.url("https://dash.example.cn/") == f"https://dash.example.cn/?link={made.token}"
    opened = check_link(db, made.token, now=T0 + timedelta(days=6, hours=23))
    assert (opened.status, opened.principal) == (
        VALID,
        Principal(LINK, 1, "县长周例会", VIEWER, ("C01",), "县长周例会"),
    )
    assert opened.message() == ""
    expired = check_link(db, made.token, now=T0 + timedelta(days=7))
    assert (expired.status, expired.principal) == (EXPIRED, None)
    assert expired.message() == "此查看链接已过期。请联系管理员重新生成链接"
    revoke_link(db, made.link.id, actor="boss", now=T0 + timedelta(days=1))
    revoked = check_link(db, made.token, now=T0 + timedelta(days=2))
    assert (revoked.status, revoked.principal) == (REVOKED, None)
    assert (
        revoked.message("en")
        == "This view link was withdrawn by the administrator. Ask them if you still need access"
    )
    assert check_link(db, made.token + "x").status == UNKNOWN
    assert check_link(db, None).status == UNKNOWN
    with db.connect() as conn:
        rows = conn.execute(select(view_links)).mappings().all()
    assert len(rows) == 1
    assert all(made.token not in str(value) for value in rows[0].values())
    assert rows[0]["token_sha256"] == token_hash(made.token)
    assert _actions(db) == [("boss", "link_created", "link#1"), ("boss", "link_revoked", "link#1")]


def test_link_for_an_unknown_unit_or_bad_days_is_refused(db):
    with pytest.raises(UnknownUnits):
        create_link(db, "C99", 7)
    with pytest.raises(InvalidLinkDays, match="0 days is not valid"):
        create_link(db, "C01", 0)
    assert list_links(db) == []


# Audit ---------------------------------------------------------------------------------------------------


def test_record_and_load_audit(db):
    with db.begin() as conn:
        record_audit(conn, "li", acts.UPLOAD, "upload#3", {"file": "东河镇.xlsx", "rows": 12}, now=T0)
        record_audit(conn, "boss", acts.UNDO, "upload#3", None, now=T0 + timedelta(minutes=1))
    frame = load_audit(db, 10)
    assert frame.to_dict("records") == [
        {
            "id": 2,
            "at": T0 + timedelta(minutes=1),
            "actor": "boss",
            "action": "undo",
            "target": "upload#3",
            "detail": {},
        },
        {
            "id": 1,
            "at": T0,
            "actor": "li",
            "action": "upload",
            "target": "upload#3",
            "detail": {"file": "东河镇.xlsx", "rows": 12},
        },
    ]
    with pytest.raises(ValueError, match="unknown audit action 'uploaded'"), db.begin() as conn:
        record_audit(conn, "li", "uploaded")
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(users)).scalar() == 0
