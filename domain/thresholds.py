"""Numbers every threshold comparison and every roll-up shares (docs/figures.md).

TOLERANCE: 9 L ÷ (4.5 L / 7 days) is 14 days, but floating point says 13.999999999999998. Every comparison with
a threshold (days of supply, coverage) allows this much, far below anything a person could read, so a figure
exactly on a threshold gets the level it shows.
CARRY_WEEKS: a unit that misses a week still counts in its parents with its last reported figures for this
many weeks (DHIS2's "last value"), marked as carried with its age (docs/figures.md S6).
"""

from __future__ import annotations

TOLERANCE = 1e-9
CARRY_WEEKS = 4
# Weeks searched for burn-rate data and for the recent-median check; older use says little about today.
LOOKBACK_WEEKS = 8
