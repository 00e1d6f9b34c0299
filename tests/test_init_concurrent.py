"""Eight first `python cli.py init` at once: every one succeeds, and the catalogue is seeded once."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select

from store import open_engine
from store.tables import items, meta
from tests.conftest import ROOT


def test_eight_concurrent_inits_all_succeed(db_url):
    runs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "cli.py"), "--db", db_url, "init"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    results = [(run.wait(120), run.stderr.read()) for run in runs]
    assert results == [(0, "")] * 8
    engine = open_engine(db_url)
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).select_from(meta).where(meta.c.key == "schema_version")
            ).scalar()
            == 1
        )
        seeded = conn.execute(select(func.count()).select_from(items)).scalar()
    engine.dispose()
    assert seeded == 18  # the default catalogue, once: 8 supplies + 10 publicity materials
