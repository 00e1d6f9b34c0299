"""The latest status (store/latest_status.py) gives the figures of the full computation and of the oracle.

Generated districts (tests/district_strategy.py) are stored, the latest status worked out, and the latest
week's stock status, coverage, reporting and alerts read from it must equal those from every report row
(metrics on the full frames) and the oracle's (tests/oracle/), on SQLite and PostgreSQL. Then on the demo,
after an upload, a zero report, an undo, a unit moved to another town and a threshold changed, the tables are
current (the pages read them) and the figures still equal the full computation's.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import delete

import metrics
from demo.district import load_demo
from metrics.reporting import expected_units
from metrics.supply_status import status_frame, supply_snapshot
from store import ensure_schema, open_engine, read_model, write_transaction
from store.catalogue import load_thresholds, set_threshold
from store.latest_status import latest_status_current, refresh_latest_status
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK, load_publicity, load_stock
from store.tables import (
    publicity_history,
    publicity_reports,
    stock_history,
    stock_reports,
    units,
    uploads,
)
from store.units import load_units, save_units
from store.uploads import IMPORTED, UploadRecord, record_upload, undo_upload
from store.versions import bump_data_version, data_version
from store.zero_reports import record_zero_report
from tests.district_strategy import MATERIAL_CODES, SUPPLY_CODES, UNIT_FIELDS, districts
from tests.oracle import District
from tests.test_oracle_agreement import (
    COVERAGE_FIELDS,
    STATUS_FIELDS,
    compare_rows,
    oracle_coverage_rows,
    oracle_status_rows,
)
from tests.workbooks import wide_stock_workbook
from uploads import import_file

EXAMPLES = int(os.environ.get("LATEST_STATUS_EXAMPLES", "25"))


def _store(engine, gd) -> None:
    """The district as the only data of the database, the latest status worked out as a write does."""
    unit_frame, _, stock, publicity = gd.frames()
    with write_transaction(engine) as conn:
        for table in (stock_history, publicity_history, stock_reports, publicity_reports, uploads, units):
            conn.execute(delete(table))
        save_units(conn, unit_frame.drop(columns=["aliases"]))
        upload = record_upload(conn, UploadRecord("gen", "gen", "gen", IMPORTED, len(stock), 0, [], [], []))
        replace_reports(conn, STOCK, stock, upload)
        replace_reports(conn, PUBLICITY, publicity, upload)
        bump_data_version(conn)
        refresh_latest_status(conn, None)


def _full_and_latest(engine, week: str, scope: str) -> tuple[dict, dict]:
    """{figure: value} from every report row, and from the latest status, for `week` and `scope`."""
    version = data_version(engine)
    frames = read_model.load_frames(engine)
    units_, items, thresholds = frames.units, frames.items, frames.thresholds
    stock, publicity = load_stock(engine), load_publicity(engine)
    latest = read_model.latest_stock_for(engine, version, week)
    assert latest is not None, "the latest status is not current: the pages would not read it"
    full_snapshot = supply_snapshot(units_, items, stock, week=week, unit_code=scope, thresholds=thresholds)
    fast_snapshot = supply_snapshot(
        units_, items, None, week=week, unit_code=scope, thresholds=thresholds, latest=latest
    )
    summed = read_model.publicity_for_week(engine, frames, week, version)
    out = []
    for snapshot, pub, stock_weeks in (
        (full_snapshot, publicity, stock),
        (fast_snapshot, summed, read_model.report_weeks_latest(engine)),
    ):
        coverage = metrics.publicity_coverage(units_, items, pub, week=week, unit_code=scope)
        reporting = metrics.reporting_summary(units_, stock_weeks, pub, week=week, unit_code=scope)
        out.append(
            {
                "status": status_frame(snapshot),
                "coverage": coverage,
                "reporting": reporting,
                # The units the on-time rate counts (pages/common/timeliness_view.py reads them the same way).
                "expected": expected_units(units_, stock_weeks, pub, week=week, unit_code=scope),
                "alerts": metrics.alerts(
                    units_,
                    items,
                    None,
                    pub,
                    week=week,
                    unit_code=scope,
                    thresholds=thresholds,
                    coverage=coverage,
                    reporting=reporting,
                    snapshot=snapshot,
                ),
            }
        )
    return out[0], out[1]


def _assert_same(full: dict, fast: dict) -> None:
    pd.testing.assert_frame_equal(fast["status"], full["status"])
    pd.testing.assert_frame_equal(fast["coverage"], full["coverage"])
    assert fast["reporting"] == full["reporting"]
    pd.testing.assert_frame_equal(fast["expected"], full["expected"])
    pd.testing.assert_frame_equal(fast["alerts"], full["alerts"])


def _records(engine) -> list[dict]:
    """The units as stored (save_units fills a parent's 下辖村居数 from the list), as the oracle reads them."""
    stored = load_units(engine)

    def plain(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

    return [
        {
            "code": r["code"],
            "name": r["name"],
            "parent_code": plain(r["parent_code"]),
            "level": r["level"],
            "active": bool(r["active"]),
            **{f: plain(float(r[f])) if plain(r[f]) is not None else None for f in UNIT_FIELDS},
        }
        for r in stored.to_dict("records")
    ]


@pytest.fixture
def shared_engine(db_url):
    engine = open_engine(db_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(gd=districts())
def test_the_latest_status_gives_the_full_figures_and_the_oracles(shared_engine, gd):
    if not gd.stock and not gd.publicity:
        return  # nothing stored, no latest week: the pages show "no data" (test_pages_overview)
    _store(shared_engine, gd)
    latest = max(date.fromisoformat(str(r["week"])[:10]) for r in gd.stock + gd.publicity)
    assert_latest_is_full_and_oracle(shared_engine, gd, latest)


def assert_latest_is_full_and_oracle(engine, gd, latest: date) -> None:
    """The latest week's figures from the tables equal the full computation's and, for the root and an inner
    unit, the oracle's (tests/oracle/)."""
    gd = replace(gd, week=latest, units=_records(engine))
    oracle = District(gd.units, gd.items, gd.stock, gd.publicity)
    for scope in dict.fromkeys([gd.root, gd.inner]):
        full, fast = _full_and_latest(engine, latest.isoformat(), scope)
        _assert_same(full, fast)
        status = fast["status"][fast["status"]["item"].isin(SUPPLY_CODES)]
        coverage = fast["coverage"][fast["coverage"]["material"].isin(MATERIAL_CODES)]
        diffs = compare_rows(
            scope,
            "stock_status",
            oracle_status_rows(oracle, gd, scope),
            status,
            ["unit_code", "item"],
            STATUS_FIELDS,
        ) + compare_rows(
            scope,
            "publicity_coverage",
            oracle_coverage_rows(oracle, gd, scope),
            coverage,
            ["unit_code", "material"],
            COVERAGE_FIELDS,
        )
        assert not diffs, "\n".join(d.line() for d in diffs[:20])


def test_every_write_keeps_the_latest_status_current_and_exact(db_url):
    engine = open_engine(db_url)
    ensure_schema(engine)
    load_demo(engine)
    week = "2020-03-16"

    def check(step: str) -> None:
        version = data_version(engine)
        assert latest_status_current(engine, version, week), f"not current after {step}"
        for scope in ("C", "C01"):
            full, fast = _full_and_latest(engine, week, scope)
            _assert_same(full, fast)

    check("the demo")
    # An upload of the latest week for 李家村: its masks now 123 on hand.
    content = wide_stock_workbook("东河县（2020年第12周）", [["李家村", 123, 0, 40]])
    outcome = import_file(engine, "w12.xlsx", content, uploaded_by="test")
    assert outcome.status == IMPORTED, outcome.problems
    check("an upload")
    status = _full_and_latest(engine, week, "C")[1]["status"]
    row = status[(status["unit"] == "李家村") & (status["item"] == "mask_surgical")].iloc[0]
    assert row["on_hand"] == 123.0 and row["used"] == 40.0 and not row["carried"]
    with write_transaction(engine) as conn:
        undo_upload(conn, outcome.upload_id)
    check("an undo")
    missing = read_model.load_frames(engine)
    # A zero report for next week (a new latest week: every unit's age moves on, publicity sums too).
    li = missing.units.loc[missing.units["name"] == "李家村", "code"].iloc[0]
    made = record_zero_report(engine, li, date(2020, 3, 23), user="test")
    assert made.stock_rows > 0
    week = "2020-03-23"
    check("a zero report")
    village = missing.units[missing.units["level"] == "village"].iloc[0]
    other_town = missing.units[
        (missing.units["level"] == "town") & (missing.units["code"] != village["parent_code"])
    ].iloc[0]
    with write_transaction(engine) as conn:
        save_units(
            conn,
            pd.DataFrame([{**village.to_dict(), "parent_code": other_town["code"]}]).drop(
                columns=["aliases"]
            ),
        )
    check("a unit moved to another town")
    with write_transaction(engine) as conn:
        set_threshold(conn, "mask_surgical", "village", 30.0, 60.0)
    check("a threshold changed")
    assert load_thresholds(engine)["critical_days"].tolist() == [30.0]
    engine.dispose()
