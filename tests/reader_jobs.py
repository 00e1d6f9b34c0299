"""A reader job for the tests of uploads/parse_worker.py, in a module of its own: the child that runs it
imports it, and this one imports nothing that takes time (tests/hostile_files.py imports openpyxl)."""

from __future__ import annotations

import os
import time


def pid_then_sleep(path: str, seconds: float) -> None:
    """Write this process's id to `path`, then sleep: a reader still at work."""
    with open(path, "w", encoding="ascii") as out:
        out.write(str(os.getpid()))
    time.sleep(seconds)
