"""The words for the levels and headline figures, shared by the pages (pages/common/texts.py) and the briefs.

(Chinese, English) pairs, keyed as the pages key them; `label` fills in values as the pages' t() does.
"""

from __future__ import annotations

FIGURE_LABELS: dict[str, tuple[str, str]] = {
    # Levels of stock and coverage
    "status.stockout": ("断货", "Stock-out"),
    "status.critical": ("紧缺", "Critical"),
    "status.low": ("偏低", "Low"),
    "status.ok": ("充足", "OK"),
    "status.unknown": ("未知", "Unknown"),
    "status.none": ("不适用", "n/a"),
    "cov.red": ("不足80%", "Below 80%"),
    "cov.amber": ("80–89%", "80–89%"),
    "cov.green": ("≥90%", "≥90%"),
    "cov.over": ("超过100%", "Above 100%"),
    "cov.unknown": ("无目标", "No target"),
    "tile.reporting": ("本周上报", "Reported this week"),
    "tile.stockout": ("断货单位", "Units out of stock"),
    "tile.critical": ("紧缺单位", "Units critical"),
    "tile.low": ("偏低单位", "Units low"),
    "tile.lowest": ("最少可用天数", "Lowest days of supply"),
    "tile.lowest_where": ("{unit} · {item}", "{unit} · {item}"),
    "tile.coverage": ("{material}覆盖率", "{material} coverage"),
    "tile.coverage_over": ("超过100%，请核对目标", "Above 100%: check the target"),
    # Timeliness of a unit's report (metrics/timeliness.py)
    "timely.on_time": ("按时", "On time"),
    "timely.late": ("迟报", "Late"),
    "timely.missing": ("未报", "Missing"),
    "timely.not_due": ("未到截止时间", "Not due yet"),
}


def label(key: str, lang: str = "zh", **values) -> str:
    zh, en = FIGURE_LABELS[key]
    return (en if lang == "en" else zh).format(**values)
