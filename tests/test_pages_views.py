"""Supplies, publicity, alerts, reporting, settings and meeting pages on the demo district.

The figures are constants worked out by hand from the demo's raw weekly rows (demo/district.py, latest week
2020-03-16) with the rules of domain.md, the arithmetic beside each: burn = mean of the last 2 weeks' use
(stock-out adjusted: used × 7 ÷ (7 − days out)) ÷ 7; days = stock ÷ burn; a parent's = Σ stock ÷ Σ burn.
"""

from __future__ import annotations

import pytest

from store import open_engine
from store.catalogue import load_items, load_thresholds
from store.units import load_units
from tests.apptest_support import (
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
    return at


def open_page(at, path):
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


# Masks in 2020-03-16 under the county: stock ÷ (Σ over its units of (week 11 + week 12 adjusted use) ÷ 14).
COUNTY_CHILDREN_BY_DAYS_OF_MASKS = {  # plotly draws the first bar at the bottom: longest first
    # 李家村 2971 + 王庄村 1693 + 河口村 1662 + 东河社区 0 = 6326 ÷ ((513+458 + 373+483 + 317+310 + 354+55×7) ÷ 14)
    # = 6326 ÷ 228.07 = 27.74; 东河社区 is out (0 on hand, 6 days out)
    "东河镇": "27.7<br>下属1个断货或紧缺",
    # 1272 + 1109 + 2390 = 4771 ÷ ((305+329 + 459+430 + 427+509) ÷ 14 = 175.64) = 27.16
    "南湖街道": "27.1",
    "东河制药厂": "26.3",  # 15908 ÷ ((4646 + 3819) ÷ 14 = 604.64) = 26.31
    "东河县第一中学": "25.7",  # 49185 ÷ ((12759 + 13940) ÷ 14 = 1907.07) = 25.79
    # 青山村 864 + 松林村 1135 + 茶园村 1477 = 3476 ÷ ((317+278 + 443+382 + 297+314) ÷ 14 = 145.07) = 23.96
    # (石门村 has not reported since 2020-02-10: it counts nowhere)
    "青山镇": "23.9",
    # 699 + 1289 + 1690 = 3678 ÷ ((264+320 + 358+306 + 529+578) ÷ 14 = 168.21) = 21.86
    "西关街道": "21.8",
    # 白塔村 0 + 上坪村 507 + 下坪村 0 = 507 ÷ ((241 + 49×7/1) + (310 + 338) + (448 + 257×7/4)) ÷ 14
    # = 507 ÷ (292/7 + 324/7 + 64.125 = 152.125) = 3.33; 白塔村 and 下坪村 are out
    "白塔乡": "3.3<br>下属2个断货或紧缺",
}


def test_supplies_ranks_the_towns_by_days_of_masks_with_threshold_lines(app):
    open_page(app, "pages/1_物资.py")
    bars = plotly_specs(app)[0]
    assert [shape["x0"] for shape in bars["layout"]["shapes"]] == [7.0, 14.0]
    labels = dict(zip(bars["data"][0]["y"], bars["data"][0]["text"], strict=True))
    assert labels == COUNTY_CHILDREN_BY_DAYS_OF_MASKS  # same order too: shortest (白塔乡) drawn on top
    assert list(labels) == list(COUNTY_CHILDREN_BY_DAYS_OF_MASKS)
    table = app.dataframe[0].value
    baita = table[table["单位"] == "白塔乡"].iloc[0]
    assert baita["状态"] == "紧缺"  # 3.33 days < 7
    # The table reads as the chart and the sentences: days cut to one decimal, as text (3.33… → "3.3").
    assert baita["可用天数"] == "3.3"
    assert baita["预计断货日期"] == "2020-03-25"  # week ends 2020-03-22, + floor(3.33) = 3 days
    # masks below 白塔乡: out 白塔村, 下坪村; critical none; low 上坪村 (507 ÷ 324/7 = 10.95 days)
    assert baita["下属断货/紧缺/偏低"] == "2/0/1"


def test_supplies_follow_the_unit_picker(app):
    open_page(app, "pages/1_物资.py")
    app.sidebar.selectbox(key="_w_unit_1").set_value("C03").run()
    table = app.dataframe[0].value
    assert list(table["单位"]) == ["白塔乡", "白塔村", "上坪村", "下坪村"]
    # 白塔乡 3.33 days; 白塔村 0 on hand, 6 days out; 上坪村 10.95 days; 下坪村 0 on hand, 3 days out
    assert list(table["状态"]) == ["紧缺", "断货", "偏低", "断货"]


def test_supplies_table_downloads_are_offered(app):
    open_page(app, "pages/1_物资.py")
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels[:2] == ["下载 CSV", "下载 Excel"]


def test_publicity_shows_leaflet_coverage_by_town_and_flags_over_100(app):
    open_page(app, "pages/2_宣传.py")
    app.selectbox(key="publicity_material").set_value("leaflet").run()
    assert not app.exception
    # leaflets to date ÷ households over the 17 villages: 15168 ÷ 18460 = 82.2 %
    assert {m.label: m.value for m in app.metric}["宣传单覆盖率"] == "82%"
    bars = plotly_specs(app)[0]["data"][0]
    assert sorted(bars["y"]) == sorted(["东河镇", "南湖街道", "白塔乡", "青山镇", "西关街道"])
    # No town's leaflets pass 100 %: 东河镇 3193 ÷ 4131 = 77.3 %, 南湖街道 3050 ÷ 3200 = 95.3 %,
    # 白塔乡 3094 ÷ 4065 = 76.1 %, 青山镇 3525 ÷ 4265 = 82.6 %, 西关街道 2306 ÷ 2799 = 82.4 %.
    assert app.warning == []
    # Banners, 2 per village: 东河镇 (4 + 2 + 3 + 2 = 11) ÷ 8 = 137.5 %, 青山镇 (2 + 3 + 2 + 2 = 9) ÷ 8 = 112.5 %;
    # 南湖街道 5 ÷ 6, 白塔乡 6 ÷ 6 and 西关街道 4 ÷ 6 do not pass 100 %.
    app.selectbox(key="publicity_material").set_value("banner").run()
    assert [w.value for w in app.warning] == ["以下单位超过 100%，目标可能有误，请核对：东河镇、青山镇"]


def test_publicity_lists_villages_not_reached(app):
    open_page(app, "pages/2_宣传.py")
    app.sidebar.selectbox(key="_w_unit_1").set_value("C04").run()
    app.selectbox(key="publicity_material").set_value("poster").run()
    # The demo hands out no posters at all: every village of 青山镇 is still to reach.
    not_reached = next(m.value for m in app.markdown if m.value.startswith("- "))
    assert not_reached.split("\n") == ["- 青山村", "- 石门村", "- 松林村", "- 茶园村"]


# Every alert of 2020-03-16 for the county, counted by hand:
# - supplies 9: stock-outs 3 (东河社区, 白塔村, 下坪村 masks); critical 3 (白塔乡 masks 3.33 days, 东河县
#   thermometers 58 of 64, 东河县第一中学 thermometers 32 of 38); low 3 (上坪村 masks 10.95 days, 东河县第一中学 N95
#   423 ÷ ((215 + 218) ÷ 14) = 13.68 days, 白塔村 disinfectant 87 ÷ ((45 + 43) ÷ 14) = 13.84 days;
#   南苑社区 hand soap 9 ÷ ((4 + 5) ÷ 14) = 14.0 days is ok);
# - missing report 1 (石门村);
# - coverage 35: banners and leaflets of the 17 villages, 5 towns and the county are 46 figures, 11 of them
#   green (9 villages' banners at 2 of 2, 白塔乡's banners 6 of 6, 南湖街道's leaflets 95.3 %); the other 35 are
#   red, amber or over 100 %;
# - data quality 0: no negative figure, no week with more than 7 days out, no use above opening + received, no
#   stock rising beyond receipts, no use above 3× its recent median.
ALERT_COUNT = 9 + 1 + 35 + 0


def test_alerts_filter_by_kind_and_unit(app):
    open_page(app, "pages/3_预警.py")
    assert f"共 {ALERT_COUNT} 条，显示 {ALERT_COUNT} 条" in rendered_text(app)
    assert "美国疾病控制与预防中心" in rendered_text(app)  # the policy note, named in Chinese
    app.multiselect(key="alerts_kind").set_value(["stockout"]).run()
    assert list(app.dataframe[0].value["说明"]) == [
        "东河社区 医用外科口罩 已断货（库存 0 只）",
        "白塔村 医用外科口罩 已断货（库存 0 只）",
        "下坪村 医用外科口罩 已断货（库存 0 只）",
    ]
    app.multiselect(key="alerts_kind").set_value([]).run()
    app.multiselect(key="alerts_unit").set_value(["石门村"]).run()
    assert list(app.dataframe[0].value["说明"]) == [
        # last report 2020-02-10 (week 7); 2020-03-16 is 35 days = 5 weeks later
        "石门村 已 5 周未上报（最后上报：2020年第7周）",
        # its leaflets to date 853 ÷ its 2900 people // 3 = 966 households = 88.3 % (amber, information)
        "石门村 宣传单 覆盖率 88%（目标 966 份）",
        # banners 3 ÷ 2 = 150 %: above 100 %, a possible wrong target (data quality, information)
        "石门村 横幅 覆盖率 150%，超过 100%，请核对目标（目标 2 条）",
    ]


def _phone_lines(app) -> list[str]:
    """The alerts page's list for a phone: one markdown line per alert under its severity badge."""
    lists = [m.value for m in app.markdown if m.value.startswith("- :")]
    assert len(lists) == 1
    return lists[0].split("\n")


def test_a_phone_lists_the_most_urgent_alerts_and_says_how_many_are_left_out(app, monkeypatch):
    from pages.common import alert_listing
    from pages.common.summaries import md_plain

    monkeypatch.setattr(alert_listing, "PHONE_ALERTS", 5)
    open_page(app, "pages/3_预警.py")
    table = list(app.dataframe[0].value["说明"])
    lines = _phone_lines(app)
    # The table keeps all 45; the phone the first 5 of them, the three stock-outs first, in the table's order.
    assert len(table) == ALERT_COUNT and len(lines) == 5
    assert [line.split("] ", 1)[1] for line in lines] == [md_plain(m) for m in table[:5]]
    assert lines[0] == "- :red-badge[严重] 东河社区 医用外科口罩 已断货（库存 0 只）"
    assert f"这里显示最紧急的前 5 条（共 {ALERT_COUNT} 条）；其余请用上面的筛选查看，或下载全部。" in [
        c.value for c in app.caption
    ]
    # Filtered to the stock-outs: all three listed, nothing left out, no note.
    app.multiselect(key="alerts_kind").set_value(["stockout"]).run()
    assert len(_phone_lines(app)) == 3
    assert not [c.value for c in app.caption if c.value.startswith("这里显示最紧急的")]


def test_the_wide_table_lists_the_most_urgent_alerts_and_says_how_many_are_left_out(app, monkeypatch):
    from pages.common import alert_listing

    open_page(app, "pages/3_预警.py")
    every = list(app.dataframe[0].value["说明"])
    assert len(every) == ALERT_COUNT
    monkeypatch.setattr(alert_listing, "TABLE_ALERTS", 10)
    app.run()
    # The first 10 in the same order; the note says how many there are (the phone's says the same of its 200)
    assert list(app.dataframe[0].value["说明"]) == every[:10]
    assert f"这里显示最紧急的前 10 条（共 {ALERT_COUNT} 条）；其余请用上面的筛选查看，或下载全部。" in [
        c.value for c in app.caption
    ]
    app.multiselect(key="alerts_kind").set_value(["stockout"]).run()
    assert list(app.dataframe[0].value["说明"]) == every[:3]  # the three stock-outs come first
    assert not [c.value for c in app.caption if c.value.startswith("这里显示最紧急的")]


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
    assert len(app.dataframe) == 2  # the unit and item editors; no level saved yet, so no table of them
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
