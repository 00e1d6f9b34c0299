"""Shared fixtures: a fresh database per test on SQLite and PostgreSQL, the browser, and the strict gate.

A missing PostgreSQL server or Chromium skips its tests on a developer's machine, but with REQUIRE_PG=1 /
REQUIRE_BROWSER=1 (set by scripts/check.sh and .ci/run) it fails them, and FAIL_ON_SKIP=1 fails a run that
skipped anything: a green gate means every test ran."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"  # copies of the sample and real sheets (see its README)
sys.path.insert(0, str(ROOT))

from store import ensure_schema, open_engine  # noqa: E402

PG_URL = os.environ.get("DASHBOARD_TEST_PG_URL")
CHROMIUM = Path("/usr/bin/chromium")
NO_PG = "no PostgreSQL server: set DASHBOARD_TEST_PG_URL (scripts/check.sh starts one)"
NO_CHROMIUM = "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"


def _missing(reason: str, required_by: str) -> None:
    """Skip on a developer's machine; fail where the gate requires the component (REQUIRE_PG, REQUIRE_BROWSER)."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} — required by {required_by}=1", pytrace=False)
    pytest.skip(reason)


def need_postgres() -> str:
    """The test server's URL, or a skip (a failure under REQUIRE_PG=1)."""
    if not PG_URL:
        _missing(NO_PG, "REQUIRE_PG")
    return PG_URL


def need_chromium() -> Path:
    """Debian's Chromium, or a skip (a failure under REQUIRE_BROWSER=1)."""
    if not CHROMIUM.exists():
        _missing(NO_CHROMIUM, "REQUIRE_BROWSER")
    return CHROMIUM


def demo_server_fixtures(label: str):
    """(database, token, server) module fixtures of a browser test: the demo district in a fresh SQLite file,
    an admin's session token, and serve.py running on it (its base URL). Unpack them into the test module:
    `database, token, server = demo_server_fixtures("phone")`."""

    @pytest.fixture(scope="module")
    def database(tmp_path_factory):
        from tests.apptest_support import demo_database

        return demo_database(tmp_path_factory.mktemp(label) / "demo.sqlite3")

    @pytest.fixture(scope="module")
    def token(database):
        from tests.apptest_support import session_for

        return session_for(database, "admin", "admin")

    @pytest.fixture(scope="module")
    def server(tmp_path_factory, database, token):
        from tests.apptest_support import StreamlitServer

        need_chromium()
        with StreamlitServer(database, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
            yield running.base

    return database, token, server


def pytest_sessionfinish(session, exitstatus):
    """Under FAIL_ON_SKIP=1 a run that skipped any test fails: a skipped test is a test that did not run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("FAIL_ON_SKIP") == "1" and skipped and exitstatus == 0:
        reporter.write_line(
            f"FAIL_ON_SKIP=1: {skipped} test(s) skipped — the gate counts that as a failure", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _fresh_postgres_url() -> str:
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _drop_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A URL to an empty database: a SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    need_postgres()
    url = _fresh_postgres_url()
    yield url
    _drop_postgres(url)


@pytest.fixture
def engine(db_url):
    engine = open_engine(db_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    ensure_schema(engine)
    yield engine
    engine.dispose()


# Debian's Chromium driven by Playwright, for the end-to-end modules: each defines its own module-scoped
# `server` (the base URL of a running `streamlit run`), and these two fixtures serve every one of them.
@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    from tests.apptest_support import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(need_chromium()), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def outside_requests():
    """Every request to a non-loopback address is blocked and listed; a test that made one fails."""
    from tests.apptest_support import OutsideRequests

    watcher = OutsideRequests()
    yield watcher
    assert watcher.attempts == [], f"the page reached outside this machine: {watcher.attempts}"


@pytest.fixture
def page(browser, outside_requests):
    context = outside_requests.watch(
        browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    )
    page = context.new_page()
    yield page
    context.close()
