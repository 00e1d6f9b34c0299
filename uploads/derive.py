"""Check what a sheet left out: used = opening + received − on hand (OpenLMIS column C, DHIS2) must not be
negative. The use itself is not stored: the store keeps what the sheet said and metrics derive the use when
reading, with the same formula (domain/stock_rules.py), so a later correction of last week flows into it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.problems import ERROR, Problem
from domain.stock_rules import derived_use


def derive_use(
    stock: pd.DataFrame, stored_previous: pd.DataFrame, file_name: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the use a blank `used` implies, from the opening stock (given, or last week's on hand).

    Last week's on hand comes from the file itself when it holds several weeks, else from the database.
    A negative result is a data problem to fix in the sheet. The rows come back as the sheet gave them.
    """
    if stock.empty:
        return stock, []
    if stock["used"].notna().all():  # every row gives its use: nothing to derive (the usual weekly sheet)
        return stock.reset_index(drop=True), []
    frame = stock.copy()
    own = frame[["unit_code", "week", "item_code", "on_hand"]].dropna(subset=["on_hand"]).copy()
    own["week"] = own["week"] + pd.Timedelta(days=7)
    own = own.rename(columns={"on_hand": "previous_on_hand"})
    previous = pd.concat([own, stored_previous[own.columns]] if not stored_previous.empty else [own])
    previous = previous.drop_duplicates(subset=["unit_code", "week", "item_code"], keep="first")
    frame = frame.merge(previous, on=["unit_code", "week", "item_code"], how="left")
    opening = frame["opening"].where(frame["opening"].notna(), frame["previous_on_hand"])
    can_derive = frame["used"].isna() & frame["on_hand"].notna() & opening.notna()
    derived = derived_use(opening, frame["received"], frame["on_hand"])
    negative = can_derive & (derived < 0)
    problems = [
        _negative_use_problem(file_name, row, opening_value, derived_value)
        for row, opening_value, derived_value in zip(
            frame[negative].itertuples(index=False), opening[negative], derived[negative], strict=True
        )
    ]
    return frame.drop(columns=["previous_on_hand"]), problems


def _negative_use_problem(file_name: str, row, opening: float, derived: float) -> Problem:
    return Problem(
        code="negative_derived_use",
        severity=ERROR,
        sheet=row.sheet,
        row=int(row.row) if pd.notna(row.row) else None,
        column=None,
        value=_figure(row.on_hand),
        message_zh=(
            f"{file_name}「{row.sheet}」第{int(row.row)}行（{row.unit_code}，{row.item_code}）：未填消耗，按"
            f"期初 {_figure(opening)} + 入库 {_figure(row.received)} − 期末库存 {_figure(row.on_hand)} 算得消耗 "
            f"{_figure(derived)}，为负数。请核对期末库存或补填本周入库、本周消耗"
        ),
        message_en=(
            f"{file_name}, sheet {row.sheet}, row {int(row.row)} ({row.unit_code}, {row.item_code}): use is blank and "
            f"opening {_figure(opening)} + received {_figure(row.received)} − on hand {_figure(row.on_hand)} gives "
            f"{_figure(derived)}, a negative use. Check the stock on hand, or fill in this week's receipts and use"
        ),
    )


def _figure(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "0"
    return f"{float(value):g}"
