"""One brief in each format, and a zip of one brief per child unit: what the pages and `cli.py brief` call.

The writers are imported when asked for, so a page that offers the Excel brief never loads python-pptx.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

from sqlalchemy.engine import Engine

from briefs.content import Brief, build_brief, resolve
from domain.weeks import week_name
from store import read_model

FORMATS = ("pptx", "pdf", "xlsx")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
# Characters no file system or mail client accepts in a name; a unit name is free text.
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def render(brief: Brief, fmt: str) -> bytes:
    if fmt == "pptx":
        from briefs.pptx_writer import write_pptx

        return write_pptx(brief)
    if fmt == "pdf":
        from briefs.pdf_writer import write_pdf

        return write_pdf(brief)
    if fmt == "xlsx":
        from briefs.xlsx_writer import write_xlsx

        return write_xlsx(brief)
    raise ValueError(f"unknown brief format {fmt!r} (one of {', '.join(FORMATS)})")


def file_name(brief: Brief, fmt: str) -> str:
    return named_file(brief.unit_name, brief.unit_code, brief.week, brief.lang, fmt)


def named_file(unit_name: str, unit_code: str, week: str, lang: str, fmt: str) -> str:
    """东河镇-2020年第12周-简报.pptx: the unit, the week, what it is (English: …-brief.pptx)."""
    what = "简报" if lang == "zh" else "brief"
    unit = UNSAFE_NAME.sub("_", unit_name).strip(" .") or unit_code
    return f"{unit}-{week_name(date.fromisoformat(week[:10]), lang)}-{what}.{fmt}"


def children_zip(
    engine: Engine,
    unit_code: str | None,
    week: date | str | None,
    fmt: str,
    *,
    lang: str = "zh",
    made_at: datetime | None = None,
    frames: read_model.Frames | None = None,
) -> tuple[bytes, list[str]]:
    """A zip with one brief per child unit of `unit_code` (the unit itself when it has none), and the names."""
    frames = frames or read_model.load_frames(engine)
    tree, unit_code, week_iso = resolve(frames, unit_code, week)
    made_at = made_at or datetime.now()
    names: list[str] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for code in tree.children.get(unit_code) or [unit_code]:
            brief = build_brief(engine, code, week_iso, lang=lang, made_at=made_at, frames=frames)
            name = _unique(file_name(brief, fmt), names)
            archive.writestr(name, render(brief, fmt))
            names.append(name)
    return buffer.getvalue(), names


def _unique(name: str, taken: list[str]) -> str:
    """Two towns of the same name get 东河镇-….pptx and 东河镇-…(2).pptx."""
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{stem}({n}){dot}{ext}"
        n += 1
    return candidate
