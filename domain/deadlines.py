"""The weekly reporting deadline (docs/figures.md, R3): a weekday and a time of the week AFTER the report
week, because a week's closing stock (Sunday night) is known only once the week is over. One default for every
unit, and an optional deadline per level (村居 may report on Monday noon, 镇街 on Monday evening) that
overrides it. Times are the office's wall-clock time, naive like the uploads' `uploaded_at`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

WEEKDAYS = range(1, 8)  # ISO: 1 = Monday … 7 = Sunday
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$")


class BadDeadline(ValueError):
    """A weekday or time that cannot be a deadline; the message says what was received and what is expected."""


@dataclass(frozen=True)
class Deadline:
    """Reports for week W are due on `weekday` (1 = Monday) of week W + 1, at `at`."""

    weekday: int = 1
    at: time = time(12, 0)

    def __post_init__(self) -> None:
        if self.weekday not in WEEKDAYS:
            raise BadDeadline(f"weekday {self.weekday!r} is not 1 (Monday) to 7 (Sunday)")

    def due(self, week_monday: date) -> datetime:
        day = week_monday - timedelta(days=week_monday.weekday()) + timedelta(days=6 + self.weekday)
        return datetime.combine(day, self.at)

    @property
    def time_text(self) -> str:
        return f"{self.at:%H:%M}"


DEFAULT_DEADLINE = Deadline()


@dataclass(frozen=True)
class DeadlinePolicy:
    """The default deadline and the levels that have their own. `by_level` is a sorted tuple of pairs (not a
    dict) so the policy stays hashable for the pages' caches."""

    default: Deadline = DEFAULT_DEADLINE
    by_level: tuple[tuple[str, Deadline], ...] = field(default_factory=tuple)

    def for_level(self, level: str | None) -> Deadline:
        for name, deadline in self.by_level:
            if name == level:
                return deadline
        return self.default

    def due(self, week_monday: date, level: str | None = None) -> datetime:
        """When the reports of the week starting `week_monday` are due for a unit of `level` (None: default).

        A report that arrives at exactly this second is on time; one second later it is late."""
        return self.for_level(level).due(week_monday)


def parse_time(text: str) -> time:
    """ "12:00", "9:30" or "12：00" → a time; anything else raises BadDeadline."""
    found = _TIME.match(str(text))
    hour, minute = (int(found.group(1)), int(found.group(2))) if found else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise BadDeadline(f"time {text!r} is not HH:MM between 00:00 and 23:59")
    return time(hour, minute)


def parse_deadline(weekday: int | str, time_text: str) -> Deadline:
    try:
        day = int(weekday)
    except (TypeError, ValueError):
        raise BadDeadline(f"weekday {weekday!r} is not 1 (Monday) to 7 (Sunday)") from None
    return Deadline(day, parse_time(time_text))


def policy_from_rows(rows: list[tuple[str, int, str]]) -> DeadlinePolicy:
    """(level, weekday, "HH:MM") rows, level "" for the default, into a policy; a missing default is Monday 12:00."""
    default = DEFAULT_DEADLINE
    levels = []
    for level, weekday, time_text in rows:
        deadline = parse_deadline(weekday, time_text)
        if level:
            levels.append((level, deadline))
        else:
            default = deadline
    return DeadlinePolicy(default, tuple(sorted(levels, key=lambda pair: pair[0])))
