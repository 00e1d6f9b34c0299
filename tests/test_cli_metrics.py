"""The metrics on the command line, on the demo district: exact JSON keys and the demo's exact figures."""

from __future__ import annotations

import json

import pytest

import cli
from demo.district import load_demo
from store import ensure_schema, open_engine

STATUS_KEYS = ["unit_code", "unit", "level", "item", "week", "on_hand", "received", "used", "daily_use",
               "days_of_supply", "basis", "status", "runout_date", "reorder_qty"]  # fmt: skip
COVERAGE_KEYS = ["unit_code", "unit", "material", "week", "week_quantity", "cumulative", "target",
                 "coverage_pct", "sub_units_reached", "sub_units_total", "status"]  # fmt: skip
ALERT_KEYS = ["kind", "severity", "unit_code", "unit", "item", "week", "value", "threshold", "message"]
TRANSFER_KEYS = ["item", "from_unit", "to_unit", "quantity", "from_days_after", "to_days_after"]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    engine = open_engine(url)
    ensure_schema(engine)
    load_demo(engine)
    engine.dispose()
    return url


def run_json(capsys, url: str, *args: str):
    assert cli.main(["--db", url, *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_status_rolls_up_the_town_about_to_run_out(demo_url, capsys):
    rows = run_json(capsys, demo_url, "status", "--unit", "C03")
    assert len(rows) == 4 * 8  # 白塔乡 and its 3 villages × 8 supply items
    assert all(list(r) == STATUS_KEYS for r in rows)
    masks = {r["unit_code"]: r for r in rows if r["item"] == "mask_surgical"}
    town = masks["C03"]
    assert (town["on_hand"], town["used"], town["status"], town["basis"], town["week"]) == (
        507.0, 644.0, "critical", "use", "2020-03-16")  # fmt: skip
    assert town["daily_use"] == pytest.approx(152.125)
    assert town["days_of_supply"] == pytest.approx(507 / 152.125)
    assert (town["runout_date"], town["reorder_qty"]) == ("2020-03-25", pytest.approx(14 * 152.125 - 507))
    village = masks["C0301"]
    assert (village["on_hand"], village["status"], village["days_of_supply"]) == (0.0, "stockout", 0.0)
    thermometer = next(r for r in rows if r["unit_code"] == "C0301" and r["item"] == "thermometer")
    assert (thermometer["days_of_supply"], thermometer["basis"], thermometer["status"]) == (None, None, "ok")


def test_an_earlier_week_is_chosen_with_week(demo_url, capsys):
    rows = run_json(capsys, demo_url, "status", "--unit", "C0301", "--week", "2020-02-05")
    assert {r["week"] for r in rows} == {"2020-02-03"}


def test_coverage_pools_targets_up_the_tree(demo_url, capsys):
    rows = run_json(capsys, demo_url, "coverage", "--unit", "C03")
    assert all(list(r) == COVERAGE_KEYS for r in rows)
    town = {r["material"]: r for r in rows if r["unit_code"] == "C03"}
    assert (town["leaflet"]["cumulative"], town["leaflet"]["target"], town["leaflet"]["status"]) == (
        3094.0, 4065.0, "red")  # fmt: skip
    assert town["leaflet"]["coverage_pct"] == pytest.approx(3094 / 4065 * 100)
    assert (town["banner"]["cumulative"], town["banner"]["target"], town["banner"]["status"]) == (
        6.0,
        6.0,
        "green",
    )
    assert (town["banner"]["sub_units_reached"], town["banner"]["sub_units_total"]) == (3.0, 3.0)


def test_reporting_names_the_village_that_stopped(demo_url, capsys):
    assert run_json(capsys, demo_url, "reporting") == {
        "week": "2020-03-16", "expected": 19, "reported": 18, "rate_pct": 94.7,
        "missing": [{"unit_code": "C0402", "unit": "石门村", "last_report_week": "2020-02-10", "days_since": 35,
                     "weeks_since": 5}],
    }  # fmt: skip
    assert run_json(capsys, demo_url, "reporting", "--week", "2020-02-03")["missing"] == []


def test_alerts_come_most_urgent_first_as_sentences(demo_url, capsys):
    rows = run_json(capsys, demo_url, "alerts")
    assert all(list(r) == ALERT_KEYS for r in rows)
    assert [r["message"] for r in rows[:7]] == [
        "东河社区 医用外科口罩 已断货（库存 0 只）",
        "白塔村 医用外科口罩 已断货（库存 0 只）",
        "下坪村 医用外科口罩 已断货（库存 0 只）",
        "白塔乡 医用外科口罩 仅够 3.3 天（库存 507 只，日均消耗 152 只）",
        "东河县 红外测温仪 数量不足（现有 58 个，需 64 个）",
        "东河县第一中学 红外测温仪 数量不足（现有 32 个，需 38 个）",
        "石门村 已 5 周未上报（最后上报：2020年第7周）",
    ]
    assert [r["severity"] for r in rows[:7]] == ["critical"] * 6 + ["warning"]
    english = json.loads(_english(capsys, demo_url))
    assert english[3]["message"].startswith("白塔乡")


def _english(capsys, url: str) -> str:
    assert cli.main(["--db", url, "--lang", "en", "alerts", "--json"]) == 0
    return capsys.readouterr().out


def test_transfers_move_surplus_to_the_village_that_ran_out(demo_url, capsys):
    rows = run_json(capsys, demo_url, "transfers")
    assert [list(r) for r in rows] == [TRANSFER_KEYS]
    move = rows[0]
    assert (move["item"], move["from_unit"], move["to_unit"], move["quantity"]) == (
        "mask_surgical", "李家村", "东河社区", 739.0)  # fmt: skip
    assert move["to_days_after"] == pytest.approx(14.0)
    assert move["from_days_after"] >= 14.0
