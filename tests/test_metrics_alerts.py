"""alerts: kinds, severities, order and the exact sentences, in Chinese and English."""

import pandas as pd
import pytest

from metrics import alerts, publicity_coverage, records, reporting_summary, stock_status
from tests.metrics_fixtures import items_frame, publicity_frame, series, stock_frame, units_frame

ITEMS = items_frame()
ITEMS = ITEMS[ITEMS["code"] != "banner"].reset_index(drop=True)  # keeps the expected list readable
STOCK = stock_frame(
    series("T1", "mask_surgical", {5: (1050, 1250), 6: (1050, 200)})
    + series("V21", "mask_surgical", {5: (70, 70), 6: (70, 0)})
    + series("V22", "mask_surgical", {5: (70, 5000), 6: (70, 5000)})
    + series("V11", "gloves", {5: (70, 170), 6: (70, 100)})
    + series("S21", "thermometer", {6: (0, 3)})
    + series("V12", "gloves", {3: (0, 50)})
)


def leaflet(unit_code, week, quantity):
    return {"unit_code": unit_code, "week": week, "material_code": "leaflet", "quantity": quantity}


PUBLICITY = publicity_frame(
    [leaflet("V11", 6, 450), leaflet("V12", 3, 800), leaflet("V21", 6, 300), leaflet("V22", 5, 320)]
)


def test_alerts_in_order_with_their_sentences():
    got = [
        (a["kind"], a["severity"], a["unit_code"], a["item"], a["message"])
        for a in records(alerts(units_frame(), ITEMS, STOCK, PUBLICITY))
    ]
    assert got == [
        ("stockout", "critical", "V21", "mask_surgical", "张村 医用外科口罩 已断货（库存 0 只）"),
        (
            "critical",
            "critical",
            "T1",
            "mask_surgical",
            "白塔乡 医用外科口罩 仅够 1.3 天（库存 200 只，日均消耗 150 只）",
        ),
        ("critical", "critical", "C", "thermometer", "东河区 红外测温仪 数量不足（现有 3 个，需 10 个）"),
        ("critical", "critical", "S21", "thermometer", "东河小学 红外测温仪 数量不足（现有 3 个，需 10 个）"),
        ("critical", "critical", "T2", "thermometer", "东河镇 红外测温仪 数量不足（现有 3 个，需 10 个）"),
        ("missing_report", "warning", "V12", None, "王庄村 已 3 周未上报（最后上报：2020年第3周）"),
        # 王庄村's 50 gloves (week 3, carried 3 weeks, one week of use: no burn) sit beside the ratio (S6, S8).
        (
            "low",
            "warning",
            "C",
            "gloves",
            "东河区 手套 仅够 10.0 天（库存 100 副，日均消耗 10 副；另有 50 副在 1 个消耗未知的单位）",
        ),
        (
            "low",
            "warning",
            "T1",
            "gloves",
            "白塔乡 手套 仅够 10.0 天（库存 100 副，日均消耗 10 副；另有 50 副在 1 个消耗未知的单位）",
        ),
        ("low", "warning", "V11", "gloves", "李家村 手套 仅够 10.0 天（库存 100 副，日均消耗 10 副）"),
        ("low_coverage", "warning", "V22", "leaflet", "赵村 宣传单 覆盖率 53%（目标 600 份）"),
        ("low_coverage", "warning", "T2", "leaflet", "东河镇 宣传单 覆盖率 62%（目标 1,000 份）"),
        ("low_coverage", "warning", "V21", "leaflet", "张村 宣传单 覆盖率 75%（目标 400 份）"),
        ("low_coverage", "info", "C", "leaflet", "东河区 宣传单 覆盖率 85%（目标 2,200 份）"),
        (
            "data_quality",
            "info",
            "T1",
            "leaflet",
            "白塔乡 宣传单 覆盖率 104%，超过 100%，请核对目标（目标 1,200 份）",
        ),
        (
            "data_quality",
            "info",
            "V12",
            "leaflet",
            "王庄村 宣传单 覆盖率 114%，超过 100%，请核对目标（目标 700 份）",
        ),
    ]


def test_alert_values_thresholds_and_week():
    first = records(alerts(units_frame(), ITEMS, STOCK, PUBLICITY))[:2]
    assert [(a["week"], a["value"], a["threshold"]) for a in first] == [
        ("2020-02-03", 0.0, 0.0),
        ("2020-02-03", pytest.approx(200 / 150), 7.0),
    ]


def test_english_sentences():
    got = alerts(units_frame(), ITEMS, STOCK, PUBLICITY, lang="en")["message"].tolist()
    assert got[:3] == [
        "张村 Surgical mask: out of stock (stock 0 pcs)",
        "白塔乡 Surgical mask: only 1.3 days left (stock 200 pcs, daily use 150 pcs)",
        "东河区 Infrared thermometer: not enough (has 3 pcs, needs 10 pcs)",
    ]
    assert got[5] == "王庄村: no report for 3 week(s) (last report: 2020-W03)"
    assert got[10] == "东河镇 Leaflets coverage 62% (target 1,000 copies)"


def test_subtree_keeps_its_own_alerts():
    got = alerts(units_frame(), ITEMS, STOCK, PUBLICITY, unit_code="T2")
    assert set(got["unit_code"]) == {"T2", "V21", "V22", "S21"}


