"""The oracle's input: a district as plain records, its unit tree, and the local policy (docs/figures.md).

Records are dicts. A unit: code, name, parent_code, level, active and the figures (population, households,
staff, sub_units, checkpoints, classes, sites). An item: code, category ("supply" / "publicity"), durable,
critical_days, low_days, plan_rate, plan_driver, target_rate, target_driver. A stock row: unit_code, week
(datetime.date, a Monday), item_code, on_hand, received, used, days_out, opening. A publicity row: unit_code,
week, material_code, quantity. None or NaN means "not reported", never zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime


def known(value) -> bool:
    """A figure that was given: not None and not NaN."""
    if value is None:
        return False
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def figure(value) -> float | None:
    """A given figure as a float, or None."""
    return float(value) if known(value) else None


def as_day(value) -> date:
    """A week's Monday as a datetime.date, whatever it came as (date, datetime, pandas Timestamp)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return date.fromisoformat(str(value)[:10])


def weeks_between(earlier: date, later: date) -> int:
    """Whole weeks from one Monday to a later one."""
    return (later - earlier).days // 7


@dataclass(frozen=True)
class Policy:
    """The documented defaults (docs/figures.md, "Defaults"); each one a setting."""

    burn_weeks: int = 2  # N
    lookback_weeks: int = 8  # L
    carry_weeks: int = 4  # K
    tolerance: float = 1e-9
    coverage_red_below: float = 80.0
    coverage_green_from: float = 90.0
    # domain.md, "Formulas": people in school or at work are the mask driver for schools and enterprises,
    # one mask each per day. (item, level) -> (rate, driver), replacing the catalogue's plan for that level.
    plan_by_level: dict = field(
        default_factory=lambda: {
            ("mask_surgical", "school"): (1.0, "population"),
            ("mask_surgical", "enterprise"): (1.0, "population"),
        }
    )


class District:
    """Units, items and rows indexed for the rules; nothing worked out yet."""

    def __init__(self, units, items, stock=(), publicity=(), policy: Policy | None = None):
        self.policy = policy or Policy()
        self.units = {str(u["code"]): dict(u) for u in units}
        self.order = [str(u["code"]) for u in units]
        self.items = {str(i["code"]): dict(i) for i in items}
        self.supplies = [c for c, i in self.items.items() if i.get("category", "supply") == "supply"]
        self.materials = [c for c, i in self.items.items() if i.get("category") == "publicity"]
        self.children: dict[str, list[str]] = {c: [] for c in self.order}
        for code in self.order:
            parent = self.units[code].get("parent_code")
            if known_code(parent) and str(parent) in self.children:
                self.children[str(parent)].append(code)
        # (unit, item) -> {week: row}
        self.stock: dict[tuple[str, str], dict[date, dict]] = {}
        for row in stock:
            key = (str(row["unit_code"]), str(row["item_code"]))
            self.stock.setdefault(key, {})[as_day(row["week"])] = dict(row)
        # (unit, material) -> {week: quantity or None}
        self.publicity: dict[tuple[str, str], dict[date, float | None]] = {}
        for row in publicity:
            key = (str(row["unit_code"]), str(row["material_code"]))
            self.publicity.setdefault(key, {})[as_day(row["week"])] = figure(row.get("quantity"))
        # unit -> every week it has any stock or publicity row
        self.report_weeks: dict[str, set[date]] = {}
        for (unit, _), by_week in list(self.stock.items()) + list(self.publicity.items()):
            self.report_weeks.setdefault(unit, set()).update(by_week)
        self._below: dict[str, list[str]] = {}

    # --- the tree -------------------------------------------------------------------------------------
    def below(self, code: str) -> list[str]:
        """Every unit strictly below `code`."""
        if code not in self._below:
            out = []
            for child in self.children.get(code, []):
                out.append(child)
                out.extend(self.below(child))
            self._below[code] = out
        return self._below[code]

    def subtree(self, code: str) -> list[str]:
        """The unit and every unit below it."""
        return [code, *self.below(code)]

    def scope(self, code: str | None) -> list[str]:
        """Active units in the subtree of `code` (all units when None), in unit-list order."""
        inside = set(self.order) if code is None else set(self.subtree(str(code)))
        return [c for c in self.order if c in inside and self.units[c].get("active", True)]

    def is_leaf(self, code: str) -> bool:
        """R1: no active unit below it."""
        return not any(self.units[c].get("active", True) for c in self.children.get(code, []))


def known_code(value) -> bool:
    return value is not None and known_text(value)


def known_text(value) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return str(value) != ""
