"""The reporting page's on-time rate and a unit's lateness, and the settings page's deadline, on the demo.

The demo's reports arrive on Monday 09:30 of the following week, except 上坪村 (C0302, Tuesday 15:30: 27.5 h
after Monday 12:00) and 新桥社区 (C0203, 16:00 on 2020-03-23 and 2020-03-02, for weeks 12 and 9: 4 h late) — demo/arrivals.py.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from store import open_engine
from store.access_audit import load_audit
from store.deadlines import load_deadlines
from tests.apptest_support import app_for, demo_database, session_for


@pytest.fixture
def app(tmp_path, monkeypatch):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    at = app_for("dashboard.py", session=session_for(url))  # signed in as an admin
    at.run()
    at.engine = open_engine(url)
    return at


def test_on_time_rate_beside_the_reporting_rate_and_a_units_history(app):
    app.switch_page("pages/4_上报.py").run()
    assert not app.exception
    # 19 expected; 石门村 missing, 上坪村 and 新桥社区 late: 16 on time, 16 ÷ 19 = 84.2 % → 84 %
    assert [(m.label, m.value, m.delta) for m in app.metric] == [
        ("上报率（2020年第12周（3月16日—3月22日））", "18/19", "94%"),
        ("按时上报率（2020年第12周（3月16日—3月22日））", "16/19", "84%"),
    ]
    assert "迟报 2 个单位" in [c.value for c in app.caption]
    app.selectbox(key="timely_unit").set_value("C0203").run()
    table = app.dataframe[-1].value
    assert list(table.columns) == ["周", "情况", "迟了多久", "截止时间", "收到时间"]
    assert table.iloc[0].tolist() == [
        "2020年第12周（3月16日—3月22日）", "迟报", "4 小时", "2020-03-23 12:00", "2020-03-23 16:00"
    ]  # fmt: skip
    assert table["情况"].tolist() == ["迟报", "按时", "按时", "迟报", "按时", "按时", "按时", "按时"]
    app.selectbox(key="timely_unit").set_value("C0402").run()
    assert app.dataframe[-1].value["情况"].tolist() == ["未报"] * 5 + ["按时"] * 3


def test_settings_save_a_level_deadline_audited(app):
    app.switch_page("pages/6_设置.py").run()
    assert not app.exception
    app.selectbox(key="deadline_level").set_value("village").run()
    app.selectbox(key="deadline_weekday_village").set_value(2).run()
    app.time_input(key="deadline_time_village").set_value(time(9, 0)).run()
    app.button(key="deadline_save").click().run()
    assert not app.exception
    assert "已保存：村居 下一周周二 09:00。" in [s.value for s in app.success]
    policy = load_deadlines(app.engine)
    assert policy.due(date(2020, 3, 16), "village") == datetime(2020, 3, 24, 9, 0)
    assert policy.due(date(2020, 3, 16), "town") == datetime(2020, 3, 23, 12, 0)
    row = load_audit(app.engine, action="settings_changed").iloc[0]
    assert (row["target"], row["detail"]) == (
        "deadlines",
        {"level": "village", "time": "09:00", "weekday": 2},
    )
    # The villages now have until Tuesday 09:00: 上坪村 (Tuesday 15:30) is still late, 新桥社区 (Monday 16:00)
    # on time: 17 of 19
    app.switch_page("pages/4_上报.py").run()
    assert app.metric[1].value == "17/19"
