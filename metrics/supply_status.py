"""Stock status per unit × supply item for one week: days of supply, basis, status, run-out, reorder.

The rules are docs/figures.md S1–S9; in short:
- week=None → the latest week in the stock frame. The report date is the end of that week (Monday + 6 days);
  runout_date = report date + floor(days_of_supply) days (None beyond MAX_RUNOUT_DAYS = ten years).
- Current rows: the week's rows plus, for a unit × item silent this week, its last row of the `carry_weeks`
  before (carried: age_weeks ≥ 1, with the burn as of that row's week). Older ones drop out (dropped_units).
- Base rows: current rows with no current row below them for the item; only they count in roll-ups.
- A parent's days of supply = Σ on_hand ÷ Σ burn over the base rows below it with stock known and burn > 0
  (durable: required known). Every other base row sits beside the ratio: outside_stock, outside_units.
  on_hand shows everything held (ratio + beside); received and used sum this week's rows only.
- basis: 'plan' when any burn in the ratio rests on a plan (item.plan_rate × the unit's driver), else 'use';
  None when days of supply is unknown.
- Status: a unit whose own row is a base row (own_report) has its own status: stockout = on hand 0 with
  demand (burn > 0, use this week or days out) or days out > 0; then critical < critical_days ≤ low <
  low_days ≤ ok; unknown with no usable burn. On hand 0 with no demand at all is 'unknown', not stockout.
  A parent has the roll-up's status: own days out → stockout; nothing in the ratio → unknown; Σ on hand 0
  → stockout; else the thresholds.
- Durable items: required = plan_rate × driver (checkpoints + classes); none on hand → stockout, below →
  critical, enough → ok, required unknown → unknown. days_of_supply, daily_use, basis and runout are None;
  reorder_qty = max(0, required − on_hand).
- children_<status>: the units strictly below whose own row is a base row, by their own status (S9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from domain.thresholds import CARRY_WEEKS, TOLERANCE
from metrics.codes import distinct, isin
from metrics.latest_rows import latest_inputs, reach_weeks
from metrics.rollup import base_mask, status_counts
from metrics.supply_grid import supply_grid
from metrics.supply_rollup import carried_rows, dropped_counts, rolled_status, rolled_sums
from metrics.tree import inside_codes, unit_tree
from metrics.usage import burn_rates, plain_codes, stock_window, weekly_use

# Beyond ten years a run-out date means nothing (and tiny burn rates would overflow the calendar).
MAX_RUNOUT_DAYS = 3650
STATUSES = ["stockout", "critical", "low", "ok", "unknown"]
CHILD_STATUSES = ["stockout", "critical", "low", "unknown"]
STATUS_COLUMNS = [
    "unit_code",
    "unit",
    "level",
    "item",
    "item_name",
    "week",
    "on_hand",
    "received",
    "used",
    "daily_use",
    "days_of_supply",
    "basis",
    "status",
    "runout_date",
    "reorder_qty",
    "children_stockout",
    "children_critical",
    "children_low",
    "children_unknown",
    "own_report",
    "carried",
    "age_weeks",
    "outside_stock",
    "outside_units",
    "dropped_units",
]


@dataclass
class SupplySnapshot:
    """Everything one week's stock status rests on, shared by status, alerts and transfers."""

    week: pd.Timestamp | None
    grid: pd.DataFrame  # one row per active unit in the subtree × supply item, rolled up, with status
    own: pd.DataFrame  # every unit's own row in the chosen week, with `base` (used in the roll-up) or not
    # The window of weeks the status needed, reduced to what the median check reads (unit_code, item_code,
    # week, use; codes categorical): the full two-million-row frame of a province is not kept alive.
    use_rows: pd.DataFrame
    current: pd.DataFrame  # every figure of the chosen week's rows (weekly_use columns), codes as strings
    pairs: pd.DataFrame  # descendant → ancestor pairs
    # unit_code, item_code, median, count of the use before the week, when read from the latest status
    # (use_rows is then empty); None: the alerts work it out from use_rows.
    use_stats: pd.DataFrame | None = None


