"""Tables shown under the charts and their downloads; every download goes through exports.safe."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.safe import to_csv_bytes, to_xlsx_bytes
from pages.common.texts import t


def labelled(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """Keep `columns` (field → text key) in that order, headed in the reader's language."""
    present = [c for c in columns if c in frame]
    return frame[present].rename(columns={c: t(columns[c], lang) for c in present})


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


def table_with_downloads(frame: pd.DataFrame, file_stem: str, lang: str, *, key: str, expanded=False) -> None:
    with st.expander(t("table.show", lang), expanded=expanded):
        st.dataframe(frame, hide_index=True, width="stretch")
        downloads(frame, file_stem, lang, key=key)
