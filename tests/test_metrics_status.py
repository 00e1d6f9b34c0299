"""stock_status: days of supply, basis, status boundaries, roll-up, durable items, thresholds."""

import math

import pandas as pd
import pytest

from metrics import stock_status
from tests.metrics_fixtures import W, items_frame, series, stock_frame, thresholds_frame, unit, units_frame

MASK = "mask_surgical"


def row(frame, unit_code, item=MASK):
    found = frame[(frame["unit_code"] == unit_code) & (frame["item"] == item)]
    assert len(found) == 1
    return found.iloc[0].to_dict()


def status_of(stock_rows, unit_code="V11", item=MASK, **kwargs):
    return row(stock_status(units_frame(), items_frame(), stock_frame(stock_rows), **kwargs), unit_code, item)


@pytest.mark.parametrize(
    ("on_hand", "days", "status", "runout"),
    [
        (99, 0.99, "critical", "2020-02-09"),
        (100, 1.0, "critical", "2020-02-10"),
        (699, 6.99, "critical", "2020-02-15"),
        (700, 7.0, "low", "2020-02-16"),
        (1399, 13.99, "low", "2020-02-22"),
        (1400, 14.0, "ok", "2020-02-23"),
    ],
)
def test_status_boundaries(on_hand, days, status, runout):
    # 700 a week for two weeks: 100 a day.
    got = status_of(series("V11", MASK, {5: (700, 5000), 6: (700, on_hand)}))
    assert got["daily_use"] == pytest.approx(100.0)
    assert got["days_of_supply"] == pytest.approx(days)
    assert (got["status"], got["basis"], got["runout_date"]) == (status, "use", runout)
    assert got["reorder_qty"] == pytest.approx(max(0.0, 1400 - on_hand))


def test_zero_use_with_stock_is_unknown_not_zero_or_infinite():
    got = status_of(series("V11", MASK, {5: (0, 500), 6: (0, 500)}))
    assert got["daily_use"] == 0.0
    assert math.isnan(got["days_of_supply"])
    assert (got["status"], got["basis"], got["runout_date"]) == ("unknown", None, None)


def test_zero_stock_with_use_is_stockout():
    got = status_of(series("V11", MASK, {5: (700, 700), 6: (700, 0)}))
    assert (got["status"], got["days_of_supply"], got["runout_date"]) == ("stockout", 0.0, "2020-02-09")
    assert got["reorder_qty"] == pytest.approx(1400.0)


def test_zero_report_of_an_item_never_used_is_not_a_stockout():
    got = status_of(series("V11", "mask_n95", {5: (0, 0), 6: (0, 0)}), item="mask_n95")
    assert got["status"] == "unknown"


def test_days_out_of_stock_is_a_stockout_even_after_a_restock():
    got = status_of(series("V11", MASK, {5: (700, 700)}) + series("V11", MASK, {6: (350, 900)}, days_out=2))
    assert got["status"] == "stockout"


def test_one_week_of_history_is_unknown_without_a_plan():
    got = status_of(series("V21", MASK, {6: (700, 1000)}), unit_code="V21")
    assert math.isnan(got["daily_use"])
    assert (got["status"], got["basis"]) == ("unknown", None)


def test_one_week_of_history_falls_back_on_the_plan():
    # 赵村 has 10 staff on duty: 4 masks each a day.
    got = status_of(series("V22", MASK, {6: (700, 200)}), unit_code="V22")
    assert got["daily_use"] == pytest.approx(40.0)
    assert got["days_of_supply"] == pytest.approx(5.0)
    assert (got["status"], got["basis"]) == ("critical", "plan")


def test_burn_weeks_one_accepts_a_single_week():
    got = status_of(series("V21", MASK, {6: (700, 1000)}), unit_code="V21", burn_weeks=1)
    assert got["days_of_supply"] == pytest.approx(10.0)


def test_burn_uses_the_last_n_weeks_with_data():
    got = status_of(series("V11", MASK, {2: (1400, 9000), 3: (70, 9000), 6: (700, 1000)}))
    # W2 is outside the last two weeks that have data (W3, W6): (70 + 700) / 2 / 7 = 55.
    assert got["daily_use"] == pytest.approx(55.0)


def test_restock_between_weeks_derives_use():
    rows = [
        {"unit_code": "V11", "item_code": MASK, "week": 4, "on_hand": 1400},
        {"unit_code": "V11", "item_code": MASK, "week": 5, "on_hand": 1000},
        {"unit_code": "V11", "item_code": MASK, "week": 6, "on_hand": 800, "received": 500},
    ]
    got = status_of(rows)
    assert got["used"] == pytest.approx(700.0)  # 1000 + 500 − 800
    assert got["received"] == 500.0
    assert got["daily_use"] == pytest.approx((400 + 700) / 14)
    assert got["days_of_supply"] == pytest.approx(800 / ((400 + 700) / 14))


def test_opening_given_wins_over_last_week():
    rows = [
        {"unit_code": "V11", "item_code": MASK, "week": 5, "on_hand": 1000, "used": 700},
        {"unit_code": "V11", "item_code": MASK, "week": 6, "on_hand": 800, "opening": 1500},
    ]
    assert status_of(rows)["used"] == pytest.approx(700.0)


