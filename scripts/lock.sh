#!/usr/bin/env bash
# Re-resolve requirements-dev.txt (which includes requirements.txt) in a throw-away virtual environment and
# write the exact versions to requirements.lock, the constraints both setup modes install with.
# Run it when a requirement changes, then run scripts/check.sh before committing the new lock.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${PYTHON:-python3}" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
{
  echo "# The tested set: written by scripts/lock.sh from requirements-dev.txt; used as constraints (-c)."
  "$tmp/venv/bin/python" -m pip freeze --all --exclude pip --exclude setuptools --exclude wheel
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages" >&2
