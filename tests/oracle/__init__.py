"""An independent oracle: the headline figures worked out again from docs/figures.md alone.

Plain Python over records (dicts, dataclasses): no pandas, no numpy, nothing from metrics/, store/ or pages/.
The thresholds and carry/look-back limits are parameters (`Policy`) with the documented defaults.
tests/test_oracle_rules.py checks it against the worked examples of docs/figures.md;
tests/test_oracle_agreement.py checks metrics/ against it on generated districts.

Where docs/figures.md is silent or could be read two ways, the oracle reads it as follows:

S1  The week exactly before gives the opening only through its on_hand; a row there with a blank on_hand
    leaves the opening (and the use) unknown. A blank on_hand leaves the use unknown.
S2  A blank days-out is 0.
S3  The weeks searched are V − L … V (L + 1 weeks, as figures.md now says). A burn from use of 0 (every
    counted week used 0) is a burn from use: no plan fallback; its days stay unknown.
S4  A driver "checkpoints+classes" is the sum of the parts the unit has; unknown only when it has neither.
    For schools and enterprises the mask plan is 1 per person (population) a day (domain.md, "Formulas"),
    a per-level plan (`Policy.plan_by_level`). A catalogue plan rate of 0 means no plan.
S5  A carried row is judged with its own week's figures: its on_hand, its days out, its week's use and the
    burn as of its week. Durable: "on_hand 0 with required > 0 (or days out) → stockout" is read as
    (on_hand 0 and required > 0) or days out > 0, as for consumables and domain.md's "stockout: stock 0 (or
    days out of stock > 0)": days out > 0 → stockout even when on_hand covers the need or required is
    unknown; otherwise required unknown → unknown; on_hand 0 with required 0 → ok.
S6  "Within the K weeks before": the last row is 1 … K weeks old (age ≤ K). Dropped: K < age ≤ L. The last
    row is the latest row of that unit and item, whatever it holds (a row with a blank on_hand too).
    `carried` and `age_weeks` describe the unit's own row when it is a base row (figures.md S6); otherwise
    False and 0.
    `dropped_units` as figures.md now says: dropped units in the subtree, itself included, unless a unit in
    the dropped unit's own subtree has a current row; a dropped town above a dropped village counts too.
S7  Base rows are per item; a row with a blank on_hand is a current row like any other.
S8  A unit whose own row is a base row: status S5, days = own on_hand ÷ own burn, daily use = own burn (0
    included), as figures.md now says; outside_stock / outside_units / basis still as for any unit, over
    its one base row (a burn of 0 puts it outside the ratio: outside_units 1, basis none). "Own days out"
    of any other unit is the days out of its own current row (reported or carried; not a base row).
    outside_stock sums the known on_hand of the rows outside the ratio (a blank adds 0); outside_units
    counts them all. on_hand is unknown when no base row in the subtree has one. daily_use of other units
    is Σburn over the ratio (unknown with no row in it); durable items have no daily_use, days or basis.
S9  The overview's "worst status" orders stockout, critical, low, unknown, ok; the least own days is over
    consumable base rows with a known burn > 0.
P1  A blank quantity adds 0. A unit's reach counts only its own base rows.
P2  A village's banner target is rate × 1, whatever its sub_units says; for other units the driver is the
    catalogue's (sub_units for banners, households for leaflets). A target of 0 is a target, but a
    target(P) of 0 gives no coverage (unknown).
P3  `cumulative` of P is everything reached in its subtree (pooled + reached_outside, like S8's on_hand),
    unknown when nothing in the subtree has a row up to W; the numerator of coverage is the pooled part.
    Status with no coverage: "unknown".
R1  A leaf: no active unit in the unit list names it as parent. Only the units of the chosen
    subtree count; "from the first week it reported": its first row of either kind is on or before W.
R2  A row counts as a report whatever its figures; rate = reported ÷ expected × 100, exact (not rounded).
Alerts: supply alerts use the rolled status, for units with a current row in their subtree; low_coverage is
    red or amber, never over or unknown; missing_report has no item.
"""

from tests.oracle.district import District, Policy, as_day, figure, known
from tests.oracle.publicity import Coverage, Publicity
from tests.oracle.reporting import Reporting, alert_set, reporting
from tests.oracle.supplies import Current, Rolled, Supplies

__all__ = [
    "Coverage",
    "Current",
    "District",
    "Policy",
    "Publicity",
    "Reporting",
    "Rolled",
    "Supplies",
    "alert_set",
    "as_day",
    "figure",
    "known",
    "reporting",
]
