"""The figures kept with st.cache_resource are one object shared by every run of every viewer (issue 14:
st.cache_data unpickled a copy of a province's unit tree and coverage on every run). So no page may change
them: after every page has run, each shared object equals the same figure worked out anew from the database.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.common import data, figures, publicity_view
from pages.common.menu import PAGES
from pages.common.units import unit_names, unit_tree, visible_tree
from store.versions import data_version
from tests.apptest_support import app_for, demo_database, session_for


def _shared(url: str, version: int, week: str) -> dict:
    """The shared objects the pages read for the county C and the demo's latest week."""
    args = (url, version, week, "C")
    return {
        "status": data.stock_status(*args),
        "coverage": data.publicity_coverage(*args),
        "headline": data.status_headline(*args),
        "tree": unit_tree(url, version),
        "rights": data.unit_rights(url, version, "user", "admin", ()),
        "visible_tree": visible_tree(url, version, "user", "admin", ()),
        "unit_names": unit_names(url, version),
        "frames": data.frames(url, version),
        "transfers": data.transfer_suggestions(*args),
        # The supplies page's masks for the county and its towns (as its picker gives them).
        "mask_rows": figures.item_rows(
            *args, "mask_surgical", tuple(unit_tree(url, version).shown_with_children("C"))
        ),
        "items": figures.status_items(*args),
        "reporting_weeks": figures.reporting_weeks(url, version, "C", week, "zh"),
        "materials": publicity_view.materials(*args),
        "banners": publicity_view.material_view(
            url, version, week, "C", tuple(unit_tree(url, version).children["C"]), "banner", "zh"
        ),
    }


def test_no_page_changes_the_figures_every_viewer_shares(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    session = session_for(url)
    for page in PAGES:  # every page of the menu, as an admin sees it
        at = app_for(page.path, session=session)
        at.run()
        assert not at.exception, (page.path, at.exception)
    version = data_version(data.engine_for(url))
    week = max(data.frames(url, version).weeks).isoformat()
    assert week == "2020-03-16"
    used = _shared(url, version, week)
    st.cache_data.clear()
    st.cache_resource.clear()
    fresh = _shared(url, version, week)
    assert used["status"] is not fresh["status"]  # worked out anew, not the same object
    pd.testing.assert_frame_equal(used["status"], fresh["status"])
    pd.testing.assert_frame_equal(used["coverage"], fresh["coverage"])
    assert used["headline"][0] == fresh["headline"][0]
    pd.testing.assert_series_equal(used["headline"][1], fresh["headline"][1])
    assert used["tree"] == fresh["tree"]
    assert used["rights"] == fresh["rights"]
    assert used["visible_tree"] == fresh["visible_tree"]
    assert used["unit_names"] == fresh["unit_names"] and len(used["unit_names"]) == 25
    pd.testing.assert_frame_equal(used["transfers"], fresh["transfers"])
    pd.testing.assert_frame_equal(used["mask_rows"], fresh["mask_rows"])
    assert used["items"] == fresh["items"]
    assert used["reporting_weeks"][0].to_json() == fresh["reporting_weeks"][0].to_json()
    pd.testing.assert_frame_equal(used["reporting_weeks"][1], fresh["reporting_weeks"][1])
    assert len(used["reporting_weeks"][1]) == 8  # the demo's eight weeks up to 2020-03-16
    assert used["materials"] == fresh["materials"] and used["materials"][:2] == ["banner", "leaflet"]
    banners, again = used["banners"], fresh["banners"]
    for name in ("table", "download", "trend_table", "trend_download"):
        pd.testing.assert_frame_equal(getattr(banners, name), getattr(again, name))
    pd.testing.assert_series_equal(banners.own, again.own)
    assert banners.bars.to_json() == again.bars.to_json() and banners.trend.to_json() == again.trend.to_json()
    # 7 children: the five towns have a banner target, the school and the factory none
    assert (banners.over, banners.not_reached, banners.with_target) == (again.over, again.not_reached, 5)
    for name in ("units", "items", "thresholds"):
        pd.testing.assert_frame_equal(getattr(used["frames"], name), getattr(fresh["frames"], name))
    # The demo county's figures, as the overview shows them: its units by worst level and its 21 towns and
    # villages in the tree.
    assert len(used["tree"].names) == len(fresh["frames"].units)


def test_a_tuple_of_codes_has_a_key_of_its_own():
    keys = {
        figures.codes_key(codes)
        for codes in [
            (),
            ("C",),
            ("C", "C01"),
            ("C01", "C"),
            ("a\x1fb", "c"),
            ("a", "b\x1fc"),
            ("a,b",),
            ("a", "b"),
        ]
    }
    assert len(keys) == 8
    assert figures.codes_key(("C", "C01")) == figures.codes_key(tuple(["C", "C01"]))
