"""uploads.packed_frames: what the reader process sends back is rebuilt exactly (values, dtypes, index), and
is smaller than the frame pickled as it is; parse_in_worker gives what parse_file gives."""

from __future__ import annotations

import math
import pickle
from datetime import date

import numpy as np
import pandas as pd

from domain.parse_limits import DEFAULT_LIMITS
from loaders import parse_file
from tests.conftest_loaders import ITEMS, make_units
from tests.workbooks import wide_stock_workbook
from uploads.packed_frames import PackedFrame, pack, unpack
from uploads.parse_worker import parse_in_worker


def _round_trip(frame: pd.DataFrame) -> pd.DataFrame:
    return unpack(pickle.loads(pickle.dumps(pack(frame))))


def _assert_identical(rebuilt: pd.DataFrame, frame: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(rebuilt, frame, check_exact=True, check_column_type=True)
    assert [str(t) for t in rebuilt.dtypes] == [str(t) for t in frame.dtypes]
    assert rebuilt.columns.dtype == frame.columns.dtype


def test_every_kind_of_column_comes_back_as_it_was():
    frame = pd.DataFrame(
        {
            "unit_code": ["C01", "C0101", "C01", "C0102"],
            "week": pd.to_datetime(["2020-02-03", "2020-02-03", "2020-02-10", None]).astype("datetime64[ns]"),
            "item_code": ["mask", "mask", "n95", "mask"],
            "on_hand": [1200.0, math.nan, 3.5, 0.0],
            "days_out": [math.nan] * 4,
            "row": np.array([5, 6, 2**40, 8], dtype=np.int64),  # past 32 bits: sent as it is
            "parent_code": pd.Series([None, "C01", None, "C"], dtype=object),  # None kept, not NaN
            "note": ["甲", math.nan, "乙", "甲"],  # text with a gap: sent as it is
        }
    )
    frame["count"] = np.array([1, 2, 3, 4], dtype=np.int64)
    rebuilt = _round_trip(frame)
    _assert_identical(rebuilt, frame)
    assert rebuilt["unit_code"].tolist() == ["C01", "C0101", "C01", "C0102"]
    assert rebuilt["row"].tolist() == [5, 6, 2**40, 8]
    assert rebuilt["parent_code"].tolist() == [None, "C01", None, "C"]
    packed = pack(frame)
    assert isinstance(packed, PackedFrame)
    kinds = [kind for kind, _, _ in packed.parts]
    assert kinds == ["text", "as is", "text", "as is", "nan", "as is", "as is", "as is", "int32"]


def test_an_index_other_than_0_to_n_and_empty_frames_survive():
    frame = pd.DataFrame({"a": ["x", "y", "z"], "b": [1.0, 2.0, 3.0]}).iloc[[2, 0]]
    _assert_identical(_round_trip(frame), frame)
    empty = pd.DataFrame({"a": pd.Series(dtype=object), "b": pd.Series(dtype=float)})
    _assert_identical(_round_trip(empty), empty)
    twice = pd.DataFrame([[1, 2]], columns=["a", "a"])
    assert pack(twice) is twice  # columns of one name: sent as it is


def test_repeated_codes_pack_to_a_fraction_of_the_pickle():
    rows = 60_000
    frame = pd.DataFrame(
        {
            "unit_code": [f"V{i % 3000:06d}" for i in range(rows)],
            "item_code": ["mask_surgical"] * rows,
            "on_hand": np.arange(rows, dtype=float),
            "days_out": np.full(rows, math.nan),
            "row": np.arange(rows, dtype=np.int64) + 5,
        }
    )
    packed, plain = len(pickle.dumps(pack(frame))), len(pickle.dumps(frame))
    # Plain: 13 bytes of text a row (8 + 13 characters less offsets, about 21) + 24 of numbers ≈ 45 bytes a row;
    # packed: two 4-byte indices + 8 of on_hand + 4 of row = 20 bytes a row, well under half.
    assert packed < plain * 0.5
    _assert_identical(unpack(pickle.loads(pickle.dumps(pack(frame)))), frame)


def test_the_reader_process_gives_what_parse_file_gives():
    content = wide_stock_workbook(
        "东河县防疫物资周报表（2020年第6周）",
        [
            ["李家村", 1200, 500, 380],
            ["王庄村", 900, 0, 300],
            ["李家村", 5, 5, 5],
            ["无名村", 1, 1, 1],
            ["东河", 7, 7, 7],
        ],
    )
    units = make_units()
    for add_units in (False, True):
        here = parse_file("周报.xlsx", content, units, ITEMS, week=date(2020, 2, 3), add_units=add_units)
        there = parse_in_worker(
            "周报.xlsx", content, units, ITEMS, DEFAULT_LIMITS, week=date(2020, 2, 3), add_units=add_units
        )
        for mine, theirs in ((there.stock, here.stock), (there.publicity, here.publicity),
                             (there.new_units, here.new_units)):  # fmt: skip
            _assert_identical(mine, theirs)
        assert there.problems == here.problems
        assert [p.code for p in there.problems if p.code != "total_mismatch"][:2] == [
            "unknown_unit" if not add_units else "new_unit",
            "duplicate_row",
        ]
        assert there.stock["on_hand"].tolist()[:2] == [1200.0, 900.0]
        # 东河 is 东河镇's alias (C01): the aliases still reach the reader process.
        assert there.stock.loc[there.stock["unit_code"] == "C01", "on_hand"].tolist() == [7.0]
