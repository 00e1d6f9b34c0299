"""The overview's figures are built once per data version and view and shared by every viewer (issue 14:
a new viewer cost the server 0.55 s of CPU, most of the script's share in building plotly figures again).

Sharing must never cross what a figure shows: a viewer limited to 白塔乡 gets its own heatmap, a language
its own labels, and an upload (a new data version) new figures."""

from __future__ import annotations

import pytest
import streamlit as st

from pages.common import charts
from store import open_engine
from tests.apptest_support import app_for, demo_database, plotly_specs, session_for, wide_workbook
from uploads import import_file


@pytest.fixture
def built(tmp_path, monkeypatch):
    """The demo database, and a count of the figures the pages build."""
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    st.cache_resource.clear()  # figures of another test's database are another key, but start from nothing
    counts = {"days_heatmap": 0, "stock_and_use": 0}
    for name in counts:
        original = getattr(charts, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(charts, name, counting)
    return url, counts


def overview(token: str):
    at = app_for("dashboard.py", session=token)
    at.run()
    assert not at.exception, at.exception
    return at


def test_three_viewers_of_one_view_share_its_two_figures(built):
    url, counts = built
    token = session_for(url, "leader", "viewer")
    specs = [plotly_specs(overview(token)) for _ in range(3)]
    assert counts == {"days_heatmap": 1, "stock_and_use": 1}
    assert specs[0] == specs[1] == specs[2]
    assert specs[0][0]["data"][0]["y"][:3] == ["东河县", "东河镇", "南湖街道"]


def test_a_viewer_limited_to_a_town_gets_the_towns_own_heatmap(built):
    url, counts = built
    overview(session_for(url, "leader", "viewer"))
    town = overview(session_for(url, "baita", "viewer", units=("C03",)))
    assert town.title[0].value == "总览：白塔乡"
    assert plotly_specs(town)[0]["data"][0]["y"] == ["白塔乡", "白塔村", "上坪村", "下坪村"]
    assert counts == {"days_heatmap": 2, "stock_and_use": 2}


def test_english_labels_are_their_own_figure(built):
    url, counts = built
    at = overview(session_for(url, "leader", "viewer"))
    at.sidebar.radio(key="_w_lang").set_value("en").run()
    assert not at.exception
    heatmap = plotly_specs(at)[0]["data"][0]
    assert heatmap["x"][:2] == ["Surgical mask", "N95 respirator"]
    assert counts == {"days_heatmap": 2, "stock_and_use": 2}


def test_an_upload_makes_new_figures_with_the_new_week(built):
    url, counts = built
    token = session_for(url, "leader", "viewer")
    before = plotly_specs(overview(token))
    assert before[1]["data"][0]["x"][-1] == "2020年第12周"
    engine = open_engine(url)
    outcome = import_file(engine, "东河县第13周.xlsx", wide_workbook(), uploaded_by="test")
    engine.dispose()
    assert outcome.status == "imported"
    after = plotly_specs(overview(token))
    assert after[1]["data"][0]["x"][-1] == "2020年第13周"  # the trend's bars end at the uploaded week
    assert counts == {"days_heatmap": 2, "stock_and_use": 2}
