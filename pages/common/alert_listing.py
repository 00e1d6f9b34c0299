"""The alerts page's table, download and phone lines, worked out once per data version, view and language.

A province's alerts run to tens of thousands. Worded, cut and labelled on every run (each click of a filter),
they cost the server 2–2.5 s of CPU a run; kept here (st.cache_resource: one object shared read-only by every
viewer), a run only picks the rows its filters keep.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from metrics.alerts import value_kind
from metrics.numbers_zh import cell, cut
from pages.common import data
from pages.common.summaries import md_plain
from pages.common.texts import t
from pages.common.version_cache import versioned

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
SEVERITY_BADGE = {"critical": "red", "warning": "orange", "info": "blue"}
# A phone lists the most urgent alerts (they come worst first): a province's 110,000 made a 7 MB list, sent to
# every viewer on every run and read by none. The wide table holds more, but not all: 110,000 rows made
# several megabytes of Arrow to build, hash and send on every click (most of a warm run's 0.12–0.15 s). The
# filters reach the others and the download keeps them all.
PHONE_ALERTS = 200
TABLE_ALERTS = 2000
SEVERITY_NAMES = {"critical": ("严重", "critical"), "warning": ("警告", "warning"), "info": ("提示", "info")}


def kind_name(kind: str, lang: str) -> str:
    if kind in KIND_KEYS:
        return t(KIND_KEYS[kind], lang)
    pair = KIND_NAMES.get(kind, (kind, kind))
    return pair[1] if lang == "en" else pair[0]


def severity_name(severity: str, lang: str) -> str:
    pair = SEVERITY_NAMES.get(severity, (severity, severity))
    return pair[1] if lang == "en" else pair[0]


@dataclass(frozen=True)
class AlertsView:
    """Every alert of the view as the page shows it; `alerts` the rows as metrics.alerts gave them (the filters
    read its columns), `table` and `download` in the same order."""

    alerts: pd.DataFrame
    table: pd.DataFrame
    download: pd.DataFrame
    kinds: list[str]
    severities: list[str]
    units: list[str]
    items: list[str]


# A province's view of its root holds 110,840 alerts as rows, as table and as download (80 MB with the phone lines):
# the few views a working day opens are kept, the least recently used let go.
VIEWS = 8


@versioned
@st.cache_resource(show_spinner=False, max_entries=VIEWS)
def alerts_view(url: str, version: int, week: str | None, unit_code: str | None, lang: str) -> AlertsView:
    alerts = data.alerts(url, version, week, unit_code, lang).reset_index(drop=True)
    names = data.item_names(url, version, lang)
    # Columns as Python lists once: iterating an Arrow string column value by value is the slow part.
    kind, severity, item, message = (
        alerts[c].to_numpy(dtype=object).tolist() for c in ("kind", "severity", "item", "message")
    )
    table = alerts.copy()
    table["kind"] = [kind_name(k, lang) for k in kind]
    table["severity"] = [severity_name(s, lang) for s in severity]
    table["item_name"] = [names.get(c, c) if isinstance(c, str) else "" for c in item]
    # Each value reads as its sentence does: days cut to one decimal, counts with separators, whole percentages.
    durable = data.durable_items(url, version)
    materials = data.publicity_materials(url, version)
    value_kinds = [value_kind(k, i, durable, materials) for k, i in zip(kind, item, strict=True)]
    values, thresholds = table["value"].tolist(), table["threshold"].tolist()
    download = table.assign(
        value=[cut(v, k) for v, k in zip(values, value_kinds, strict=True)],
        threshold=[cut(v, k) for v, k in zip(thresholds, value_kinds, strict=True)],
    )
    table["value"] = [cell(v, k) for v, k in zip(values, value_kinds, strict=True)]
    table["threshold"] = [cell(v, k) for v, k in zip(thresholds, value_kinds, strict=True)]
    present = set(severity)
    return AlertsView(
        alerts=alerts,
        table=table,
        download=download,
        kinds=list(dict.fromkeys(kind)),
        severities=[s for s in ("critical", "warning", "info") if s in present],
        units=list(dict.fromkeys(alerts["unit"].dropna().to_numpy(dtype=object).tolist())),
        items=list(dict.fromkeys(alerts["item"].dropna().to_numpy(dtype=object).tolist())),
    )


def phone_lines(view: AlertsView, rows: np.ndarray, lang: str) -> list[str]:
    """One markdown line per alert at positions `rows`: its severity as a badge, its sentence escaped. Only for
    the alerts a phone shows (PHONE_ALERTS): all of a province's 110,840 cost a quarter second of its first view."""
    picked = view.alerts.iloc[rows]
    return [
        f"- :{SEVERITY_BADGE.get(s, 'gray')}-badge[{severity_name(s, lang)}] {md_plain(m)}"
        for s, m in zip(picked["severity"].tolist(), picked["message"].tolist(), strict=True)
    ]
