"""Invariants, checked on generated data: roll-ups sum, days × burn = stock, transfers conserve stock."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from metrics import stock_status, transfer_suggestions
from metrics.transfers import plan_moves
from tests.metrics_fixtures import items_frame, stock_frame, units_frame

LEAVES = ["V11", "V12", "V21", "V22", "S21"]
ITEMS = ["mask_surgical", "gloves", "disinfectant"]
figure = st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 1))


@st.composite
def leaf_reports(draw):
    rows = []
    for unit in draw(st.lists(st.sampled_from(LEAVES), unique=True)):
        for item in draw(st.lists(st.sampled_from(ITEMS), unique=True, min_size=1)):
            for week in (5, 6):
                rows.append(
                    {
                        "unit_code": unit,
                        "item_code": item,
                        "week": week,
                        "used": draw(figure),
                        "on_hand": draw(figure),
                    }
                )
    return stock_frame(rows)


@settings(max_examples=40, deadline=None)
@given(leaf_reports())
def test_rollup_stock_is_the_sum_of_leaves(stock):
    status = stock_status(units_frame(), items_frame(), stock).set_index(["unit_code", "item"])
    latest = stock[stock["week"] == stock["week"].max()] if len(stock) else stock
    for parent, leaves in {"T1": ["V11", "V12"], "T2": ["V21", "V22", "S21"], "C": LEAVES}.items():
        for item in ITEMS:
            mine = latest[latest["unit_code"].isin(leaves) & (latest["item_code"] == item)]["on_hand"]
            got = status.loc[(parent, item), "on_hand"]
            if mine.empty:
                assert math.isnan(got)
            else:
                assert math.isclose(got, mine.sum(), rel_tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(leaf_reports())
def test_days_times_burn_is_stock(stock):
    status = stock_status(units_frame(), items_frame(), stock)
    known = status[status["days_of_supply"].notna()]
    for r in known.itertuples():
        assert math.isclose(r.days_of_supply * r.daily_use, r.on_hand, rel_tol=1e-9, abs_tol=1e-6)
    assert not (status["days_of_supply"] == float("inf")).any()


side = st.tuples(st.floats(0, 1e5, allow_nan=False), st.floats(0.01, 1e3, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(st.lists(side, max_size=6), st.lists(side, max_size=6), st.sampled_from([7.0, 14.0, 30.0]))
def test_transfers_never_take_a_donor_below_target_nor_create_stock(donors, receivers, target):
    donors = [(f"d{i}", on, b) for i, (on, b) in enumerate(donors)]
    receivers = [(f"r{i}", on, b) for i, (on, b) in enumerate(receivers)]
    moves = plan_moves(donors, receivers, target)
    stock = {c: on for c, on, _ in donors + receivers}
    before = sum(stock.values())
    for source, dest, qty, _, _ in moves:
        assert qty > 0 and source.startswith("d") and dest.startswith("r")
        stock[source] -= qty
        stock[dest] += qty
    assert math.isclose(sum(stock.values()), before, rel_tol=1e-12, abs_tol=1e-6)
    for code, on, b in donors:
        if stock[code] != on:
            assert stock[code] >= target * b - 1e-6


@settings(max_examples=30, deadline=None)
@given(leaf_reports())
def test_suggested_transfers_keep_donors_at_target(stock):
    got = transfer_suggestions(units_frame(), items_frame(), stock)
    assert (got["from_days_after"] >= 14.0 - 1e-9).all()
    assert (got["quantity"] > 0).all()
