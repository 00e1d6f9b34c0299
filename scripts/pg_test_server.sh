#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the tests; prints the URL to use. Exits non-zero (and
# says why) when PostgreSQL is missing or does not start, so no test run can quietly go on without it.
# Usage: eval "$(bash scripts/pg_test_server.sh start DIR PORT)"; ... ; bash scripts/pg_test_server.sh stop DIR
set -euo pipefail
action=$1 dir=$2 port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  [ "$action" = stop ] && exit 0
  echo "PostgreSQL 未安装 / is not installed (apt-get install postgresql)" >&2
  exit 1
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    if ! as_postgres "'$bin/initdb' -D '$dir' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$dir.initdb.log" 2>&1; then
      echo "PostgreSQL initdb 失败 / failed:" >&2; cat "$dir.initdb.log" >&2; exit 1
    fi
    if ! as_postgres "'$bin/pg_ctl' -D '$dir' -l '$dir/server.log' -w -t 60 -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null; then
      echo "PostgreSQL 未能启动 / did not start (port $port):" >&2; cat "$dir/server.log" >&2 || true; exit 1
    fi
    rm -f "$dir.initdb.log"
    echo "export DASHBOARD_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_postgres "'$bin/pg_ctl' -D '$dir' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$dir" "$dir.initdb.log"
    ;;
  *) echo "usage: pg_test_server.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
