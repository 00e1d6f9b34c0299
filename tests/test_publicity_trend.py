"""The publicity page's trend (pages/common/data.publicity_weekly) asks for one unit's own rows week by week
(own_rows_only, codes as categoricals, the week-free part worked out once by coverage_setup): those rows must be
exactly the unit's rows of the full computation, for every unit of generated districts at their first, middle
and last week (parents with rows of their own, schools without a target, silent units), and for the
hand-worked example of test_metrics_publicity.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings

from metrics import publicity_coverage
from metrics.publicity import coverage_of_week, coverage_setup
from metrics.publicity_weeks import _running_sums, coverage_by_week
from metrics.tree import unit_tree
from tests.district_strategy import districts
from tests.metrics_fixtures import W, items_frame, publicity_frame, units_frame
from tests.test_metrics_publicity import ROWS


def _own_and_full(units, items, publicity, unit: str, week: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    tree = unit_tree(units)
    full = publicity_coverage(units, items, publicity, week=week, unit_code=unit, tree=tree)
    full = full[full["unit_code"] == unit].reset_index(drop=True)
    categorical = publicity.assign(
        unit_code=publicity["unit_code"].astype("category"),
        material_code=publicity["material_code"].astype("category"),
    )
    own = publicity_coverage(
        units, items, categorical, week=week, unit_code=unit, tree=tree, own_rows_only=True
    )
    return own, full


def test_the_hand_worked_towns_and_countys_own_rows():
    units, items, publicity = units_frame(), items_frame(), publicity_frame(ROWS)
    week = str(publicity["week"].max().date())
    for unit in ("C", "T1", "T2", "V11"):
        own, full = _own_and_full(units, items, publicity, unit, week)
        pd.testing.assert_frame_equal(own, full)
    own, _ = _own_and_full(units, items, publicity, "T1", week)
    # T1's leaflets: its villages' 450 + 800 against their pooled 500 + 700 households (test_metrics_publicity).
    leaflets = own[own["material"] == "leaflet"].iloc[0]
    assert (leaflets["cumulative"], leaflets["target"]) == (1250.0, 1200.0)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(gd=districts())
def test_each_units_own_rows_equal_its_rows_of_the_full_computation(gd):
    units, items, _, publicity = gd.frames()
    if publicity.empty:
        return
    weeks = sorted({str(w.date()) for w in publicity["week"]})
    chosen = list(dict.fromkeys([weeks[0], weeks[len(weeks) // 2], weeks[-1]]))
    categorical = publicity.assign(
        unit_code=publicity["unit_code"].astype("category"),
        material_code=publicity["material_code"].astype("category"),
    )
    tree = unit_tree(units)
    for unit in units.loc[units["active"].fillna(True).astype(bool), "code"]:
        # As the trend asks: the week-free part once, then week after week (pages/common/data.py).
        setup = coverage_setup(units, items, unit_code=unit, tree=tree, own_rows_only=True)
        # And as it now asks: every chosen week at once, each week's sums carried on to the next.
        by_week = coverage_by_week(setup, categorical, chosen)
        for week, carried in zip(chosen, by_week, strict=True):
            own, full = _own_and_full(units, items, publicity, unit, week)
            pd.testing.assert_frame_equal(own, full)
            pd.testing.assert_frame_equal(coverage_of_week(setup, categorical, week=week), full)
            pd.testing.assert_frame_equal(carried, full)


def test_a_trend_carries_each_weeks_sums_on_to_the_next():
    units, items, publicity = units_frame(), items_frame(), publicity_frame(ROWS)
    weeks = [str(W[n].date()) for n in (4, 5, 6)]
    setup = coverage_setup(units, items, unit_code="T1", own_rows_only=True)
    # No parent under 白塔乡 sent rows of its own: the sums are carried on
    assert _running_sums(setup, publicity, [pd.Timestamp(w) for w in weeks]) is not None
    trend = coverage_by_week(setup, publicity, weeks)
    leaflets = [t[t["material"] == "leaflet"].iloc[0] for t in trend]
    # Week 5: 李家村's 300 of the villages' 500 + 700 households; week 6: 150 more and 王庄村's 800
    assert [(r["week_quantity"], r["cumulative"], r["target"]) for r in leaflets[1:]] == [
        (300.0, 300.0, 1200.0), (950.0, 1250.0, 1200.0)
    ]  # fmt: skip
    assert [r["coverage_pct"] for r in leaflets[1:]] == [25.0, 1250 / 12]
    assert [r["sub_units_reached"] for r in leaflets[1:]] == [1.0, 2.0]
    for week, carried in zip(weeks, trend, strict=True):  # week 4, before any row, as well
        pd.testing.assert_frame_equal(carried, coverage_of_week(setup, publicity, week=week))
    # 东河镇 sent banners of its own: the county's weeks are each worked out whole, the same figures
    county = coverage_setup(units, items, unit_code="C", own_rows_only=True)
    assert _running_sums(county, publicity, [pd.Timestamp(w) for w in weeks]) is None
    for week, whole in zip(weeks, coverage_by_week(county, publicity, weeks), strict=True):
        pd.testing.assert_frame_equal(whole, coverage_of_week(county, publicity, week=week))
