"""The whole region's trend of one item, summed by the database (store/stock_totals.py) when summing is all the
trend does, and read row by row otherwise: figures worked out by hand on a four-unit county."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import streamlit as st

from pages.common import data
from store import read_model, write_transaction
from store.report_writes import replace_reports
from store.reports import STOCK
from store.units import save_units
from store.uploads import IMPORTED, UploadRecord, record_upload
from store.versions import data_version

W0, W1, W2, W3, W4 = (
    date(2026, 8, 31),
    date(2026, 10, 5),
    date(2026, 10, 12),
    date(2026, 10, 19),
    date(2026, 10, 26),
)
NAN = float("nan")

UNITS = pd.DataFrame(
    [
        {"code": "C", "name": "测试县", "parent_code": None, "level": "county"},
        {"code": "T", "name": "一镇", "parent_code": "C", "level": "town"},
        {"code": "V1", "name": "一村", "parent_code": "T", "level": "village"},
        {"code": "V2", "name": "二村", "parent_code": "T", "level": "village"},
    ]
)

# unit, week, on hand, received, used. W0 is eight weeks before W4, outside the chart: its row without a use
# changes nothing. V2 gave no figure on hand in W2 and is silent in W4.
ROWS = [
    ("V1", W0, 120.0, 0.0, NAN),
    ("V1", W1, 100.0, 0.0, 20.0),
    ("V1", W2, 90.0, 20.0, 30.0),
    ("V1", W3, 70.0, 0.0, 20.0),
    ("V1", W4, 60.5, 0.0, 9.5),
    ("V2", W1, 50.0, 0.0, 5.0),
    ("V2", W2, NAN, 0.0, 10.0),
    ("V2", W3, 40.0, 0.0, 5.0),
]

# By hand: W1 100 + 50, 20 + 5; W2 only V1 on hand, 30 + 10; W3 70 + 40, 20 + 5; W4 V1 alone.
SUMMED = pd.DataFrame(
    {
        "week": pd.Series([w.isoformat() for w in (W1, W2, W3, W4)], dtype=str),
        "item": pd.Series(["mask_surgical"] * 4, dtype=str),
        "on_hand": [150.0, 90.0, 110.0, 60.5],
        "used": [25.0, 40.0, 25.0, 9.5],
    }
)


def _county(url: str, rows: list[tuple]) -> None:
    engine = data.engine_for(url)
    stock = pd.DataFrame(rows, columns=["unit_code", "week", "on_hand", "received", "used"])
    stock = stock.assign(item_code="mask_surgical", days_out=NAN, opening=NAN)
    stock["week"] = pd.to_datetime(stock["week"])
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
        upload = record_upload(conn, UploadRecord("t", "t", "t", IMPORTED, len(stock), 0, [], [], []))
        replace_reports(conn, STOCK, stock[STOCK.columns], upload)


@pytest.fixture
def url(db_url):
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db_url
    st.cache_data.clear()
    st.cache_resource.clear()


def _trend(url: str, unit: str | None = "C", item: str = "mask_surgical") -> tuple[pd.DataFrame, object]:
    """(the page's trend up to W4, what the database summed: None when the rows were read)."""
    version = data_version(data.engine_for(url))
    summed = read_model.region_trend(data.engine_for(url), data.frames(url, version), W4.isoformat(), item)
    return data.stock_trend(url, version, W4.isoformat(), unit, (item,)), summed


def test_every_use_given_and_only_villages_reporting_is_summed_by_the_database(url):
    _county(url, ROWS)
    shown, summed = _trend(url)
    pd.testing.assert_frame_equal(summed, SUMMED)
    pd.testing.assert_frame_equal(shown, SUMMED)
    pd.testing.assert_frame_equal(_trend(url, unit=None)[0], SUMMED)


def test_a_use_left_out_is_derived_from_the_rows(url):
    # V1 in W3: no use, 15 received: 90 on hand the week before + 15 − 70 = 35 used; with V2's 5, 40.
    rows = [r if r[:2] != ("V1", W3) else ("V1", W3, 70.0, 15.0, NAN) for r in ROWS]
    _county(url, rows)
    shown, summed = _trend(url)
    assert summed is None
    expected = SUMMED.copy()
    expected.loc[2, "used"] = 40.0
    pd.testing.assert_frame_equal(shown, expected)


def test_a_town_row_beside_its_villages_leaves_the_sum_to_the_rows(url):
    # The town's own sheet in W2, when its villages reported too: not a base row, it adds nothing.
    _county(url, [*ROWS, ("T", W2, 500.0, 0.0, 50.0)])
    shown, summed = _trend(url)
    assert summed is None
    pd.testing.assert_frame_equal(shown, SUMMED)


def test_a_town_row_alone_in_its_week_counts(url):
    # W4 without V1: the town's own row is the only one below the county that week, so it is the figure.
    rows = [r for r in ROWS if r[:2] != ("V1", W4)] + [("T", W4, 300.0, 0.0, 12.0)]
    _county(url, rows)
    shown, summed = _trend(url)
    assert summed is None
    expected = SUMMED.copy()
    expected.loc[3, ["on_hand", "used"]] = [300.0, 12.0]
    pd.testing.assert_frame_equal(shown, expected)


def test_a_publicity_material_is_not_summed_and_a_town_chart_reads_its_rows(url):
    _county(url, ROWS)
    version = data_version(data.engine_for(url))
    frames = data.frames(url, version)
    assert read_model.region_trend(data.engine_for(url), frames, W4.isoformat(), "leaflet") is None
    # The town holds every village but not the county: its chart is read row by row, same figures here.
    town = data.stock_trend(url, version, W4.isoformat(), "T", ("mask_surgical",))
    pd.testing.assert_frame_equal(town, SUMMED)
