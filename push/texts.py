"""Every word the robots post, Chinese (default) and English: pt("key", lang, **values). The level and tile
words are the pages' own (metrics/labels.py), so a group reads "紧缺单位" where the screen does."""

from __future__ import annotations

from metrics.labels import FIGURE_LABELS

PUSH_TEXTS: dict[str, tuple[str, str]] = {
    **FIGURE_LABELS,
    "summary.title": ("{unit} {week}防疫物资与宣传周报", "{unit}: supplies and publicity, {week}"),
    "summary.figure": ("{label}：{value}", "{label}: {value}"),
    "summary.figure_note": ("{label}：{value}（{note}）", "{label}: {value} ({note})"),
    "summary.joiner": ("，", "; "),
    "summary.alerts": ("最紧急的预警：", "Most urgent alerts:"),
    "summary.more_alerts": ("另有 {n} 条预警，见看板", "{n} more alerts on the dashboard"),
    "summary.no_alerts": ("本周没有紧急或警告级预警", "No critical or warning alert this week"),
    "summary.missing": ("未上报（{n} 个）：", "Not reported ({n}):"),
    "summary.all_reported": ("应报单位均已上报", "Every unit expected has reported"),
    "summary.missing_unit": ("- {unit}（最后上报：{week}）", "- {unit} (last report: {week})"),
    "summary.never_reported": ("- {unit}（从未上报）", "- {unit} (never reported)"),
    "summary.link": ("看板：{url}", "Dashboard: {url}"),
    "alert.title": ("{unit} 新预警：{week}", "{unit}: new alerts, {week}"),
    "remind_before.title": ("{unit} 上报提醒：{week}", "{unit}: reports due, {week}"),
    "remind_before.lead": (
        "请于 {due} 前上报，以下 {n} 个单位尚未上报：",
        "Reports are due by {due}; these {n} units have not reported:",
    ),
    "remind_after.title": ("{unit} 逾期未报：{week}", "{unit}: reports overdue, {week}"),
    "remind_after.lead": (
        "已过截止时间 {due}，以下 {n} 个单位仍未上报：",
        "The deadline {due} has passed; these {n} units still have not reported:",
    ),
    "remind.unit": ("- {unit}", "- {unit}"),
    "test.title": ("测试消息", "Test message"),
    "test.line": (
        "这是防疫物资与宣传看板发给「{target}」的测试消息，收到即表示推送配置正确。",
        "A test message from the epidemic supplies dashboard to {target!r}: if you read this, it works.",
    ),
    "more": ("（续{n}）", " (part {n})"),
}


def pt(key: str, lang: str = "zh", **values) -> str:
    zh, en = PUSH_TEXTS[key]
    return (en if lang == "en" else zh).format(**values)


def due_text(due, lang: str = "zh") -> str:
    """3月23日 12:00 / 23 Mar 12:00: the deadline as a group reads it."""
    if lang == "en":
        return f"{due.day} {due:%b %H:%M}"
    return f"{due.month}月{due.day}日 {due:%H:%M}"
