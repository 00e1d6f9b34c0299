"""Targets that make coverage exceed 100 %, shown where targets are set (the settings page's items tab).

Above 100 % usually means a wrong target (a household count, a village count, or a rate per household),
not outstanding work: the office fixes it where it is set, not on the publicity page (docs/figures.md P3).
"""

from __future__ import annotations

import streamlit as st

from metrics import numbers_zh
from pages.common import data
from pages.common.summaries import md_plain
from pages.common.texts import t
from pages.common.version_cache import versioned

# A province can have tens of thousands above 100 % (57,603 lines, 2 MB, in one warning on every run): the
# first ones are listed, the rest counted; the publicity page shows every unit's coverage, level by level.
LISTED = 50


def over_target_notice(ctx) -> None:
    """One warning listing each unit × material above 100 % this week, with reach and target."""
    if not ctx.has_data or ctx.unit_code is None:
        return
    text = over_target_text(*ctx.args, ctx.lang)
    if text:
        st.warning(text)


@versioned
@st.cache_data(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def over_target_text(url: str, version: int, week: str | None, unit_code: str | None, lang: str) -> str:
    """The warning's markdown, worked out once per view and language ("" when nothing is above 100 %)."""
    coverage = data.publicity_coverage(url, version, week, unit_code)
    over = coverage[coverage["status"] == "over"]
    if over.empty:
        return ""
    lines = [
        t(
            "settings.over_target_line",
            lang,
            unit=md_plain(r.unit),
            material=md_plain(r.material_name),
            pct=numbers_zh.percent(r.coverage_pct),
            reached=numbers_zh.quantity(r.coverage_pct * r.target / 100, lang=lang),
            target=numbers_zh.quantity(r.target, lang=lang),
        )
        for r in over.head(LISTED).itertuples()
    ]
    listed = "\n".join(f"- {line}" for line in lines)
    if len(over) > LISTED:
        listed += "\n\n" + t("settings.over_target_more", lang, n=len(over) - LISTED, total=len(over))
    return t("settings.over_target", lang) + "\n\n" + listed
