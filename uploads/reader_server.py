"""The forkserver every file reader is forked from (uploads/parse_worker.py), and starting it early.

Its first start is a new interpreter importing pandas and the loaders: about 0.9 s before the first file can be
read. `python cli.py import` starts it first thing, so that boot runs on the other core while the command
imports the same modules itself (this module imports neither, for that reason).
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from pathlib import Path

PRELOAD = ["uploads.parse_worker"]  # what each reader needs, imported once in the server
PROJECT_ROOT = str(Path(__file__).resolve().parents[1])


def reader_context() -> BaseContext:
    """The forkserver context, preloading the readers' modules."""
    _project_on_pythonpath()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_reader_server() -> None:
    """Start the forkserver now (it boots in the background; the first reader waits for it if need be)."""
    reader_context()
    forkserver.ensure_running()


def _project_on_pythonpath() -> None:
    """Let the forkserver find this project, whatever the directory the command was started from.

    Python 3.11's forkserver ignores the sys.path it is sent (CPython issue 117378, fixed in 3.12.8 and 3.13.1)
    and swallows the ImportError: started outside the project's folder (`python /opt/…/cli.py import`, a cron
    job), it preloaded nothing, and every file's reader imported the whole package again (0.4 s a file, and none
    of those pages shared). PYTHONPATH is what that interpreter does read; the workaround the issue gives.
    """
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if PROJECT_ROOT not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([PROJECT_ROOT, *paths])
