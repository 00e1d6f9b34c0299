"""`python cli.py init --compact`: an older SQLite database (4 KiB pages) rewritten with 16 KiB pages, its
every row kept; refused, with nothing changed, while another connection has it open."""

from __future__ import annotations

import re
import sqlite3

import pandas as pd

import cli
from store import open_engine
from store.reports import load_publicity, load_stock
from store.units import load_units
from store.versions import data_version
from tests.apptest_support import demo_database


def _older_database(path) -> str:
    """A database as one made before 2026-11-30 is: 4 KiB pages, in WAL mode, with the demo district in it."""
    made = sqlite3.connect(path)
    made.executescript("PRAGMA page_size=4096; CREATE TABLE placeholder (x); DROP TABLE placeholder;")
    made.close()
    return demo_database(path)


def _contents(url: str) -> tuple:
    engine = open_engine(url)
    try:
        return load_stock(engine), load_publicity(engine), load_units(engine), data_version(engine)
    finally:
        engine.dispose()


def _pragmas(path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_size", "journal_mode"))
    finally:
        conn.close()


def test_an_older_database_gets_16_kib_pages_and_keeps_every_row(tmp_path, capsys):
    path = tmp_path / "older.sqlite3"
    url = _older_database(path)
    assert _pragmas(path) == (4096, "wal")
    before = _contents(url)
    assert len(before[0]) > 1000  # the demo's stock rows: something to keep

    assert cli.main(["--db", url, "init", "--compact"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("数据库已就绪（结构版本 ")
    assert re.fullmatch(r"已整理：每页 4 KiB → 16 KiB，文件 [\d,.]+ MB → [\d,.]+ MB", out[1])
    assert _pragmas(path) == (16384, "wal")
    after = _contents(url)
    for was, now in zip(before[:3], after[:3], strict=True):
        pd.testing.assert_frame_equal(was, now)
    assert before[3] == after[3]

    # Again: already 16 KiB, nothing lost either.
    assert cli.main(["--db", url, "--lang", "en", "init", "--compact"]) == 0
    assert "Compacted: pages of 16 KiB → 16 KiB" in capsys.readouterr().out


def test_while_another_connection_has_it_open_nothing_changes(tmp_path, capsys):
    path = tmp_path / "older.sqlite3"
    url = _older_database(path)
    before = _contents(url)
    dashboard = sqlite3.connect(path)  # the running dashboard's connection
    dashboard.execute("SELECT count(*) FROM units").fetchone()
    try:
        assert cli.main(["--db", url, "init", "--compact"]) == 1
    finally:
        dashboard.close()
    assert capsys.readouterr().err == (
        "数据库正被其他程序使用（看板或另一个命令），未改动。请先停止看板，再运行本命令\n"
    )
    assert _pragmas(path) == (4096, "wal")
    after = _contents(url)
    for was, now in zip(before[:3], after[:3], strict=True):
        pd.testing.assert_frame_equal(was, now)
