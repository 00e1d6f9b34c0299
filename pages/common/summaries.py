"""Text the pages pass through st.markdown, made safe (rendering only; figures come from metrics/)."""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def md_plain(text) -> str:
    """Text from sheets shown through st.markdown: escape markdown so a name cannot become a link or a style."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
