"""Frames in a form that crosses the reader process's pipe small: the parent rebuilds them exactly.

A province file's records are 450,000 rows; pickled as they are they came to 42 MB, and pushing that through
a pipe cost more than a quarter of a second on a busy server. Text columns repeat a few thousand values (unit
codes, item codes, the sheet's name), so they travel as Arrow dictionary indices; a column of nothing but NaN
(days out of stock, on most sheets) travels as its length; row numbers as 32-bit integers when they fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

_INT32 = np.iinfo(np.int32)


@dataclass(frozen=True)
class PackedFrame:
    columns: pd.Index
    length: int
    parts: tuple  # one (kind, payload, dtype) a column
    index: pd.Index | None  # None: the usual RangeIndex from 0


def pack(frame: pd.DataFrame) -> PackedFrame | pd.DataFrame:
    """The frame as a PackedFrame; the frame itself when its columns are not unique (it pickles as it is)."""
    if not frame.columns.is_unique:
        return frame
    index = None if _plain_range(frame.index) else frame.index
    parts = tuple(_pack_column(frame[name]) for name in frame.columns)
    return PackedFrame(frame.columns, len(frame), parts, index)


def unpack(packed: PackedFrame | pd.DataFrame) -> pd.DataFrame:
    if isinstance(packed, pd.DataFrame):
        return packed
    index = packed.index if packed.index is not None else pd.RangeIndex(packed.length)
    data = {position: _unpack_column(part, index) for position, part in enumerate(packed.parts)}
    frame = pd.DataFrame(data, index=index)
    frame.columns = packed.columns
    return frame


def _plain_range(index: pd.Index) -> bool:
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None


def _pack_column(series: pd.Series) -> tuple:
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and not series.hasnans:
        arrow = series.array.__arrow_array__()
        if isinstance(arrow, pa.ChunkedArray):
            arrow = arrow.combine_chunks()
        encoded = arrow.dictionary_encode()
        return "text", (encoded.indices, encoded.dictionary), dtype
    if dtype == np.float64 and len(series) and series.isna().all():
        return "nan", None, dtype
    if dtype == np.int64 and len(series) and _INT32.min <= series.min() and series.max() <= _INT32.max:
        return "int32", series.to_numpy().astype(np.int32), dtype
    return "as is", series.array, dtype


def _unpack_column(part: tuple, index: pd.Index) -> object:
    kind, payload, dtype = part
    length = len(index)
    if kind == "text":
        indices, dictionary = payload
        expanded = pa.DictionaryArray.from_arrays(indices, dictionary).cast(dictionary.type)
        return pd.array(expanded, dtype=dtype)
    if kind == "nan":
        return np.full(length, np.nan)
    if kind == "int32":
        return payload.astype(np.int64)
    # A Series keeps its dtype in the frame; a bare array of objects would be read again as text.
    return pd.Series(payload, index=index, dtype=dtype, copy=False)
