"""metrics.supply_rollup.carried_rows finds each series' latest earlier row through integer codes; the rows
it keeps, their order and ages equal those of the plain pandas rule (a stable sort by week, then the last row
of each unit × item), written out here as the reference, on seeded random windows with repeated weeks,
missing codes, categorical and text codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from domain.thresholds import LOOKBACK_WEEKS
from metrics.supply_rollup import carried_rows
from metrics.usage import WEEK, plain_codes

WEEK_0 = pd.Timestamp("2020-03-16")


def _reference(earlier, current, week, carry_weeks):
    rows = plain_codes(earlier)
    latest = rows.sort_values("week", kind="stable").drop_duplicates(["unit_code", "item_code"], keep="last")
    reported = current[["unit_code", "item_code"]].drop_duplicates().assign(_now=True)
    latest = latest.merge(reported, on=["unit_code", "item_code"], how="left")
    latest = latest[latest["_now"].isna()].drop(columns="_now")
    age = ((week - latest["week"]) / WEEK).round().astype("int64")
    latest = latest.assign(age_weeks=age)
    carried = latest[(age >= 1) & (age <= carry_weeks)]
    dropped = latest.loc[(age > carry_weeks) & (age <= LOOKBACK_WEEKS), ["unit_code", "item_code"]]
    return carried.reset_index(drop=True), dropped.reset_index(drop=True)


def _window(seed: int, categorical: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = 400
    units = np.array([f"V{u:02d}" for u in range(15)] + [None], dtype=object)
    items = np.array(["mask_surgical", "gloves", "alcohol", None], dtype=object)
    frame = pd.DataFrame(
        {
            "unit_code": units[rng.integers(0, len(units), n)],
            "item_code": items[rng.integers(0, len(items), n)],
            "week": WEEK_0 - WEEK * rng.integers(1, 12, n),
            "on_hand": rng.integers(0, 100, n).astype(float),
            "use": rng.integers(0, 30, n).astype(float),
        }
    )
    for column in ("unit_code", "item_code"):
        frame[column] = frame[column].astype("category" if categorical else "str")
    current = pd.DataFrame({"unit_code": ["V01", "V02", "V03"], "item_code": ["gloves"] * 3})
    return frame, current


@pytest.mark.parametrize("categorical", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_the_latest_earlier_rows_equal_the_plain_rule(seed, categorical):
    earlier, current = _window(seed, categorical)
    carried, dropped = carried_rows(earlier, current, WEEK_0, 2)
    expected_carried, expected_dropped = _reference(earlier, current, WEEK_0, 2)
    pd.testing.assert_frame_equal(carried, expected_carried)
    pd.testing.assert_frame_equal(dropped, expected_dropped)
    assert len(carried) > 0 and len(dropped) > 0  # the windows exercise both


def test_by_hand_the_later_of_two_rows_and_its_age():
    earlier = pd.DataFrame(
        {
            "unit_code": ["V", "V", "U", "W"],
            "item_code": ["gloves", "gloves", "gloves", "gloves"],
            "week": [WEEK_0 - 3 * WEEK, WEEK_0 - 2 * WEEK, WEEK_0 - WEEK, WEEK_0 - 5 * WEEK],
            "on_hand": [10.0, 20.0, 30.0, 40.0],
        }
    )
    current = pd.DataFrame({"unit_code": ["U"], "item_code": ["gloves"]})
    carried, dropped = carried_rows(earlier, current, WEEK_0, 2)
    # V's later row (20, two weeks old) is carried; U reported this week; W's is 5 weeks old: dropped.
    assert carried[["unit_code", "on_hand", "age_weeks"]].values.tolist() == [["V", 20.0, 2]]
    assert dropped.values.tolist() == [["W", "gloves"]]
