"""Shared fixtures: a fresh database per test, on SQLite and — when a server is given — on PostgreSQL."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from store import ensure_schema, open_engine  # noqa: E402

PG_URL = os.environ.get("DASHBOARD_TEST_PG_URL")
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
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set DASHBOARD_TEST_PG_URL (scripts/check.sh starts one)")
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

    from tests.apptest_support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
