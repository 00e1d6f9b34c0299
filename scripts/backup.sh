#!/usr/bin/env bash
# Back up the database to DIR: SQLite with its online backup (safe while the dashboard runs), PostgreSQL with
# pg_dump. Usage: bash scripts/backup.sh DIR   (the database from DASHBOARD_DB_URL, else data/dashboard.sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: backup.sh DIR}
mkdir -p "$out"
stamp=$(date +%Y%m%d-%H%M%S)
url=${DASHBOARD_DB_URL:-sqlite:///$(pwd)/data/dashboard.sqlite3}
case "$url" in
  sqlite*)
    python3 - "$url" "$out/dashboard-$stamp.sqlite3" <<'PY'
import sqlite3, sys
source = sqlite3.connect(sys.argv[1].split("///", 1)[1])
target = sqlite3.connect(sys.argv[2])
source.backup(target)  # the online backup API: a consistent copy even while others write
target.close()
print(sys.argv[2])
PY
    ;;
  postgres*)
    pg_dump --format=custom --file "$out/dashboard-$stamp.dump" "${url/+psycopg/}"
    echo "$out/dashboard-$stamp.dump"
    ;;
esac
