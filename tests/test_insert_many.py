"""store/bulk.insert_many: many rows a SQLite statement, every row in, in order, whatever the count.

The statements hold SQLITE_PARAMETERS // width rows; the counts below sit on each side of that boundary
(3 columns: 333 rows a statement), and the expected rows are written out independently of the code.
"""

from __future__ import annotations

import math
import sqlite3

import pytest

from store.bulk import SQLITE_PARAMETERS, flat_rows, insert_many

WIDTH = 3
PER_STATEMENT = SQLITE_PARAMETERS // WIDTH  # 333


def _table() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, name TEXT, amount REAL)")
    return connection


def _rows(count: int) -> list[tuple]:
    return [(k, f"村{k}", k * 0.5) for k in range(count)]


def _flat(rows: list[tuple]) -> list:
    return [value for row in rows for value in row]


def test_the_limit_is_sqlites_oldest():
    assert SQLITE_PARAMETERS == 999
    assert PER_STATEMENT == 333


@pytest.mark.parametrize("count", [0, 1, 332, 333, 334, 666, 667, 1000])
def test_every_row_goes_in_whatever_the_count(count):
    connection = _table()
    insert_many(connection.cursor(), "INSERT INTO t (k, name, amount)", _flat(_rows(count)), WIDTH)
    stored = connection.execute("SELECT k, name, amount FROM t ORDER BY k").fetchall()
    assert stored == _rows(count)


def test_statements_hold_333_rows_and_the_rest_one_more(monkeypatch):
    executed: list[tuple[str, int]] = []

    class Recording:
        def executemany(self, statement, chunks):
            executed.extend((statement.count("("), len(chunk)) for chunk in chunks)

        def execute(self, statement, values):
            executed.append((statement.count("("), len(values)))

    insert_many(Recording(), "INSERT INTO t VALUES", _flat(_rows(700)), WIDTH)
    # 700 rows = 333 + 333 + 34: two full statements of 999 values, then one of 34 rows (102 values).
    assert executed == [(333, 999), (333, 999), (34, 102)]


def test_missing_values_and_nan_are_stored_as_null():
    connection = _table()
    insert_many(
        connection.cursor(), "INSERT INTO t (k, name, amount)", [1, None, math.nan, 2, "镇", None], WIDTH
    )
    assert connection.execute("SELECT k, name, amount FROM t ORDER BY k").fetchall() == [
        (1, None, None),
        (2, "镇", None),
    ]


def test_an_upsert_takes_a_repeated_key_row_after_row_within_one_statement():
    connection = _table()
    connection.execute("INSERT INTO t VALUES (5, '旧', 1.0)")
    rows = [(5, "新", 2.0), (6, "甲", 3.0), (5, "更新", 4.0)]
    insert_many(
        connection.cursor(),
        "INSERT INTO t (k, name, amount)",
        _flat(rows),
        WIDTH,
        "ON CONFLICT (k) DO UPDATE SET name = excluded.name, amount = t.amount + excluded.amount",
    )
    # Key 5: 1.0 held, + 2.0, then + 4.0, the last name written wins.
    assert connection.execute("SELECT k, name, amount FROM t ORDER BY k").fetchall() == [
        (5, "更新", 7.0),
        (6, "甲", 3.0),
    ]


def test_a_failing_row_stops_the_statement_and_the_caller_rolls_back():
    connection = _table()
    connection.isolation_level = None
    connection.execute("BEGIN")
    rows = _rows(400) + [(3, "重复", 0.0)]  # key 3 twice: the primary key refuses the file's last row
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: t.k"):
        insert_many(connection.cursor(), "INSERT INTO t (k, name, amount)", _flat(rows), WIDTH)
    connection.execute("ROLLBACK")
    assert connection.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_rows_are_laid_out_one_after_another():
    assert flat_rows([(1, "甲", 0.5), (2, None, None)], WIDTH) == [1, "甲", 0.5, 2, None, None]
    assert flat_rows([], WIDTH) == []


def test_a_row_of_another_width_is_refused_not_shifted_into_other_columns():
    with pytest.raises(ValueError, match="rows of 3 values expected; 2 rows hold 5"):
        flat_rows([(1, "甲", 0.5), (2, "乙")], WIDTH)
