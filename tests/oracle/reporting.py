"""Reporting (R1–R2) and the alert set of docs/figures.md, in plain Python over a District."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.oracle.district import District
from tests.oracle.publicity import Publicity
from tests.oracle.supplies import Supplies

SUPPLY_KINDS = ("stockout", "critical", "low")
COVERAGE_KINDS = ("red", "amber")


@dataclass
class Reporting:
    expected: list[str]
    reported: list[str]
    missing: list[str]

    @property
    def rate_pct(self) -> float | None:
        return len(self.reported) / len(self.expected) * 100 if self.expected else None


def reporting(district: District, week: date, unit_code: str | None = None) -> Reporting:
    """R1: active leaves, and other active units from the first week they reported (on or before W).
    R2: a unit reported W when it has a stock or publicity row for W; carried figures never count."""
    expected, reported = [], []
    for unit in district.scope(unit_code):
        weeks = district.report_weeks.get(unit, set())
        if district.is_leaf(unit) or any(w <= week for w in weeks):
            expected.append(unit)
            if week in weeks:
                reported.append(unit)
    missing = [u for u in expected if u not in reported]
    return Reporting(expected, reported, missing)


def alert_set(
    district: District, week: date, unit_code: str | None = None
) -> set[tuple[str, str, str | None]]:
    """(kind, unit, item) for stockout / critical / low (rolled status, units with a current row in their
    subtree), missing_report (item None) and low_coverage (red or amber); data_quality is left out."""
    supplies, publicity = Supplies(district), Publicity(district)
    out: set[tuple[str, str, str | None]] = set()
    for (unit, item), rolled in supplies.stock_status(week, unit_code).items():
        if rolled.status in SUPPLY_KINDS and supplies.has_current_below(unit, item, week):
            out.add((rolled.status, unit, item))
    for unit in reporting(district, week, unit_code).missing:
        out.add(("missing_report", unit, None))
    for (unit, material), cov in publicity.publicity_coverage(week, unit_code).items():
        if cov.status in COVERAGE_KINDS:
            out.add(("low_coverage", unit, material))
    return out
