"""Labels for answering once what a sheet cannot tell (issue 9) and for the readable preview, in Chinese and
English."""

from __future__ import annotations

UPLOAD_TEXTS: dict[str, tuple[str, str]] = {
    "answers.title": ("需要您回答一次的问题", "Questions to answer once"),
    "answers.help": (
        "表中有物资目录里没有的名称，或不知道大小的包装。回答一次即保存，以后同样的表直接导入；保存后重新检查。",
        "The sheet has names the catalogue does not know, or packs of unknown size. Answer once and it is saved, "
        "so the same sheet imports directly next time; the files are checked again after saving.",
    ),
    "answers.name": ("“{name}”（{where}，按{unit}计）", "“{name}” ({where}, counted in {unit})"),
    "answers.no_unit": ("未写单位", "no unit written"),
    "answers.later": ("暂不处理（这些行跳过）", "Decide later (rows skipped)"),
    "answers.map": ("是「{item}」", "Is {item}"),
    "answers.new": ("新增为物资（按{unit}计）", "Add as a new item (counted in {unit})"),
    "answers.ignore": ("忽略，以后不再统计", "Ignore for good"),
    "answers.pack": ("1 {pack}「{item}」= 多少{base}？", "1 {pack} of {item} = how many {base}?"),
    "answers.save": ("保存回答并重新检查", "Save the answers and check again"),
    "answers.saved": ("已保存 {n} 个回答，已重新检查。", "{n} answers saved; the files were checked again."),
    "answers.none": ("没有选择任何回答。", "No answer was chosen."),
    "answers.failed": ("未保存：{reason}", "Not saved: {reason}"),
    "severity.info": ("说明", "info"),
    "col.unit_name": ("单位", "Unit"),
    "col.item_name": ("物资", "Item"),
    "col.week_label": ("周", "Week"),
    "col.on_hand": ("库存", "On hand"),
    "col.received": ("入库", "Received"),
    "col.used": ("消耗", "Used"),
    "col.days_out": ("断货天数", "Days out"),
    "col.opening": ("期初", "Opening"),
    "col.quantity": ("数量", "Quantity"),
    "col.sub_units_reached": ("覆盖村（社区）数", "Villages reached"),
    "col.households_reached": ("入户户数", "Households reached"),
    # Our words for Streamlit's uploader, which has no translation (pages/common/uploader.py).
    "uploader.button": ("选择文件", "Browse files"),
    "uploader.limits": (
        "可把文件拖到框内，或点「选择文件」；接受 {types}，每个文件不超过 {mb} MB。",
        "Drop files in the box or browse: {types} accepted, up to {mb} MB each.",
    ),
    "upload.week_hint": (
        "例如 2020-03-16 或 2020年第12周；不填则按文件中写的周",
        "e.g. 2020-03-16 or 2020-W12; empty: as written in the file",
    ),
    "upload.week_is": ("将按 {week}导入没有写明周的表。", "Sheets that do not say their week go to {week}."),
    "upload.week_unknown": (
        "看不懂这个周：请写成日期（2020-03-16）或周次（2020年第12周）。",
        "This week cannot be read: write a date (2020-03-16) or a week (2020-W12).",
    ),
    "upload.more_below": ("另有 {n} 条，见下方问题清单", "{n} more in the list of problems below"),
}
