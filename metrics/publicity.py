"""Publicity coverage per unit × material: this week, to date, against the target the unit's figures set.

Rules decided here:
- reached = cumulative quantity put up / handed out up to and including the chosen week (for leaflets, one
  per household, so leaflets handed out ÷ households); households_reached is not used for coverage.
- A parent's quantities are the sum of its base rows (rollup.py): its own row counts only for a week and
  material none of its descendants reported.
- target of a unit = target_rate (items frame, overridden per level by `targets`) × the unit's figure named
  by target_driver. Targets pool up the same way: a parent's target is the sum of the targets set below it,
  and its own figure is used only where no descendant has one. For a per-sub-unit target (banners: 2 per
  village or community) a village counts as one, itself.
- Coverage = Σreached ÷ Σtarget × 100 over the same units (docs/figures.md P3): only reach inside the
  subtrees of the target units counts; reach from units outside them (a school with no household target) is
  `reached_outside`, shown beside, never pooled. `cumulative` is everything reached in the subtree. Never
  an average of percentages. No target → coverage None, status 'unknown'.
- Status: red < 80 ≤ amber < 90 ≤ green ≤ 100 < over ('over' = possibly a wrong target), with the shared
  tolerance, so exactly 90 % is green.
- sub_units_reached: a leaf's is the largest it reported to date; a parent's is the number of its direct
  children with any quantity to date, or the largest it reported itself when that is more.
  sub_units_total: the unit's sub_units figure, else (for a parent) the count of its active children.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from domain.catalogue import COVERAGE_GREEN_FROM, COVERAGE_RED_BELOW, PUBLICITY
from domain.levels import VILLAGE
from domain.thresholds import TOLERANCE
from metrics.codes import allowed, distinct, isin, map_codes, unit_codes
from metrics.rollup import base_mask, summed_to_ancestors, to_ancestors
from metrics.supply_grid import driver_values
from metrics.supply_status import resolve_week
from metrics.tree import inside_codes, unit_tree

COVERAGE_COLUMNS = [
    "unit_code",
    "unit",
    "material",
    "material_name",
    "week",
    "week_quantity",
    "cumulative",
    "target",
    "coverage_pct",
    "reached_outside",
    "sub_units_reached",
    "sub_units_total",
    "status",
]


def coverage_status(pct: pd.Series) -> pd.Series:
    """red < 80 ≤ amber < 90 ≤ green ≤ 100 < over, with the tolerance every threshold uses (90 % is green)."""
    conditions = [
        pct.isna(),
        pct > 100 + TOLERANCE,
        pct >= COVERAGE_GREEN_FROM - TOLERANCE,
        pct >= COVERAGE_RED_BELOW - TOLERANCE,
    ]
    return pd.Series(
        np.select(conditions, ["unknown", "over", "green", "amber"], default="red"), index=pct.index
    )


def _targets(table: pd.DataFrame, materials: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """Each unit's own target per material (NaN when the rate or the driver figure is missing)."""
    frames = []
    for m in materials.itertuples():
        rate = pd.Series(float(m.target_rate or 0.0), index=table.index)
        if targets is not None and len(targets):
            mine = targets[targets["material_code"].astype(str) == m.code]
            by_level = dict(zip(mine["level"].astype(str), mine["target_rate"].astype(float), strict=True))
            rate = table["level"].map(by_level).astype(float).fillna(rate)
        figure = driver_values(table, m.target_driver)
        if m.target_driver == "sub_units":
            # "2 banners per village or community" (domain.md): a village is one village, itself, whatever
            # groups (村民小组) its sub_units counts; a town's driver is its villages.
            figure = figure.where(table["level"] != VILLAGE, 1.0)
        own = (rate * figure).where(rate > 0)
        frames.append(pd.DataFrame({"unit_code": table["code"], "material": m.code, "own_target": own}))
    return pd.concat(frames, ignore_index=True)


def publicity_coverage(
    units, items, publicity, *, week=None, unit_code=None, targets=None, tree=None, own_rows_only=False
) -> pd.DataFrame:
    """One row per active unit in the subtree × publicity material (COVERAGE_COLUMNS); see module rules.

    tree: unit_tree(units) (metrics/tree.py) when the caller holds it, so it is not worked out again.
    own_rows_only: only `unit_code`'s own rows (a trend of that unit, week by week), the same figures: its
    sums and targets come from the links to it, and the links to its children tell which of them reached
    anyone; no other unit's row is worked out (a province's 30,000 units, 52 times for a year's trend).
    """
    setup = coverage_setup(
        units, items, unit_code=unit_code, targets=targets, tree=tree, own_rows_only=own_rows_only
    )
    return coverage_of_week(setup, publicity, week=week)


