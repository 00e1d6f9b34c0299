"""metrics/ against the independent oracle (tests/oracle/) on generated districts (docs/figures.md).

For each district, a chosen week, the root and a random inner unit: every row of stock_status and
publicity_coverage, the reporting summary, the rate of every week (reporting_by_week) and the alert set must agree with the oracle. Floats agree within a
relative 1e-9. ORACLE_EXAMPLES sets the number of districts (default 300; CI runs a few thousand).
On disagreement the failure lists each figure: scope, unit, item, field, oracle value, metrics value.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from metrics import alerts, publicity_coverage, reporting_by_week, reporting_summary, stock_status
from metrics.reporting import expected_units, last_reports
from tests.district_strategy import GeneratedDistrict, districts
from tests.oracle import District, Publicity, Supplies, alert_set, reporting

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "300"))
# Alerts recompute everything per district (about 1 s each on this machine): a third as many.
ALERT_EXAMPLES = int(os.environ.get("ORACLE_ALERT_EXAMPLES", str(max(EXAMPLES // 3, 30))))
REL = 1e-9
SHOWN = 40
STATUS_FIELDS = [
    "days_of_supply",
    "status",
    "on_hand",
    "daily_use",
    "basis",
    "children_stockout",
    "children_critical",
    "children_low",
    "children_unknown",
    "carried",
    "age_weeks",
    "outside_stock",
    "outside_units",
    "dropped_units",
    "own_report",
]
COVERAGE_FIELDS = ["coverage_pct", "target", "cumulative", "status", "reached_outside"]
ALERT_KINDS = {"stockout", "critical", "low", "missing_report", "low_coverage"}

agreement = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass(frozen=True)
class Diff:
    scope: str
    figure: str  # which output: stock_status, publicity_coverage, reporting, alerts
    unit: str | None
    item: str | None
    field: str
    oracle: object
    metrics: object

    def line(self) -> str:
        return (
            f"{self.figure:<18} scope={self.scope:<6} unit={self.unit!s:<8} item={self.item!s:<14} "
            f"{self.field:<18} oracle={self.oracle!r:<24} metrics={self.metrics!r}"
        )


def plain(value):
    """None for every kind of blank; numpy scalars as Python values."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def same(oracle, metrics) -> bool:
    oracle, metrics = plain(oracle), plain(metrics)
    if oracle is None or metrics is None:
        return oracle is None and metrics is None
    if isinstance(oracle, bool) or isinstance(metrics, bool):
        return type(metrics) is bool and oracle == metrics
    if isinstance(oracle, int | float) and isinstance(metrics, int | float):
        if isinstance(oracle, int) and not isinstance(oracle, bool):
            return float(metrics).is_integer() and int(metrics) == oracle
        return math.isclose(float(oracle), float(metrics), rel_tol=REL, abs_tol=0.0)
    return oracle == metrics


def keyed(frame, key_columns, scope, figure):
    """{key: row dict} of a metrics frame, with a Diff for every duplicated key."""
    out, diffs = {}, []
    for record in frame.to_dict("records"):
        key = tuple(str(record[c]) for c in key_columns)
        if key in out:
            diffs.append(Diff(scope, figure, key[0], key[1], "(row)", "one row", "duplicate row"))
        out[key] = record
    return out, diffs


def compare_rows(scope, figure, oracle_rows: dict, frame, key_columns, fields) -> list[Diff]:
    got, diffs = keyed(frame, key_columns, scope, figure)
    missing_columns = [f for f in fields if f not in frame.columns]
    for f in missing_columns:
        diffs.append(Diff(scope, figure, None, None, f, "a column", "no such column"))
    for key in sorted(set(oracle_rows) | set(got)):
        unit, item = key
        if key not in got:
            diffs.append(Diff(scope, figure, unit, item, "(row)", "a row", "no row"))
            continue
        if key not in oracle_rows:
            diffs.append(Diff(scope, figure, unit, item, "(row)", "no row", "a row"))
            continue
        for f in fields:
            if f in missing_columns:
                continue
            want, have = oracle_rows[key][f], got[key][f]
            if not same(want, have):
                diffs.append(Diff(scope, figure, unit, item, f, plain(want), plain(have)))
    return diffs


