"""Numbers in Chinese conventions, the tree helpers and JSON-ready records."""

import json

import numpy as np
import pandas as pd
import pytest

from metrics import numbers_zh, records
from metrics.tree import ancestor_pairs, children, depth, descendants, subtree
from tests.metrics_fixtures import units_frame


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (0, {}, "0"),
        (1.25, {}, "1.2"),
        (1.0, {}, "1"),
        (157.4, {}, "157"),
        (16000, {}, "16,000"),
        (99_999, {}, "99,999"),
        (100_000, {}, "10万"),
        (183_000, {}, "18.3万"),
        (2_000_000, {}, "200万"),
        (12_000, {"wan_from": 10_000}, "1.2万"),
        (200_000, {"lang": "en"}, "200,000"),
        (None, {}, "—"),
        (float("nan"), {}, "—"),
        (-5, {}, "-5"),
    ],
)
def test_quantity(value, kwargs, text):
    assert numbers_zh.quantity(value, **kwargs) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.99, "0.9"), (1, "1.0"), (6.99, "6.9"), (7, "7.0"), (13.99, "13.9"), (14, "14.0"), (1.3333, "1.3")],
)
def test_days_are_cut_not_rounded(value, text):
    assert numbers_zh.days(value) == text


@pytest.mark.parametrize(("value", "text"), [(79.6, "79%"), (80, "80%"), (62.0, "62%"), (1234.5, "1,234%")])
def test_percent(value, text):
    assert numbers_zh.percent(value) == text


def test_week_name():
    assert numbers_zh.week_name(pd.Timestamp("2020-02-03")) == "2020年第6周"
    assert numbers_zh.week_name(pd.Timestamp("2020-02-03"), "en") == "2020-W06"


def test_tree_helpers():
    units = units_frame()
    assert children(units, "T2") == ["V21", "V22", "S21"]
    assert descendants(units, "C") == ["T1", "T2", "V11", "V12", "V21", "V22", "S21"]
    assert subtree(units, "T1") == ["T1", "V11", "V12"]
    assert subtree(units, None) == units["code"].tolist()
    assert depth(units).to_dict() == {
        "C": 0,
        "S21": 2,
        "T1": 1,
        "T2": 1,
        "V11": 2,
        "V12": 2,
        "V21": 2,
        "V22": 2,
    }
    pairs = ancestor_pairs(units, include_self=False)
    assert sorted(pairs[pairs["unit_code"] == "V11"][["ancestor", "distance"]].values.tolist()) == [
        ["C", 2],
        ["T1", 1],
    ]
    with pytest.raises(KeyError):
        subtree(units, "nope")


def test_records_are_json_ready():
    frame = pd.DataFrame(
        {
            "a": [np.int64(1), np.int64(2)],
            "b": [np.nan, 1.5],
            "c": ["x", None],
            "d": [pd.Timestamp("2020-02-03"), pd.NaT],
            "e": [True, False],
        }
    )
    got = records(frame)
    assert got == [
        {"a": 1, "b": None, "c": "x", "d": "2020-02-03", "e": True},
        {"a": 2, "b": 1.5, "c": None, "d": None, "e": False},
    ]
    assert type(got[0]["a"]) is int and type(got[0]["e"]) is bool
    json.dumps(got)
