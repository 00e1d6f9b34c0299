"""pages/common/version_cache.py: once runs see a newer data version, the cached entries of the older one leave
Streamlit's caches when nobody asked for them for IDLE_SECONDS (a province process held both versions' frames
after an upload); entries a run under way still asks for stay."""

from __future__ import annotations

import pytest
import streamlit as st

from pages.common import data, version_cache
from pages.common.version_cache import IDLE_SECONDS, RECORDED, forget_other_versions, versioned
from store.versions import data_version
from tests.apptest_support import app_for, demo_database, session_for, wide_workbook
from uploads import import_file

worked_out: list[tuple] = []


@versioned
@st.cache_data(show_spinner=False, max_entries=64)
def counted(url: str, version: int, week: str | None = None) -> str:
    worked_out.append((url, version, week))
    return f"{url}/{version}/{week}"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(version_cache, "_clock", clock)
    return clock


def _recorded(url: str) -> set:
    """(function name, (args, kwargs)) of each recorded call of `url`."""
    return {
        (f.__name__, key)
        for f, calls in version_cache._calls.items()
        for key in calls
        if key[0][:1] == (url,)
    }


def test_idle_entries_of_other_versions_are_cleared_and_worked_out_again(clock):
    worked_out.clear()
    counted("sqlite:///a", 1, "w1")
    counted("sqlite:///a", 1, week="w2")
    counted("sqlite:///b", 1, "w1")
    counted("sqlite:///a", 1, "w1")  # cached: not worked out again
    assert worked_out == [("sqlite:///a", 1, "w1"), ("sqlite:///a", 1, "w2"), ("sqlite:///b", 1, "w1")]

    # A run of database a sees version 2 right after the upload: runs under way may still ask for version 1.
    clock.now += 5
    assert forget_other_versions("sqlite:///a", 2) == 0
    clock.now += IDLE_SECONDS - 10
    counted("sqlite:///a", 1, "w1")  # a late run of version 1 asks again: w1 stays busy
    clock.now += 5  # w2 last asked for IDLE_SECONDS ago, w1 5 s ago
    assert forget_other_versions("sqlite:///a", 2) == 1
    clock.now += IDLE_SECONDS
    assert forget_other_versions("sqlite:///a", 2) == 1  # w1 now
    assert forget_other_versions("sqlite:///a", 2) == 0  # nothing left to clear
    worked_out.clear()
    assert counted("sqlite:///a", 1, "w1") == "sqlite:///a/1/w1"  # worked out again: it had left the cache
    assert counted("sqlite:///a", 1, week="w2") == "sqlite:///a/1/w2"
    assert counted("sqlite:///b", 1, "w1") == "sqlite:///b/1/w1"  # another database's: still cached
    assert worked_out == [("sqlite:///a", 1, "w1"), ("sqlite:///a", 1, "w2")]

    # A lower version is "other" too (a backup restored): with version 1 current again, 2 goes once idle.
    counted("sqlite:///a", 2, "w1")
    clock.now += IDLE_SECONDS
    assert forget_other_versions("sqlite:///a", 1) == 1


def test_only_the_most_recent_calls_are_remembered(clock):
    counted.clear()
    for n in range(RECORDED + 6):
        counted("sqlite:///many", 7, f"w{n}")
    recorded = _recorded("sqlite:///many")
    assert len(recorded) == RECORDED
    assert (
        "counted",
        (("sqlite:///many", 7, "w0"), ()),
    ) not in recorded  # the oldest six left (Streamlit kept 64)
    assert ("counted", (("sqlite:///many", 7, "w5"), ())) not in recorded
    assert ("counted", (("sqlite:///many", 7, "w6"), ())) in recorded
    clock.now += IDLE_SECONDS
    assert forget_other_versions("sqlite:///many", 8) == RECORDED