def oracle_status_rows(d: District, gd: GeneratedDistrict, scope: str) -> dict:
    out = {}
    for key, r in Supplies(d).stock_status(gd.week, scope).items():
        row = {f: getattr(r, f) for f in STATUS_FIELDS if not f.startswith("children_")}
        row.update({f"children_{s}": n for s, n in r.children.items()})
        out[key] = row
    return out


def oracle_coverage_rows(d: District, gd: GeneratedDistrict, scope: str) -> dict:
    return {
        key: {f: getattr(c, f) for f in COVERAGE_FIELDS}
        for key, c in Publicity(d).publicity_coverage(gd.week, scope).items()
    }


def status_diffs(gd: GeneratedDistrict) -> list[Diff]:
    units, items, stock, _ = gd.frames()
    d = District(gd.units, gd.items, gd.stock, gd.publicity)
    diffs = []
    for scope in dict.fromkeys([gd.root, gd.inner]):
        frame = stock_status(units, items, stock, week=gd.week, unit_code=scope)
        diffs += compare_rows(
            scope,
            "stock_status",
            oracle_status_rows(d, gd, scope),
            frame,
            ["unit_code", "item"],
            STATUS_FIELDS,
        )
    return diffs


def coverage_diffs(gd: GeneratedDistrict) -> list[Diff]:
    units, items, _, publicity = gd.frames()
    d = District(gd.units, gd.items, gd.stock, gd.publicity)
    diffs = []
    for scope in dict.fromkeys([gd.root, gd.inner]):
        frame = publicity_coverage(units, items, publicity, week=gd.week, unit_code=scope)
        diffs += compare_rows(
            scope,
            "publicity_coverage",
            oracle_coverage_rows(d, gd, scope),
            frame,
            ["unit_code", "material"],
            COVERAGE_FIELDS,
        )
    return diffs


def reporting_diffs(gd: GeneratedDistrict) -> list[Diff]:
    units, _, stock, publicity = gd.frames()
    d = District(gd.units, gd.items, gd.stock, gd.publicity)
    diffs = []
    for scope in dict.fromkeys([gd.root, gd.inner]):
        summary = reporting_summary(units, stock, publicity, week=gd.week, unit_code=scope)
        # The pages hand over each unit's last report week, worked out once for every unit viewed: the same.
        shared = last_reports(stock, publicity, week=gd.week)
        if reporting_summary(units, stock, publicity, week=gd.week, unit_code=scope, last=shared) != summary:
            diffs.append(Diff(scope, "reporting", None, None, "with last_reports", summary, "differs"))
        want = reporting(d, gd.week, scope)
        for how, held in (("alone", None), ("with last_reports", shared)):
            listed = expected_units(units, stock, publicity, week=gd.week, unit_code=scope, last=held)["code"]
            if sorted(listed) != sorted(want.expected):
                diffs.append(
                    Diff(scope, "expected_units", None, None, how, sorted(want.expected), sorted(listed))
                )
        pairs = [
            ("expected", len(want.expected), summary["expected"]),
            ("reported", len(want.reported), summary["reported"]),
            ("rate_pct", want.rate_pct, summary["rate_pct"]),
            ("missing", sorted(want.missing), sorted(m["unit_code"] for m in summary["missing"])),
        ]
        for field, o, m in pairs:
            if not same(o, m):
                diffs.append(Diff(scope, "reporting", None, None, field, o, m))
    return diffs


def held_pairs(stock: pd.DataFrame, publicity: pd.DataFrame) -> pd.DataFrame:
    """The unit × week pairs as store/report_weeks.load_report_weeks hands them over: one frame for stock and
    publicity, each pair once, the unit codes categorical."""
    both = pd.concat([stock[["unit_code", "week"]], publicity[["unit_code", "week"]]]).drop_duplicates()
    return both.assign(unit_code=pd.Categorical(both["unit_code"].astype(object))).reset_index(drop=True)


