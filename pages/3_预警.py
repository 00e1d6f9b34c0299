"""预警 Alerts: every alert for the unit and week, filterable by kind, severity, unit and item; downloadable."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pages.common import alert_listing, data
from pages.common.alert_listing import kind_name, severity_name
from pages.common.shell import page_start
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
KEY_COLUMNS = ("unit", "severity", "item_name", "value", "threshold", "message")


st.title(ctx.t("alerts.title", unit=ctx.unit_name))
if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.page_link("pages/5_上传.py", label=ctx.t("go.upload"), icon=":material/upload_file:")
    st.stop()
st.caption(ctx.week_text())
st.caption(ctx.t("alerts.policy"))

view = alert_listing.alerts_view(*ctx.args, ctx.lang)
names = data.item_names(ctx.url, ctx.version, ctx.lang)
alerts = view.alerts
if alerts.empty:
    st.success(ctx.t("alerts.none"))
    st.stop()

with st.expander(
    ctx.t("alerts.kind") + " · " + ctx.t("alerts.severity") + " · " + ctx.t("alerts.unit"), expanded=True
):
    chosen_kinds = st.multiselect(
        ctx.t("alerts.kind"),
        view.kinds,
        format_func=lambda kind: kind_name(kind, ctx.lang),
        key="alerts_kind",
        placeholder=ctx.t("filter.all"),
    )
    chosen_severities = st.multiselect(
        ctx.t("alerts.severity"),
        view.severities,
        format_func=lambda severity: severity_name(severity, ctx.lang),
        key="alerts_severity",
        placeholder=ctx.t("filter.all"),
    )
    chosen_units = st.multiselect(
        ctx.t("alerts.unit"), view.units, key="alerts_unit", placeholder=ctx.t("filter.all")
    )
    chosen_items = st.multiselect(
        ctx.t("alerts.item"),
        view.items,
        format_func=lambda c: names.get(c, c),
        key="alerts_item",
        placeholder=ctx.t("filter.all"),
    )

# The rows the filters keep, picked from the view worked out once (pages/common/alert_listing.py).
keep = np.ones(len(alerts), dtype=bool)
for column, chosen in (
    ("kind", chosen_kinds),
    ("severity", chosen_severities),
    ("unit", chosen_units),
    ("item", chosen_items),
):
    if chosen:
        keep &= alerts[column].isin(chosen).to_numpy()
rows = np.flatnonzero(keep)  # the kept alerts, most urgent first
st.caption(ctx.t("alerts.count", n=len(alerts), shown=len(rows)))
# A wide screen reads the table (key columns first, the sentence given room); a phone, where the sentence and
# the value were cut off, reads each alert as its sentence under its severity (BASE_CSS shows one of the two).
# Each lists the most urgent (alert_listing.TABLE_ALERTS, PHONE_ALERTS) and says how many more there are.
with st.container(key="wide_alerts"):
    first = alert_listing.TABLE_ALERTS
    if len(rows) > first:
        st.caption(ctx.t("alerts.most_urgent", shown=first, n=len(rows)))
    shown_table = labelled(view.table.iloc[rows[:first]], ALERT_COLUMNS, ctx.lang)
    order = key_columns_first(shown_table, KEY_COLUMNS, ALERT_COLUMNS, ctx.lang)
    order["column_config"][t("col.message", ctx.lang)] = st.column_config.Column(width="large")
    st.dataframe(shown_table, hide_index=True, width="stretch", placeholder="", **order)
with st.container(key="phone_alerts"):
    first = alert_listing.PHONE_ALERTS
    if len(rows) > first:
        st.caption(ctx.t("alerts.most_urgent", shown=first, n=len(rows)))
    st.markdown("\n".join(alert_listing.phone_lines(view, rows[:first], ctx.lang)))
downloads(
    labelled(view.download.iloc[rows], ALERT_COLUMNS, ctx.lang), f"alerts_{ctx.week}", ctx.lang, key="alerts"
)
