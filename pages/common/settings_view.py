"""The settings page's parts: unit list import, the unit and item editors, per-level alert levels."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from access import audit_actions as acts
from domain.catalogue import ITEM_COLUMNS, SUPPLY
from domain.frames import UNIT_FIGURES
from domain.levels import LEVEL_NAMES
from pages.common import data
from pages.common.tables import labelled
from pages.common.texts import t
from pages.common.uploader import file_uploader
from store import write_transaction
from store.access_audit import record_audit
from store.catalogue import load_thresholds, set_threshold, update_item
from store.parse_limits import load_parse_limits
from store.units import save_units
from uploads.parse_worker import read_unit_list_in_worker

UNIT_EDIT_COLUMNS = ["code", "name", "parent_code", "level", *UNIT_FIGURES, "active"]
# The catalogue's columns less the plan and target drivers: which unit figure drives need is fixed by the
# catalogue's design (domain.md), not a setting an office tunes week to week.
ITEM_EDIT_COLUMNS = [c for c in ITEM_COLUMNS if c not in ("plan_driver", "target_driver")]


def flash() -> None:
    for kind, text in st.session_state.pop("_settings_flash", []):
        getattr(st, kind)(text)


def _done(messages: list[tuple[str, str]], editor: str) -> None:
    """Keep the message, start the editor afresh on the new data (its edits are stored now), rerun."""
    st.session_state["_settings_flash"] = messages
    st.session_state[f"_{editor}_round"] = st.session_state.get(f"_{editor}_round", 0) + 1
    st.rerun()


def unit_list_import(ctx) -> None:
    file = file_uploader(
        ctx.lang,
        ctx.t("settings.import_units"),
        types=["xlsx", "xls", "csv"],
        key=f"settings_unit_file_{st.session_state.get('_unit_list_round', 0)}",
    )
    if file is None:
        return
    units, problems = read_unit_list_in_worker(file.name, file.getvalue(), load_parse_limits(ctx.engine))
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        (st.error if p.severity == "error" else st.warning)(p.message(ctx.lang))
    if errors or units.empty:
        return
    shown = (
        units.assign(level=units["level"].map(lambda lv: _level_name(lv, ctx.lang)))
        if "level" in units
        else units
    )
    headings = {c: f"field.{c}" for c in UNIT_EDIT_COLUMNS}  # the list as the editor below heads it
    st.dataframe(labelled(shown, headings, ctx.lang), hide_index=True, width="stretch", placeholder="")
    if st.button(ctx.t("upload.confirm"), key="settings_unit_import", type="primary"):
        with write_transaction(ctx.engine) as conn:
            count = save_units(conn, units)
            record_audit(
                conn, ctx.user, acts.SETTINGS_CHANGED, "units", {"imported": int(count), "file": file.name}
            )
        _done([("success", ctx.t("settings.imported_units", n=count))], "unit_list")


def unit_editor(ctx) -> None:
    units = data.frames(ctx.url, ctx.version).units[UNIT_EDIT_COLUMNS].reset_index(drop=True)
    # The editor holds the level's name (区县), not its code: the grid's cells and its accessible copy show the
    # value itself, so a format_func alone would leave "county" for a screen reader. Codes again on saving.
    level_names = {code: _level_name(code, ctx.lang) for code in LEVEL_NAMES}
    level_codes = {name: code for code, name in level_names.items()}
    units["level"] = units["level"].map(lambda lv: level_names.get(lv, lv))
    config = {c: st.column_config.Column(t(f"field.{c}", ctx.lang)) for c in UNIT_EDIT_COLUMNS}
    for figure in UNIT_FIGURES:
        config[figure] = st.column_config.NumberColumn(t(f"field.{figure}", ctx.lang), min_value=0, step=1)
    config["active"] = st.column_config.CheckboxColumn(t("field.active", ctx.lang))
    config["level"] = st.column_config.SelectboxColumn(t("field.level", ctx.lang), options=list(level_codes))
    edited = st.data_editor(
        units,
        column_config=config,
        disabled=["code", "parent_code"],
        hide_index=True,
        width="stretch",
        key=f"settings_units_{st.session_state.get('_units_round', 0)}",
        placeholder="",
    )
    if st.button(ctx.t("settings.save"), key="settings_units_save"):
        changed = _changed_rows(units, edited)
        if changed.empty:
            _done([("info", ctx.t("settings.no_changes"))], "units")
        changed = changed.assign(level=changed["level"].map(lambda name: level_codes.get(name, name)))
        full = data.frames(ctx.url, ctx.version).units.set_index("code")
        records = changed.assign(aliases=changed["code"].map(full["aliases"]))
        with write_transaction(ctx.engine) as conn:
            save_units(conn, records)
            record_audit(conn, ctx.user, acts.SETTINGS_CHANGED, "units", {"changed": sorted(changed["code"])})
        _done([("success", ctx.t("settings.saved", n=len(changed)))], "units")


def _changed_rows(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    same = (
        before.astype(object).fillna("∅").astype(str) == after.astype(object).fillna("∅").astype(str)
    ).all(axis=1)
    return after[~same]


def item_editor(ctx) -> None:
    items = data.frames(ctx.url, ctx.version).items[ITEM_EDIT_COLUMNS].copy()
    items["synonyms"] = items["synonyms"].map("、".join)
    items["pack_sizes"] = items["pack_sizes"].map(
        lambda packs: "、".join(f"{k}={v:g}" for k, v in packs.items())
    )
    items = items.reset_index(drop=True)
    items["category"] = items["category"].map(lambda c: t(f"category.{c}", ctx.lang))  # shown, never edited
    config = {c: st.column_config.Column(t(f"field.{c}", ctx.lang)) for c in ITEM_EDIT_COLUMNS}
    config["code"] = st.column_config.Column(t("field.code", ctx.lang))
    for number in ("critical_days", "low_days", "plan_rate", "target_rate"):
        config[number] = st.column_config.NumberColumn(t(f"field.{number}", ctx.lang), min_value=0.0)
    edited = st.data_editor(
        items,
        column_config=config,
        disabled=["code", "category", "base_unit"],
        hide_index=True,
        width="stretch",
        key=f"settings_items_{st.session_state.get('_items_round', 0)}",
        placeholder="",
    )
    if st.button(ctx.t("settings.save"), key="settings_items_save"):
        changed = _changed_rows(items, edited)
        problems, updates = [], []
        for index, row in changed.iterrows():
            changes, bad = _item_changes(items.loc[index], row)
            problems += [ctx.t("settings.bad_value", row=index + 1, column=c, value=v) for c, v in bad]
            updates.append((row["code"], changes))
        if problems:
            for text in problems:
                st.error(text)
            return
        with write_transaction(ctx.engine) as conn:
            for code, changes in updates:
                if changes:
                    update_item(conn, code, changes)
            record_audit(
                conn,
                ctx.user,
                acts.SETTINGS_CHANGED,
                "items",
                {code: changes for code, changes in updates if changes},
            )
        _done([("success", ctx.t("settings.saved", n=len(updates)))], "items")


def _item_changes(before: pd.Series, after: pd.Series) -> tuple[dict, list[tuple[str, str]]]:
    changes, bad = {}, []
    for field in ("name_zh", "name_en", "durable", "critical_days", "low_days", "plan_rate", "target_rate"):
        if str(before[field]) != str(after[field]):
            changes[field] = after[field]
    if before["synonyms"] != after["synonyms"]:
        changes["synonyms"] = [
            s.strip() for s in str(after["synonyms"] or "").replace(",", "、").split("、") if s.strip()
        ]
    if before["pack_sizes"] != after["pack_sizes"]:
        packs = {}
        for part in str(after["pack_sizes"] or "").replace(",", "、").split("、"):
            if not part.strip():
                continue
            name, _, size = part.partition("=")
            try:
                value = float(size)
                if not math.isfinite(value) or value <= 0:
                    raise ValueError
                packs[name.strip()] = value
            except ValueError:
                bad.append(("pack_sizes", part))
        changes["pack_sizes"] = packs
    return changes, bad


def threshold_form(ctx) -> None:
    items = data.frames(ctx.url, ctx.version).items
    supplies = items[items["category"] == SUPPLY]
    names = dict(zip(supplies["code"], supplies["name_en" if ctx.lang == "en" else "name_zh"], strict=True))
    current = load_thresholds(ctx.engine)
    if not current.empty:
        shown = current.assign(
            item_code=current["item_code"].map(names),
            level=current["level"].map(lambda lv: _level_name(lv, ctx.lang)),
        )
        st.dataframe(
            labelled(
                shown,
                {
                    "item_code": "settings.threshold_item",
                    "level": "settings.threshold_level",
                    "critical_days": "settings.critical_days",
                    "low_days": "settings.low_days",
                },
                ctx.lang,
            ),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
    item = st.selectbox(
        ctx.t("settings.threshold_item"),
        list(names),
        format_func=names.get,
        key="thr_item",
        placeholder=ctx.t("filter.choose"),
    )
    level = st.selectbox(
        ctx.t("settings.threshold_level"),
        list(LEVEL_NAMES),
        format_func=lambda lv: _level_name(lv, ctx.lang),
        key="thr_level",
        placeholder=ctx.t("filter.choose"),
    )
    row = supplies[supplies["code"] == item].iloc[0]
    critical = st.number_input(
        ctx.t("settings.critical_days"), min_value=0.0, value=float(row["critical_days"]), key="thr_crit"
    )
    low = st.number_input(
        ctx.t("settings.low_days"), min_value=0.0, value=float(row["low_days"]), key="thr_low"
    )
    if st.button(ctx.t("settings.set_threshold"), key="thr_save"):
        if critical > low:
            st.error(ctx.t("settings.threshold_invalid"))
            return
        with write_transaction(ctx.engine) as conn:
            set_threshold(conn, item, level, critical, low)
            record_audit(
                conn,
                ctx.user,
                acts.SETTINGS_CHANGED,
                "thresholds",
                {"item": item, "level": level, "critical_days": critical, "low_days": low},
            )
        _done([("success", ctx.t("settings.threshold_saved"))], "thresholds")


def _level_name(level: str, lang: str) -> str:
    pair = LEVEL_NAMES.get(level, (level, level))
    return pair[1] if lang == "en" else pair[0]
