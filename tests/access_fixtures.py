"""The small unit tree the access tests share: county C → towns C01, C02 → villages C0101, C0102, C0201."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from store import write_transaction
from store.units import save_units

TREE_UNITS = pd.DataFrame(
    [
        {"code": "C", "name": "东河县", "parent_code": None, "level": "county"},
        {"code": "C01", "name": "东河镇", "parent_code": "C", "level": "town"},
        {"code": "C02", "name": "西山镇", "parent_code": "C", "level": "town"},
        {"code": "C0101", "name": "李家村", "parent_code": "C01", "level": "village"},
        {"code": "C0102", "name": "王庄村", "parent_code": "C01", "level": "village"},
        {"code": "C0201", "name": "山口村", "parent_code": "C02", "level": "village"},
    ]
)
T0 = datetime(2024, 3, 4, 9, 0, 0)  # naive UTC, as the access tables keep time
PASSWORD = "correct horse 1"


def seed_tree(engine) -> None:
    with write_transaction(engine) as conn:
        save_units(conn, TREE_UNITS)
