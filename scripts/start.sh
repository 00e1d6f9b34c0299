#!/usr/bin/env bash
# One command from a fresh machine to a running dashboard: install, create the embedded SQLite database
# (filled with the demo district on first start), and serve on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
exec python3 -m streamlit run dashboard.py --server.headless true "$@"
