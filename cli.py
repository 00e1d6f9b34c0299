"""Command line for scripts, cron and tests: `python cli.py --help`.

Every command takes --db URL (default: DASHBOARD_DB_URL, else the embedded SQLite file under data/), before
or after the command's own words. Exit codes: 0 success, 1 a file was rejected or a request failed, 2 wrong
usage. A failed request is one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from uploads.reader_server import start_reader_server

# Options every command accepts wherever they are written: moved before the command so argparse sees them.
_GLOBAL_OPTIONS = ("--db", "--lang")


# Commands that read a file in a reader process (uploads/parse_worker.py).
_READING_COMMANDS = (["import"], ["units", "import"])


def build_parser() -> argparse.ArgumentParser:
    # The command modules import pandas and SQLAlchemy: here, after main() has started the readers' server.
    from commands import (
        access_commands,
        brief_commands,
        data_commands,
        item_commands,
        metric_commands,
        push_commands,
        weekly_commands,
    )

    parser = argparse.ArgumentParser(prog="cli.py", description="防疫物资与宣传周报看板 — 命令行")
    parser.add_argument(
        "--db", help="数据库地址（SQLAlchemy URL），默认 DASHBOARD_DB_URL 或 data/ 下的 SQLite 文件"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (
        data_commands,
        item_commands,
        metric_commands,
        brief_commands,
        access_commands,
        weekly_commands,
        push_commands,
    ):
        module.register(commands)
    return parser


def global_options_first(argv: list[str]) -> list[str]:
    """`import F --db URL` → `--db URL import F`: the global options, wherever written, go first."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            rest.extend(argv[i:])
            break
        name = word.split("=", 1)[0]
        if name in _GLOBAL_OPTIONS:
            takes_next = "=" not in word and i + 1 < len(argv)
            front.extend(argv[i : i + 2] if takes_next else [word])
            i += 2 if takes_next else 1
            continue
        rest.append(word)
        i += 1
    return front + rest


def reads_a_file(words: list[str]) -> bool:
    """Whether the command (global options first, as global_options_first leaves them) reads a file."""
    rest, i = [], 0
    while i < len(words):
        name = words[i].split("=", 1)[0]
        if name in _GLOBAL_OPTIONS:
            i += 1 if "=" in words[i] else 2
            continue
        rest = words[i:]
        break
    return any(rest[: len(command)] == command for command in _READING_COMMANDS)


def main(argv: list[str] | None = None) -> int:
    words = global_options_first(sys.argv[1:] if argv is None else list(argv))
    if argv is None and reads_a_file(words):
        # Its boot (0.9 s: an interpreter importing pandas) overlaps this process importing the commands.
        start_reader_server()
    parser = build_parser()
    args = parser.parse_args(words)
    lang = args.lang
    from sqlalchemy.exc import SQLAlchemyError

    from domain.errors import NameTaken, NotFound

    try:
        return int(args.run(args) or 0)
    except (NotFound, NameTaken) as error:
        print(error.message(lang), file=sys.stderr)
    except (OSError, ValueError) as error:
        what = "无法完成" if lang == "zh" else "Could not finish"
        print(f"{what}：{error}" if lang == "zh" else f"{what}: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        first = str(error).splitlines()[0][:200]
        if lang == "zh":
            print(f"数据库出错：{first}。请检查 --db 地址和数据库是否在运行", file=sys.stderr)
        else:
            print(
                f"Database error: {first}. Check the --db address and that the server is running",
                file=sys.stderr,
            )
    return 1


if __name__ == "__main__":
    sys.exit(main())
