"""Publicity coverage week after week (a unit's trend), each week's sums carried on from the week before.

coverage_of_week sums every row up to its week: a year's trend summed the first week 52 times, the second 51,
and so on (a province's 2.9 million rows, 0.15 s a week). Here the rows are put in week order once and each
week adds only its own rows to the running sums; each week's coverage is then worked out from those sums as
coverage_of_week does (metrics/publicity.coverage_from_sums), the same figures. That holds while every row is
a base row (no parent in scope sent rows of its own, the usual case); otherwise each week is worked out whole.

The trend shows one unit's rows (own_rows_only). For those, the week's figures are read off the running sums
directly (_one_unit_weeks): the unit's sums are those of every unit × material below it, its pooled reach
those of the units whose reach counts against a target (fixed for the trend: the setup's joins), its children
reached those with a unit below them that reached anyone. coverage_from_sums joined 60,000 unit × material
sums to the tree for that, 0.14 s a week at a province (7 s for a year's trend); this is a few bincounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.codes import allowed, isin, map_codes, sorted_distinct
from metrics.publicity import (
    CoverageSetup,
    base_sums,
    coverage_from_sums,
    coverage_of_week,
    rows_in_scope,
    shown_rows,
)
from metrics.supply_status import resolve_week

# What shown_rows needs beside the grid's columns.
SUMS = ("week_quantity", "cumulative", "pooled", "own_reach", "child_reach")


def coverage_by_week(setup: CoverageSetup, publicity: pd.DataFrame, weeks: list) -> list[pd.DataFrame]:
    """[coverage_of_week(setup, publicity, week=w) for w in weeks], `weeks` in ascending order."""
    mondays = [resolve_week(publicity, week=w) for w in weeks]
    if mondays != sorted(mondays):
        raise ValueError("weeks must be in ascending order")
    rows = _rows_by_week(setup, publicity, mondays) if mondays and len(publicity) else None
    if rows is None:
        return [coverage_of_week(setup, publicity, week=w) for w in weeks]
    if setup.grid["unit_code"].nunique() == 1:
        return _one_unit_weeks(setup, rows, mondays)
    return [
        coverage_from_sums(setup, monday, *base_sums(rows.units, rows.mats, *sums))
        for monday, sums in zip(mondays, _weeks(rows, mondays), strict=True)
    ]


@dataclass(frozen=True)
class _Rows:
    """The rows in scope in week order, keyed by unit * len(mats) + material, and where each week ends."""

    units: np.ndarray
    mats: np.ndarray
    key: np.ndarray
    row_weeks: np.ndarray
    quantity: np.ndarray
    reached: np.ndarray
    ends: np.ndarray


def _rows_by_week(setup: CoverageSetup, publicity: pd.DataFrame, mondays: list[pd.Timestamp]) -> _Rows | None:
    """The rows up to the last of `mondays`, or None when a parent in scope sent rows of its own up to then
    (its rows count only where none below it reported: each week is worked out whole)."""
    weeks, (ucodes, units), (mcodes, mats), keep, all_base = rows_in_scope(
        publicity, mondays[-1], setup.inside, setup.materials, setup.pairs
    )
    if not all_base:
        return None
    rows = np.flatnonzero(keep)
    rows = rows[np.argsort(weeks[rows], kind="stable")]  # week order; a week's rows in their own order
    row_weeks = weeks[rows]
    return _Rows(
        units=units,
        mats=mats,
        key=ucodes[rows].astype(np.int64) * len(mats) + mcodes[rows],
        row_weeks=row_weeks,
        quantity=np.nan_to_num(publicity["quantity"].to_numpy(dtype=float)[rows]),
        reached=publicity["sub_units_reached"].to_numpy(dtype=float)[rows],
        ends=np.searchsorted(row_weeks, np.array([np.datetime64(m) for m in mondays]), side="right"),
    )


def _running_sums(
    setup: CoverageSetup, publicity: pd.DataFrame, mondays: list[pd.Timestamp]
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]] | None:
    """The base sums of each week in `mondays` (as publicity._per_unit gives them), or None when each week
    must be worked out whole."""
    rows = _rows_by_week(setup, publicity, mondays)
    if rows is None:
        return None
    return (base_sums(rows.units, rows.mats, *sums) for sums in _weeks(rows, mondays))


def _weeks(rows: _Rows, mondays: list[pd.Timestamp]) -> Iterator[tuple[np.ndarray, ...]]:
    """Per week, over every unit × material (position key): the rows to date, the cumulative quantity, the
    week's quantity and rows, the largest sub-units reached. The arrays are the running sums themselves, changed
    in place for the next week: use them before asking for it."""
    size = len(rows.units) * len(rows.mats)
    rows_to_date = np.zeros(size, dtype=np.int64)
    cumulative = np.zeros(size)
    reach = np.full(size, np.nan)  # fmax skips NaN, as groupby().max() does
    start = 0
    for monday, end in zip(mondays, rows.ends, strict=True):
        # The rows after the week before, up to and including this week: only this week's own count as its
        # week's quantity (weeks between two asked for still count to date).
        span = slice(start, end)
        key = rows.key[span]
        rows_to_date += np.bincount(key, minlength=size)
        cumulative += np.bincount(key, weights=rows.quantity[span], minlength=size)
        np.fmax.at(reach, key, rows.reached[span])
        this_week = rows.row_weeks[span] == np.datetime64(monday)
        week_qty = np.bincount(key, weights=rows.quantity[span] * this_week, minlength=size)
        week_rows = np.bincount(key, weights=this_week, minlength=size)
        start = end
        yield rows_to_date, cumulative, week_qty, week_rows, reach


def _one_unit_weeks(setup: CoverageSetup, rows: _Rows, mondays: list[pd.Timestamp]) -> list[pd.DataFrame]:
    """coverage_from_sums' rows of the setup's one unit, each week, read off the running sums."""
    grid = setup.grid.reset_index(drop=True)
    unit = str(grid["unit_code"].iloc[0])
    n_mats = len(rows.mats)
    material = np.tile(np.arange(n_mats), len(rows.units))  # each key's material
    below, child_below, pooled_weight, own = _unit_weights(setup, unit, rows)
    under, child = np.repeat(below, n_mats), np.repeat(child_below, n_mats)
    position = {m: i for i, m in enumerate(rows.mats)}
    grid_material = np.array([position.get(str(m), -1) for m in grid["material"]], dtype=np.int64)

    def on_grid(values: np.ndarray) -> np.ndarray:
        """Per grid row, its material's value (NaN for a material without any row)."""
        return np.where(grid_material >= 0, values[np.maximum(grid_material, 0)], np.nan)

    sums: dict[str, list[np.ndarray]] = {k: [] for k in SUMS}
    for rows_to_date, cumulative, week_qty, week_rows, reach in _weeks(rows, mondays):
        seen = under & (rows_to_date > 0)
        # Rolled up with min_count=1: NaN where no unit below reported the material (this week, to date).
        in_week = seen & (week_rows > 0)
        sums["week_quantity"].append(on_grid(_per_material(material, in_week, week_qty, n_mats)))
        sums["cumulative"].append(on_grid(_per_material(material, seen, cumulative, n_mats)))
        reached = seen & (cumulative > 0)
        sums["pooled"].append(on_grid(_per_material(material, reached, cumulative * pooled_weight, n_mats)))
        # A child counts once per material however many units below it reached anyone.
        by_child = reached & (child >= 0)
        pairs = sorted_distinct(child[by_child] * n_mats + material[by_child])
        sums["child_reach"].append(on_grid(np.bincount(pairs % n_mats, minlength=n_mats).astype(float)))
        own_reach = np.full(n_mats, np.nan)
        if own >= 0:
            mine = slice(own * n_mats, (own + 1) * n_mats)
            own_reach = np.where(rows_to_date[mine] > 0, reach[mine], np.nan)
        sums["own_reach"].append(on_grid(own_reach))
    # Every week's rows at once: the shown columns worked out week by week cost 15 ms each.
    out = pd.concat([grid] * len(mondays), ignore_index=True).assign(
        **{name: np.concatenate(parts) for name, parts in sums.items()}
    )
    out = shown_rows(setup, None, out)
    out["week"] = np.repeat([m.date().isoformat() for m in mondays], len(grid))
    return [out.iloc[n * len(grid) : (n + 1) * len(grid)].reset_index(drop=True) for n in range(len(mondays))]


