"""cli.py push: targets shown masked, --dry-run prints without sending, a second send sends nothing, a failing
robot exits 1 naming no secret, and reminders before and after the deadline @-mention the officer."""

from __future__ import annotations

from datetime import datetime

import pytest

import cli
from commands import push_commands
from demo.district import load_demo
from push.sender import Sender
from push.weekly import deliver, plan_remind
from store.accounts import create_user
from store.pushes import add_target
from tests.push_robot_server import RobotServer

WECOM_KEY = "wk-0123456789abcdef"
DING_TOKEN = "dt-fedcba9876543210"
DING_SECRET = "SECding-0011223344"
SECRETS = (WECOM_KEY, DING_TOKEN, DING_SECRET)


@pytest.fixture
def servers():
    found = {
        "wecom": RobotServer("wecom", WECOM_KEY).start(),
        "dingtalk": RobotServer("dingtalk", DING_TOKEN, DING_SECRET).start(),
    }
    yield found
    for server in found.values():
        server.stop()


@pytest.fixture
def demo(engine, db_url, monkeypatch):
    load_demo(engine)
    monkeypatch.setattr(push_commands, "make_sender", lambda: Sender(backoff=0.01, timeout=5.0))
    return db_url


def run(capsys, db_url, *words):
    code = cli.main([*words, "--db", db_url])
    out, err = capsys.readouterr()
    return code, out, err


def test_targets_are_listed_masked(demo, servers, capsys):
    port = servers["wecom"].server.server_address[1]
    assert run(
        capsys, demo, "push", "targets", "add", "县指挥部", "--kind", "wecom", "--url", servers["wecom"].url
    ) == (
        0,
        f"已新增推送目标 县指挥部（企业微信群机器人，全区县）：http://127.0.0.1:{port}/…key=wk…ef\n",
        "",
    )
    ding = servers["dingtalk"]
    code, _, _ = run(
        capsys, demo, "push", "targets", "add", "白塔乡群", "--kind", "dingtalk", "--url", ding.url,
        "--secret", DING_SECRET, "--unit", "C03",
    )  # fmt: skip
    assert code == 0
    code, out, err = run(capsys, demo, "push", "targets", "list")
    ding_port = ding.server.server_address[1]
    assert out.splitlines() == [
        f"县指挥部  wecom  全区县  http://127.0.0.1:{port}/…key=wk…ef",
        f"白塔乡群  dingtalk  C03  http://127.0.0.1:{ding_port}/…access_token=dt…10  密钥 SE…44",
    ]
    code, out, _ = run(capsys, demo, "push", "targets", "list", "--json")
    assert not any(secret in out for secret in SECRETS)
    assert run(capsys, demo, "push", "targets", "add", "x", "--kind", "wecom", "--url", "ftp://h/k") == (
        1,
        "",
        "机器人地址须以 https:// 或 http:// 开头：ftp://h/……\n",  # the host, never the key
    )
    assert run(capsys, demo, "push", "targets", "remove", "县指挥部")[:2] == (0, "已删除推送目标 县指挥部\n")
    assert run(capsys, demo, "push", "targets", "remove", "县指挥部") == (
        1,
        "",
        "没有名为「县指挥部」的推送目标。用 push targets list 查看\n",
    )


def test_dry_run_prints_and_sends_nothing_then_a_second_send_sends_nothing(engine, demo, servers, capsys):
    add_target(engine, "白塔乡群", "dingtalk", servers["dingtalk"].url, secret=DING_SECRET, unit_code="C03")
    code, out, _ = run(capsys, demo, "push", "send", "--week", "2020-03-18", "--dry-run")
    assert code == 0
    assert out.split("\n\n")[:3] == ["== 白塔乡群 · summary · 1\n### 白塔乡 2020年第12周（3月16日—3月22日）防疫物资与宣传周报",
                                     "本周上报：3/3（100%）", "断货单位：2，紧缺单位：0，偏低单位：1"]  # fmt: skip
    assert "== 白塔乡群 · alert · 1\n### 白塔乡 新预警：2020年第12周" in out
    assert servers["dingtalk"].received == []
    assert run(capsys, demo, "push", "send", "--week", "2020-03-16") == (
        0,
        "已发送 白塔乡群 · summary（1 条，尝试 1 次）\n已发送 白塔乡群 · alert（1 条，尝试 1 次）\n",
        "",
    )
    assert run(capsys, demo, "push", "send", "--week", "2020-03-16") == (0, "没有要发送的消息\n", "")
    assert len(servers["dingtalk"].received) == 2


