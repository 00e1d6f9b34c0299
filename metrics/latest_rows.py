"""The latest status of each unit × item: its last stock row, with the figures that need the weeks before it.

A week's status reads thirteen weeks of stock (docs/figures.md S1–S6: the use of each week, the burn over
the look-back, carried rows and their burn as of their own week). Of those it keeps, per unit × item, only
the last row and what the earlier weeks gave it: the week's use (S1/S2), the burn as of that row's week
(S3), and the median of the use before it (the use-spike check, metrics/quality_alerts.py). `latest_rows`
works them out once, when the figures change (store/latest_status.py keeps them in the write transaction),
with the same functions supply_snapshot calls; `latest_inputs` hands supply_snapshot back what it would have
taken from the window. tests/test_latest_status.py proves the figures equal those of the full computation
and the oracle.

A row's figures do not depend on the chosen week, only on its own week: when a later week arrives, an
untouched unit's row stays right and only its age grows. Its burn is kept while it can still be carried
(at most `carry_weeks` old when worked out), the use median only for a row of the week itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.frames import STOCK_COLUMNS
from domain.thresholds import CARRY_WEEKS
from metrics.codes import isin
from metrics.supply_rollup import carried_rows
from metrics.usage import (
    WEEK,
    burn_rates,
    earlier_use_stats,
    plain_codes,
    stock_window,
    weekly_use,
    window_weeks,
)

USE_COLUMNS = ["prev_on_hand", "available", "use", "derived", "negative_use", "use_adjusted"]
RATE_COLUMNS = ["burn_use", "use_weeks"]
STAT_COLUMNS = ["median", "count"]
LATEST_COLUMNS = [*STOCK_COLUMNS, *USE_COLUMNS, *RATE_COLUMNS, *STAT_COLUMNS]


def reach_weeks(burn_weeks: int = 2, carry_weeks: int = CARRY_WEEKS) -> int:
    """How many weeks before the chosen one supply_snapshot reads: a carried row's burn looks back
    window_weeks from its own week, and the earliest of those weeks derives its use from the week before."""
    return window_weeks(burn_weeks) + carry_weeks + 1


def latest_rows(
    stock: pd.DataFrame, week: pd.Timestamp, *, burn_weeks: int = 2, carry_weeks: int = CARRY_WEEKS
) -> pd.DataFrame:
    """LATEST_COLUMNS, one row per unit × item with a row in the reach_weeks before `week` (or in it): its
    last row, that week's use, its burn as of its week (when at most `carry_weeks` before `week`) and the
    median and count of its earlier use (when of `week` itself). Codes as strings, sorted by unit and item."""
    week = pd.Timestamp(week)
    use_rows = weekly_use(stock_window(stock, week, reach_weeks(burn_weeks, carry_weeks)))
    return latest_from_uses(use_rows, week, burn_weeks=burn_weeks, carry_weeks=carry_weeks)


def latest_from_uses(
    use_rows: pd.DataFrame, week: pd.Timestamp, *, burn_weeks: int = 2, carry_weeks: int = CARRY_WEEKS
) -> pd.DataFrame:
    """latest_rows, from the window's weekly_use rows (metrics/latest_history.py reads them too)."""
    if use_rows.empty:
        return empty_latest_rows()
    # weekly_use orders rows by unit, item and week: each series' last row is its latest.
    pair = (
        use_rows["unit_code"].cat.codes.to_numpy().astype(np.int64)
        * (len(use_rows["item_code"].cat.categories) + 1)
        + use_rows["item_code"].cat.codes.to_numpy()
    )
    ends = np.r_[pair[1:] != pair[:-1], True]
    last_week = pd.Series(use_rows["week"].to_numpy()[ends]).repeat(
        np.diff(np.r_[0, np.flatnonzero(ends) + 1])
    )
    last_week = last_week.to_numpy()
    last = plain_codes(use_rows[ends]).reset_index(drop=True)

    rates, stats = [], []
    for day in sorted(d for d in last["week"].unique() if week - carry_weeks * WEEK <= d <= week):
        # Each series worked out on its own: only the series whose last row is of `day` need its burn.
        series = use_rows[last_week == np.datetime64(day)]
        rates.append(burn_rates(series, day, burn_weeks).assign(week=day))
        if day == week:
            stats.append(earlier_use_stats(series, day).assign(week=day))
    keys = ["unit_code", "item_code", "week"]
    for found, columns in ((rates, RATE_COLUMNS), (stats, STAT_COLUMNS)):
        if found:
            last = last.merge(pd.concat(found, ignore_index=True), on=keys, how="left")
        else:
            last = last.assign(**dict.fromkeys(columns, np.nan))
    return last[LATEST_COLUMNS]


def latest_inputs(latest: pd.DataFrame, week: pd.Timestamp, inside, supplies, carry_weeks: int):
    """(use_rows, current, carried, dropped, rates, use_stats) as supply_snapshot works them out from the
    window, rebuilt from latest_rows of `week` for the units `inside` and the `supplies`. `carried` holds its
    burn (burn_use, use_weeks); `use_rows` is empty (use_stats stands for what the alerts read of it)."""
    rows = latest[isin(latest["unit_code"], inside) & isin(latest["item_code"], supplies)]
    rows = plain_codes(rows).reset_index(drop=True)
    in_week = (rows["week"] == week).to_numpy()
    now = rows[in_week].reset_index(drop=True)
    current = now[[*STOCK_COLUMNS, *USE_COLUMNS]]
    rates = now[["unit_code", "item_code", *RATE_COLUMNS]]
    rates = rates[rates["use_weeks"].notna()].astype({"use_weeks": "int64"}).reset_index(drop=True)
    use_stats = now.loc[now["count"].notna(), ["unit_code", "item_code", *STAT_COLUMNS]]
    use_stats = use_stats.astype({"count": "int64"}).reset_index(drop=True)
    carried, dropped = carried_rows(
        rows.loc[~in_week, [*STOCK_COLUMNS, *USE_COLUMNS, *RATE_COLUMNS]], current, week, carry_weeks
    )
    use_rows = current.iloc[0:0][["unit_code", "item_code", "week", "use"]]
    return use_rows, current, carried, dropped, rates, use_stats


def empty_latest_rows() -> pd.DataFrame:
    """LATEST_COLUMNS without rows, in their dtypes."""
    frame = pd.DataFrame({c: pd.Series(dtype=float) for c in LATEST_COLUMNS})
    for column in ("unit_code", "item_code"):
        frame[column] = frame[column].astype("str")
    frame["week"] = frame["week"].astype("datetime64[ns]")
    return frame