def resolve_week(*frames: pd.DataFrame, week=None) -> pd.Timestamp | None:
    """The Monday of `week` (any date inside it), or the latest week found in the frames."""
    if week is not None:
        day = pd.Timestamp(week).normalize()
        return day - pd.Timedelta(days=day.weekday())
    latest = [f["week"].max() for f in frames if f is not None and len(f)]
    latest = [w for w in latest if pd.notna(w)]
    return pd.Timestamp(max(latest)) if latest else None


def _own_figures(current: pd.DataFrame, rates: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Each reporting unit's own figures: burn from use, or else from plan, and whether it shows demand."""
    own = current.merge(rates, on=["unit_code", "item_code"], how="left")
    plan = grid[["unit_code", "item_code", "plan_need", "durable"]]
    own = own.merge(plan, on=["unit_code", "item_code"], how="inner")
    durable = own["durable"]
    from_use = own["burn_use"].notna() & ~durable
    from_plan = ~from_use & own["plan_need"].notna() & ~durable
    own["burn"] = own["burn_use"].where(from_use, own["plan_need"].where(from_plan))
    own["plan_part"] = from_plan & (own["burn"] > 0)
    own["required"] = own["plan_need"].where(durable)
    own["demand"] = (own["burn"] > 0) | (own["use"] > 0) | (own["days_out"] > 0)
    return own


DAYS_TOLERANCE = TOLERANCE


def _status(frame: pd.DataFrame) -> pd.Series:
    on, burn, req = frame["on_hand"], frame["daily_use"], frame["required"]
    days, durable = frame["days_of_supply"], frame["durable"]
    out_days = frame["self_days_out"].fillna(0) > 0
    conditions = [
        on.isna(),
        durable & (((on <= 0) & (req > 0)) | out_days),
        durable & req.notna() & (on < req),
        durable & req.notna(),
        durable,
        ((on <= 0) & (frame["demand"] | (burn > 0))) | out_days,
        days < frame["critical_days"] - DAYS_TOLERANCE,
        days < frame["low_days"] - DAYS_TOLERANCE,
        days >= frame["low_days"] - DAYS_TOLERANCE,
    ]
    choices = ["unknown", "stockout", "critical", "ok", "unknown", "stockout", "critical", "low", "ok"]
    return pd.Series(np.select(conditions, choices, default="unknown"), index=frame.index)


def supply_snapshot(
    units,
    items,
    stock,
    *,
    week=None,
    unit_code=None,
    burn_weeks=2,
    target_days=14.0,
    thresholds=None,
    roll_up=True,
    carry_weeks=CARRY_WEEKS,
    latest=None,
    tree=None,
) -> SupplySnapshot:
    """The snapshot stock_status, alerts and transfers share.

    latest: latest_rows(...) of this very week (metrics/latest_rows.py), read instead of the window of
    `stock` (then None); the caller knows it is of `week` and of the same burn and carry weeks.

    roll_up=False stops before burn rates and the roll-up, for a caller that already holds stock_status
    (alerts): `grid` is then the plain units × items grid (thresholds, plan need), `own` has no burn from
    use.
    tree: unit_tree(units) (metrics/tree.py) when the caller holds it, so it is not worked out again.
    """
    table, pairs = unit_tree(units) if tree is None else tree
    if unit_code is not None:
        inside = inside_codes(pairs, unit_code)
    else:
        inside = distinct(table["code"])
    shown = table[isin(table["code"], inside) & table["active"]]
    # The pairs up to units in scope. Every row below is of a unit in scope, whose descendants are in scope
    # too, so these answer as all the pairs would: a town of a province looks through its 40, not 90,000.
    scoped = pairs if unit_code is None else pairs[isin(pairs["ancestor"], inside)]
    grid = supply_grid(shown, items, thresholds)
    week = resolve_week(stock, week=week)

    use_stats = None
    if latest is not None and week is not None:
        # The latest status, stored when the figures changed (metrics/latest_rows.py): the same inputs as the
        # window below would give, without reading it.
        use_rows, current, with_rates, dropped, rates, use_stats = latest_inputs(
            latest, week, inside, distinct(grid["item_code"]), carry_weeks
        )
    else:
        if week is None:
            use_rows = weekly_use(stock.iloc[0:0].astype({"unit_code": str, "item_code": str}))
        else:
            supplies = distinct(grid["item_code"])
            # Enough weeks for the burn of a row carried from carry_weeks ago (it looks back window_weeks
            # from its own week), plus one so the earliest of those weeks can derive its use from the week
            # before.
            reach = reach_weeks(burn_weeks, carry_weeks)
            use_rows = weekly_use(stock_window(stock, week, reach, codes=inside, items=supplies))
        in_week = (use_rows["week"] == week).to_numpy()
        current = plain_codes(use_rows[in_week])
        carried, dropped = (
            carried_rows(use_rows[~in_week], current, week, carry_weeks) if week is not None else (None, None)
        )
        rates = burn_rates(use_rows, week, burn_weeks) if week is not None and roll_up else None
        with_rates = None
        if roll_up and carried is not None and len(carried):
            # A silent unit counts with its last row and the burn as of that row's week (figures.md S6).
            carried_rates = pd.concat(
                [burn_rates(use_rows, day, burn_weeks).assign(week=day) for day in carried["week"].unique()],
                ignore_index=True,
            )
            with_rates = carried.merge(carried_rates, on=["unit_code", "item_code", "week"], how="left")
    rates = _empty_rates() if rates is None or rates.empty else rates
    # Own figures for every unit in the subtree, active or not: an inactive unit's stock is still stock.
    in_tree = table[isin(table["code"], inside)]
    all_grid = grid if len(in_tree) == len(shown) else supply_grid(in_tree, items, thresholds)
    own = _own_figures(current, rates, all_grid).assign(age_weeks=0)
    if roll_up and with_rates is not None and len(with_rates):
        rate_columns = ["unit_code", "item_code", "burn_use", "use_weeks"]
        own_carried = _own_figures(
            with_rates.drop(columns=["burn_use", "use_weeks"]), with_rates[rate_columns], all_grid
        )
        own = pd.concat([own, own_carried], ignore_index=True)
    own["base"] = base_mask(own, scoped, ["item_code"]).to_numpy()
    use_rows = use_rows[["unit_code", "item_code", "week", "use"]]
    if not roll_up:
        return SupplySnapshot(
            week=week,
            grid=grid,
            own=own,
            use_rows=use_rows,
            current=current,
            pairs=pairs,
            use_stats=use_stats,
        )

    base = own[own["base"]]
    levels = all_grid[["unit_code", "item_code", "critical_days", "low_days"]]
    base["own_status"] = _own_status(base.merge(levels, on=["unit_code", "item_code"], how="left")).to_numpy()
    grid = grid.merge(rolled_sums(base, scoped, inside), on=["unit_code", "item_code"], how="left")
    # A unit's own days out count for it whether or not its own row is a base row (S8): a town that says
    # it was out for two days was out, whatever its villages' rows add up to.
    own_out = own.groupby(["unit_code", "item_code"], sort=False)["days_out"].max().rename("self_days_out")
    grid = grid.merge(own_out.reset_index(), on=["unit_code", "item_code"], how="left")
    grid = grid.merge(dropped_counts(dropped, own, scoped, inside), on=["unit_code", "item_code"], how="left")
    own_rows = base[["unit_code", "item_code", "age_weeks", "own_status", "burn"]].rename(
        columns={"own_status": "_own", "burn": "_own_burn"}
    )
    grid = grid.merge(own_rows, on=["unit_code", "item_code"], how="left")
    grid["own_report"] = grid["_own"].notna()
    grid["carried"] = grid["age_weeks"].fillna(0) > 0
    grid["age_weeks"] = grid["age_weeks"].fillna(0).astype("int64")
    for column in ("outside_units", "dropped_units"):
        grid[column] = grid[column].fillna(0).astype("int64")
    grid["outside_stock"] = grid["outside_stock"].fillna(0.0)
    grid["demand"] = grid["demand"].astype("boolean").fillna(False).astype(bool)
    grid["plan_part"] = grid["plan_part"].astype("boolean").fillna(False).astype(bool)

    durable = grid["durable"]
    # A unit reporting for itself shows its own burn, zero included; a parent the burn in its ratio.
    burn = grid["daily_use"].where(~grid["own_report"], grid["_own_burn"]).where(~durable)
    with np.errstate(divide="ignore", invalid="ignore"):
        days = (grid["in_ratio_stock"] / burn).where(burn > 0)
    grid["daily_use"] = burn
    grid["days_of_supply"] = days
    grid["basis"] = np.where(days.isna(), None, np.where(grid["plan_part"], "plan", "use"))
    # A unit whose own row is a base row has its own status (S5); a parent has the roll-up's (S8).
    grid["status"] = grid["_own"].where(grid["own_report"], rolled_status(grid))
    grid["reorder_qty"] = np.where(
        durable,
        (grid["required"] - grid["in_ratio_stock"]).clip(lower=0),
        (float(target_days) * burn - grid["in_ratio_stock"]).clip(lower=0),
    )
    grid = grid.drop(columns=["_own", "_own_burn"])

    counts = status_counts(
        base.rename(columns={"own_status": "status"}),
        scoped,
        "item_code",
        CHILD_STATUSES,
    )
    grid = grid.merge(counts, on=["unit_code", "item_code"], how="left")
    for col in [f"children_{s}" for s in CHILD_STATUSES]:
        grid[col] = grid[col].fillna(0).astype("int64")
    return SupplySnapshot(
        week=week, grid=grid, own=own, use_rows=use_rows, current=current, pairs=pairs, use_stats=use_stats
    )


def _empty_rates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": pd.Series(dtype=str),
            "item_code": pd.Series(dtype=str),
            "burn_use": pd.Series(dtype=float),
            "use_weeks": pd.Series(dtype="int64"),
        }
    )


