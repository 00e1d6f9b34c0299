"""The readers' record blocks → one stock or publicity frame: pieces of one item summed, a unit × week × item
written twice reported once per extra row.

A block is a dict of columns: arrays (or lists) one value a row, or a scalar that stands for the whole block
(its item, its sheet). A province file gives 15 blocks of 30,000 rows; building a frame per block and joining
them cost a quarter of a second, so the columns are joined in numpy and the frame is built once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from domain.frames import SOURCE_COLUMNS
from domain.problems import Problem
from loaders import messages

# Only the messages about a duplicated or summed row name them: kept aside, put in the frame when needed.
_WRITTEN = ("unit_label", "unit_written")
_TEXT = pd.Series(np.array(["text"], dtype=object)).dtype  # the str dtype pandas gives a column of text


def record_frame(
    problems: list[Problem], blocks: list[dict], columns: list[str], code_column: str
) -> pd.DataFrame:
    """Blocks → one frame; distribution lines summed; the same unit × week × item twice is an error."""
    if not blocks:
        return empty_frame(columns)
    data = _join(blocks)
    written = {name: data.pop(name) for name in _WRITTEN}
    frame = pd.DataFrame(data)
    frame = frame.rename(columns={"item_code": code_column})
    frame["week"] = pd.to_datetime(frame["week"]).astype("datetime64[ns]")
    key = ["unit_code", "week", code_column]
    measures = columns[3:]
    if frame["_sum"].any():
        frame = frame.assign(**written)
        summed = frame[frame["_sum"]]
        totals = summed.groupby(key, sort=False)[measures].sum(min_count=1)
        firsts = summed.groupby(key, sort=False)[["sheet", "row", *_WRITTEN]].first()
        summed = totals.join(firsts).reset_index()
        frame = pd.concat([frame[~frame["_sum"]], summed], ignore_index=True)
    duplicated = frame.duplicated(subset=key, keep="first")
    if duplicated.any():
        if _WRITTEN[0] not in frame:
            frame = frame.assign(**written)
        first_rows = frame[~duplicated].set_index(key)["row"]
        for record in frame[duplicated].itertuples(index=False):
            first = first_rows.loc[(record.unit_code, record.week, getattr(record, code_column))]
            problems.append(
                messages.duplicate_row(
                    record.sheet, int(record.row), record.unit_label, record.unit_written, int(first)
                )
            )
        frame = frame[~duplicated]
    frame = frame[columns + SOURCE_COLUMNS].reset_index(drop=True)
    frame[measures] = frame[measures].astype(np.float64)
    frame["row"] = frame["row"].astype("int64")
    return frame


def empty_frame(columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=float) for c in columns + SOURCE_COLUMNS})
    frame["unit_code"] = frame["unit_code"].astype(object)
    frame["week"] = pd.Series(dtype="datetime64[ns]")
    frame[columns[2]] = frame[columns[2]].astype(object)
    frame["sheet"] = frame["sheet"].astype(object)
    frame["row"] = frame["row"].astype("int64")
    return frame


def _join(blocks: list[dict]) -> dict[str, object]:
    """Each column of the blocks joined end to end, as pd.concat of one frame per block would join them."""
    if any(block.keys() != blocks[0].keys() for block in blocks):
        joined = pd.concat([pd.DataFrame(b) for b in blocks], ignore_index=True)
        return {name: joined[name] for name in joined}
    sizes = [next((len(v) for v in b.values() if isinstance(v, (np.ndarray, list))), 1) for b in blocks]
    columns: dict[str, object] = {}
    for name in blocks[0]:
        values = [block[name] for block in blocks]
        if all(type(value) is str for value in values):
            columns[name] = _repeated_text(values, sizes)
            continue
        parts = []
        for value, size in zip(values, sizes, strict=True):
            if isinstance(value, np.ndarray):
                parts.append(value)
            elif isinstance(value, list):
                parts.append(_objects(value))
            else:
                parts.append(np.full(size, value, dtype=object if isinstance(value, str) else None))
        columns[name] = np.concatenate(parts) if len(parts) > 1 else parts[0]
    return columns


def _repeated_text(values: list[str], sizes: list[int]) -> pd.api.extensions.ExtensionArray:
    """One text a block (its item code, its sheet), repeated over the block's rows without a Python object per
    row: indices into the distinct texts, expanded by Arrow."""
    distinct = list(dict.fromkeys(values))
    position = {text: i for i, text in enumerate(distinct)}
    indices = np.repeat(np.array([position[v] for v in values], dtype=np.int32), sizes)
    encoded = pa.DictionaryArray.from_arrays(pa.array(indices), pa.array(distinct, type=pa.large_string()))
    return pd.array(encoded.cast(pa.large_string()), dtype=_TEXT)


def _objects(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array
