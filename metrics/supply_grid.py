"""The plain units × supply items grid one week's stock status starts from: each unit's row for each item,
with the thresholds that apply to it (per item, overridden per level) and its planned need (plan_rate × the
unit's driver figure, e.g. checkpoints + classes).

Apart from metrics/supply_status.py because it is the rules' starting table, not the rules: it reads only the
unit and item lists, never a week's stock, and publicity targets read a unit's driver figure the same way
(driver_values).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.catalogue import CRITICAL_DAYS, LOW_DAYS, SUPPLY

# domain.md: "people in school or at work for schools and enterprises (one mask each per day)".
PLAN_BY_LEVEL: dict[tuple[str, str], tuple[float, str]] = {
    ("mask_surgical", "school"): (1.0, "population"),
    ("mask_surgical", "enterprise"): (1.0, "population"),
}


def driver_values(units: pd.DataFrame, driver: str) -> pd.Series:
    """The unit figure a driver names; "checkpoints+classes" is the sum (NaN only when every part is)."""
    parts = [p.strip() for p in str(driver).split("+") if p.strip()]
    if not parts or any(p not in units for p in parts):
        return pd.Series(np.nan, index=units.index)
    return units[parts].astype(float).sum(axis=1, min_count=1)


def supply_grid(table: pd.DataFrame, items: pd.DataFrame, thresholds: pd.DataFrame | None) -> pd.DataFrame:
    """Units × supply items with thresholds (per item, overridden per level) and the planned need.

    Rows unit by unit, the items in catalogue order within each unit (a cross join's order), built with
    repeat and tile: each row's unit and item are known by position, never looked up by code."""
    supplies = items[items["category"] == SUPPLY].reset_index(drop=True)
    n_units, n_items = len(table), len(supplies)
    unit_rows = np.repeat(np.arange(n_units), n_items)
    item_rows = np.tile(np.arange(n_items), n_units)
    base = table[["code", "name", "level", "parent_code", "is_leaf"]].rename(
        columns={"code": "unit_code", "name": "unit"}
    )
    item_cols = supplies[["code", "name_zh", "name_en", "base_unit", "durable", "critical_days", "low_days"]]
    item_cols = item_cols.rename(columns={"code": "item_code", "name_zh": "item_name"})
    grid = pd.concat(
        [
            base.iloc[unit_rows].reset_index(drop=True),
            item_cols.iloc[item_rows].reset_index(drop=True),
        ],
        axis=1,
    )
    grid["durable"] = grid["durable"].fillna(False).astype(bool)
    grid["critical_days"] = grid["critical_days"].astype(float).fillna(CRITICAL_DAYS)
    grid["low_days"] = grid["low_days"].astype(float).fillna(LOW_DAYS)
    if thresholds is not None and len(thresholds):
        over = thresholds.rename(columns={"critical_days": "_crit", "low_days": "_low"})
        over = over.astype({"item_code": str, "level": str}).drop_duplicates(
            ["item_code", "level"], keep="last"
        )
        grid = grid.merge(
            over[["item_code", "level", "_crit", "_low"]], on=["item_code", "level"], how="left"
        )
        grid["critical_days"] = grid["_crit"].astype(float).fillna(grid["critical_days"])
        grid["low_days"] = grid["_low"].astype(float).fillna(grid["low_days"])
        grid = grid.drop(columns=["_crit", "_low"])

    need = np.full(len(grid), np.nan)
    levels = table["level"].to_numpy(dtype=object)
    for position, item in enumerate(supplies.to_dict("records")):
        rate = float(item["plan_rate"] or 0.0)
        values = driver_values(table, item["plan_driver"]).to_numpy(dtype=float)
        per_unit = np.where(rate > 0, rate * values, np.nan)
        for (code, level), (lvl_rate, lvl_driver) in PLAN_BY_LEVEL.items():
            if code == item["code"]:
                lvl_values = lvl_rate * driver_values(table, lvl_driver).to_numpy(dtype=float)
                per_unit = np.where(levels == level, lvl_values, per_unit)
        mask = item_rows == position
        need[mask] = per_unit[unit_rows[mask]]
    grid["plan_need"] = need
    return grid
