"""Weekly use per unit × item, and the daily burn rate over the last weeks that have data.

Rules (domain.md, "Formulas"):
- use = reported `used`; when blank, derived = opening + received − on_hand, where opening is the reported
  opening stock or else last week's on_hand (only when that report is exactly the week before). A blank
  `received` counts as 0 in the derivation (sheets leave 本周入库 empty when nothing came in). A negative
  derived value is a data-quality problem: it is flagged and the use stays unknown.
- stock-out adjustment: with X days out of stock, adjusted use = use × 7 / (7 − X); X ≥ 7 → unknown.
- burn rate = mean of the adjusted weekly use ÷ 7 over the last `burn_weeks` weeks that have a usable use,
  looked for within the LOOKBACK_WEEKS weeks up to and including the chosen week. Fewer than `burn_weeks`
  such weeks → no burn rate from use (CDC's calculator needs at least 2 observations; with the default 2 a
  single week of history is not enough).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.codes import allowed, factor

WEEK = pd.Timedelta(days=7)
# Weeks searched for burn-rate data and for the recent-median check; older use says little about today.
LOOKBACK_WEEKS = 8


def window_weeks(burn_weeks: int) -> int:
    """How many weeks before the chosen one a status needs (plus the chosen week itself)."""
    return max(LOOKBACK_WEEKS, int(burn_weeks))


def stock_window(stock: pd.DataFrame, week: pd.Timestamp, weeks_before: int, codes=None) -> pd.DataFrame:
    """Stock rows from `weeks_before` weeks before `week` up to `week`, codes as plain strings.

    Filters by week first, so a province's 12 million rows are touched once by a cheap date comparison.
    """
    weeks = stock["week"].to_numpy()
    keep = (weeks <= np.datetime64(week)) & (weeks >= np.datetime64(week - weeks_before * WEEK))
    rows = stock.loc[keep].reset_index(drop=True)
    ucodes, units = factor(rows["unit_code"])
    icodes, items = factor(rows["item_code"])
    rows["unit_code"] = pd.array(units[ucodes], dtype="str")
    rows["item_code"] = pd.array(items[icodes], dtype="str")
    if codes is not None:
        rows = rows[allowed(units, set(codes))[ucodes]]
    return rows.reset_index(drop=True)


def weekly_use(stock: pd.DataFrame) -> pd.DataFrame:
    """Stock rows with the week's use worked out.

    Adds: prev_on_hand (last week's closing when that week reported), available (opening or prev_on_hand),
    use (reported or derived; NaN when unknown), derived (bool), negative_use (derived < 0),
    use_adjusted (stock-out adjusted; NaN when days_out ≥ 7).
    """
    rows = stock.sort_values(["unit_code", "item_code", "week"], kind="stable").reset_index(drop=True)
    unit, item, week = rows["unit_code"], rows["item_code"], rows["week"]
    same_series = (unit == unit.shift()) & (item == item.shift()) & (week - week.shift() == WEEK)
    prev_on_hand = rows["on_hand"].shift().where(same_series)
    available = rows["opening"].where(rows["opening"].notna(), prev_on_hand)
    derived_use = available + rows["received"].fillna(0.0) - rows["on_hand"]
    reported = rows["used"].notna()
    negative = ~reported & (derived_use < 0)
    use = rows["used"].where(reported, derived_use.where(~negative))

    days_out = rows["days_out"].fillna(0.0).clip(lower=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(days_out < 7, 7.0 / (7.0 - days_out.clip(upper=6.999)), np.nan)
    return rows.assign(
        prev_on_hand=prev_on_hand,
        available=available,
        use=use,
        derived=~reported & use.notna(),
        negative_use=negative,
        use_adjusted=use * scale,
    )


def burn_rates(use_rows: pd.DataFrame, week: pd.Timestamp, burn_weeks: int) -> pd.DataFrame:
    """Daily burn rate from use per (unit_code, item_code): columns burn_use, use_weeks.

    burn_use is NaN when fewer than `burn_weeks` weeks up to `week` have a usable use.
    """
    usable = use_rows[(use_rows["week"] <= week) & use_rows["use_adjusted"].notna()]
    usable = usable.sort_values("week", ascending=False, kind="stable")
    rank = usable.groupby(["unit_code", "item_code"], sort=False).cumcount()
    recent = usable[rank < burn_weeks]
    grouped = recent.groupby(["unit_code", "item_code"], sort=False)["use_adjusted"]
    rates = pd.DataFrame({"weekly": grouped.mean(), "use_weeks": grouped.size()}).reset_index()
    rates["burn_use"] = (rates["weekly"] / 7.0).where(rates["use_weeks"] >= burn_weeks)
    return rates[["unit_code", "item_code", "burn_use", "use_weeks"]]
