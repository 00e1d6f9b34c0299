"""设置 Settings: units (import a list, edit figures and active), items (names, synonyms, packs, levels, rates),
and alert levels per unit level. The default levels are local policy, and the page says so."""

from __future__ import annotations

import streamlit as st

from pages.common import deadline_view, limits_view, push_view, settings_view, target_check
from pages.common.shell import page_start

ctx = page_start("settings")

st.title(ctx.t("settings.title"))
st.info(ctx.t("settings.policy"))
settings_view.flash()

units_tab, items_tab, levels_tab, limits_tab, deadline_tab, push_tab = st.tabs(
    [
        ctx.t("settings.units"),
        ctx.t("settings.items"),
        ctx.t("settings.thresholds"),
        ctx.t("settings.limits"),
        ctx.t("settings.deadlines"),
        ctx.t("settings.push"),
    ]
)
with units_tab:
    settings_view.unit_list_import(ctx)
    settings_view.unit_editor(ctx)
with items_tab:
    target_check.over_target_notice(ctx)
    settings_view.item_editor(ctx)
with levels_tab:
    settings_view.threshold_form(ctx)
with limits_tab:
    limits_view.limits_form(ctx)
with deadline_tab:
    deadline_view.deadline_form(ctx)
with push_tab:
    push_view.push_section(ctx)
