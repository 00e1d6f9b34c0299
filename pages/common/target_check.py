"""Targets that make coverage exceed 100 %, shown where targets are set (the settings page's items tab).

Above 100 % usually means a wrong target (a household count, a village count, or a rate per household),
not outstanding work: the office fixes it where it is set, not on the publicity page (docs/figures.md P3).
"""

from __future__ import annotations

import streamlit as st

from metrics import numbers_zh
from pages.common import data
from pages.common.summaries import md_plain


def over_target_notice(ctx) -> None:
    """One warning listing each unit × material above 100 % this week, with reach and target."""
    if not ctx.has_data or ctx.unit_code is None:
        return
    coverage = data.publicity_coverage(*ctx.args)
    over = coverage[coverage["status"] == "over"]
    if over.empty:
        return
    lines = [
        ctx.t(
            "settings.over_target_line",
            unit=md_plain(r.unit),
            material=md_plain(r.material_name),
            pct=numbers_zh.percent(r.coverage_pct),
            reached=numbers_zh.quantity(r.coverage_pct * r.target / 100, lang=ctx.lang),
            target=numbers_zh.quantity(r.target, lang=ctx.lang),
        )
        for r in over.itertuples()
    ]
    st.warning(ctx.t("settings.over_target") + "\n\n" + "\n".join(f"- {line}" for line in lines))
