"""How each kind of group robot wants a message: the request (URL, JSON body, signature), the size limits,
and how to read its answer. Pure: the same message, secret and time give the same bytes.

Formats from the robots' own documentation:
- WeCom 企业微信群机器人 (developer.work.weixin.qq.com, 群机器人配置说明): POST JSON to the webhook URL;
  {"msgtype": "markdown", "markdown": {"content"}} at most 4096 bytes of UTF-8; {"msgtype": "text", "text":
  {"content", "mentioned_mobile_list"}} at most 2048 bytes (markdown cannot @ anyone, so reminders go as
  text). Answer {"errcode": 0, "errmsg": "ok"}; 20 messages a minute per robot (errcode 45009 beyond).
- DingTalk 自定义机器人 (open.dingtalk.com): POST JSON to the URL plus &timestamp=T&sign=S, T in ms, S the
  URL-encoded Base64 of HMAC-SHA256(key=secret, msg="T\\nsecret"); {"msgtype": "markdown", "markdown":
  {"title", "text"}, "at": {"atMobiles", "isAtAll"}}: a mention shows only if "@mobile" is also in the text.
  Answer {"errcode": 0}; 20 a minute (errcode 130101 "send too fast").
- Feishu 自定义机器人 (open.feishu.cn): POST JSON with "timestamp" (seconds, as text) and "sign" = Base64 of
  HMAC-SHA256(key="timestamp\\nsecret", msg=b"") in the body; msg_type "post" (title + lines). The timestamp
  must be within an hour of the server's. Answer {"code": 0, "msg": "success"} (19021: sign match fail);
  body at most 20 KB; 100 a minute and 5 a second. A custom bot @-mentions only by open_id, which we do not
  keep, so reminders there name the unit without a mention.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import quote_plus

from push.parts import Part

WECOM = "wecom"
DINGTALK = "dingtalk"
FEISHU = "feishu"
KINDS = (WECOM, DINGTALK, FEISHU)
KIND_NAMES = {
    WECOM: ("企业微信群机器人", "WeCom group robot"),
    DINGTALK: ("钉钉自定义机器人", "DingTalk custom robot"),
    FEISHU: ("飞书自定义机器人", "Feishu custom bot"),
}

WECOM_MARKDOWN_BYTES = 4096
WECOM_TEXT_BYTES = 2048
# DingTalk documents 20 kB per message; a group reads a phone screen at a time, so we keep to WeCom's 4096.
DINGTALK_MARKDOWN_BYTES = 4096
# Feishu limits the whole request body to 20 KB; the text gets 16,000 bytes, the rest is room for the JSON
# (the signature, the keys and one {"tag": "text"} object per line).
FEISHU_BODY_BYTES = 20 * 1024
FEISHU_TEXT_BYTES = 16_000

# (messages, seconds) windows each robot allows.
RATE_LIMITS = {
    WECOM: ((20, 60.0),),
    DINGTALK: ((20, 60.0),),
    FEISHU: ((5, 1.0), (100, 60.0)),
}


def content(kind: str, part: Part) -> str:
    """The text the robot counts against its limit (WeCom's content, DingTalk's markdown text, Feishu's lines)."""
    if kind == WECOM:
        if part.mobiles:
            return "\n".join([part.title, *(line.text for line in part.lines)])
        return "\n".join([f"**{part.title}**", *(line.text for line in part.lines)])
    if kind == DINGTALK:
        # Markdown needs a blank line to break a line; the @mobile must be in the text for the mention to show.
        lines = [" ".join([line.text, *(f"@{m}" for m in line.mobiles)]) for line in part.lines]
        return "\n\n".join([f"### {part.title}", *lines])
    if kind == FEISHU:
        return "\n".join([part.title, *(line.text for line in part.lines)])
    raise ValueError(f"unknown robot kind {kind!r}")


def content_limit(kind: str, mentions: bool) -> int:
    if kind == WECOM:
        return WECOM_TEXT_BYTES if mentions else WECOM_MARKDOWN_BYTES
    if kind == DINGTALK:
        return DINGTALK_MARKDOWN_BYTES
    if kind == FEISHU:
        return FEISHU_TEXT_BYTES
    raise ValueError(f"unknown robot kind {kind!r}")


def content_bytes(kind: str, part: Part) -> int:
    return len(content(kind, part).encode("utf-8"))


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """URL-encoded Base64 of HMAC-SHA256, key = secret, message = "timestamp\\nsecret" (DingTalk's 加签)."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode("ascii"))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Base64 of HMAC-SHA256, key = "timestamp\\nsecret", message empty (Feishu's 签名校验)."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def body(kind: str, part: Part, *, secret: str = "", now: float) -> dict:
    """The JSON body for one part; `now` is seconds since the epoch (Feishu signs it into the body)."""
    text = content(kind, part)
    if kind == WECOM:
        if part.mobiles:
            return {"msgtype": "text", "text": {"content": text, "mentioned_mobile_list": list(part.mobiles)}}
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if kind == DINGTALK:
        return {
            "msgtype": "markdown",
            "markdown": {"title": part.title, "text": text},
            "at": {"atMobiles": list(part.mobiles), "isAtAll": False},
        }
    if kind == FEISHU:
        lines = [[{"tag": "text", "text": line.text}] for line in part.lines]
        found: dict = {}
        if secret:
            timestamp = int(now)
            found = {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp)}
        return {
            **found,
            "msg_type": "post",
            "content": {"post": {"zh_cn": {"title": part.title, "content": lines}}},
        }
    raise ValueError(f"unknown robot kind {kind!r}")


def request(kind: str, url: str, part: Part, *, secret: str = "", now: float) -> tuple[str, bytes]:
    """(URL to POST to, UTF-8 JSON body). DingTalk's signature goes in the URL, Feishu's in the body."""
    if kind == DINGTALK and secret:
        timestamp = int(now * 1000)
        joiner = "&" if "?" in url else "?"
        url = f"{url}{joiner}timestamp={timestamp}&sign={dingtalk_sign(secret, timestamp)}"
    data = json.dumps(body(kind, part, secret=secret, now=now), ensure_ascii=False).encode("utf-8")
    return url, data


def answer_problem(kind: str, status: int, text: str) -> str | None:
    """None when the robot accepted the message; else what it said, in one line (its code and message)."""
    if not 200 <= status < 300:
        return f"HTTP {status}: {text[:200]}"
    try:
        answer = json.loads(text)
    except ValueError:
        return f"not JSON: {text[:200]}"
    if not isinstance(answer, dict):
        return f"not a JSON object: {text[:200]}"
    if kind == FEISHU:
        code = answer.get("code", answer.get("StatusCode"))
        message = answer.get("msg", answer.get("StatusMessage", ""))
    else:
        code, message = answer.get("errcode"), answer.get("errmsg", "")
    if code == 0:
        return None
    return f"{'code' if kind == FEISHU else 'errcode'} {code}: {message}"
