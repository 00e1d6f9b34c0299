"""Stock over time for charts: on hand and use per week, rolled up to one unit."""

from __future__ import annotations

import pandas as pd

from domain.catalogue import SUPPLY
from metrics.codes import distinct, isin
from metrics.rollup import base_mask
from metrics.tree import ancestor_pairs, inside_codes, unit_table
from metrics.usage import weekly_use

TREND_COLUMNS = ["week", "item", "on_hand", "used"]


def stock_trend(units, items, stock, *, unit_code=None, item_codes=None, tree=None) -> pd.DataFrame:
    """week (ISO Monday), item, on_hand, used: the subtree of `unit_code` (everything when None) summed per
    week from base rows, so a parent's own total never adds to its villages'. Weeks without any report are
    absent, not zero.

    tree: unit_tree(units) (metrics/tree.py) when the caller holds it, so it is not worked out again.
    """
    table, pairs = (unit_table(units), None) if tree is None else tree
    pairs = ancestor_pairs(table) if pairs is None else pairs
    if unit_code is None:
        inside = distinct(table["code"])
    else:
        inside = inside_codes(pairs, unit_code)
    wanted = set(items.loc[items["category"] == SUPPLY, "code"].astype(str))
    if item_codes is not None:
        wanted &= {str(c) for c in item_codes}
    keep = isin(stock["item_code"].astype(str), wanted) & isin(stock["unit_code"].astype(str), inside)
    rows = stock[keep.to_numpy()].copy()
    rows["unit_code"] = rows["unit_code"].astype(str)
    rows["item_code"] = rows["item_code"].astype(str)
    rows = weekly_use(rows)
    rows = rows[base_mask(rows, pairs, ["item_code", "week"]).to_numpy()]
    g = rows.groupby(["week", "item_code"])
    out = pd.DataFrame(
        {"on_hand": g["on_hand"].sum(min_count=1), "used": g["use"].sum(min_count=1)}
    ).reset_index()
    out["week"] = out["week"].dt.strftime("%Y-%m-%d")
    return out.rename(columns={"item_code": "item"})[TREND_COLUMNS]
