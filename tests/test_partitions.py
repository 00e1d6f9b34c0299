"""The report tables' shape (issue 14): keyed week first; on PostgreSQL one partition per week, made on demand
inside the writer's transaction; an older database upgraded with its rows moved; and a generated
several-thousand-unit, several-week workbook giving the same figures on PostgreSQL as on SQLite."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Column, Date, Float, ForeignKey, Integer, MetaData, String, Table, inspect, select

from benchmarks.bench_import import build_units, build_workbook
from store import ensure_schema, open_engine, write_transaction
from store.partitions import existing_partitions
from store.tables import meta, publicity_reports, stock_reports
from store.units import save_units
from store.uploads import IMPORTED, UploadRecord, record_upload, undo_upload
from uploads import import_file

ROOT = Path(__file__).resolve().parents[1]
ON_POSTGRESQL = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def _version_2_tables(conn) -> None:
    """The report tables as schema version 2 made them: unit-first key, indexes on week and upload_id."""
    for name in ("stock_reports", "publicity_reports"):
        conn.exec_driver_sql(f"DROP TABLE {name}")
    old = MetaData()
    Table("units", old, Column("code", String(64), primary_key=True))
    Table("items", old, Column("code", String(64), primary_key=True))
    Table("uploads", old, Column("id", Integer, primary_key=True))
    for name, item, measures in (
        ("stock_reports", "item_code", ["on_hand", "received", "used", "days_out", "opening"]),
        ("publicity_reports", "material_code", ["quantity", "sub_units_reached", "households_reached"]),
    ):
        Table(
            name,
            old,
            Column("unit_code", String(64), ForeignKey("units.code"), primary_key=True),
            Column("week", Date, primary_key=True, index=True),
            Column(item, String(64), ForeignKey("items.code"), primary_key=True),
            *[Column(m, Float) for m in measures],
            Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False, index=True),
        ).create(conn)


def test_a_version_2_database_is_rebuilt_with_its_rows(engine):
    with write_transaction(engine) as conn:
        save_units(conn, build_units(30))
        upload = record_upload(conn, UploadRecord("old.xlsx", "h", "t", IMPORTED, 2, 1, [], [], []))
        _version_2_tables(conn)
        conn.exec_driver_sql(
            "INSERT INTO stock_reports (unit_code, week, item_code, on_hand, received, used, upload_id) VALUES "
            f"('V000001', '2020-02-03', 'mask_surgical', 120, 40, 35, {upload}), "
            f"('V000001', '2020-02-10', 'mask_surgical', 90, 0, 30, {upload})"
        )
        conn.exec_driver_sql(
            "INSERT INTO publicity_reports (unit_code, week, material_code, quantity, upload_id) VALUES "
            f"('V000002', '2020-02-10', 'banner', 3, {upload})"
        )
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value="2"))

    assert ensure_schema(engine) == 5  # upgrades 3 (these tables), 4 and 5 (the latest status held per unit)

    found = inspect(engine)
    assert found.get_pk_constraint("stock_reports")["constrained_columns"] == [
        "week",
        "unit_code",
        "item_code",
    ]
    assert found.get_pk_constraint("publicity_reports")["constrained_columns"] == [
        "week",
        "unit_code",
        "material_code",
    ]
    index_names = {i["name"] for i in found.get_indexes("stock_reports")}
    assert "ix_stock_reports_week" not in index_names and "ix_stock_reports_upload_id" not in index_names
    with engine.connect() as conn:
        stock = conn.execute(
            select(stock_reports.c.week, stock_reports.c.on_hand, stock_reports.c.used).order_by("week")
        ).all()
        publicity = conn.execute(select(publicity_reports.c.unit_code, publicity_reports.c.quantity)).all()
        version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    assert [(str(w)[:10], h, u) for w, h, u in stock] == [
        ("2020-02-03", 120.0, 35.0),
        ("2020-02-10", 90.0, 30.0),
    ]
    assert publicity == [("V000002", 3.0)]
    assert version == "5"
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            assert existing_partitions(conn, stock_reports) == {
                "stock_reports_w20200203",
                "stock_reports_w20200210",
            }
            assert existing_partitions(conn, publicity_reports) == {"publicity_reports_w20200210"}
            assert "ix_stock_reports_unit_week" in {
                i["name"] for i in inspect(conn).get_indexes("stock_reports")
            }


def _partition_rows(conn, table: str) -> dict[str, tuple]:
    """partition name → (first week, last week, rows) as stored."""
    rows = conn.exec_driver_sql(
        f"SELECT tableoid::regclass::text, min(week), max(week), count(*) FROM {table} GROUP BY 1"
    )
    return {name: (str(first), str(last), count) for name, first, last, count in rows}


UNITS = 30_000  # the province of benchmarks/bench_import.py: a root, 1,428 towns and 28,571 villages
REIMPORTED = 20_000  # the first units of the sheet, sent again for week 7
WEEKS = {6: date(2020, 2, 3), 7: date(2020, 2, 10), 8: date(2020, 2, 17), 9: date(2020, 2, 24)}


@ON_POSTGRESQL
def test_a_generated_province_file_lands_in_weekly_partitions_with_the_figures_of_sqlite(tmp_path, db_url):
    pg_url = db_url
    units = build_units(UNITS)
    files = []
    for number in WEEKS:
        path = tmp_path / f"week{number}.xlsx"
        build_workbook(units, path, week=number)
        files.append(path)
    databases = {"sqlite": f"sqlite:///{tmp_path / 'province.sqlite3'}", "postgresql": pg_url}
    for url in databases.values():
        engine = open_engine(url)
        ensure_schema(engine)
        with write_transaction(engine) as conn:
            save_units(conn, units)
        outcomes = [import_file(engine, f.name, f.read_bytes(), uploaded_by="t") for f in files]
        assert [o.status for o in outcomes] == ["imported"] * len(WEEKS)
        engine.dispose()

    engine = open_engine(pg_url)
    with engine.connect() as conn:
        stock = _partition_rows(conn, "stock_reports")
        publicity = _partition_rows(conn, "publicity_reports")
        tree = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_partition_tree('stock_reports') WHERE isleaf"
        ).scalar()
    # 30,000 units x 8 supplies and x 7 materials a week, each week in its own partition and nowhere else.
    assert stock == {
        f"stock_reports_w{monday:%Y%m%d}": (monday.isoformat(), monday.isoformat(), UNITS * 8)
        for monday in WEEKS.values()
    }
    assert publicity == {
        f"publicity_reports_w{monday:%Y%m%d}": (monday.isoformat(), monday.isoformat(), UNITS * 7)
        for monday in WEEKS.values()
    }
    assert tree == len(WEEKS)

    # A re-import of week 7 replaces its rows in place (through the staging path, history kept), and its undo
    # puts them back: the partitions stay one per week.
    part = tmp_path / "week7-part.xlsx"
    build_workbook(units.iloc[:REIMPORTED], part, week=7)
    again = import_file(engine, part.name, part.read_bytes(), uploaded_by="t")
    assert again.status == "imported"
    with engine.connect() as conn:
        assert _partition_rows(conn, "stock_reports") == stock
        replaced = conn.exec_driver_sql(
            f"SELECT count(*), min(week), max(week) FROM stock_history WHERE replaced_by = {again.upload_id}"
        ).one()
    assert (replaced[0], str(replaced[1]), str(replaced[2])) == (REIMPORTED * 8, "2020-02-10", "2020-02-10")
    with write_transaction(engine) as conn:
        assert undo_upload(conn, again.upload_id) == REIMPORTED * 8 + REIMPORTED * 7
    with engine.connect() as conn:
        assert _partition_rows(conn, "stock_reports") == stock
    engine.dispose()

    # Village V000000 is row 1,429 of the list (the root is row 0, then 1,428 towns): its surgical masks read
    # on hand (1429*7) % 5000 = 3, received (10003 + 13) % 5000 = 16, used (10003 + 26) % 5000 = 29 every
    # week (build_workbook's figures).
    week = WEEKS[9].isoformat()
    answers = {}
    for backend, url in databases.items():
        answers[backend] = [
            json.loads(
                subprocess.run(
                    [
                        sys.executable,
                        "cli.py",
                        "status",
                        "--json",
                        "--week",
                        week,
                        "--unit",
                        unit,
                        "--db",
                        url,
                    ],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for unit in ("V000000", "T0003", "R")
        ]
    assert answers["postgresql"] == answers["sqlite"]
    village = [r for r in answers["sqlite"][0] if r["item"] == "mask_surgical"]
    assert [(r["on_hand"], r["used"]) for r in village] == [(3.0, 29.0)]


@ON_POSTGRESQL
def test_an_undone_new_week_leaves_an_empty_partition_and_a_rewrite_uses_it(engine):
    units = build_units(25)
    with write_transaction(engine) as conn:
        save_units(conn, units)
    path_bytes = _small_workbook(units)
    first = import_file(engine, "w6.xlsx", path_bytes, uploaded_by="t")
    assert first.status == "imported"
    with write_transaction(engine) as conn:
        assert undo_upload(conn, first.upload_id) == 25 * 8 + 25 * 7
        assert _partition_rows(conn, "stock_reports") == {}
        assert existing_partitions(conn, stock_reports) == {"stock_reports_w20200203"}
    second = import_file(engine, "w6-again.xlsx", path_bytes, uploaded_by="t")
    assert second.status == "imported"
    with engine.connect() as conn:
        assert _partition_rows(conn, "stock_reports") == {
            "stock_reports_w20200203": ("2020-02-03", "2020-02-03", 200)
        }


def _small_workbook(units) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w6.xlsx"
        build_workbook(units, path, week=6)
        return path.read_bytes()