@dataclass(frozen=True)
class CoverageSetup:
    """What publicity_coverage works out from the units, items and targets alone, the same for every week: a
    trend asks for one unit's rows week after week (pages/common/data.publicity_weekly), and worked all of it
    out again each time."""

    pairs: pd.DataFrame
    inside: set[str]
    materials: set[str]
    links: pd.DataFrame
    base_targets: pd.DataFrame  # the own targets that count (base rows): unit_code, material, own_target
    # _pooled_reach's week-free joins: (unit_code, ancestor, material) of each unit inside a target unit's
    # subtree, the target unit as ancestor; (unit_code, material) of each unit in scope with target units
    # below it.
    inside_targets: pd.DataFrame
    above_targets: pd.DataFrame
    grid: pd.DataFrame  # the rows shown (unit × material) with their pooled target
    parent_of: pd.Series
    leaf_of: pd.Series
    active_children: pd.Series


def coverage_setup(
    units, items, *, unit_code=None, targets=None, tree=None, own_rows_only=False
) -> CoverageSetup:
    """publicity_coverage's week-free part, for coverage_of_week (its arguments as publicity_coverage's)."""
    table, pairs = unit_tree(units) if tree is None else tree
    if unit_code is not None:
        inside = inside_codes(pairs, unit_code)
    else:
        inside = distinct(table["code"])
    materials = items[items["category"] == PUBLICITY].reset_index(drop=True)
    in_tree = table[isin(table["code"], inside)]
    shown = in_tree[in_tree["active"]]

    grid = shown[["code", "name", "sub_units"]].rename(columns={"code": "unit_code", "name": "unit"})
    grid = grid.merge(
        materials[["code", "name_zh"]].rename(columns={"code": "material", "name_zh": "material_name"}),
        how="cross",
    )
    scoped = links = pairs[isin(pairs["ancestor"], inside)]
    if own_rows_only and unit_code is not None:
        children = distinct(table.loc[table["parent_code"] == str(unit_code), "code"])
        links = links[isin(links["ancestor"], children | {str(unit_code)})]
        grid = grid[grid["unit_code"] == str(unit_code)]

    own_targets = _targets(in_tree.reset_index(drop=True), materials, targets)
    own_targets = own_targets[own_targets["own_target"].notna()]
    own_targets["base"] = base_mask(own_targets, pairs, ["material"]).to_numpy()
    base_targets = own_targets[own_targets["base"]]
    target = summed_to_ancestors(base_targets, links, "material", ["own_target"])
    target = target.rename(columns={"own_target": "target"})
    return CoverageSetup(
        pairs=pairs,
        inside=inside,
        materials=distinct(materials["code"]),
        links=links,
        base_targets=base_targets,
        # The pairs up to units in scope, not every pair: a target unit lies inside the scope, and the units
        # above the scope are never shown or pooled (a town of a province: 21 units' pairs, not 90,000).
        **_target_joins(base_targets, scoped),
        grid=grid.merge(target, on=["unit_code", "material"], how="left"),
        # Looked up for units in scope only, whose children are in scope too: the scope's rows give the same
        # answers as the whole tree's (a town of a province: 21 rows, not 30,000, for each of its figures).
        parent_of=in_tree.set_index("code")["parent_code"],
        leaf_of=in_tree.set_index("code")["is_leaf"],
        active_children=in_tree[in_tree["active"]].groupby("parent_code").size(),
    )


def coverage_of_week(setup: CoverageSetup, publicity, *, week=None) -> pd.DataFrame:
    """publicity_coverage's rows for `week` (the latest week of `publicity` when None), from its setup."""
    week = resolve_week(publicity, week=week)
    per_unit, reported_reach = _per_unit(publicity, week, setup.inside, setup.materials, setup.pairs)
    return coverage_from_sums(setup, week, per_unit, reported_reach)


