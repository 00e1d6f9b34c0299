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
