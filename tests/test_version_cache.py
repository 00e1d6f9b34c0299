"""pages/common/version_cache.py: once a run has seen a newer data version, the cached entries of the older one
leave Streamlit's caches (a province process held both versions' frames after an upload: 5 GiB at the peak)."""

from __future__ import annotations

import streamlit as st

from pages.common import data, version_cache
from pages.common.version_cache import RECORDED, forget_other_versions, versioned
from store.versions import data_version
from tests.apptest_support import app_for, demo_database, session_for, wide_workbook
from uploads import import_file

worked_out: list[tuple] = []


@versioned
@st.cache_data(show_spinner=False, max_entries=64)
def counted(url: str, version: int, week: str | None = None) -> str:
    worked_out.append((url, version, week))
    return f"{url}/{version}/{week}"


def _recorded(url: str) -> set:
    """(function name, (args, kwargs)) of each recorded call of `url`."""
    return {
        (f.__name__, key)
        for f, calls in version_cache._calls.items()
        for key in calls
        if key[0][:1] == (url,)
    }


def test_entries_of_other_versions_of_the_same_database_are_cleared_and_worked_out_again():
    worked_out.clear()
    counted("sqlite:///a", 1, "w1")
    counted("sqlite:///a", 1, week="w2")
    counted("sqlite:///b", 1, "w1")
    counted("sqlite:///a", 1, "w1")  # cached: not worked out again
    assert worked_out == [("sqlite:///a", 1, "w1"), ("sqlite:///a", 1, "w2"), ("sqlite:///b", 1, "w1")]

    # A run of database a sees version 2: a's two entries of version 1 go, b's stays.
    assert forget_other_versions("sqlite:///a", 2) == 2
    assert forget_other_versions("sqlite:///a", 2) == 0  # nothing left to clear
    worked_out.clear()
    assert counted("sqlite:///a", 1, "w1") == "sqlite:///a/1/w1"  # worked out again: it had left the cache
    assert counted("sqlite:///a", 1, week="w2") == "sqlite:///a/1/w2"
    assert counted("sqlite:///b", 1, "w1") == "sqlite:///b/1/w1"  # still cached
    assert worked_out == [("sqlite:///a", 1, "w1"), ("sqlite:///a", 1, "w2")]

    # A lower version is "other" too (a backup restored): version 1 is current again, 2 would go.
    counted("sqlite:///a", 2, "w1")
    assert forget_other_versions("sqlite:///a", 1) == 1


def test_only_the_most_recent_calls_are_remembered():
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
    assert forget_other_versions("sqlite:///many", 8) == RECORDED


def test_the_overview_run_after_an_upload_clears_the_former_versions_entries(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app_for("dashboard.py", session=session_for(url))
    at.run()
    assert not at.exception
    engine = data.engine_for(url)
    before = data_version(engine)
    assert {key[0][1] for _, key in _recorded(url)} == {before}
    # What the overview asked for, each once (the latest week, the county C, Chinese).
    assert sorted(name for name, _ in _recorded(url)) == [
        "alert_headlines", "days_grid_parts", "frames", "item_names", "latest_stock", "publicity_coverage",
        "publicity_upto", "reporting_summary", "stock_and_use_figure", "stock_status", "stock_trend",
        "supply_snapshot", "tree", "unit_rights", "unit_tree", "weeks_and_demo",
    ]  # fmt: skip

    # An officer's upload of week 13 (a new latest week), as the upload page stores it.
    outcome = import_file(engine, "第13周.xlsx", wide_workbook(), uploaded_by="test")
    assert outcome.status == "imported"
    after = data_version(engine)
    assert after != before
    at.run()
    assert not at.exception
    assert {key[0][1] for _, key in _recorded(url)} == {after}
    assert len(_recorded(url)) == 16
    # And they left Streamlit's cache: the frames of the former version are read again when asked for.
    calls = []
    monkeypatch.setattr(data.read_model, "load_frames", lambda *a, **k: calls.append(a) or "read again")
    assert data.frames(url, before) == "read again"
    assert len(calls) == 1
