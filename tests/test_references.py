"""The report rows' references checked once per frame (store/references.py) when the import's transaction turns
SQLite's per-row foreign-key checks off: the same rows refused as the database itself refuses, nothing stored,
and the checks on again for the connection's next user."""

from __future__ import annotations

import sqlite3
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

import loaders
from store import write_transaction
from store.references import MissingReference
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK
from store.tables import publicity_reports, stock_reports
from store.tables import units as units_table
from store.units import load_units, save_units
from store.uploads import IMPORTED, UploadRecord, record_upload
from tests.conftest import FIXTURES
from tests.workbooks import SAMPLE_UNITS_CSV
from uploads import import_file, intake

SAMPLE = FIXTURES / "samples" / "东河县_物资宣传周报_2020年第6周.xlsx"

WEEK = pd.Timestamp(date(2026, 11, 16))
NAN = float("nan")
UNITS = pd.DataFrame(
    [
        {"code": "C", "name": "测试县", "parent_code": None, "level": "county"},
        {"code": "V1", "name": "一村", "parent_code": "C", "level": "village"},
    ]
)


def _stock(units: list[str], item: str = "mask_surgical") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": units,
            "week": [WEEK] * len(units),
            "item_code": [item] * len(units),
            "on_hand": [100.0] * len(units),
            "received": [0.0] * len(units),
            "used": [10.0] * len(units),
            "days_out": [NAN] * len(units),
            "opening": [NAN] * len(units),
        }
    )[STOCK.columns]


def _publicity(units: list[str], material: str = "banner") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": units,
            "week": [WEEK] * len(units),
            "material_code": [material] * len(units),
            "quantity": [3.0] * len(units),
            "sub_units_reached": [NAN] * len(units),
            "households_reached": [NAN] * len(units),
        }
    )[PUBLICITY.columns]


def _upload(conn) -> int:
    return record_upload(conn, UploadRecord("t.xlsx", "t", "t", IMPORTED, 1, 0, [], [], []))


@pytest.fixture
def county(sqlite_engine):
    with write_transaction(sqlite_engine) as conn:
        save_units(conn, UNITS)
    return sqlite_engine


def _stored(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(stock_reports)).scalar_one(),
            conn.execute(select(func.count()).select_from(publicity_reports)).scalar_one(),
        )


def _foreign_keys(raw: sqlite3.Connection) -> int:
    return raw.execute("PRAGMA foreign_keys").fetchone()[0]


def test_the_per_row_checks_are_off_only_inside_the_transaction(county):
    with write_transaction(county, references_set_wise=True) as conn:
        raw = conn.connection.dbapi_connection
        assert _foreign_keys(raw) == 0
    assert _foreign_keys(raw) == 1
    with write_transaction(county) as conn:
        assert _foreign_keys(conn.connection.dbapi_connection) == 1


def test_the_checks_are_on_again_after_a_transaction_that_failed(county):
    with pytest.raises(RuntimeError, match="stop"):
        with write_transaction(county, references_set_wise=True) as conn:
            raw = conn.connection.dbapi_connection
            raise RuntimeError("stop")
    assert _foreign_keys(raw) == 1


def test_an_unknown_unit_is_refused_whole_and_named(county):
    with pytest.raises(MissingReference) as refused:
        with write_transaction(county, references_set_wise=True) as conn:
            replace_reports(conn, STOCK, _stock(["V1", "X9", "C", "Y8", "X9"]), _upload(conn))
    assert str(refused.value) == "units does not hold 2 code(s) the rows name: X9、Y8"
    assert _stored(county) == (0, 0)


def test_the_database_refuses_the_same_rows_when_it_checks_each_row(county):
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
        with write_transaction(county) as conn:
            replace_reports(conn, STOCK, _stock(["V1", "X9"]), _upload(conn))
    assert _stored(county) == (0, 0)


def test_an_unknown_item_or_material_is_refused(county):
    with pytest.raises(
        MissingReference, match="^items does not hold 1 code\\(s\\) the rows name: no_such_mask$"
    ):
        with write_transaction(county, references_set_wise=True) as conn:
            replace_reports(conn, STOCK, _stock(["V1"], item="no_such_mask"), _upload(conn))
    with pytest.raises(MissingReference, match="^items does not hold 1 code\\(s\\) the rows name: flyer_x$"):
        with write_transaction(county, references_set_wise=True) as conn:
            replace_reports(conn, PUBLICITY, _publicity(["V1"], material="flyer_x"), _upload(conn))
    assert _stored(county) == (0, 0)


def test_an_upload_that_is_not_stored_is_refused(county):
    with pytest.raises(MissingReference, match="^uploads does not hold upload 41$"):
        with write_transaction(county, references_set_wise=True) as conn:
            replace_reports(conn, STOCK, _stock(["V1"]), 41)
    assert _stored(county) == (0, 0)


def test_more_than_five_missing_codes_are_cut_short(county):
    missing = [f"X{n}" for n in range(7)]
    with pytest.raises(MissingReference) as refused:
        with write_transaction(county, references_set_wise=True) as conn:
            replace_reports(conn, STOCK, _stock(missing), _upload(conn))
    assert str(refused.value) == "units does not hold 7 code(s) the rows name: X0、X1、X2、X3、X4 …"


def test_known_references_are_stored_and_a_replaced_week_goes_through_the_same_check(county):
    with write_transaction(county, references_set_wise=True) as conn:
        assert replace_reports(conn, STOCK, _stock(["V1", "C"]), _upload(conn)) == 2
        assert replace_reports(conn, PUBLICITY, _publicity(["V1"]), _upload(conn)) == 1
    # The week now holds rows: the staging path, checked the same way.
    with pytest.raises(MissingReference, match="^units does not hold 1 code\\(s\\) the rows name: Z1$"):
        with write_transaction(county, references_set_wise=True) as conn:
            replace_reports(conn, STOCK, _stock(["V1", "Z1"]), _upload(conn))
    assert _stored(county) == (2, 1)
    with county.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []


def test_an_import_stores_whole_and_leaves_the_checks_on(sqlite_engine):
    units, _ = loaders.read_unit_list("units.csv", SAMPLE_UNITS_CSV.encode("utf-8-sig"))
    with write_transaction(sqlite_engine) as conn:
        save_units(conn, units)
    outcome = import_file(sqlite_engine, SAMPLE.name, SAMPLE.read_bytes())
    assert outcome.status == "imported"
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    assert _stored(sqlite_engine) == (len(outcome.stock), len(outcome.publicity))


def test_a_unit_removed_while_the_file_was_read_rejects_the_import(sqlite_engine, monkeypatch):
    # The unit list is read before the write's transaction begins: a unit an administrator removed in between
    # is named by the parsed rows but no longer stored.
    units, _ = loaders.read_unit_list("units.csv", SAMPLE_UNITS_CSV.encode("utf-8-sig"))
    with write_transaction(sqlite_engine) as conn:
        save_units(conn, units)
    read_before = load_units(sqlite_engine)
    with write_transaction(sqlite_engine) as conn:
        conn.execute(units_table.delete().where(units_table.c.code == "C02"))
    monkeypatch.setattr(intake, "load_units", lambda _engine: read_before)
    outcome = import_file(sqlite_engine, SAMPLE.name, SAMPLE.read_bytes())
    assert outcome.status == "rejected"
    assert [(p.code, p.value) for p in outcome.problems] == [
        ("import_failed", "MissingReference: units does not hold 1 code(s) the rows name: C02")
    ]
    assert _stored(sqlite_engine) == (0, 0)
