"""DataFrames as JSON-ready records: NaN/NaT → None, numpy scalars → Python, timestamps → ISO dates."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def plain(value):
    """One cell as a plain Python value json.dumps accepts."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def records(df: pd.DataFrame) -> list[dict]:
    """Every row as a dict of plain values, in column order."""
    columns = [str(c) for c in df.columns]
    return [dict(zip(columns, (plain(v) for v in row), strict=True)) for row in df.itertuples(index=False)]
