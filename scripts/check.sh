#!/usr/bin/env bash
# One command from a fresh machine to every check: install into .venv (and, as root, Debian's chromium,
# postgresql and CJK fonts), start a throw-away PostgreSQL server, then ruff (lint and format) and pytest
# (SQLite and PostgreSQL, AppTest pages, end-to-end in Chromium, a fresh clone started with start.sh).
# REQUIRE_PG=1 / REQUIRE_BROWSER=1 (set here) turn a missing server or browser into a failure, and
# FAIL_ON_SKIP=1 fails a run that skipped any test: a green run means every test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
export REQUIRE_PG=${REQUIRE_PG:-1} REQUIRE_BROWSER=${REQUIRE_BROWSER:-1} FAIL_ON_SKIP=${FAIL_ON_SKIP:-1}
# The independent oracle (tests/oracle) checks metrics on this many generated districts per figure
# (alerts a third as many): 3,300 districts, about a quarter of an hour on 2 cores.
export ORACLE_EXAMPLES=${ORACLE_EXAMPLES:-1000}

pgdir=$(mktemp -d /tmp/dashboard-pg.XXXXXX)
trap 'bash scripts/pg_test_server.sh stop "$pgdir"' EXIT
started=$(bash scripts/pg_test_server.sh start "$pgdir" "${PG_TEST_PORT:-55432}")
eval "$started"

.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
.venv/bin/python -m pytest -rs "$@"
