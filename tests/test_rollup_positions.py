"""The roll-ups worked out in integer positions (metrics/rollup.ancestor_positions): rolled_sums and
summed_to_ancestors must give what a merge with the ancestor pairs and a group-by on the strings gives (the
former bodies, kept here as the reference)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from metrics.rollup import ancestor_positions, summed_to_ancestors, to_ancestors
from metrics.supply_rollup import rolled_sums
from metrics.tree import ancestor_pairs


def reference_rolled_sums(base: pd.DataFrame, pairs: pd.DataFrame, inside) -> pd.DataFrame:
    """The former body of rolled_sums (before 2026-11-28)."""
    spread = to_ancestors(base, pairs, inside)
    durable = spread["durable"]
    in_ratio = spread["on_hand"].notna() & np.where(durable, spread["required"].notna(), spread["burn"] > 0)
    fresh = spread["age_weeks"] == 0
    spread = spread.assign(
        _in_stock=spread["on_hand"].where(in_ratio),
        _in_burn=spread["burn"].where(in_ratio & ~durable),
        _in_required=spread["required"].where(in_ratio & durable),
        _out_stock=spread["on_hand"].where(~in_ratio),
        _out=(~in_ratio).astype("int64"),
        _received=spread["received"].where(fresh),
        _used=spread["use"].where(fresh),
        _plan=spread["plan_part"] & in_ratio,
    )
    g = spread.groupby(["ancestor", "item_code"], sort=False)
    rolled = pd.DataFrame(
        {
            "in_ratio_stock": g["_in_stock"].sum(min_count=1),
            "outside_stock": g["_out_stock"].sum(),
            "outside_units": g["_out"].sum(),
            "received": g["_received"].sum(min_count=1),
            "used": g["_used"].sum(min_count=1),
            "daily_use": g["_in_burn"].sum(min_count=1),
            "required": g["_in_required"].sum(min_count=1),
            "demand": g["demand"].any(),
            "plan_part": g["_plan"].any(),
        }
    ).reset_index()
    known = g["on_hand"].count().to_numpy() > 0
    rolled["on_hand"] = (rolled["in_ratio_stock"].fillna(0.0) + rolled["outside_stock"]).where(known)
    return rolled.rename(columns={"ancestor": "unit_code"})


def _tree(rng: random.Random) -> pd.DataFrame:
    """A root, a few towns, villages under them, and a unit under the first village."""
    rows = [{"code": "C", "parent_code": None}]
    for t in range(rng.randint(1, 4)):
        rows.append({"code": f"T{t}", "parent_code": "C"})
        rows += [{"code": f"T{t}V{v}", "parent_code": f"T{t}"} for v in range(rng.randint(0, 5))]
    villages = [row["code"] for row in rows if "V" in row["code"]]
    if villages:
        rows.append({"code": f"{villages[0]}X", "parent_code": villages[0]})
    return pd.DataFrame(rows).assign(name="", level="village")


def _base(rng: random.Random, codes: list[str]) -> pd.DataFrame:
    def maybe(value: float) -> float:
        return float("nan") if rng.random() < 0.2 else value

    rows = []
    for code in [*codes, "NOT_IN_TREE"]:
        for item in rng.sample(["mask", "gel", "thermo"], rng.randint(1 if code == "C" else 0, 3)):
            rows.append(
                {
                    "unit_code": code,
                    "item_code": item,
                    "on_hand": maybe(rng.choice([0.0, 3.5, 10.0, 120.25])),
                    "burn": maybe(rng.choice([0.0, 1.5, 4.0])),
                    "required": maybe(rng.choice([0.0, 2.0, 8.0])),
                    "received": maybe(rng.choice([0.0, 7.0])),
                    "use": maybe(rng.choice([0.0, 2.5, 9.0])),
                    "durable": item == "thermo",
                    "age_weeks": rng.choice([0, 0, 1, 2]),
                    "demand": rng.random() < 0.3,
                    "plan_part": rng.random() < 0.3,
                }
            )
    frame = pd.DataFrame(rows)
    for column in ("unit_code", "item_code"):
        frame[column] = frame[column].astype(str)
    return frame


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["unit_code", "item_code"]).reset_index(drop=True)


@pytest.mark.parametrize("seed", range(60))
def test_rolled_sums_equal_the_merge_and_group_by(seed):
    rng = random.Random(seed)
    units = _tree(rng)
    pairs = ancestor_pairs(units)
    base = _base(rng, units["code"].tolist())
    inside = set(rng.sample(units["code"].tolist(), rng.randint(1, len(units))))
    got, expected = (
        _sorted(rolled_sums(base, pairs, inside)),
        _sorted(reference_rolled_sums(base, pairs, inside)),
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-12)
    assert got.dtypes.to_dict() == {
        "unit_code": pd.StringDtype(na_value=np.nan),
        "item_code": pd.StringDtype(na_value=np.nan),
        "in_ratio_stock": np.dtype("float64"),
        "outside_stock": np.dtype("float64"),
        "outside_units": np.dtype("int64"),
        **{c: np.dtype("float64") for c in ("received", "used", "daily_use", "required")},
        "demand": np.dtype("bool"),
        "plan_part": np.dtype("bool"),
        "on_hand": np.dtype("float64"),
    }


def test_ancestor_positions_by_hand():
    units = pd.DataFrame(
        {"code": ["C", "T", "V", "W"], "parent_code": [None, "C", "T", "T"], "name": "", "level": "x"}
    )
    pairs = ancestor_pairs(units)
    rows = pd.Series(["W", "NOPE", "T", "W"], dtype=str)
    row, ancestor, names = ancestor_positions(rows, pairs, {"C", "T", "W"})
    found = sorted((int(r), str(names[a])) for r, a in zip(row, ancestor, strict=True))
    assert found == [(0, "C"), (0, "T"), (0, "W"), (2, "C"), (2, "T"), (3, "C"), (3, "T"), (3, "W")]


def test_no_base_rows_roll_up_to_nothing():
    units = _tree(random.Random(1))
    base = _base(random.Random(1), ["C"]).iloc[0:0]
    got = rolled_sums(base, ancestor_pairs(units), set(units["code"]))
    assert len(got) == 0
    assert list(got.columns) == list(
        reference_rolled_sums(base, ancestor_pairs(units), set(units["code"])).columns
    )


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("min_count", [0, 1])
def test_summed_to_ancestors_equal_the_merge_and_group_by(seed, min_count):
    rng = random.Random(seed)
    units = _tree(rng)
    pairs = ancestor_pairs(units)
    links = pairs[pairs["ancestor"].isin(rng.sample(units["code"].tolist(), rng.randint(1, len(units))))]
    rows = pd.DataFrame(
        {
            "unit_code": [rng.choice([*units["code"], "NOT_IN_TREE"]) for _ in range(40)],
            "material": [rng.choice(["leaflet", "banner", None]) for _ in range(40)],
            "quantity": [rng.choice([float("nan"), 0.0, 2.5, 40.0]) for _ in range(40)],
            "cumulative": [rng.choice([float("nan"), 1.0, 7.25]) for _ in range(40)],
        }
    ).astype({"unit_code": str})
    got = summed_to_ancestors(rows, links, "material", ["quantity", "cumulative"], min_count=min_count)
    spread = to_ancestors(rows, links)
    expected = spread.groupby(["ancestor", "material"])[["quantity", "cumulative"]].sum(min_count=min_count)
    expected = expected.reset_index().rename(columns={"ancestor": "unit_code"})
    by = ["unit_code", "material"]
    pd.testing.assert_frame_equal(
        got.sort_values(by).reset_index(drop=True),
        expected.sort_values(by).reset_index(drop=True),
        rtol=1e-12,
    )
