"""A unit list changes only the columns it has (issue 11): a shorter list used to set population and households
to NULL, clear the aliases and re-activate inactive units."""

from __future__ import annotations

import math

from loaders import read_unit_list
from store import write_transaction
from store.units import load_units, save_units, set_unit_active

FULL = (
    "单位编码,单位名称,上级编码,层级,人口,户数,别名\n"
    "C,东河县,,县,52000,18000,\n"
    "C01,东河镇,C,镇,12000,4100,东河、东河街道\n"
    "C0101,李家村,C01,村,1500,520,李家\n"
)
# No 层级, 人口, 户数 or 别名 column; 东河镇 renamed, one new village.
SHORTER = "单位编码,单位名称,上级编码\nC,东河县,\nC01,东河镇人民政府,C\nC0101,李家村,C01\nC0102,王庄村,C01\n"


def import_list(engine, text: str) -> int:
    frame, problems = read_unit_list("units.csv", text.encode("utf-8-sig"))
    assert problems == []
    with write_transaction(engine) as conn:
        return save_units(conn, frame)


def stored(engine) -> dict[str, tuple]:
    frame = load_units(engine)
    return {
        r.code: (
            r.name,
            r.parent_code,
            r.level,
            None if math.isnan(r.population) else r.population,
            None if math.isnan(r.households) else r.households,
            r.aliases,
            r.active,
        )
        for r in frame.itertuples()
    }


def test_the_loader_gives_only_the_columns_the_file_has():
    frame, _ = read_unit_list("units.csv", SHORTER.encode("utf-8-sig"))
    assert list(frame.columns) == ["code", "name", "parent_code"]
    frame, _ = read_unit_list("units.csv", FULL.encode("utf-8-sig"))
    assert list(frame.columns) == [
        "code",
        "name",
        "aliases",
        "parent_code",
        "level",
        "population",
        "households",
    ]


def test_a_shorter_list_keeps_figures_aliases_and_the_inactive_flag(engine):
    assert import_list(engine, FULL) == 3
    with write_transaction(engine) as conn:
        set_unit_active(conn, "C0101", False)
    assert import_list(engine, SHORTER) == 4
    assert stored(engine) == {
        "C": ("东河县", None, "county", 52000.0, 18000.0, [], True),
        "C01": ("东河镇人民政府", "C", "town", 12000.0, 4100.0, ["东河", "东河街道"], True),
        "C0101": ("李家村", "C01", "village", 1500.0, 520.0, ["李家"], False),
        "C0102": ("王庄村", "C01", "village", None, None, [], True),  # new: the defaults
    }


def test_a_column_the_file_has_is_replaced_even_by_a_blank(engine):
    import_list(engine, FULL)
    import_list(engine, "单位编码,单位名称,人口\nC01,东河镇,\nC0101,李家村,1600\n")
    figures = {code: row[3:5] for code, row in stored(engine).items()}
    assert figures == {"C": (52000.0, 18000.0), "C01": (None, 4100.0), "C0101": (1600.0, 520.0)}