def test_a_failing_robot_exits_1_and_names_no_secret(engine, demo, servers, capsys):
    servers["dingtalk"].always = {"errcode": 310000, "errmsg": f"sign not match for {DING_TOKEN}"}
    add_target(engine, "白塔乡群", "dingtalk", servers["dingtalk"].url, secret=DING_SECRET, unit_code="C03")
    code, out, err = run(capsys, demo, "push", "send", "--week", "2020-03-16")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "发送失败 白塔乡群 · summary（尝试 4 次）：errcode 310000: sign not match for dt…10",
        "发送失败 白塔乡群 · alert（尝试 4 次）：errcode 310000: sign not match for dt…10",
    ]
    assert not any(secret in out + err for secret in SECRETS)


def test_reminders_before_and_after_the_deadline_mention_the_officer_once_each(engine, demo, servers):
    # 石门村 (C0402) has not reported since 2020年第7周; its officer has a mobile, the town's officer too.
    create_user(engine, "shimen", "password-1234", "officer", units=["C0402"], mobile="138 0013 8000")
    create_user(engine, "qingshan", "password-1234", "officer", units=["C04"], mobile="13900139000")
    add_target(engine, "县指挥部", "wecom", servers["wecom"].url)
    add_target(engine, "青山镇群", "dingtalk", servers["dingtalk"].url, secret=DING_SECRET, unit_code="C04")
    sender = Sender(backoff=0.01)

    def remind(now):
        return deliver(engine, plan_remind(engine, week="2020-03-16", now=now), sender, now=now)

    before = remind(datetime(2020, 3, 23, 9, 0))  # the deadline is Monday 2020-03-23 12:00
    assert [(o.target, o.what, o.ok) for o in before] == [
        ("县指挥部", "remind_before", True),
        ("青山镇群", "remind_before", True),
    ]
    assert servers["wecom"].accepted == [
        {
            "msgtype": "text",
            "text": {
                "content": "东河县 上报提醒：2020年第12周\n请于 3月23日 12:00 前上报，以下 1 个单位尚未上报：\n- 石门村",
                "mentioned_mobile_list": ["13800138000"],
            },
        }
    ]
    assert servers["dingtalk"].accepted[0]["markdown"]["text"] == (
        "### 青山镇 上报提醒：2020年第12周\n\n请于 3月23日 12:00 前上报，以下 1 个单位尚未上报：\n\n- 石门村 @13800138000"
    )
    assert servers["dingtalk"].accepted[0]["at"] == {"atMobiles": ["13800138000"], "isAtAll": False}
    assert remind(datetime(2020, 3, 23, 11, 0)) == []  # reminded once before the deadline
    after = remind(datetime(2020, 3, 23, 14, 0))
    assert [o.what for o in after] == ["remind_after", "remind_after"]
    assert servers["wecom"].accepted[-1]["text"]["content"] == (
        "东河县 逾期未报：2020年第12周\n已过截止时间 3月23日 12:00，以下 1 个单位仍未上报：\n- 石门村"
    )
    assert remind(datetime(2020, 3, 24, 9, 0)) == []


def test_a_unit_without_an_officer_of_its_own_mentions_the_town_officer(engine, demo, servers):
    create_user(engine, "qingshan", "password-1234", "officer", units=["C04"], mobile="13900139000")
    add_target(engine, "青山镇群", "dingtalk", servers["dingtalk"].url, secret=DING_SECRET, unit_code="C04")
    plan = plan_remind(engine, week="2020-03-16", now=datetime(2020, 3, 23, 14, 0))
    assert [(o.message.what, o.message.mobiles) for o in plan] == [("remind_after", ("13900139000",))]
