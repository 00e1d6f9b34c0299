"""Transfer suggestions (调拨建议): move surplus between units under the same parent.

Rules:
- Only units whose own row was used in the week's roll-up, with a 'use' or 'plan' burn rate above 0 and a
  reported stock, take part; durable items are not moved (their need is a count, not a rate).
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

import pandas as pd

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


def plan_moves(
    donors: list[tuple[str, float, float]], receivers: list[tuple[str, float, float]], target_days: float
) -> list[tuple[str, str, float, float, float]]:
    """Greedy moves for one parent × item. donors/receivers: (code, on_hand, burn).

    Returns (from_code, to_code, quantity, from_days_after, to_days_after) in the order to make them.
    """
    stock = {code: on for code, on, _ in donors + receivers}
    burn = {code: b for code, _, b in donors + receivers}
    give = [(-math.floor(on - target_days * b + 1e-9), code) for code, on, b in donors]
    take = [(-math.ceil(target_days * b - on - 1e-9), code) for code, on, b in receivers]
    give = [g for g in give if g[0] < 0]
    take = [t for t in take if t[0] < 0]
    heapq.heapify(give)
    heapq.heapify(take)
    moves = []
    while give and take:
        surplus, donor = heapq.heappop(give)
        need, receiver = heapq.heappop(take)
        quantity = min(-surplus, -need)
        stock[donor] -= quantity
        stock[receiver] += quantity
        moves.append(
            (donor, receiver, float(quantity), stock[donor] / burn[donor], stock[receiver] / burn[receiver])
        )
        if -surplus > quantity:
            heapq.heappush(give, (surplus + quantity, donor))
        if -need > quantity:
            heapq.heappush(take, (need + quantity, receiver))
    return moves


def transfer_suggestions(
    units, items, stock, *, week=None, unit_code=None, burn_weeks=2, target_days=14.0, thresholds=None
) -> pd.DataFrame:
    """Suggested moves within each parent of the subtree (TRANSFER_COLUMNS), by item then parent."""
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
    own = snapshot.own[snapshot.own["base"]].merge(
        info.drop(columns="durable"), on=["unit_code", "item_code"]
    )
    own = own[~own["durable"] & (own["burn"] > 0) & own["on_hand"].notna() & own["parent_code"].notna()]
    own = own[own["parent_code"].isin(set(grid["unit_code"]))]
    days = own["on_hand"] / own["burn"]
    own = own.assign(role=None)
    own.loc[days < own["critical_days"], "role"] = "receiver"
    own.loc[days > target_days, "role"] = "donor"
    own = own[own["role"].notna()]
    roles = own.groupby(["parent_code", "item_code"])["role"].nunique()
    own = own.set_index(["parent_code", "item_code"]).loc[roles[roles == 2].index].reset_index()

    names = dict(zip(grid["unit_code"], grid["unit"], strict=False))
    item_order = {code: i for i, code in enumerate(pd.unique(grid["item_code"]))}
    rows = []
    for (parent, item), group in own.groupby(["parent_code", "item_code"], sort=False):
        sides = {
            role: list(zip(part["unit_code"], part["on_hand"], part["burn"], strict=True))
            for role, part in group.groupby("role")
        }
        item_name = group["item_name"].iloc[0]
        for donor, receiver, qty, from_after, to_after in plan_moves(
            sides["donor"], sides["receiver"], target_days
        ):
            rows.append(
                {
                    "item": item,
                    "item_name": item_name,
                    "parent_code": parent,
                    "parent": names.get(parent),
                    "from_code": donor,
                    "from_unit": names.get(donor),
                    "to_code": receiver,
                    "to_unit": names.get(receiver),
                    "quantity": qty,
                    "from_days_after": from_after,
                    "to_days_after": to_after,
                    "_item": item_order.get(item, 0),
                }
            )
    frame = pd.DataFrame(rows, columns=[*TRANSFER_COLUMNS, "_item"])
    frame = frame.sort_values(["_item", "parent_code"], kind="stable")
    return frame[TRANSFER_COLUMNS].reset_index(drop=True)
