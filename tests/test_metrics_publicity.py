"""publicity_coverage: cumulative quantities, pooled targets, level overrides, statuses."""

import math

import pandas as pd
import pytest

from metrics import publicity_coverage
from tests.metrics_fixtures import items_frame, publicity_frame, units_frame


def leaflet(unit_code, week, quantity, **extra):
    return {"unit_code": unit_code, "week": week, "material_code": "leaflet", "quantity": quantity, **extra}


def row(frame, unit_code, material="leaflet"):
    found = frame[(frame["unit_code"] == unit_code) & (frame["material"] == material)]
    assert len(found) == 1
    return found.iloc[0].to_dict()


ROWS = [
    leaflet("V11", 5, 300, sub_units_reached=2),
    leaflet("V11", 6, 150, sub_units_reached=3),
    leaflet("V12", 6, 800),
    leaflet("V21", 6, 100),
    {"unit_code": "T2", "week": 6, "material_code": "banner", "quantity": 5},
]


@pytest.mark.parametrize(
    ("unit_code", "week_qty", "cumulative", "target", "pct", "status"),
    [
        ("V11", 150.0, 450.0, 500.0, 90.0, "green"),
        ("V12", 800.0, 800.0, 700.0, 800 / 7, "over"),
        ("V21", 100.0, 100.0, 400.0, 25.0, "red"),
        ("T1", 950.0, 1250.0, 1200.0, 1250 / 12, "over"),  # pooled villages, not the town's 3,000 households
        ("C", 1050.0, 1350.0, 2200.0, 1350 / 22, "red"),
    ],
)
def test_leaflet_coverage_is_pooled(unit_code, week_qty, cumulative, target, pct, status):
    got = row(publicity_coverage(units_frame(), items_frame(), publicity_frame(ROWS)), unit_code)
    assert (got["week_quantity"], got["cumulative"], got["target"], got["status"]) == (
        week_qty,
        cumulative,
        target,
        status,
    )
    assert got["coverage_pct"] == pytest.approx(pct)


def test_week_selects_cumulative_up_to_that_week():
    got = row(
        publicity_coverage(units_frame(), items_frame(), publicity_frame(ROWS), week="2020-01-29"), "V11"
    )
    assert (got["week"], got["week_quantity"], got["cumulative"], got["coverage_pct"]) == (
        "2020-01-27",
        300.0,
        300.0,
        60.0,
    )


@pytest.mark.parametrize(
    ("quantity", "status"),
    [(399, "red"), (400, "amber"), (449, "amber"), (450, "green"), (500, "green"), (501, "over")],
)
def test_coverage_levels(quantity, status):
    got = row(
        publicity_coverage(units_frame(), items_frame(), publicity_frame([leaflet("V11", 6, quantity)])),
        "V11",
    )
    assert got["status"] == status


def test_banner_targets_and_sub_units():
    frame = publicity_coverage(units_frame(), items_frame(), publicity_frame(ROWS))
    # A village is one village, itself: 2 banners. The town's target pools its two
    # listed villages (2 + 2), not its own figure of 3 sub-units, as every target pools (module rules).
    town = row(frame, "T2", "banner")
    assert (town["target"], town["cumulative"], town["sub_units_total"]) == (4.0, 5.0, 3.0)
    assert town["coverage_pct"] == pytest.approx(125.0)
    assert row(frame, "V21", "banner")["target"] == 2.0
    # A village is one village whatever groups its sub_units counts (figures.md P2): 2 banners each for 李家村,
    # 王庄村, 张村 and 赵村 = 8 (not 2 × 4 + 2 × 5 + 2 + 2 = 22).
    assert row(frame, "C", "banner")["target"] == 8.0
    leaf = row(frame, "V11")
    assert (leaf["sub_units_reached"], leaf["sub_units_total"]) == (3.0, 4.0)
    t1 = row(frame, "T1")
    assert (t1["sub_units_reached"], t1["sub_units_total"]) == (2.0, 2.0)


def test_no_target_is_unknown():
    got = row(publicity_coverage(units_frame(), items_frame(), publicity_frame(ROWS)), "V21", "poster")
    assert got["status"] == "unknown" and math.isnan(got["coverage_pct"]) and math.isnan(got["target"])


def test_target_override_per_level():
    targets = pd.DataFrame([{"material_code": "leaflet", "level": "village", "target_rate": 2.0}])
    got = row(publicity_coverage(units_frame(), items_frame(), publicity_frame(ROWS), targets=targets), "V11")
    assert (got["target"], got["coverage_pct"]) == (1000.0, 45.0)


