"""The robots' formats without a database: signatures for a fixed time and secret, masking, the size split
(sentences kept whole), the rate window, and the loopback services refusing a wrong or stale signature."""

from __future__ import annotations

import time

import pytest

from push import robots
from push.parts import Line, Message, split_message
from push.secrets import mask_url, mask_value, scrub
from push.sender import RateWindow, Sender
from push.weekly import parts_for
from tests.push_robot_server import RobotServer

# Expected signatures computed outside Python with openssl, from the documented recipes:
#   printf '1584936000000\nSECtest0123456789' | openssl dgst -sha256 -hmac 'SECtest0123456789' -binary | base64
#   printf '' | openssl dgst -sha256 -hmac "$(printf '1584936000\nfeishuSecret42')" -binary | base64
DING_SIGN = "w2u//GNnLyuwJZq1s278eKZecNYIpol+W20G208EKtc="
FEISHU_SIGN = "sh8vjq1D6Si19kzeSoC+NE8Ru6HeYY6TnNEeV3iS1M8="


def test_dingtalk_signature_is_url_encoded_base64_of_the_hmac():
    assert robots.dingtalk_sign("SECtest0123456789", 1584936000000) == (
        "w2u%2F%2FGNnLyuwJZq1s278eKZecNYIpol%2BW20G208EKtc%3D"
    )
    url, _ = robots.request(
        "dingtalk",
        "https://oapi.dingtalk.com/robot/send?access_token=abc",
        Message("test", "t", (Line("x"),)),
        secret="SECtest0123456789",
        now=1584936000.0,
    )
    assert url == (
        "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1584936000000"
        "&sign=w2u%2F%2FGNnLyuwJZq1s278eKZecNYIpol%2BW20G208EKtc%3D"
    )


def test_feishu_signature_goes_in_the_body_with_the_timestamp_in_seconds_as_text():
    assert robots.feishu_sign("feishuSecret42", 1584936000) == FEISHU_SIGN
    body = robots.body(
        "feishu", Message("test", "标题", (Line("第一行"),)), secret="feishuSecret42", now=1584936000.9
    )
    assert body == {
        "timestamp": "1584936000",
        "sign": FEISHU_SIGN,
        "msg_type": "post",
        "content": {"post": {"zh_cn": {"title": "标题", "content": [[{"tag": "text", "text": "第一行"}]]}}},
    }


def test_wecom_mentions_go_as_text_with_the_mobile_list_and_dingtalk_writes_them_in_the_text():
    message = Message("remind_after", "逾期未报", (Line("截止已过："), Line("- 石门村", ("13800138000",))))
    assert robots.body("wecom", message, now=0) == {
        "msgtype": "text",
        "text": {"content": "逾期未报\n截止已过：\n- 石门村", "mentioned_mobile_list": ["13800138000"]},
    }
    assert robots.body("dingtalk", message, now=0) == {
        "msgtype": "markdown",
        "markdown": {"title": "逾期未报", "text": "### 逾期未报\n\n截止已过：\n\n- 石门村 @13800138000"},
        "at": {"atMobiles": ["13800138000"], "isAtAll": False},
    }


@pytest.mark.parametrize(
    ("kind", "status", "text", "problem"),
    [
        ("wecom", 200, '{"errcode":0,"errmsg":"ok"}', None),
        (
            "wecom",
            200,
            '{"errcode":45009,"errmsg":"api freq out of limit"}',
            "errcode 45009: api freq out of limit",
        ),
        ("dingtalk", 200, '{"errcode":130101,"errmsg":"send too fast"}', "errcode 130101: send too fast"),
        ("feishu", 200, '{"code":0,"msg":"success"}', None),
        ("feishu", 200, '{"StatusCode":0,"StatusMessage":"success"}', None),
        ("feishu", 200, '{"code":19021,"msg":"sign match fail"}', "code 19021: sign match fail"),
        ("wecom", 502, "Bad Gateway", "HTTP 502: Bad Gateway"),
        ("dingtalk", 200, "<html>", "not JSON: <html>"),
    ],
)
def test_answers(kind, status, text, problem):
    assert robots.answer_problem(kind, status, text) == problem


def test_urls_and_secrets_are_masked():
    assert mask_url(
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
    ) == ("https://qyapi.weixin.qq.com/…key=69…aa")
    assert mask_url("https://oapi.dingtalk.com/robot/send?access_token=XXXXXXXXXXXXYZ") == (
        "https://oapi.dingtalk.com/…access_token=XX…YZ"
    )
    assert mask_url("https://open.feishu.cn/open-apis/bot/v2/hook/2f1a9c6e-1b2c-4d5e") == (
        "https://open.feishu.cn/…hook/2f…5e"
    )
    assert mask_value("SEC0123456789") == "SE…89"
    assert mask_value("short") == "…"
    url = "https://gov.example.cn:8443/robot/send?access_token=tok-123456789"
    assert scrub(
        f"POST {url} failed; token tok-123456789 refused; sign SEC%2Babc12345", url, "SEC+abc12345"
    ) == ("POST https://gov.example.cn:8443/…access_token=to…89 failed; token to…89 refused; sign SE…45")


def _size(kind):
    return lambda part: robots.content_bytes(kind, part)


