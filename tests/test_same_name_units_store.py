"""Same-name units through uploads.import_file (issue 9): the unit chosen in the sidebar (`chosen_unit`) settles
白塔乡 after the sheet's 填报单位 and before the officer's own units, on SQLite and PostgreSQL."""

from __future__ import annotations

import loaders
from store import write_transaction
from store.units import save_units
from tests.conftest_loaders import xlsx
from uploads import import_file

UNITS_CSV = "单位编码,单位名称,上级编码,层级\n" + "\n".join(
    [
        "C,东河县,,county",
        "C03,白塔乡,C,town",
        "S,石泉区,,county",
        "S01,白塔乡,S,town",
    ]
)


def _two_baita(engine):
    units, problems = loaders.read_unit_list("units.csv", UNITS_CSV.encode("utf-8-sig"))
    assert [p for p in problems if p.severity == "error"] == []
    with write_transaction(engine) as conn:
        save_units(conn, units)


def _sheet(reporting_line: str) -> bytes:
    return xlsx({"物资": [[reporting_line], ["单位", "医用外科口罩（只）"], ["白塔乡", 120]]})


def _check(engine, reporting_line="物资周报", **options):
    outcome = import_file(engine, "周报_2020年第6周.xlsx", _sheet(reporting_line), dry_run=True, **options)
    chosen = outcome.stock["unit_code"].tolist() if outcome.stock is not None else []
    return chosen, [(p.code, p.message_zh) for p in outcome.problems]


def test_without_a_hint_the_name_is_ambiguous(engine):
    _two_baita(engine)
    chosen, problems = _check(engine)
    assert chosen == []
    assert [code for code, _ in problems] == ["ambiguous_unit"]


def test_the_unit_chosen_in_the_sidebar_settles_it(engine):
    _two_baita(engine)
    chosen, problems = _check(engine, chosen_unit="S")
    assert chosen == ["S01"]
    assert problems == [
        (
            "unit_chosen",
            "「物资」表第3行「单位」：单位“白塔乡”有同名单位（白塔乡 · 东河县 / 白塔乡 · 石泉区），按所选单位取"
            "「白塔乡 · 石泉区」；如不对请写全称",
        )
    ]


def test_the_sheets_reporting_unit_comes_before_the_sidebar(engine):
    _two_baita(engine)
    chosen, problems = _check(engine, "填报单位：东河县", chosen_unit="S")
    assert chosen == ["C03"]
    assert "按填报单位取「白塔乡 · 东河县」" in problems[0][1]


def test_the_sidebar_comes_before_the_officers_own_units(engine):
    _two_baita(engine)
    chosen, problems = _check(engine, allowed_units={"C", "C03"})
    assert chosen == ["C03"]
    assert [code for code, _ in problems] == ["unit_chosen"]
    assert "按本人单位取「白塔乡 · 东河县」" in problems[0][1]
    # The sidebar's 石泉区 goes first; its 白塔乡 is then refused as not the officer's (never silently swapped).
    chosen, problems = _check(engine, chosen_unit="S", allowed_units={"C", "C03"})
    assert chosen == ["S01"]
    assert [code for code, _ in problems] == ["unit_chosen", "unit_not_yours"]
    assert "按所选单位取「白塔乡 · 石泉区」" in problems[0][1]
