"""Bulk rows in by the store's two paths, read back exactly: binary COPY on PostgreSQL (store/bulk.copy_rows),
statements of many rows on SQLite (insert_many), through latest_uses.insert_tuples, which picks the path."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from sqlalchemy import select

from store.bulk import column_types, copy_rows
from store.latest_uses import insert_tuples
from store.tables import latest_publicity, latest_units

PUBLICITY = ["unit_code", "material_code", "week", "quantity", "sub_units_reached"]
UNITS = ["unit_code", "week", "item_codes", "figures", "history"]


def _stored(engine, table, order):
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(table).order_by(*order)).all()]


def test_numbers_dates_and_blanks_are_stored_as_given(engine):
    rows = [
        ("C01", "banner", date(2020, 2, 3), 12, None),  # a whole number into a float column
        ("C01", "leaflet", date(2020, 2, 10), np.float64(2.5), np.float64(3.0)),  # numpy's scalars
        ("C0101", "banner", date(2020, 2, 3), None, 0.0),
    ]
    with engine.begin() as conn:
        insert_tuples(conn, latest_publicity.name, rows, PUBLICITY)
    stored = _stored(
        engine, latest_publicity, [latest_publicity.c.unit_code, latest_publicity.c.material_code]
    )
    assert stored == [
        ("C01", "banner", date(2020, 2, 3), 12.0, None),
        ("C01", "leaflet", date(2020, 2, 10), 2.5, 3.0),
        ("C0101", "banner", date(2020, 2, 3), None, 0.0),
    ]
    assert [type(row[3]) for row in stored[:2]] == [float, float]


def test_bytes_come_back_byte_for_byte(engine):
    figures = bytes(range(256)) * 10  # every byte value, NUL and the backslash included
    rows = [
        ("C01", date(2020, 2, 3), "mask_n95,disinfectant", figures, b""),
        ("C02", date(2020, 2, 3), "", b"\x00", b"\\x"),
    ]
    with engine.begin() as conn:
        insert_tuples(conn, latest_units.name, rows, UNITS)
    stored = _stored(engine, latest_units, [latest_units.c.unit_code])
    assert [(u, w, codes, bytes(f), bytes(h)) for u, w, codes, f, h in stored] == rows


def test_a_thousand_rows_arrive_in_order_with_their_sums(engine):
    rows = [
        (f"V{n:04d}", "banner", date(2020, 2, 3), float(n), None if n % 3 else float(n)) for n in range(1000)
    ]
    with engine.begin() as conn:
        insert_tuples(conn, latest_publicity.name, rows, PUBLICITY)
    stored = _stored(engine, latest_publicity, [latest_publicity.c.unit_code])
    assert stored == rows
    # Independently: 0 + 1 + … + 999 = 499,500; the multiples of 3 below 1,000 sum to 3 × (0 + … + 333) = 166,833.
    assert sum(r[3] for r in stored) == 499_500.0
    assert sum(r[4] for r in stored if r[4] is not None) == 166_833.0


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgresql_names_each_columns_type(engine):
    with engine.connect() as conn:
        # varchar 1043, date 1082, float8 701, text 25, bytea 17 (PostgreSQL's pg_type, fixed OIDs)
        assert column_types(conn, latest_publicity.name, PUBLICITY) == [1043, 1043, 1082, 701, 701]
        assert column_types(conn, latest_units.name, UNITS) == [1043, 1082, 25, 17, 17]


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgresql_refuses_a_value_the_column_cannot_take_and_nothing_stays(engine):
    too_long = "村" * 65
    rows = [("C01", "banner", date(2020, 2, 3), 1.0, None), (too_long, "banner", date(2020, 2, 3), 1.0, None)]
    with pytest.raises(Exception, match=r"value too long for type character varying\(64\)"):
        with engine.begin() as conn:
            copy_rows(conn, latest_publicity.name, PUBLICITY, rows)
    assert _stored(engine, latest_publicity, [latest_publicity.c.unit_code]) == []


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgresql_keeps_nan_apart_from_null(engine):
    with engine.begin() as conn:
        copy_rows(
            conn, latest_publicity.name, PUBLICITY, [("C01", "banner", date(2020, 2, 3), math.nan, None)]
        )
    ((quantity, reached),) = [
        (r[3], r[4]) for r in _stored(engine, latest_publicity, [latest_publicity.c.unit_code])
    ]
    assert math.isnan(quantity) and reached is None
