"""--skip-invalid: the officer's explicit consent to store the valid rows and leave out the rows with an error.

Only errors tied to a row can be left out; an error about the whole file (no week, a unit the account may not
report for) still rejects it. Each left-out row stays in the upload's problems, so the history says what was
not stored and why."""

from __future__ import annotations

import pandas as pd

from domain.problems import ERROR, Problem
from uploads.answer_messages import row_left_out


def left_out_rows(problems: list[Problem]) -> set[tuple[str | None, int]]:
    return {(p.sheet, p.row) for p in problems if p.severity == ERROR and p.row is not None}


def without_rows(frame: pd.DataFrame, rows: set[tuple[str | None, int]]) -> pd.DataFrame:
    if frame.empty or not rows:
        return frame
    keys = zip(frame["sheet"].tolist(), frame["row"].astype(int).tolist(), strict=True)
    keep = [key not in rows for key in keys]
    return frame[keep].reset_index(drop=True)


def consented(problems: list[Problem]) -> list[Problem]:
    """Every error on a row becomes a row_left_out warning; the other problems stay as they are."""
    return [row_left_out(p) if p.severity == ERROR and p.row is not None else p for p in problems]
