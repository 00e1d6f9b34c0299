"""Labels of the settings page, in Chinese (default) and English: its tabs, the unit and item editors and
their columns (field.*), the alert levels by unit level, and the check of coverage targets above 100 %.

One page's words, kept apart from texts.py so that file can be read at a sitting; texts.py merges them into
TEXTS. The same page's file limits and pushes came with their own issues: texts_safety.py, texts_push.py.
"""

from __future__ import annotations

SETTINGS_TEXTS: dict[str, tuple[str, str]] = {
    "settings.title": ("设置", "Settings"),
    "settings.units": ("单位", "Units"),
    "settings.items": ("物资与宣传品", "Items and materials"),
    "settings.thresholds": ("预警线（按层级）", "Alert levels by unit level"),
    "settings.import_units": ("导入单位名单", "Import a unit list"),
    "settings.imported_units": ("已导入 {n} 个单位。", "{n} units imported."),
    "settings.save": ("保存修改", "Save changes"),
    "settings.saved": ("已保存 {n} 处修改。", "{n} changes saved."),
    "settings.no_changes": ("没有修改。", "Nothing changed."),
    "settings.bad_value": (
        "第 {row} 行「{column}」：{value} 不是有效的数字。",
        "Row {row}, {column}: {value} is not a number.",
    ),
    "settings.policy": (
        "默认预警线（紧缺 < 7 天，偏低 < 14 天）是本地政策，不是官方标准：美国疾病控制与预防中心指出没有公认的测量或触发标准。请按本地情况调整。",
        "The default alert levels (critical < 7 days, low < 14 days) are local policy, not an official standard: "
        "CDC says there are no commonly accepted measurements or triggers. Adjust them to local practice.",
    ),
    "settings.threshold_level": ("层级", "Level"),
    "settings.threshold_item": ("物资", "Item"),
    "settings.critical_days": ("紧缺线（天）", "Critical below (days)"),
    "settings.low_days": ("偏低线（天）", "Low below (days)"),
    "settings.set_threshold": ("保存该层级的预警线", "Save the level's alert levels"),
    "settings.threshold_saved": ("已保存。", "Saved."),
    "settings.threshold_invalid": (
        "紧缺线须小于等于偏低线，且都不小于 0。",
        "Critical must be ≤ low, both ≥ 0.",
    ),
    "settings.loaders_missing": ("单位名单导入暂不可用。", "Unit list import is not available yet."),
    "field.code": ("编码", "Code"),
    "field.name": ("名称", "Name"),
    "field.parent_code": ("上级编码", "Parent"),
    "field.level": ("层级", "Level"),
    "field.population": ("人口", "Population"),
    "field.households": ("户数", "Households"),
    "field.staff": ("在岗人员", "Staff on duty"),
    "field.sub_units": ("下辖单位数", "Sub-units"),
    "field.checkpoints": ("卡口数", "Checkpoints"),
    "field.classes": ("班级数", "Classes"),
    "field.sites": ("消杀点位", "Sites to disinfect"),
    "field.active": ("启用", "Active"),
    "field.name_zh": ("中文名", "Chinese name"),
    "field.name_en": ("英文名", "English name"),
    "field.category": ("类别", "Category"),
    "field.base_unit": ("计量单位", "Unit"),
    "field.synonyms": ("别名（用、分隔）", "Synonyms (separated by 、)"),
    "field.pack_sizes": ("包装换算（如 盒=50、箱=2000）", "Packs (e.g. 盒=50、箱=2000)"),
    "field.durable": ("耐用品", "Durable"),
    "field.critical_days": ("紧缺线（天）", "Critical (days)"),
    "field.low_days": ("偏低线（天）", "Low (days)"),
    "field.plan_rate": ("计划用量/人/天", "Plan rate per day"),
    "field.plan_driver": ("计划依据", "Plan driver"),
    "field.target_rate": ("宣传目标系数", "Target rate"),
    "field.target_driver": ("目标依据", "Target driver"),
    "settings.over_target": (
        "以下覆盖率超过 100%，多半是目标设错了（户数、村居数或每户份数），请在下表的「目标比例」或单位的户数、"
        "下级数中核对：",
        "These coverages are above 100 %, most often a wrong target (households, villages or the rate per "
        "household): check the target rate below or the units' households and sub-units:",
    ),
    "settings.over_target_more": (
        "另有 {n} 处超过 100% 未逐条列出（共 {total} 处），可在「宣传」页逐级查看并下载覆盖率表。",
        "{n} more above 100 % are not listed ({total} in all): see the Publicity page, level by level, and its "
        "download.",
    ),
    "settings.over_target_line": (
        "{unit} · {material}：{pct}（已覆盖 {reached}，目标 {target}）",
        "{unit} · {material}: {pct} (reached {reached}, target {target})",
    ),
}
