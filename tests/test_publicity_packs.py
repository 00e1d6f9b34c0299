"""The packed publicity weeks (store/publicity_packs.py), kept current by every write, hold exactly the
publicity rows (load_publicity, read row by row), on SQLite and PostgreSQL; the publicity trend read from them
equals the trend read from the rows; a write that forgets to refresh makes the reader fall back."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from demo.district import load_demo
from exports.template import write_template
from metrics.publicity import coverage_setup
from metrics.publicity_weeks import coverage_by_week
from store import ensure_schema, open_engine, read_model, write_transaction
from store.catalogue import load_items, set_threshold
from store.latest_status import refresh_latest_status
from store.publicity_packs import load_publicity_packs
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK, load_publicity
from store.units import load_units
from store.uploads import IMPORTED, UploadRecord, record_upload, undo_upload
from store.versions import bump_data_version, data_version
from store.zero_reports import record_zero_report
from tests.district_strategy import districts
from tests.test_latest_status import _store
from uploads import import_file

KEY = ["week", "unit_code", "material_code"]


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as plain text codes, in key order, for comparing."""
    frame = frame.assign(
        unit_code=frame["unit_code"].astype(str), material_code=frame["material_code"].astype(str)
    )
    frame = frame[["week", "unit_code", "material_code", "quantity", "sub_units_reached"]]
    return (
        frame.sort_values(KEY).reset_index(drop=True).astype({"unit_code": object, "material_code": object})
    )


def _check(engine, step: str) -> pd.DataFrame:
    packed = load_publicity_packs(engine, data_version(engine))
    assert packed is not None, f"not current after {step}"
    assert packed.columns.tolist() == ["unit_code", "week", "material_code", "quantity", "sub_units_reached"]
    assert packed["unit_code"].dtype == "category" and packed["material_code"].dtype == "category", step
    assert packed["week"].is_monotonic_increasing, step
    pd.testing.assert_frame_equal(_rows(packed), _rows(load_publicity(engine)), obj=step)
    return packed


def _publicity_upload(engine, rows: list[list]) -> int:
    """The template of week 13 (2020-03-23) with `rows` (village, banners, leaflets) on its publicity sheet."""
    content = write_template(load_units(engine), load_items(engine), today=date(2020, 3, 25))
    book = openpyxl.load_workbook(io.BytesIO(content))
    for n, row in enumerate(rows, start=5):
        for column, value in zip("ABC", row, strict=True):
            book["宣传"][f"{column}{n}"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = import_file(engine, "宣传.xlsx", buffer.getvalue(), uploaded_by="test")
    assert outcome.status == IMPORTED, outcome.problems
    return outcome.upload_id


def test_every_write_keeps_the_packs_current_and_exact(db_url):
    engine = open_engine(db_url)
    ensure_schema(engine)
    # No write yet: no packs of any version, the reader reads the (no) rows
    assert load_publicity_packs(engine, data_version(engine)) is None
    load_demo(engine)
    demo = _check(engine, "the demo")
    assert len(demo) == len(load_publicity(engine)) > 0
    upload = _publicity_upload(engine, [["李家村", 4, 700], ["王庄村", 2, 350]])
    packed = _check(engine, "an upload of a new week")
    week13 = packed[packed["week"] == pd.Timestamp("2020-03-23")]
    assert sorted(zip(week13["unit_code"].astype(str), week13["material_code"].astype(str), week13["quantity"], strict=True)) == [
        ("C0101", "banner", 4.0), ("C0101", "leaflet", 700.0), ("C0102", "banner", 2.0), ("C0102", "leaflet", 350.0)
    ]  # fmt: skip
    with write_transaction(engine) as conn:
        undo_upload(conn, upload)
    packed = _check(engine, "an undo")
    assert not (packed["week"] == pd.Timestamp("2020-03-23")).any()
    record_zero_report(engine, "C0101", date(2020, 3, 23), user="test")
    _check(engine, "a zero report")
    with write_transaction(engine) as conn:
        bump_data_version(conn)  # a write that forgets to refresh: the trend reads the rows instead
    assert load_publicity_packs(engine, data_version(engine)) is None
    with write_transaction(engine) as conn:
        set_threshold(conn, "mask_surgical", "village", 30.0, 60.0)  # the next write packs every week again
    _check(engine, "a threshold changed after a write that forgot")
    engine.dispose()


@pytest.mark.parametrize("packed_from", ["read", "written"])
def test_figures_come_back_bit_for_bit(db_url, packed_from, monkeypatch):
    """Floats that no decimal rendering of 15 digits keeps, the largest and the smallest double, and a blank;
    packed from the rows read back and from the rows the write was given."""
    engine = open_engine(db_url)
    ensure_schema(engine)
    load_demo(engine)
    awkward = [0.1 + 0.2, 1 / 3, 2.0**-1074, 1.7976931348623157e308, 123456789.12345679, None]
    rows = pd.DataFrame(
        {
            "unit_code": ["C0101", "C0102", "C0201", "C0202", "C0101", "C0102"],
            "week": pd.Timestamp("2020-03-30"),
            "material_code": ["banner", "banner", "banner", "banner", "leaflet", "leaflet"],
            "quantity": awkward,
            "sub_units_reached": [None, 2.5, 1 / 7, 0.0, 3.0, None],
            "households_reached": None,
        }
    )
    how = _packing_spy(monkeypatch)
    with write_transaction(engine) as conn:
        upload = record_upload(conn, UploadRecord("t", "t", "t", IMPORTED, 0, len(rows), [], [], []))
        replace_reports(conn, PUBLICITY, rows, upload)
        bump_data_version(conn)
        written = rows if packed_from == "written" else None
        refresh_latest_status(conn, set(rows["unit_code"]), {date(2020, 3, 30)}, written_publicity=written)
    assert how == [f"2020-03-30 {packed_from}"]
    packed = _check(engine, "awkward figures")
    week = packed[packed["week"] == pd.Timestamp("2020-03-30")]
    week = week.assign(unit_code=week["unit_code"].astype(str)).sort_values(["material_code", "unit_code"])
    expected = np.array(awkward, dtype=float)
    assert np.array_equal(week["quantity"].to_numpy().view(np.int64)[:5], expected[:5].view(np.int64))
    assert np.isnan(week["quantity"].to_numpy()[5])
    engine.dispose()


def test_the_trend_from_the_packs_equals_the_trend_from_the_rows(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'trend.sqlite3'}")
    ensure_schema(engine)
    load_demo(engine)
    _publicity_upload(engine, [["李家村", 4, 700], ["湖滨社区", 1, 90]])
    frames = read_model.load_frames(engine)
    rows = load_publicity(engine)
    rows = rows.assign(
        unit_code=rows["unit_code"].astype("category"), material_code=rows["material_code"].astype("category")
    )
    packed = load_publicity_packs(engine, data_version(engine))
    weeks = sorted({str(w.date()) for w in rows["week"]})
    for unit in ("C", "C01", "C0101", "C02"):
        setup = coverage_setup(frames.units, frames.items, unit_code=unit, own_rows_only=True)
        from_packs = pd.concat(coverage_by_week(setup, packed, weeks), ignore_index=True)
        from_rows = pd.concat(coverage_by_week(setup, rows, weeks), ignore_index=True)
        pd.testing.assert_frame_equal(from_packs, from_rows, check_exact=True)
        assert len(from_packs) == len(weeks) * len(setup.materials)
    engine.dispose()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gd=districts())