def coverage_from_sums(
    setup: CoverageSetup, week: pd.Timestamp | None, per_unit: pd.DataFrame, reported_reach: pd.DataFrame
) -> pd.DataFrame:
    """coverage_of_week's rows from the week's base sums per unit × material (`per_unit`: week_quantity,
    cumulative) and the largest sub-units reached each reported (`reported_reach`: own_reach)."""
    links = setup.links
    rolled = summed_to_ancestors(per_unit, links, "material", ["week_quantity", "cumulative"], min_count=1)
    pooled = _pooled_reach(per_unit, setup)

    # Sub-units reached: the most a unit reported itself, or (parents) its children with any quantity.
    with_qty = per_unit.loc[per_unit["cumulative"] > 0, ["unit_code", "material"]]
    reached_any = to_ancestors(with_qty, links)[["ancestor", "material"]].drop_duplicates()
    reached_any = reached_any.rename(columns={"ancestor": "unit_code"})
    reached_any["parent"] = map_codes(reached_any["unit_code"], setup.parent_of)
    child_reach = (
        reached_any.dropna(subset=["parent"]).groupby(["parent", "material"]).size().rename("child_reach")
    )
    child_reach = child_reach.reset_index().rename(columns={"parent": "unit_code"})

    out = setup.grid.merge(rolled, on=["unit_code", "material"], how="left")
    out = out.merge(pooled, on=["unit_code", "material"], how="left")
    out = out.merge(reported_reach, on=["unit_code", "material"], how="left")
    out = out.merge(child_reach, on=["unit_code", "material"], how="left")
    return shown_rows(setup, week, out)


def shown_rows(setup: CoverageSetup, week: pd.Timestamp | None, out: pd.DataFrame) -> pd.DataFrame:
    """COVERAGE_COLUMNS from the grid's rows with their sums: week_quantity, cumulative (rolled up), pooled
    (the reach that counts against the target), own_reach (the most the unit reported itself) and child_reach
    (its children with any quantity to date), NaN where none."""
    is_leaf = map_codes(out["unit_code"], setup.leaf_of).astype(bool)
    children_reach = out["child_reach"].fillna(0.0).where(~is_leaf)
    out["sub_units_reached"] = pd.concat([out["own_reach"], children_reach], axis=1).max(axis=1)
    child_total = map_codes(out["unit_code"], setup.active_children).astype(float).where(~is_leaf)
    out["sub_units_total"] = out["sub_units"].astype(float).fillna(child_total)
    out["target"] = out["target"].where(out["target"] > 0)
    # Same units above and below (P3): only reach inside the target units' subtrees is pooled.
    out["reached_outside"] = (out["cumulative"].fillna(0.0) - out["pooled"].fillna(0.0)).clip(lower=0.0)
    out["coverage_pct"] = out["pooled"].fillna(0.0) / out["target"] * 100.0
    out["status"] = coverage_status(out["coverage_pct"])
    out["week"] = week.date().isoformat() if week is not None else None
    return out[COVERAGE_COLUMNS].reset_index(drop=True)


