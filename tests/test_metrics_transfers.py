"""transfer_suggestions: greedy moves within a parent, never below T days for a donor, never creating stock."""

from metrics import records, transfer_suggestions
from metrics.transfers import plan_moves
from tests.metrics_fixtures import items_frame, series, stock_frame, units_frame

MASK = "mask_surgical"


def test_one_move_inside_a_town():
    rows = series("V11", MASK, {5: (700, 900), 6: (700, 200)}) + series(
        "V12", MASK, {5: (70, 1470), 6: (70, 1400)}
    )
    got = records(transfer_suggestions(units_frame(), items_frame(), stock_frame(rows)))
    assert got == [
        {
            "item": MASK,
            "item_name": "医用外科口罩",
            "parent_code": "T1",
            "parent": "白塔乡",
            "from_code": "V12",
            "from_unit": "王庄村",
            "to_code": "V11",
            "to_unit": "李家村",
            "quantity": 1200.0,
            "from_days_after": 20.0,
            "to_days_after": 14.0,
        }
    ]


def test_largest_need_first_and_donor_kept_at_target():
    rows = (
        series("V21", MASK, {5: (700, 800), 6: (700, 100)})  # 1 day, needs 1,300
        + series("V22", MASK, {5: (350, 400), 6: (350, 50)})  # 1 day, needs 650
        + series("S21", MASK, {5: (70, 1070), 6: (70, 1000)})  # 100 days, 860 above 14 days
    )
    got = transfer_suggestions(units_frame(), items_frame(), stock_frame(rows))
    assert got[["from_code", "to_code", "quantity", "from_days_after", "to_days_after"]].values.tolist() == [
        ["S21", "V21", 860.0, 14.0, 9.6]
    ]


def test_no_move_across_towns_nor_to_low_units_nor_from_units_below_target():
    rows = (
        series("V11", MASK, {5: (700, 900), 6: (700, 200)})  # critical in 白塔乡
        + series("V21", MASK, {5: (70, 9000), 6: (70, 9000)})  # surplus in 东河镇
        + series("V22", MASK, {5: (70, 100), 6: (70, 100)})  # 10 days: low, not critical
        + series("S21", MASK, {5: (70, 140), 6: (70, 130)})  # 13 days: nothing to spare
    )
    assert transfer_suggestions(units_frame(), items_frame(), stock_frame(rows)).empty


def test_plan_moves_splits_a_large_surplus():
    moves = plan_moves([("A", 1000.0, 10.0)], [("B", 0.0, 10.0), ("C", 50.0, 20.0)], 14.0)
    # A spares 860; C needs 230, B needs 140: largest need first.
    assert moves == [("A", "C", 230.0, 77.0, 14.0), ("A", "B", 140.0, 63.0, 14.0)]


def test_a_figure_carried_from_an_earlier_week_is_no_ground_for_a_move():
    # 王庄村's 1,400 masks are from week 5 (carried into week 6): counted in 白塔乡's roll-up, but not offered.
    rows = series("V11", MASK, {5: (700, 900), 6: (700, 200)}) + series(
        "V12", MASK, {4: (70, 1470), 5: (70, 1400)}
    )
    assert transfer_suggestions(units_frame(), items_frame(), stock_frame(rows)).empty
