"""The settings page's push section (AppTest, as an admin): targets masked, a test message through a loopback
robot, a failing robot's answer in the recent sends, adding a target from the form."""

from __future__ import annotations

import pytest

from store import open_engine
from store.pushes import add_target, list_targets
from tests.apptest_support import app_for, demo_database, session_for
from tests.push_robot_server import RobotServer

KEY = "wk-0123456789abcdef"


@pytest.fixture
def robot():
    server = RobotServer("wecom", KEY).start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path, monkeypatch, robot):
    url = demo_database(tmp_path / "demo.sqlite3")
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    engine = open_engine(url)
    add_target(engine, "县指挥部", "wecom", robot.url)
    engine.dispose()
    at = app_for("pages/6_设置.py", session=session_for(url))
    at.run()
    assert not at.exception
    return at, url


def _table(at, index):
    return at.dataframe[index].value


def test_targets_are_listed_masked_and_a_test_message_arrives(settings, robot):
    at, _ = settings
    port = robot.server.server_address[1]
    targets = next(df for df in (d.value for d in at.dataframe) if "地址" in df.columns)
    assert targets.to_dict("records") == [
        {
            "名称": "县指挥部",
            "类型": "企业微信群机器人",
            "范围": "全区县",
            "地址": f"http://127.0.0.1:{port}/…key=wk…ef",
            "密钥": "",
        }
    ]
    at.button(key="push_test").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["测试消息已送达 县指挥部（尝试 1 次）"]
    assert robot.accepted == [
        {
            "msgtype": "markdown",
            "markdown": {
                "content": "**测试消息**\n这是防疫物资与宣传看板发给「县指挥部」的测试消息，收到即表示推送配置正确。"
            },
        }
    ]
    assert KEY not in str([d.value.to_csv() for d in at.dataframe])


def test_a_failed_test_message_shows_the_robots_answer(settings, robot):
    at, _ = settings
    robot.always = {"errcode": 93000, "errmsg": "invalid webhook url"}
    at.button(key="push_test").click().run()
    assert [e.value for e in at.error] == ["测试消息未送达 县指挥部：errcode 93000: invalid webhook url"]
    assert len(robot.received) == 2  # the page tries twice, not the timer's four
    assert at.warning[-1].value == "有 1 条消息发送失败（已重试），见下表"  # after the items tab's notice
    log = next(df for df in (d.value for d in at.dataframe) if "机器人回复" in df.columns)
    assert log[["目标", "内容", "成功", "尝试次数", "机器人回复"]].values.tolist() == [
        ["县指挥部", "测试", False, 2, "errcode 93000: invalid webhook url"]
    ]


def test_an_admin_adds_a_target_from_the_form(settings):
    at, url = settings
    at.text_input(key="push_name").input("白塔乡群")
    at.selectbox(key="push_kind").select("dingtalk")
    at.text_input(key="push_url").input("https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789")
    at.text_input(key="push_secret").input("SEC0123456789abcdef")
    at.text_input(key="push_unit").input("C03")
    at.button[[b.label for b in at.button].index("新增推送目标")].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已新增推送目标 白塔乡群"]
    engine = open_engine(url)
    found = {t.name: t.as_json() for t in list_targets(engine)}
    engine.dispose()
    assert found["白塔乡群"] == {
        "name": "白塔乡群",
        "kind": "dingtalk",
        "url": "https://oapi.dingtalk.com/…access_token=ab…89",
        "secret": "SE…ef",
        "unit": "C03",
        "enabled": True,
    }
