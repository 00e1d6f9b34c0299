"""`python cli.py import` starts the readers' forkserver before it imports pandas, so the server's boot (an
interpreter importing pandas and the loaders) overlaps the command's own imports (issue 14)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli import global_options_first, reads_a_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("argv", "reads"),
    [
        (["import", "a.xlsx"], True),
        (["import", "a.xlsx", "--db", "sqlite:///x"], True),
        (["--db=sqlite:///x", "--lang", "en", "import", "a.xlsx"], True),
        (["units", "import", "list.xlsx"], True),
        (["units", "list"], False),
        (["reporting", "--week", "2020-03-16"], False),
        (["--db", "import"], False),  # "import" is the --db value here, and no command follows
    ],
)
def test_the_commands_that_read_a_file_are_known(argv, reads):
    assert reads_a_file(global_options_first(argv)) is reads


def test_the_reader_server_starts_before_pandas_is_imported():
    script = (
        "import sys\n"
        "from multiprocessing import forkserver\n"
        "from uploads.reader_server import start_reader_server\n"
        "start_reader_server()\n"
        "print('pandas' in sys.modules, forkserver._forkserver._forkserver_pid is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_the_reader_server_preloads_the_readers_when_started_from_another_folder(tmp_path):
    # Python 3.11's forkserver ignores the sys.path it is sent: from another folder it used to preload nothing,
    # and each file's reader imported the package again (0.4 s a file). Its memory map shows what it loaded.
    script = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from multiprocessing import forkserver\n"
        "from domain.parse_limits import ParseLimits\n"
        "from uploads.parse_worker import run_limited\n"
        "child = run_limited(os.getpid, (), ParseLimits())\n"  # served only once the preload is done
        "server = forkserver._forkserver._forkserver_pid\n"
        "maps = open(f'/proc/{server}/maps').read()\n"
        "print(child != server, 'pandas/_libs' in maps, 'python_calamine' in maps)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True", "True"]
