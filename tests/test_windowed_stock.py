"""The pages read a window of stock weeks and the unit × week report pairs, not every report row: every figure
they show for the chosen week must equal what the metrics give on the full frames."""

from __future__ import annotations

import random
from datetime import timedelta

import pandas as pd
import pytest
import streamlit as st

import metrics
from benchmarks.bench_pages import county_reports, county_units
from demo.district import load_demo
from pages.common import data
from store import write_transaction
from store.catalogue import load_items, load_thresholds
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK, load_publicity, load_stock, load_stock_weeks
from store.units import load_units, save_units
from store.uploads import IMPORTED, UploadRecord, record_upload
from store.versions import bump_data_version, data_version


def _generated(engine, town_rows: bool = False) -> None:
    """59 units × 30 weeks, with gaps: 5 % of rows missing, one village silent after week 5 (longer than the
    window; its publicity stops in week 3), one that starts reporting in week 20."""
    units = county_units(60)
    stock, publicity = county_reports(units, 30)
    rng = random.Random(3)
    first = stock["week"].min()
    silent = stock["unit_code"] == "T000V001"
    late = stock["unit_code"] == "T001V002"
    dropped = pd.Series([rng.random() < 0.05 for _ in range(len(stock))], index=stock.index)
    stock = stock[
        ~(silent & (stock["week"] > first + timedelta(weeks=5)))
        & ~(late & (stock["week"] < first + timedelta(weeks=20)))
        & ~dropped
    ]
    pub_silent = publicity["unit_code"] == "T000V001"
    publicity = publicity[~(pub_silent & (publicity["week"] > first + timedelta(weeks=3)))]
    if town_rows:  # a town's own sheet: its rows count only for weeks its villages left blank
        own = publicity[publicity["unit_code"] == "T001V003"].assign(unit_code="T001")
        publicity = pd.concat([publicity, own[own["week"] >= first + timedelta(weeks=10)]])
    with write_transaction(engine) as conn:
        save_units(conn, units)
        upload_id = record_upload(
            conn, UploadRecord("gen", "gen", "gen", IMPORTED, len(stock), len(publicity), [], [], [])
        )
        replace_reports(conn, STOCK, stock, upload_id)
        replace_reports(conn, PUBLICITY, publicity, upload_id)
        # Rows written, so a new data version, as every write that stores rows makes. Not refreshed: neither the
        # latest status nor the report weeks are current, so the pages read the windows and pairs of the rows
        # (what this file tests). Without the bump, save_units' refresh above (before any row) was current.
        bump_data_version(conn)


@pytest.fixture(params=["demo", "generated", "town rows"])
def database(request, db_url):
    url = db_url
    st.cache_data.clear()
    st.cache_resource.clear()
    engine = data.engine_for(url)
    if request.param == "demo":
        load_demo(engine)
    else:
        _generated(engine, town_rows=request.param == "town rows")
    yield url, engine
    st.cache_data.clear()
    st.cache_resource.clear()


