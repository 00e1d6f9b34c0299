"""The metrics on the command line, on the demo district: exact JSON keys and the demo's exact figures.

The figures were worked out by hand from the demo's raw weekly rows (demo/district.py, latest week 2020-03-16)
with the rules of domain.md; the arithmetic sits beside each.
"""

from __future__ import annotations

import json

import pytest

import cli
from demo.district import load_demo
from store import ensure_schema, open_engine

STATUS_KEYS = ["unit_code", "unit", "level", "item", "week", "on_hand", "received", "used", "daily_use",
               "days_of_supply", "basis", "status", "runout_date", "reorder_qty", "children_stockout",
               "children_critical", "children_low", "children_unknown", "own_report", "carried", "age_weeks",
               "outside_stock", "outside_units", "dropped_units"]  # fmt: skip
COVERAGE_KEYS = ["unit_code", "unit", "material", "week", "week_quantity", "cumulative", "target",
                 "coverage_pct", "reached_outside", "sub_units_reached", "sub_units_total", "status"]  # fmt: skip
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
    # 2020-03-16 masks (on hand, used, days out): 白塔村 (0, 49, 6), 上坪村 (507, 338, 0), 下坪村 (0, 257, 3)
    # → on hand 0 + 507 + 0 = 507, used 49 + 338 + 257 = 644
    assert (town["on_hand"], town["used"], town["status"], town["basis"], town["week"]) == (
        507.0, 644.0, "critical", "use", "2020-03-16")  # fmt: skip
    # burn, last 2 weeks (2020-03-09 used 241, 310, 448 with no days out):
    # 白塔村 (241 + 49 × 7/(7−6)) ÷ 2 ÷ 7 = 292/7; 上坪村 (310 + 338) ÷ 2 ÷ 7 = 324/7;
    # 下坪村 (448 + 257 × 7/(7−3)) ÷ 2 ÷ 7 = 897.75/14 = 64.125 → 616/7 + 64.125 = 88 + 64.125 = 152.125 a day
    assert town["daily_use"] == pytest.approx(152.125)
    assert town["days_of_supply"] == pytest.approx(3.3328, abs=1e-4)  # 507 ÷ 152.125 = 3.33278…
    # run-out: the week ends 2020-03-22, + floor(3.33) = 3 days; reorder to 14 days: 14 × 152.125 − 507 = 1622.75
    assert (town["runout_date"], town["reorder_qty"]) == ("2020-03-25", pytest.approx(1622.75))
    # Every village reported this week with a burn: nothing beside the ratio, nothing carried, the town's own
    # figures are its villages' (not a report of its own); 白塔村 and 下坪村 are out, 上坪村 low: 507 ÷ (324/7)
    # = 10.95 days (S9).
    assert (town["own_report"], town["carried"], town["outside_units"], town["dropped_units"]) == (
        False, False, 0, 0)  # fmt: skip
    assert (town["children_stockout"], town["children_critical"], town["children_low"]) == (2, 0, 1)
    village = masks["C0301"]  # 0 on hand, 6 days out this week
    assert (village["on_hand"], village["status"], village["days_of_supply"]) == (0.0, "stockout", 0.0)
    thermometer = next(r for r in rows if r["unit_code"] == "C0301" and r["item"] == "thermometer")
    # 白塔村 holds 1 thermometer for its 1 checkpoint (and no class): enough; durable, so no days
    assert (thermometer["days_of_supply"], thermometer["basis"], thermometer["status"]) == (None, None, "ok")


def test_an_earlier_week_is_chosen_with_week(demo_url, capsys):
    rows = run_json(capsys, demo_url, "status", "--unit", "C0301", "--week", "2020-02-05")
    assert {r["week"] for r in rows} == {"2020-02-03"}