def test_negative_derived_use_is_unknown():
    rows = [
        {"unit_code": "V11", "item_code": MASK, "week": 4, "on_hand": 1000, "used": 100},
        {"unit_code": "V11", "item_code": MASK, "week": 5, "on_hand": 1000, "used": 100},
        {"unit_code": "V11", "item_code": MASK, "week": 6, "on_hand": 1500},
    ]
    got = status_of(rows)
    assert math.isnan(got["used"])
    assert got["daily_use"] == pytest.approx(100 / 7)  # W4 and W5 are the last two weeks with a use


@pytest.mark.parametrize(("days_out", "weekly"), [(0, 350.0), (2, 490.0), (6, 2450.0)])
def test_stock_out_adjustment(days_out, weekly):
    rows = series("V11", MASK, {5: (350, 5000)}, days_out=days_out) + series("V11", MASK, {6: (350, 5000)})
    assert status_of(rows)["daily_use"] == pytest.approx((weekly + 350) / 14)


def test_seven_days_out_makes_that_week_unknown():
    rows = series("V11", MASK, {4: (70, 5000), 6: (700, 5000)}) + series("V11", MASK, {5: (0, 0)}, days_out=7)
    assert status_of(rows)["daily_use"] == pytest.approx((70 + 700) / 14)


def test_parent_fine_while_a_village_ran_out():
    rows = series("V11", MASK, {5: (70, 5000), 6: (70, 5000)}) + series(
        "V12", MASK, {5: (70, 70), 6: (70, 0)}
    )
    frame = stock_status(units_frame(), items_frame(), stock_frame(rows))
    town = row(frame, "T1")
    assert (town["on_hand"], town["daily_use"], town["status"]) == (5000.0, 20.0, "ok")
    assert town["days_of_supply"] == pytest.approx(250.0)
    counts = {k: town[f"children_{k}"] for k in ["stockout", "critical", "low", "unknown"]}
    assert counts == {"stockout": 1, "critical": 0, "low": 0, "unknown": 0}
    county = row(frame, "C")
    # S9 counts units that report: 王庄村 is out; 张村, 赵村, 东河小学 sent nothing, so they are in no count
    # (the reporting page lists them as missing).
    assert (county["children_stockout"], county["children_unknown"]) == (1, 0)


def test_parent_days_is_sum_over_sum_not_an_average():
    rows = series("V11", MASK, {5: (700, 0), 6: (700, 100)}) + series(
        "V12", MASK, {5: (70, 0), 6: (70, 1900)}
    )
    town = row(stock_status(units_frame(), items_frame(), stock_frame(rows)), "T1")
    assert town["days_of_supply"] == pytest.approx(2000 / 110)  # children have 1 and 190 days


def test_parent_own_row_is_checked_not_added():
    rows = series("V11", MASK, {5: (70, 500), 6: (70, 500)}) + series(
        "T1", MASK, {5: (700, 900), 6: (700, 900)}
    )
    frame = stock_status(units_frame(), items_frame(), stock_frame(rows))
    assert row(frame, "T1")["on_hand"] == 500.0
    assert row(frame, "C")["on_hand"] == 500.0


def test_parent_alone_reports_its_own_figure():
    rows = series("T1", MASK, {5: (700, 900), 6: (700, 900)})
    frame = stock_status(units_frame(), items_frame(), stock_frame(rows))
    assert (row(frame, "T1")["on_hand"], row(frame, "T1")["days_of_supply"]) == (900.0, 9.0)
    assert (row(frame, "C")["on_hand"], row(frame, "C")["status"]) == (900.0, "low")


def test_a_silent_unit_is_carried_with_its_last_row_and_burn():
    # 李家村 last reported in week 5: 430 on hand after using 70 in weeks 4 and 5 → burn 140 ÷ 14 = 10 a day.
    rows = series("V11", MASK, {4: (70, 500), 5: (70, 430)}) + series(
        "V12", MASK, {5: (70, 700), 6: (70, 630)}
    )
    frame = stock_status(units_frame(), items_frame(), stock_frame(rows))
    village = row(frame, "V11")
    assert (village["on_hand"], village["daily_use"], village["days_of_supply"]) == (430.0, 10.0, 43.0)
    assert (village["status"], village["carried"], village["age_weeks"], village["own_report"]) == (
        "ok",
        True,
        1,
        True,
    )
    town = row(frame, "T1")
    # Town: (430 + 630) ÷ (10 + 10) = 53 days; receipts and use are this week's only (王庄村's 70).
    assert (town["on_hand"], town["daily_use"], town["days_of_supply"], town["used"]) == (
        1060.0,
        20.0,
        53.0,
        70.0,
    )
    assert (town["carried"], town["own_report"], town["dropped_units"]) == (False, False, 0)


