"""An officer's upload is limited to their own units: import_file(..., allowed_units=writable_units(...))."""

from __future__ import annotations

from access.rights import OFFICER, USER, Principal, writable_units
from store.units import load_units
from tests.access_fixtures import seed_tree
from tests.workbooks import wide_stock_workbook
from uploads import import_file


def test_an_officer_cannot_import_figures_for_another_units_village(engine):
    seed_tree(engine)
    officer = Principal(USER, 1, "li", OFFICER, ("C01",))
    allowed = writable_units(officer, load_units(engine))
    assert allowed == {"C01", "C0101", "C0102"}

    mixed = wide_stock_workbook(
        "东河县（2020年第6周）", [["李家村", 1200, 500, 380], ["山口村", 900, 100, 80]]
    )
    refused = import_file(engine, "mixed.xlsx", mixed, uploaded_by="li", allowed_units=allowed)
    assert refused.status == "rejected"
    assert [(p.code, p.value) for p in refused.problems] == [("unit_not_yours", "山口村")]
    assert refused.problems[0].message_zh == (
        "文件中有「山口村」的数据，您的账号无权上报该单位。请删去这些行，或请该单位自行上报"
    )

    own = wide_stock_workbook("东河县（2020年第6周）", [["李家村", 1200, 500, 380]])
    accepted = import_file(engine, "own.xlsx", own, uploaded_by="li", allowed_units=allowed)
    assert (accepted.status, accepted.units) == ("imported", ["C0101"])
