"""Roll-up of unit figures to every ancestor, through the descendant → ancestor table.

A parent's figure is never its own row plus its children's: in county sheets a town's row is the town's
total, villages included (domain.md). So each figure is counted once, from its *base* row: the row of a unit
none of whose descendants reported the same item in the same week. A parent's own row that has reporting
descendants is not a base row; it is kept only to be checked against their sum (a 合计 check).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.codes import distinct, factor, isin


def base_mask(rows: pd.DataFrame, pairs: pd.DataFrame, keys: list[str]) -> pd.Series:
    """True for rows whose unit has no strict descendant with a row for the same `keys` (item, week, ...).

    Only units that have descendants can lose their base status, so the join touches just the rows below
    the parents that reported themselves: none at all in the usual case where only leaves report.
    """
    strict = pairs[pairs["distance"] > 0]
    reporting_parents = pd.unique(rows["unit_code"][isin(rows["unit_code"], distinct(strict["ancestor"]))])
    if len(reporting_parents) == 0:
        return pd.Series(True, index=rows.index)
    below = strict[isin(strict["ancestor"], distinct(reporting_parents))][["unit_code", "ancestor"]]
    covered = rows[["unit_code", *keys]].merge(below, on="unit_code")
    covered = covered.drop(columns="unit_code").rename(columns={"ancestor": "unit_code"}).drop_duplicates()
    marked = rows[["unit_code", *keys]].merge(
        covered.assign(_covered=True), on=["unit_code", *keys], how="left"
    )
    return pd.Series(marked["_covered"].isna().to_numpy(), index=rows.index)


def to_ancestors(rows: pd.DataFrame, pairs: pd.DataFrame, ancestors=None) -> pd.DataFrame:
    """`rows` repeated once per ancestor of their unit (themselves included), with `ancestor`, `distance`."""
    links = pairs if ancestors is None else pairs[isin(pairs["ancestor"], ancestors)]
    return rows.merge(links, on="unit_code")


def ancestor_positions(
    units: pd.Series, pairs: pd.DataFrame, ancestors=None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """to_ancestors in integers: (row, ancestor, names), one entry per row × ancestor of the row's unit
    (itself included, only `ancestors` when given): position `row` of `units` rolls up to names[ancestor].
    A province's week is 200,000 rows × three ancestors; merging them as strings and grouping by two string
    keys was a quarter of its roll-up. Rows whose unit is not in `pairs` have no entry, as in the merge."""
    links = pairs if ancestors is None else pairs[isin(pairs["ancestor"], ancestors)]
    ancestor, names = factor(links["ancestor"])
    both, _ = pd.factorize(pd.concat([units, links["unit_code"]], ignore_index=True).astype(object))
    row_unit, link_unit = both[: len(units)], both[len(units) :]
    per_unit = np.bincount(link_unit, minlength=max(len(both) and int(both.max()) + 1, 1))
    # Each unit's ancestors side by side (a stable sort by unit), so a row finds its own at starts[unit].
    by_unit = ancestor[np.argsort(link_unit, kind="stable")]
    starts = np.cumsum(per_unit) - per_unit
    known = row_unit >= 0
    unit = np.where(known, row_unit, 0)
    fan = np.where(known, per_unit[unit], 0)
    row = np.repeat(np.arange(len(units)), fan)
    within = np.arange(len(row)) - np.repeat(np.cumsum(fan) - fan, fan)
    return row, by_unit[np.repeat(starts[unit], fan) + within], names


def ancestor_groups(
    rows: pd.DataFrame, pairs: pd.DataFrame, key: str, ancestors=None
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """(row, group, groups): each row × ancestor of ancestor_positions with its group's number, and per group
    (in no particular order) unit_code (the ancestor) and `key`. Rows with no key are left out, as a group-by
    leaves them."""
    row, ancestor, names = ancestor_positions(rows["unit_code"], pairs, ancestors)
    key_code, keys = factor(rows[key])
    key_code = key_code[row]
    row, ancestor, key_code = row[key_code >= 0], ancestor[key_code >= 0], key_code[key_code >= 0]
    width = max(len(keys), 1)
    group, found = pd.factorize(ancestor * width + key_code)
    groups = pd.DataFrame(
        {
            "unit_code": pd.Series(names[found // width], dtype=str),
            key: pd.Series(keys[found % width], dtype=str),
        }
    )
    return row, group, groups


def summed_to_ancestors(
    rows: pd.DataFrame, pairs: pd.DataFrame, key: str, columns: list[str], *, min_count: int = 0
) -> pd.DataFrame:
    """to_ancestors(rows, pairs).groupby(["ancestor", key])[columns].sum(min_count=min_count) as unit_code (the
    ancestor), key, *columns, worked out in integer positions (ancestor_groups) with bincount."""
    row, group, groups = ancestor_groups(rows, pairs, key)
    for column in columns:
        values = rows[column].to_numpy(dtype=float, na_value=np.nan)[row]
        groups[column] = group_sums(group, values, len(groups), min_count=min_count)
    return groups


def group_sums(group: np.ndarray, values: np.ndarray, count: int, *, min_count: int = 0) -> np.ndarray:
    """Per group 0 … count − 1, the sum of its `values` with NaN skipped, NaN where it has fewer than
    `min_count` of them: pandas' sum(min_count=…) of a group-by, with bincount."""
    taken = ~np.isnan(values)
    # float even with no values at all (bincount gives an empty int array then).
    sums = np.bincount(group, weights=np.where(taken, values, 0.0), minlength=count).astype(float)
    if min_count:
        sums[np.bincount(group, weights=taken, minlength=count) < min_count] = np.nan
    return sums


def status_counts(
    leaf_status: pd.DataFrame, pairs: pd.DataFrame, key: str, statuses: list[str]
) -> pd.DataFrame:
    """For every strict ancestor × key: how many of its leaves have each status (children_<status> columns)."""
    strict = pairs[pairs["distance"] > 0][["unit_code", "ancestor"]]
    joined = leaf_status[["unit_code", key, "status"]].merge(strict, on="unit_code")
    joined = joined[joined["status"].isin(statuses)]
    counts = joined.groupby(["ancestor", key, "status"]).size().unstack("status")
    counts = counts.reindex(columns=statuses).fillna(0).astype("int64")
    counts.columns = [f"children_{s}" for s in statuses]
    return counts.reset_index().rename(columns={"ancestor": "unit_code"})
