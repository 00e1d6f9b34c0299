#!/usr/bin/env bash
# One command from a fresh machine to a running dashboard: install into .venv (scripts/setup.sh), create the
# embedded SQLite database (filled with the demo district on first start), and serve it.
# Extra arguments go to `streamlit run`, e.g. `bash scripts/start.sh --server.port 8600`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run

# The port really served: --server.port N / --server.port=N, else STREAMLIT_SERVER_PORT, else the config file's.
port=${STREAMLIT_SERVER_PORT:-}
if [ -z "$port" ]; then
  port=$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]\+\).*/\1/p' .streamlit/config.toml | head -n 1)
fi
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --server.port=*) port=${args[$i]#--server.port=} ;;
    --server.port) port=${args[$((i + 1))]:-$port} ;;
  esac
done
port=${port:-8501}

echo "看板地址 / dashboard: http://localhost:$port" >&2
echo "提示：尚无账号时只能只读浏览示例数据；创建管理员：.venv/bin/python cli.py users add 用户名 --role admin" >&2
exec .venv/bin/python -m streamlit run serve.py --server.headless true "$@"
