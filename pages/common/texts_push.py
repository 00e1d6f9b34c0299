"""The settings page's push section (issue 13), Chinese and English; the audit log's push actions are named in
texts_audit.py with the other actions."""

from __future__ import annotations

PUSH_TEXTS: dict[str, tuple[str, str]] = {
    "settings.push": ("工作群推送", "Work-group pushes"),
    "push.help": (
        "周报在截止时间后每周推送一次，新出现或加重的预警（断货、紧缺）各推送一次，未上报的单位在截止前后各提醒一次。"
        "定时发送由服务器上的定时任务完成（见部署说明）。机器人地址和密钥只显示首尾。",
        "The weekly summary goes once a week after the deadline, each new or worse alert (stock-out, critical) "
        "once, and units that have not reported are reminded once before and once after the deadline. The "
        "server's timer sends on schedule (see the deployment notes: epidemic-push.timer). Robot addresses and "
        "secrets show only "
        "their ends.",
    ),
    "push.targets": ("推送目标", "Targets"),
    "push.no_targets": ("还没有推送目标", "No targets yet"),
    "push.col.name": ("名称", "Name"),
    "push.col.kind": ("类型", "Kind"),
    "push.col.unit": ("范围", "Scope"),
    "push.col.url": ("地址", "URL"),
    "push.col.secret": ("密钥", "Secret"),
    "push.col.sent_at": ("时间（UTC）", "Time (UTC)"),
    "push.col.target": ("目标", "Target"),
    "push.col.what": ("内容", "What"),
    "push.col.ok": ("成功", "Delivered"),
    "push.col.attempts": ("尝试次数", "Attempts"),
    "push.col.answer": ("机器人回复", "Robot's answer"),
    "push.whole_district": ("全区县", "Whole district"),
    "push.add": ("新增推送目标", "Add a target"),
    "push.name": ("名称（如 县指挥部群）", "Name (e.g. county command group)"),
    "push.kind": ("机器人类型", "Robot kind"),
    "push.url": ("Webhook 地址", "Webhook URL"),
    "push.secret": (
        "加签密钥（钉钉、飞书开启签名时填写）",
        "Signing secret (DingTalk, Feishu when signing is on)",
    ),
    "push.unit": ("单位编码（空＝全区县）", "Unit code (empty = whole district)"),
    "push.added": ("已新增推送目标 {name}", "Added push target {name}"),
    "push.remove": ("删除推送目标", "Remove a target"),
    "push.remove_button": ("删除", "Remove"),
    "push.removed": ("已删除推送目标 {name}", "Removed push target {name}"),
    "push.test": ("发送测试消息", "Send a test message"),
    "push.test_ok": (
        "测试消息已送达 {name}（尝试 {n} 次）",
        "Test message delivered to {name} ({n} attempts)",
    ),
    "push.test_failed": ("测试消息未送达 {name}：{answer}", "Test message not delivered to {name}: {answer}"),
    "push.log": ("最近的发送", "Recent sends"),
    "push.failures": (
        "有 {n} 条消息发送失败（已重试），见下表",
        "{n} messages failed after their retries: see below",
    ),
    "push.no_log": ("还没有发送记录", "Nothing sent yet"),
    "push.what.summary": ("周报", "Summary"),
    "push.what.alert": ("预警", "Alerts"),
    "push.what.remind_before": ("截止前提醒", "Reminder before the deadline"),
    "push.what.remind_after": ("逾期提醒", "Overdue reminder"),
    "push.what.test": ("测试", "Test"),
}