def test_plan_basis_and_large_numbers_in_words():
    rows = series("V22", "mask_surgical", {6: (0, 200_000)})
    units = units_frame()
    units.loc[units["code"] == "V22", "staff"] = 5000  # 20,000 masks a day planned
    got = alerts(units, ITEMS, stock_frame(rows), publicity_frame([]), unit_code="V22")
    got = got[got["item"] == "mask_surgical"]
    assert got["kind"].tolist() == ["low"]
    assert got["message"].tolist() == [
        "赵村 医用外科口罩 仅够 10.0 天（库存 20万 只，日均计划需求 20,000 只）"
    ]


def test_days_out_stockout_sentence():
    rows = series("V11", "gloves", {5: (70, 700)}) + series("V11", "gloves", {6: (35, 500)}, days_out=3)
    got = alerts(units_frame(), ITEMS, stock_frame(rows), publicity_frame([]), unit_code="V11")
    assert got.loc[got["item"] == "gloves", "message"].tolist() == [
        "李家村 手套 本周断货 3 天（库存 500 副）"
    ]


def gloves(weeks, **extra):
    return series("V11", "gloves", weeks, **extra)


@pytest.mark.parametrize(
    ("rows", "messages"),
    [
        (gloves({6: (10, -5)}), ["李家村 手套 库存为负数（-5 副），请核对"]),
        (gloves({6: (10, 100)}, days_out=9), ["李家村 手套 断货天数 9 天，超过一周 7 天，请核对"]),
        (
            gloves({5: (10, 100)}) + gloves({6: (500, 0)}, received=100),
            ["李家村 手套 消耗 500 副，超过期初 100 副 加入库 100 副，请核对"],
        ),
        (
            gloves({5: (10, 100)}) + [{"unit_code": "V11", "item_code": "gloves", "week": 6, "on_hand": 500}],
            ["李家村 手套 库存由 100 副 增至 500 副，但本周入库仅 0 副，请核对"],
        ),
        (
            gloves(
                {2: (100, 9000), 3: (100, 9000), 4: (100, 9000), 5: (100, 9000), 6: (400, 9000)}, received=100
            ),
            ["李家村 手套 本周消耗 400 副，是近期中位数 100 副 的 4.0 倍，请核对"],
        ),
        (gloves({5: (100, 9000), 6: (300, 9000)}, received=100), []),  # 3× is not more than 3×
        (
            series("V11", "mask_surgical", {6: (70, 500)})
            + series("V12", "mask_surgical", {6: (700, 1100)})
            + series("T1", "mask_surgical", {6: (770, 1500)}),
            ["白塔乡 医用外科口罩 上报库存 1,500 只 与下级合计 1,600 只 不符，请核对"],
        ),
    ],
    ids=["negative", "days_out", "overuse", "stock_jump", "use_spike", "no_spike", "total_mismatch"],
)
def test_data_quality_checks(rows, messages):
    got = alerts(units_frame(), ITEMS, stock_frame(rows), publicity_frame([]))
    assert got.loc[got["kind"] == "data_quality", "message"].tolist() == messages


def test_no_data_gives_no_alerts():
    got = alerts(units_frame(), ITEMS, stock_frame([]), publicity_frame([]))
    assert got.empty and list(got.columns) == [
        "kind",
        "severity",
        "unit_code",
        "unit",
        "item",
        "week",
        "value",
        "threshold",
        "message",
    ]


REUSE_CASES = {
    "all": ({}, STOCK, PUBLICITY),
    "subtree": ({"unit_code": "T2"}, STOCK, PUBLICITY),
    "english": ({"lang": "en"}, STOCK, PUBLICITY),
    "days_out": (
        {"unit_code": "V11"},
        stock_frame(gloves({5: (70, 700)}) + gloves({6: (35, 500)}, days_out=3)),
        publicity_frame([]),
    ),
    "total_mismatch": (
        {},
        stock_frame(
            series("V11", "mask_surgical", {6: (70, 500)})
            + series("V12", "mask_surgical", {6: (700, 1100)})
            + series("T1", "mask_surgical", {6: (770, 1500)})
        ),
        publicity_frame([]),
    ),
    "no_data": ({}, stock_frame([]), publicity_frame([])),
}


@pytest.mark.parametrize("case", list(REUSE_CASES))
def test_alerts_reusing_precomputed_frames_are_the_same(case):
    """A page that already has status, coverage and reporting passes them in: the alerts must not change."""
    options, stock, publicity = REUSE_CASES[case]
    scope = {k: v for k, v in options.items() if k == "unit_code"}
    units = units_frame()
    expected = alerts(units, ITEMS, stock, publicity, **options)
    status = stock_status(units, ITEMS, stock, **scope)
    coverage = publicity_coverage(units, ITEMS, publicity, **scope)
    reporting = reporting_summary(units, stock, publicity, **scope)
    for given in [
        {"status": status},
        {"coverage": coverage},
        {"reporting": reporting},
        {"status": status, "coverage": coverage, "reporting": reporting},
    ]:
        got = alerts(units, ITEMS, stock, publicity, **options, **given)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
