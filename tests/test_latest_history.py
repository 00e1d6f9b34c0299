"""A write of the latest week moves the latest status forward from the kept histories (store/latest_uses.py,
metrics/latest_history.py) without reading the weeks before it, and gives the same figures as working every
unit out again from all its rows, and as the oracle.

By hand: one village's masks over four weeks, use derived and reported, a stock-out week, a week replaced.
Generated districts: every week but the last stored and worked out whole, then the last week written as an
upload writes it; the figures of the latest week from the tables equal the full computation's and the
oracle's, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import delete, func, inspect, select

from domain.frames import PUBLICITY_COLUMNS, STOCK_COLUMNS
from store import ensure_schema, latest_uses, open_engine, write_transaction
from store.latest_status import (
    load_latest_stock,
    load_publicity_before,
    read_held_snapshot,
    refresh_latest_status,
)
from store.latest_units import read_units
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK
from store.tables import (
    latest_units,
    meta,
    publicity_history,
    publicity_reports,
    stock_history,
    stock_reports,
    units,
    uploads,
)
from store.units import save_units
from store.uploads import IMPORTED, UploadRecord, record_upload
from store.versions import bump_data_version
from tests.district_strategy import districts
from tests.test_latest_status import EXAMPLES, assert_latest_is_full_and_oracle

W1, W2, W3, W4 = (date(2020, 1, 6), date(2020, 1, 13), date(2020, 1, 20), date(2020, 1, 27))


@pytest.fixture
def engine(db_url):
    engine = open_engine(db_url)
    ensure_schema(engine)
    with write_transaction(engine) as conn:
        for table in (stock_history, publicity_history, stock_reports, publicity_reports, uploads, units):
            conn.execute(delete(table))
        bump_data_version(conn)
        refresh_latest_status(conn, None)
    yield engine
    engine.dispose()


def _write(engine, stock: pd.DataFrame, publicity: pd.DataFrame, units_=None, weeks=None, ahead=None) -> str:
    """Store the rows as an upload does; the latest status for their units and weeks (all when units_ is None)."""
    with write_transaction(engine) as conn:
        upload = record_upload(
            conn, UploadRecord("t", "t", "t", IMPORTED, len(stock), len(publicity), [], [], [])
        )
        replace_reports(conn, STOCK, stock, upload)
        replace_reports(conn, PUBLICITY, publicity, upload)
        bump_data_version(conn)
        # As an upload calls it: with the stock rows it wrote.
        return refresh_latest_status(conn, units_, weeks, written_stock=stock, read_ahead=ahead)


def _stock(unit: str, week: date, on_hand, received=None, used=None, days_out=None) -> dict:
    return {
        "unit_code": unit,
        "week": pd.Timestamp(week),
        "item_code": "mask_surgical",
        "on_hand": on_hand,
        "received": received,
        "used": used,
        "days_out": days_out,
        "opening": None,
    }


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    frame["week"] = frame["week"].astype("datetime64[ns]")
    for column in columns[3:]:
        frame[column] = frame[column].astype(float)
    return frame


def _village(engine) -> None:
    tree = pd.DataFrame(
        [
            {"code": "C", "name": "县", "parent_code": None, "level": "county"},
            {"code": "T", "name": "镇", "parent_code": "C", "level": "town"},
            {"code": "V", "name": "村", "parent_code": "T", "level": "village", "population": 1000.0},
            {"code": "U", "name": "另一村", "parent_code": "T", "level": "village", "population": 1000.0},
        ]
    )
    with write_transaction(engine) as conn:
        save_units(conn, tree)


def _mask_row(engine) -> dict:
    frame = load_latest_stock(engine)
    return frame[(frame["unit_code"] == "V") & (frame["item_code"] == "mask_surgical")].iloc[0].to_dict()


def test_one_village_moved_forward_week_by_week_by_hand(engine):
    _village(engine)
    no_publicity = _frame([], PUBLICITY_COLUMNS)
    # Weeks 1 and 2 stored and worked out whole: 100 on hand, then 80 (use 80 − 80... = 100 + 0 − 80 = 20).
    first = _frame([_stock("V", W1, 100.0, 0.0), _stock("V", W2, 80.0, 0.0)], STOCK_COLUMNS)
    assert _write(engine, first, no_publicity) == "whole"

    # Week 3 alone: 50 on hand → use 80 + 0 − 50 = 30 (derived); burn = (30 + 20) ÷ 2 ÷ 7 = 25/7 a day; the
    # median of the known use before it is week 2's 20 (week 1 has no week before it: its use is unknown).
    path = _write(engine, _frame([_stock("V", W3, 50.0, 0.0)], STOCK_COLUMNS), no_publicity, ["V"], [W3])
    assert path == "onward"
    row = _mask_row(engine)
    assert (row["week"], row["prev_on_hand"], row["use"], row["derived"]) == (
        pd.Timestamp(W3),
        80.0,
        30.0,
        True,
    )
    assert row["burn_use"] == pytest.approx(25 / 7, rel=1e-15) and row["use_weeks"] == 2.0
    assert (row["median"], row["count"]) == (20.0, 1.0)

    # Week 3 sent again (replaced): 66 on hand → use 80 − 66 = 14; burn (14 + 20) ÷ 2 ÷ 7 = 17/7; median still 20.
    path = _write(engine, _frame([_stock("V", W3, 66.0, 0.0)], STOCK_COLUMNS), no_publicity, ["V"], [W3])
    assert path == "onward"
    row = _mask_row(engine)
    assert (row["on_hand"], row["use"]) == (66.0, 14.0)
    assert row["burn_use"] == pytest.approx(17 / 7, rel=1e-15)
    assert (row["median"], row["count"]) == (20.0, 1.0)

    # Week 4, use reported as 21 with 3.5 days out of stock: adjusted 21 × 7 ÷ (7 − 3.5) = 42; burn
    # (42 + 14) ÷ 2 ÷ 7 = 4; the median of weeks 2 and 3 (20, 14) is 17, of 2 weeks.
    row4 = _stock("V", W4, 45.0, 0.0, used=21.0, days_out=3.5)
    assert _write(engine, _frame([row4], STOCK_COLUMNS), no_publicity, ["V"], [W4]) == "onward"
    row = _mask_row(engine)
    assert (row["use"], row["use_adjusted"], row["derived"]) == (21.0, 42.0, False)
    assert row["burn_use"] == 4.0 and (row["median"], row["count"]) == (17.0, 2.0)

    # Worked out whole from every row, the same row.
    with write_transaction(engine) as conn:
        bump_data_version(conn)
        assert refresh_latest_status(conn, None) == "whole"
    pd.testing.assert_series_equal(pd.Series(_mask_row(engine)), pd.Series(row))  # NaN equals NaN here


def test_a_write_of_an_earlier_week_works_its_units_out_from_their_rows(engine):
    _village(engine)
    no_publicity = _frame([], PUBLICITY_COLUMNS)
    rows = [_stock("V", W1, 100.0, 0.0), _stock("V", W2, 80.0, 0.0), _stock("V", W3, 50.0, 0.0)]
    _write(engine, _frame(rows, STOCK_COLUMNS), no_publicity)
    # Week 2 corrected to 90: week 3's use is now 90 − 50 = 40, which only its rows can tell.
    path = _write(engine, _frame([_stock("V", W2, 90.0, 0.0)], STOCK_COLUMNS), no_publicity, ["V"], [W2])
    assert path == "units"
    row = _mask_row(engine)
    assert (row["use"], row["median"]) == (40.0, 10.0)  # weeks 2 (100 − 90 = 10) before it


def test_publicity_sums_move_on_with_the_latest_week(engine):
    _village(engine)
    no_stock = _frame([], STOCK_COLUMNS)

    def pub(unit, week, quantity, reached=None):
        return {
            "unit_code": unit,
            "week": pd.Timestamp(week),
            "material_code": "banner",
            "quantity": quantity,
            "sub_units_reached": reached,
            "households_reached": None,
        }

    _write(engine, no_stock, _frame([pub("V", W1, 3.0, 2.0), pub("V", W2, None, 5.0)], PUBLICITY_COLUMNS))
    # Week 3 for another village: the sums before week 3 gain week 2 (blank counts 0; the largest reach 5).
    path = _write(engine, no_stock, _frame([pub("U", W3, 7.0)], PUBLICITY_COLUMNS), ["U"], [W3])
    assert path == "onward"
    before = load_publicity_before(engine).set_index(["unit_code", "material_code"])
    assert before.loc[("V", "banner"), ["quantity", "sub_units_reached"]].tolist() == [3.0, 5.0]
    assert before.loc[("V", "banner"), "week"] == pd.Timestamp(W2)
    assert ("U", "banner") not in before.index  # its only row is of the latest week itself
    # Week 4 for V: week 3 joins the sums (U's 7), V's sum stays 3 + 0.
    _write(engine, no_stock, _frame([pub("V", W4, 1.0, 9.0)], PUBLICITY_COLUMNS), ["V"], [W4])
    before = load_publicity_before(engine).set_index(["unit_code", "material_code"])
    assert before.loc[("U", "banner"), ["quantity", "week"]].tolist() == [7.0, pd.Timestamp(W3)]
    assert before.loc[("V", "banner"), ["quantity", "sub_units_reached"]].tolist() == [3.0, 5.0]


def test_each_unit_keeps_its_rows_in_one_table_row_and_a_carried_item_stays(engine):
    _village(engine)
    gloves = {"item_code": "gloves"}
    rows = [_stock("V", W1, 100.0, 0.0), _stock("V", W1, 40.0, 0.0) | gloves, _stock("U", W1, 10.0, 0.0)]
    assert _write(engine, _frame(rows, STOCK_COLUMNS), _frame([], PUBLICITY_COLUMNS)) == "whole"
    # Week 2: V's masks only, moved forward; its gloves keep their week-1 row (carried), U is not written.
    rows = [_stock("V", W2, 70.0, 0.0)]
    path = _write(engine, _frame(rows, STOCK_COLUMNS), _frame([], PUBLICITY_COLUMNS), ["V"], [W2])
    assert path == "onward"
    with engine.connect() as conn:
        query = select(
            latest_units.c.unit_code,
            latest_units.c.week,
            latest_units.c.item_codes,
            latest_units.c.figures,
            latest_units.c.history,
        )
        held = sorted(
            (unit, str(week)[:10], items, len(figures), len(history))
            for unit, week, items, figures, history in conn.execute(query)
        )
    # Per item: the week and 15 float64 figures (LATEST_COLUMNS after the keys and week), 128 bytes; the
    # history 20 values (closing, last week's closing, use and adjusted use of 9 weeks), 160 bytes.
    assert held == [
        ("U", "2020-01-06", '["mask_surgical"]', 128, 160),
        ("V", "2020-01-13", '["gloves", "mask_surgical"]', 256, 320),
    ]
    frame = load_latest_stock(engine).set_index(["unit_code", "item_code"])
    assert frame.loc[("V", "mask_surgical"), ["week", "on_hand", "use"]].tolist() == [
        pd.Timestamp(W2),
        70.0,
        30.0,  # 100 + 0 − 70
    ]
    assert frame.loc[("V", "gloves"), ["week", "on_hand"]].tolist() == [pd.Timestamp(W1), 40.0]
    assert frame.loc[("U", "mask_surgical"), ["week", "on_hand"]].tolist() == [pd.Timestamp(W1), 10.0]
    assert len(frame) == 3


def test_a_second_sheet_of_the_same_week_moves_its_own_item_and_keeps_the_first(engine):
    _village(engine)
    no_publicity = _frame([], PUBLICITY_COLUMNS)
    gloves = {"item_code": "gloves"}
    rows = [_stock("V", W1, 100.0, 0.0), _stock("V", W1, 40.0, 0.0) | gloves]
    _write(engine, _frame(rows, STOCK_COLUMNS), no_publicity)
    # Week 2 in two sheets: masks first, then gloves (the week then holds more rows than the second wrote).
    first = _write(engine, _frame([_stock("V", W2, 70.0, 0.0)], STOCK_COLUMNS), no_publicity, ["V"], [W2])
    rows = [_stock("V", W2, 25.0, 5.0) | gloves]
    second = _write(engine, _frame(rows, STOCK_COLUMNS), no_publicity, ["V"], [W2])
    assert (first, second) == ("onward", "onward")
    frame = load_latest_stock(engine).set_index(["unit_code", "item_code"])
    assert frame.loc[("V", "mask_surgical"), ["week", "on_hand", "use"]].tolist() == [
        pd.Timestamp(W2),
        70.0,
        30.0,
    ]
    # Gloves: 40 + 5 − 25 = 20 used.
    assert frame.loc[("V", "gloves"), ["week", "on_hand", "use"]].tolist() == [pd.Timestamp(W2), 25.0, 20.0]


def test_rows_read_ahead_are_used_only_while_no_write_changed_them(engine, monkeypatch):
    _village(engine)
    no_publicity = _frame([], PUBLICITY_COLUMNS)
    _write(
        engine, _frame([_stock("V", W1, 100.0, 0.0), _stock("U", W1, 10.0, 0.0)], STOCK_COLUMNS), no_publicity
    )
    reads = []
    monkeypatch.setattr(latest_uses, "read_units", lambda *a, **k: reads.append(a[1]) or read_units(*a, **k))
    stale = read_held_snapshot(engine)  # of week 1
    # Read ahead and nothing written since: used, nothing read in the write (V: 100 + 0 − 80 = 20 used).
    ahead = read_held_snapshot(engine)
    assert _write(
        engine, _frame([_stock("V", W2, 80.0, 0.0)], STOCK_COLUMNS), no_publicity, ["V"], [W2], ahead
    )
    assert reads == [] and _mask_row(engine)["use"] == 20.0
    # The week-1 rows read before that write are stale: read again (V: 80 + 5 − 60 = 25, from week 2's 80).
    rows = _frame([_stock("V", W3, 60.0, 5.0)], STOCK_COLUMNS)
    assert _write(engine, rows, no_publicity, ["V"], [W3], stale) == "onward"
    assert reads == [["V"]]
    row = _mask_row(engine)
    assert (row["prev_on_hand"], row["use"]) == (80.0, 25.0)


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
def test_a_new_week_moved_forward_gives_the_full_figures_and_the_oracles(engine, gd):
    if not gd.stock and not gd.publicity:
        return
    unit_frame, _, stock, publicity = gd.frames()
    latest = max(date.fromisoformat(str(r["week"])[:10]) for r in gd.stock + gd.publicity)
    last = pd.Timestamp(latest)
    with write_transaction(engine) as conn:
        for table in (stock_history, publicity_history, stock_reports, publicity_reports, uploads, units):
            conn.execute(delete(table))
        save_units(conn, unit_frame.drop(columns=["aliases"]))
    _write(engine, stock[stock["week"] < last], publicity[publicity["week"] < last])
    new_stock, new_publicity = stock[stock["week"] == last], publicity[publicity["week"] == last]
    written = set(new_stock["unit_code"]) | set(new_publicity["unit_code"])
    # With nothing before the last week there is no status to move forward: every unit is worked out.
    before = (stock["week"] < last).any() or (publicity["week"] < last).any()
    assert _write(engine, new_stock, new_publicity, written, [latest]) == ("onward" if before else "whole")

    assert_latest_is_full_and_oracle(engine, gd, latest)


def test_a_version_4_database_is_upgraded_and_works_every_unit_out_once(engine):
    _village(engine)
    no_publicity = _frame([], PUBLICITY_COLUMNS)
    _write(
        engine, _frame([_stock("V", W1, 100.0, 0.0), _stock("V", W2, 80.0, 0.0)], STOCK_COLUMNS), no_publicity
    )
    # The tables as version 4 left them: a row per unit × item, and each unit's last week apart.
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("DELETE FROM latest_units")
        conn.exec_driver_sql(
            "CREATE TABLE latest_stock (unit_code VARCHAR(64) NOT NULL, item_code VARCHAR(64) NOT NULL, "
            "week DATE NOT NULL, figures VARCHAR(8), history VARCHAR(8), PRIMARY KEY (unit_code, item_code))"
        )
        conn.exec_driver_sql("INSERT INTO latest_stock VALUES ('V', 'mask_surgical', '2020-01-13', '', '')")
        conn.exec_driver_sql("CREATE TABLE latest_stock_units (unit_code VARCHAR(64), week DATE)")
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value="4"))
    assert ensure_schema(engine) == 5
    tables = set(inspect(engine).get_table_names())
    assert {"latest_stock", "latest_stock_units"} & tables == set()
    columns = [c["name"] for c in inspect(engine).get_columns("latest_units")]
    assert columns == ["unit_code", "week", "item_codes", "figures", "history"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(latest_units)).scalar() == 0
        keys = {k for (k,) in conn.execute(select(meta.c.key).where(meta.c.key.like("latest_status%")))}
    assert keys == {"latest_status_week"}  # neither the version nor the format: not current
    # The first write works every unit out from its rows; the next moves forward.
    assert (
        _write(engine, _frame([_stock("V", W3, 50.0, 0.0)], STOCK_COLUMNS), no_publicity, ["V"], [W3])
        == "whole"
    )
    row = _mask_row(engine)
    assert (row["use"], row["median"]) == (30.0, 20.0)
    assert (
        _write(engine, _frame([_stock("V", W4, 45.0, 0.0)], STOCK_COLUMNS), no_publicity, ["V"], [W4])
        == "onward"
    )
    assert _mask_row(engine)["use"] == 5.0  # 50 − 45
