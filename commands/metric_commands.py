"""status, coverage, reporting, alerts, transfers: the figures leaders act on, as JSON or readable lines."""

from __future__ import annotations

import argparse
from datetime import date, datetime

import metrics
from commands.output import print_json
from commands.weekly_commands import timeliness_fields, week_timeliness_of
from domain.errors import NoReports, UnknownUnit, UnknownWeek
from metrics.supply_status import STATUS_COLUMNS
from store import ensure_schema, open_engine, read_model


def register(commands: argparse._SubParsersAction) -> None:
    for name, help_text, run in (
        ("status", "各单位物资库存、可用天数与状态", run_status),
        ("coverage", "宣传覆盖率", run_coverage),
        ("reporting", "上报率与未上报单位", run_reporting),
        ("alerts", "预警", run_alerts),
        ("transfers", "调拨建议", run_transfers),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--week", type=date.fromisoformat, help="周（任一日期），默认最近有数据的一周")
        command.add_argument("--unit", help="只看该单位及其下级（单位编码）")
        command.add_argument("--json", action="store_true")
        command.set_defaults(run=run)


def _inputs(args: argparse.Namespace) -> dict:
    """The rows the chosen week's figures need, read as the pages read them (store/read_model.py)."""
    engine = open_engine(args.db)
    ensure_schema(engine)
    frames = read_model.load_frames(engine)
    if args.unit is not None and args.unit not in set(frames.units["code"]):
        raise UnknownUnit(args.unit)
    if not frames.weeks:
        raise NoReports
    week = read_model.chosen_week(frames, args.week)
    if date.fromisoformat(week) not in set(frames.weeks):
        raise UnknownWeek(week, min(frames.weeks).isoformat(), max(frames.weeks).isoformat())
    stock = read_model.stock_for_week(engine, frames, week)
    return {
        "units": frames.units,
        "items": frames.items,
        "stock": stock,
        "publicity": read_model.publicity_for_week(engine, frames, week),
        "report_weeks": read_model.report_weeks_for(engine, frames, stock, week),
        "thresholds": frames.thresholds,
        "week": week,
        "engine": engine,
    }


def run_status(args: argparse.Namespace) -> int:
    data = _inputs(args)
    table = metrics.stock_status(
        data["units"],
        data["items"],
        data["stock"],
        week=data["week"],
        unit_code=args.unit,
        thresholds=data["thresholds"],
    )
    # Every column the pages read, so the command line and the screen show the same figures.
    keys = [c for c in STATUS_COLUMNS if c != "item_name"]
    return _emit(args, metrics.records(table[keys]))


def run_coverage(args: argparse.Namespace) -> int:
    data = _inputs(args)
    table = metrics.publicity_coverage(
        data["units"], data["items"], data["publicity"], week=data["week"], unit_code=args.unit
    )
    keys = [
        "unit_code",
        "unit",
        "material",
        "week",
        "week_quantity",
        "cumulative",
        "target",
        "coverage_pct",
        "reached_outside",
        "sub_units_reached",
        "sub_units_total",
        "status",
    ]
    return _emit(args, metrics.records(table[keys]))


def run_reporting(args: argparse.Namespace) -> int:
    data = _inputs(args)
    summary = metrics.reporting_summary(
        data["units"], data["report_weeks"], data["publicity"], week=data["week"], unit_code=args.unit
    )
    # DHIS2's "reports on time" beside the reporting rate (docs/figures.md R3); the keys above stay as they were.
    table = week_timeliness_of(data["engine"], data, args.unit, now=datetime.now())
    return _emit(args, summary | timeliness_fields(table))


def run_alerts(args: argparse.Namespace) -> int:
    data = _inputs(args)
    table = metrics.alerts(
        data["units"],
        data["items"],
        data["stock"],
        data["publicity"],
        week=data["week"],
        unit_code=args.unit,
        thresholds=data["thresholds"],
        lang=args.lang,
    )
    keys = ["kind", "severity", "unit_code", "unit", "item", "week", "value", "threshold", "message"]
    return _emit(args, metrics.records(table[keys]))


def run_transfers(args: argparse.Namespace) -> int:
    data = _inputs(args)
    table = metrics.transfer_suggestions(
        data["units"],
        data["items"],
        data["stock"],
        week=data["week"],
        unit_code=args.unit,
        thresholds=data["thresholds"],
    )
    keys = ["item", "from_unit", "to_unit", "quantity", "from_days_after", "to_days_after"]
    return _emit(args, metrics.records(table[keys]))


def _emit(args: argparse.Namespace, payload) -> int:
    if args.json:
        print_json(payload)
        return 0
    rows = payload if isinstance(payload, list) else [payload]
    for row in rows:
        if "message" in row:
            print(row["message"])
        else:
            print("  ".join(f"{k}={v}" for k, v in row.items() if k != "missing"))
    return 0
