"""One unit tree and one leaf rule for access, metrics and pages (domain/unit_tree.py)."""

from access.rights import subtree
from domain.unit_tree import build_unit_tree, subtree_codes
from metrics import reporting_summary
from metrics.tree import leaf_mask, unit_tree
from tests.metrics_fixtures import publicity_frame, series, stock_frame, units_frame


def _without_active_villages_under_t1():
    rows = units_frame().to_dict("records")
    for row in rows:
        if row["parent_code"] == "T1":  # 李家村 and 王庄村 closed
            row["active"] = False
    return units_frame(rows)


def test_a_town_whose_villages_are_all_inactive_is_a_leaf_everywhere():
    units = _without_active_villages_under_t1()
    tree = build_unit_tree(units)
    assert tree.is_leaf("T1") and not tree.is_leaf("T2")
    table, _ = unit_tree(units)
    leaves = set(table.loc[table["is_leaf"], "code"])
    # Inactive 李家村 and 王庄村 have no children either: leaves of the table, but never expected (inactive).
    expected_leaves = {"T1", "V11", "V12", "V21", "V22", "S21"}
    assert leaves == set(units.loc[leaf_mask(units).to_numpy(), "code"]) == expected_leaves
    # Reporting expects 白塔乡 itself now (R1): expected 张村, 赵村, 东河小学, 白塔乡 (inactive villages are not).
    summary = reporting_summary(
        units, stock_frame(series("V21", "mask_surgical", {6: (1, 1)})), publicity_frame([])
    )
    assert (summary["reported"], summary["expected"]) == (1, 4)
    assert sorted(m["unit_code"] for m in summary["missing"]) == ["S21", "T1", "V22"]


def test_rights_and_picker_walk_the_same_subtree_and_survive_a_parent_loop():
    units = units_frame()
    assert subtree(units, ["T1"]) == subtree_codes(units, ["T1"]) == {"T1", "V11", "V12"}
    assert build_unit_tree(units).subtree("T1") == ["T1", "V11", "V12"]
    looped = units_frame().to_dict("records")
    looped[0]["parent_code"] = "V11"  # 东河区 under 李家村 under 白塔乡 under 东河区
    assert subtree_codes(units_frame(looped), ["C"]) == {"C", "T1", "T2", "V11", "V12", "V21", "V22", "S21"}


def test_a_picker_lists_every_allowed_unit_while_they_fit_in_code_order():
    tree = build_unit_tree(units_frame())
    every = ["C", "S21", "T1", "T2", "V11", "V12", "V21", "V22"]
    assert tree.picker_codes(None, None, 8) == (every, False)
    assert tree.picker_codes("T2", {"V22", "T1", "V11", "nowhere"}, 3) == (["T1", "V11", "V22"], False)


def test_past_the_limit_a_picker_lists_the_sidebar_units_levels_that_fit():
    tree = build_unit_tree(units_frame())
    # From the root: 东河区 and its two towns (3); the five units below would make 8 > 7
    assert tree.picker_codes(None, None, 7) == (["C", "T1", "T2"], True)
    # Under 东河镇, all of it (4 of 8): the units elsewhere are left out
    assert tree.picker_codes("T2", None, 7) == (["T2", "S21", "V21", "V22"], True)
    # The unit and its children always, however small the limit
    assert tree.picker_codes(None, None, 2) == (["C", "T1", "T2"], True)
    assert tree.picker_codes("T1", None, 1) == (["T1", "V11", "V12"], True)
    # Only allowed units are listed: an officer of 东河镇 sees it as the root of their tree
    town = tree.restricted({"T2", "S21", "V21", "V22"})
    assert town.picker_codes(None, {"T2", "S21", "V21", "V22"}, 2) == (["T2", "S21", "V21", "V22"], False)
    assert tree.picker_codes(None, {"T2", "V21", "V22", "V11"}, 2) == (["T2"], True)


def test_a_picker_lists_each_unit_once_under_a_parent_loop():
    looped = units_frame().to_dict("records")
    looped[0]["parent_code"] = "V11"  # 东河区 under 李家村 under 白塔乡 under 东河区: no root left
    tree = build_unit_tree(units_frame(looped))
    assert tree.picker_codes(None, None, 6) == ([], True)
    # 白塔乡 (1), its villages (3), 东河区 under 李家村 (4), 白塔乡 again and 东河镇 (6); the next level is 11
    assert tree.picker_codes("T1", None, 6) == (["T1", "V11", "C", "T2", "V12"], True)
