"""The one formula for a week's use when a sheet leaves it blank (docs/figures.md S1).

used = opening + received − on_hand (OpenLMIS requisition column C; DHIS2 discrepancy rule), where a blank
`received` counts as 0 (sheets leave 本周入库 empty when nothing came in). It is worked out when reading, never
stored: the store keeps what the sheet said, so correcting or undoing last week's closing stock changes this
week's use. Import checks (uploads/derive.py) and metrics (metrics/usage.py) both call this function; a
negative result is a data problem each of them reports, never a use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def derived_use(opening, received, on_hand):
    """opening + received − on_hand, element-wise for Series or arrays; NaN where opening or on_hand is."""
    if isinstance(received, pd.Series):
        received = received.fillna(0.0)
    else:
        received = np.nan_to_num(np.asarray(received, dtype=float), nan=0.0)
    return opening + received - on_hand
