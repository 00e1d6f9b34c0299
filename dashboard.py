"""总览 Overview: the home page. Run with `streamlit run dashboard.py`; the other pages are in pages/."""

from __future__ import annotations

import streamlit as st

from metrics import numbers_zh
from pages.common import data, figures
from pages.common.heatmap_list import days_by_unit
from pages.common.shell import offer_demo, page_start
from pages.common.summaries import md_plain

ctx = page_start("overview")

st.title(ctx.t("overview.title", unit=ctx.unit_name))
if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.page_link("pages/5_上传.py", label=ctx.t("go.upload"), icon=":material/upload_file:")
    offer_demo(ctx)
    st.stop()
st.caption(ctx.week_text())

summary = data.reporting_summary(*ctx.args)
coverage = data.publicity_coverage(*ctx.args)
worst, lowest = data.status_headline(*ctx.args)

with st.container(horizontal=True, wrap=True):
    st.metric(
        ctx.t("tile.reporting"),
        f"{summary['reported']}/{summary['expected']}",
        delta=None if summary["rate_pct"] is None else numbers_zh.percent(summary["rate_pct"]),
        delta_color="off",
        delta_arrow="off",
        border=True,
        width=170,
    )
    for level in ("stockout", "critical", "low"):
        st.metric(ctx.t(f"tile.{level}"), worst[level], help=ctx.t("tile.units_help"), border=True, width=170)
    if lowest is not None:
        st.metric(
            ctx.t("tile.lowest"),
            f"{numbers_zh.days(lowest['days_of_supply'])} 天"
            if ctx.lang == "zh"
            else f"{numbers_zh.days(lowest['days_of_supply'])} d",
            delta=ctx.t("tile.lowest_where", unit=lowest["unit"], item=lowest["item_name"]),
            help=ctx.t("tile.lowest_where", unit=lowest["unit"], item=lowest["item_name"]),
            delta_color="off",
            delta_arrow="off",
            border=True,
            width=170,
        )
    own = coverage[coverage["unit_code"] == ctx.unit_code]
    for material in ("leaflet", "banner"):
        row = own[own["material"] == material]
        if row.empty or row["coverage_pct"].isna().all():
            continue
        row = row.iloc[0]
        name = row["material_name"] if ctx.lang == "zh" else material
        over = row["status"] == "over"
        st.metric(
            ctx.t("tile.coverage", material=name),
            numbers_zh.percent(row["coverage_pct"]),
            # The level in words; above 100 % is flagged as a possible wrong target, never shown as a success.
            delta=ctx.t("tile.coverage_over") if over else ctx.t(f"cov.{row['status']}"),
            delta_color="off",
            delta_arrow="off",
            border=True,
            width=170,
        )

st.subheader(ctx.t("overview.alerts"))
# The count and the first urgent sentences only: the alerts page words the rest.
n_alerts, urgent = data.alert_headlines(*ctx.args, ctx.lang)
if not urgent:
    st.success(ctx.t("overview.no_alerts"))
else:
    st.markdown("\n".join(f"- {md_plain(message)}" for message in urgent))
    if n_alerts > data.OVERVIEW_ALERTS:
        st.page_link(
            "pages/3_预警.py", label=ctx.t("overview.more_alerts", n=n_alerts), icon=":material/warning:"
        )

st.subheader(ctx.t("overview.heatmap"))
shown, left_out = figures.heatmap_units(*ctx.args, tuple(ctx.units.shown_with_children(ctx.unit_code)))
if left_out:
    st.caption(ctx.t("overview.heatmap_most_urgent", shown=len(shown) - 1, total=len(shown) - 1 + left_out))
# The heatmap, or one paragraph per unit on a phone: built once per data version and view, for every viewer.
days_by_unit(*figures.days_grid_parts(*ctx.args, shown, ctx.lang))
if left_out:
    st.page_link("pages/1_物资.py", label=ctx.t("overview.heatmap_all"), icon=":material/inventory_2:")

st.subheader(ctx.t("overview.trend", n=data.TREND_WEEKS))
names = data.item_names(ctx.url, ctx.version, ctx.lang)
main_items = ["mask_surgical", "mask_n95", "disinfectant", "gloves"]
item = (
    st.segmented_control(
        ctx.t("chart.item"),
        main_items,
        default=main_items[0],
        format_func=lambda code: names.get(code, code),
        key="overview_trend_item",
        label_visibility="collapsed",
    )
    or main_items[0]
)
st.plotly_chart(
    figures.stock_and_use_figure(*ctx.args, item, ctx.lang, ctx.unit_name),
    width="stretch",
    config={"displayModeBar": False},
)
