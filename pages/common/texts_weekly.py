"""Words of the weekly loop (issue 13): the reporting deadline, on time / late on the reporting page, the
pre-filled sheet and the zero report on the upload page, in Chinese and English."""

from __future__ import annotations

WEEKLY_TEXTS: dict[str, tuple[str, str]] = {
    # Reporting page
    "timely.rate": ("按时上报率（{week}）", "Reported on time ({week})"),
    "timely.rate_help": (
        "截止时间前收到的单位数 ÷ 应报单位数。截止时间：{deadline}。",
        "Units whose report arrived by the deadline ÷ units expected. Deadline: {deadline}.",
    ),
    "timely.late_units": ("迟报 {n} 个单位", "{n} units late"),
    "timely.history": ("单位上报及时情况", "A unit's timeliness, week by week"),
    "timely.pick_unit": ("选择单位", "Unit"),
    "timely.no_weeks": ("该单位还没有应报的周。", "This unit has no week it was expected to report."),
    "col.timely_status": ("情况", "Status"),
    "col.how_late": ("迟了多久", "How late"),
    "col.due": ("截止时间", "Deadline"),
    "col.arrived": ("收到时间", "Arrived"),
    # Settings page: the deadline
    "settings.deadlines": ("上报截止时间", "Reporting deadline"),
    "deadline.help": (
        "某周的数据应在下一周的这一天、这一时刻前上报（周日的期末库存要到周一才知道）。可为某一层级另设截止时间，"
        "覆盖默认值。时间按本地时间。",
        "A week's figures are due by this day and time of the following week (Sunday's closing stock is known "
        "only on Monday). A level may have its own deadline, which overrides the default. Local time.",
    ),
    "deadline.current": ("现行：{lines}", "In force: {lines}"),
    "deadline.level": ("适用于", "Applies to"),
    "deadline.default": ("默认（所有层级）", "Default (every level)"),
    "deadline.weekday": ("下一周的星期几", "Weekday of the following week"),
    "deadline.time": ("时刻", "Time"),
    "deadline.save": ("保存截止时间", "Save the deadline"),
    "deadline.saved": ("已保存：{who} {when}。", "Saved: {who} {when}."),
    "deadline.clear": ("删除该层级的截止时间（改用默认）", "Remove this level's deadline (use the default)"),
    "deadline.cleared": ("已删除 {who} 的截止时间，改用默认。", "{who} now follows the default deadline."),
    "deadline.when": ("下一周{weekday} {time}", "{weekday} {time} of the following week"),
    "weekday.1": ("周一", "Monday"),
    "weekday.2": ("周二", "Tuesday"),
    "weekday.3": ("周三", "Wednesday"),
    "weekday.4": ("周四", "Thursday"),
    "weekday.5": ("周五", "Friday"),
    "weekday.6": ("周六", "Saturday"),
    "weekday.7": ("周日", "Sunday"),
    "audit.target.deadlines": ("上报截止时间", "reporting deadline"),
    "audit.detail.weekday": ("星期", "weekday"),
    "audit.detail.time": ("时刻", "time"),
    "audit.detail.removed": ("已删除", "removed"),
    # Upload page: the pre-filled sheet and the zero report
    "weekly.title": ("预填表与零报告", "Pre-filled sheet and zero report"),
    "weekly.help": (
        "选择单位和周：下载已填好上周期末库存的表，只改有变化的数字；本周没有变化，可直接报零报告。",
        "Choose a unit and week: download the sheet with last week's closing stock filled in and change only "
        "what changed; if nothing changed this week, send a zero report.",
    ),
    "weekly.unit": ("单位", "Unit"),
    "weekly.week": ("周", "Week"),
    "picker.cut": (
        "单位太多，这里只列出侧栏所选单位及其下几级；要选更下一级的单位，请先在侧栏选中它的上级单位。",
        "Too many units to list them all: this lists the unit chosen in the sidebar and the levels below it "
        "that fit; to pick a unit further down, first choose its parent in the sidebar.",
    ),
    "weekly.prefilled": ("下载预填表", "Download the pre-filled sheet"),
    "weekly.prefilled_help": (
        "该单位及其下级、近几周上报过的物资；期初库存、期末库存已按上周期末填好。",
        "The unit and those under it, the items they reported lately; opening and closing stock already set "
        "to last week's closing.",
    ),
    "weekly.zero_title": ("零报告：本周没有变化", "Zero report: nothing changed this week"),
    "weekly.zero_stock": ("库存沿用上周（入库、消耗为 0）", "Stock as last week (received and used 0)"),
    "weekly.zero_publicity": ("本周没有宣传（宣传为 0）", "No publicity this week (0)"),
    "weekly.zero": ("报零报告", "Send the zero report"),
    "weekly.zero_done": (
        "已保存 {unit} {week} 的零报告（第 {id} 次上传，{rows} 行），可在下方撤销。",
        "Zero report of {unit} for {week} saved (upload #{id}, {rows} rows); it can be undone below.",
    ),
}
