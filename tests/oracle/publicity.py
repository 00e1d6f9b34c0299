"""Publicity, rules P1–P3 of docs/figures.md, in plain Python over a District."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.oracle.district import District

VILLAGE = "village"


@dataclass
class Coverage:
    """One unit × material for the chosen week: the figures publicity_coverage shows."""

    unit: str
    material: str
    cumulative: float | None  # everything reached in the subtree to date (pooled + outside)
    pooled: float  # reach inside the target units' subtrees, the numerator
    reached_outside: float
    target: float | None
    coverage_pct: float | None
    status: str


class Publicity:
    def __init__(self, district: District):
        self.d = district
        self.p = district.policy

    # --- P1 ---------------------------------------------------------------------------------------------
    def base_units(self, material: str, week: date) -> set[str]:
        """Units whose row of `week` is a base row: no unit strictly below has a row that week (no carry)."""
        rows = {u for (u, m), by_week in self.d.publicity.items() if m == material and week in by_week}
        return {u for u in rows if not any(b in rows for b in self.d.below(u))}

    def reached(self, material: str, week: date) -> dict[str, float]:
        """P1: per unit, the sum of its base rows' quantities over every week up to and including `week`
        (units with a base row only; a blank quantity adds 0)."""
        weeks = sorted({w for (_, m), by_week in self.d.publicity.items() if m == material for w in by_week})
        out: dict[str, float] = {}
        for w in weeks:
            if w > week:
                continue
            for u in self.base_units(material, w):
                out[u] = out.get(u, 0.0) + (self.d.publicity[(u, material)][w] or 0.0)
        return out

    # --- P2 ---------------------------------------------------------------------------------------------
    def own_target(self, unit: str, material: str) -> float | None:
        """rate × driver; for banners (driver sub_units, "villages") a village counts as one itself."""
        spec = self.d.items[material]
        rate, driver = spec.get("target_rate") or 0.0, spec.get("target_driver") or ""
        if not rate or not driver:
            return None
        record = self.d.units[unit]
        if driver == "sub_units" and record.get("level") == VILLAGE:
            value = 1.0
        else:
            value = record.get(driver)
            try:
                value = float(value)
            except (TypeError, ValueError):
                return None
            if value != value:  # NaN
                return None
        return rate * value

    def target_units(self, unit: str, material: str) -> list[str]:
        own = {u for u in self.d.subtree(unit) if self.own_target(u, material) is not None}
        return [u for u in self.d.subtree(unit) if u in own and not any(b in own for b in self.d.below(u))]

    # --- P3 ---------------------------------------------------------------------------------------------
    def status(self, pct: float | None) -> str:
        tol = self.p.tolerance
        if pct is None:
            return "unknown"
        if pct < self.p.coverage_red_below - tol:
            return "red"
        if pct < self.p.coverage_green_from - tol:
            return "amber"
        if pct <= 100 + tol:
            return "green"
        return "over"

    def coverage(self, unit: str, material: str, week: date, reached=None) -> Coverage:
        reached = self.reached(material, week) if reached is None else reached
        targets = self.target_units(unit, material)
        # Pooled: units inside a target unit's subtree, and units with target units below them (a town's own
        # total for its villages), within P's subtree.
        inside = {v for t in targets for v in self.d.subtree(t)}
        inside |= {v for v in self.d.subtree(unit) if any(t in self.d.below(v) for t in targets)}
        pooled = sum(reached[v] for v in inside if v in reached)
        outside = sum(reached[v] for v in self.d.subtree(unit) if v in reached and v not in inside)
        any_reach = any(v in reached for v in self.d.subtree(unit))
        target = sum(self.own_target(t, material) for t in targets) if targets else None
        pct = pooled / target * 100 if target else None
        return Coverage(
            unit=unit,
            material=material,
            cumulative=pooled + outside if any_reach else None,
            pooled=pooled,
            reached_outside=outside,
            target=target,
            coverage_pct=pct,
            status=self.status(pct),
        )

    def publicity_coverage(self, week: date, unit_code: str | None = None) -> dict[tuple[str, str], Coverage]:
        out = {}
        for material in self.d.materials:
            reached = self.reached(material, week)
            for unit in self.d.scope(unit_code):
                out[(unit, material)] = self.coverage(unit, material, week, reached)
        return out
