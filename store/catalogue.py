"""Items (supplies and publicity materials) and their per-level thresholds, as stored and as DataFrames."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from domain.catalogue import DEFAULT_ITEMS, ITEM_COLUMNS
from domain.frames import THRESHOLD_COLUMNS
from store.connections import reading
from store.latest_status import refresh_latest_status
from store.tables import items, thresholds
from store.versions import bump_data_version


def seed_catalogue(conn: Connection) -> None:
    """Write the default catalogue (domain.md tables) into a new database."""
    rows = []
    for order, item in enumerate(DEFAULT_ITEMS):
        rows.append(
            {
                "code": item.code,
                "name_zh": item.name_zh,
                "name_en": item.name_en,
                "category": item.category,
                "base_unit": item.base_unit,
                "synonyms": json.dumps(list(item.synonyms), ensure_ascii=False),
                "pack_sizes": json.dumps(item.pack_sizes, ensure_ascii=False),
                "durable": item.durable,
                "critical_days": item.critical_days,
                "low_days": item.low_days,
                "plan_rate": item.plan_rate,
                "plan_driver": item.plan_driver,
                "target_rate": item.target_rate,
                "target_driver": item.target_driver,
                "sort_order": order,
            }
        )
    conn.execute(items.insert(), rows)


def load_items(engine: Engine | Connection) -> pd.DataFrame:
    """The catalogue in catalogue_frame() shape, in catalogue order."""
    query = select(items).order_by(items.c.sort_order, items.c.code)
    with reading(engine) as conn:
        frame = pd.DataFrame(conn.execute(query).mappings().all())
    if frame.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    frame["synonyms"] = frame["synonyms"].map(json.loads)
    frame["pack_sizes"] = frame["pack_sizes"].map(json.loads)
    frame["durable"] = frame["durable"].astype(bool)
    return frame[ITEM_COLUMNS].reset_index(drop=True)


EDITABLE_ITEM_FIELDS = {
    "name_zh",
    "name_en",
    "synonyms",
    "pack_sizes",
    "critical_days",
    "low_days",
    "plan_rate",
    "plan_driver",
    "target_rate",
    "target_driver",
    "durable",
}


def update_item(conn: Connection, code: str, changes: dict) -> None:
    """Change an item's editable fields (Settings page). Unknown fields are refused, not ignored."""
    unknown = set(changes) - EDITABLE_ITEM_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = dict(changes)
    for field in ("synonyms", "pack_sizes"):
        if field in values:
            values[field] = json.dumps(values[field], ensure_ascii=False)
    conn.execute(items.update().where(items.c.code == code).values(**values))
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current


def load_thresholds(engine: Engine | Connection) -> pd.DataFrame:
    with reading(engine) as conn:
        rows = conn.execute(select(thresholds)).mappings().all()
    return pd.DataFrame(rows, columns=THRESHOLD_COLUMNS)


def set_threshold(
    conn: Connection, item_code: str, level: str, critical_days: float, low_days: float
) -> None:
    conn.execute(
        thresholds.delete().where((thresholds.c.item_code == item_code) & (thresholds.c.level == level))
    )
    conn.execute(
        thresholds.insert().values(
            item_code=item_code, level=level, critical_days=critical_days, low_days=low_days
        )
    )
    bump_data_version(conn)
    refresh_latest_status(conn)  # no report row changed: the latest status stays current
