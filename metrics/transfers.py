"""Transfer suggestions (调拨建议): move surplus between units under the same parent.

Rules:
- Only units whose own row of this week was used in the roll-up, with a 'use' or 'plan' burn rate above 0
  and a reported stock, take part; a figure carried from an earlier week (docs/figures.md S6) is no ground
  to move stock; durable items are not moved (their need is a count, not a rate).
- A receiver is below its critical level (critical_days for its item and level); its need is what brings it
  to `target_days`: ceil(T × burn − stock). A donor's surplus is what it holds above T days:
  floor(stock − T × burn). Whole base units only, so a donor never goes below T days and nothing is created.
- Greedy, fewest moves first: the largest remaining surplus goes to the largest remaining need, again and
  again, until either side runs out. from_days_after / to_days_after are both units' days of supply after
  that move (and the moves listed before it).
"""

from __future__ import annotations

import heapq
import math

import numpy as np
import pandas as pd

from domain.thresholds import TOLERANCE
from metrics.codes import distinct, isin
from metrics.supply_status import supply_snapshot

TRANSFER_COLUMNS = [
    "item",
    "item_name",
    "parent_code",
    "parent",
    "from_code",
    "from_unit",
    "to_code",
    "to_unit",
    "quantity",
    "from_days_after",
    "to_days_after",
]


def _surplus(on_hand: float, burn: float, target_days: float) -> int:
    """Whole units a donor can give and keep `target_days` (within the shared tolerance), checked with the
    same division that reports its days after: with 500,000 on hand and a burn of 0.01 a day, rounding in
    on_hand − T × burn alone is worth several 1e-9 days."""
    surplus = math.floor(on_hand - target_days * burn + TOLERANCE * burn)
    while surplus > 0 and (on_hand - surplus) / burn < target_days - TOLERANCE:
        surplus -= 1
    return surplus


def plan_moves(
    donors: list[tuple[str, float, float]], receivers: list[tuple[str, float, float]], target_days: float
) -> list[tuple[str, str, float, float, float]]:
    """Greedy moves for one parent × item. donors/receivers: (code, on_hand, burn).

    Returns (from_code, to_code, quantity, from_days_after, to_days_after) in the order to make them.
    """
    start = {code: on for code, on, _ in donors + receivers}
    moved = dict.fromkeys(start, 0.0)  # whole units, summed exactly; each stock after is one subtraction
    burn = {code: b for code, _, b in donors + receivers}
    give = [(-_surplus(on, b, target_days), code) for code, on, b in donors]
    take = [(-math.ceil(target_days * b - on - TOLERANCE * b), code) for code, on, b in receivers]
    give = [g for g in give if g[0] < 0]
    take = [t for t in take if t[0] < 0]
    heapq.heapify(give)
    heapq.heapify(take)
    moves = []
    while give and take:
        surplus, donor = heapq.heappop(give)
        need, receiver = heapq.heappop(take)
        quantity = min(-surplus, -need)
        moved[donor] -= quantity
        moved[receiver] += quantity
        after_donor, after_receiver = start[donor] + moved[donor], start[receiver] + moved[receiver]
        moves.append(
            (donor, receiver, float(quantity), after_donor / burn[donor], after_receiver / burn[receiver])
        )
        if -surplus > quantity:
            heapq.heappush(give, (surplus + quantity, donor))
        if -need > quantity:
            heapq.heappush(take, (need + quantity, receiver))
    return moves


def transfer_suggestions(
    units,
    items,
    stock,
    *,
    week=None,
    unit_code=None,
    burn_weeks=2,
    target_days=14.0,
    thresholds=None,
    snapshot=None,
) -> pd.DataFrame:
    """Suggested moves within each parent of the subtree (TRANSFER_COLUMNS), by item then parent.

    snapshot: the supply_snapshot of the same frames and options, for a caller that holds it already.
    """
    if snapshot is None:
        snapshot = supply_snapshot(
            units,
            items,
            stock,
            week=week,
            unit_code=unit_code,
            burn_weeks=burn_weeks,
            target_days=target_days,
            thresholds=thresholds,
        )
    grid = snapshot.grid
    info = grid[["unit_code", "item_code", "unit", "parent_code", "item_name", "critical_days", "durable"]]
    fresh = snapshot.own["base"] & (snapshot.own["age_weeks"] == 0)
    own = snapshot.own[fresh].merge(info.drop(columns="durable"), on=["unit_code", "item_code"])
    own = own[~own["durable"] & (own["burn"] > 0) & own["on_hand"].notna() & own["parent_code"].notna()]
    own = own[isin(own["parent_code"], distinct(grid["unit_code"]))]
    days = own["on_hand"] / own["burn"]
    donor = (days > target_days).to_numpy()
    receiver = (days < own["critical_days"]).to_numpy() & ~donor
    own = own[receiver | donor].reset_index(drop=True)
    donor = donor[receiver | donor]

    # Groups (parent × item) as runs of a stable sort: one pass over plain arrays instead of a pandas
    # groupby per group, which cost seconds for the thousands of parents of a province.
    parent_codes, _ = pd.factorize(own["parent_code"])
    item_codes, _ = pd.factorize(own["item_code"])
    group = parent_codes.astype(np.int64) * (item_codes.max(initial=0) + 1) + item_codes
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1]]) if len(order) else []
    ends = np.r_[starts[1:], len(order)] if len(order) else []
    unit_col = own["unit_code"].to_numpy(dtype=object)[order].tolist()
    on_col = own["on_hand"].to_numpy(dtype=float)[order].tolist()
    burn_col = own["burn"].to_numpy(dtype=float)[order].tolist()
    donor_col = donor[order].tolist()
    parent_col = own["parent_code"].to_numpy(dtype=object)[order]
    item_col = own["item_code"].to_numpy(dtype=object)[order]
    name_col = own["item_name"].to_numpy(dtype=object)[order]

    names = dict(zip(grid["unit_code"], grid["unit"], strict=False))
    item_order = {code: i for i, code in enumerate(pd.unique(grid["item_code"]))}
    rows = []
    for start, end in zip(starts, ends, strict=True):
        sides = {True: [], False: []}
        for k in range(start, end):
            sides[donor_col[k]].append((unit_col[k], on_col[k], burn_col[k]))
        if not sides[True] or not sides[False]:
            continue
        parent, item, item_name = parent_col[start], item_col[start], name_col[start]
        for donor_code, receiver_code, qty, from_after, to_after in plan_moves(
            sides[True], sides[False], target_days
        ):
            rows.append(
                {
                    "item": item,
                    "item_name": item_name,
                    "parent_code": parent,
                    "parent": names.get(parent),
                    "from_code": donor_code,
                    "from_unit": names.get(donor_code),
                    "to_code": receiver_code,
                    "to_unit": names.get(receiver_code),
                    "quantity": qty,
                    "from_days_after": from_after,
                    "to_days_after": to_after,
                    "_item": item_order.get(item, 0),
                }
            )
    frame = pd.DataFrame(rows, columns=[*TRANSFER_COLUMNS, "_item"])
    frame = frame.sort_values(["_item", "parent_code"], kind="stable")
    return frame[TRANSFER_COLUMNS].reset_index(drop=True)
