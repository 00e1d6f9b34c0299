"""The pages share one cached copy of the report frames between sessions (pages/common/data.frames), which
is only safe while no metrics function changes its inputs."""

from __future__ import annotations

import pandas as pd

import metrics
from demo.district import load_demo
from store.catalogue import load_items, load_thresholds
from store.reports import load_publicity, load_stock
from store.units import load_units


def test_no_metrics_function_changes_its_inputs(sqlite_engine):
    load_demo(sqlite_engine)
    units, items = load_units(sqlite_engine), load_items(sqlite_engine)
    stock, publicity = load_stock(sqlite_engine), load_publicity(sqlite_engine)
    thresholds = load_thresholds(sqlite_engine)
    before = [frame.copy(deep=True) for frame in (units, items, stock, publicity, thresholds)]
    metrics.stock_status(units, items, stock, thresholds=thresholds)
    metrics.publicity_coverage(units, items, publicity)
    metrics.reporting_summary(units, stock, publicity)
    metrics.reporting_by_week(units, stock, publicity)
    metrics.alerts(units, items, stock, publicity, thresholds=thresholds)
    metrics.transfer_suggestions(units, items, stock, thresholds=thresholds)
    metrics.stock_trend(units, items, stock)
    for after, original in zip((units, items, stock, publicity, thresholds), before, strict=True):
        pd.testing.assert_frame_equal(after, original)
