"""`nan`, `NaN`, `inf`, `Infinity` written in a number cell are problems with that cell, never a blank (issue 11).

numpy read an all-numeric column's text "nan" as NaN (stored as "not reported") and "inf" as infinite stock."""

from __future__ import annotations

import pytest

from loaders.numbers import NumberReader
from tests.test_intake import _masks, _with_units
from tests.workbooks import wide_stock_workbook
from uploads import import_file

WORDS = ["nan", "NaN", "inf", "Infinity"]


@pytest.mark.parametrize("word", [*WORDS, "-inf", "NAN", " nan "])
def test_the_reader_calls_the_word_not_a_number_in_a_column_of_numbers(word):
    assert NumberReader().column(["1200", word, "300"]) == ([1200.0, pytest.approx(float("nan"), nan_ok=True),
                                                            300.0], None, [1])  # fmt: skip


def test_numbers_excel_writes_into_a_csv_stay_numbers():
    values, units, bad = NumberReader().column(["1.2E+3", "5e2", "300"])
    assert (list(values), units, bad) == ([1200.0, 500.0, 300.0], None, [])


def expected(word: str, row: int) -> list[tuple]:
    column = "医用外科口罩（只）/期末库存"
    message = f"「物资」表第{row}行「{column}」：“{word}”不是数字，请写成阿拉伯数字，例如 12"
    return [("not_a_number", "物资", row, column, word, message)]


def problems_of(outcome) -> list[tuple]:
    return [
        (p.code, p.sheet, p.row, p.column, p.value, p.message_zh)
        for p in outcome.problems
        if p.severity == "error"
    ]


@pytest.mark.parametrize("word", WORDS)
def test_an_xlsx_with_the_word_in_a_stock_cell_is_refused_at_that_cell(engine, word):
    _with_units(engine)
    sheet = wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380], ["王庄村", word, 0, 350]])
    outcome = import_file(engine, "nan.xlsx", sheet)
    assert outcome.status == "rejected"
    assert problems_of(outcome) == expected(word, 6)
    assert _masks(engine) == []


@pytest.mark.parametrize("word", WORDS)
def test_a_csv_with_the_word_in_a_stock_cell_is_refused_at_that_cell(engine, word):
    _with_units(engine)
    sheet = f"单位,周,口罩期末库存,口罩入库\n李家村,2020-02-03,1200,500\n王庄村,2020-02-03,{word},5\n"
    outcome = import_file(engine, "nan.csv", sheet.encode("utf-8-sig"))
    assert outcome.status == "rejected"
    found = [(p.code, p.row, p.value) for p in outcome.problems if p.severity == "error"]
    assert found == [("not_a_number", 3, word)]
    assert _masks(engine) == []
