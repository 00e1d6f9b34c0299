"""The sentence each alert reads out, in Chinese (default) or English: one clear sentence per alert."""

from __future__ import annotations

from metrics.numbers_zh import days, percent, quantity, ratio, week_name

EN_UNITS = {
    "只": "pcs",
    "个": "pcs",
    "升": "L",
    "套": "sets",
    "副": "pairs",
    "份": "copies",
    "条": "pcs",
    "块": "pcs",
    "台次": "trips",
    "小时": "h",
    "次": "visits",
}
FIGURE_NAMES = {
    "on_hand": ("库存", "stock on hand"),
    "received": ("入库", "received"),
    "used": ("消耗", "used"),
    "opening": ("期初库存", "opening stock"),
    "days_out": ("断货天数", "days out of stock"),
}


def _q(value, unit, lang):
    if lang == "en":
        return f"{quantity(value, lang='en')} {EN_UNITS.get(unit, unit)}"
    return f"{quantity(value)} {unit}"


def beside(a, lang) -> str:
    """What a figure leaves out or rests on: stock where use is unknown (S8), figures carried forward (S6)."""
    parts = []
    units = int(a.get("outside_units") or 0)
    if units and (a.get("outside_stock") or 0) > 0:
        held = _q(a["outside_stock"], a["base_unit"], lang)
        parts.append(
            f"another {held} at {units} unit(s) whose use is unknown"
            if lang == "en"
            else f"另有 {held}在 {units} 个消耗未知的单位"
        )
    if a.get("carried"):
        age = int(a.get("age_weeks") or 0)
        parts.append(f"figures from {age} week(s) ago" if lang == "en" else f"为 {age} 周前上报的数字")
    if not parts:
        return ""
    return ("; " if lang == "en" else "；") + ("; " if lang == "en" else "；").join(parts)


def stockout(a, lang):
    if a["on_hand"] > 0:
        out_days = a.get("self_days_out")
        if lang == "en":
            return (
                f"{a['unit']} {a['item_label']}: out of stock {quantity(out_days)} days this week "
                f"(stock {_q(a['on_hand'], a['base_unit'], lang)}{beside(a, lang)})"
            )
        return (
            f"{a['unit']} {a['item_label']} 本周断货 {quantity(out_days)} 天"
            f"（库存 {_q(a['on_hand'], a['base_unit'], lang)}{beside(a, lang)}）"
        )
    if lang == "en":
        return (
            f"{a['unit']} {a['item_label']}: out of stock "
            f"(stock 0 {EN_UNITS.get(a['base_unit'], a['base_unit'])}{beside(a, lang)})"
        )
    return f"{a['unit']} {a['item_label']} 已断货（库存 0 {a['base_unit']}{beside(a, lang)}）"


def short_supply(a, lang):
    """critical / low: days left, stock and daily use; durable items: count held against count required."""
    stock = _q(a["on_hand"], a["base_unit"], lang)
    if a["durable"]:
        need = _q(a["required"], a["base_unit"], lang)
        if lang == "en":
            return f"{a['unit']} {a['item_label']}: not enough (has {stock}, needs {need}{beside(a, lang)})"
        return f"{a['unit']} {a['item_label']} 数量不足（现有 {stock}，需 {need}{beside(a, lang)}）"
    burn = _q(a["daily_use"], a["base_unit"], lang)
    if lang == "en":
        per_day = "planned need" if a["basis"] == "plan" else "daily use"
        return (
            f"{a['unit']} {a['item_label']}: only {days(a['days'])} days left "
            f"(stock {stock}, {per_day} {burn}{beside(a, lang)})"
        )
    per_day = "日均计划需求" if a["basis"] == "plan" else "日均消耗"
    return f"{a['unit']} {a['item_label']} 仅够 {days(a['days'])} 天（库存 {stock}，{per_day} {burn}{beside(a, lang)}）"


