"""metrics.codes.pair_positions: where each (unit, item) pair lies among the held pairs, by hand; sorted_distinct
against numpy's own np.unique."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from metrics.codes import pair_positions, sorted_counts, sorted_distinct


def test_each_pair_is_found_at_its_held_position_and_an_unheld_pair_is_minus_one():
    held_units = pd.Series(["V1", "V1", "V2", "V3"])
    held_items = pd.Series(["mask", "gloves", "mask", "alcohol"])
    units = pd.Series(["V2", "V1", "V1", "V3", "V4", "V2"])
    items = pd.Series(["mask", "gloves", "alcohol", "alcohol", "mask", "gloves"])
    found = pair_positions(held_units, held_items, units, items)
    # V2·mask is held third, V1·gloves second, V1·alcohol not held (V1 and alcohol are, apart), V3·alcohol
    # fourth, V4 is not held at all, V2·gloves not held.
    assert found.tolist() == [2, 1, -1, 3, -1, -1]


def test_categorical_and_text_codes_of_the_same_pairs_match():
    held_units = pd.Series(pd.Categorical(["B", "A", "B"], categories=["B", "A", "Z"]))
    held_items = pd.Series(pd.Categorical(["x", "x", "y"]))
    units = pd.Series(["A", "B", "B", "Z"], dtype="str")
    items = pd.Series(["x", "y", "x", "x"], dtype=object)
    assert pair_positions(held_units, held_items, units, items).tolist() == [1, 2, 0, -1]


def test_nothing_held_or_nothing_asked():
    empty = pd.Series([], dtype="str")
    assert pair_positions(empty, empty, pd.Series(["A"]), pd.Series(["x"])).tolist() == [-1]
    found = pair_positions(pd.Series(["A"]), pd.Series(["x"]), empty, empty)
    assert found.dtype == np.intp and found.tolist() == []


def test_sorted_distinct_by_hand():
    assert sorted_distinct(np.array([5, 3, 5, -2, 3, 9], dtype=np.int64)).tolist() == [-2, 3, 5, 9]
    assert sorted_distinct(np.array([], dtype=np.int64)).tolist() == []
    assert sorted_distinct(np.array([7], dtype=np.int64)).tolist() == [7]


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=200))
def test_sorted_distinct_is_numpys_unique(values):
    array = np.array(values, dtype=np.int64)
    found = sorted_distinct(array)
    assert found.dtype == np.int64
    assert found.tolist() == np.unique(array).tolist()
    values_found, counts_found = sorted_counts(array)
    values_numpy, counts_numpy = np.unique(array, return_counts=True)
    assert (values_found.tolist(), counts_found.tolist()) == (values_numpy.tolist(), counts_numpy.tolist())
