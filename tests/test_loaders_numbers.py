import math

import pytest

from loaders.numbers import NumberReader, read_written
from loaders.packs import base_factor, header_unit, packs_from_spec


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        (1200.0, 1200.0, ""),
        (12, 12.0, ""),
        ("1,200", 1200.0, ""),
        ("1，200", 1200.0, ""),
        ("1.2万", 12000.0, ""),
        ("5万只", 50000.0, "只"),
        ("3.4万只", 34000.0, "只"),
        ("198件", 198.0, "件"),
        ("约300", 300.0, ""),
        ("300余", 300.0, ""),
        ("300多只", 300.0, "只"),
        ("１２００", 1200.0, ""),
        ("１，２００", 1200.0, ""),
        (" 12 ", 12.0, ""),
        ("—", 0.0, ""),
        ("-", 0.0, ""),
        ("/", 0.0, ""),
        ("无", 0.0, ""),
        ("12盒", 12.0, "盒"),
        ("500ml", 500.0, "ml"),
        ("-5", -5.0, ""),
    ],
)
def test_numbers_as_written(written, value, unit):
    read = read_written(written)
    assert (read.value, read.unit, read.bad) == (value, unit, False)


@pytest.mark.parametrize("written", ["", None, "\u200b", "\xa0", "\u3000", " \xa0\u200b "])
def test_blank_is_not_reported_never_zero(written):
    read = read_written(written)
    assert math.isnan(read.value) and not read.bad


@pytest.mark.parametrize("written", ["十二", "abc", "12 abc 3", "3-4", True])
def test_text_where_a_number_goes_is_bad(written):
    assert read_written(written).bad


def test_reader_column_fast_path_and_mixed():
    reader = NumberReader()
    values, units, bad = reader.column((1.0, 2.0, 3.0))
    assert list(values) == [1.0, 2.0, 3.0] and units is None and bad == []
    values, units, bad = reader.column((1.0, "1.2万", "", "十二", "12盒"))
    assert values[:2] == [1.0, 12000.0] and math.isnan(values[2]) and math.isnan(values[3])
    assert (values[4], units, bad) == (12.0, ["", "", "", "", "盒"], [3])


@pytest.mark.parametrize(
    ("spec", "base", "item_packs", "packs"),
    [
        ("50只/盒", "只", {"盒": 50}, {"盒": 50.0}),
        ("500ml/瓶", "升", {"瓶": 0.5}, {"瓶": 0.5}),
        ("500ml*30瓶", "升", {}, {"瓶": 0.5, "": 15.0}),
        ("每箱20瓶×500ml", "升", {}, {"瓶": 0.5, "箱": 10.0}),
        ("5L*4瓶/件", "升", {}, {"瓶": 5.0, "件": 20.0}),
        ("24瓶/件", "升", {"瓶": 0.5}, {"瓶": 0.5, "件": 12.0}),
        ("10盒/箱", "只", {"盒": 50}, {"盒": 50, "箱": 500.0}),
        ("2000个/箱", "只", {}, {"箱": 2000.0}),
        ("\u200b", "只", {}, {}),
    ],
)
def test_packs_from_spec(spec, base, item_packs, packs):
    assert packs_from_spec(spec, base, item_packs) == packs


def test_header_unit_and_factor():
    assert header_unit("84消毒液（箱，每箱20瓶×500ml）") == ("84消毒液", "箱", "每箱20瓶×500ml")
    assert header_unit("医用外科口罩(只)") == ("医用外科口罩", "只", "")
    assert header_unit("覆盖村（社区）数") == ("覆盖村(社区)数", "", "")
    assert base_factor("个", "只") == 1.0
    assert base_factor("ml", "升") == 0.001
    assert base_factor("万只", "只") == 10000.0
    assert base_factor("盒", "只", {}, {"盒": 50}) == 50.0
    assert base_factor("件", "只", {"盒": 50}) is None
