"""Every generated layout (tests/layout_generator.py) imports with exactly the records written into it."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.problems import ERROR
from loaders import parse_file
from tests.conftest_loaders import ITEMS, make_units, problem_tuples
from tests.layout_generator import (
    DEPTHS,
    FORMATS,
    LAYOUTS,
    NON_DATA,
    NUMBER_STYLES,
    WORDINGS,
    LayoutSpec,
    all_specs,
    build,
)  # fmt: skip

SPECS = all_specs()
UNITS = make_units()


def _records(parsed) -> set[tuple]:
    return {
        (
            r.unit_code,
            r.week.date().isoformat(),
            r.item_code,
            *(_rounded(x) for x in (r.opening, r.on_hand, r.received, r.used)),
        )
        for r in parsed.stock.itertuples()
    }


def _rounded(value: float) -> float:
    return math.nan if math.isnan(value) else round(value, 6)


def _same(found: set[tuple], expected: set[tuple]) -> bool:
    # NaN != NaN in a set of tuples: compare as text, where nan is one word
    return sorted(map(repr, found)) == sorted(
        map(repr, {tuple(_rounded(x) if isinstance(x, float) else x for x in r) for r in expected})
    )


def _check(spec: LayoutSpec, seed: int) -> None:
    generated = build(spec, seed)
    parsed = parse_file(generated.file_name, generated.content, UNITS, ITEMS)
    errors = [p for p in problem_tuples(parsed.problems) if p[1] == ERROR]
    assert errors == [], (spec, generated.file_name)
    assert problem_tuples(parsed.problems) == [], (spec, generated.file_name)
    assert _same(_records(parsed), generated.records), (
        spec,
        sorted(map(repr, _records(parsed))),
        sorted(map(repr, generated.records)),
    )


def test_the_corpus_covers_every_dimension():
    assert len(SPECS) == len(set(SPECS)) == 375
    assert {(s.orientation, s.placement) for s in SPECS} == set(LAYOUTS)
    assert {(s.numbers, s.file_format) for s in SPECS} == {(n, f) for n in NUMBER_STYLES for f in FORMATS}
    assert {s.non_data for s in SPECS} == set(NON_DATA) and {s.depth for s in SPECS} == set(DEPTHS)


@pytest.mark.parametrize(
    "index", range(len(SPECS)), ids=lambda i: f"{i}-{SPECS[i].orientation}-{SPECS[i].placement}"
)
def test_every_generated_layout_gives_exactly_its_records(index):
    _check(SPECS[index], index)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    layout=st.sampled_from(LAYOUTS),
    wording=st.integers(0, len(WORDINGS) - 1),
    depth=st.sampled_from(DEPTHS),
    non_data=st.sampled_from(NON_DATA),
    numbers=st.sampled_from(NUMBER_STYLES),
    file_format=st.sampled_from(FORMATS),
    seed=st.integers(0, 10_000),
)
def test_any_layout_in_the_space_gives_exactly_its_records(
    layout, wording, depth, non_data, numbers, file_format, seed
):
    _check(LayoutSpec(*layout, wording, depth, non_data, numbers, file_format), seed)
