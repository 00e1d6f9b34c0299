"""Two units of one name (白塔乡 under 东河县 and under 石泉区): shown with their parents, and the one under the
sheet's 填报单位 or the officer's own units preferred (issue 9)."""

from __future__ import annotations

import pandas as pd

from loaders import parse_file
from tests.conftest_loaders import ITEMS, make_units, problem_tuples, xlsx


def units(preferred: set[str] | None = None) -> pd.DataFrame:
    frame = make_units()
    extra = frame[frame["code"].isin(["C", "C03"])].copy()
    extra["code"] = ["S", "S01"]
    extra["name"] = ["石泉区", "白塔乡"]
    extra["parent_code"] = [None, "S"]
    twin = frame[frame["code"] == "C03"].assign(code="C06", name="白塔乡")
    frame = pd.concat([frame, extra, twin], ignore_index=True)
    return frame.assign(preferred=frame["code"].isin(preferred)) if preferred else frame


def parse(rows_above: list[list], preferred: set[str] | None = None):
    sheet = [*rows_above, ["单位", "医用外科口罩（只）"], ["白塔乡", 120]]
    return parse_file("周报_2020年第6周.xlsx", xlsx({"物资": sheet}), units(preferred), ITEMS)


def test_same_name_units_are_shown_with_their_parents():
    parsed = parse([["物资周报"]])
    assert problem_tuples(parsed.problems) == [("ambiguous_unit", "error", "物资", 3, "单位", "白塔乡")]
    assert parsed.problems[0].message_zh == (
        "「物资」表第3行「单位」：单位“白塔乡”可能是「白塔乡 · 东河县」或「白塔乡 · 石泉区」（· 后是上级），"
        "请写全称，或在单位名称前写上上级"
    )


def test_the_one_under_the_sheets_reporting_unit_is_taken():
    parsed = parse([["填报单位：石泉区"]])
    assert problem_tuples(parsed.problems) == [("unit_chosen", "warning", "物资", 3, "单位", "白塔乡")]
    assert parsed.problems[0].message_zh == (
        "「物资」表第3行「单位」：单位“白塔乡”有同名单位（白塔乡 · 东河县 / 白塔乡 · 石泉区），按填报单位取"
        "「白塔乡 · 石泉区」；如不对请写全称"
    )
    assert parsed.stock[["unit_code", "on_hand"]].values.tolist() == [["S01", 120.0]]


def test_the_one_among_the_officers_own_units_is_taken():
    parsed = parse([["物资周报"]], preferred={"C", "C01", "C06"})
    assert [p.code for p in parsed.problems] == ["unit_chosen"]
    assert "按本人单位取「白塔乡 · 东河县」" in parsed.problems[0].message_zh
    assert parsed.stock["unit_code"].tolist() == ["C06"]


def test_the_one_under_the_unit_chosen_in_the_sidebar_comes_after_the_sheet_and_before_the_officers_own():
    chosen_in_sidebar = units({"C", "C01", "C06"}).assign(chosen=lambda f: f["code"] == "S")
    for rows_above, code, reason in (
        ([["物资周报"]], "S01", "按所选单位取「白塔乡 · 石泉区」"),
        ([["填报单位：东河县"]], "C06", "按填报单位取「白塔乡 · 东河县」"),
    ):
        sheet = [*rows_above, ["单位", "医用外科口罩（只）"], ["白塔乡", 120]]
        parsed = parse_file("周报_2020年第6周.xlsx", xlsx({"物资": sheet}), chosen_in_sidebar, ITEMS)
        assert [p.code for p in parsed.problems] == ["unit_chosen"]
        assert reason in parsed.problems[0].message_zh
        assert parsed.stock["unit_code"].tolist() == [code]
