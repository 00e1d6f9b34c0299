"""pages.common.data.supply_snapshot works out at most SNAPSHOTS_AT_ONCE snapshots at a time in a process
(50 viewers switching to 20 towns at once had 50 under way: 6 GiB on a province), and every caller still gets
its own unit's snapshot."""

from __future__ import annotations

import threading
import time

import streamlit as st

from pages.common import data
from store.versions import data_version
from tests.apptest_support import demo_database


def test_six_towns_at_once_are_worked_out_two_at_a_time(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    st.cache_resource.clear()
    engine = data.engine_for(url)
    version = data_version(engine)
    week = max(data.frames(url, version).weeks).isoformat()
    towns = data.frames(url, version).units.query("level == 'town'")["code"].tolist()
    assert len(towns) >= 3
    codes = [None, *towns][:6]
    running, most = 0, 0
    lock = threading.Lock()
    real = data.metrics_supply_snapshot

    def counted(*args, **kwargs):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.2)  # long enough for every thread to have asked
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(data, "metrics_supply_snapshot", counted)
    results = {}

    def ask(code):
        results[code] = data.supply_snapshot(url, version, week, code)

    threads = [threading.Thread(target=ask, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert most == 2
    assert set(results) == set(codes)
    # Each its own unit's: a town's status holds its villages and itself, the region's every unit.
    for code in codes:
        units = set(data.status_frame(results[code])["unit_code"])
        expected = real(
            data.frames(url, version).units,
            data.frames(url, version).items,
            None,
            week=week,
            unit_code=code,
            thresholds=data.frames(url, version).thresholds,
            latest=data.latest_stock(url, version, week),
            tree=data.tree(url, version),
        )
        assert units == set(data.status_frame(expected)["unit_code"])
    st.cache_resource.clear()
