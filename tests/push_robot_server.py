"""Stand-ins for the three robot services on loopback, checking every request as the real service does
(JSON shape, msgtype, size limits, the signature against the current time, the mention fields) and able to
answer with an error or a delay. The checks follow the robots' documentation (see push/robots.py); the
signatures are recomputed here from the secret with hmac, independently of push.robots."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlsplit

HOUR = 3600.0


@dataclass
class Received:
    """One accepted or refused request, as the service read it."""

    path: str
    query: dict
    body: dict | None
    raw: bytes
    answer: dict


@dataclass
class RobotServer:
    kind: str  # wecom | dingtalk | feishu
    key: str  # the token in the webhook URL
    secret: str = ""
    # Planned answers, used in order: {"errcode"/"code": n, "errmsg"/"msg": text} or {"delay": seconds}.
    script: list[dict] = field(default_factory=list)
    always: dict | None = None  # an answer for every request (a robot that always fails)
    received: list[Received] = field(default_factory=list)
    clock: callable = time.time

    def start(self) -> RobotServer:
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                answer, delay = robot.answer(self.path, raw)
                if delay:
                    time.sleep(delay)
                data = json.dumps(answer).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        port = self.server.server_address[1]
        if self.kind == "wecom":
            return f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={self.key}"
        if self.kind == "dingtalk":
            return f"http://127.0.0.1:{port}/robot/send?access_token={self.key}"
        return f"http://127.0.0.1:{port}/open-apis/bot/v2/hook/{self.key}"

    @property
    def accepted(self) -> list[dict]:
        """The bodies the service accepted (answered 0), in order."""
        ok = "code" if self.kind == "feishu" else "errcode"
        return [r.body for r in self.received if r.answer.get(ok) == 0]

    # --- as the service reads a request -------------------------------------------------------------------
    def answer(self, path: str, raw: bytes) -> tuple[dict, float]:
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        check = {"wecom": self._wecom, "dingtalk": self._dingtalk, "feishu": self._feishu}[self.kind]
        answer = check(parts.path, query, body, raw)
        delay = 0.0
        if self._ok(answer):
            planned = self.script.pop(0) if self.script else self.always
            if planned:
                delay = planned.get("delay", 0.0)
                answer = {k: v for k, v in planned.items() if k != "delay"} or answer
        self.received.append(Received(parts.path, query, body, raw, answer))
        return answer, delay

    def _ok(self, answer: dict) -> bool:
        return answer.get("code" if self.kind == "feishu" else "errcode") == 0

    def _wecom(self, path, query, body, raw) -> dict:
        if path != "/cgi-bin/webhook/send" or query.get("key") != self.key:
            return {"errcode": 93000, "errmsg": "invalid webhook url"}
        if not isinstance(body, dict) or body.get("msgtype") not in ("markdown", "text"):
            return {"errcode": 40008, "errmsg": "invalid message type"}
        kind = body["msgtype"]
        content = body.get(kind, {}).get("content")
        if not isinstance(content, str) or not content:
            return {"errcode": 44004, "errmsg": "empty content"}
        limit = 4096 if kind == "markdown" else 2048
        if len(content.encode("utf-8")) > limit:
            return {"errcode": 40058, "errmsg": f"content exceed max length {limit}"}
        mentioned = body[kind].get("mentioned_mobile_list", [])
        if kind == "markdown" and mentioned:
            return {"errcode": 40058, "errmsg": "markdown cannot mention"}
        if not all(isinstance(m, str) and m.isdigit() for m in mentioned):
            return {"errcode": 40058, "errmsg": "mentioned_mobile_list must be digits"}
        return {"errcode": 0, "errmsg": "ok"}

    def _dingtalk(self, path, query, body, raw) -> dict:
        if path != "/robot/send" or query.get("access_token") != self.key:
            return {"errcode": 300001, "errmsg": "token is not exist"}
        if self.secret:
            try:
                timestamp = int(query.get("timestamp", ""))
            except ValueError:
                return {"errcode": 310000, "errmsg": "sign not match"}
            if abs(self.clock() * 1000 - timestamp) > HOUR * 1000:
                return {"errcode": 310000, "errmsg": "sign not match, timestamp is out of date"}
            wanted = base64.b64encode(
                hmac.new(
                    self.secret.encode(), f"{timestamp}\n{self.secret}".encode(), hashlib.sha256
                ).digest()
            ).decode()
            # parse_qs has already URL-decoded the sign once: it must now equal the plain Base64 text.
            if query.get("sign") != wanted:
                return {"errcode": 310000, "errmsg": "sign not match"}
        if not isinstance(body, dict) or body.get("msgtype") != "markdown":
            return {"errcode": 40035, "errmsg": "missing msgtype"}
        markdown = body.get("markdown", {})
        if not markdown.get("title") or not markdown.get("text"):
            return {"errcode": 40035, "errmsg": "missing title or text"}
        if len(markdown["text"].encode("utf-8")) > 20000:
            return {"errcode": 460101, "errmsg": "message too long"}
        for mobile in body.get("at", {}).get("atMobiles", []):
            if f"@{mobile}" not in markdown["text"]:
                return {"errcode": 40035, "errmsg": f"@{mobile} not in text: the mention would not show"}
        return {"errcode": 0, "errmsg": "ok"}

    def _feishu(self, path, query, body, raw) -> dict:
        if path != f"/open-apis/bot/v2/hook/{self.key}":
            return {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
        if len(raw) > 20 * 1024:
            return {"code": 9499, "msg": "request body exceeds 20 KB"}
        if not isinstance(body, dict):
            return {"code": 9499, "msg": "Bad Request"}
        if self.secret:
            try:
                timestamp = int(body.get("timestamp", ""))
            except (TypeError, ValueError):
                return {
                    "code": 19021,
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                }
            if abs(self.clock() - timestamp) > HOUR:
                return {
                    "code": 19021,
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                }
            wanted = base64.b64encode(
                hmac.new(f"{timestamp}\n{self.secret}".encode(), b"", hashlib.sha256).digest()
            ).decode()
            if body.get("sign") != wanted:
                return {
                    "code": 19021,
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                }
        if body.get("msg_type") != "post":
            return {"code": 19002, "msg": "params error, msg_type need"}
        post = body.get("content", {}).get("post", {}).get("zh_cn", {})
        lines = post.get("content")
        if not post.get("title") or not isinstance(lines, list):
            return {"code": 19002, "msg": "params error, post content"}
        for line in lines:
            if not all(isinstance(e, dict) and e.get("tag") == "text" and e.get("text") for e in line):
                return {"code": 19002, "msg": "params error, post element"}
        return {"code": 0, "msg": "success"}


def post_text(body: dict) -> str:
    """The text a group reads from an accepted body, whatever the kind."""
    if "markdown" in body and "content" in body["markdown"]:
        return body["markdown"]["content"]
    if "markdown" in body:
        return body["markdown"]["text"]
    if "text" in body:
        return body["text"]["content"]
    post = body["content"]["post"]["zh_cn"]
    return "\n".join([post["title"], *(e["text"] for line in post["content"] for e in line)])


def unquoted(sign: str) -> str:
    return unquote_plus(sign)
