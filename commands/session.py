"""What every command starts from: the database of --db with its schema current, and who is acting."""

from __future__ import annotations

import argparse
import getpass

from sqlalchemy.engine import Engine

from store import ensure_schema, open_engine


def engine_for(args: argparse.Namespace) -> Engine:
    engine = open_engine(args.db)
    ensure_schema(engine)
    return engine


def cli_actor() -> str:
    """The audit log's actor for a command: cli:<login name>."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "cli"
