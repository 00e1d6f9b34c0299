"""Problems for a file too big or too complex to read: which limit, the figure found, and how to fix it."""

from __future__ import annotations

from domain.problems import ERROR, Problem

_FIX_ZH = "请在 Excel/WPS 中只保留数据区域（删去多余的行、列和空白格式）后另存为新文件，再上传"
_FIX_EN = (
    "in Excel/WPS keep only the data area (delete the extra rows, columns and blank formatting), "
    "save it as a new file and upload that"
)


def file_too_large(file_name: str, sheet: str | None, limit: str, found: str, zh: str, en: str) -> Problem:
    """`limit` names the limit exceeded (rows, columns, expanded_bytes, members, ratio); `found` the figure."""
    where_zh = f"「{sheet}」表" if sheet else ""
    where_en = f", sheet {sheet}" if sheet else ""
    return Problem(
        code="file_too_large",
        severity=ERROR,
        sheet=sheet,
        row=None,
        column=None,
        value=f"{limit}={found}",
        message_zh=f"文件「{file_name}」{where_zh}{zh}，超出上限，未读取。{_FIX_ZH}",
        message_en=f"{file_name}{where_en}: {en}, over the limit, so it was not read — {_FIX_EN}",
    )


def too_many_rows(file_name: str, sheet: str | None, rows: int, limit: int) -> Problem:
    return file_too_large(
        file_name, sheet, "rows", str(rows),
        f"有 {rows:,} 行（上限 {limit:,} 行）", f"{rows:,} rows (the limit is {limit:,})",
    )  # fmt: skip


def too_many_columns(file_name: str, sheet: str | None, columns: int, limit: int) -> Problem:
    return file_too_large(
        file_name, sheet, "columns", str(columns),
        f"有 {columns:,} 列（上限 {limit:,} 列）", f"{columns:,} columns (the limit is {limit:,})",
    )  # fmt: skip


def expanded_too_large(file_name: str, size: int, limit: int) -> Problem:
    return file_too_large(
        file_name, None, "expanded_bytes", str(size),
        f"解压后有 {size / 1e6:,.0f} MB（上限 {limit / 1e6:,.0f} MB）",
        f"{size / 1e6:,.0f} MB once unzipped (the limit is {limit / 1e6:,.0f} MB)",
    )  # fmt: skip


def too_many_members(file_name: str, members: int, limit: int) -> Problem:
    return file_too_large(
        file_name, None, "members", str(members),
        f"内含 {members:,} 个部件（上限 {limit:,} 个）", f"{members:,} parts inside (the limit is {limit:,})",
    )  # fmt: skip


def compression_ratio(file_name: str, member: str, ratio: float, limit: int) -> Problem:
    return file_too_large(
        file_name, None, "ratio", f"{ratio:.0f}",
        f"的部件 {member} 压缩比为 {ratio:,.0f}:1（上限 {limit}:1），内容多为空白或重复",
        f"part {member} is compressed {ratio:,.0f}:1 (the limit is {limit}:1), mostly blank or repeated",
    )  # fmt: skip


def too_complex(file_name: str, limit: str, zh: str, en: str) -> Problem:
    """The reader ran out of memory or time, or died: the file was refused and nothing else was affected."""
    return Problem(
        code="file_too_complex",
        severity=ERROR,
        sheet=None,
        row=None,
        column=None,
        value=limit,
        message_zh=f"文件「{file_name}」{zh}，未读取。{_FIX_ZH}；如仍出错请联系管理员",
        message_en=f"{file_name}: {en}, so it was not read — {_FIX_EN}; if it still fails, tell the administrator",
    )


def over_memory(file_name: str, limit_bytes: int) -> Problem:
    mib = limit_bytes // (1024 * 1024)
    return too_complex(
        file_name,
        "memory",
        f"读取时超出内存上限（{mib} MiB）",
        f"reading it needed more than {mib} MiB of memory",
    )


def over_time(file_name: str, seconds: float) -> Problem:
    return too_complex(
        file_name, "time", f"读取超过时间上限（{seconds:g} 秒）", f"reading it took longer than {seconds:g} s"
    )


def reader_failed(file_name: str, detail: str) -> Problem:
    """The reader panicked or its process died: usually a damaged or truncated file."""
    return too_complex(
        file_name,
        f"reader: {detail}"[:200],
        "无法读取（文件可能已损坏或不完整，读取程序中止），请用 Excel/WPS 打开后另存为 .xlsx",
        "could not be read (the file may be damaged or cut short; the reader stopped) — open it in Excel/WPS "
        "and save it as .xlsx",
    )
