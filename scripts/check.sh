#!/usr/bin/env bash
# One command from a fresh machine to every check: install, lint, format check, all tests (SQLite and a real
# PostgreSQL server, AppTest pages, end-to-end in Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev

pgdir=$(mktemp -d /tmp/dashboard-pg.XXXXXX)
trap 'bash scripts/pg_test_server.sh stop "$pgdir"' EXIT
eval "$(bash scripts/pg_test_server.sh start "$pgdir" "${PG_TEST_PORT:-55432}")"

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest "$@"