def _own_status(rows: pd.DataFrame) -> pd.Series:
    """S5: each base row's own status from its own figures (on hand, burn, required, days out)."""
    own = rows.rename(columns={"burn": "daily_use"})
    with np.errstate(divide="ignore", invalid="ignore"):
        days = (own["on_hand"] / own["daily_use"]).where((own["daily_use"] > 0) & ~own["durable"])
    own = own.assign(days_of_supply=days, self_days_out=own["days_out"])
    return _status(own)


def status_frame(snapshot: SupplySnapshot) -> pd.DataFrame:
    """The public shape of stock_status (STATUS_COLUMNS), dates as ISO strings."""
    grid = snapshot.grid
    week = snapshot.week
    out = grid.rename(columns={"item_code": "item"})
    out["week"] = week.date().isoformat() if week is not None else None
    if week is not None:
        report_day = week + pd.Timedelta(days=6)
        whole = np.floor(out["days_of_supply"].to_numpy(dtype=float))
        whole[whole > MAX_RUNOUT_DAYS] = np.nan
        dates = report_day + pd.to_timedelta(np.where(np.isnan(whole), 0, whole), unit="D")
        text = np.asarray(dates.strftime("%Y-%m-%d"), dtype=object)
        text[np.isnan(whole)] = None
        out["runout_date"] = pd.Series(text, index=out.index, dtype=object)
    else:
        out["runout_date"] = pd.Series(None, index=out.index, dtype=object)
    out["basis"] = out["basis"].astype(object)
    return out[STATUS_COLUMNS].reset_index(drop=True)


def stock_status(
    units,
    items,
    stock,
    *,
    week=None,
    unit_code=None,
    burn_weeks=2,
    target_days=14.0,
    thresholds=None,
    carry_weeks=CARRY_WEEKS,
) -> pd.DataFrame:
    """One row per active unit in the subtree of `unit_code` (all units when None) × supply item.

    Parents are roll-ups of the reporting units below them; see the module docstring for every rule.
    """
    snapshot = supply_snapshot(
        units,
        items,
        stock,
        week=week,
        unit_code=unit_code,
        burn_weeks=burn_weeks,
        target_days=target_days,
        thresholds=thresholds,
        carry_weeks=carry_weeks,
    )
    return status_frame(snapshot)
