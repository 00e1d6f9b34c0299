"""Supplies, rules S1–S9 of docs/figures.md, in plain Python over a District."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tests.oracle.district import District, figure, weeks_between

WEEK = timedelta(weeks=1)
CHILD_STATUSES = ("stockout", "critical", "low", "unknown")
WORST_FIRST = ("stockout", "critical", "low", "unknown", "ok")


@dataclass(frozen=True)
class Current:
    """A current row (S7): the unit's row of the chosen week, or its carried last row (S6)."""

    unit: str
    item: str
    week: date  # the week the row belongs to
    age: int  # weeks from that row to the chosen week (0 when reported in the chosen week)
    row: dict

    @property
    def carried(self) -> bool:
        return self.age > 0

    @property
    def on_hand(self) -> float | None:
        return figure(self.row.get("on_hand"))

    @property
    def days_out(self) -> float:
        return figure(self.row.get("days_out")) or 0.0


@dataclass
class Rolled:
    """One unit × supply item for the chosen week: the figures stock_status shows."""

    unit: str
    item: str
    on_hand: float | None
    daily_use: float | None
    days_of_supply: float | None
    basis: str | None
    status: str
    carried: bool
    age_weeks: int
    outside_stock: float
    outside_units: int
    dropped_units: int
    own_report: bool
    children: dict  # status -> count (S9)