def _per_material(material: np.ndarray, taken: np.ndarray, values: np.ndarray, n_mats: int) -> np.ndarray:
    """Per material, the sum of the taken keys' values in key order (as the roll-up adds them), NaN where no key
    is taken (a sum with min_count=1)."""
    sums = np.bincount(material[taken], weights=values[taken], minlength=n_mats).astype(float)
    sums[np.bincount(material[taken], minlength=n_mats) == 0] = np.nan
    return sums


def _unit_weights(
    setup: CoverageSetup, unit: str, rows: _Rows
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Per position of rows.units: whether it lies below `unit` (itself included), which child of `unit` it
    lies below (-1: none); per key: how many times its reach is pooled for `unit` (the setup's joins, as
    publicity._pooled_reach makes them); and the unit's own position (-1: no row of it)."""
    links = setup.links
    to_unit = links[(links["ancestor"] == unit).to_numpy()]
    below = set(to_unit["unit_code"].astype(str))
    under = allowed(rows.units, below)[:-1]
    parents = map_codes(links["ancestor"], setup.parent_of)
    to_child = links[parents.eq(unit).fillna(False).astype(bool).to_numpy()]
    children = {c: i for i, c in enumerate(dict.fromkeys(to_child["ancestor"].astype(str)))}
    child_of = dict(
        zip(to_child["unit_code"].astype(str), to_child["ancestor"].astype(str).map(children), strict=True)
    )
    child = np.array([child_of.get(u, -1) for u in rows.units], dtype=np.int64)

    # Inside a target unit below `unit` (pooled there, then up to `unit`), or above target units (its own total).
    inside = setup.inside_targets
    inside = inside[isin(inside["ancestor"], below).to_numpy()][["unit_code", "material"]]
    above = setup.above_targets
    above = above[isin(above["unit_code"], below).to_numpy()][["unit_code", "material"]]
    pooling = pd.concat([inside, above], ignore_index=True)
    unit_position = {u: i for i, u in enumerate(rows.units)}
    material_position = {m: i for i, m in enumerate(rows.mats)}
    u = pooling["unit_code"].astype(str).map(unit_position)
    m = pooling["material"].astype(str).map(material_position)
    known = (u.notna() & m.notna()).to_numpy()
    weight = np.bincount(
        u.to_numpy()[known].astype(np.int64) * len(rows.mats) + m.to_numpy()[known].astype(np.int64),
        minlength=len(rows.units) * len(rows.mats),
    ).astype(float)
    return under, child, weight, unit_position.get(unit, -1)
