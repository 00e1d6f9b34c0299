"""push send against three robot services on loopback (tests/push_robot_server.py), on the demo district.

The figures are the overview's, hand-worked in tests/test_pages_overview.py (county) and its 白塔乡 test:
18/19 reported (石门村 silent since 2020年第7周), 3 units out of masks, 1 critical, 1 low, 0.0 days at
东河社区, leaflets 82 %, banners 102 %; in 白塔乡 3/3, 2 out, 0 critical, 1 low, leaflets 76 %, banners 100 %.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from demo.district import load_demo
from push.sender import Sender
from push.weekly import deliver, plan_send
from store import write_transaction
from store.access_audit import load_audit
from store.pushes import add_target, load_push_log
from store.report_writes import replace_reports
from store.reports import STOCK
from store.uploads import IMPORTED, UploadRecord, record_upload
from tests.push_robot_server import RobotServer

WEEK = "2020-03-16"
AFTER_DEADLINE = datetime(2020, 3, 23, 13, 0)  # Monday 12:00 after the week is the default deadline
WECOM_KEY = "wk-0123456789abcdef"
DING_TOKEN = "dt-fedcba9876543210"
DING_SECRET = "SECding-0011223344"
FEISHU_TOKEN = "fs-aaaabbbbccccdddd"
FEISHU_SECRET = "feishu-secret-5566"

# The six critical alerts of the county, most urgent first (tests/test_pages_overview.py: COUNTY_TOP_ALERTS).
COUNTY_CRITICAL = [
    "东河社区 医用外科口罩 已断货（库存 0 只）",
    "白塔村 医用外科口罩 已断货（库存 0 只）",
    "下坪村 医用外科口罩 已断货（库存 0 只）",
    "白塔乡 医用外科口罩 仅够 3.3 天（库存 507 只，日均消耗 152 只）",
    "东河县 红外测温仪 数量不足（现有 58 个，需 64 个）",
    "东河县第一中学 红外测温仪 数量不足（现有 32 个，需 38 个）",
]
# Critical and warning alerts of the county: the 6 above, 石门村 missing, 3 low (上坪村 masks, the school's
# N95, 白塔村 disinfectant) and 15 red coverages (the overview's alert page) = 25; the summary names 5.
COUNTY_SUMMARY_LINES = [
    "本周上报：18/19（94%）",  # 18 ÷ 19 = 94.7 %, cut to 94 %
    "断货单位：3，紧缺单位：1，偏低单位：1",
    "最少可用天数：0.0 天（东河社区 · 医用外科口罩）",
    "宣传单覆盖率：82%，横幅覆盖率：102%",
    "最紧急的预警：",
    *[f"- {text}" for text in COUNTY_CRITICAL[:5]],
    "另有 20 条预警，见看板",  # 25 − 5
    "未上报（1 个）：",
    "- 石门村（最后上报：2020年第7周）",  # stopped after 2020-02-10
    "看板：https://dash.example.cn",
]
COUNTY_TITLE = "东河县 2020年第12周（3月16日—3月22日）防疫物资与宣传周报"
TOWN_SUMMARY = "\n\n".join(
    [
        "### 白塔乡 2020年第12周（3月16日—3月22日）防疫物资与宣传周报",
        "本周上报：3/3（100%）",
        "断货单位：2，紧缺单位：0，偏低单位：1",
        "最少可用天数：0.0 天（白塔村 · 医用外科口罩）",
        "宣传单覆盖率：76%，横幅覆盖率：100%",
        "最紧急的预警：",
        "- 白塔村 医用外科口罩 已断货（库存 0 只）",
        "- 下坪村 医用外科口罩 已断货（库存 0 只）",
        "- 白塔乡 医用外科口罩 仅够 3.3 天（库存 507 只，日均消耗 152 只）",
        # 507 ÷ ((310 + 338) ÷ 2 ÷ 7) = 10.95 → 10.9; 87 ÷ ((45 + 43) ÷ 2 ÷ 7) = 13.84 → 13.8
        "- 上坪村 医用外科口罩 仅够 10.9 天（库存 507 只，日均消耗 46 只）",
        "- 白塔村 消毒液 仅够 13.8 天（库存 87 升，日均消耗 6.3 升）",
        # leaflets 下坪村 841 ÷ 1366 = 61 %, 上坪村 877 ÷ 1366 = 64 %, 白塔乡 3094 ÷ 4065 = 76 %: all red
        "另有 3 条预警，见看板",
        "应报单位均已上报",
        "看板：https://dash.example.cn",
    ]
)


@pytest.fixture
def robots():
    servers = {
        "wecom": RobotServer("wecom", WECOM_KEY).start(),
        "dingtalk": RobotServer("dingtalk", DING_TOKEN, DING_SECRET).start(),
        "feishu": RobotServer("feishu", FEISHU_TOKEN, FEISHU_SECRET).start(),
    }
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def district(engine, robots):
    load_demo(engine)
    add_target(engine, "县指挥部", "wecom", robots["wecom"].url)
    add_target(engine, "白塔乡群", "dingtalk", robots["dingtalk"].url, secret=DING_SECRET, unit_code="C03")
    add_target(engine, "县领导群", "feishu", robots["feishu"].url, secret=FEISHU_SECRET)
    return engine


class FakeClock:
    """A monotonic clock that only sleeping moves: rate windows and backoff without waiting for them."""

    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


def sender(**options) -> Sender:
    return Sender(backoff=options.pop("backoff", 0.01), timeout=options.pop("timeout", 5.0), **options)


def send(engine, now=AFTER_DEADLINE, **options):
    outgoing = plan_send(engine, week=WEEK, now=now, base_url="https://dash.example.cn")
    return deliver(engine, outgoing, sender(**options), now=now)


def test_summary_and_alerts_reach_each_robot_in_its_format(district, robots):
    outcomes = send(district)
    assert [(o.target, o.what, o.ok, o.attempts) for o in outcomes] == [
        ("县指挥部", "summary", True, 1),
        ("县指挥部", "alert", True, 1),
        ("县领导群", "summary", True, 1),
        ("县领导群", "alert", True, 1),
        ("白塔乡群", "summary", True, 1),
        ("白塔乡群", "alert", True, 1),
    ]
    wecom = robots["wecom"].accepted
    assert [body["msgtype"] for body in wecom] == ["markdown", "markdown"]
    assert wecom[0]["markdown"]["content"] == "\n".join([f"**{COUNTY_TITLE}**", *COUNTY_SUMMARY_LINES])
    assert wecom[1]["markdown"]["content"] == "\n".join(
        ["**东河县 新预警：2020年第12周**", *[f"- {text}" for text in COUNTY_CRITICAL]]
    )
    ding = robots["dingtalk"].accepted
    assert ding[0]["markdown"]["title"] == "白塔乡 2020年第12周（3月16日—3月22日）防疫物资与宣传周报"
    assert ding[0]["markdown"]["text"] == TOWN_SUMMARY
    assert ding[0]["at"] == {"atMobiles": [], "isAtAll": False}
    assert ding[1]["markdown"]["text"] == "\n\n".join(
        ["### 白塔乡 新预警：2020年第12周", *[f"- {text}" for text in COUNTY_CRITICAL[1:4]]]
    )
    feishu = robots["feishu"].accepted
    post = feishu[0]["content"]["post"]["zh_cn"]
    assert post["title"] == COUNTY_TITLE
    assert post["content"] == [[{"tag": "text", "text": line}] for line in COUNTY_SUMMARY_LINES]
    # every request was signed with the time it was sent: no refusal on the way
    assert all(len(server.received) == 2 for server in robots.values())


def test_a_second_send_in_the_same_week_sends_nothing_again(district, robots):
    send(district)
    assert plan_send(district, week=WEEK, now=AFTER_DEADLINE) == []
    assert send(district) == []
    assert [len(server.received) for server in robots.values()] == [2, 2, 2]


def test_no_summary_before_the_deadline_but_alerts_at_once(district, robots):
    outcomes = send(district, now=datetime(2020, 3, 23, 11, 59))
    assert {o.what for o in outcomes} == {"alert"}
    assert [o.what for o in send(district)] == ["summary", "summary", "summary"]  # after 12:00, once


def _drop_stock(engine, unit_code: str, item: str, on_hand: float, days_out: float) -> None:
    """A new upload for the week: the unit's stock of the item falls (what an officer's correction does)."""
    row = {
        "unit_code": unit_code,
        "week": pd.Timestamp(WEEK),
        "item_code": item,
        "on_hand": on_hand,
        "received": 0.0,
        "used": 338.0,
        "days_out": days_out,
        "opening": None,
    }
    frame = pd.DataFrame([row]).reindex(columns=STOCK.columns)
    with write_transaction(engine) as conn:
        record = UploadRecord("上坪村更正.xlsx", "x", "officer", IMPORTED, 1, 0, [WEEK], [unit_code], [])
        replace_reports(conn, STOCK, frame, record_upload(conn, record))


def test_an_alert_that_gets_worse_is_sent_once(district, robots):
    send(district)
    # 上坪村 had 507 masks (low, 10.9 days): now none, out for 2 days. 白塔乡 then holds 0 + 0 + 0: its
    # critical (3.3 days) becomes a stock-out: worse, so sent; 白塔村 and 下坪村 were told already.
    _drop_stock(district, "C0302", "mask_surgical", 0.0, 2.0)
    outcomes = send(district)
    assert [(o.target, o.what) for o in outcomes] == [
        ("县指挥部", "alert"),
        ("县领导群", "alert"),
        ("白塔乡群", "alert"),
    ]
    assert robots["dingtalk"].accepted[-1]["markdown"]["text"] == "\n\n".join(
        [
            "### 白塔乡 新预警：2020年第12周",
            # both at 0 days: by unit code, C03 before C0302
            "- 白塔乡 医用外科口罩 已断货（库存 0 只）",
            "- 上坪村 医用外科口罩 已断货（库存 0 只）",
        ]
    )
    assert send(district) == []


def test_a_failing_robot_is_retried_and_reported_while_the_others_succeed(district, robots):
    robots["wecom"].script = [{"errcode": 45009, "errmsg": "api freq out of limit"}]
    robots["feishu"].always = {"code": 9499, "msg": "Bad Request"}
    clock = FakeClock()
    outcomes = send(district, sleep=clock.sleep, clock=clock.now)
    assert [(o.target, o.what, o.ok, o.attempts) for o in outcomes] == [
        ("县指挥部", "summary", True, 2),  # 45009, then accepted
        ("县指挥部", "alert", True, 1),
        ("县领导群", "summary", False, 4),  # the first try and 3 retries
        ("县领导群", "alert", False, 4),
        ("白塔乡群", "summary", True, 1),
        ("白塔乡群", "alert", True, 1),
    ]
    # Backoff doubles between tries (0.01, 0.02, 0.04 s). Feishu takes 5 a second: its 6th try in a second
    # (at 0.09 s, after sends at 0.01, 0.02, 0.04, 0.08, 0.08) waits until 1.01 s.
    assert clock.slept == pytest.approx([0.01, 0.01, 0.02, 0.04, 0.01, 0.92, 0.02, 0.04])
    log = load_push_log(district)
    failed = log[~log["ok"]]
    assert failed[["target", "what", "attempts", "answer"]].values.tolist() == [
        ["县领导群", "alert", 4, "code 9499: Bad Request"],
        ["县领导群", "summary", 4, "code 9499: Bad Request"],
    ]
    audit = load_audit(district, action="push_failed")
    assert audit["target"].tolist() == ["县领导群", "县领导群"]
    assert audit["detail"].iloc[0] == {
        "what": "alert",
        "week": WEEK,
        "attempts": 4,
        "answer": "code 9499: Bad Request",
    }
    # Next run: only the failed target is tried again, with both of its messages.
    robots["feishu"].always = None
    assert [(o.target, o.what, o.ok) for o in send(district)] == [
        ("县领导群", "summary", True),
        ("县领导群", "alert", True),
    ]


def test_a_robot_that_answers_late_is_retried_after_the_timeout(district, robots):
    robots["dingtalk"].script = [{"delay": 1.5}]
    outcomes = send(district, timeout=0.5)
    town = [o for o in outcomes if o.target == "白塔乡群"]
    assert [(o.what, o.ok, o.attempts) for o in town] == [("summary", True, 2), ("alert", True, 1)]


def test_secrets_never_appear_whole_in_the_log(district, robots):
    robots["feishu"].always = {"code": 19024, "msg": f"bad token {FEISHU_TOKEN}"}
    send(district)
    log = load_push_log(district)
    stored = log.astype(str).to_csv()
    for secret in (WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_TOKEN, FEISHU_SECRET):
        assert secret not in stored
    assert "code 19024: bad token fs…dd" in log["answer"].tolist()
    audit = load_audit(district).astype(str).to_csv()
    for secret in (WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_TOKEN, FEISHU_SECRET):
        assert secret not in audit