def test_generated_districts_packs_equal_their_rows(tmp_path_factory, gd):
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('packs') / 'd.sqlite3'}")
    ensure_schema(engine)
    _store(engine, gd)
    _check(engine, "a generated district")
    engine.dispose()


def _packing_spy(monkeypatch) -> list[str]:
    """Records how each packed week got its rows: "written" (the upload's own frame) or "read" (the table)."""
    import store.publicity_packs as packs

    how: list[str] = []
    real_written, real_read = packs._all_of_week, packs._read_week

    def written(conn, day, frame):
        rows = real_written(conn, day, frame)
        if rows is not None:
            how.append(f"{day} written")
        return rows

    def read(conn, day):
        how.append(f"{day} read")
        return real_read(conn, day)

    monkeypatch.setattr(packs, "_all_of_week", written)
    monkeypatch.setattr(packs, "_read_week", read)
    return how


def _week13(packed: pd.DataFrame) -> list[tuple]:
    week = packed[packed["week"] == pd.Timestamp("2020-03-23")]
    return sorted(
        zip(
            week["unit_code"].astype(str),
            week["material_code"].astype(str),
            week["quantity"],
            week["sub_units_reached"].fillna(-1),
            strict=True,
        )
    )


def test_a_week_is_packed_from_the_upload_only_when_the_upload_is_all_of_it(db_url, monkeypatch):
    """A new week, and a week whose rows the upload replaced whole, are packed from the upload's own rows; a
    week that holds other units' rows too is read back, so the pack keeps them (a pack of the upload alone
    would lose 李家村 and 王庄村 when 湖滨社区 reports later)."""
    engine = open_engine(db_url)
    ensure_schema(engine)
    load_demo(engine)
    how = _packing_spy(monkeypatch)
    _publicity_upload(engine, [["李家村", 4, 700], ["王庄村", 2, 350]])
    assert how == ["2020-03-23 written"]
    _publicity_upload(engine, [["湖滨社区", 1, 90]])
    assert how[1:] == ["2020-03-23 read"]
    packed = _check(engine, "a second sheet of the same week")
    # 湖滨社区 (C0201) lies in 东河镇, whose villages' households the template does not ask: -1 is blank
    assert _week13(packed) == [
        ("C0101", "banner", 4.0, -1), ("C0101", "leaflet", 700.0, -1),
        ("C0102", "banner", 2.0, -1), ("C0102", "leaflet", 350.0, -1),
        ("C0201", "banner", 1.0, -1), ("C0201", "leaflet", 90.0, -1),
    ]  # fmt: skip
    engine.dispose()


