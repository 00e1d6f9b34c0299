"""Unit and item codes as integers, so million-row frames are grouped without hashing strings.

A store may hand codes over as strings or as categoricals; both come out as (int codes, str uniques).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def factor(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques) with uniques[codes] == values as strings; code -1 for missing values."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = np.asarray(values.cat.categories.astype(str), dtype=object)
        return values.cat.codes.to_numpy().astype(np.int64), cats
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), np.asarray(pd.Index(uniques).astype(str), dtype=object)


def allowed(uniques: np.ndarray, wanted: set[str]) -> np.ndarray:
    """Boolean per unique code: is it in `wanted`? Index it with codes (codes -1 never allowed)."""
    return np.append(pd.Index(uniques).isin(list(wanted)), False)
