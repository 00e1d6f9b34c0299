"""reporting_summary and reporting_by_week."""

from metrics import reporting_by_week, reporting_summary
from tests.metrics_fixtures import publicity_frame, series, stock_frame, units_frame

STOCK = stock_frame(
    series("V11", "mask_surgical", {3: (0, 0), 6: (700, 200)})  # a report of zeros counts
    + series("V12", "mask_surgical", {5: (70, 1400), 6: (70, 1400)})
    + series("T2", "mask_surgical", {6: (70, 0)})
)
PUBLICITY = publicity_frame([{"unit_code": "V21", "week": 4, "material_code": "leaflet", "quantity": 300}])


def test_summary_lists_who_did_not_report():
    assert reporting_summary(units_frame(), STOCK, PUBLICITY) == {
        "week": "2020-02-03",
        "expected": 6,  # five leaves, plus 东河镇 which reported itself
        "reported": 3,
        "rate_pct": 50.0,
        "missing": [
            {
                "unit_code": "V21",
                "unit": "张村",
                "last_report_week": "2020-01-20",
                "days_since": 14,
                "weeks_since": 2,
            },
            {
                "unit_code": "V22",
                "unit": "赵村",
                "last_report_week": None,
                "days_since": None,
                "weeks_since": None,
            },
            {
                "unit_code": "S21",
                "unit": "东河小学",
                "last_report_week": None,
                "days_since": None,
                "weeks_since": None,
            },
        ],
    }


def test_summary_for_a_town_and_an_earlier_week():
    got = reporting_summary(units_frame(), STOCK, PUBLICITY, week="2020-01-29", unit_code="T1")
    assert got == {
        "week": "2020-01-27",
        "expected": 2,
        "reported": 1,
        "rate_pct": 50.0,
        "missing": [
            {
                "unit_code": "V11",
                "unit": "李家村",
                "last_report_week": "2020-01-13",
                "days_since": 14,
                "weeks_since": 2,
            }
        ],
    }


def test_by_week():
    frame = reporting_by_week(units_frame(), STOCK, PUBLICITY)
    assert frame.to_dict("records") == [
        {"week": "2020-01-13", "expected": 5, "reported": 1, "rate_pct": 20.0},
        {"week": "2020-01-20", "expected": 5, "reported": 1, "rate_pct": 20.0},
        {"week": "2020-01-27", "expected": 5, "reported": 1, "rate_pct": 20.0},
        {"week": "2020-02-03", "expected": 6, "reported": 3, "rate_pct": 50.0},
    ]


def test_no_data():
    empty = stock_frame([])
    assert reporting_summary(units_frame(), empty, publicity_frame([])) == {
        "week": None,
        "expected": 0,
        "reported": 0,
        "rate_pct": None,
        "missing": [],
    }
    assert reporting_by_week(units_frame(), empty, None).empty