class Supplies:
    """S1–S9 for one district; every figure worked out on demand from the stored rows."""

    def __init__(self, district: District):
        self.d = district
        self.p = district.policy

    # --- S1 / S2 ----------------------------------------------------------------------------------------
    def row(self, unit: str, item: str, week: date) -> dict | None:
        return self.d.stock.get((unit, item), {}).get(week)

    def use(self, unit: str, item: str, week: date) -> float | None:
        """S1: reported used, else opening + received − on_hand (opening: reported, else last week's
        on_hand); negative → unknown."""
        row = self.row(unit, item, week)
        if row is None:
            return None
        used = figure(row.get("used"))
        if used is not None:
            return used
        on_hand = figure(row.get("on_hand"))
        opening = figure(row.get("opening"))
        if opening is None:
            before = self.row(unit, item, week - WEEK)
            opening = figure(before.get("on_hand")) if before is not None else None
        if on_hand is None or opening is None:
            return None
        value = opening + (figure(row.get("received")) or 0.0) - on_hand
        return None if value < 0 else value

    def adjusted_use(self, unit: str, item: str, week: date) -> float | None:
        """S2: use × 7 ÷ (7 − X) with X days out; X ≥ 7 → unknown."""
        use = self.use(unit, item, week)
        if use is None:
            return None
        out = figure(self.row(unit, item, week).get("days_out")) or 0.0
        if out >= 7:
            return None
        return use * 7 / (7 - out)

    # --- S3 / S4 ----------------------------------------------------------------------------------------
    def burn_from_use(self, unit: str, item: str, week: date) -> float | None:
        """S3: the mean adjusted use of the latest N weeks with one, among the weeks V − L … V (V = `week`),
        ÷ 7; None with fewer than N."""
        found = []
        for back in range(self.p.lookback_weeks + 1):
            value = self.adjusted_use(unit, item, week - back * WEEK)
            if value is not None:
                found.append(value)
                if len(found) == self.p.burn_weeks:
                    return sum(found) / len(found) / 7
        return None

    def driver(self, unit: str, name: str) -> float | None:
        """The unit's figure a driver names; "a+b" is the sum of the known parts (None when none is known)."""
        record = self.d.units[unit]
        parts = [figure(record.get(part)) for part in name.split("+")]
        parts = [p for p in parts if p is not None]
        return sum(parts) if parts else None

    def plan(self, unit: str, item: str) -> float | None:
        """S4: plan rate × the unit's driver (a per-level plan replaces the catalogue's), or None."""
        spec = self.d.items[item]
        rate, driver = spec.get("plan_rate") or 0.0, spec.get("plan_driver") or ""
        level = self.d.units[unit].get("level")
        if (item, level) in self.p.plan_by_level:
            rate, driver = self.p.plan_by_level[(item, level)]
        if not rate or not driver:
            return None
        value = self.driver(unit, driver)
        return None if value is None else rate * value

    def durable(self, item: str) -> bool:
        return bool(self.d.items[item].get("durable"))

    def required(self, unit: str, item: str) -> float | None:
        """S4: a durable item's need, a count: rate × driver."""
        return self.plan(unit, item)

    def burn(self, unit: str, item: str, week: date) -> tuple[float | None, str | None]:
        """(daily burn, "use" / "plan") as of `week`: from use, else planned; durable items have none."""
        if self.durable(item):
            return None, None
        from_use = self.burn_from_use(unit, item, week)
        if from_use is not None:
            return from_use, "use"
        planned = self.plan(unit, item)
        if planned is not None:
            return planned, "plan"
        return None, None

    # --- thresholds -------------------------------------------------------------------------------------
    def days_level(self, item: str, days: float) -> str:
        spec, tol = self.d.items[item], self.p.tolerance
        if days < float(spec.get("critical_days", 7.0)) - tol:
            return "critical"
        if days < float(spec.get("low_days", 14.0)) - tol:
            return "low"
        return "ok"

    def count_level(self, held: float, required: float) -> str:
        if held == 0 and required > 0:
            return "stockout"
        if held < required - self.p.tolerance:
            return "critical"
        return "ok"

    # --- S5 ---------------------------------------------------------------------------------------------
    def own_days(self, cur: Current) -> float | None:
        """on_hand ÷ burn (as of the row's week) when both are known and burn > 0."""
        if self.durable(cur.item) or cur.on_hand is None:
            return None
        burn, _ = self.burn(cur.unit, cur.item, cur.week)
        if burn is None or burn <= 0:
            return None
        return cur.on_hand / burn

    def own_status(self, cur: Current) -> str:
        """S5, from the row alone (a carried row: its own week's figures, burn and use)."""
        on_hand = cur.on_hand
        if on_hand is None:
            return "unknown"
        if self.durable(cur.item):
            if cur.days_out > 0:
                return "stockout"
            required = self.required(cur.unit, cur.item)
            if required is None:
                return "unknown"
            return self.count_level(on_hand, required)
        if cur.days_out > 0:
            return "stockout"
        burn, _ = self.burn(cur.unit, cur.item, cur.week)
        use = self.use(cur.unit, cur.item, cur.week)
        if on_hand == 0 and ((burn is not None and burn > 0) or (use is not None and use > 0)):
            return "stockout"
        days = self.own_days(cur)
        return "unknown" if days is None else self.days_level(cur.item, days)

    # --- S6 / S7 ----------------------------------------------------------------------------------------
    def last_row(self, unit: str, item: str, week: date) -> tuple[date, dict] | None:
        """The unit's latest row for the item in `week` or before."""
        rows = self.d.stock.get((unit, item), {})
        earlier = [w for w in rows if w <= week]
        if not earlier:
            return None
        last = max(earlier)
        return last, rows[last]

    def current(self, unit: str, item: str, week: date) -> Current | None:
        """S6: the row of `week`, or the last row within K weeks before (carried)."""
        found = self.last_row(unit, item, week)
        if found is None:
            return None
        last, row = found
        age = weeks_between(last, week)
        if age > self.p.carry_weeks:
            return None
        return Current(unit, item, last, age, row)

    def dropped(self, unit: str, item: str, week: date, currents=None) -> bool:
        """S6: its last row is older than K weeks but at most L weeks old, and no unit in its own subtree
        (itself included) has a current row for the item."""
        found = self.last_row(unit, item, week)
        if found is None:
            return False
        age = weeks_between(found[0], week)
        if not self.p.carry_weeks < age <= self.p.lookback_weeks:
            return False
        currents = self.currents(item, week) if currents is None else currents
        return not any(u in currents for u in self.d.subtree(unit))

    def currents(self, item: str, week: date) -> dict[str, Current]:
        out = {}
        for unit in self.d.order:
            cur = self.current(unit, item, week)
            if cur is not None:
                out[unit] = cur
        return out

    def base(self, item: str, week: date) -> dict[str, Current]:
        """S7: current rows with no current row strictly below their unit."""
        currents = self.currents(item, week)
        return {u: c for u, c in currents.items() if not any(b in currents for b in self.d.below(u))}

    # --- S8 / S9 ----------------------------------------------------------------------------------------
    def rolled(self, unit: str, item: str, week: date, base=None, currents=None) -> Rolled:
        """S8 for `unit` (over the base rows in its subtree), with S6's marks and S9's counts."""
        base = self.base(item, week) if base is None else base
        currents = self.currents(item, week) if currents is None else currents
        rows = [base[u] for u in self.d.subtree(unit) if u in base]
        own = currents.get(unit)
        own_is_base = unit in base
        durable = self.durable(item)
        in_stock = in_need = 0.0
        in_ratio = 0
        planned = False
        outside_stock, outside_units = 0.0, 0
        for cur in rows:
            on_hand = cur.on_hand
            if durable:
                need, basis = self.required(cur.unit, item), None
                inside = on_hand is not None and need is not None
            else:
                need, basis = self.burn(cur.unit, item, cur.week)
                inside = on_hand is not None and need is not None and need > 0
            if inside:
                in_ratio += 1
                in_stock += on_hand
                in_need += need
                planned = planned or (not durable and basis == "plan")
            else:
                outside_units += 1
                outside_stock += on_hand if on_hand is not None else 0.0
        any_held = any(c.on_hand is not None for c in rows)
        days = None if durable or not in_ratio else in_stock / in_need
        daily_use = None if durable or not in_ratio else in_need
        if own_is_base and not durable:
            # the roll-up is its own row: days = own on_hand ÷ own burn, daily use = own burn (0 included)
            daily_use, _ = self.burn(unit, item, own.week)
            days = self.own_days(own)
        if own_is_base:
            status = self.own_status(own)
        elif own is not None and own.days_out > 0:
            status = "stockout"
        elif not in_ratio:
            status = "unknown"
        elif durable:
            status = self.count_level(in_stock, in_need)
        elif in_stock == 0:
            status = "stockout"
        else:
            status = self.days_level(item, days)
        children = dict.fromkeys(CHILD_STATUSES, 0)
        for below in self.d.below(unit):
            if below in base:
                own_below = self.own_status(base[below])
                if own_below in children:
                    children[own_below] += 1
        return Rolled(
            unit=unit,
            item=item,
            on_hand=in_stock + outside_stock if any_held else None,
            daily_use=daily_use,
            days_of_supply=days,
            basis=None if days is None else ("plan" if planned else "use"),
            status=status,
            carried=bool(own_is_base and own.carried),
            age_weeks=own.age if own_is_base and own.carried else 0,
            outside_stock=outside_stock,
            outside_units=outside_units,
            dropped_units=sum(self.dropped(u, item, week, currents) for u in self.d.subtree(unit)),
            own_report=own_is_base,
            children=children,
        )

    def stock_status(self, week: date, unit_code: str | None = None) -> dict[tuple[str, str], Rolled]:
        """Every active unit in the scope × supply item."""
        out = {}
        for item in self.d.supplies:
            base, currents = self.base(item, week), self.currents(item, week)
            for unit in self.d.scope(unit_code):
                out[(unit, item)] = self.rolled(unit, item, week, base, currents)
        return out

    def has_current_below(self, unit: str, item: str, week: date, currents=None) -> bool:
        """A current row anywhere in the unit's subtree (the unit included)."""
        currents = self.currents(item, week) if currents is None else currents
        return any(u in currents for u in self.d.subtree(unit))

    # --- S9, the overview's tiles -----------------------------------------------------------------------
    def tiles(self, unit: str, week: date) -> dict:
        """Units in the subtree (the unit included) whose own row is a base row, each under the worst own
        status of its items; and the least own days of supply over those rows, with its unit and item."""
        worst: dict[str, str] = {}
        least = None
        for item in self.d.supplies:
            base = self.base(item, week)
            for u in self.d.subtree(unit):
                if u not in base:
                    continue
                status = self.own_status(base[u])
                if u not in worst or WORST_FIRST.index(status) < WORST_FIRST.index(worst[u]):
                    worst[u] = status
                days = self.own_days(base[u])
                if days is not None and (least is None or days < least[0]):
                    least = (days, u, item)
        counts = {s: sum(1 for v in worst.values() if v == s) for s in ("stockout", "critical", "low")}
        return {"counts": counts, "least_days": least}
