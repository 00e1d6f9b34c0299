"""The store on SQLite and PostgreSQL: schema, catalogue, replacing figures with history, undo, demo."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from demo.district import clear_demo, demo_loaded, demo_units, load_demo
from store import SCHEMA_VERSION, ensure_schema, open_engine, write_transaction
from store.bulk import rows_as_tuples
from store.catalogue import load_items, load_thresholds, set_threshold, update_item
from store.report_writes import replace_reports
from store.reports import STOCK, load_stock, report_weeks
from store.tables import meta, stock_history, stock_reports
from store.units import load_units, save_units
from store.uploads import IMPORTED, UploadRecord, list_uploads, record_upload, undo_upload
from store.versions import data_version

UNITS = pd.DataFrame(
    [
        {"code": "C", "name": "东河县", "parent_code": None, "level": "county", "population": 320000.0},
        {"code": "C01", "name": "东河镇", "parent_code": "C", "level": "town", "population": 52000.0},
        {"code": "C0101", "name": "李家村", "parent_code": "C01", "level": "village", "population": 2400.0},
        {"code": "C0102", "name": "王庄村", "parent_code": "C01", "level": "village", "households": 600.0},
    ]
)


def _stock(unit: str, week: str, item: str, on_hand: float, received: float | None, used: float | None):
    return {
        "unit_code": unit,
        "week": pd.Timestamp(week),
        "item_code": item,
        "on_hand": on_hand,
        "received": received,
        "used": used,
        "days_out": None,
        "opening": None,
    }


def _upload(conn, rows: list[dict], name: str) -> int:
    frame = pd.DataFrame(rows)
    upload_id = record_upload(conn, UploadRecord(name, name, "tester", IMPORTED, len(frame), 0, [], [], []))
    replace_reports(conn, STOCK, frame, upload_id)
    return upload_id


def test_new_database_has_schema_version_and_the_default_catalogue(engine):
    with engine.connect() as conn:
        version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    assert version == str(SCHEMA_VERSION)
    items = load_items(engine)
    assert list(items["code"][:3]) == ["mask_surgical", "mask_n95", "disinfectant"]
    assert len(items) == 18
    mask = items.set_index("code").loc["mask_surgical"]
    assert (mask["name_zh"], mask["base_unit"], mask["pack_sizes"]["盒"]) == ("医用外科口罩", "只", 50)
    assert items.set_index("code").loc["thermometer", "durable"]
    assert ensure_schema(engine) == SCHEMA_VERSION  # idempotent: a second start changes nothing
    assert len(load_items(engine)) == 18


def test_units_round_trip_with_counted_sub_units(engine):
    with write_transaction(engine) as conn:
        assert save_units(conn, UNITS) == 4
    units = load_units(engine).set_index("code")
    assert units.loc["C01", "sub_units"] == 2.0  # counted from the list: 李家村, 王庄村
    assert units.loc["C", "sub_units"] == 1.0
    assert units.loc["C0102", "households"] == 600.0
    assert math.isnan(units.loc["C0102", "population"])
    assert units.loc["C", "parent_code"] is None
    assert units.loc["C0101", "aliases"] == []


def test_reimport_replaces_figures_keeps_history_and_undo_restores(engine):
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
        first = _upload(conn, [_stock("C0101", "2020-02-03", "mask_surgical", 1200, 500, 380)], "a.xlsx")
    with write_transaction(engine) as conn:
        second = _upload(
            conn,
            [
                _stock("C0101", "2020-02-03", "mask_surgical", 1000, 500, 580),
                _stock("C0102", "2020-02-03", "mask_surgical", 300, 0, 50),
            ],
            "b.xlsx",
        )
    stock = load_stock(engine).sort_values("unit_code")
    assert stock[["unit_code", "on_hand", "used"]].values.tolist() == [
        ["C0101", 1000.0, 580.0],
        ["C0102", 300.0, 50.0],
    ]
    with engine.connect() as conn:
        history = conn.execute(
            select(stock_history.c.on_hand, stock_history.c.upload_id, stock_history.c.replaced_by)
        ).all()
    assert [tuple(h) for h in history] == [(1200.0, first, second)]

    with write_transaction(engine) as conn:
        assert undo_upload(conn, second) == 2
    stock = load_stock(engine)
    assert stock[["unit_code", "on_hand", "used"]].values.tolist() == [["C0101", 1200.0, 380.0]]
    uploads = list_uploads(engine).set_index("id")
    assert uploads.loc[second, "status"] == "undone"
    assert uploads.loc[first, "status"] == "imported"
    with write_transaction(engine) as conn, pytest.raises(ValueError, match="only an imported upload"):
        undo_upload(conn, second)


def test_a_new_weeks_upload_keeps_no_history_and_a_later_one_replaces_only_what_it_repeats(engine):
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
        first = _upload(conn, [_stock("C0101", "2020-02-03", "mask_surgical", 1200, 500, 380)], "a.xlsx")
        _upload(conn, [_stock("C0101", "2020-02-10", "mask_surgical", 1100, 0, 100)], "b.xlsx")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stock_history)).scalar() == 0
    with write_transaction(engine) as conn:
        third = _upload(
            conn,
            [
                _stock("C0101", "2020-02-03", "mask_surgical", 1250, 500, 330),
                _stock("C0102", "2020-02-17", "mask_surgical", 300, 0, 50),
            ],
            "c.xlsx",
        )
    with engine.connect() as conn:
        history = conn.execute(
            select(stock_history.c.on_hand, stock_history.c.upload_id, stock_history.c.replaced_by)
        ).all()
    assert [tuple(h) for h in history] == [(1200.0, first, third)]
    assert load_stock(engine).sort_values(["week", "unit_code"])["on_hand"].tolist() == [
        1250.0,
        1100.0,
        300.0,
    ]


@pytest.mark.parametrize("dates_as_text", [True, False])
def test_rows_as_tuples_gives_plain_values_column_by_column(dates_as_text):
    frame = pd.DataFrame(
        {
            "unit_code": pd.Series(["C01", None, "C02"], dtype="str"),
            "week": pd.to_datetime(["2020-02-03", "2020-02-10", "2020-02-03"]),
            "note": pd.Series(["x", None, math.nan], dtype=object),
            "on_hand": [1.5, math.nan, 2.0],
            "upload_id": [7, 7, 7],
        }
    )
    rows = rows_as_tuples(frame, list(frame.columns), dates_as_text=dates_as_text)
    monday, next_monday = (
        ("2020-02-03", "2020-02-10") if dates_as_text else (date(2020, 2, 3), date(2020, 2, 10))
    )
    # SQLite binds a NaN double as NULL, so text mode leaves NaN floats as they are.
    missing = rows[1][3] if dates_as_text else None
    assert rows == [
        ("C01", monday, "x", 1.5, 7),
        (None, next_monday, None, missing, 7),
        ("C02", monday, None, 2.0, 7),
    ]
    assert math.isnan(missing) if dates_as_text else missing is None
    assert [type(v) for v in rows[0]] == [str, type(monday), str, float, int]


def test_undo_of_an_older_upload_keeps_the_newer_figures(engine):
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
        first = _upload(conn, [_stock("C0101", "2020-02-03", "mask_surgical", 1200, 500, 380)], "a")
        second = _upload(conn, [_stock("C0101", "2020-02-03", "mask_surgical", 1000, 500, 580)], "b")
        undo_upload(conn, first)
    assert load_stock(engine)["on_hand"].tolist() == [1000.0]
    with write_transaction(engine) as conn:
        undo_upload(conn, second)
    assert load_stock(engine).empty  # the first upload was undone: nothing older comes back


def test_a_failed_transaction_stores_nothing(engine):
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
    version = data_version(engine)
    with pytest.raises(RuntimeError), write_transaction(engine) as conn:
        _upload(conn, [_stock("C0101", "2020-02-03", "mask_surgical", 1200, 500, 380)], "a")
        raise RuntimeError("disk full")
    assert load_stock(engine).empty
    assert list_uploads(engine).empty
    assert data_version(engine) == version


def test_items_and_thresholds_are_editable_and_bump_the_data_version(engine):
    before = data_version(engine)
    with write_transaction(engine) as conn:
        update_item(conn, "mask_surgical", {"critical_days": 5.0, "synonyms": ["口罩", "口罩（只）"]})
        set_threshold(conn, "mask_surgical", "school", 10.0, 21.0)
    item = load_items(engine).set_index("code").loc["mask_surgical"]
    assert (item["critical_days"], item["synonyms"]) == (5.0, ["口罩", "口罩（只）"])
    assert load_thresholds(engine).values.tolist() == [["mask_surgical", "school", 10.0, 21.0]]
    assert data_version(engine) == before + 2
    with write_transaction(engine) as conn, pytest.raises(ValueError, match="not editable"):
        update_item(conn, "mask_surgical", {"code": "x"})


def test_demo_district_loads_and_clears(engine):
    summary = load_demo(engine)
    assert summary == {"units": 25, "weeks": 8, "rows": 1700}
    assert demo_loaded(engine)
    assert report_weeks(engine)[0].isoformat() == "2020-03-16"
    assert len(report_weeks(engine)) == 8
    stock = load_stock(engine)
    last = stock[(stock["week"] == pd.Timestamp("2020-03-16")) & (stock["item_code"] == "mask_surgical")]
    assert last.set_index("unit_code").loc["C0301", ["on_hand", "days_out"]].tolist() == [0.0, 6.0]
    assert "C0402" not in set(last["unit_code"])  # 石门村 stopped reporting
    clear_demo(engine)
    assert not demo_loaded(engine)
    assert load_stock(engine).empty
    assert load_units(engine).empty
    assert len(demo_units()) == 25


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_a_new_sqlite_database_has_pages_of_16_kib_and_an_older_one_keeps_its_own(sqlite_engine, tmp_path):
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 16384
    # A database made before (4 KiB pages, rows in it) opens as it is and stays readable and writable.
    older = tmp_path / "older.sqlite3"
    made = sqlite3.connect(older)
    made.executescript("PRAGMA page_size=4096; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);")
    made.close()
    engine = open_engine(f"sqlite:///{older}")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (8)")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        assert [r[0] for r in conn.exec_driver_sql("SELECT x FROM t ORDER BY x")] == [7, 8]
    engine.dispose()


def test_concurrent_writers_neither_lose_nor_double_rows(engine):
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
    errors = []

    def write(week: str) -> None:
        try:
            with write_transaction(engine) as conn:
                rows = [_stock(u, week, "mask_surgical", 100, 0, 10) for u in ("C0101", "C0102")]
                _upload(conn, rows, week)
        except Exception as error:  # the assertion below reports it
            errors.append(error)

    threads = [threading.Thread(target=write, args=(f"2020-02-{day:02d}",)) for day in (3, 10, 17, 24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stock_reports)).scalar() == 8
    assert json.loads(json.dumps(sorted(list_uploads(engine)["file_name"]))) == [
        "2020-02-03",
        "2020-02-10",
        "2020-02-17",
        "2020-02-24",
    ]
