"""The forkserver every file reader is forked from (uploads/parse_worker.py), and starting it early.

Its first start is a new interpreter importing pandas and the loaders: about 0.9 s before the first file can be
read. `python cli.py import` starts it first thing, so that boot runs on the other core while the command
imports the same modules itself (this module imports neither, for that reason).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing import forkserver
from multiprocessing.context import BaseContext

PRELOAD = ["uploads.parse_worker"]  # what each reader needs, imported once in the server


def reader_context() -> BaseContext:
    """The forkserver context, preloading the readers' modules."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_reader_server() -> None:
    """Start the forkserver now (it boots in the background; the first reader waits for it if need be)."""
    reader_context()
    forkserver.ensure_running()
