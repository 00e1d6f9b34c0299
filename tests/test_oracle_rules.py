"""The oracle (tests/oracle/) against the worked examples of docs/figures.md, exact values, by hand."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import pytest

from domain.catalogue import DEFAULT_ITEMS
from tests.oracle import District, Policy, Publicity, Supplies, alert_set, reporting

ITEMS = [asdict(i) for i in DEFAULT_ITEMS]
MONDAY_1 = date(2019, 12, 30)  # ISO week 1 of 2020


def wk(n: int) -> date:
    return MONDAY_1 + timedelta(weeks=n - 1)


def unit(code, parent=None, level="village", **figures):
    return {"code": code, "name": code, "parent_code": parent, "level": level, "active": True, **figures}


def row(unit_code, week, item="mask_surgical", **figures):
    return {"unit_code": unit_code, "week": wk(week), "item_code": item, **figures}


def pub(unit_code, week, quantity, material="leaflet"):
    return {"unit_code": unit_code, "week": wk(week), "material_code": material, "quantity": quantity}


def supplies(units, stock, **policy):
    return Supplies(District(units, ITEMS, stock, (), Policy(**policy)))


def test_s1_use_derived_at_read_time_follows_a_corrected_week():
    units = [unit("V")]
    # week 7: opening = week 6's on_hand 1,200; 1,200 + 0 − 800 = 400
    stock = [row("V", 6, on_hand=1200), row("V", 7, received=0, on_hand=800)]
    assert supplies(units, stock).use("V", "mask_surgical", wk(7)) == 400
    # week 6 corrected to 1,500: 1,500 + 0 − 800 = 700, week 7 not re-imported
    stock[0] = row("V", 6, on_hand=1500)
    assert supplies(units, stock).use("V", "mask_surgical", wk(7)) == 700
    # a negative result stays unknown: 500 + 0 − 800 < 0
    stock[0] = row("V", 6, on_hand=500)
    assert supplies(units, stock).use("V", "mask_surgical", wk(7)) is None


def test_s1_reported_used_and_opening_win():
    units = [unit("V")]
    # reported used 90 wins over 1,200 − 800; reported opening 1,000: 1,000 + 50 − 800 = 250
    stock = [
        row("V", 6, on_hand=1200),
        row("V", 7, used=90, on_hand=800),
        row("V", 8, opening=1000, received=50),
    ]
    stock.append(row("V", 9, opening=1000, received=50, on_hand=800))
    s = supplies(units, stock)
    assert s.use("V", "mask_surgical", wk(7)) == 90
    assert s.use("V", "mask_surgical", wk(8)) is None  # no on_hand
    assert s.use("V", "mask_surgical", wk(9)) == 250


def test_s2_stock_out_adjustment():
    units = [unit("V")]
    # 300 × 7 ÷ (7 − 2) = 420; 7 days out → unknown
    stock = [row("V", 6, used=300, days_out=2), row("V", 7, used=300, days_out=7)]
    s = supplies(units, stock)
    assert s.adjusted_use("V", "mask_surgical", wk(6)) == 420
    assert s.adjusted_use("V", "mask_surgical", wk(7)) is None


def test_s3_burn_from_the_last_two_weeks_with_use():
    units = [unit("V")]
    # weeks 5, 6, 7 used 350, —, 420 → (420 + 350) ÷ 2 ÷ 7 = 55 a day
    stock = [row("V", 5, used=350), row("V", 6), row("V", 7, used=420)]
    s = supplies(units, stock)
    assert s.burn_from_use("V", "mask_surgical", wk(7)) == pytest.approx(55, rel=1e-12)
    # only one week with use up to week 6 → no burn from use
    assert s.burn_from_use("V", "mask_surgical", wk(6)) is None
    # week 13 searches weeks 13 − 8 … 13 = 5 … 13: weeks 7 and 5 → 55 again
    assert s.burn_from_use("V", "mask_surgical", wk(13)) == pytest.approx(55, rel=1e-12)
    # week 14 searches 6 … 14: only week 7 has use → no burn
    assert s.burn_from_use("V", "mask_surgical", wk(14)) is None


def test_s4_planned_burn_and_durable_required():
    units = [unit("V", staff=10, checkpoints=2, classes=3), unit("S", level="school", population=400)]
    s = supplies(units, [])
    # masks 4 a day × 10 staff = 40, basis plan; school: 1 × 400 people
    assert s.burn("V", "mask_surgical", wk(7)) == (40.0, "plan")
    assert s.burn("S", "mask_surgical", wk(7)) == (400.0, "plan")
    # no driver (no sites) → no burn; thermometer: durable, no burn, required 1 × (2 + 3) = 5
    assert s.burn("V", "disinfectant", wk(7)) == (None, None)
    assert s.burn("V", "thermometer", wk(7)) == (None, None)
    assert s.required("V", "thermometer") == 5


def test_s5_own_status_levels_and_the_threshold_tolerance():
    units = [unit("A"), unit("B"), unit("C"), unit("D", checkpoints=2)]
    stock = [
        # 9 L ÷ (4.5 L / 7 d) = 13.999999999999998 in floating point, 14 days → ok, not low
        row("A", 6, "disinfectant", used=4.5),
        row("A", 7, "disinfectant", used=4.5, on_hand=9),
        # on_hand 0 with use this week > 0 and no burn → stockout
        row("B", 7, used=5, on_hand=0),
        # on_hand 0 with no demand, no burn → unknown
        row("C", 7, on_hand=0),
        # thermometers 1 of 2 required → critical
        row("D", 7, "thermometer", on_hand=1),
    ]
    s = supplies(units, stock)
    status = s.stock_status(wk(7))
    assert status[("A", "disinfectant")].status == "ok"
    assert status[("B", "mask_surgical")].status == "stockout"
    assert status[("C", "mask_surgical")].status == "unknown"
    assert status[("D", "thermometer")].status == "critical"
    assert status[("D", "thermometer")].days_of_supply is None


def test_s6_last_value_carried_then_dropped():
    units = [unit("T", level="town"), unit("V", "T")]
    # the village last reported 300 masks in week 5 (burn (70 + 70) ÷ 2 ÷ 7 = 10 a day)
    stock = [row("V", 4, used=70, on_hand=370), row("V", 5, used=70, on_hand=300)]
    s = supplies(units, stock, carry_weeks=4)
    w7 = s.stock_status(wk(7))
    # week 7: the town still counts 300 (age 2): 300 ÷ 10 = 30 days
    assert w7[("T", "mask_surgical")].on_hand == 300
    assert w7[("T", "mask_surgical")].days_of_supply == pytest.approx(30, rel=1e-12)
    assert (w7[("V", "mask_surgical")].carried, w7[("V", "mask_surgical")].age_weeks) == (True, 2)
    assert w7[("T", "mask_surgical")].dropped_units == 0
    # week 10 (age 5 > K = 4): the town counts nothing from it and says 1 unit dropped out
    w10 = s.stock_status(wk(10))
    assert w10[("T", "mask_surgical")].on_hand is None
    assert w10[("T", "mask_surgical")].status == "unknown"
    assert w10[("T", "mask_surgical")].dropped_units == 1
    # it stays "not reported" in week 7 (R2)
    assert "V" in reporting(s.d, wk(7)).missing


def test_s7_a_parent_row_with_rows_below_is_not_added():
    units = [unit("T", level="town"), unit("V", "T")]
    # town's own row 1,000 (its total) and the village's row 300: the town shows 300, not 1,300
    stock = [row("T", 7, on_hand=1000), row("V", 7, on_hand=300)]
    status = supplies(units, stock).stock_status(wk(7))
    assert status[("T", "mask_surgical")].on_hand == 300
    assert status[("T", "mask_surgical")].own_report is False
    assert status[("V", "mask_surgical")].own_report is True


def test_s8_roll_up_keeps_unknown_use_outside_the_ratio():
    units = [unit("T", level="town"), unit("A", "T"), unit("B", "T")]
    stock = [
        # village A: 300 masks, burn (700 + 700) ÷ 2 ÷ 7 = 100 a day → 3 days
        row("A", 6, used=700, on_hand=1000),
        row("A", 7, used=700, on_hand=300),
        # village B: 9,700 masks, use unknown, no plan (no staff)
        row("B", 7, on_hand=9700),
    ]
    town = supplies(units, stock).stock_status(wk(7))[("T", "mask_surgical")]
    # days = 300 ÷ 100 = 3.0 (critical), not (300 + 9,700) ÷ 100 = 100 days
    assert town.days_of_supply == 3.0
    assert town.status == "critical"
    assert town.basis == "use"
    assert (town.outside_stock, town.outside_units) == (9700, 1)
    # on_hand shown = 300 in the ratio + 9,700 outside
    assert town.on_hand == 10000
    assert town.daily_use == 100
    assert town.children == {"stockout": 0, "critical": 1, "low": 0, "unknown": 1}


def test_s9_a_town_that_reports_alone_counts_as_one_unit():
    units = [
        unit("C", level="county"),
        unit("T1", "C", level="town"),
        unit("V11", "T1"),
        unit("V12", "T1"),
    ]
    # only 白塔乡's own row: 12 masks, burn (70 + 70) ÷ 2 ÷ 7 = 10 a day → 1.2 days (critical)
    stock = [row("T1", 6, used=70, on_hand=82), row("T1", 7, used=70, on_hand=12)]
    s = supplies(units, stock)
    county = s.stock_status(wk(7))[("C", "mask_surgical")]
    assert county.children["critical"] == 1
    tiles = s.tiles("C", wk(7))
    assert tiles["counts"] == {"stockout": 0, "critical": 1, "low": 0}
    days, where, item = tiles["least_days"]
    assert (round(days, 9), where, item) == (1.2, "T1", "mask_surgical")


def test_p1_p3_pooled_coverage_keeps_reach_without_a_target_beside():
    units = [
        unit("T", level="town"),
        unit("A", "T", households=400),
        unit("B", "T", households=600),
        unit("S", "T", level="school", population=800),
    ]
    publicity = [pub("A", 6, 100), pub("B", 7, 100), pub("S", 7, 800)]
    cov = Publicity(District(units, ITEMS, (), publicity)).coverage("T", "leaflet", wk(7))
    # (100 + 100) ÷ (400 + 600) × 100 = 20 % (red), beside 800 from the school — not 100 %
    assert cov.target == 1000
    assert cov.coverage_pct == 20
    assert cov.status == "red"
    assert cov.reached_outside == 800
    assert cov.cumulative == 1000


def test_p2_banner_targets_a_village_counts_as_one():
    units = [unit("T", level="town", sub_units=3), unit("A", "T", sub_units=4), unit("B", "T")]
    p = Publicity(District(units, ITEMS, (), [pub("A", 7, 1, "banner")]))
    # villages: 2 banners × 1 each; the town's own target (2 × 3) is not used, villages below have targets
    assert p.own_target("A", "banner") == 2
    assert p.target_units("T", "banner") == ["A", "B"]
    cov = p.coverage("T", "banner", wk(7))
    assert (cov.target, cov.coverage_pct) == (4, 25)


@pytest.mark.parametrize(
    ("reached", "status"), [(799, "red"), (800, "amber"), (899, "amber"), (900, "green"), (1000, "green")]
)
def test_p3_status_thresholds(reached, status):
    # reached ÷ 1,000 households × 100: 80 % is amber, exactly 90 % is green, 100 % green, above is over
    units = [unit("A", households=1000)]
    cov = Publicity(District(units, ITEMS, (), [pub("A", 7, reached)])).coverage("A", "leaflet", wk(7))
    assert cov.status == status
    over = Publicity(District(units, ITEMS, (), [pub("A", 7, 1001)])).coverage("A", "leaflet", wk(7))
    assert over.status == "over"


def test_r1_r2_expected_reported_and_carry_is_no_report():
    units = [unit("C", level="county"), unit("T", "C", level="town"), unit("V1", "T"), unit("V2", "T")]
    stock = [row("V1", 6, on_hand=10), row("T", 5, on_hand=1)]
    publicity = [pub("V2", 7, 0)]  # a zero report counts
    d = District(units, ITEMS, stock, publicity)
    rep = reporting(d, wk(7))
    # expected: leaves V1, V2 + the town (first report week 5); the county never reported
    assert sorted(rep.expected) == ["T", "V1", "V2"]
    # reported: V2 only (V1's week-6 row is carried, not a report) → 1 ÷ 3 × 100
    assert rep.reported == ["V2"]
    assert rep.rate_pct == pytest.approx(100 / 3, rel=1e-12)
    # in week 4 the town is not expected yet
    assert sorted(reporting(d, wk(4)).expected) == ["V1", "V2"]


def test_alert_set():
    units = [unit("T", level="town", households=100), unit("V1", "T"), unit("V2", "T")]
    # V1: 0 masks with use 5 → stockout, and the town's roll-up: no row in the ratio → unknown (no alert)
    stock = [row("V1", 7, used=5, on_hand=0)]
    publicity = [pub("T", 7, 85)]  # 85 ÷ 100 households = 85 % → amber
    alerts = alert_set(District(units, ITEMS, stock, publicity), wk(7))
    # banners: 2 per village, nothing hung → 0 % (red) in both villages and the town
    assert alerts == {
        ("stockout", "V1", "mask_surgical"),
        ("missing_report", "V2", None),
        ("low_coverage", "T", "leaflet"),
        ("low_coverage", "T", "banner"),
        ("low_coverage", "V1", "banner"),
        ("low_coverage", "V2", "banner"),
    }


def test_s6_dropped_units_count_only_units_with_nothing_current_below():
    units = [unit("C", level="county"), unit("T", "C", level="town"), unit("V", "T"), unit("W", "T")]
    # week 10: T and V last reported in week 5 (age 5 > K = 4, ≤ L = 8); W reports in week 10
    stock = [row("T", 5, on_hand=10), row("V", 5, on_hand=3), row("W", 10, on_hand=4)]
    status = supplies(units, stock).stock_status(wk(10))
    # T has a current row in its subtree (W's) → not counted; V counts in V, T and C
    assert [status[(u, "mask_surgical")].dropped_units for u in ("C", "T", "V", "W")] == [1, 1, 1, 0]
    # without W's row, T and V both drop out: T counts 2 (itself and V)
    status = supplies(units, stock[:2]).stock_status(wk(10))
    assert [status[(u, "mask_surgical")].dropped_units for u in ("C", "T", "V")] == [2, 2, 1]


def test_s8_own_base_row_days_and_daily_use_and_a_parents_own_days_out():
    units = [unit("T", level="town"), unit("V", "T"), unit("X", "T")]
    stock = [
        # V: used 0 in weeks 6 and 7 → its own burn 0: daily use 0, days unknown
        row("V", 6, used=0, on_hand=5),
        row("V", 7, used=0, on_hand=5),
        # X: 70 and 70 → 10 a day, 50 on hand → 5 days (critical)
        row("X", 6, used=70, on_hand=120),
        row("X", 7, used=70, on_hand=50),
        # the town's own row (a total, not a base row) says 2 days out → the town is stocked out
        row("T", 7, on_hand=55, days_out=2),
    ]
    status = supplies(units, stock).stock_status(wk(7))
    v, x, t = (status[(u, "mask_surgical")] for u in "VXT")
    assert (v.daily_use, v.days_of_supply, v.basis, v.outside_units) == (0, None, None, 1)
    assert (x.daily_use, x.days_of_supply, x.status) == (10, 5, "critical")
    # town: 50 ÷ 10 = 5 days, but own days out 2 > 0 → stockout; V's 5 beside
    assert (t.days_of_supply, t.status, t.outside_stock, t.on_hand) == (5, "stockout", 5, 55)