def test_a_long_message_is_split_at_line_ends_and_every_part_fits():
    # Each line is "- " 2 + 第 3 + "000" 3 + 个单位 9 + " " 1 + 医用外科口罩 18 + " " 1 + 已断货 9 = 46 bytes,
    # 47 with its newline; the title "**东河县 新预警：2020年第12周**" is 41 bytes, 51 with "（续2）".
    # 41 + 47 × 86 = 4083 ≤ 4096 (87 would be 4130); 51 + 47 × 86 = 4093; 300 − 3 × 86 = 42 left.
    lines = tuple(Line(f"- 第{i:03d}个单位 医用外科口罩 已断货") for i in range(300))
    message = Message("alert", "东河县 新预警：2020年第12周", lines, "2020-03-16")
    parts = parts_for("wecom", message)
    assert [len(p.lines) for p in parts] == [86, 86, 86, 42]
    assert [p.title for p in parts] == [
        "东河县 新预警：2020年第12周",
        "东河县 新预警：2020年第12周（续2）",
        "东河县 新预警：2020年第12周（续3）",
        "东河县 新预警：2020年第12周（续4）",
    ]
    assert all(robots.content_bytes("wecom", p) <= 4096 for p in parts)
    assert [line for p in parts for line in p.lines] == list(lines)  # every line, whole, in order


def test_a_line_longer_than_the_limit_breaks_after_a_sentence_mark_never_inside_a_sentence():
    sentences = [f"第{i}句话说完了。" for i in range(10)]  # 8 characters, 24 bytes each
    message = Message("test", "T", (Line("".join(sentences)),))
    parts = split_message(message, lambda p: len(robots.content("feishu", p).encode()), 100)
    texts = [line.text for p in parts for line in p.lines]
    assert "".join(texts) == "".join(sentences)
    assert all(text.endswith("。") for text in texts)  # each piece ends a sentence
    assert [len(t) for t in texts] == [24, 24, 24, 8]  # 3 sentences fit beside the title "T（续99）"


def test_the_rate_window_holds_a_robot_to_20_a_minute():
    window = RateWindow(20, 60.0)
    for second in range(20):
        assert window.wait_for(float(second)) == 0.0
        window.record(float(second))
    assert window.wait_for(20.0) == 40.0  # the first of the 20 leaves the window at 60 s
    assert window.wait_for(60.0) == 0.0


def test_the_21st_message_to_one_robot_waits_for_the_minute_but_another_robot_does_not():
    clock = {"t": 0.0}
    slept: list[float] = []

    def sleep(seconds):
        slept.append(seconds)
        clock["t"] += seconds

    sender = Sender(
        post=lambda url, data, timeout: (200, '{"errcode":0}'), sleep=sleep, clock=lambda: clock["t"]
    )
    part = parts_for("wecom", Message("test", "T", (Line("x"),)))
    for _ in range(21):
        assert sender.send("a", "wecom", "https://h/send?key=k", "", part).ok
    assert slept == [60.0]
    assert sender.send("b", "wecom", "https://h/send?key=k2", "", part).ok
    assert slept == [60.0]


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_the_services_refuse_a_wrong_or_stale_signature(kind):
    server = RobotServer(kind, "token-0123456789", "right-secret-1234").start()
    try:
        message = parts_for(kind, Message("test", "T", (Line("x"),)))
        wrong = Sender(attempts=1).send("t", kind, server.url, "wrong-secret-999", message)
        stale = Sender(attempts=1, wall=lambda: time.time() - 2 * 3600).send(
            "t", kind, server.url, "right-secret-1234", message
        )
        right = Sender(attempts=1).send("t", kind, server.url, "right-secret-1234", message)
    finally:
        server.stop()
    refusal = {
        "dingtalk": (
            "errcode 310000: sign not match",
            "errcode 310000: sign not match, timestamp is out of date",
        ),
        "feishu": (
            "code 19021: sign match fail or timestamp is not within one hour from current time",
            "code 19021: sign match fail or timestamp is not within one hour from current time",
        ),
    }[kind]
    assert (wrong.ok, wrong.answer) == (False, refusal[0])
    assert (stale.ok, stale.answer) == (False, refusal[1])
    assert right.ok


def test_a_unit_named_like_markdown_reaches_the_group_as_plain_words():
    """A unit name or alert sentence carrying a link, a font tag or emphasis must not become markup in a
    WeCom or DingTalk markdown message: the marks turn into their full-width look-alikes."""
    from push.messages import alert_message

    hostile = '[点我领口罩](http://evil.example/) <font color="info">安全</font> **急**'
    message = alert_message(hostile, "2020-03-16", [f"{hostile} 医用外科口罩 已断货（库存 0 只）"])
    part = parts_for(robots.WECOM, message)[0]
    wecom = robots.content(robots.WECOM, part)
    assert wecom.splitlines() == [
        '**［点我领口罩］(http://evil.example/) ＜font color="info"＞安全＜/font＞ ＊＊急＊＊ 新预警：2020年第12周**',
        '- ［点我领口罩］(http://evil.example/) ＜font color="info"＞安全＜/font＞ ＊＊急＊＊ 医用外科口罩 已断货（库存 0 只）',
    ]
    dingtalk = robots.content(robots.DINGTALK, parts_for(robots.DINGTALK, message)[0])
    assert "[点我" not in dingtalk and "<font" not in dingtalk