def by_week_diffs(gd: GeneratedDistrict) -> list[Diff]:
    """The rate by week (the reporting page's chart), every week with a report in scope, against the oracle's
    R1–R2 for that week: from the report rows, and from the held pairs the page reads."""
    units, _, stock, publicity = gd.frames()
    d = District(gd.units, gd.items, gd.stock, gd.publicity)
    diffs = []
    for scope in dict.fromkeys([gd.root, gd.inner]):
        inside = d.scope(scope)
        weeks = sorted({w for unit in inside for w in d.report_weeks.get(unit, set())})
        for source, frame in (
            ("rows", reporting_by_week(units, stock, publicity, unit_code=scope)),
            ("pairs", reporting_by_week(units, held_pairs(stock, publicity), None, unit_code=scope)),
        ):
            listed = [date.fromisoformat(w) for w in frame["week"]]
            if listed != weeks:
                diffs.append(Diff(scope, "reporting_by_week", source, None, "weeks", weeks, listed))
                continue
            for week, row in zip(weeks, frame.itertuples(), strict=True):
                want = reporting(d, week, scope)
                pairs = [
                    ("expected", len(want.expected), row.expected),
                    ("reported", len(want.reported), row.reported),
                    ("rate_pct", want.rate_pct, row.rate_pct),
                ]
                for field, o, m in pairs:
                    if not same(plain(o), plain(m)):
                        diffs.append(Diff(scope, "reporting_by_week", source, str(week), field, o, m))
    return diffs


def alert_diffs(gd: GeneratedDistrict) -> list[Diff]:
    units, items, stock, publicity = gd.frames()
    d = District(gd.units, gd.items, gd.stock, gd.publicity)
    diffs = []
    for scope in dict.fromkeys([gd.root, gd.inner]):
        frame = alerts(units, items, stock, publicity, week=gd.week, unit_code=scope)
        got = {
            (str(a["kind"]), str(a["unit_code"]), plain(a["item"]))
            for a in frame.to_dict("records")
            if a["kind"] in ALERT_KINDS
        }
        want = alert_set(d, gd.week, scope)
        for kind, unit, item in sorted(want - got, key=str):
            diffs.append(Diff(scope, "alerts", unit, item, kind, "alert", "no alert"))
        for kind, unit, item in sorted(got - want, key=str):
            diffs.append(Diff(scope, "alerts", unit, item, kind, "no alert", "alert"))
    return diffs


def explain(gd: GeneratedDistrict, diffs: list[Diff]) -> str:
    lines = [f"metrics disagrees with the oracle on {len(diffs)} figure(s), week {gd.week}:"]
    lines += ["  " + d.line() for d in diffs[:SHOWN]]
    if len(diffs) > SHOWN:
        lines.append(f"  … and {len(diffs) - SHOWN} more")
    lines.append("units:")
    lines += [
        "  " + ", ".join(f"{k}={v}" for k, v in u.items() if v is not None and k not in ("name", "active"))
        for u in gd.units
    ]
    lines.append("stock rows:")
    lines += ["  " + ", ".join(f"{k}={v}" for k, v in r.items() if v is not None) for r in gd.stock]
    lines.append("publicity rows:")
    lines += ["  " + ", ".join(f"{k}={v}" for k, v in r.items() if v is not None) for r in gd.publicity]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "check",
    [status_diffs, coverage_diffs, reporting_diffs, by_week_diffs],
    ids=["stock_status", "publicity_coverage", "reporting", "reporting_by_week"],
)
@agreement
@given(gd=districts())
def test_metrics_agree_with_the_oracle(check, gd):
    diffs = check(gd)
    assert not diffs, explain(gd, diffs)


@settings(agreement, max_examples=ALERT_EXAMPLES)
@given(gd=districts())
def test_alerts_agree_with_the_oracle(gd):
    diffs = alert_diffs(gd)
    assert not diffs, explain(gd, diffs)
