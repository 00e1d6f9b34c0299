"""One kind's alerts as alerts() orders them: codes and words as strings, figures as floats, the severity's
and kind's places in the order; and the plain rows each kind's sentences are worded from.

Its own module because two modules build alerts this way: metrics/alerts.py (supply, reporting, coverage) and
metrics/quality_alerts.py (data quality), which alerts.py imports; kept here, neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

KIND_ORDER = ["stockout", "critical", "missing_report", "low", "low_coverage", "data_quality"]
SEVERITY_ORDER = ["critical", "warning", "info"]


def plain_records(frame: pd.DataFrame, columns: list[str]):
    """Rows as dicts of plain values, like to_dict("records") but only for `columns`: several times faster
    for the hundred thousand alerts of a province."""
    values = [frame[c].to_numpy().tolist() for c in columns]
    return (dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True))


# One kind's alerts (alert_frame) and how to word those at the given positions of it.
Found = tuple[pd.DataFrame, Callable[[list[int]], list[str]]]


def alert_frame(*, kind, severity, unit_code, unit, item, value, threshold, rank) -> pd.DataFrame:
    """One kind's alerts without their sentences: words and codes as strings, figures as floats, and the
    severity's and kind's places in the order (_sev, _kind)."""
    words = {"kind": kind, "severity": severity, "unit_code": unit_code, "unit": unit, "item": item}
    frame = pd.DataFrame({name: _text(values) for name, values in words.items()})
    for place, column, order in (("_sev", "severity", SEVERITY_ORDER), ("_kind", "kind", KIND_ORDER)):
        # Arrow's dictionary encoding of the column: no string hashed in Python.
        found, uniques = pd.factorize(frame[column])
        places = [order.index(u) if u in order else np.nan for u in uniques]
        frame[place] = np.array([*places, np.nan], dtype=float)[found]
    frame["value"] = np.asarray(value, dtype=float)
    frame["threshold"] = np.asarray(threshold, dtype=float)
    frame["_rank"] = np.asarray(rank, dtype=float)
    return frame


def _text(values) -> pd.api.extensions.ExtensionArray:
    """Values as a pandas str array; a str column is taken as it is (no round trip through Python objects)."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.StringDtype):
        return pd.array(values.array, dtype="str")
    return pd.array(np.asarray(values, dtype=object), dtype="str")