def missing_report(a, lang):
    last = a["last_report_week"]
    if last is None:
        return (
            f"{a['unit']}: no report this week (never reported)"
            if lang == "en"
            else f"{a['unit']} 本周未上报（从未上报）"
        )
    if lang == "en":
        return f"{a['unit']}: no report for {a['weeks_since']} week(s) (last report: {week_name(last, 'en')})"
    return f"{a['unit']} 已 {a['weeks_since']} 周未上报（最后上报：{week_name(last)}）"


def coverage(a, lang):
    target = _q(a["target"], a["base_unit"], lang)
    if a["status"] == "over":
        if lang == "en":
            return (
                f"{a['unit']} {a['item_label']} coverage {percent(a['pct'])}, above 100 %: check the target "
                f"(target {target})"
            )
        return f"{a['unit']} {a['item_label']} 覆盖率 {percent(a['pct'])}，超过 100%，请核对目标（目标 {target}）"
    if lang == "en":
        return f"{a['unit']} {a['item_label']} coverage {percent(a['pct'])} (target {target})"
    return f"{a['unit']} {a['item_label']} 覆盖率 {percent(a['pct'])}（目标 {target}）"


def quality(a, lang):
    """Data-quality sentences; a['check'] says which check fired."""
    u, item, unit = a["unit"], a["item_label"], a["base_unit"]
    check = a["check"]
    zh_fig, en_fig = FIGURE_NAMES.get(a.get("figure") or "", ("", ""))
    if check == "negative":
        if lang == "en":
            return f"{u} {item}: {en_fig} is negative ({_q(a['value'], unit, lang)}); please check"
        return f"{u} {item} {zh_fig}为负数（{_q(a['value'], unit, lang)}），请核对"
    if check == "days_out":
        if lang == "en":
            return f"{u} {item}: {quantity(a['value'])} days out of stock in a 7-day week; please check"
        return f"{u} {item} 断货天数 {quantity(a['value'])} 天，超过一周 7 天，请核对"
    if check == "overuse":
        if lang == "en":
            return (
                f"{u} {item}: used {_q(a['value'], unit, lang)}, more than opening {_q(a['available'], unit, lang)}"
                f" plus received {_q(a['received'], unit, lang)}; please check"
            )
        return (
            f"{u} {item} 消耗 {_q(a['value'], unit, lang)}，超过期初 {_q(a['available'], unit, lang)} "
            f"加入库 {_q(a['received'], unit, lang)}，请核对"
        )
    if check == "stock_jump":
        if lang == "en":
            return (
                f"{u} {item}: stock rose from {_q(a['available'], unit, lang)} to {_q(a['value'], unit, lang)}"
                f" but only {_q(a['received'], unit, lang)} came in; please check"
            )
        return (
            f"{u} {item} 库存由 {_q(a['available'], unit, lang)} 增至 {_q(a['value'], unit, lang)}，"
            f"但本周入库仅 {_q(a['received'], unit, lang)}，请核对"
        )
    if check == "use_spike":
        times = ratio(a["value"] / a["median"])
        if lang == "en":
            return (
                f"{u} {item}: used {_q(a['value'], unit, lang)} this week, {times}× its recent median "
                f"{_q(a['median'], unit, lang)}; please check"
            )
        return (
            f"{u} {item} 本周消耗 {_q(a['value'], unit, lang)}，是近期中位数 {_q(a['median'], unit, lang)} 的 "
            f"{times} 倍，请核对"
        )
    if check == "total_mismatch":
        if lang == "en":
            return (
                f"{u} {item}: its own {en_fig} {_q(a['value'], unit, lang)} differs from the sum of its units "
                f"{_q(a['threshold'], unit, lang)}; please check"
            )
        return f"{u} {item} 上报{zh_fig} {_q(a['value'], unit, lang)} 与下级合计 {_q(a['threshold'], unit, lang)} 不符，请核对"
    return coverage(a, lang)
