"""Slowing down password guessing: after LIMIT failures within WINDOW, an account or a client waits.

Pure: the store passes in the failure times it found and the current time, so tests drive the clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

LIMIT = 5
WINDOW = timedelta(minutes=15)
# Each failed attempt answers this much later; the page sleeps it, the pure code only reports it.
FAILURE_DELAY_SECONDS = 1.0


@dataclass(frozen=True)
class Lockout:
    locked: bool
    failures: int  # failures still inside the window
    until: datetime | None = None

    def minutes_left(self, now: datetime) -> int:
        if self.until is None:
            return 0
        return max(1, math.ceil((self.until - now).total_seconds() / 60))


def lockout_state(
    failures: Sequence[datetime], now: datetime, *, limit: int = LIMIT, window: timedelta = WINDOW
) -> Lockout:
    """Locked while `limit` failures lie within `window` before now; free again when the oldest of them ages out."""
    recent = sorted((t for t in failures if now - window < t <= now), reverse=True)
    if len(recent) < limit:
        return Lockout(False, len(recent))
    return Lockout(True, len(recent), recent[limit - 1] + window)
