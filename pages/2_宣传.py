"""宣传 Publicity: coverage by child unit against target, to date and by week, sub-units not reached, >100 % flags."""

from __future__ import annotations

import streamlit as st

from metrics import numbers_zh
from metrics.headline import CHART_UNITS
from pages.common import data, publicity_view
from pages.common.shell import page_start
from pages.common.summaries import md_plain
from pages.common.tables import table_with_downloads

ctx = page_start("publicity")

st.title(ctx.t("publicity.title", unit=ctx.unit_name))
if not ctx.has_data or ctx.unit_code is None:
    st.info(ctx.t("empty.no_data"))
    st.page_link("pages/5_上传.py", label=ctx.t("go.upload"), icon=":material/upload_file:")
    st.stop()
st.caption(ctx.week_text())
st.caption(ctx.t("publicity.levels"))

names = data.item_names(ctx.url, ctx.version, ctx.lang)
materials = publicity_view.materials(*ctx.args)
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
# Worked out once per data version and view, shared by every viewer (pages/common/publicity_view.py).
view = publicity_view.material_view(
    ctx.url,
    ctx.version,
    ctx.week,
    ctx.unit_code,
    tuple(ctx.units.children.get(ctx.unit_code, [])),
    material,
    ctx.lang,
)

if view.own is not None:
    row = view.own
    st.metric(
        ctx.t("tile.coverage", material=material_name),
        numbers_zh.percent(row["coverage_pct"]),
        delta=f"{numbers_zh.quantity(row['cumulative'], lang=ctx.lang)} / {numbers_zh.quantity(row['target'], lang=ctx.lang)}",
        delta_color="off",
        delta_arrow="off",
        border=True,
        width=240,
    )

st.subheader(ctx.t("publicity.by_child", material=material_name))
if view.with_target > CHART_UNITS:
    # The lowest coverage first; the table below keeps every unit.
    st.caption(ctx.t("publicity.lowest_shown", shown=CHART_UNITS, total=view.with_target))
if view.bars is not None:
    st.plotly_chart(view.bars, width="stretch", config={"displayModeBar": False})
table_with_downloads(
    view.table, f"publicity_{material}_{ctx.week}", ctx.lang, key="pub_cov", download=view.download
)

if view.over:
    st.warning(ctx.t("publicity.over", units="、".join(md_plain(u) for u in view.over)))

st.subheader(ctx.t("publicity.not_reached"))
if not view.not_reached:
    st.caption(ctx.t("publicity.all_reached"))
else:
    st.markdown("\n".join(f"- {md_plain(u)}" for u in view.not_reached))

st.subheader(ctx.t("publicity.trend", material=material_name))
if view.trend is not None:
    st.plotly_chart(view.trend, width="stretch", config={"displayModeBar": False})
    table_with_downloads(
        view.trend_table,
        f"publicity_trend_{material}",
        ctx.lang,
        key="pub_trend",
        download=view.trend_download,
    )
