"""One file in, whole or not at all: the import rules of issue 2, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import math

import openpyxl
import pandas as pd
from sqlalchemy import func, select

import cli
import loaders
from exports.template import write_template
from store import write_transaction
from store.catalogue import load_items
from store.reports import load_publicity, load_stock
from store.tables import stock_history
from store.units import load_units, save_units
from store.uploads import list_uploads
from store.versions import data_version
from tests.conftest import FIXTURES
from tests.workbooks import SAMPLE_UNITS_CSV, wide_stock_workbook
from uploads import import_file

SAMPLE = FIXTURES / "samples" / "东河县_物资宣传周报_2020年第6周.xlsx"


def _with_units(engine):
    units, problems = loaders.read_unit_list("units.csv", SAMPLE_UNITS_CSV.encode("utf-8-sig"))
    assert [p for p in problems if p.severity == "error"] == []
    with write_transaction(engine) as conn:
        save_units(conn, units)
    return engine


def _masks(engine) -> list[list]:
    stock = load_stock(engine)
    masks = stock[stock["item_code"] == "mask_surgical"].sort_values(["week", "unit_code"])
    masks = masks.assign(week=masks["week"].dt.strftime("%Y-%m-%d"))
    return masks[["unit_code", "week", "on_hand", "received", "used"]].values.tolist()


def test_the_sample_workbook_imports_whole(engine):
    _with_units(engine)
    outcome = import_file(engine, SAMPLE.name, SAMPLE.read_bytes(), uploaded_by="王干事")
    assert outcome.status == "imported"
    assert [p.code for p in outcome.problems if p.severity == "error"] == []
    assert outcome.weeks == ["2020-02-03"]
    assert _masks(engine) == [
        ["C01", "2020-02-03", 12000.0, 5000.0, 3800.0],
        ["C02", "2020-02-03", 20400.0, 0.0, 6100.0],
    ]
    stock = load_stock(engine).set_index(["unit_code", "item_code"])
    assert stock.loc[("C01", "disinfectant"), "on_hand"] == 120.0  # 12 箱 of 20 × 500 ml
    assert stock.loc[("C02", "thermometer"), "on_hand"] == 41.0
    publicity = load_publicity(engine).set_index(["unit_code", "material_code"])
    assert publicity.loc[("C01", "leaflet"), "quantity"] == 13000.0
    assert publicity.loc[("C01", "banner"), "sub_units_reached"] == 11.0
    uploads = list_uploads(engine)
    assert uploads[["file_name", "uploaded_by", "status"]].values.tolist() == [
        [SAMPLE.name, "王干事", "imported"]
    ]


def test_the_identical_file_twice_changes_nothing(engine):
    _with_units(engine)
    content = SAMPLE.read_bytes()
    first = import_file(engine, SAMPLE.name, content)
    version = data_version(engine)
    second = import_file(engine, SAMPLE.name, content)
    assert second.status == "imported"
    assert second.upload_id == first.upload_id
    assert [(p.code, p.severity) for p in second.problems if p.code == "already_imported"] == [
        ("already_imported", "warning")
    ]
    assert len(list_uploads(engine)) == 1
    assert data_version(engine) == version


def test_a_dry_run_checks_without_storing(engine):
    _with_units(engine)
    version = data_version(engine)
    outcome = import_file(engine, SAMPLE.name, SAMPLE.read_bytes(), dry_run=True)
    assert (outcome.status, outcome.rows > 0) == ("checked", True)
    assert load_stock(engine).empty
    assert list_uploads(engine).empty
    assert data_version(engine) == version


def test_a_bad_cell_rejects_the_whole_file_and_changes_nothing(engine):
    _with_units(engine)
    import_file(engine, "w6.xlsx", wide_stock_workbook("东河县（2020年第6周）", [["李家村", 1200, 500, 380]]))
    before = (_masks(engine), len(list_uploads(engine)), data_version(engine))
    bad = wide_stock_workbook("东河县（2020年第7周）", [["李家村", 900, 0, 300], ["王庄村", "十二", 0, 5]])
    outcome = import_file(engine, "w7.xlsx", bad)
    assert outcome.status == "rejected"
    errors = [(p.code, p.row, p.value) for p in outcome.problems if p.severity == "error"]
    assert errors == [("not_a_number", 6, "十二")]
    assert (_masks(engine), len(list_uploads(engine)), data_version(engine)) == before


def test_reimport_replaces_the_figures_and_keeps_the_earlier_upload(engine):
    _with_units(engine)
    import_file(engine, "a.xlsx", wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]]))
    import_file(engine, "b.xlsx", wide_stock_workbook("（2020年第6周）", [["李家村", 1100, 500, 480]]))
    assert _masks(engine) == [["C0101", "2020-02-03", 1100.0, 500.0, 480.0]]
    assert list_uploads(engine)["file_name"].tolist() == ["b.xlsx", "a.xlsx"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stock_history)).scalar() == 1


def test_use_is_derived_from_last_weeks_stock_and_a_negative_result_is_refused(engine):
    _with_units(engine)
    import_file(engine, "w6.xlsx", wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]]))
    two_measures = ("期末库存", "本周入库")
    outcome = import_file(
        engine,
        "w7.xlsx",
        wide_stock_workbook("（2020年第7周）", [["李家村", 900, 100]], measures=two_measures),
    )
    assert outcome.status == "imported"
    # Stored as the sheet said (use blank); the use is worked out when reading: 1200 + 100 − 900 = 400.
    assert _masks(engine)[-1][:4] == ["C0101", "2020-02-10", 900.0, 100.0] and math.isnan(
        _masks(engine)[-1][4]
    )
    assert _week_use(engine, "2020-02-10") == 400.0

    rising = wide_stock_workbook("（2020年第8周）", [["李家村", 2000, 0]], measures=two_measures)
    refused = import_file(engine, "w8.xlsx", rising)
    assert refused.status == "rejected"
    assert [(p.code, p.sheet, p.row, p.value) for p in refused.problems] == [
        ("negative_derived_use", "物资", 5, "2000")
    ]
    assert refused.problems[0].message_zh == (
        "w8.xlsx「物资」第5行（C0101，mask_surgical）：未填消耗，按期初 900 + 入库 0 − 期末库存 2000 算得消耗 "
        "-1100，为负数。请核对期末库存或补填本周入库、本周消耗"
    )
    assert len(_masks(engine)) == 2


def _week_use(engine, week: str) -> float:
    from metrics import stock_status

    status = stock_status(load_units(engine), load_items(engine), load_stock(engine), week=week)
    return status.set_index(["unit_code", "item"]).loc[("C0101", "mask_surgical"), "used"]


def test_a_correction_of_last_week_flows_into_this_weeks_derived_use(engine):
    # docs/figures.md S1: week 6 closes at 1,200; week 7 gives only its closing 800 → use 1200 + 0 − 800 = 400.
    # Week 6 corrected to 1,500 closing → week 7's use is 1500 + 0 − 800 = 700, with no re-import of week 7.
    _with_units(engine)
    import_file(engine, "w6.xlsx", wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]]))
    only_stock = ("期末库存",)
    week7 = wide_stock_workbook("（2020年第7周）", [["李家村", 800]], measures=only_stock)
    assert import_file(engine, "w7.xlsx", week7).status == "imported"
    assert _week_use(engine, "2020-02-10") == 400.0
    corrected = wide_stock_workbook("（2020年第6周）", [["李家村", 1500, 500, 380]])
    assert import_file(engine, "w6-corrected.xlsx", corrected).status == "imported"
    assert _week_use(engine, "2020-02-10") == 700.0


def test_nothing_is_derived_when_every_row_gives_its_use():
    from uploads.derive import derive_use

    stock = pd.DataFrame(
        {
            "unit_code": ["C0101", "C0101"],
            "week": pd.to_datetime(["2020-02-03", "2020-02-10"]),
            "item_code": ["mask_surgical", "mask_surgical"],
            "on_hand": [1200.0, 900.0],
            "received": [0.0, 0.0],
            "used": [100.0, 500.0],  # 500 differs from 1200 + 0 - 900: a given use is kept as written
            "days_out": [math.nan, math.nan],
            "opening": [math.nan, math.nan],
            "sheet": ["物资", "物资"],
            "row": [4, 5],
        },
        index=[10, 11],
    )
    derived, problems = derive_use(stock, pd.DataFrame(), "a.xlsx")
    assert problems == []
    pd.testing.assert_frame_equal(derived, stock.reset_index(drop=True))


def test_officer_rights_refuse_a_sheet_naming_another_unit(engine):
    _with_units(engine)
    sheet = wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380], ["湖滨社区", 10, 0, 1]])
    outcome = import_file(engine, "mixed.xlsx", sheet, allowed_units={"C01", "C0101", "C0102"})
    assert outcome.status == "rejected"
    assert [(p.code, p.value) for p in outcome.problems if p.severity == "error"] == [
        ("unit_not_yours", "湖滨社区")
    ]
    assert load_stock(engine).empty


def test_a_filled_in_template_imports_with_zero_problems(engine):
    _with_units(engine)
    content = write_template(load_units(engine), load_items(engine), today=pd.Timestamp("2020-02-05").date())
    book = openpyxl.load_workbook(io.BytesIO(content))
    stock = book["物资"]
    stock["A5"], stock["B5"], stock["C5"], stock["D5"] = "李家村", 1200, 500, 380
    stock["A6"], stock["B6"], stock["C6"], stock["D6"] = "王庄村", 800, 0, 120
    publicity = book["宣传"]
    publicity["A5"], publicity["B5"], publicity["C5"] = "李家村", 4, 700
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = import_file(engine, "模板.xlsx", buffer.getvalue())
    assert (outcome.status, outcome.problems) == ("imported", [])
    assert _masks(engine) == [
        ["C0101", "2020-02-03", 1200.0, 500.0, 380.0],
        ["C0102", "2020-02-03", 800.0, 0.0, 120.0],
    ]
    publicity_rows = load_publicity(engine)
    assert publicity_rows[["unit_code", "material_code", "quantity"]].values.tolist() == [
        ["C0101", "banner", 4.0],
        ["C0101", "leaflet", 700.0],
    ]


def test_cli_import_prints_the_json_contract_and_exits_by_outcome(db_url, tmp_path, capsys):
    units_file = tmp_path / "units.csv"
    units_file.write_text(SAMPLE_UNITS_CSV, encoding="utf-8-sig")
    assert cli.main(["--db", db_url, "units", "import", str(units_file)]) == 0
    capsys.readouterr()
    good = tmp_path / "good.xlsx"
    good.write_bytes(wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(wide_stock_workbook("（2020年第6周）", [["王庄村", -5, 0, 1]]))
    assert cli.main(["--db", db_url, "import", str(good), "--dry-run", "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked == {
        "files": [
            {
                "file": "good.xlsx",
                "status": "checked",
                "rows": 1,
                "weeks": ["2020-02-03"],
                "units": ["C0101"],
                "problems": [],
            }
        ]
    }
    assert cli.main(["--db", db_url, "import", str(good), str(bad), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["status"]) for f in result["files"]] == [
        ("good.xlsx", "imported"),
        ("bad.xlsx", "rejected"),
    ]
    assert [
        (p["code"], p["severity"], p["sheet"], p["row"], p["value"]) for p in result["files"][1]["problems"]
    ] == [("negative_stock", "error", "物资", 5, "-5")]
    assert set(result["files"][1]["problems"][0]) == {
        "code",
        "severity",
        "sheet",
        "row",
        "column",
        "value",
        "message",
    }


def test_on_stored_runs_inside_the_import_transaction(engine):
    _with_units(engine)
    sheet = wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]])
    seen = []

    def record(conn, outcome):
        seen.append((outcome.status, outcome.upload_id, outcome.file))

    stored = import_file(engine, "a.xlsx", sheet, on_stored=record)
    assert seen == [("imported", stored.upload_id, "a.xlsx")]

    def fail(conn, outcome):
        raise RuntimeError("audit log unavailable")

    other = wide_stock_workbook("（2020年第7周）", [["李家村", 900, 0, 300]])
    refused = import_file(engine, "b.xlsx", other, on_stored=fail)
    assert (refused.status, [(p.code, p.value) for p in refused.problems]) == (
        "rejected",
        [("import_failed", "RuntimeError: audit log unavailable")],
    )
    assert _masks(engine) == [["C0101", "2020-02-03", 1200.0, 500.0, 380.0]]  # b.xlsx left nothing behind
    assert list_uploads(engine)["file_name"].tolist() == ["a.xlsx"]
