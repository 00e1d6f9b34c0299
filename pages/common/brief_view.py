"""One click to a meeting brief of the unit and week on screen: PowerPoint, PDF or Excel, or a zip with one
brief per child unit. The file is made when the button is pressed (Streamlit's deferred download data) and
kept per data version, so fifty leaders pressing it make it once."""

from __future__ import annotations

import streamlit as st

from briefs.content import build_brief
from briefs.formats import FORMATS, MEDIA_TYPES, children_zip, named_file, render
from pages.common import data
from pages.common.version_cache import versioned

FORMAT_ICONS = {
    "pptx": ":material/slideshow:",
    "pdf": ":material/picture_as_pdf:",
    "xlsx": ":material/table:",
}


@versioned
@st.cache_data(show_spinner=False, max_entries=16)
def brief_file(
    url: str, version: int, unit_code: str, week: str | None, fmt: str, lang: str, each_child: bool
) -> bytes:
    engine = data.engine_for(url)
    if each_child:
        return children_zip(engine, unit_code, week, fmt, lang=lang)[0]
    return render(build_brief(engine, unit_code, week, lang=lang), fmt)


def brief_downloads(ctx, *, key: str) -> None:
    """The brief buttons: a format, one brief or one per child unit, the download."""
    if not ctx.has_data or ctx.unit_code is None:
        return
    st.markdown(f"**{ctx.t('brief.heading')}**")
    fmt = (
        st.segmented_control(
            ctx.t("brief.format"),
            list(FORMATS),
            default="pptx",
            format_func=lambda f: ctx.t(f"brief.format.{f}"),
            key=f"{key}_brief_format",
            label_visibility="collapsed",
        )
        or "pptx"
    )
    has_children = bool(ctx.units.children.get(ctx.unit_code))
    each_child = has_children and st.toggle(ctx.t("brief.each_child"), key=f"{key}_brief_each")
    week = ctx.week
    # The name is known before the file is made (the unit and the week), the figures only on the click.
    named = named_file(ctx.unit_name, ctx.unit_code, week, ctx.lang, fmt)
    st.download_button(
        ctx.t("brief.download_zip")
        if each_child
        else ctx.t("brief.download", fmt=ctx.t(f"brief.format.{fmt}")),
        data=lambda: brief_file(ctx.url, ctx.version, ctx.unit_code, week, fmt, ctx.lang, each_child),
        file_name=named.replace(f".{fmt}", ".zip") if each_child else named,
        mime=MEDIA_TYPES["zip" if each_child else fmt],
        icon=FORMAT_ICONS[fmt],
        on_click="ignore",
        key=f"{key}_brief_download",
        width="stretch",
    )
    st.caption(ctx.t("brief.caption"))