OVERVIEW_CALLS = [
    "alert_headlines", "days_grid_parts", "frames", "heatmap_units", "item_names", "last_reports", "latest_stock",
    "publicity_coverage",
    "publicity_upto", "report_window", "reporting_summary", "status_headline", "stock_and_use_figure", "stock_status",
    "stock_trend", "supply_snapshot", "tree", "unit_rights", "unit_tree", "visible_tree", "weeks_and_demo",
]  # fmt: skip


def test_the_overview_run_after_an_upload_clears_the_former_versions_entries_once_idle(
    tmp_path, monkeypatch, clock
):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app_for("dashboard.py", session=session_for(url))
    at.run()
    assert not at.exception
    engine = data.engine_for(url)
    before = data_version(engine)
    # What the overview asked for, each once (the latest week, the county C, Chinese).
    assert sorted(name for name, _ in _recorded(url)) == OVERVIEW_CALLS
    assert {key[0][1] for _, key in _recorded(url)} == {before}

    # An officer's upload of week 13 (a new latest week), as the upload page stores it.
    outcome = import_file(engine, "第13周.xlsx", wide_workbook(), uploaded_by="test")
    assert outcome.status == "imported"
    after = data_version(engine)
    assert after != before
    clock.now += 1
    at.run()
    assert not at.exception
    versions = sorted(key[0][1] for _, key in _recorded(url))
    assert versions == [before] * len(OVERVIEW_CALLS) + [after] * len(
        OVERVIEW_CALLS
    )  # a run of the old version may still be under way

    clock.now += IDLE_SECONDS
    at.run()  # a later run: the old version's entries were idle long enough
    assert not at.exception
    assert sorted((name, key[0][1]) for name, key in _recorded(url)) == [(n, after) for n in OVERVIEW_CALLS]
    # And they left Streamlit's cache: the frames of the former version are read again when asked for.
    calls = []
    monkeypatch.setattr(data.read_model, "load_frames", lambda *a, **k: calls.append(a) or "read again")
    assert data.frames(url, before) == "read again"
    assert len(calls) == 1


def test_quiet_counts_visitors_calls_and_not_the_warm_ups(clock):
    """seconds_quiet: 0 while a visitor's call is under way, the seconds since the last one ended after; a
    warm-up's calls (while_warming) neither start nor end a visit."""
    seen_inside: list[float] = []

    @versioned
    @st.cache_data(show_spinner=False)
    def slow(url: str, version: int) -> int:
        seen_inside.append(version_cache.seconds_quiet())
        clock.now += 4  # a province's first figures take seconds
        return version

    counted("sqlite:///quiet", 1)
    clock.now += 3
    assert version_cache.seconds_quiet() == 3.0
    slow("sqlite:///quiet", 1)
    assert seen_inside == [0.0]  # under way
    assert version_cache.seconds_quiet() == 0.0  # it ended just now
    clock.now += 2
    with version_cache.while_warming():
        slow("sqlite:///quiet", 2)
        counted("sqlite:///quiet", 2)
    assert seen_inside == [0.0, 2.0]  # the warm-up's own call is no visit
    assert version_cache.seconds_quiet() == 6.0  # 2 s before the warm-up's call, 4 s during it
    counted("sqlite:///quiet", 2)  # a visitor's, cached: still a visit
    assert version_cache.seconds_quiet() == 0.0


def test_the_sub_units_warm_up_waits_for_quiet_and_stops_on_a_change(monkeypatch):
    import serve

    quiet = iter([0.0, 0.4, 0.9, 1.5])
    waits: list[float] = []
    monkeypatch.setattr(version_cache, "seconds_quiet", lambda: next(quiet))
    monkeypatch.setattr(serve, "_version_or_none", lambda _read: 7)
    monkeypatch.setattr(serve.time, "sleep", waits.append)
    assert serve._quiet_and_current(7) is True
    assert waits == [serve.QUIET_SECONDS / 4] * 3  # quiet at the fourth look (1.5 s ≥ 1 s)
    assert serve._quiet_and_current(6) is False  # the data changed: the rest of the warm-up is moot
