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
from metrics.tree import unit_tree
from tests.district_strategy import districts
from tests.metrics_fixtures import items_frame, publicity_frame, units_frame
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
        for week in chosen:
            own, full = _own_and_full(units, items, publicity, unit, week)
            pd.testing.assert_frame_equal(own, full)
            pd.testing.assert_frame_equal(coverage_of_week(setup, categorical, week=week), full)