def _target_joins(target_units: pd.DataFrame, pairs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """CoverageSetup's inside_targets and above_targets: which target units each unit lies inside, and which
    units have target units below them (worked out once, not again for each week of a trend)."""
    targets = target_units[["unit_code", "material"]].rename(columns={"unit_code": "ancestor"})
    strict = pairs[pairs["distance"] > 0]
    above = strict.merge(targets.rename(columns={"ancestor": "unit_code"}), on="unit_code")
    above = above[["ancestor", "material"]].drop_duplicates().rename(columns={"ancestor": "unit_code"})
    return {"inside_targets": pairs.merge(targets, on="ancestor"), "above_targets": above}


def _pooled_reach(per_unit: pd.DataFrame, setup: CoverageSetup) -> pd.DataFrame:
    """Per unit × material: the reach to date that counts against the target (docs/figures.md P3).

    A row counts when its unit lies inside a target unit's subtree (pooled for that target unit and every
    unit above it), or when target units lie below its unit (a town's own total for its villages: pooled for
    the town and above). Target units never sit below one another, so no row is both. Any other row — a
    school with no household target — is reach beside the target, never pooled.
    """
    reached = per_unit.loc[per_unit["cumulative"] > 0, ["unit_code", "material", "cumulative"]]
    inside = reached.merge(setup.inside_targets, on=["unit_code", "material"])
    inside = inside[["ancestor", "material", "cumulative"]].rename(columns={"ancestor": "unit_code"})
    totals = reached.merge(setup.above_targets, on=["unit_code", "material"])
    pooled = summed_to_ancestors(
        pd.concat([inside, totals], ignore_index=True), setup.links, "material", ["cumulative"]
    )
    return pooled.rename(columns={"cumulative": "pooled"})


def _per_unit(
    publicity, week, inside: set[str], materials: set[str], pairs
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per unit × material from its base rows: week_quantity, cumulative; and own_reach (largest reported).

    When no parent in scope sent its own rows (the usual case) every row is a base row, and the sums run on
    integer codes with bincount: no string is hashed for the ten million rows of a province.
    """
    empty = pd.DataFrame({"unit_code": pd.Series(dtype=str), "material": pd.Series(dtype=str)})
    if week is None or publicity is None or not len(publicity):
        return empty.assign(week_quantity=0.0, cumulative=0.0), empty.assign(own_reach=np.nan)
    weeks, (ucodes, units), (mcodes, mats), keep, all_base = rows_in_scope(
        publicity, week, inside, materials, pairs
    )
    if all_base:
        key = ucodes[keep].astype(np.int64) * len(mats) + mcodes[keep]
        quantity = np.nan_to_num(publicity["quantity"].to_numpy(dtype=float)[keep], copy=False)
        this_week = weeks[keep] == np.datetime64(week)
        size = len(units) * len(mats)
        cumulative = np.bincount(key, weights=quantity, minlength=size)
        week_qty = np.bincount(key, weights=quantity * this_week, minlength=size)
        week_rows = np.bincount(key, weights=this_week, minlength=size)
        rows_to_date = np.bincount(key, minlength=size)
        # fmax skips NaN as groupby().max() does: a unit × material that reported no figure stays NaN.
        reach = np.full(size, np.nan)
        np.fmax.at(reach, key, publicity["sub_units_reached"].to_numpy(dtype=float)[keep])
        return base_sums(units, mats, rows_to_date, cumulative, week_qty, week_rows, reach)

    rows = pd.DataFrame(
        {
            "unit_code": units[ucodes[keep]],
            "material": mats[mcodes[keep]],
            "week": weeks[keep],
            "quantity": publicity["quantity"].to_numpy(dtype=float)[keep],
            "sub_units_reached": publicity["sub_units_reached"].to_numpy(dtype=float)[keep],
        }
    )
    # One figure per unit × material × week before the base test (a unit may send two rows for a week).
    per_week = (
        rows.groupby(["unit_code", "material", "week"], sort=False)
        .agg(quantity=("quantity", "sum"), sub_units_reached=("sub_units_reached", "max"))
        .reset_index()
    )
    per_week["base"] = base_mask(per_week, pairs, ["material", "week"]).to_numpy()
    per_week["this_week"] = np.where(per_week["week"] == week, per_week["quantity"], np.nan)
    base = per_week[per_week["base"]]
    per_unit = (
        base.groupby(["unit_code", "material"], sort=False)
        .agg(
            week_quantity=("this_week", "sum"),
            has_week=("this_week", "count"),
            cumulative=("quantity", "sum"),
        )
        .reset_index()
    )
    per_unit["week_quantity"] = per_unit["week_quantity"].where(per_unit["has_week"] > 0)
    reach = per_week.groupby(["unit_code", "material"])["sub_units_reached"].max().rename("own_reach")
    return per_unit.drop(columns="has_week"), reach.reset_index()


def rows_in_scope(publicity, week, inside: set[str], materials: set[str], pairs):
    """(weeks, (unit codes, units), (material codes, materials), the rows of `inside` units and `materials` up
    to `week`, whether every one of them is a base row: no parent in scope among their units)."""
    weeks = publicity["week"].to_numpy()
    ucodes, units = unit_codes(publicity["unit_code"])
    mcodes, mats = unit_codes(publicity["material_code"])
    keep = (weeks <= np.datetime64(week)) & allowed(units, inside)[ucodes] & allowed(mats, materials)[mcodes]
    parents = distinct(pairs.loc[pairs["distance"] > 0, "ancestor"])
    present = units[np.flatnonzero(np.bincount(ucodes[keep], minlength=len(units)))]
    return weeks, (ucodes, units), (mcodes, mats), keep, parents.isdisjoint(present)


def base_sums(
    units: np.ndarray,
    mats: np.ndarray,
    rows_to_date: np.ndarray,
    cumulative: np.ndarray,
    week_qty: np.ndarray,
    week_rows: np.ndarray,
    reach: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """_per_unit's two frames from its sums over every unit × material (position unit * len(mats) + material):
    the rows to date, the cumulative quantity, the week's quantity and rows, the largest sub-units reached."""
    seen = np.flatnonzero(rows_to_date)
    frame = pd.DataFrame(
        {
            "unit_code": units[seen // len(mats)],
            "material": mats[seen % len(mats)],
            "week_quantity": np.where(week_rows[seen] > 0, week_qty[seen], np.nan),
            "cumulative": cumulative[seen],
            "own_reach": reach[seen],
        }
    )
    return frame.drop(columns="own_reach"), frame[["unit_code", "material", "own_reach"]]
