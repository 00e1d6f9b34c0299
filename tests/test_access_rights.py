"""The pure access layer: password hashes, signed session tokens, lockout arithmetic, roles and unit rights."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from access.lockout import lockout_state
from access.passwords import hash_password, needs_rehash, verify_password
from access.rights import (
    ADMIN,
    LINK,
    OFFICER,
    USER,
    VIEWER,
    Principal,
    can,
    may_undo,
    visible_units,
    writable_units,
)
from access.tokens import BAD_SIGNATURE, EXPIRED, MALFORMED, VALID, check_session_token, sign_session

# County C → towns C01, C02 → villages C0101, C0102 (under C01) and C0201 (under C02).
TREE = pd.DataFrame(
    {
        "code": ["C", "C01", "C02", "C0101", "C0102", "C0201"],
        "parent_code": [None, "C", "C", "C01", "C01", "C02"],
    }
)
ALL = {"C", "C01", "C02", "C0101", "C0102", "C0201"}
T0 = datetime(2024, 3, 4, 9, 0, 0)


def _user(role: str, *units: str) -> Principal:
    return Principal(USER, 1, "someone", role, tuple(units))


def test_hash_format_and_scrypt_parameters():
    salt = bytes(range(16))
    stored = hash_password("口罩够用吗2024", salt=salt)
    scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
    assert (scheme, n, r, p, salt_b64) == ("scrypt", "16384", "8", "1", base64.b64encode(salt).decode())
    expected = hashlib.scrypt("口罩够用吗2024".encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    assert base64.b64decode(hash_b64) == expected
    assert needs_rehash(stored) is False
    assert needs_rehash(stored.replace("$16384$", "$1024$")) is True


def test_verify_right_and_wrong_password():
    stored = hash_password("correct horse")
    assert verify_password("correct horse", stored) is True
    assert verify_password("correct horsE", stored) is False
    assert verify_password("", stored) is False


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain-text",
        "sha256$abc",
        "scrypt$16384$8$1$!!$AAAA",
        "scrypt$1000$8$1$AAAA$AAAA",
        "scrypt$x$8$1$AA$AA",
    ],
)
def test_unreadable_stored_hash_never_verifies(stored):
    assert verify_password("anything", stored) is False


def test_two_users_with_the_same_password_get_different_hashes():
    first, second = hash_password("same password"), hash_password("same password")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_password("same password", first) and verify_password("same password", second)


SECRET = b"test-secret"


def test_session_token_valid_until_expiry():
    expires = T0 + timedelta(hours=12)
    token = sign_session(SECRET, 7, "sess-abc", expires)
    check = check_session_token(SECRET, token, T0)
    assert (check.status, check.claim.user_id, check.claim.session_id, check.claim.expires) == (
        VALID,
        7,
        "sess-abc",
        expires,
    )
    assert check_session_token(SECRET, token, expires - timedelta(seconds=1)).status == VALID
    assert check_session_token(SECRET, token, expires).status == EXPIRED
    aware = (T0 + timedelta(hours=13)).replace(tzinfo=UTC)
    assert check_session_token(SECRET, token, aware).status == EXPIRED


def test_session_token_tampering_is_rejected():
    token = sign_session(SECRET, 7, "sess-abc", T0 + timedelta(hours=1))
    user, session, expires, signature = token.split(".")
    other_user = ".".join(["8", session, expires, signature])
    longer = ".".join([user, session, str(int(expires) + 86400), signature])
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for forged in (other_user, longer, flipped):
        assert check_session_token(SECRET, forged, T0).status == BAD_SIGNATURE
    assert check_session_token(b"another-secret", token, T0).status == BAD_SIGNATURE
    for broken in ("", "a.b.c", "x.sess.123.sig", "7.sess.١٢٣.sig", "7..123.sig"):
        assert check_session_token(SECRET, broken, T0).status == MALFORMED


def test_lockout_after_five_failures_in_fifteen_minutes_and_free_when_the_oldest_ages_out():
    failures = [T0 + timedelta(minutes=m) for m in (0, 1, 2, 3)]
    assert lockout_state(failures, T0 + timedelta(minutes=4)).locked is False
    failures.append(T0 + timedelta(minutes=4))
    state = lockout_state(failures, T0 + timedelta(minutes=5))
    assert (state.locked, state.failures, state.until) == (True, 5, T0 + timedelta(minutes=15))
    assert state.minutes_left(T0 + timedelta(minutes=5)) == 10
    assert state.minutes_left(T0 + timedelta(minutes=14, seconds=1)) == 1
    assert lockout_state(failures, T0 + timedelta(minutes=15)).locked is False
    assert lockout_state(failures, T0 + timedelta(minutes=15)).failures == 4


def test_failures_spread_over_more_than_the_window_do_not_lock():
    failures = [T0 + timedelta(minutes=4 * i) for i in range(10)]
    assert lockout_state(failures, T0 + timedelta(minutes=37)).locked is False


CAN = {
    ADMIN: {"view", "upload", "undo", "settings", "users", "links", "audit"},
    OFFICER: {"view", "upload", "undo"},
    VIEWER: {"view"},
}


@pytest.mark.parametrize("action", ["view", "upload", "undo", "settings", "users", "links", "audit"])
@pytest.mark.parametrize("who", [ADMIN, OFFICER, VIEWER, LINK, None])
def test_can_table(who, action):
    if who is None:
        principal, expected = None, False
    elif who == LINK:
        principal, expected = Principal(LINK, 3, "县长", VIEWER, ("C01",)), action == "view"
    else:
        principal, expected = _user(who, "C01"), action in CAN[who]
    assert can(principal, action) is expected


def test_can_refuses_an_unknown_action():
    with pytest.raises(ValueError, match="unknown action 'delete'"):
        can(_user(ADMIN), "delete")


@pytest.mark.parametrize(
    ("principal", "visible", "writable"),
    [
        (_user(ADMIN), ALL, ALL),
        (_user(ADMIN, "C02"), ALL, ALL),
        (_user(OFFICER, "C01"), {"C01", "C0101", "C0102"}, {"C01", "C0101", "C0102"}),
        (_user(OFFICER, "C0101", "C0201"), {"C0101", "C0201"}, {"C0101", "C0201"}),
        (_user(OFFICER), set(), set()),
        (_user(VIEWER), ALL, set()),
        (_user(VIEWER, "C02"), {"C02", "C0201"}, set()),
        (_user(VIEWER, "gone"), set(), set()),
        (Principal(LINK, 3, "县长", VIEWER, ("C01",)), {"C01", "C0101", "C0102"}, set()),
        (Principal(LINK, 3, "县长", VIEWER, ()), set(), set()),
        (None, set(), set()),
    ],
)
def test_visible_and_writable_units(principal, visible, writable):
    assert visible_units(principal, TREE) == visible
    assert writable_units(principal, TREE) == writable


def test_a_parent_loop_does_not_hang():
    loop = pd.DataFrame({"code": ["A", "B"], "parent_code": ["B", "A"]})
    assert visible_units(_user(VIEWER, "A"), loop) == {"A", "B"}


@pytest.mark.parametrize(
    ("principal", "upload_units", "allowed"),
    [
        (_user(OFFICER, "C01"), ["C0101", "C0102"], True),
        (_user(OFFICER, "C01"), ["C01"], True),
        (_user(OFFICER, "C01"), ["C0101", "C0201"], False),
        (_user(OFFICER, "C01"), [], False),
        (_user(ADMIN), ["C0201", "C"], True),
        (_user(VIEWER), ["C0101"], False),
        (Principal(LINK, 3, "县长", VIEWER, ("C",)), ["C0101"], False),
    ],
)
def test_officer_undoes_only_uploads_wholly_within_their_units(principal, upload_units, allowed):
    assert may_undo(principal, upload_units, TREE) is allowed