def test_a_stock_only_write_packs_no_week_and_keeps_the_packs_current(db_url, monkeypatch):
    engine = open_engine(db_url)
    ensure_schema(engine)
    load_demo(engine)
    before = _check(engine, "the demo")
    how = _packing_spy(monkeypatch)
    stock = pd.DataFrame(
        {
            "unit_code": ["C0101"],
            "week": [pd.Timestamp("2020-03-30")],
            "item_code": ["mask_surgical"],
            "on_hand": [120.0],
            "received": [0.0],
            "used": [30.0],
            "days_out": [None],
            "opening": [150.0],
        }
    )
    publicity = pd.DataFrame(columns=["unit_code", "week", "material_code", "quantity", "sub_units_reached"])
    with write_transaction(engine) as conn:
        upload = record_upload(conn, UploadRecord("s", "s", "s", IMPORTED, 1, 0, [], [], []))
        replace_reports(conn, STOCK, stock, upload)
        bump_data_version(conn)
        refresh_latest_status(
            conn, {"C0101"}, {date(2020, 3, 30)}, written_stock=stock, written_publicity=publicity
        )
    assert how == []
    after = _check(engine, "a write of stock alone")
    pd.testing.assert_frame_equal(_rows(after), _rows(before))
    engine.dispose()


def test_written_rows_with_a_key_twice_are_read_back(tmp_path):
    """Two written rows of one key and a stored row of another give the same count as the rows written: the
    count alone would take the frame (C0101's banner twice, C0102's lost); the key check reads the week."""
    engine = open_engine(f"sqlite:///{tmp_path / 'twice.sqlite3'}")
    ensure_schema(engine)
    load_demo(engine)
    monday = pd.Timestamp("2020-03-30")
    stored = pd.DataFrame(
        {"unit_code": ["C0101", "C0102"], "week": monday, "material_code": "banner", "quantity": [2.0, 3.0],
         "sub_units_reached": None, "households_reached": None}
    )  # fmt: skip
    written = stored.assign(unit_code=["C0101", "C0101"], quantity=[1.0, 2.0])
    with write_transaction(engine) as conn:
        upload = record_upload(conn, UploadRecord("t", "t", "t", IMPORTED, 0, 2, [], [], []))
        replace_reports(conn, PUBLICITY, stored, upload)
        bump_data_version(conn)
        refresh_latest_status(conn, {"C0101", "C0102"}, {monday.date()}, written_publicity=written)
    packed = _check(engine, "a key twice among the written rows")
    week = packed[packed["week"] == monday]
    assert sorted(zip(week["unit_code"].astype(str), week["quantity"], strict=True)) == [
        ("C0101", 2.0),
        ("C0102", 3.0),
    ]
    engine.dispose()


def test_a_week_packed_from_the_upload_is_byte_for_byte_the_week_packed_from_the_table(tmp_path, monkeypatch):
    """The sheet lists 王庄村 before 李家村 and leaflets before banners; the table holds them in key order. Both
    packs of week 13 are the same bytes (a whole repack after a write changes nothing: tests/db_checksum)."""
    from sqlalchemy import select

    from store.tables import publicity_packs

    engine = open_engine(f"sqlite:///{tmp_path / 'bytes.sqlite3'}")
    ensure_schema(engine)
    load_demo(engine)
    how = _packing_spy(monkeypatch)
    _publicity_upload(engine, [["王庄村", 2, 350], ["李家村", 4, 700]])

    def week13() -> dict:
        with engine.connect() as conn:
            query = select(publicity_packs).where(publicity_packs.c.week == date(2020, 3, 23))
            return dict(conn.execute(query).one()._mapping)

    from_upload = week13()
    with write_transaction(engine) as conn:
        bump_data_version(conn)  # forgets to refresh: the next write packs every week from the table
    with write_transaction(engine) as conn:
        set_threshold(conn, "mask_surgical", "village", 30.0, 60.0)
    assert how[0] == "2020-03-23 written" and "2020-03-23 read" in how[1:]
    assert week13() == from_upload
    assert from_upload["materials"] == '["banner", "leaflet"]'
    assert np.frombuffer(from_upload["material_index"], dtype="<i4").tolist() == [0, 1, 0, 1]
    assert np.frombuffer(from_upload["quantity"], dtype="<f8").tolist() == [
        4.0,
        700.0,
        2.0,
        350.0,
    ]  # 李家村 C0101
