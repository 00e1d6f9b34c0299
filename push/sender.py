"""Delivery: POST one message to a robot with a timeout, retry an error answer or a timeout with exponential
backoff a bounded number of times, and keep each robot under its rate limit. HTTP through urllib (no new
dependency); the clock and the sleep are injectable so the tests neither wait a minute nor guess."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from push import robots
from push.parts import Part
from push.secrets import scrub

TIMEOUT_SECONDS = 10.0
ATTEMPTS = 4  # the first try and three retries
BACKOFF_SECONDS = 2.0  # waits 2, 4, 8 s between tries: past WeCom's and DingTalk's one-minute windows in sum

Post = Callable[[str, bytes, float], tuple[int, str]]


def post_json(url: str, data: bytes, timeout: float) -> tuple[int, str]:
    """(HTTP status, body text). Raises TimeoutError or OSError when nothing usable came back."""
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (an admin's URL)
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except urllib.error.URLError as error:
        if isinstance(error.reason, socket.timeout | TimeoutError):
            raise TimeoutError("timed out") from None
        raise OSError(str(error.reason)) from None


class RateWindow:
    """At most `count` sends in any `seconds`: a sliding window over the last sends' times. (A token bucket
    would let a full bucket and its refill through in the same minute: 39 messages where the robot takes 20.)"""

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self.sent: deque[float] = deque()

    def wait_for(self, now: float) -> float:
        while self.sent and now - self.sent[0] >= self.seconds:
            self.sent.popleft()
        return 0.0 if len(self.sent) < self.count else self.sent[0] + self.seconds - now

    def record(self, now: float) -> None:
        self.sent.append(now)


@dataclass
class Delivery:
    ok: bool
    attempts: int
    answer: str  # the robot's reply (or the error), secrets masked
    parts: int = 1


@dataclass
class Sender:
    """Sends parts to robots. One Sender per run keeps each target's rate window across its messages."""

    post: Post = post_json
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time  # what robots sign: the epoch seconds
    timeout: float = TIMEOUT_SECONDS
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF_SECONDS
    windows: dict[str, list[RateWindow]] = field(default_factory=dict)

    def send(self, name: str, kind: str, url: str, secret: str, parts: list[Part]) -> Delivery:
        """Every part in order; stops at the first part that still fails after its retries."""
        tries = 0
        answer = ""
        for part in parts:
            delivered = self._send_part(name, kind, url, secret, part)
            tries += delivered.attempts
            answer = delivered.answer
            if not delivered.ok:
                return Delivery(False, tries, answer, len(parts))
        return Delivery(True, tries, answer, len(parts))

    def _send_part(self, name: str, kind: str, url: str, secret: str, part: Part) -> Delivery:
        problem = ""
        for attempt in range(1, self.attempts + 1):
            self._wait_turn(name, kind)
            # Signed afresh on every try: Feishu refuses a timestamp an hour old, DingTalk one of a few minutes.
            target_url, data = robots.request(kind, url, part, secret=secret, now=self.wall())
            try:
                status, text = self.post(target_url, data, self.timeout)
                found = robots.answer_problem(kind, status, text)
                if found is None:
                    return Delivery(True, attempt, scrub(text, url, secret)[:500])
                problem = found
            except TimeoutError:
                problem = f"timeout after {self.timeout:g} s"
            except OSError as error:
                problem = f"connection failed: {error}"
            problem = scrub(problem, url, secret, target_url)[:500]
            if attempt < self.attempts:
                self.sleep(self.backoff * 2 ** (attempt - 1))
        return Delivery(False, self.attempts, problem)

    def _wait_turn(self, name: str, kind: str) -> None:
        windows = self.windows.setdefault(name, [RateWindow(n, s) for n, s in robots.RATE_LIMITS[kind]])
        while True:
            wait = max(window.wait_for(self.clock()) for window in windows)
            if wait <= 0:
                break
            self.sleep(wait)
        now = self.clock()
        for window in windows:
            window.record(now)
