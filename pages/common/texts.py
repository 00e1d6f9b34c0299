"""Every label the pages show, in Chinese (default) and English: t("key", lang, **values)."""

from __future__ import annotations

from metrics.labels import FIGURE_LABELS
from pages.common.meeting_texts import MEETING_TEXTS
from pages.common.texts_access import ACCESS_TEXTS
from pages.common.texts_audit import AUDIT_TEXTS
from pages.common.texts_push import PUSH_TEXTS
from pages.common.texts_safety import SAFETY_TEXTS
from pages.common.texts_settings import SETTINGS_TEXTS
from pages.common.texts_upload import UPLOAD_TEXTS
from pages.common.texts_weekly import WEEKLY_TEXTS

LANGS = {"zh": "中文", "en": "English"}

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("防疫物资与宣传看板", "Epidemic supplies & publicity"),
    "page.overview": ("总览", "Overview"),
    "page.supplies": ("物资", "Supplies"),
    "page.publicity": ("宣传", "Publicity"),
    "page.alerts": ("预警", "Alerts"),
    "page.reporting": ("上报", "Reporting"),
    "page.upload": ("上传", "Upload"),
    "page.settings": ("设置", "Settings"),
    "page.meeting": ("会议", "Meeting"),
    "access.denied": (
        "您的账号无权打开本页。请从左侧菜单选择其他页面，或联系管理员。",
        "Your account may not open this page. Choose another page from the menu, or ask an administrator.",
    ),
    # Sidebar
    "sidebar.language": ("语言 Language", "Language 语言"),
    "sidebar.unit": ("单位", "Unit"),
    "sidebar.sub_unit": ("下级单位", "Sub-unit"),
    "sidebar.whole_unit": ("（{unit}全部）", "(all of {unit})"),
    "sidebar.week": ("周", "Week"),
    "sidebar.no_weeks": ("还没有任何一周的数据", "No week has data yet"),
    "demo.note": (
        "当前显示的是示例数据（东河县），不是真实上报。可在左侧栏清除示例数据。",
        "This is demo data (东河县), not real reports. Clear it from the sidebar.",
    ),
    "demo.sidebar": ("示例数据已载入", "Demo data loaded"),
    "demo.clear": ("清除示例数据", "Clear demo data"),
    "demo.load": ("载入示例数据", "Load demo data"),
    "empty.no_data": (
        "还没有数据：请在「上传」页上传本周报表，或载入示例数据。",
        "No data yet: upload this week's report on the Upload page, or load the demo data.",
    ),
    "empty.nothing_here": (
        "{unit} 在 {week} 没有可显示的数据。请换一个单位或一周，或在「上传」页上传报表。",
        "Nothing to show for {unit} in {week}. Pick another unit or week, or upload a report.",
    ),
    "go.upload": ("去上传", "Go to upload"),
    # Levels of stock and coverage, the headline tiles: metrics/labels.py (shared with the briefs)
    **FIGURE_LABELS,
    # Overview
    "overview.title": ("总览：{unit}", "Overview: {unit}"),
    "tile.units_help": (
        "按各单位自己上报的数字（村居、学校，也包括自报的镇街）计：最差一种物资处于该状态的单位数；"
        "只由下级汇总的单位不重复计，未上报的单位见「上报」页",
        "Units counted by their own reported figures (villages, schools, and towns that report for themselves), "
        "each under its worst item; units whose figures only add up those below are not counted again; units "
        "that did not report are on the Reporting page",
    ),
    "overview.alerts": ("主要预警", "Top alerts"),
    "overview.no_alerts": ("本周没有预警。", "No alerts this week."),
    "overview.more_alerts": ("共 {n} 条预警，见「预警」页", "{n} alerts in all: see the Alerts page"),
    "overview.heatmap": ("可用天数（单位 × 物资）", "Days of supply (unit × item)"),
    "overview.heatmap_most_urgent": (
        "下属单位共 {total} 个，这里只列出最需关注的 {shown} 个：先列断货、紧张、偏低和情况不明的，再按可用天数从少到多",
        "{shown} of {total} units below, those needing attention first: out of stock, critical, low and "
        "unknown, then by fewest days of supply",
    ),
    "overview.heatmap_all": ("全部单位见「物资」页", "Every unit: see the Supplies page"),
    "overview.trend": ("库存趋势（近{n}周）", "Stock trend (last {n} weeks)"),
    "chart.item": ("物资", "Item"),
    "chart.unit": ("单位", "Unit"),
    "chart.days": ("可用天数", "Days of supply"),
    "chart.on_hand": ("库存", "On hand"),
    "chart.used": ("本周消耗", "Used this week"),
    "chart.received": ("本周入库", "Received this week"),
    "chart.week": ("周", "Week"),
    "chart.status": ("状态", "Status"),
    "chart.basis_plan": ("按计划用量估算", "estimated from plan"),
    "chart.durable": ("耐用品，按数量判断", "durable, judged by count"),
    "chart.children": ("下属：断货 {s}，紧缺 {c}，偏低 {l}", "Below: {s} out, {c} critical, {l} low"),
    "chart.threshold": ("{days} 天", "{days} days"),
    "chart.coverage": ("覆盖率 %", "Coverage %"),
    "chart.cumulative": ("累计", "To date"),
    "chart.target": ("目标", "Target"),
    "chart.weekly": ("本周", "This week"),
    "chart.rate": ("上报率 %", "Reporting rate %"),
    "table.show": ("查看图表数据", "Show the data behind the chart"),
    "download.csv": ("下载 CSV", "Download CSV"),
    "download.xlsx": ("下载 Excel", "Download Excel"),
    # Supplies
    "supplies.title": ("物资：{unit}", "Supplies: {unit}"),
    "supplies.item": ("物资", "Item"),
    "supplies.ranked": ("可用天数排名（{item}）", "Days of supply, ranked ({item})"),
    "supplies.ranked_note": (
        "虚线为预警线：7 天以下紧缺，14 天以下偏低（本地默认值，可在「设置」页修改）。",
        "Dashed lines: below 7 days critical, below 14 low (local defaults, editable in Settings).",
    ),
    "supplies.durable_note": (
        "{item} 是耐用品：按在库数量与应配数量比较，不计算可用天数。",
        "{item} is durable: judged by the count held against the count required, not by days.",
    ),
    "supplies.trend": (
        "库存与消耗（{unit}，{item}，近{n}周）",
        "Stock and use ({unit}, {item}, last {n} weeks)",
    ),
    "supplies.table": ("状态、断货日期与补货量", "Status, run-out dates and reorder quantities"),
    "supplies.transfers": ("调拨建议", "Transfer suggestions"),
    "supplies.no_transfers": (
        "没有可行的调拨：没有单位既有富余又有单位紧缺。",
        "No transfer possible: no unit has a surplus while another is short.",
    ),
    "col.unit": ("单位", "Unit"),
    "col.level": ("层级", "Level"),
    "col.item": ("物资", "Item"),
    "col.on_hand": ("库存", "On hand"),
    "col.received": ("本周入库", "Received"),
    "col.used": ("本周消耗", "Used"),
    "col.daily_use": ("日均消耗", "Daily use"),
    "col.days": ("可用天数", "Days of supply"),
    "col.basis": ("依据", "Basis"),
    "col.status": ("状态", "Status"),
    "col.runout": ("预计断货日期", "Run-out date"),
    "col.reorder": ("补足14天需补货", "Reorder for 14 days"),
    "col.children_short": ("下属断货/紧缺/偏低", "Below: out/critical/low"),
    "col.outside": ("另有（消耗未知，未计入天数）", "Beside (use unknown, not in the days)"),
    "col.figures_from": ("数字来自", "Figures from"),
    "figures.this_week": ("本周上报", "this week's report"),
    "figures.carried": ("沿用 {n} 周前上报", "carried from {n} week(s) ago"),
    "figures.rolled": ("下级汇总", "units below"),
    "figures.dropped": (
        "（{n} 个单位超过 {k} 周未报，未计入）",
        " ({n} unit(s) silent for over {k} weeks, not counted)",
    ),
    "filter.all": ("全部（不筛选）", "All (no filter)"),
    "filter.choose": ("请选择", "Choose"),
    "col.reached_outside": ("另有（无目标单位）", "Beside (units without a target)"),
    "chart.children_short": ("下属{n}个断货或紧缺", "{n} below out or critical"),
    "col.from": ("调出单位", "From"),
    "col.to": ("调入单位", "To"),
    "col.quantity": ("数量", "Quantity"),
    "col.from_after": ("调出后可用天数", "From: days after"),
    "col.to_after": ("调入后可用天数", "To: days after"),
    "col.material": ("宣传品", "Material"),
    "col.week_quantity": ("本周", "This week"),
    "col.cumulative": ("累计", "To date"),
    "col.target": ("目标", "Target"),
    "col.coverage": ("覆盖率 %", "Coverage %"),
    "col.reached": ("已覆盖下级", "Sub-units reached"),
    "col.sub_total": ("下级总数", "Sub-units"),
    "col.kind": ("类型", "Kind"),
    "col.severity": ("级别", "Severity"),
    "col.message": ("说明", "Message"),
    "col.value": ("数值", "Value"),
    "col.threshold": ("阈值", "Threshold"),
    "col.week": ("周", "Week"),
    "col.last_report": ("最后上报周", "Last report"),
    "col.days_since": ("未报天数", "Days since"),
    "col.expected": ("应报", "Expected"),
    "col.reported": ("已报", "Reported"),
    "col.rate": ("上报率 %", "Rate %"),
    "basis.use": ("按实际消耗", "from use"),
    "basis.plan": ("按计划估算", "from plan"),
    # Publicity
    "publicity.title": ("宣传：{unit}", "Publicity: {unit}"),
    "publicity.material": ("宣传品", "Material"),
    "publicity.by_child": ("{material}：各单位累计完成与目标", "{material}: to date by unit against target"),
    "chart.most_urgent_of": (
        "图中只列出最需关注的 {shown} 个下属单位（共 {total} 个）",
        "The {shown} units below needing attention first ({total} in all)",
    ),
    "chart.lowest_coverage_of": (
        "图中只列出覆盖率最低的 {shown} 个下属单位（共 {total} 个）",
        "The {shown} units below with the lowest coverage ({total} in all)",
    ),
    "supplies.most_urgent_shown": (
        "下属单位共 {total} 个，图中只列出最需关注的 {shown} 个；全部单位见下表",
        "{shown} of {total} units below, those needing attention first; the table below lists every unit",
    ),
    "publicity.lowest_shown": (
        "有目标的下属单位共 {total} 个，图中只列出覆盖率最低的 {shown} 个；全部单位见下表",
        "{shown} of {total} units with a target, the lowest coverage; the table below lists every unit",
    ),
    "publicity.trend": (
        "{material}：每周数量与累计覆盖率",
        "{material}: weekly quantity and coverage to date",
    ),
    "publicity.not_reached": ("尚未覆盖的下级单位", "Sub-units not yet reached"),
    "publicity.all_reached": ("所有下级单位均已覆盖。", "Every sub-unit has been reached."),
    "publicity.over": (
        "以下单位超过 100%，目标可能有误，请核对：{units}",
        "Above 100 %, the target may be wrong: {units}",
    ),
    "publicity.levels": (
        "覆盖率 = 累计完成 ÷ 目标（合计后相除，不平均百分比）。红 < 80%，黄 80–89%，绿 ≥ 90%。",
        "Coverage = to date ÷ target (pooled, never an average of percentages). Red < 80 %, amber 80–89 %, green ≥ 90 %.",
    ),
    "publicity.no_data": ("{unit} 还没有宣传数据。", "{unit} has no publicity figures yet."),
    # Alerts
    "alerts.title": ("预警：{unit}", "Alerts: {unit}"),
    "alerts.count": ("共 {n} 条，显示 {shown} 条", "{n} alerts, {shown} shown"),
    "alerts.most_urgent": (
        "这里显示最紧急的前 {shown} 条（共 {n} 条）；其余请用上面的筛选查看，或下载全部。",
        "The {shown} most urgent of {n} alerts are listed here; filter above for the others, or download them all.",
    ),
    "alerts.kind": ("类型", "Kind"),
    "alerts.severity": ("级别", "Severity"),
    "alerts.unit": ("单位", "Unit"),
    "alerts.item": ("物资/宣传品", "Item / material"),
    "alerts.none": ("没有预警。", "No alerts."),
    "alerts.policy": (
        "预警线是本地默认值（断货=库存为0；紧缺<7天；偏低<14天），不是官方标准：美国疾病控制与预防中心指出没有公认的触发标准。可在「设置」页按物资和层级修改。",
        "Alert levels are local defaults (stock-out = 0; critical < 7 days; low < 14 days), not an official standard: "
        "CDC says there are no commonly accepted triggers. Change them per item and level in Settings.",
    ),
    # Reporting
    "reporting.title": ("上报：{unit}", "Reporting: {unit}"),
    "reporting.rate": ("上报率（{week}）", "Reporting rate ({week})"),
    "reporting.by_week": ("各周上报率", "Reporting rate by week"),
    "reporting.missing": ("本周未上报的单位", "Units that have not reported this week"),
    "reporting.all_in": ("所有单位均已上报。", "Every unit has reported."),
    "reporting.never": ("从未上报", "never"),
    "reporting.zero_note": (
        "没有数据的单位也要报「零报告」：未上报不等于没有消耗。",
        "A unit with nothing to report still reports zero: silence is not zero use.",
    ),
    # Upload
    "upload.title": ("上传报表", "Upload reports"),
    "upload.template": ("下载填报模板", "Download the template"),
    "upload.template_help": (
        "模板按本系统的单位和物资生成，也可以直接上传您原有的统计表。",
        "The template lists your units and items; your own statistics sheets are accepted too.",
    ),
    "upload.template_missing": ("填报模板暂不可用。", "The template is not available yet."),
    "upload.files": (
        "报表文件（可多选）",
        "Report files (several at once)",
    ),
    "upload.week": ("指定周（文件中没有写明时使用）", "Week (when the file does not say)"),
    "upload.week_auto": ("按文件中的周", "As written in the file"),
    "upload.add_units": ("自动创建未知单位", "Create unknown units"),
    "upload.checking": ("正在检查 {file}（{i}/{n}）…", "Checking {file} ({i}/{n})…"),
    "upload.preview": ("预览：{file}", "Preview: {file}"),
    "upload.summary": (
        "{rows} 行，周：{weeks}，单位：{units} 个",
        "{rows} rows, weeks: {weeks}, units: {units}",
    ),
    "upload.ok": ("检查通过，可以导入。", "Checked: ready to import."),
    "upload.rejected": (
        "有 {n} 个错误，此文件不能导入（不会保存任何内容）。请按下表修改后重新上传。",
        "{n} errors: this file cannot be imported (nothing is stored). Fix them as listed and upload again.",
    ),
    "upload.warnings": ("{n} 条提示（不影响导入）", "{n} warnings (import still possible)"),
    "upload.problems": ("问题清单", "Problems"),
    "upload.marked": (
        "有问题的行（标红为错误，标黄为提示）",
        "Rows with problems (red: error, amber: warning)",
    ),
    "upload.stock_rows": ("将保存的物资数据", "Stock figures to be stored"),
    "upload.publicity_rows": ("将保存的宣传数据", "Publicity figures to be stored"),
    "upload.confirm": ("确认导入", "Import"),
    "upload.cancel": ("取消", "Cancel"),
    "upload.cancelled": ("已取消，没有保存任何内容。", "Cancelled: nothing was stored."),
    "upload.imported": (
        "已导入 {file}：{rows} 行（第 {id} 次上传）。",
        "Imported {file}: {rows} rows (upload #{id}).",
    ),
    "upload.failed": ("{file} 未导入：", "{file} was not imported:"),
    "upload.history": ("上传记录", "Upload history"),
    "upload.no_history": ("还没有上传记录。", "No uploads yet."),
    "upload.undo": ("撤销上传", "Undo upload"),
    "upload.undo_pick": ("选择要撤销的上传", "Upload to undo"),
    "upload.undone": (
        "已撤销第 {id} 次上传，恢复了它替换的数据（{rows} 行）。",
        "Upload #{id} undone ({rows} rows).",
    ),
    "col.id": ("编号", "#"),
    "col.file": ("文件", "File"),
    "col.by": ("上传人", "By"),
    "col.at": ("时间", "When"),
    "col.rows": ("行数", "Rows"),
    "col.upload_status": ("状态", "Status"),
    "col.weeks": ("周", "Weeks"),
    "col.sheet": ("工作表", "Sheet"),
    "col.row": ("行", "Row"),
    "col.column": ("列", "Column"),
    "upload.status.imported": ("已导入", "imported"),
    "upload.status.rejected": ("已拒绝", "rejected"),
    "upload.status.undone": ("已撤销", "undone"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("提示", "warning"),
    # The settings page, its editors' columns and the over-target check: texts_settings.py
    **SETTINGS_TEXTS,
    # Meeting
    # Meeting briefs (pages/common/brief_view.py)
    "brief.heading": ("会议简报", "Meeting brief"),
    "brief.format": ("格式", "Format"),
    "brief.format.pptx": ("PPT", "PowerPoint"),
    "brief.format.pdf": ("PDF", "PDF"),
    "brief.format.xlsx": ("Excel", "Excel"),
    "brief.each_child": ("每个下级单位一份（压缩包）", "One per sub-unit (zip)"),
    "brief.download": ("下载{fmt}简报", "Download the {fmt} brief"),
    "brief.download_zip": ("下载各下级单位简报（压缩包）", "Download the sub-units' briefs (zip)"),
    "brief.caption": (
        "本单位、本周的数字，与页面一致；点击后生成，稍候几秒。",
        "This unit and week, the same figures as the pages; made when you click, in a few seconds.",
    ),
    "meeting.title": ("{unit} · {week}", "{unit} · {week}"),
    "meeting.screen": ("画面", "Screen"),
    "meeting.screen.alerts": ("预警", "Alerts"),
    "meeting.screen.days": ("可用天数", "Days of supply"),
    "meeting.screen.trend": ("口罩库存趋势（近{n}周）", "Mask stock trend (last {n} weeks)"),
    "meeting.screen.publicity": ("宣传覆盖", "Publicity coverage"),
    "meeting.screen.reporting": ("上报情况", "Reporting"),
    "meeting.refresh": ("每 60 秒自动刷新", "Refresh every 60 s"),
    "meeting.hint": (
        "提示：按 F11 全屏，收起左侧栏。",
        "Tip: press F11 for full screen and collapse the sidebar.",
    ),
    # Meeting mode for a projector (issue 12): meeting_texts.py
    **MEETING_TEXTS,
    # Accounts, sign-in, view links, and the accounts page: texts_access.py
    **ACCESS_TEXTS,
    # File limits, the demo switch (issue 11): texts_safety.py
    **SAFETY_TEXTS,
    # Answering once what a sheet cannot tell, the readable preview (issue 9): texts_upload.py
    **UPLOAD_TEXTS,
    # Deadlines, timeliness, the pre-filled sheet and the zero report (issue 13): texts_weekly.py
    **WEEKLY_TEXTS,
    # The audit log in words (issue 12): texts_audit.py
    **AUDIT_TEXTS,
    # Pushes to work groups (issue 13): texts_push.py
    **PUSH_TEXTS,
    "category.supply": ("防疫物资", "Supplies"),
    "category.publicity": ("宣传品", "Publicity"),
}


def t(key: str, lang: str = "zh", **values) -> str:
    """The label for `key` in `lang`; a missing key shows itself rather than failing the page."""
    pair = TEXTS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
