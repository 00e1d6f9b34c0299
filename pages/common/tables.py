"""Tables shown under the charts and their downloads; every download goes through exports.safe."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.safe import to_csv_bytes, to_xlsx_bytes
from metrics.numbers_zh import DAYS, cell, cut
from pages.common.texts import t


def labelled(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """Keep `columns` (field → text key) in that order, headed in the reader's language."""
    present = [c for c in columns if c in frame]
    return frame[present].rename(columns={c: t(columns[c], lang) for c in present})


def as_text(
    frame: pd.DataFrame, kinds: dict[str, str], not_applicable: pd.Series | None = None
) -> pd.DataFrame:
    """The frame as it reads on screen: each column in `kinds` written by the one formatter (numbers_zh.cell),
    so a table shows the figure its chart and its sentences show. `not_applicable` marks rows whose days of
    supply do not apply (durable items are counted, not used up): their DAYS columns read "—"."""
    out = frame.copy()
    for column, kind in kinds.items():
        if column not in out:
            continue
        applies = [True] * len(out)
        if not_applicable is not None and kind == DAYS:
            applies = (~not_applicable.astype(bool)).tolist()
        out[column] = [
            cell(v, kind, applicable=a) for v, a in zip(out[column].tolist(), applies, strict=True)
        ]
    return out


def as_numbers(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """The frame for a download: the numbers the screen shows (cut the same way), still numbers."""
    out = frame.copy()
    for column, kind in kinds.items():
        if column in out:
            out[column] = [cut(v, kind) for v in out[column].tolist()]
    return out


def downloads(frame: pd.DataFrame, file_stem: str, lang: str, *, key: str) -> None:
    """CSV and Excel of exactly what the table shows, formula-looking cells neutralised, built on click."""
    left, right = st.columns(2)
    left.download_button(
        t("download.csv", lang),
        lambda: to_csv_bytes(frame),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("download.xlsx", lang),
        lambda: to_xlsx_bytes(frame),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )


def key_columns_first(
    shown: pd.DataFrame, first: tuple[str, ...], columns: dict[str, str], lang: str
) -> dict:
    """st.dataframe arguments that put the `first` fields (unit, status, days…) leftmost, the first of them
    pinned while the rest scroll: a 390 px phone shows about three columns, and they must be the ones that
    say who and how bad. The downloads keep the table's own order."""
    heads = [t(columns[c], lang) for c in first if c in columns and t(columns[c], lang) in shown]
    order = heads + [c for c in shown.columns if c not in heads]
    config = {heads[0]: st.column_config.Column(pinned=True)} if heads else {}
    return {"column_order": order, "column_config": config}


def figures_table(
    frame: pd.DataFrame,
    kinds: dict[str, str],
    columns: dict[str, str],
    lang: str,
    *,
    file_stem: str,
    key: str,
    not_applicable: pd.Series | None = None,
    first: tuple[str, ...] = (),
) -> None:
    """A table of figures as they read on screen, with CSV and Excel of the same numbers kept numeric;
    `first` names the key columns to show leftmost (key_columns_first)."""
    shown = labelled(as_text(frame, kinds, not_applicable), columns, lang)
    order = key_columns_first(shown, first, columns, lang)
    st.dataframe(shown, hide_index=True, width="stretch", placeholder="", **order)
    downloads(labelled(as_numbers(frame, kinds), columns, lang), file_stem, lang, key=key)


def table_with_downloads(
    frame: pd.DataFrame, file_stem: str, lang: str, *, key: str, expanded=False, download=None
) -> None:
    """The table in an expander; `download` is the same table with numbers kept numeric (as_numbers)."""
    with st.expander(t("table.show", lang), expanded=expanded):
        st.dataframe(frame, hide_index=True, width="stretch", placeholder="")
        downloads(frame if download is None else download, file_stem, lang, key=key)
