"""The overview's tiles count the units that report, at any level (docs/figures.md S9)."""

from metrics import stock_status
from metrics.headline import lowest_days, units_by_worst_level
from tests.metrics_fixtures import items_frame, series, stock_frame, units_frame

MASK = "mask_surgical"


def test_a_town_reporting_for_itself_counts_in_the_tiles_and_the_lowest_days():
    # 白塔乡 (T1) sends only its own row: 980 a week → 140 a day; 168 on hand → 1.2 days (critical).
    # 张村 (V21): 70 a week → 10 a day; 200 on hand → 20 days (ok). 赵村 (V22): 0 on hand after using 70 → out.
    rows = (
        series("T1", MASK, {5: (980, 1148), 6: (980, 168)})
        + series("V21", MASK, {5: (70, 270), 6: (70, 200)})
        + series("V22", MASK, {5: (70, 70), 6: (70, 0)})
    )
    status = stock_status(units_frame(), items_frame(), stock_frame(rows))
    # The county's own row and 东河镇's (roll-ups of rows below) are not counted again.
    assert units_by_worst_level(status) == {"stockout": 1, "critical": 1, "low": 0}
    lowest = lowest_days(status)
    # 赵村's 0.0 days (stockout) is the least; next would be 白塔乡's 1.2.
    assert (lowest["unit_code"], lowest["item"], lowest["days_of_supply"]) == ("V22", MASK, 0.0)
    town = stock_status(units_frame(), items_frame(), stock_frame(rows), unit_code="T1")
    assert units_by_worst_level(town) == {"stockout": 0, "critical": 1, "low": 0}
    assert (lowest_days(town)["unit_code"], round(lowest_days(town)["days_of_supply"], 9)) == ("T1", 1.2)


def test_no_report_no_count():
    status = stock_status(units_frame(), items_frame(), stock_frame(series("V21", MASK, {6: (70, 200)})))
    # One week of use and no plan driver for 张村: unknown, which no tile counts.
    assert units_by_worst_level(status) == {"stockout": 0, "critical": 0, "low": 0}
    assert lowest_days(status) is None
