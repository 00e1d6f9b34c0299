"""宣传 Publicity: coverage by child unit against target, to date and by week, sub-units not reached, >100 % flags."""

from __future__ import annotations

import streamlit as st

from metrics import numbers_zh
from metrics.headline import CHART_UNITS
from metrics.numbers_zh import COUNT, PERCENT, QUANTITY
from pages.common import charts, data
from pages.common.shell import page_start
from pages.common.summaries import md_plain
from pages.common.tables import as_numbers, as_text, labelled, table_with_downloads
from pages.common.texts import t

ctx = page_start("publicity")

COVERAGE_COLUMNS = {
    "unit": "col.unit",
    "week_quantity": "col.week_quantity",
    "cumulative": "col.cumulative",
    "target": "col.target",
    "coverage_pct": "col.coverage",
    "reached_outside": "col.reached_outside",
    "sub_units_reached": "col.reached",
    "sub_units_total": "col.sub_total",
    "status": "col.status",
}

COVERAGE_KINDS = {
    "week_quantity": QUANTITY,
    "cumulative": QUANTITY,
    "target": QUANTITY,
    "coverage_pct": PERCENT,
    "reached_outside": QUANTITY,
    "sub_units_reached": COUNT,
    "sub_units_total": COUNT,
}

st.title(ctx.t("publicity.title", unit=ctx.unit_name))
if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.page_link("pages/5_上传.py", label=ctx.t("go.upload"), icon=":material/upload_file:")
    st.stop()
st.caption(ctx.week_text())
st.caption(ctx.t("publicity.levels"))

coverage = data.publicity_coverage(*ctx.args)
names = data.item_names(ctx.url, ctx.version, ctx.lang)
# Materials with figures first (banners and leaflets lead the catalogue), then the rest.
with_data = coverage.groupby("material", sort=False)["cumulative"].apply(lambda s: s.notna().any())
materials = [m for m in with_data.index if with_data[m]] + [m for m in with_data.index if not with_data[m]]
if not materials:
    st.info(ctx.t("publicity.no_data", unit=ctx.unit_name))
    st.stop()
material = st.selectbox(
    ctx.t("publicity.material"),
    materials,
    format_func=lambda c: names.get(c, c),
    key="publicity_material",
    placeholder=ctx.t("filter.choose"),
)
material_name = names.get(material, material)

rows = coverage[coverage["material"] == material]
own = rows[rows["unit_code"] == ctx.unit_code]
if not own.empty and own["coverage_pct"].notna().any():
    row = own.iloc[0]
    st.metric(
        ctx.t("tile.coverage", material=material_name),
        numbers_zh.percent(row["coverage_pct"]),
        delta=f"{numbers_zh.quantity(row['cumulative'], lang=ctx.lang)} / {numbers_zh.quantity(row['target'], lang=ctx.lang)}",
        delta_color="off",
        delta_arrow="off",
        border=True,
        width=240,
    )

children_codes = ctx.units.children.get(ctx.unit_code, [])
children = rows[rows["unit_code"].isin(children_codes)] if children_codes else own
st.subheader(ctx.t("publicity.by_child", material=material_name))
with_target = children[children["coverage_pct"].notna()]  # units without a target stay in the table
if len(with_target) > CHART_UNITS:
    # The lowest coverage first; the table below keeps every unit.
    st.caption(ctx.t("publicity.lowest_shown", shown=CHART_UNITS, total=len(with_target)))
    with_target = with_target.nsmallest(CHART_UNITS, "coverage_pct", keep="first")
if not with_target.empty:
    st.plotly_chart(
        charts.coverage_bars(with_target, ctx.lang), width="stretch", config={"displayModeBar": False}
    )
table = children.copy()
table["status"] = table["status"].map(lambda s: t(f"cov.{s}", ctx.lang))
table["reached_outside"] = table["reached_outside"].where(table["reached_outside"] > 0)
table_with_downloads(
    labelled(as_text(table, COVERAGE_KINDS), COVERAGE_COLUMNS, ctx.lang),
    f"publicity_{material}_{ctx.week}",
    ctx.lang,
    key="pub_cov",
    download=labelled(as_numbers(table, COVERAGE_KINDS), COVERAGE_COLUMNS, ctx.lang),
)

over = children[children["status"] == "over"]
if not over.empty:
    st.warning(ctx.t("publicity.over", units="、".join(md_plain(u) for u in over["unit"])))

st.subheader(ctx.t("publicity.not_reached"))
not_reached = children[children["cumulative"].fillna(0) <= 0] if children_codes else children.iloc[0:0]
if not_reached.empty:
    st.caption(ctx.t("publicity.all_reached"))
else:
    st.markdown("\n".join(f"- {md_plain(u)}" for u in not_reached["unit"]))

st.subheader(ctx.t("publicity.trend", material=material_name))
weekly = data.publicity_weekly(ctx.url, ctx.version, ctx.unit_code, ctx.week)
weekly = weekly[weekly["material"] == material].sort_values("week") if not weekly.empty else weekly
if not weekly.empty:
    st.plotly_chart(
        charts.weekly_and_cumulative(weekly, ctx.lang), width="stretch", config={"displayModeBar": False}
    )
    trend_table = weekly.assign(week=weekly["week"].map(ctx.week_text))
    if "status" in trend_table:  # named like the table above (红/黄/绿), not the code "amber"
        trend_table["status"] = trend_table["status"].map(lambda s: t(f"cov.{s}", ctx.lang))
    trend_columns = {"week": "col.week", **COVERAGE_COLUMNS}
    trend_columns.pop("unit")
    table_with_downloads(
        labelled(as_text(trend_table, COVERAGE_KINDS), trend_columns, ctx.lang),
        f"publicity_trend_{material}",
        ctx.lang,
        key="pub_trend",
        download=labelled(as_numbers(trend_table, COVERAGE_KINDS), trend_columns, ctx.lang),
    )
