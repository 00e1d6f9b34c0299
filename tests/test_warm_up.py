"""serve.py's warm-ups, in this process: after warm_overview the overview's first run computes none of its
figures, after warm_pages none of the other pages', after warm_sub_units none of a town's overview; each stops
when the data changes. (Their logging by a running server: tests/test_preload.py.)"""

from __future__ import annotations

import pytest

from tests.apptest_support import app_for, demo_database, session_for


@pytest.fixture
def demo(tmp_path, monkeypatch) -> tuple[str, str]:
    """(url, session) of a demo database the pages read, as AppTest runs them without serve.py."""
    import gateway.session_cookie

    monkeypatch.setattr(gateway.session_cookie, "_served", False)  # as without serve.py (AppTest's own runs)
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    return url, session_for(url)


def _empty_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


OVERVIEW_CACHES = {
    "frames",
    "weeks_and_demo",
    "unit_tree",
    "stock_status",
    "reporting_summary",
    "publicity_coverage",
    "alert_headlines",
    "heatmap_units",
    "days_grid_parts",
    "item_names",
    "stock_and_use_figure",
    "stock_trend",
}


def computed_during(run) -> set[str]:
    """The cached functions whose result `run` computed (a miss writes it), by short name."""
    from streamlit.runtime.caching import cache_data_api, cache_resource_api

    written: set[str] = set()
    patched = []
    for cls in (cache_data_api.DataCache, cache_resource_api.ResourceCache):
        for method in ("write_result", "write_result_if_current"):
            original = getattr(cls, method)

            def spy(self, *args, _original=original, **kwargs):
                written.add(self.display_name.rsplit(".", 1)[-1])
                return _original(self, *args, **kwargs)

            setattr(cls, method, spy)
            patched.append((cls, method, original))
    try:
        run()
    finally:
        for cls, method, original in patched:
            setattr(cls, method, original)
    return written


def test_after_the_warm_up_the_overview_computes_none_of_its_figures(demo):
    import serve

    _url, session = demo

    def first_run():
        at = app_for("dashboard.py", session=session)
        at.run()
        assert not at.exception
        assert at.title[0].value == "总览：东河县"
        assert len(at.get("plotly_chart")) == 2  # the heatmap and the trend

    _empty_caches()
    cold = computed_during(first_run)
    assert OVERVIEW_CACHES <= cold  # without the warm-up the first run computes them all (the test can fail)

    _empty_caches()
    warmed = computed_during(serve.warm_overview)
    assert OVERVIEW_CACHES <= warmed
    after = computed_during(first_run)
    # Only what depends on who signed in is left (their rights, and the unit tree as they see it); a figure
    # dashboard.py reads that the warm-up does not fill shows up here (keep serve.warm_overview in step).
    assert after == {"unit_rights", "visible_tree"}, sorted(after)


def test_after_the_sub_units_warm_up_a_towns_overview_computes_none_of_its_figures(demo):
    """The demo's 东河县 (C) has the five towns C01–C05 below it, a school (C90) and an enterprise (C91)
    (demo/district.py); the warm-up works out each one's overview, so a leader who opens 白塔乡 (C03) from the
    overview finds it done."""
    import serve
    from pages.common.units import unit_tree

    url, session = demo

    def town_view():
        at = app_for("dashboard.py", session=session)
        at.run()
        at.sidebar.selectbox(key="_w_unit_1").set_value("C03")
        at.run()
        assert not at.exception
        assert at.title[0].value == "总览：白塔乡"
        assert len(at.get("plotly_chart")) == 2

    _empty_caches()
    warmed = serve.warm_overview()
    cold = computed_during(town_view)
    assert (
        OVERVIEW_CACHES - {"frames", "weeks_and_demo", "unit_tree", "item_names"} <= cold
    )  # the test can fail

    _empty_caches()
    warmed = serve.warm_overview()
    below = unit_tree(url, warmed[1]).children["C"]
    assert below == ["C01", "C02", "C03", "C04", "C05", "C90", "C91"]
    assert serve.warm_sub_units(warmed, lambda: True) == 7
    after = computed_during(town_view)
    assert after == {"unit_rights", "visible_tree"}, sorted(after)

    # The data changed after the first town: the rest are left to their first visitors
    answers = iter([True, False])
    assert serve.warm_sub_units(warmed, lambda: next(answers)) == 1


PAGE_FIGURES = {
    "1_物资.py": {"status_items", "transfer_suggestions", "_item_rows", "_ranked_days_figure"},
    "2_宣传.py": {"materials", "material_view", "publicity_weekly"},
    "3_预警.py": {"alerts", "alerts_view"},
    "4_上报.py": {"reporting_weeks", "reporting_by_week", "week_table", "expected_codes", "deadline_policy"},
    "7_会议.py": {"alerts"},
}
# Left to the first visitor: one unit's arrivals on the reporting page (the unit history's picker).
LEFT = {"4_上报.py": {"unit_arrivals"}}


@pytest.mark.parametrize("page", sorted(PAGE_FIGURES))
def test_after_the_pages_warm_up_a_pages_first_view_computes_none_of_its_figures(demo, page):
    import serve

    _url, session = demo

    def first_view():
        at = app_for(f"pages/{page}", session=session)
        at.run()
        assert not at.exception
        titles = [t.value for t in at.title] + [h.value for h in at.header]  # the meeting page's is a header
        assert "东河县" in titles[0], titles

    _empty_caches()
    serve.warm_overview()
    assert PAGE_FIGURES[page] <= computed_during(first_view)  # the overview's warm-up leaves them (can fail)

    _empty_caches()
    warmed = serve.warm_overview()
    assert serve.warm_pages(warmed, lambda: True) == 4
    after = computed_during(first_view)
    assert after == {"unit_rights", "visible_tree"} | LEFT.get(page, set()), sorted(after)


def test_the_pages_warm_up_stops_when_the_data_changes(tmp_path, monkeypatch):
    import serve

    monkeypatch.setenv("DASHBOARD_DB_URL", demo_database(tmp_path / "demo.sqlite3"))
    answers = iter([True, True, False])
    assert serve.warm_pages(serve.warm_overview(), lambda: next(answers)) == 2
