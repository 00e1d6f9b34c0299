"""The overview page and the shared sidebar, on the demo district (figures checked against metrics once)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from metrics import numbers_zh
from pages.common.menu import PAGES
from tests.apptest_support import (
    ROOT,
    DemoFigures,
    app_for,
    demo_database,
    plotly_array,
    plotly_specs,
    rendered_text,
    session_for,
)


@pytest.fixture
def app(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url))  # signed in as an admin
    at.run()
    assert not at.exception
    at.figures = DemoFigures(url)
    return at


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_the_demo_week_figures(app):
    assert app.title[0].value == "总览：东河县"
    figures = app.figures
    assert tiles(app) == {
        "本周上报": "18/19",  # 石门村 stopped reporting
        "断货单位": str(figures.units_at_worst("stockout")),
        "紧缺单位": str(figures.units_at_worst("critical")),
        "偏低单位": str(figures.units_at_worst("low")),
        "最少可用天数": "0.0 天",
        "宣传单覆盖率": numbers_zh.percent(figures.coverage("C", "leaflet")["coverage_pct"]),
        "横幅覆盖率": numbers_zh.percent(figures.coverage("C", "banner")["coverage_pct"]),
    }
    deltas = {m.label: m.delta for m in app.metric}
    assert figures.coverage("C", "banner")["status"] == "over"  # the demo's banners exceed 2 per village
    assert deltas["横幅覆盖率"] == "超过100%，请核对目标"
    assert (
        deltas["宣传单覆盖率"]
        == {"red": "不足80%", "amber": "80–89%", "green": "≥90%"}[figures.coverage("C", "leaflet")["status"]]
    )
    lowest = next(m for m in app.metric if m.label == "最少可用天数")
    leaves = figures.status()
    leaves = leaves[
        leaves["days_of_supply"].notna() & ~leaves["unit_code"].isin(["C", "C01", "C02", "C03", "C04", "C05"])
    ]
    first = leaves.sort_values(["days_of_supply", "unit_code"]).iloc[0]
    assert lowest.delta == f"{first['unit']} · {first['item_name']}"
    text = rendered_text(app)
    assert "2020年第12周（3月16日—3月22日）" in text
    alerts = figures.alerts()
    top = alerts[alerts["severity"].isin(["critical", "warning"])]["message"].head(6)
    alert_list = next(m.value for m in app.markdown if m.value.startswith("- "))
    assert alert_list.replace("\\", "").split("\n") == [f"- {message}" for message in top]
    assert "- 白塔村 医用外科口罩 已断货（库存 0 只）" in alert_list.replace("\\", "")
    assert "示例数据" in text


def test_heatmap_rows_are_the_unit_and_its_children_coloured_by_level(app):
    heatmap = plotly_specs(app)[0]["data"][0]
    assert heatmap["type"] == "heatmap"
    assert heatmap["y"] == [
        "东河县",
        "东河镇",
        "南湖街道",
        "白塔乡",
        "青山镇",
        "西关街道",
        "东河县第一中学",
        "东河制药厂",
    ]
    town = heatmap["y"].index("白塔乡")
    masks = heatmap["x"].index("医用外科口罩")
    row = app.figures.mask_row("C03")
    assert heatmap["text"][town][masks] == numbers_zh.days(row["days_of_supply"])
    levels = ["stockout", "critical", "low", "ok", "unknown"]
    assert plotly_array(heatmap["z"])[town][masks] == levels.index(row["status"])
    village = heatmap["y"].index("白塔乡")
    del village
    thermometers = heatmap["x"].index("红外测温仪")
    assert heatmap["text"][0][thermometers] == "—"  # durable: no days of supply


def test_choosing_a_town_changes_every_figure(app):
    app.sidebar.selectbox(key="_w_unit_1").set_value("C03").run()
    assert not app.exception
    assert app.title[0].value == "总览：白塔乡"
    assert tiles(app)["本周上报"] == "3/3"
    assert tiles(app)["断货单位"] == str(app.figures.units_at_worst("stockout", under="C03"))
    heatmap = plotly_specs(app)[0]["data"][0]
    assert heatmap["y"] == ["白塔乡", "白塔村", "上坪村", "下坪村"]


def test_choosing_an_earlier_week_changes_the_reporting_tile(app):
    app.sidebar.selectbox(key="_w_week").set_value("2020-02-10").run()
    assert not app.exception
    assert tiles(app)["本周上报"] == "19/19"
    assert "2020年第7周" in rendered_text(app)


def test_language_switch_relabels_the_page_and_survives_a_page_switch(app):
    app.sidebar.radio(key="_w_lang").set_value("en").run()
    assert app.title[0].value == "Overview: 东河县"
    assert "Reported this week" in tiles(app)
    app.switch_page("pages/4_上报.py").run()
    assert app.title[0].value == "Reporting: 东河县"


def test_unit_choice_is_kept_across_pages(app):
    app.sidebar.selectbox(key="_w_unit_1").set_value("C04").run()
    app.switch_page("pages/1_物资.py").run()
    assert app.title[0].value == "物资：青山镇"


def test_menu_links_every_page(app):
    labels = [link.proto.label for link in app.sidebar.get("page_link")]
    assert labels == ["总览", "物资", "宣传", "预警", "上报", "上传", "设置", "会议", "账号"]
    assert len(labels) == len(PAGES)


def test_empty_database_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    assert not at.exception
    assert at.info[0].value == "还没有数据：请在「上传」页上传本周报表，或载入示例数据。"
    at.button(key="_demo_load").click().run()
    assert tiles(at)["本周上报"] == "18/19"


def test_clearing_the_demo_leaves_an_empty_dashboard(app):
    app.sidebar.button(key="_demo_clear").click().run()
    assert not app.exception
    assert app.info[0].value.startswith("还没有数据")
