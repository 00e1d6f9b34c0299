"""The overview page and the shared sidebar, on the demo district.

Every figure below was worked out by hand from the demo's raw weekly rows (demo/district.py, latest week
2020-03-16 = 2020年第12周) with the rules of domain.md; the arithmetic sits beside each constant. Burn = mean
of the last 2 weeks' use (stock-out adjusted: used × 7 ÷ (7 − days out)) ÷ 7; days = stock ÷ burn.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pages.common.menu import PAGES
from tests.apptest_support import (
    ROOT,
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
    return at


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deltas(at) -> dict[str, str]:
    return {m.label: m.delta for m in at.metric}


# The county's top alerts, most urgent first (severity, kind, days ascending, unit code):
COUNTY_TOP_ALERTS = [
    # masks on hand 0 in 2020-03-16, with 6, 6 and 3 days out of stock: stock-outs, ranked by unit code
    "东河社区 医用外科口罩 已断货（库存 0 只）",
    "白塔村 医用外科口罩 已断货（库存 0 只）",
    "下坪村 医用外科口罩 已断货（库存 0 只）",
    # 白塔乡 masks: stock 0 + 507 + 0 = 507; burn 白塔村 (241 + 49 × 7/(7−6)) ÷ 2 ÷ 7 = 41.71
    # + 上坪村 (310 + 338) ÷ 2 ÷ 7 = 46.29 + 下坪村 (448 + 257 × 7/(7−3)) ÷ 2 ÷ 7 = 64.125 → 152.125 a day;
    # 507 ÷ 152.125 = 3.33 days (critical, < 7)
    "白塔乡 医用外科口罩 仅够 3.3 天（库存 507 只，日均消耗 152 只）",
    # thermometers (durable, no days): required = checkpoints + classes of the 18 units that reported
    # (villages 25, school 2 + 36 = 38, enterprise 1 → 64); held = the same but the school's 38 − 6 = 32 → 58
    "东河县 红外测温仪 数量不足（现有 58 个，需 64 个）",
    "东河县第一中学 红外测温仪 数量不足（现有 32 个，需 38 个）",
]


def test_overview_shows_the_demo_week_figures(app):
    assert app.title[0].value == "总览：东河县"
    assert (
        tiles(app)
        == {
            "本周上报": "18/19",  # 19 leaves (17 villages, the school, the enterprise); 石门村 stopped on 2020-02-10
            # Reporting units by the worst level of any item:
            "断货单位": "3",  # 东河社区, 白塔村, 下坪村: masks 0 on hand with days out this week
            "紧缺单位": "1",  # 东河县第一中学: 32 thermometers for 38 (its N95, 423 ÷ (215+218)/14 = 13.7 d, is only low)
            # 上坪村 masks 507 ÷ 46.29 = 10.95 d. Not low: 南苑社区 hand soap 9 L ÷ ((4 + 5) ÷ 2 ÷ 7) = 14.0 d exactly;
            # 白塔村 disinfectant 87 ÷ ((45 + 43) ÷ 2 ÷ 7) = 13.8 d is low, but its masks are out.
            "偏低单位": "1",
            "最少可用天数": "0.0 天",  # 0 masks ÷ burn at the three stock-outs
            # leaflets handed out to date ÷ households (population // 3) over the 17 villages:
            # (3193 + 3050 + 3094 + 3525 + 2306 = 15168) ÷ (4131 + 3200 + 4065 + 4265 + 2799 = 18460) = 82.2 %
            "宣传单覆盖率": "82%",
            # banners hung to date ÷ (2 per village × 17 = 34): (11 + 5 + 6 + 9 + 4 = 35) ÷ 34 = 102.9 %
            "横幅覆盖率": "102%",
        }
    )
    shown = deltas(app)
    assert shown["最少可用天数"] == "东河社区 · 医用外科口罩"  # the three 0.0s, by unit code: C0104 first
    assert shown["横幅覆盖率"] == "超过100%，请核对目标"  # 102.9 % > 100
    assert shown["宣传单覆盖率"] == "80–89%"  # 82.2 %: amber
    text = rendered_text(app)
    assert "2020年第12周（3月16日—3月22日）" in text
    alert_list = next(m.value for m in app.markdown if m.value.startswith("- "))
    assert alert_list.replace("\\", "").split("\n") == [f"- {message}" for message in COUNTY_TOP_ALERTS]
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
    assert heatmap["text"][town][masks] == "3.3"  # 507 ÷ 152.125 = 3.33 days, cut to one decimal
    levels = ["stockout", "critical", "low", "ok", "unknown"]
    assert plotly_array(heatmap["z"])[town][masks] == levels.index("critical")  # 3.33 < 7
    thermometers = heatmap["x"].index("红外测温仪")
    assert heatmap["text"][0][thermometers] == "—"  # durable: no days of supply


def test_choosing_a_town_changes_every_figure(app):
    app.sidebar.selectbox(key="_w_unit_1").set_value("C03").run()
    assert not app.exception
    assert app.title[0].value == "总览：白塔乡"
    assert tiles(app) == {
        "本周上报": "3/3",
        "断货单位": "2",  # 白塔村 (6 days out) and 下坪村 (3 days out): masks 0 on hand
        "紧缺单位": "0",
        "偏低单位": "1",  # 上坪村 masks: 507 ÷ ((310 + 338) ÷ 2 ÷ 7) = 10.95 days
        "最少可用天数": "0.0 天",
        # (白塔村 1376 + 上坪村 877 + 下坪村 841 = 3094) ÷ (1333 + 1366 + 1366 = 4065) = 76.1 %
        "宣传单覆盖率": "76%",
        "横幅覆盖率": "100%",  # (2 + 2 + 2) ÷ (2 × 3) = 100 %
    }
    shown = deltas(app)
    assert (shown["最少可用天数"], shown["宣传单覆盖率"], shown["横幅覆盖率"]) == (
        "白塔村 · 医用外科口罩",  # 白塔村 (C0301) and 下坪村 (C0303) both at 0.0: the lower code first
        "不足80%",
        "≥90%",
    )
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
    # Asked first: nothing is cleared until the second click.
    assert (
        app.sidebar.warning[0].value
        == "确定清除示例数据吗？只删除示例区县的单位和数字，真实上传的数据不受影响。"
    )
    assert tiles(app)["本周上报"] == "18/19"
    app.sidebar.button(key="_demo_clear_yes").click().run()
    assert not app.exception
    assert app.info[0].value.startswith("还没有数据")
