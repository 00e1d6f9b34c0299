"""物资 Supplies: days of supply of the chosen unit and its children, stock and use, run-out, reorder, transfers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from domain.thresholds import CARRY_WEEKS
from metrics.headline import CHART_UNITS
from metrics.numbers_zh import COUNT, DAYS, QUANTITY
from pages.common import data, figures
from pages.common.shell import page_start
from pages.common.tables import figures_table
from pages.common.texts import t

ctx = page_start("supplies")

STATUS_COLUMNS = {
    "unit": "col.unit",
    "status": "col.status",
    "on_hand": "col.on_hand",
    "received": "col.received",
    "used": "col.used",
    "daily_use": "col.daily_use",
    "days_of_supply": "col.days",
    "basis": "col.basis",
    "runout_date": "col.runout",
    "reorder_qty": "col.reorder",
    "children_short": "col.children_short",
    "outside_stock": "col.outside",
    "figures_from": "col.figures_from",
}
STATUS_KINDS = {
    "on_hand": QUANTITY,
    "received": QUANTITY,
    "used": QUANTITY,
    "daily_use": QUANTITY,
    "days_of_supply": DAYS,
    "reorder_qty": QUANTITY,
    "outside_stock": QUANTITY,
}
TRANSFER_KINDS = {"quantity": COUNT, "from_days_after": DAYS, "to_days_after": DAYS}
TRANSFER_COLUMNS = {
    "item_name": "col.item",
    "from_unit": "col.from",
    "to_unit": "col.to",
    "quantity": "col.quantity",
    "from_days_after": "col.from_after",
    "to_days_after": "col.to_after",
}

st.title(ctx.t("supplies.title", unit=ctx.unit_name))
if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.page_link("pages/5_上传.py", label=ctx.t("go.upload"), icon=":material/upload_file:")
    st.stop()
st.caption(ctx.week_text())

names = data.item_names(ctx.url, ctx.version, ctx.lang)
item = st.selectbox(
    ctx.t("supplies.item"),
    figures.status_items(*ctx.args),
    format_func=lambda c: names.get(c, c),
    key="supplies_item",
    placeholder=ctx.t("filter.choose"),
)
item_name = names.get(item, item)

shown_units = tuple(ctx.units.shown_with_children(ctx.unit_code))
rows = figures.item_rows(*ctx.args, item, shown_units).copy()
durable = item in data.durable_items(ctx.url, ctx.version)

st.subheader(ctx.t("supplies.ranked", item=item_name))
if durable:
    st.caption(ctx.t("supplies.durable_note", item=item_name))
else:
    st.caption(ctx.t("supplies.ranked_note"))
    ranked, children = figures.ranked_days_figure(*ctx.args, item, shown_units, ctx.lang)
    if children > CHART_UNITS:
        # The table below keeps every unit; the chart those needing attention first.
        st.caption(ctx.t("supplies.most_urgent_shown", shown=CHART_UNITS, total=children))
    st.plotly_chart(ranked, width="stretch", config={"displayModeBar": False})

st.subheader(ctx.t("supplies.trend", unit=ctx.unit_name, item=item_name, n=data.TREND_WEEKS))
st.plotly_chart(
    figures.stock_and_use_figure(*ctx.args, item, ctx.lang, ctx.unit_name),
    width="stretch",
    config={"displayModeBar": False},
)

st.subheader(ctx.t("supplies.table"))
table = rows.copy()
table["status"] = table["status"].map(lambda s: t(f"status.{s}", ctx.lang))
table["basis"] = table["basis"].map(lambda b: t(f"basis.{b}", ctx.lang) if isinstance(b, str) else "—")
table["outside_stock"] = table["outside_stock"].where(table["outside_units"] > 0)
table["figures_from"] = [
    (ctx.t("figures.carried", n=age) if age else ctx.t("figures.this_week"))
    if own
    else ctx.t("figures.rolled")
    for own, age in zip(table["own_report"], table["age_weeks"], strict=True)
]
table["figures_from"] += [
    ctx.t("figures.dropped", n=n, k=CARRY_WEEKS) if n else "" for n in table["dropped_units"]
]
table["children_short"] = [
    f"{s}/{c}/{low}"
    for s, c, low in zip(
        table["children_stockout"], table["children_critical"], table["children_low"], strict=True
    )
]
# One look for every figure: the table reads as the chart and the alert sentences do (numbers_zh).
figures_table(
    table,
    STATUS_KINDS,
    STATUS_COLUMNS,
    ctx.lang,
    file_stem=f"supplies_{item}_{ctx.week}",
    key="supplies_status",
    not_applicable=pd.Series(durable, index=table.index),
    first=("unit", "status", "days_of_supply", "on_hand", "runout_date", "reorder_qty"),
)

st.subheader(ctx.t("supplies.transfers"))
transfers = data.transfer_suggestions(*ctx.args)
if transfers.empty:
    st.caption(ctx.t("supplies.no_transfers"))
else:
    transfers = transfers.copy()
    transfers["item_name"] = transfers["item"].map(names).fillna(transfers["item_name"])
    figures_table(
        transfers,
        TRANSFER_KINDS,
        TRANSFER_COLUMNS,
        ctx.lang,
        file_stem=f"transfers_{ctx.week}",
        key="supplies_transfers",
        first=("item_name", "to_unit", "quantity", "from_unit"),
    )
