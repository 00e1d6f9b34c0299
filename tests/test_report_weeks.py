"""The unit × week pairs with report rows (store/report_weeks.py), kept current by every write, equal the
pairs found among the report rows themselves (a pandas union of load_stock and load_publicity), on SQLite and
PostgreSQL; and the reporting rate by week read from them equals the one read from the report rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings

import metrics
from demo.district import load_demo
from store import ensure_schema, open_engine, read_model, write_transaction
from store.catalogue import set_threshold
from store.report_weeks import load_report_weeks, report_weeks_current
from store.reports import load_publicity, load_stock, report_pairs
from store.uploads import IMPORTED, undo_upload
from store.versions import bump_data_version, data_version
from store.zero_reports import record_zero_report
from tests.district_strategy import districts
from tests.test_latest_status import _store
from tests.workbooks import wide_stock_workbook
from uploads import import_file


def _found_in_rows(engine) -> set[tuple[str, str]]:
    rows = pd.concat(
        [load_stock(engine)[["unit_code", "week"]], load_publicity(engine)[["unit_code", "week"]]]
    )
    return {(u, w.date().isoformat()) for u, w in zip(rows["unit_code"], rows["week"], strict=True)}


def _held(engine) -> set[tuple[str, str]]:
    held = load_report_weeks(engine)
    return {(u, w.date().isoformat()) for u, w in zip(held["unit_code"], held["week"], strict=True)}


def _check(engine, step: str, scopes=("C", "C01", None)) -> None:
    assert report_weeks_current(engine, data_version(engine)), f"not current after {step}"
    assert _held(engine) == _found_in_rows(engine), step
    units = read_model.load_frames(engine).units
    for scope in scopes:
        from_rows = metrics.reporting_by_week(units, *report_pairs(engine), unit_code=scope)
        from_pairs = metrics.reporting_by_week(units, load_report_weeks(engine), None, unit_code=scope)
        pd.testing.assert_frame_equal(from_pairs, from_rows)


def test_every_write_keeps_the_pairs_current_and_exact(db_url):
    engine = open_engine(db_url)
    ensure_schema(engine)
    assert load_report_weeks(engine).columns.tolist() == ["unit_code", "week"]
    assert load_report_weeks(engine).empty
    load_demo(engine)
    _check(engine, "the demo")
    # The demo's 19 villages, communities, school and factory report each of its 8 weeks, but 石门村 is silent
    # after week 7 (weeks 8–12): 19 × 8 − 5 (its towns and county send no rows of their own)
    assert len(_held(engine)) == 19 * 8 - 5
    content = wide_stock_workbook("东河县（2020年第13周）", [["李家村", 123, 0, 40]])
    outcome = import_file(engine, "w13.xlsx", content, uploaded_by="test")
    assert outcome.status == IMPORTED, outcome.problems
    _check(engine, "an upload of a new week")
    assert ("C0101", "2020-03-23") in _held(engine) and ("C0102", "2020-03-23") not in _held(engine)
    with write_transaction(engine) as conn:
        undo_upload(conn, outcome.upload_id)
    _check(engine, "an undo")
    assert not {pair for pair in _held(engine) if pair[1] == "2020-03-23"}
    record_zero_report(engine, "C0101", date(2020, 3, 23), user="test")  # 李家村: nothing changed in week 13
    _check(engine, "a zero report")
    assert {pair for pair in _held(engine) if pair[1] == "2020-03-23"} == {("C0101", "2020-03-23")}
    with write_transaction(engine) as conn:
        bump_data_version(conn)  # a write that forgets to refresh: the pages read the report rows instead
    assert not report_weeks_current(engine, data_version(engine))
    with write_transaction(engine) as conn:
        set_threshold(conn, "mask_surgical", "village", 30.0, 60.0)  # the next write finds every pair again
    _check(engine, "a threshold changed after a write that forgot")
    engine.dispose()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gd=districts())
def test_generated_districts_pairs_equal_their_rows(tmp_path_factory, gd):
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('weeks') / 'd.sqlite3'}")
    ensure_schema(engine)
    _store(engine, gd)
    _check(engine, "a generated district", scopes=(None, gd.units[0]["code"]))
    engine.dispose()
