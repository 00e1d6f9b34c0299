"""Every word of a brief, Chinese (default) and English: bt("key", lang, **values).

The level and tile words are the pages' own (metrics/labels.py), so a brief says "紧缺" where the screen does.
"""

from __future__ import annotations

from datetime import datetime

from metrics.labels import FIGURE_LABELS

BRIEF_TEXTS: dict[str, tuple[str, str]] = {
    **FIGURE_LABELS,
    "brief.title": ("{unit}防疫物资与宣传简报", "{unit}: epidemic supplies and publicity brief"),
    "brief.made_at": ("制作时间：{time}", "Made: {time}"),
    "brief.data_as_of": (
        "数据截至：{time}（最近一次导入的报表）",
        "Data as of: {time} (the latest imported report)",
    ),
    "brief.no_data_time": ("数据截至：无导入记录", "Data as of: no import on record"),
    "brief.footer": ("防疫物资与宣传看板", "Epidemic supplies & publicity dashboard"),
    "section.headline": ("主要数字", "Headline figures"),
    "section.alerts": ("预警（最紧急的在前）", "Alerts (most urgent first)"),
    "section.days": (
        "可用天数：{item}（按下级单位，少的在前）",
        "Days of supply: {item} (by sub-unit, fewest first)",
    ),
    "section.trend": ("主要物资库存与消耗（近{n}周）", "Stock and use of the main items (last {n} weeks)"),
    "section.trend_item": ("{item}：库存与消耗（近{n}周）", "{item}: stock and use (last {n} weeks)"),
    "section.coverage": (
        "宣传覆盖率：{material}（按下级单位）",
        "Publicity coverage: {material} (by sub-unit)",
    ),
    "section.reporting": ("上报情况", "Reporting"),
    "section.transfers": ("调拨建议", "Transfer suggestions"),
    "section.note": ("数据说明", "About the data"),
    "col.severity": ("级别", "Severity"),
    "col.message": ("预警内容", "Alert"),
    "col.unit": ("单位", "Unit"),
    "col.item": ("物资", "Item"),
    "col.days": ("可用天数（天）", "Days of supply"),
    "chart.fewest_days_of": (
        "　·　图中只列出可用天数最少的 {shown} 个单位（共 {total} 个）",
        " · the {shown} units with the fewest days ({total} in all)",
    ),
    "chart.lowest_coverage_of": (
        "　·　图中只列出覆盖率最低的 {shown} 个单位（共 {total} 个）",
        " · the {shown} units with the lowest coverage ({total} in all)",
    ),
    "col.status": ("状态", "Status"),
    "col.on_hand": ("库存", "On hand"),
    "col.daily_use": ("日均消耗", "Daily use"),
    "col.base_unit": ("计量单位", "Counted in"),
    "col.week": ("周", "Week"),
    "col.used": ("本周消耗", "Used this week"),
    "col.material": ("宣传品", "Material"),
    "col.cumulative": ("累计", "To date"),
    "col.target": ("目标", "Target"),
    "col.coverage": ("覆盖率（%）", "Coverage (%)"),
    "col.from_unit": ("调出单位", "From"),
    "col.to_unit": ("调入单位", "To"),
    "col.quantity": ("数量", "Quantity"),
    "col.from_days_after": ("调出后可用天数", "Days left at source"),
    "col.to_days_after": ("调入后可用天数", "Days at destination"),
    "col.last_report": ("最后上报", "Last reported"),
    "col.weeks_since": ("未报周数", "Weeks silent"),
    "col.days_since": ("距最后上报天数", "Days since last report"),
    "col.file": ("文件", "File"),
    "col.uploaded_by": ("上传人", "Uploaded by"),
    "col.uploaded_at": ("上传时间", "Uploaded at"),
    "col.stock_rows": ("物资行数", "Stock rows"),
    "col.publicity_rows": ("宣传行数", "Publicity rows"),
    "col.figure": ("指标", "Figure"),
    "col.value": ("数值", "Value"),
    "col.note": ("说明", "Note"),
    "severity.critical": ("紧急", "Critical"),
    "severity.warning": ("警告", "Warning"),
    "severity.info": ("提示", "Info"),
    "line.critical": ("紧缺线 {days} 天", "Critical below {days} d"),
    "line.low": ("偏低线 {days} 天", "Low below {days} d"),
    "chart.on_hand": ("库存", "On hand"),
    "chart.used": ("消耗", "Used"),
    "chart.days_unknown": ("（天数未知）", "(days unknown)"),
    "chart.days_unknown_units": ("天数未知（图中未画）：{units}", "Days unknown (not drawn): {units}"),
    "chart.no_target_units": ("无目标（图中未画）：{units}", "No target (not drawn): {units}"),
    "chart.more_units": (
        "图中只列出最靠前的 {shown} 个单位，另有 {n} 个见 Excel 版。",
        "The chart shows the first {shown} units; {n} more are in the Excel brief.",
    ),
    "list.units_sep": ("、", ", "),
    "slide.part": ("{title}（{part}/{parts}）", "{title} ({part}/{parts})"),
    "alerts.none": ("本周没有预警。", "No alerts this week."),
    "alerts.more": (
        "另有 {n} 条预警，见 Excel 版或看板「预警」页。",
        "{n} more alerts: see the Excel brief or the Alerts page.",
    ),
    "reporting.line": (
        "本周应报 {expected} 个单位，已报 {reported} 个，上报率 {rate}。",
        "{reported} of {expected} units reported this week ({rate}).",
    ),
    "reporting.missing": (
        "未上报：{unit}（最后上报：{week}，已 {weeks} 周未报）",
        "Not reported: {unit} (last: {week}, {weeks} weeks ago)",
    ),
    "reporting.never": ("未上报：{unit}（从未上报）", "Not reported: {unit} (never)"),
    "reporting.all": ("全部单位已上报。", "Every unit has reported."),
    "reporting.more": (
        "另有 {n} 个单位未上报，见 Excel 版或看板「上报」页。",
        "{n} more units have not reported: see the Excel brief or the Reporting page.",
    ),
    "transfers.none": ("本周没有调拨建议。", "No transfer suggested this week."),
    "transfers.more": (
        "另有 {n} 条调拨建议，见 Excel 版或看板「物资」页。",
        "{n} more suggestions: see the Excel brief or the Supplies page.",
    ),
    "transfers.line": (
        "{item}：从{from_unit}调 {quantity} 到{to_unit}（调后 {from_days} 天 / {to_days} 天）",
        "{item}: {quantity} from {from_unit} to {to_unit} (then {from_days} d / {to_days} d)",
    ),
    "note.uploads": (
        "本简报依据以下导入的报表（最近的在前）：",
        "This brief rests on these imported reports (newest first):",
    ),
    "note.thresholds": (
        "可用天数 = 库存 ÷ 近两周日均消耗；紧缺、偏低的天数线和覆盖率分档是本地政策设置（看板「设置」页），不是国家标准。",
        "Days of supply = stock ÷ daily use over the last two weeks; the critical and low lines and the coverage "
        "bands are local policy (the dashboard's Settings page), not a national standard.",
    ),
    "note.same_as_screen": (
        "本简报的数字与看板同一单位、同一周的页面一致。",
        "The figures are those the dashboard shows for the same unit and week.",
    ),
    "note.charts_left_out": (
        "本机没有可用的浏览器（chromium），以下图表未画出，只列出数据表：{charts}",
        "No browser (chromium) on this server: these charts were left out, their tables are shown: {charts}",
    ),
    # Excel sheet names (at most 31 characters) and the titles not shared with a chart
    "sheet.headline": ("主要数字", "Headline"),
    "sheet.alerts": ("预警", "Alerts"),
    "sheet.days": ("可用天数-{item}", "Days-{item}"),
    "sheet.trend": ("库存走势", "Stock trend"),
    "sheet.coverage": ("宣传覆盖率", "Coverage"),
    "sheet.coverage_title": ("宣传覆盖率（按下级单位）", "Publicity coverage (by sub-unit)"),
    "sheet.reporting": ("上报情况", "Reporting"),
    "sheet.transfers": ("调拨建议", "Transfers"),
    "sheet.note": ("数据说明", "About the data"),
    "col.in_unit": ("{header}（{unit}）", "{header} ({unit})"),
    "zip.index": ("各下级单位简报", "Briefs by sub-unit"),
    # The PDF's own words: page numbers, a list of chart titles, the trend table's headings.
    "pdf.page": ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"),
    "pdf.list_sep": ("；", "; "),
    "pdf.trend_on_hand": ("{item}库存", "{item} on hand"),
    "pdf.trend_used": ("{item}消耗", "{item} used"),
}


def bt(key: str, lang: str = "zh", **values) -> str:
    zh, en = BRIEF_TEXTS[key]
    return (en if lang == "en" else zh).format(**values)


def when(moment: datetime | None, lang: str = "zh") -> str:
    """2026年11月27日 15:53 / 27 Nov 2026 15:53."""
    if moment is None:
        return "—"
    if lang == "en":
        return f"{moment:%d %b %Y %H:%M}"
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
