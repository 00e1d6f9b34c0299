"""Alerts for one week: what needs action, most urgent first, each with one sentence a leader can read out.

Severity (decided here): stockout and critical → 'critical'; low, missing_report and red coverage →
'warning'; amber coverage and every data_quality check → 'info'.
Order: severity, then kind (stockout < critical < missing_report < low < low_coverage < data_quality), then
days of supply ascending (coverage ascending, longest-missing first), then unit code.

Supply alerts cover every unit in the subtree, parents included (a town's total can be critical); a parent's
children counts are in stock_status. Data-quality checks on each unit's own row of the chosen week are in
metrics/quality_alerts.py; coverage above 100 % is a data_quality alert found here, with the coverage alerts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from domain.catalogue import COVERAGE_GREEN_FROM, COVERAGE_RED_BELOW
from metrics import alert_text, numbers_zh
from metrics.alert_frame import Found, alert_frame, plain_records
from metrics.publicity import publicity_coverage
from metrics.quality_alerts import quality_alerts, quality_findings
from metrics.reporting import reporting_summary
from metrics.rollup import to_ancestors
from metrics.supply_status import supply_snapshot

ALERT_COLUMNS = ["kind", "severity", "unit_code", "unit", "item", "week", "value", "threshold", "message"]
# The columns each kind's sentence reads (alert_text), so only these are turned into Python objects.
SUPPLY_FIELDS = [
    "unit_code",
    "unit",
    "item_code",
    "status",
    "on_hand",
    "durable",
    "required",
    "days_of_supply",
    "daily_use",
    "basis",
    "critical_days",
    "low_days",
    "base_unit",
    "self_days_out",
    "outside_stock",
    "outside_units",
    "carried",
    "age_weeks",
]
COVERAGE_FIELDS = ["unit_code", "unit", "material", "status", "coverage_pct", "target"]


def _item_labels(items: pd.DataFrame, lang: str) -> dict[str, str]:
    names = items["name_en"] if lang == "en" else items["name_zh"]
    return dict(zip(items["code"].astype(str), names, strict=True))


def value_kind(kind: str, item: str | None, durable: set[str], materials: set[str]) -> str:
    """How an alert's value and threshold read (numbers_zh kinds): days for a shortage, a count held for a
    durable item or a stockout, weeks for a missing report, a percentage for coverage."""
    if kind in ("critical", "low"):
        return numbers_zh.QUANTITY if item in durable else numbers_zh.DAYS
    if kind == "missing_report":
        return numbers_zh.COUNT
    if kind == "low_coverage" or (kind == "data_quality" and item in materials):
        return numbers_zh.PERCENT
    return numbers_zh.QUANTITY


def _supply_alerts(grid: pd.DataFrame, labels, lang) -> Found:
    hit = grid[grid["status"].isin(["stockout", "critical", "low"])]
    status = hit["status"].to_numpy(dtype=object)
    stockout, durable = status == "stockout", hit["durable"].to_numpy(dtype=bool)
    days = hit["days_of_supply"].to_numpy(dtype=float)
    on_hand = hit["on_hand"].to_numpy(dtype=float)
    # A stockout reads against 0, a durable item against the count required, the rest against its days limit.
    limit = np.where(status == "critical", hit["critical_days"], hit["low_days"]).astype(float)
    threshold = np.where(stockout, 0.0, np.where(durable, hit["required"].to_numpy(dtype=float), limit))
    frame = alert_frame(
        kind=status,
        severity=np.where(status == "low", "warning", "critical"),
        unit_code=hit["unit_code"],
        unit=hit["unit"],
        item=hit["item_code"],
        value=np.where(stockout | durable, on_hand, days),
        threshold=threshold,
        rank=days,
    )

    def words(positions) -> list[str]:
        out = []
        for r in plain_records(hit.iloc[positions], SUPPLY_FIELDS):
            a = {**r, "item_label": labels[r["item_code"]], "days": r["days_of_supply"]}
            # The sentence cites the stock its days rest on; stock beside the ratio is named after it (S8).
            a["on_hand"] = _in_ratio_stock(r)
            text = alert_text.stockout if r["status"] == "stockout" else alert_text.short_supply
            out.append(text(a, lang))
        return out

    return frame, words


def _in_ratio_stock(r: dict) -> float:
    on_hand, beside = r["on_hand"], r.get("outside_stock") or 0.0
    if on_hand is None or pd.isna(on_hand):
        return on_hand
    return float(on_hand) - float(beside)


def _missing_alerts(summary: dict, lang) -> Found:
    missing = summary["missing"]
    weeks = [m["weeks_since"] for m in missing]
    frame = alert_frame(
        kind=["missing_report"] * len(missing),
        severity=["warning"] * len(missing),
        unit_code=[m["unit_code"] for m in missing],
        unit=[m["unit"] for m in missing],
        item=[None] * len(missing),
        value=[np.nan if w is None else float(w) for w in weeks],
        threshold=[np.nan] * len(missing),
        rank=[-(w if w is not None else 10**6) for w in weeks],
    )

    def words(positions) -> list[str]:
        out = []
        for m in (missing[i] for i in positions):
            last = None if m["last_report_week"] is None else pd.Timestamp(m["last_report_week"])
            out.append(alert_text.missing_report({**m, "last_report_week": last}, lang))
        return out

    return frame, words


def _coverage_alerts(cov: pd.DataFrame, items: pd.DataFrame, labels, lang) -> Found:
    units_of = dict(zip(items["code"].astype(str), items["base_unit"], strict=True))
    hit = cov[cov["status"].isin(["red", "amber", "over"])]
    status = hit["status"].to_numpy(dtype=object)
    over, red = status == "over", status == "red"
    pct = hit["coverage_pct"].to_numpy(dtype=float)
    frame = alert_frame(
        kind=np.where(over, "data_quality", "low_coverage"),
        severity=np.where(over, "info", np.where(red, "warning", "info")),
        unit_code=hit["unit_code"],
        unit=hit["unit"],
        item=hit["material"],
        value=pct,
        threshold=np.where(over, 100.0, np.where(red, COVERAGE_RED_BELOW, COVERAGE_GREEN_FROM)).astype(float),
        rank=pct,
    )

    def words(positions) -> list[str]:
        out = []
        for r in plain_records(hit.iloc[positions], COVERAGE_FIELDS):
            a = {
                **r,
                "item_label": labels[r["material"]],
                "base_unit": units_of[r["material"]],
                "pct": r["coverage_pct"],
            }
            out.append(alert_text.coverage(a, lang))
        return out

    return frame, words


def _grid_from_status(status: pd.DataFrame, snapshot) -> pd.DataFrame:
    """The rolled-up grid the alerts read, rebuilt from a stock_status frame and an unrolled snapshot.

    stock_status leaves out three things the sentences need: thresholds (from the plain grid), a unit's own
    days out (from its own current row) and, for durable items, the rolled-up count required (summed here over
    the base rows below each unit that is short; a handful of rows).
    """
    plain = snapshot.grid[["unit_code", "item_code", "base_unit", "durable", "critical_days", "low_days"]]
    figures = status[
        ["unit_code", "unit", "item", "on_hand", "received", "used", "daily_use", "days_of_supply"]
        + ["basis", "status", "outside_stock", "outside_units", "carried", "age_weeks"]
    ].rename(columns={"item": "item_code"})
    grid = figures.merge(plain, on=["unit_code", "item_code"], how="left")
    base = snapshot.own[snapshot.own["base"]]
    # The unit's own days out, from its own current row whether or not it is a base row (S8).
    own = snapshot.own
    self_out = own.groupby(["unit_code", "item_code"], sort=False)["days_out"].max().rename("self_days_out")
    grid = grid.merge(self_out.reset_index(), on=["unit_code", "item_code"], how="left")
    short = grid.loc[
        grid["durable"] & grid["status"].isin(["stockout", "critical"]), ["unit_code", "item_code"]
    ]
    below = to_ancestors(base.loc[base["durable"], ["unit_code", "item_code", "required"]], snapshot.pairs)
    below = below.merge(short.rename(columns={"unit_code": "ancestor"}), on=["ancestor", "item_code"])
    required = below.groupby(["ancestor", "item_code"], sort=False)["required"].sum(min_count=1)
    required = required.reset_index().rename(columns={"ancestor": "unit_code"})
    return grid.merge(required, on=["unit_code", "item_code"], how="left")


def alerts(
    units,
    items,
    stock,
    publicity,
    *,
    week=None,
    unit_code=None,
    burn_weeks=2,
    target_days=14.0,
    thresholds=None,
    lang="zh",
    targets=None,
    status=None,
    coverage=None,
    reporting=None,
    snapshot=None,
    worded: Callable[[pd.DataFrame], pd.Series] | None = None,
) -> pd.DataFrame:
    """Every alert for the week in the subtree of `unit_code` (ALERT_COLUMNS), most urgent first.

    status, coverage, reporting: what stock_status, publicity_coverage and reporting_summary returned for
    the same frames and options, for a page that has them already; each one given is not computed again.
    snapshot: the rolled-up supply_snapshot stock_status rests on, likewise (then status is not read).
    worded: which alerts get their sentence, a boolean mask of the ordered alerts (ALERT_COLUMNS but the
    message); every alert when None, the others' message missing.
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
            roll_up=status is None,
        )
        grid = snapshot.grid if status is None else _grid_from_status(status, snapshot)
    else:
        grid = snapshot.grid
    week = snapshot.week
    if week is None and publicity is not None and len(publicity):
        week = publicity["week"].max()
    labels = _item_labels(items, lang)
    found = [_supply_alerts(grid, labels, lang)]
    if week is not None:
        if reporting is None:
            reporting = reporting_summary(units, stock, publicity, week=week, unit_code=unit_code)
        found.append(_missing_alerts(reporting, lang))
        if publicity is not None:
            if coverage is None:
                coverage = publicity_coverage(
                    units, items, publicity, week=week, unit_code=unit_code, targets=targets
                )
            found.append(_coverage_alerts(coverage, items, labels, lang))
    if snapshot.week is not None:
        found.append(quality_alerts(quality_findings(snapshot, grid), grid, labels, lang))
    frame = pd.concat(
        [part.assign(_source=n, _position=np.arange(len(part))) for n, (part, _) in enumerate(found)],
        ignore_index=True,
    )
    frame["week"] = None if week is None else pd.Timestamp(week).date().isoformat()
    frame = frame.sort_values(
        ["_sev", "_kind", "_rank", "unit_code", "item"], na_position="last", kind="stable"
    ).reset_index(drop=True)
    # The sentences last, and only for the alerts asked for: a province has a hundred thousand alerts, and a
    # page that shows six need not word the rest.
    chosen = np.ones(len(frame), dtype=bool) if worded is None else np.asarray(worded(frame), dtype=bool)
    messages = np.full(len(frame), None, dtype=object)
    for n, (_, words) in enumerate(found):
        rows = np.flatnonzero(chosen & (frame["_source"].to_numpy() == n))
        if len(rows):
            messages[rows] = words(frame["_position"].to_numpy()[rows].tolist())
    frame["message"] = pd.array(messages, dtype="str")
    frame = frame[ALERT_COLUMNS]
    # Text columns as pandas infers them from the values: str, or object holding None when no value is given.
    for column in ("kind", "severity", "unit_code", "unit", "item", "message"):
        if not frame[column].notna().any():
            frame[column] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame
