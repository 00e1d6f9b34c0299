#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the tests; prints the URL to use.
# Usage: eval "$(bash scripts/pg_test_server.sh start DIR PORT)"; ... ; bash scripts/pg_test_server.sh stop DIR
set -euo pipefail
action=$1 dir=$2 port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "echo 'PostgreSQL is not installed' >&2"; exit 0; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_postgres "'$bin/initdb' -D '$dir' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    as_postgres "'$bin/pg_ctl' -D '$dir' -l '$dir/server.log' -w -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null
    echo "export DASHBOARD_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_postgres "'$bin/pg_ctl' -D '$dir' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