def test_a_unit_silent_longer_than_the_carry_limit_drops_out_and_the_parent_says_so():
    # 李家村 last reported in week 1; week 6 is 5 weeks later, beyond the 4 weeks carried.
    rows = series("V11", MASK, {1: (70, 500)}) + series("V12", MASK, {5: (70, 700), 6: (70, 630)})
    frame = stock_status(units_frame(), items_frame(), stock_frame(rows))
    village = row(frame, "V11")
    assert (village["status"], village["own_report"], village["dropped_units"]) == ("unknown", False, 1)
    assert math.isnan(village["on_hand"])
    town = row(frame, "T1")
    assert (town["on_hand"], town["daily_use"], town["dropped_units"]) == (630.0, 10.0, 1)
    assert row(frame, "C")["dropped_units"] == 1
    # With a carry limit of 5 weeks the same row still counts: 500 on hand, but one week of use → no burn.
    longer = row(stock_status(units_frame(), items_frame(), stock_frame(rows), carry_weeks=5), "T1")
    assert (longer["on_hand"], longer["outside_stock"], longer["outside_units"]) == (1130.0, 500.0, 1)


def test_stock_where_use_is_unknown_sits_beside_the_ratio_not_in_it():
    # 李家村: 300 on hand, 700 a week → 100 a day, 3 days. 王庄村: 9,700 on hand, first week, no burn.
    rows = series("V11", MASK, {5: (700, 1000), 6: (700, 300)}) + series("V12", MASK, {6: (None, 9700)})
    town = row(stock_status(units_frame(), items_frame(), stock_frame(rows)), "T1")
    # 300 ÷ 100 = 3.0 days (critical), not (300 + 9,700) ÷ 100 = 100 days.
    assert (town["days_of_supply"], town["status"], town["daily_use"]) == (3.0, "critical", 100.0)
    assert (town["outside_stock"], town["outside_units"], town["on_hand"]) == (9700.0, 1, 10000.0)
    assert (town["children_critical"], town["children_unknown"]) == (1, 1)


def test_a_town_reporting_for_itself_is_counted_by_its_own_status():
    # 白塔乡 sent its own row only (its villages did not report): 140 a day over weeks 5–6, 168 on hand.
    rows = series("T1", MASK, {5: (980, 1148), 6: (980, 168)})
    frame = stock_status(units_frame(), items_frame(), stock_frame(rows))
    town = row(frame, "T1")
    assert (town["own_report"], town["days_of_supply"], town["status"]) == (True, 1.2, "critical")
    # The county counts it among the units below in shortage, though 白塔乡 is not a leaf.
    assert row(frame, "C")["children_critical"] == 1


@pytest.mark.parametrize(
    ("on_hand", "status", "reorder"),
    [(0, "stockout", 10.0), (5, "critical", 5.0), (10, "ok", 0.0), (12, "ok", 0.0)],
)
def test_durable_thermometer_counts_against_checkpoints_and_classes(on_hand, status, reorder):
    got = status_of(series("S21", "thermometer", {6: (0, on_hand)}), unit_code="S21", item="thermometer")
    assert (got["status"], got["basis"], got["runout_date"]) == (status, None, None)
    assert math.isnan(got["days_of_supply"]) and math.isnan(got["daily_use"])
    assert got["reorder_qty"] == reorder


def test_school_masks_plan_on_people_in_school():
    got = status_of(series("S21", MASK, {6: (0, 2000)}), unit_code="S21")
    assert (got["daily_use"], got["days_of_supply"], got["basis"]) == (400.0, 5.0, "plan")


def test_thresholds_per_level_override_the_item():
    rows = series("V11", MASK, {5: (700, 5000), 6: (700, 1000)})
    assert status_of(rows)["status"] == "low"
    over = thresholds_frame(
        [{"item_code": MASK, "level": "village", "critical_days": 12.0, "low_days": 20.0}]
    )
    assert status_of(rows, thresholds=over)["status"] == "critical"


def test_week_and_subtree_selection():
    rows = series("V11", MASK, {4: (700, 2000), 5: (700, 1300), 6: (700, 600)})
    frame = stock_status(
        units_frame(), items_frame(), stock_frame(rows), week=W[5] + pd.Timedelta(days=3), unit_code="T1"
    )
    assert set(frame["unit_code"]) == {"T1", "V11", "V12"}
    assert len(frame) == 3 * 8
    got = row(frame, "V11")
    assert (got["week"], got["on_hand"], got["days_of_supply"]) == ("2020-01-27", 1300.0, 13.0)


def test_inactive_units_are_not_listed():
    rows = [*units_frame().to_dict("records")]
    rows[-1]["active"] = False
    frame = stock_status(units_frame(rows), items_frame(), stock_frame(series("V11", MASK, {6: (1, 1)})))
    assert "S21" not in set(frame["unit_code"])
    # 张村 and 赵村 sent nothing: no own row, so in no count (S9); T2's own status stays unknown.
    assert (row(frame, "T2")["children_unknown"], row(frame, "T2")["status"]) == (0, "unknown")


def test_orphan_parent_code_is_a_root():
    units = units_frame([unit("A", "甲村", "missing", "village", staff=1)])
    frame = stock_status(units, items_frame(), stock_frame(series("A", MASK, {6: (0, 10)})))
    assert row(frame, "A")["basis"] == "plan"
