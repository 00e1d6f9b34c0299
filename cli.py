"""Command line for scripts, cron and tests: `python cli.py --help`.

Every command takes --db URL (default: DASHBOARD_DB_URL, else the embedded SQLite file under data/).
Exit codes: 0 success, 1 a file was rejected or a request failed, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys

from commands import access_commands, data_commands, metric_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="防疫物资与宣传周报看板 — 命令行")
    parser.add_argument(
        "--db", help="数据库地址（SQLAlchemy URL），默认 DASHBOARD_DB_URL 或 data/ 下的 SQLite 文件"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (data_commands, metric_commands, access_commands):
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