def test_coverage_pools_targets_up_the_tree(demo_url, capsys):
    rows = run_json(capsys, demo_url, "coverage", "--unit", "C03")
    assert all(list(r) == COVERAGE_KEYS for r in rows)
    town = {r["material"]: r for r in rows if r["unit_code"] == "C03"}
    # leaflets to date: 白塔村 1376 + 上坪村 877 + 下坪村 841 = 3094; target 1 per household (population // 3):
    # 1333 + 1366 + 1366 = 4065 → 76.1 %, red (< 80)
    assert (town["leaflet"]["cumulative"], town["leaflet"]["target"], town["leaflet"]["status"]) == (
        3094.0, 4065.0, "red")  # fmt: skip
    assert town["leaflet"]["coverage_pct"] == pytest.approx(76.113, abs=1e-3)  # 3094 ÷ 4065 × 100
    # banners: 2 + 2 + 2 hung to date, against 2 per village × 3 = 6: 100 %, green
    assert (town["banner"]["cumulative"], town["banner"]["target"], town["banner"]["status"]) == (
        6.0,
        6.0,
        "green",
    )
    assert (town["banner"]["sub_units_reached"], town["banner"]["sub_units_total"]) == (3.0, 3.0)


def test_reporting_names_the_village_that_stopped(demo_url, capsys):
    # 19 leaves (17 villages, the school, the enterprise); 石门村 stopped after 2020-02-10: 18 ÷ 19 × 100 =
    # 94.736842… % (exact in JSON; the pages cut it to 94 %), 2020-03-16 − 2020-02-10 = 35 days = 5 weeks
    assert run_json(capsys, demo_url, "reporting") == {
        "week": "2020-03-16", "expected": 19, "reported": 18, "rate_pct": pytest.approx(1800 / 19),
        "missing": [{"unit_code": "C0402", "unit": "石门村", "last_report_week": "2020-02-10", "days_since": 35,
                     "weeks_since": 5}],
        # demo/arrivals.py: 上坪村 (Tuesday 15:30) and 新桥社区 (Monday 16:00) came after Monday 12:00, the 16
        # others on Monday 09:30: 16 ÷ 19 × 100 = 84.2105… %
        "on_time": 16, "late": 2, "on_time_rate_pct": pytest.approx(1600 / 19),
    }  # fmt: skip
    assert run_json(capsys, demo_url, "reporting", "--week", "2020-02-03")["missing"] == []


def test_alerts_come_most_urgent_first_as_sentences(demo_url, capsys):
    rows = run_json(capsys, demo_url, "alerts")
    assert all(list(r) == ALERT_KEYS for r in rows)
    # The stock-outs (0 masks, days out 6, 6, 3) by unit code; 白塔乡 masks 507 ÷ 152.125 = 3.3 days; the
    # thermometers held against checkpoints + classes (county: 58 of 64 over the 18 units that reported; the
    # school: 36 classes + 2 checkpoints = 38, holds 32); then the one missing report (a warning).
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
    # 东河社区 is out of masks (0 on hand), burn (354 + 55 × 7/(7−6)) ÷ 2 ÷ 7 = 739/14 = 52.79 a day: it needs
    # 14 × 739/14 = 739 to reach 14 days. Its town's largest surplus above 14 days: 李家村 2971 − 14 × (513 + 458)
    # ÷ 14 = 2000 (王庄村 1693 − 856 = 837, 河口村 1662 − 627 = 1035). 白塔乡's villages have no surplus to give.
    assert (move["item"], move["from_unit"], move["to_unit"], move["quantity"]) == (
        "mask_surgical", "李家村", "东河社区", 739.0)  # fmt: skip
    assert move["to_days_after"] == pytest.approx(14.0)  # 739 ÷ (739/14)
    assert move["from_days_after"] == pytest.approx(32.181, abs=1e-3)  # (2971 − 739) ÷ (971/14) = 31248/971


def test_an_empty_database_and_a_week_without_reports_are_one_sentence_and_exit_1(demo_url, tmp_path, capsys):
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert cli.main(["--db", empty, "status"]) == 1
    assert capsys.readouterr() == (
        "",
        "数据库里还没有任何上报：先导入周报（python cli.py import 周报.xlsx）或载入示例（python cli.py demo）\n",
    )
    assert cli.main(["--db", demo_url, "alerts", "--week", "1999-01-06"]) == 1
    assert capsys.readouterr() == (
        "",
        "1999-01-04 这一周没有任何上报：有数据的周从 2020-01-27 到 2020-03-16（--week 写这一段里的任一日期）\n",
    )
