"""Labels for the file limits, the demo switch and clearing it (issue 11), in Chinese and English."""

from __future__ import annotations

SAFETY_TEXTS: dict[str, tuple[str, str]] = {
    "settings.limits": ("文件上限", "File limits"),
    "settings.limits_help": (
        "超出这些上限的文件不读取，并告诉上传人如何改小；每个文件都在单独的进程中读取，"
        "超出内存或时间即停止，不影响其他人使用。",
        "Files over these limits are not read, and the uploader is told how to make them smaller; every file is "
        "read in its own process, stopped when it passes the memory or time limit, so no one else is affected.",
    ),
    "limit.max_rows": ("每张表最多行数", "Rows per sheet"),
    "limit.max_columns": ("每张表最多列数", "Columns per sheet"),
    "limit.max_expanded_bytes": ("解压后最大字节数", "Bytes once unzipped"),
    "limit.max_members": ("xlsx 内最多部件数", "Parts inside an .xlsx"),
    "limit.max_ratio": ("最大压缩比", "Largest compression ratio"),
    "limit.worker_memory_bytes": ("读取进程内存上限（字节）", "Reader memory (bytes)"),
    "limit.worker_seconds": ("读取时间上限（秒）", "Reader time (seconds)"),
    "limits.save": ("保存上限", "Save limits"),
    "limits.saved": ("文件上限已保存", "File limits saved"),
    "demo.clear_confirm": (
        "确定清除示例数据吗？只删除示例区县的单位和数字，真实上传的数据不受影响。",
        "Clear the demo data? Only the demo district's units and figures are deleted; real uploads stay.",
    ),
    "demo.clear_yes": ("确定清除", "Yes, clear it"),
    "demo.clear_no": ("取消", "Cancel"),
    "demo.refused": (
        "数据库中已有真实数据，示例数据只能载入空数据库，未作改动。",
        "The database holds real data; the demo loads only into an empty database. Nothing was changed.",
    ),
    "demo.upload_first": (
        "现在显示的是示例数据。上传真实报表前，请先清除示例数据，切换到真实数据；"
        "否则真实数字会和示例单位混在一起。",
        "The demo data is shown. Before uploading real sheets, clear the demo and switch to real data; "
        "otherwise real figures mix with the demo's units.",
    ),
    "demo.upload_anyway": (
        "仍要上传到示例数据中（仅供试用）",
        "Upload into the demo anyway (for trying out)",
    ),
}
