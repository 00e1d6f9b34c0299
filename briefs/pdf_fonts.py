"""Where the Chinese font a PDF brief embeds lives on this machine (Debian's fonts-noto-cjk).

A PDF is read on phones and office PCs that may have no Chinese font, so it carries its own: fpdf2 embeds the
subset of Noto Sans CJK SC the brief uses. The font comes from the system (the set-up scripts install the
Debian package), never from a download; with none installed the brief cannot be written and says so.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FAMILY = "Noto Sans CJK SC"
# Debian's files and the face index of SC in each collection, for a machine without fontconfig's fc-match.
KNOWN_FILES = {
    "": (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
    "B": (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"), 2),
}


class NoCjkFont(OSError):
    """No Chinese font on this machine: a PDF brief would print empty boxes, so none is written."""

    message_zh = "未找到中文字体（Debian 软件包 fonts-noto-cjk），无法生成 PDF 简报：请以 root 运行 apt-get install fonts-noto-cjk"
    message_en = (
        "No Chinese font found (Debian package fonts-noto-cjk), so the PDF brief cannot be made: "
        "run apt-get install fonts-noto-cjk as root"
    )

    def __init__(self) -> None:
        super().__init__(f"{self.message_zh} / {self.message_en}")

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int  # the face inside a .ttc collection


def _fc_match(style: str) -> FontFile | None:
    """fontconfig's answer, kept only if it is the family asked for (fc-match always names *some* font)."""
    if shutil.which("fc-match") is None:
        return None
    pattern = FAMILY + (":bold" if style == "B" else "")
    try:
        answer = subprocess.run(
            ["fc-match", "-f", "%{file}|%{family}|%{index}|%{weight}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, families, index, weight = (answer.split("|") + ["", "", "", ""])[:4]
    if FAMILY not in [f.strip() for f in families.split(",")]:
        return None
    # Without a bold face fontconfig answers with the regular one: keep that for the bold style only if bold.
    if style == "B" and weight.strip().isdigit() and int(weight) < 200:
        return None
    file = Path(path)
    return FontFile(file, int(index or 0)) if file.is_file() else None


def cjk_fonts() -> dict[str, FontFile]:
    """{"": regular, "B": bold} (bold only when installed); NoCjkFont when there is no regular face."""
    found: dict[str, FontFile] = {}
    for style in ("", "B"):
        font = _fc_match(style)
        if font is None:
            path, index = KNOWN_FILES[style]
            font = FontFile(path, index) if path.is_file() else None
        if font is not None:
            found[style] = font
    if "" not in found:
        raise NoCjkFont
    return found
