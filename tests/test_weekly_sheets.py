"""Less typing (issue 13): the pre-filled sheet imports with no problem and round-trips what the officer types;
the zero report stores carried stock with use 0, counts as a report (on time before the deadline), refuses a
week that has one, and undoes."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

import cli
import metrics
from demo.district import load_demo
from metrics.reporting import expected_units
from metrics.timeliness import week_timeliness
from store import ensure_schema, open_engine, write_transaction
from store.access_audit import load_audit
from store.arrivals import report_arrivals
from store.catalogue import load_items, load_thresholds
from store.deadlines import load_deadlines
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK, load_publicity, load_stock
from store.units import load_units, save_units
from store.uploads import IMPORTED, UploadRecord, list_uploads, record_upload, undo_upload
from store.zero_reports import ZeroReportRefused, record_zero_report


@pytest.fixture
def demo_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    engine.dispose()
    return url


def _cli_json(capsys, *args: str) -> dict | list:
    cli.main([*args, "--json"])
    return json.loads(capsys.readouterr().out)


def test_prefilled_sheet_for_a_town_imports_with_no_problem(demo_url, tmp_path, capsys):
    out = tmp_path / "白塔乡.xlsx"
    assert cli.main(["--db", demo_url, "template", str(out), "--unit", "C03", "--week", "2020-03-25"]) == 0
    capsys.readouterr()
    sheet = openpyxl.load_workbook(out)["物资"]
    assert sheet["A1"].value == "防疫物资周报表（2020年第13周）"
    assert sheet["A2"].value == "填报单位：白塔乡"
    assert [sheet.cell(3, c).value for c in (1, 2)] == ["单位", "医用外科口罩（只）"]
    assert [sheet.cell(4, c).value for c in range(2, 6)] == ["期初库存", "期末库存", "本周入库", "本周消耗"]
    # 白塔乡's three villages, by code; masks on 2020-03-16 (test_cli_metrics): 白塔村 0, 上坪村 507, 下坪村 0
    assert [[sheet.cell(r, c).value for c in range(1, 6)] for r in (5, 6, 7)] == [
        ["白塔村", 0, 0, None, None],
        ["上坪村", 507, 507, None, None],
        ["下坪村", 0, 0, None, None],
    ]
    checked = _cli_json(capsys, "--db", demo_url, "import", str(out), "--dry-run")["files"][0]
    # 3 villages × the 8 supply items they reported (7 consumables and thermometers); publicity left blank
    assert (checked["status"], checked["rows"], checked["problems"]) == ("checked", 24, [])
    assert (checked["weeks"], checked["units"]) == (["2020-03-23"], ["C0301", "C0302", "C0303"])


def test_prefilled_sheet_round_trips_what_the_officer_types(demo_url, tmp_path, capsys):
    out = tmp_path / "上坪村.xlsx"
    assert cli.main(["--db", demo_url, "template", str(out), "--unit", "C0302", "--week", "2020-03-23"]) == 0
    capsys.readouterr()
    book = openpyxl.load_workbook(out)
    sheet = book["物资"]
    assert sheet["A5"].value == "上坪村" and sheet["B5"].value == 507
    sheet["C5"] = 300  # 期末库存 of masks: 507 − 707 used + 500 received
    sheet["D5"] = 500  # 本周入库
    buffer = io.BytesIO()
    book.save(buffer)
    out.write_bytes(buffer.getvalue())
    done = _cli_json(capsys, "--db", demo_url, "import", str(out))["files"][0]
    assert (done["status"], done["problems"]) == ("imported", [])
    engine = open_engine(demo_url)
    rows = load_stock(engine, weeks_from=date(2020, 3, 23), unit_codes=["C0302"]).set_index("item_code")
    masks = rows.loc["mask_surgical"]
    assert (masks["opening"], masks["on_hand"], masks["received"]) == (507.0, 300.0, 500.0)
    assert pd.isna(masks["used"])  # left blank: derived when reading, never stored
    # The untouched items came back as last week's closing: N95 64 → 64
    assert (rows.loc["mask_n95", "opening"], rows.loc["mask_n95", "on_hand"]) == (64.0, 64.0)
    status = _cli_json(capsys, "--db", demo_url, "status", "--unit", "C0302", "--week", "2020-03-23")
    mask_status = next(r for r in status if r["item"] == "mask_surgical")
    assert (mask_status["on_hand"], mask_status["used"]) == (300.0, 707.0)  # 507 + 500 − 300


UNITS = pd.DataFrame(
    [
        {"code": "C", "name": "东河县", "parent_code": None, "level": "county"},
        {"code": "V1", "name": "李家村", "parent_code": "C", "level": "village", "staff": 10.0},
        {"code": "V2", "name": "王庄村", "parent_code": "C", "level": "village", "staff": 10.0},
    ]
)
W11, W12, W13, W14 = date(2020, 3, 9), date(2020, 3, 16), date(2020, 3, 23), date(2020, 3, 30)


def _stock(unit, week, on_hand, received, used) -> dict:
    return {"unit_code": unit, "week": pd.Timestamp(week), "item_code": "mask_surgical", "on_hand": on_hand,
            "received": received, "used": used, "days_out": None, "opening": None}  # fmt: skip


def _store(engine, stock: list[dict], publicity: list[dict] = (), at=datetime(2020, 3, 1)) -> int:
    with write_transaction(engine) as conn:
        upload_id = record_upload(
            conn, UploadRecord("s.xlsx", str(at), "tester", IMPORTED, 1, 0, [], [], []), when=at
        )
        replace_reports(conn, STOCK, pd.DataFrame(stock), upload_id)
        if publicity:
            replace_reports(conn, PUBLICITY, pd.DataFrame(list(publicity)), upload_id)
    return upload_id


@pytest.fixture
def village(engine):
    with write_transaction(engine) as conn:
        save_units(conn, UNITS)
    banner = {"unit_code": "V1", "week": pd.Timestamp(W12), "material_code": "banner", "quantity": 3.0,
              "sub_units_reached": None, "households_reached": None}  # fmt: skip
    _store(engine, [_stock("V1", W11, 1000.0, 0.0, 140.0), _stock("V1", W12, 860.0, 0.0, 140.0)], [banner])
    return engine


def _masks(engine, week: date) -> dict:
    table = metrics.stock_status(
        load_units(engine), load_items(engine), load_stock(engine), week=week.isoformat(),
        unit_code="V1", thresholds=load_thresholds(engine),
    )  # fmt: skip
    return table[(table["unit_code"] == "V1") & (table["item"] == "mask_surgical")].iloc[0].to_dict()


def test_zero_report_carries_stock_with_use_zero(village):
    made = record_zero_report(
        village, "V1", date(2020, 3, 25), user="officer", when=datetime(2020, 3, 30, 11, 0)
    )
    assert (made.week, made.stock_rows, made.publicity_rows) == (W13, 1, 1)
    row = load_stock(village, weeks_from=W13).iloc[0]
    assert (row["on_hand"], row["received"], row["used"]) == (860.0, 0.0, 0.0)
    assert load_publicity(village, weeks_from=W13)[["material_code", "quantity"]].values.tolist() == [
        ["banner", 0.0]
    ]
    # Week 13: burn = (140 + 0) ÷ 14 = 10 a day; 860 ÷ 10 = 86 days
    w13 = _masks(village, W13)
    assert (w13["on_hand"], w13["used"], w13["daily_use"], w13["days_of_supply"]) == (860.0, 0.0, 10.0, 86.0)
    # Week 14 reports 70 used: burn = (0 + 70) ÷ 14 = 5 a day; 790 ÷ 5 = 158 days — the zero week counts as 0
    _store(village, [_stock("V1", W14, 790.0, 0.0, 70.0)], at=datetime(2020, 4, 6, 9, 0))
    w14 = _masks(village, W14)
    assert (w14["daily_use"], w14["days_of_supply"]) == (5.0, 158.0)
    history = list_uploads(village)
    assert history.loc[history["id"] == made.upload_id, ["file_name", "uploaded_by"]].values.tolist() == [
        ["零报告", "officer"]
    ]
    audit = load_audit(village, action="upload").iloc[0]
    assert (audit["target"], audit["detail"]) == (
        f"upload#{made.upload_id}",
        {"file": "零报告", "rows": 2, "units": ["V1"], "weeks": ["2020-03-23"]},
    )


def test_zero_report_is_on_time_before_the_deadline_and_undo_takes_it_back(village):
    made = record_zero_report(village, "V1", W13, user="officer", when=datetime(2020, 3, 30, 11, 0))

    def statuses(now=datetime(2020, 4, 6)):
        units, stock, publicity = load_units(village), load_stock(village), load_publicity(village)
        expected = expected_units(units, stock, publicity, week=W13)
        table = week_timeliness(
            expected, report_arrivals(village), load_deadlines(village), week=W13, now=now
        )
        return dict(zip(table["unit_code"], table["status"], strict=True))

    # Due Monday 2020-03-30 12:00; made at 11:00: on time. 王庄村 never reported: missing.
    assert statuses() == {"V1": "on_time", "V2": "missing"}
    with write_transaction(village) as conn:
        assert undo_upload(conn, made.upload_id) == 2
    assert load_stock(village, weeks_from=W13).empty and load_publicity(village, weeks_from=W13).empty
    assert statuses() == {"V1": "missing", "V2": "missing"}
    assert list_uploads(village).loc[lambda f: f["id"] == made.upload_id, "status"].tolist() == ["undone"]


def test_zero_report_refused_where_a_report_exists(village):
    with pytest.raises(ZeroReportRefused) as refused:
        record_zero_report(village, "V1", W12, user="officer")
    assert refused.value.message() == (
        "李家村 2020年第12周（3月16日—3月22日） 已有上报数据，不能再报零报告；如需更正，请上传更正后的报表或撤销原上传"
    )
    record_zero_report(village, "V1", W13, user="officer")
    with pytest.raises(ZeroReportRefused):
        record_zero_report(village, "V1", W13, user="officer")
    with pytest.raises(ZeroReportRefused) as nothing:
        record_zero_report(village, "V2", W13, user="officer")  # no stock last week, no publicity
    assert nothing.value.message("en") == (
        "王庄村 has no stock last week to carry and no publicity in the last 4 weeks: upload a sheet instead"
    )


def test_zero_report_on_the_command_line(demo_url, capsys):
    assert (
        cli.main(["--db", demo_url, "zero-report", "--unit", "C0101", "--week", "2020-03-23", "--user", "李"])
        == 0
    )
    said = capsys.readouterr().out.strip()
    # 李家村 reported 8 supply items and 4 publicity materials (banner, leaflet, visit, broadcast)
    assert (
        said
        == "已保存零报告（第 2 次上传）：C0101 2020年第13周（3月23日—3月29日），库存 8 行、宣传 4 行；可用 undo 2 撤销"
    )
    assert cli.main(["--db", demo_url, "zero-report", "--unit", "C0101", "--week", "2020-03-23"]) == 1
    assert capsys.readouterr().err.strip() == (
        "未保存零报告：李家村 2020年第13周（3月23日—3月29日） 已有上报数据，不能再报零报告；如需更正，请上传更正后的报表或撤销原上传"
    )
