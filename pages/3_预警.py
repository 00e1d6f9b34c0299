"""预警 Alerts: every alert for the unit and week, filterable by kind, severity, unit and item; downloadable."""

from __future__ import annotations

import streamlit as st

from metrics.alerts import value_kind
from metrics.numbers_zh import cell, cut
from pages.common import data
from pages.common.shell import page_start
from pages.common.summaries import md_plain
from pages.common.tables import downloads, key_columns_first, labelled
from pages.common.texts import t

ctx = page_start("alerts")

ALERT_COLUMNS = {
    "severity": "col.severity",
    "kind": "col.kind",
    "unit": "col.unit",
    "item_name": "col.item",
    "value": "col.value",
    "threshold": "col.threshold",
    "message": "col.message",
}
KIND_KEYS = {
    "stockout": "status.stockout",
    "critical": "status.critical",
    "low": "status.low",
}
KIND_NAMES = {
    "missing_report": ("未上报", "Missing report"),
    "low_coverage": ("宣传覆盖不足", "Low coverage"),
    "over_target": ("超过目标", "Above target"),
    "data_quality": ("数据质量", "Data quality"),
}
KEY_COLUMNS = ("unit", "severity", "item_name", "value", "threshold", "message")
SEVERITY_BADGE = {"critical": "red", "warning": "orange", "info": "blue"}
SEVERITY_NAMES = {"critical": ("严重", "critical"), "warning": ("警告", "warning"), "info": ("提示", "info")}


def kind_name(kind: str) -> str:
    if kind in KIND_KEYS:
        return t(KIND_KEYS[kind], ctx.lang)
    pair = KIND_NAMES.get(kind, (kind, kind))
    return pair[1] if ctx.lang == "en" else pair[0]


def severity_name(severity: str) -> str:
    pair = SEVERITY_NAMES.get(severity, (severity, severity))
    return pair[1] if ctx.lang == "en" else pair[0]


st.title(ctx.t("alerts.title", unit=ctx.unit_name))
if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.page_link("pages/5_上传.py", label=ctx.t("go.upload"), icon=":material/upload_file:")
    st.stop()
st.caption(ctx.week_text())
st.caption(ctx.t("alerts.policy"))

alerts = data.alerts(*ctx.args, ctx.lang)
names = data.item_names(ctx.url, ctx.version, ctx.lang)
if alerts.empty:
    st.success(ctx.t("alerts.none"))
    st.stop()

kinds = list(dict.fromkeys(alerts["kind"]))
severities = [s for s in ("critical", "warning", "info") if s in set(alerts["severity"])]
units = list(dict.fromkeys(alerts["unit"].dropna()))
items = list(dict.fromkeys(alerts["item"].dropna()))
with st.expander(
    ctx.t("alerts.kind") + " · " + ctx.t("alerts.severity") + " · " + ctx.t("alerts.unit"), expanded=True
):
    chosen_kinds = st.multiselect(
        ctx.t("alerts.kind"), kinds, format_func=kind_name, key="alerts_kind", placeholder=ctx.t("filter.all")
    )
    chosen_severities = st.multiselect(
        ctx.t("alerts.severity"),
        severities,
        format_func=severity_name,
        key="alerts_severity",
        placeholder=ctx.t("filter.all"),
    )
    chosen_units = st.multiselect(
        ctx.t("alerts.unit"), units, key="alerts_unit", placeholder=ctx.t("filter.all")
    )
    chosen_items = st.multiselect(
        ctx.t("alerts.item"),
        items,
        format_func=lambda c: names.get(c, c),
        key="alerts_item",
        placeholder=ctx.t("filter.all"),
    )

shown = alerts
if chosen_kinds:
    shown = shown[shown["kind"].isin(chosen_kinds)]
if chosen_severities:
    shown = shown[shown["severity"].isin(chosen_severities)]
if chosen_units:
    shown = shown[shown["unit"].isin(chosen_units)]
if chosen_items:
    shown = shown[shown["item"].isin(chosen_items)]

st.caption(ctx.t("alerts.count", n=len(alerts), shown=len(shown)))
table = shown.copy()
table["kind"] = table["kind"].map(kind_name)
table["severity"] = table["severity"].map(severity_name)
table["item_name"] = table["item"].map(lambda c: names.get(c, c) if isinstance(c, str) else "")
# Each value reads as its sentence does: days cut to one decimal, counts with separators, whole percentages.
durable = data.durable_items(ctx.url, ctx.version)
materials = data.publicity_materials(ctx.url, ctx.version)
value_kinds = [
    value_kind(k, i, durable, materials) for k, i in zip(shown["kind"], shown["item"], strict=True)
]
download = table.assign(
    value=[cut(v, k) for v, k in zip(table["value"], value_kinds, strict=True)],
    threshold=[cut(v, k) for v, k in zip(table["threshold"], value_kinds, strict=True)],
)
table["value"] = [cell(v, k) for v, k in zip(table["value"], value_kinds, strict=True)]
table["threshold"] = [cell(v, k) for v, k in zip(table["threshold"], value_kinds, strict=True)]
shown_table = labelled(table, ALERT_COLUMNS, ctx.lang)
# A wide screen reads the table (key columns first, the sentence given room); a phone, where the sentence and
# the value were cut off, reads each alert as its sentence under its severity (BASE_CSS shows one of the two).
with st.container(key="wide_alerts"):
    order = key_columns_first(shown_table, KEY_COLUMNS, ALERT_COLUMNS, ctx.lang)
    order["column_config"][t("col.message", ctx.lang)] = st.column_config.Column(width="large")
    st.dataframe(shown_table, hide_index=True, width="stretch", placeholder="", **order)
with st.container(key="phone_alerts"):
    st.markdown(
        "\n".join(
            f"- :{SEVERITY_BADGE.get(severity, 'gray')}-badge[{severity_name(severity)}] {md_plain(message)}"
            for severity, message in zip(shown["severity"], shown["message"], strict=True)
        )
    )
downloads(labelled(download, ALERT_COLUMNS, ctx.lang), f"alerts_{ctx.week}", ctx.lang, key="alerts")
