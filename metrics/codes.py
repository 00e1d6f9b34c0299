"""Unit and item codes as integers, so million-row frames are grouped without hashing strings.

A store may hand codes over as strings or as categoricals; both come out as (int codes, str uniques).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def factor(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques) with uniques[codes] == values as strings; code -1 for missing values."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = np.asarray(values.cat.categories.astype(str), dtype=object)
        return values.cat.codes.to_numpy().astype(np.int64), cats
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), np.asarray(pd.Index(uniques).astype(str), dtype=object)


def unit_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Like `factor`, but a categorical's codes stay in their own small integer type (no copy): enough to
    index a lookup table, not to multiply."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), np.asarray(values.cat.categories.astype(str), dtype=object)
    return factor(values)


def allowed(uniques: np.ndarray, wanted: set[str]) -> np.ndarray:
    """Boolean per unique code: is it in `wanted`? Index it with codes (codes -1 never allowed)."""
    return np.append(isin(pd.Series(uniques, dtype=object), wanted).to_numpy(), False)


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in `ordered` (sorted, or grouped by value): its positions."""
    if not len(ordered):
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) for integers, by sorting: numpy 2's np.unique hashes them, 20–40× slower (a
    province's 1.4 million unit × week keys: 0.6–1.6 s against 0.03 s)."""
    ordered = np.sort(values)
    return ordered[run_starts(ordered)]


def sorted_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_counts=True) for integers, by sorting as sorted_distinct."""
    ordered = np.sort(values)
    starts = run_starts(ordered)
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])


def distinct(values) -> set:
    """set(values), without iterating an Arrow string column value by value (15× slower)."""
    return set(np.asarray(values, dtype=object).tolist()) if len(values) else set()


def isin(values: pd.Series, wanted) -> pd.Series:
    """values.isin(wanted), faster: pandas' isin on Arrow strings spends 100 ms on 30,000 unit codes, and the
    tree, roll-ups and scopes ask it many times a call. Arrow strings go straight to pyarrow's is_in, other
    columns through Python objects."""
    if isinstance(wanted, (pd.Series, pd.Index, np.ndarray)):
        wanted = np.asarray(wanted, dtype=object).tolist()
    elif not isinstance(wanted, (set, frozenset, list)):
        wanted = list(wanted)
    dtype = values.dtype
    value_set = None
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        value_set = _text_set(wanted)
    if value_set is not None:
        column = values.array.__arrow_array__()
        found = np.asarray(pc.is_in(column, value_set=value_set.cast(column.type)))
    else:
        found = pd.Series(values.to_numpy(dtype=object), dtype=object).isin(wanted).to_numpy()
    return pd.Series(found, index=values.index, name=values.name)


def map_codes(values: pd.Series, mapping) -> pd.Series:
    """values.map(mapping), each distinct value looked up once: a grid of units × materials repeats each unit
    code once per material, and mapping Arrow strings one by one is the slow part. Same values and dtype."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = pd.Series(uniques, dtype=values.dtype).map(mapping)
    return mapped.iloc[codes].set_axis(values.index).rename(values.name)


def _text_set(wanted) -> pa.Array | None:
    """`wanted` as an Arrow string array when every value is a str, else None (then pandas compares objects).

    Arrow checks the types while it converts: a Python loop of isinstance over 30,000 unit codes took longer
    than the lookup itself, and the tree and roll-ups ask with the same set many times a call."""
    values = wanted if isinstance(wanted, list) else list(wanted)
    try:
        array = pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    # None becomes a null and bytes become text: neither is a str, and pandas must compare it as itself.
    if array.null_count or bytes in set(map(type, values)):
        return None
    return array


def sorted_factor(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Like `factor`, with uniques in string order, so comparing codes compares the strings."""
    codes, uniques = factor(values)
    order = np.argsort(uniques, kind="stable")
    if (order == np.arange(len(order))).all():
        return codes, uniques
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return np.where(codes >= 0, rank[codes], -1), uniques[order]


def pair_positions(
    held_units: pd.Series, held_items: pd.Series, units: pd.Series, items: pd.Series
) -> np.ndarray:
    """For each (units[i], items[i]), the position of the same pair among the held pairs (which are distinct),
    -1 when not held. Codes as strings or categoricals, each distinct code compared once: a MultiIndex of
    Arrow strings took ten times longer on a province's 240,000 series."""
    held_unit_numbers, unit_numbers, unit_count = _shared_numbers(held_units, units)
    held_item_numbers, item_numbers, item_count = _shared_numbers(held_items, items)
    held_pairs = held_unit_numbers * (item_count + 1) + held_item_numbers
    return pd.Index(held_pairs).get_indexer(unit_numbers * (item_count + 1) + item_numbers)


def _shared_numbers(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, np.ndarray, int]:
    """Both columns' codes numbered alike (equal strings, equal numbers; a missing code its own number)."""
    first_codes, first_uniques = factor(first)
    second_codes, second_uniques = factor(second)
    numbers, names = pd.factorize(np.concatenate([first_uniques, second_uniques]))
    missing = len(names)
    first_map = np.append(numbers[: len(first_uniques)], missing).astype(np.int64)
    second_map = np.append(numbers[len(first_uniques) :], missing).astype(np.int64)
    return first_map[first_codes], second_map[second_codes], missing + 1
