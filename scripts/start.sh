#!/usr/bin/env bash
# One command from a fresh machine to a running dashboard: install, create the embedded SQLite database
# (filled with the demo district on first start), and serve on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
echo "看板地址 / dashboard: http://localhost:8501 （端口可用 --server.port 改）" >&2
echo "提示：尚无账号时只能只读浏览示例数据；创建管理员：python3 cli.py users add 用户名 --role admin" >&2
exec python3 -m streamlit run dashboard.py --server.headless true "$@"