def test_parent_own_row_counts_only_when_no_village_reported_that_week():
    rows = [leaflet("V11", 5, 100), leaflet("T1", 5, 999), leaflet("T1", 6, 200)]
    got = row(publicity_coverage(units_frame(), items_frame(), publicity_frame(rows)), "T1")
    assert (got["week_quantity"], got["cumulative"]) == (200.0, 300.0)


def test_reach_from_a_unit_without_a_target_sits_beside_the_pooled_coverage():
    # 东河镇: 张村 (400 households) and 赵村 (600) reached 100 and 100; 东河小学 has no household target and
    # handed out 800. Coverage = (100 + 100) ÷ (400 + 600) = 20 % (red), not (100 + 100 + 800) ÷ 1,000 = 100 %.
    rows = [leaflet("V21", 6, 100), leaflet("V22", 6, 100), leaflet("S21", 6, 800)]
    town = row(publicity_coverage(units_frame(), items_frame(), publicity_frame(rows)), "T2")
    assert (town["target"], town["cumulative"], town["reached_outside"]) == (1000.0, 1000.0, 800.0)
    assert (town["coverage_pct"], town["status"]) == (20.0, "red")
    school = row(publicity_coverage(units_frame(), items_frame(), publicity_frame(rows)), "S21")
    assert math.isnan(school["target"])
    assert (school["reached_outside"], school["status"]) == (800.0, "unknown")


def test_a_towns_own_total_for_its_villages_counts_against_their_targets():
    # 白塔乡 reports 960 leaflets for itself; its villages (500 + 700 households) reported nothing:
    # 960 ÷ 1,200 = 80 % (amber), none beside.
    town = row(
        publicity_coverage(units_frame(), items_frame(), publicity_frame([leaflet("T1", 6, 960)])), "T1"
    )
    assert (town["target"], town["coverage_pct"], town["reached_outside"], town["status"]) == (
        1200.0, 80.0, 0.0, "amber"
    )  # fmt: skip


def test_a_figure_on_a_threshold_gets_the_level_it_shows():
    # Float sums land a hair below or above the threshold they mean (0.1 + 0.2 ≠ 0.3): 90 % is green, 80 %
    # amber, 100 % green, as they read, with the same 1e-9 tolerance days of supply use.
    from metrics.publicity import coverage_status

    got = coverage_status(pd.Series([90 - 1e-12, 80 - 1e-12, 100 + 1e-12, 89.9, 100.001]))
    assert got.tolist() == ["green", "amber", "green", "amber", "over"]


def test_a_towns_view_shows_the_rows_the_whole_tree_shows_for_its_units():
    """A town's coverage is worked out from its own units' rows (metrics/publicity.coverage_setup); every row
    must equal the whole district's row for the same unit × material, its sub-units counted from its children
    where it lists none (東河镇 T2 below: 张村, 赵村 and the school, 3) and its reach from its children."""
    rows = units_frame().to_dict("records")
    for unit in rows:
        if unit["code"] in ("T1", "T2"):
            unit["sub_units"] = None  # counted from the active children
    units = units_frame(rows)
    publicity = publicity_frame(ROWS)
    whole = publicity_coverage(units, items_frame(), publicity)
    for town, below in (("T1", {"T1", "V11", "V12"}), ("T2", {"T2", "V21", "V22", "S21"})):
        scoped = publicity_coverage(units, items_frame(), publicity, unit_code=town)
        assert set(scoped["unit_code"]) == below
        expected = whole[whole["unit_code"].isin(below)].reset_index(drop=True)
        pd.testing.assert_frame_equal(scoped, expected)
    t2, t1 = row(whole, "T2"), row(whole, "T1")
    assert (t2["sub_units_total"], t2["sub_units_reached"]) == (3.0, 1.0)  # 张村's leaflets
    assert (t1["sub_units_total"], t1["sub_units_reached"]) == (2.0, 2.0)


def test_an_unknown_unit_is_refused_by_every_figure():
    from metrics import reporting_summary, stock_status, stock_trend
    from tests.metrics_fixtures import stock_frame

    units, items = units_frame(), items_frame()
    stock = stock_frame([{"unit_code": "V11", "week": 6, "item_code": "mask_surgical", "on_hand": 10.0}])
    publicity = publicity_frame(ROWS)
    calls = [
        lambda: publicity_coverage(units, items, publicity, unit_code="X9"),
        lambda: stock_status(units, items, stock, unit_code="X9"),
        lambda: stock_trend(units, items, stock, unit_code="X9"),
        lambda: reporting_summary(units, stock, publicity, unit_code="X9"),
    ]
    for call in calls:
        with pytest.raises(KeyError, match="unknown unit code 'X9'"):
            call()
