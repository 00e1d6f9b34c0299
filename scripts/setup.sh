#!/usr/bin/env bash
# Install what the project needs into its own virtual environment (.venv, made with the machine's python3;
# nothing goes into the system Python, which Debian and Ubuntu refuse: PEP 668). Versions come from
# requirements.lock, the set the tests passed with.
#   bash scripts/setup.sh run   the dashboard and the command line
#   bash scripts/setup.sh dev   also the checks, and (as root) the Debian packages the tests use:
#                               chromium, postgresql, fonts-noto-cjk, poppler-utils, nginx-light
# Afterwards `. .venv/bin/activate` puts `python` and `streamlit` of the project on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-run}
python=${PYTHON:-python3}

say() { echo "$*" >&2; }
as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

command -v "$python" >/dev/null || { say "找不到 $python：请先安装 Python 3.11 以上 / $python not found: install Python 3.11+"; exit 1; }
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { say "需要 Python 3.11 以上 / Python 3.11+ is needed ($("$python" --version 2>&1))"; exit 1; }

# A venv left half made (no pip inside) by an earlier failed attempt is made again.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
  if ! "$python" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    # Debian and Ubuntu ship venv's pip bootstrap in a separate package (python3.X-venv).
    minor=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if as_root && command -v apt-get >/dev/null; then
      apt_install "python$minor-venv" || apt_install python3-venv
      "$python" -m venv .venv
    else
      say "无法创建虚拟环境：请以 root 运行，或先安装 python$minor-venv（sudo apt install python$minor-venv）"
      say "cannot create the virtual environment: run as root, or install python$minor-venv first"
      exit 1
    fi
  fi
fi

pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock)
"${pip[@]}" -r requirements.txt
if [ "$want" = run ]; then
  # PDF briefs embed Noto Sans CJK and draw their charts in chromium. Wanted, not required: without them the
  # dashboard runs, and a brief says what it could not make (no PDF without the font, no charts without chromium).
  wanted=()
  [ -x /usr/bin/chromium ] || wanted+=(chromium)
  fc-list 2>/dev/null | grep -qi "noto sans cjk" || wanted+=(fonts-noto-cjk)
  if [ ${#wanted[@]} -gt 0 ]; then
    if as_root && command -v apt-get >/dev/null; then
      apt_install "${wanted[@]}" || say "未能安装 / could not install: ${wanted[*]}（PDF 简报受影响 / PDF briefs are affected）"
    else
      say "PDF 简报需要 / PDF briefs need (apt, as root): ${wanted[*]}"
    fi
  fi
fi
if [ "$want" = dev ]; then
  "${pip[@]}" -r requirements-dev.txt
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)  # the brief tests read PDFs back
  [ -x /usr/sbin/nginx ] || missing+=(nginx-light)  # tests/test_nginx_sticky.py runs deploy/nginx.conf
  if [ ${#missing[@]} -gt 0 ]; then
    if as_root && command -v apt-get >/dev/null; then
      apt_install "${missing[@]}"
    else
      say "请以 root 运行或手动安装 / install these Debian packages (as root): ${missing[*]}"
      exit 1
    fi
  fi
fi
