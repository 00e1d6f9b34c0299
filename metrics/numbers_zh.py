"""Numbers as a Chinese reader expects them: 16,000 份 · 18.3万 · 1.3 天 · 62%.

Rule chosen for messages (the spec's two examples, "1.2万" and "目标 16,000 份", pull both ways):
below 100,000 a number keeps its digits with thousands separators; from 100,000 up it reads in 万 with at
most one decimal ("18.3万", "200万"), where counting six digits gets hard on a projector. Pass wan_from=10_000
to get "1.2万" for 12,000.
"""

from __future__ import annotations

import math
from functools import lru_cache

from domain import weeks

# Formatters are cached: a province's 190,000 alert sentences repeat the same few thousand figures.

WAN = 10_000.0
WAN_FROM = 100_000.0


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


@lru_cache(maxsize=1 << 16)
def quantity(value: float | None, *, wan_from: float = WAN_FROM, lang: str = "zh") -> str:
    """A stock or count: integers from 10 up, one decimal below 10 (1.3 升), 万 from `wan_from` up."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    value = float(value)
    if lang == "zh" and abs(value) >= wan_from:
        return _trim(f"{value / WAN:.1f}") + "万"
    if abs(value) >= 10 or value == int(value):
        return f"{round(value):,}"
    return _trim(f"{value:.1f}")


@lru_cache(maxsize=1 << 16)
def days(value: float) -> str:
    """Days of supply, cut (not rounded) to one decimal so 6.99 reads 6.9 and never looks like 7.0."""
    return f"{math.floor(value * 10 + 1e-9) / 10:.1f}"


@lru_cache(maxsize=1 << 16)
def percent(value: float) -> str:
    """A coverage percentage, cut to a whole number so 79.6 % (red) never reads as 80 %."""
    return f"{math.floor(value + 1e-9):,}%"


def ratio(value: float) -> str:
    return f"{value:.1f}"


def week_name(monday, lang: str = "zh") -> str:
    """2020年第3周 / 2020-W03 for the week starting `monday` (a date or Timestamp): domain/weeks.py's name."""
    return weeks.week_name(monday, lang)


# --- Tables: the same looks as the sentences, for whole columns -------------------------------------------
# A table cell reads like the figure in the sentence beside it: days cut to one decimal, quantities with
# thousands separators (no 万 in a column, where digits line up), percentages cut to whole numbers, blank for
# unknown, "—" for not applicable.
DAYS, QUANTITY, PERCENT, COUNT = "days", "quantity", "percent", "count"


def cell(value, kind: str, *, applicable: bool = True) -> str:
    """One table cell of `kind` (DAYS, QUANTITY, PERCENT, COUNT)."""
    if not applicable:
        return "—"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == DAYS:
        return days(float(value))
    if kind == PERCENT:
        return percent(float(value))
    if kind == COUNT:
        return f"{round(float(value)):,}"
    return quantity(float(value), wan_from=math.inf)


def cut(value, kind: str) -> float:
    """The number a cell shows, as a number (for downloads that must stay numeric): 6.99 days → 6.9."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    value = float(value)
    if kind == DAYS:
        return math.floor(value * 10 + 1e-9) / 10
    if kind == PERCENT:
        return float(math.floor(value + 1e-9))
    if kind == COUNT or abs(value) >= 10 or value == int(value):
        return float(round(value))
    return round(value, 1)  # as `quantity` writes it: one decimal below 10
