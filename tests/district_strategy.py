"""A hypothesis strategy for random districts, as plain records (the oracle's input) and as frames (metrics').

A district: a county, 1–3 towns, 0–3 villages per town, with a fourth level (a checkpoint under a village)
when drawn; schools and enterprises (no household or village target) under a town or the county. Units
report stock, publicity, both or nothing; parents may or may not send their own rows. Weeks go missing at
random, and a unit may fall silent for good, so gaps shorter and longer than K = 4 weeks both occur. Figures
are small integers (blank, zero and days out of stock included) so sums stay exact.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from hypothesis import strategies as st

from domain.catalogue import DEFAULT_ITEMS

FIRST_MONDAY = date(2020, 1, 6)
SUPPLY_CODES = ("mask_surgical", "disinfectant", "thermometer")
MATERIAL_CODES = ("leaflet", "banner")
ITEM_RECORDS = [asdict(i) for i in DEFAULT_ITEMS if i.code in SUPPLY_CODES + MATERIAL_CODES]
UNIT_FIELDS = ["population", "households", "staff", "sub_units", "checkpoints", "classes", "sites"]


@dataclass
class GeneratedDistrict:
    units: list[dict]
    items: list[dict]
    stock: list[dict]
    publicity: list[dict]
    weeks: list[date]
    week: date  # the chosen week
    inner: str  # a random unit below the root with units below it (the root when there is none)

    @property
    def root(self) -> str:
        return self.units[0]["code"]

    def frames(self):
        """(units, items, stock, publicity) as the DataFrames metrics reads (domain/frames.py)."""
        import numpy as np
        import pandas as pd

        from domain.catalogue import catalogue_frame
        from domain.frames import PUBLICITY_COLUMNS, STOCK_COLUMNS, UNIT_COLUMNS

        def nan(v):
            return np.nan if v is None else v

        units = pd.DataFrame(
            [{c: nan(u.get(c)) for c in UNIT_COLUMNS} | {"aliases": []} for u in self.units],
            columns=UNIT_COLUMNS,
        )
        units["parent_code"] = [u["parent_code"] for u in self.units]
        units["parent_code"] = units["parent_code"].astype(object)
        units["active"] = units["active"].astype(bool)
        for c in UNIT_FIELDS:
            units[c] = units[c].astype(float)
        items = catalogue_frame(tuple(i for i in DEFAULT_ITEMS if i.code in SUPPLY_CODES + MATERIAL_CODES))

        def frame(rows, columns):
            out = pd.DataFrame([{c: nan(r.get(c)) for c in columns} for r in rows], columns=columns)
            out["week"] = pd.to_datetime(pd.Series([r["week"] for r in rows], dtype=object)).astype(
                "datetime64[ns]"
            )
            for c in columns[3:]:
                out[c] = out[c].astype(float)
            return out

        return units, items, frame(self.stock, STOCK_COLUMNS), frame(self.publicity, PUBLICITY_COLUMNS)


def maybe(strategy, blank=0.3):
    """A figure or a blank (None)."""
    return st.one_of(st.none(), strategy) if blank else strategy


small = st.integers(min_value=1, max_value=30).map(float)
count = st.integers(min_value=0, max_value=60).map(float)


@st.composite
def unit_record(draw, code, parent, level):
    figures = dict.fromkeys(UNIT_FIELDS)
    if level in ("county", "town", "village"):
        figures["households"] = draw(maybe(st.integers(1, 40).map(float), blank=0.35))
        figures["staff"] = draw(maybe(small, blank=0.5))
        figures["sites"] = draw(maybe(st.integers(1, 6).map(float), blank=0.6))
        figures["checkpoints"] = draw(maybe(st.integers(0, 3).map(float), blank=0.6))
        figures["sub_units"] = draw(maybe(st.integers(1, 5).map(float), blank=0.5))
    elif level in ("school", "enterprise"):
        figures["population"] = draw(maybe(st.integers(1, 50).map(float), blank=0.4))
        figures["staff"] = draw(maybe(small, blank=0.6))
        figures["classes"] = draw(maybe(st.integers(1, 6).map(float), blank=0.5))
        figures["checkpoints"] = draw(maybe(st.integers(0, 2).map(float), blank=0.6))
    else:  # checkpoint
        figures["staff"] = draw(maybe(small, blank=0.3))
        figures["checkpoints"] = draw(maybe(st.just(1.0), blank=0.3))
    return {"code": code, "name": code, "parent_code": parent, "level": level, "active": True, **figures}


@st.composite
def unit_tree(draw):
    units = [draw(unit_record("C", None, "county"))]
    four_levels = draw(st.booleans())
    for t in range(draw(st.integers(1, 3))):
        town = f"T{t + 1}"
        units.append(draw(unit_record(town, "C", "town")))
        for v in range(draw(st.integers(0, 3))):
            village = f"{town}V{v + 1}"
            units.append(draw(unit_record(village, town, "village")))
            if four_levels and draw(st.integers(0, 2)) == 0:
                units.append(draw(unit_record(f"{village}K", village, "checkpoint")))
    for s in range(draw(st.integers(0, 2))):
        parent = draw(st.sampled_from([u["code"] for u in units if u["level"] in ("county", "town")]))
        level = draw(st.sampled_from(["school", "enterprise"]))
        units.append(draw(unit_record(f"S{s + 1}", parent, level)))
    return units


@st.composite
def stock_row(draw, unit, item, week):
    on_hand = draw(st.one_of(st.none(), st.just(0.0), count, count, count))
    used = draw(st.one_of(st.none(), st.none(), st.just(0.0), count, count))
    row = {
        "unit_code": unit,
        "week": week,
        "item_code": item,
        "on_hand": on_hand,
        "received": draw(st.one_of(st.none(), st.just(0.0), count)),
        "used": used,
        "days_out": draw(
            st.one_of(st.none(), st.none(), st.none(), st.just(0.0), st.integers(1, 7).map(float))
        ),
        "opening": draw(st.one_of(st.none(), st.none(), st.none(), count)),
    }
    if item == "thermometer":
        row.update(used=None, opening=None, received=None)
        row["on_hand"] = draw(st.one_of(st.none(), st.integers(0, 6).map(float)))
    return row


@st.composite
def presence(draw, n_weeks):
    """Which weeks a unit sends a row: at random, from a first week, maybe falling silent for good."""
    first = draw(st.integers(0, n_weeks - 1))
    last = draw(st.integers(first, n_weeks - 1)) if draw(st.booleans()) else n_weeks - 1
    gaps = draw(st.sampled_from([0, 1, 2]))  # never, sometimes, often missing a week
    return [first <= i <= last and draw(st.integers(0, 3)) >= gaps for i in range(n_weeks)]


@st.composite
def districts(draw):
    n_weeks = draw(st.integers(6, 10))
    weeks = [FIRST_MONDAY + timedelta(weeks=i) for i in range(n_weeks)]
    units = draw(unit_tree())
    has_children = {u["parent_code"] for u in units}
    stock, publicity = [], []
    for u in units:
        code = u["code"]
        # parents send their own rows less often (with or without their own rows)
        odds = [0.3, 0.35, 0.15, 0.2] if code not in has_children else [0.55, 0.25, 0.1, 0.1]
        role = draw(
            st.sampled_from(
                ["none"] * int(odds[0] * 20)
                + ["stock"] * int(odds[1] * 20)
                + ["publicity"] * int(odds[2] * 20)
                + ["both"] * int(odds[3] * 20)
            )
        )
        if role in ("stock", "both"):
            for item in draw(st.lists(st.sampled_from(SUPPLY_CODES), min_size=1, max_size=3, unique=True)):
                for week, here in zip(weeks, draw(presence(n_weeks)), strict=True):
                    if here:
                        stock.append(draw(stock_row(code, item, week)))
        if role in ("publicity", "both"):
            for material in draw(
                st.lists(st.sampled_from(MATERIAL_CODES), min_size=1, max_size=2, unique=True)
            ):
                for week, here in zip(weeks, draw(presence(n_weeks)), strict=True):
                    if here:
                        quantity = draw(st.one_of(st.just(0.0), count, count, st.none()))
                        publicity.append(
                            {"unit_code": code, "week": week, "material_code": material, "quantity": quantity}
                        )
    # the chosen week: mostly inside the data, sometimes a few weeks after it (everyone silent)
    week = weeks[draw(st.integers(0, n_weeks - 1))]
    if draw(st.integers(0, 9)) == 0:
        week = weeks[-1] + timedelta(weeks=draw(st.integers(1, 6)))
    inner_choices = [u["code"] for u in units[1:] if u["code"] in has_children] or ["C"]
    inner = draw(st.sampled_from(inner_choices))
    return GeneratedDistrict(units, ITEM_RECORDS, stock, publicity, weeks, week, inner)
