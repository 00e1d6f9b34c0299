"""Every guess counts: parallel sign-ins check at most the limit, and a forged X-Forwarded-For is no new client."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

import store.access_login
from access.client_address import client_address, trusted_proxies
from access.lockout import LIMIT
from store.access_login import LOCKED, OK, WRONG, login
from store.accounts import create_user
from store.tables import login_attempts
from tests.access_fixtures import PASSWORD


def _parallel(engine, guesses: list[tuple[str, str]]) -> list:
    """Each (password, client) signs in as "li" from its own thread, all released at the same moment."""
    start = threading.Barrier(len(guesses))
    results: list = [None] * len(guesses)

    def guess(index: int, password: str, client: str) -> None:
        start.wait()
        results[index] = login(engine, "li", password, client=client)

    threads = [threading.Thread(target=guess, args=(i, *g)) for i, g in enumerate(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _counting_checks(monkeypatch) -> list[str]:
    checked: list[str] = []
    real_verify = store.access_login.verify_password

    def counting_verify(password: str, stored: str) -> bool:
        checked.append(password)
        return real_verify(password, stored)

    monkeypatch.setattr(store.access_login, "verify_password", counting_verify)
    return checked


def test_twenty_parallel_wrong_guesses_check_at_most_the_limit(engine, monkeypatch):
    create_user(engine, "li", PASSWORD, "viewer")
    checked = _counting_checks(monkeypatch)
    # Each guess from its own client, as an attacker rotating addresses would: the account still locks.
    results = _parallel(engine, [(f"wrong {i}", f"10.0.0.{i}") for i in range(20)])
    assert len(checked) == LIMIT
    assert [r.status for r in results].count(LOCKED) == 20 - LIMIT
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(login_attempts)).scalar_one() == LIMIT


def test_the_right_password_among_parallel_guesses_lets_no_more_wrong_ones_be_checked(engine, monkeypatch):
    """With the right password in the burst, at most LIMIT wrong passwords are ever checked (what an attacker
    could learn from). The right one, when it is checked, signs in, and a success ends the account's run of
    failures from then on, so its own check may come on top of those LIMIT: it tells the attacker nothing."""
    create_user(engine, "li", PASSWORD, "viewer")
    checked = _counting_checks(monkeypatch)
    guesses = [(f"wrong {i}", f"10.0.0.{i}") for i in range(20)] + [(PASSWORD, "10.0.1.1")]
    results = _parallel(engine, guesses)

    wrong_checked = [p for p in checked if p != PASSWORD]
    assert len(wrong_checked) <= LIMIT
    statuses = [r.status for r in results]
    assert statuses.count(WRONG) == len(wrong_checked)
    assert statuses[-1] == (OK if PASSWORD in checked else LOCKED)  # never checked after the lock
    assert statuses.count(LOCKED) == len(guesses) - len(checked)
    with engine.connect() as conn:
        recorded = conn.execute(select(func.count()).select_from(login_attempts)).scalar_one()
    assert recorded == len(checked)


def test_a_locked_account_refuses_the_right_password_from_a_new_client(engine):
    create_user(engine, "li", PASSWORD, "viewer")
    for i in range(LIMIT):
        assert login(engine, "li", f"wrong {i}", client=f"10.0.0.{i}").status == WRONG
    refused = login(engine, "li", PASSWORD, client="192.0.2.99")
    assert (refused.status, refused.locked_by) == (LOCKED, "account")


TRUSTED = frozenset({"127.0.0.1"})


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        ("203.0.113.5", "1.2.3.4", "203.0.113.5"),  # not our proxy: its header is the client's own words
        ("203.0.113.5", None, "203.0.113.5"),
        ("127.0.0.1", "1.2.3.4", "1.2.3.4"),  # nginx overwrote the header with $remote_addr
        ("127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # appended: only the hop nginx added
        ("127.0.0.1", None, None),  # a proxy that forwarded no address: unknown, never one shared bucket
        ("127.0.0.1", " , ", None),
        (None, "1.2.3.4", None),
    ],
)
def test_only_the_trusted_proxys_last_hop_is_believed(peer, header, expected):
    assert client_address(peer, header, TRUSTED) == expected


def test_a_new_forged_header_per_guess_is_the_same_client():
    clients = {client_address("203.0.113.5", f"10.{i}.0.1", TRUSTED) for i in range(20)}
    assert clients == {"203.0.113.5"}


def test_trusted_proxies_come_from_the_environment():
    assert trusted_proxies({}) == frozenset({"127.0.0.1", "::1"})
    assert trusted_proxies({"DASHBOARD_TRUSTED_PROXIES": "10.0.0.2, 10.0.0.3"}) == {"10.0.0.2", "10.0.0.3"}
    assert trusted_proxies({"DASHBOARD_TRUSTED_PROXIES": ""}) == frozenset()


def test_the_shipped_nginx_config_overwrites_the_header():
    from tests.conftest import ROOT

    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "$proxy_add_x_forwarded_for" not in conf
    assert 'add_header Referrer-Policy "no-referrer" always;' in conf
