"""Supplies, publicity, alerts, reporting, settings and meeting pages on the demo district."""

from __future__ import annotations

import pytest

from metrics import numbers_zh
from pages.common.texts import t
from store import open_engine
from store.catalogue import load_items, load_thresholds
from store.units import load_units
from tests.apptest_support import (
    DemoFigures,
    app_for,
    demo_database,
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
    at.engine = open_engine(url)
    at.figures = DemoFigures(url)
    return at


def open_page(at, path):
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def test_supplies_ranks_the_towns_by_days_of_masks_with_threshold_lines(app):
    open_page(app, "pages/1_物资.py")
    bars = plotly_specs(app)[0]
    assert bars["data"][0]["y"][-1] == "白塔乡"  # shortest on top (plotly draws the last bar at the top)
    assert [shape["x0"] for shape in bars["layout"]["shapes"]] == [7.0, 14.0]
    # 东河镇's total is healthy, but 东河社区 ran out: its bar says so (白塔乡: two out of masks).
    labels = dict(zip(bars["data"][0]["y"], bars["data"][0]["text"], strict=True))
    assert labels["东河镇"].endswith(" · 下属1个断货或紧缺")
    assert labels["白塔乡"].endswith(" · 下属2个断货或紧缺")
    assert " · " not in labels["南湖街道"]
    table = app.dataframe[0].value
    baita = table[table["单位"] == "白塔乡"].iloc[0]
    expected = app.figures.mask_row("C03")
    assert baita["状态"] == t(f"status.{expected['status']}")
    # The table reads as the chart and the sentences: days cut to one decimal, as text (3.33… → "3.3").
    assert baita["可用天数"] == numbers_zh.days(expected["days_of_supply"]) == "3.3"
    assert baita["预计断货日期"] == expected["runout_date"]
    counts = (expected["children_stockout"], expected["children_critical"], expected["children_low"])
    assert baita["下属断货/紧缺/偏低"] == "/".join(map(str, counts))
    assert counts[0] >= 1  # 白塔村 is out of masks


def test_supplies_follow_the_unit_picker(app):
    open_page(app, "pages/1_物资.py")
    app.sidebar.selectbox(key="_w_unit_1").set_value("C03").run()
    table = app.dataframe[0].value
    assert list(table["单位"]) == ["白塔乡", "白塔村", "上坪村", "下坪村"]
    expected = [app.figures.mask_row(code)["status"] for code in ("C03", "C0301", "C0302", "C0303")]
    assert list(table["状态"]) == [t(f"status.{s}") for s in expected]
    assert expected[1] == "stockout"


def test_supplies_table_downloads_are_offered(app):
    open_page(app, "pages/1_物资.py")
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels[:2] == ["下载 CSV", "下载 Excel"]


def test_publicity_shows_leaflet_coverage_by_town_and_flags_over_100(app):
    open_page(app, "pages/2_宣传.py")
    app.selectbox(key="publicity_material").set_value("leaflet").run()
    assert not app.exception
    expected = numbers_zh.percent(app.figures.coverage("C", "leaflet")["coverage_pct"])
    assert {m.label: m.value for m in app.metric}["宣传单覆盖率"] == expected
    bars = plotly_specs(app)[0]["data"][0]
    assert sorted(bars["y"]) == sorted(["东河镇", "南湖街道", "白塔乡", "青山镇", "西关街道"])
    coverage = app.figures.metrics.publicity_coverage(
        app.figures.units, app.figures.items, app.figures.publicity
    )
    towns_over = coverage[(coverage["material"] == "leaflet") & coverage["unit_code"].str.fullmatch(r"C0\d")]
    assert ("超过 100%" in rendered_text(app)) == (towns_over["status"] == "over").any()


def test_publicity_lists_villages_not_reached(app):
    open_page(app, "pages/2_宣传.py")
    app.sidebar.selectbox(key="_w_unit_1").set_value("C04").run()
    app.selectbox(key="publicity_material").set_value("poster").run()
    assert "- 青山村" in rendered_text(app)


def test_alerts_filter_by_kind_and_unit(app):
    open_page(app, "pages/3_预警.py")
    n = len(app.figures.alerts())
    assert f"共 {n} 条，显示 {n} 条" in rendered_text(app)
    assert "CDC" in rendered_text(app)
    app.multiselect(key="alerts_kind").set_value(["stockout"]).run()
    table = app.dataframe[0].value
    alerts = app.figures.alerts()
    assert list(table["说明"]) == list(alerts.loc[alerts["kind"] == "stockout", "message"])
    assert "白塔村 医用外科口罩 已断货（库存 0 只）" in list(table["说明"])
    app.multiselect(key="alerts_kind").set_value([]).run()
    app.multiselect(key="alerts_unit").set_value(["石门村"]).run()
    shown = list(app.dataframe[0].value["说明"])
    assert shown == list(alerts.loc[alerts["unit"] == "石门村", "message"])
    assert "石门村 已 5 周未上报（最后上报：2020年第7周）" in shown


def test_reporting_names_the_silent_village_and_the_weekly_rates(app):
    open_page(app, "pages/4_上报.py")
    assert app.metric[0].value == "18/19"
    missing = app.dataframe[0].value
    assert missing.to_dict("records") == [
        {"单位": "石门村", "最后上报周": "2020年第7周（2月10日—2月16日）", "未报天数": 35}
    ]
    bars = plotly_specs(app)[0]["data"][0]
    assert bars["text"] == ["19/19", "19/19", "19/19", "18/19", "18/19", "18/19", "18/19", "18/19"]
    app.sidebar.selectbox(key="_w_week").set_value("2020-02-03").run()
    assert app.metric[0].value == "19/19"
    assert app.success[0].value == "所有单位均已上报。"


def test_settings_say_the_levels_are_local_policy_and_save_an_edit(app):
    open_page(app, "pages/6_设置.py")
    assert any("本地政策" in info.value for info in app.info)
    assert len(app.dataframe) >= 2  # the unit and item editors render
    app.selectbox(key="thr_item").set_value("mask_surgical").run()
    app.selectbox(key="thr_level").set_value("school").run()
    app.number_input(key="thr_crit").set_value(10.0).run()
    app.number_input(key="thr_low").set_value(21.0).run()
    app.button(key="thr_save").click().run()
    assert not app.exception
    saved = load_thresholds(app.engine).to_dict("records")
    assert saved == [
        {"item_code": "mask_surgical", "level": "school", "critical_days": 10.0, "low_days": 21.0}
    ]


def test_settings_refuse_critical_above_low(app):
    open_page(app, "pages/6_设置.py")
    app.number_input(key="thr_crit").set_value(30.0).run()
    app.button(key="thr_save").click().run()
    assert app.error[0].value == "紧缺线须小于等于偏低线，且都不小于 0。"
    assert load_thresholds(app.engine).empty


def test_settings_keep_units_and_items_intact_when_nothing_changed(app):
    open_page(app, "pages/6_设置.py")
    before_units, before_items = load_units(app.engine), load_items(app.engine)
    app.button(key="settings_units_save").click().run()
    app.button(key="settings_items_save").click().run()
    assert not app.exception
    assert load_units(app.engine).equals(before_units)
    assert load_items(app.engine).equals(before_items)


def test_meeting_mode_steps_through_one_chart_per_screen(app):
    open_page(app, "pages/7_会议.py")
    assert "白塔村 医用外科口罩 已断货（库存 0 只）" in rendered_text(app)
    assert plotly_specs(app) == []
    for screen in ("days", "trend", "publicity", "reporting"):
        app.segmented_control(key="meeting_screen").set_value(screen).run()
        assert not app.exception
        assert len(plotly_specs(app)) == 1
    app.toggle(key="meeting_refresh").set_value(True).run()
    assert not app.exception


@pytest.mark.parametrize(
    "path",
    [
        "pages/1_物资.py",
        "pages/2_宣传.py",
        "pages/3_预警.py",
        "pages/4_上报.py",
        "pages/6_设置.py",
        "pages/7_会议.py",
    ],
)
def test_every_page_renders_in_english(app, path):
    app.sidebar.radio(key="_w_lang").set_value("en").run()
    open_page(app, path)
    assert "示例" not in "".join(t.value for t in app.title)
