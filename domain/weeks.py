"""Weeks are 7 days identified by their Monday (domain.md, "What a weekly report says"), and the one place
that says how a week is named on a page, in a sentence or on the command line."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def monday_of(day: date | datetime) -> date:
    if isinstance(day, datetime):
        day = day.date()
    return day - timedelta(days=day.weekday())


def iso_week_monday(year: int, week: int) -> date:
    """Monday of ISO week `week` of `year` (2020年第6周 → 2020-02-03)."""
    return date.fromisocalendar(year, week, 1)


def week_name(monday: date, lang: str = "zh") -> str:
    """The short name of a week, for chart axes and sentences: 2020年第6周 / 2020-W06."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}" if lang == "en" else f"{year}年第{week}周"


def week_tick(monday: date, lang: str = "zh") -> str:
    """A week's name on a narrow chart axis, where eight of them share 300 px: 12周 / W12 (the year is in the
    page's caption and in each point's hover text)."""
    week = monday.isocalendar()[1]
    return f"W{week}" if lang == "en" else f"{week}周"


def week_label(monday: date, lang: str = "zh") -> str:
    """How a person names a week: 2020年第6周（2月3日—2月9日） / 2020-W06 (3–9 Feb)."""
    year, week, _ = monday.isocalendar()
    sunday = monday + timedelta(days=6)
    if lang == "en":
        return f"{year}-W{week:02d} ({monday:%d %b}–{sunday:%d %b})"
    return f"{year}年第{week}周（{monday.month}月{monday.day}日—{sunday.month}月{sunday.day}日）"
