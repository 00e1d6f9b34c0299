#!/usr/bin/env bash
# Install what the project needs on a fresh Debian machine: Python packages, and (when run as root) the
# Debian packages the tests use — Chromium for the browser tests, PostgreSQL, and CJK fonts for screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-run}   # run | dev

python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
if [ "$want" = dev ]; then
  python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "请以 root 运行或手动安装：${missing[*]} / install these Debian packages: ${missing[*]}" >&2
    fi
  fi
fi