def _cases(engine):
    weeks = sorted(data.frames(str(engine.url), data_version(engine)).weeks)
    chosen = sorted({weeks[-1], weeks[len(weeks) // 2], weeks[min(2, len(weeks) - 1)], weeks[-4]})
    units = load_units(engine)
    roots = units.loc[units["parent_code"].isna(), "code"].tolist()
    towns = units.loc[units["parent_code"].isin(roots), "code"].tolist()[:1]
    return [(w.isoformat(), u) for w in chosen for u in roots + towns]


def test_figures_for_the_chosen_week_equal_the_full_frames(database):
    url, engine = database
    version = data_version(engine)
    units, items, thresholds = load_units(engine), load_items(engine), load_thresholds(engine)
    stock, publicity = load_stock(engine), load_publicity(engine)
    for week, unit in _cases(engine):
        args = (url, version, week, unit)
        status = metrics.stock_status(units, items, stock, week=week, unit_code=unit, thresholds=thresholds)
        pd.testing.assert_frame_equal(data.stock_status(*args), status)
        pd.testing.assert_frame_equal(
            data.transfer_suggestions(*args),
            metrics.transfer_suggestions(
                units, items, stock, week=week, unit_code=unit, thresholds=thresholds
            ),
        )
        pd.testing.assert_frame_equal(
            data.publicity_coverage(*args),
            metrics.publicity_coverage(units, items, publicity, week=week, unit_code=unit),
        )
        summary = metrics.reporting_summary(units, stock, publicity, week=week, unit_code=unit)
        assert data.reporting_summary(*args) == summary
        pd.testing.assert_frame_equal(
            data.alerts(*args, "zh"),
            metrics.alerts(
                units, items, stock, publicity, week=week, unit_code=unit, thresholds=thresholds, lang="zh"
            ),
        )


def test_a_unit_silent_longer_than_the_window_keeps_its_last_report(database):
    url, engine = database
    version = data_version(engine)
    week = max(data.frames(url, version).weeks).isoformat()
    root = load_units(engine).loc[lambda u: u["parent_code"].isna(), "code"].iloc[0]
    missing = {m["unit_code"]: m for m in data.reporting_summary(url, version, week, root)["missing"]}
    if "T000V001" in missing:  # the generated database
        assert missing["T000V001"]["last_report_week"] == "2020-02-10"
        assert missing["T000V001"]["days_since"] == 7 * 24


def test_weekly_charts_equal_the_full_frames_over_the_weeks_they_show(database):
    url, engine = database
    version = data_version(engine)
    units, items = load_units(engine), load_items(engine)
    stock, publicity = load_stock(engine), load_publicity(engine)
    for week, unit in _cases(engine):
        full = metrics.stock_trend(units, items, stock, unit_code=unit, item_codes=["mask_surgical"])
        shown = data.stock_trend(url, version, week, unit, ("mask_surgical",))
        first = (pd.Timestamp(week) - timedelta(weeks=data.TREND_WEEKS - 1)).date().isoformat()
        expected = full[(full["week"] >= first) & (full["week"] <= week)].reset_index(drop=True)
        assert len(expected) == min(data.TREND_WEEKS, len(full[full["week"] <= week]))
        pd.testing.assert_frame_equal(shown, expected)
        pd.testing.assert_frame_equal(
            data.reporting_by_week(url, version, unit),
            metrics.reporting_by_week(units, stock, publicity, unit_code=unit),
        )


def test_coverage_reads_summed_publicity_unless_a_parent_sent_rows(tmp_path):
    for town_rows in (False, True):
        url = f"sqlite:///{tmp_path / f'summed{town_rows}.sqlite3'}"
        engine = data.engine_for(url)
        _generated(engine, town_rows=town_rows)
        version = data_version(engine)
        week = max(data.frames(url, version).weeks).isoformat()
        full = load_publicity(engine)
        read = data.publicity_upto(url, version, week)
        # 56 villages × 2 materials summed, and the last week's rows of the 55 still reporting.
        assert len(read) == (len(full) if town_rows else 56 * 2 + 55 * 2)


def test_stock_read_week_by_week_equals_the_range_read(database):
    url, engine = database
    weeks = sorted(data.frames(url, data_version(engine)).weeks)
    for first, last in ((weeks[0], weeks[-1]), (weeks[len(weeks) // 2], weeks[-2])):
        chosen = [w for w in weeks if first <= w <= last]
        # Neither read orders its rows (no ORDER BY; the metrics sort): compare them in key order.
        pd.testing.assert_frame_equal(
            in_key_order(load_stock_weeks(engine, chosen)),
            in_key_order(load_stock(engine, weeks_from=first, weeks_to=last)),
        )


def in_key_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["unit_code", "week", "item_code"]).reset_index(drop=True)
