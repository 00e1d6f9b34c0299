"""deadline, timeliness, zero-report: the weekly loop of an office (issue 13), on the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime

import pandas as pd

from commands.output import print_json
from commands.session import cli_actor, engine_for
from domain.deadlines import WEEKDAYS, BadDeadline, parse_deadline
from domain.errors import UnknownUnit
from domain.levels import level_code
from domain.weeks import week_label
from metrics.labels import label
from metrics.reporting import expected_units
from metrics.timeliness import lateness_text, timeliness_summary, unit_history, week_timeliness
from store import read_model, write_transaction
from store.arrivals import report_arrivals
from store.deadlines import load_deadlines, remove_deadline, save_deadline

WEEKDAY_NAMES = {1: "周一", 2: "周二", 3: "周三", 4: "周四", 5: "周五", 6: "周六", 7: "周日"}
WEEKDAY_NAMES_EN = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}


def register(commands: argparse._SubParsersAction) -> None:
    deadline = commands.add_parser("deadline", help="上报截止时间（报告周的下一周某天某时）")
    deadline_commands = deadline.add_subparsers(dest="deadline_command", required=True)
    show = deadline_commands.add_parser("show", help="显示截止时间")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_deadline_show)
    set_ = deadline_commands.add_parser("set", help="设置截止时间（不写 --level 为默认）")
    set_.add_argument("--weekday", type=int, required=True, help="下一周的星期几：1=周一 … 7=周日")
    set_.add_argument("--time", required=True, help="时刻 HH:MM，如 12:00")
    set_.add_argument("--level", help="只对该层级（village / town / school …）")
    set_.set_defaults(run=run_deadline_set)
    clear = deadline_commands.add_parser("clear", help="删除某层级自己的截止时间（改用默认）")
    clear.add_argument("--level", required=True)
    clear.set_defaults(run=run_deadline_clear)

    timeliness = commands.add_parser("timeliness", help="某单位各周按时/迟报/未报")
    timeliness.add_argument("--unit", required=True, help="单位编码")
    timeliness.add_argument("--json", action="store_true")
    timeliness.set_defaults(run=run_timeliness)
    register_zero_report(commands)


def deadline_text(weekday: int, time_text: str, lang: str) -> str:
    if lang == "en":
        return f"{WEEKDAY_NAMES_EN[weekday]} {time_text} of the next week"
    return f"下一周{WEEKDAY_NAMES[weekday]} {time_text}"


def run_deadline_show(args: argparse.Namespace) -> int:
    policy = load_deadlines(engine_for(args))
    rows = [("", policy.default)] + list(policy.by_level)
    if args.json:
        print_json([{"level": level or None, "weekday": d.weekday, "time": d.time_text} for level, d in rows])
        return 0
    for level, deadline in rows:
        name = level or ("default" if args.lang == "en" else "默认")
        print(f"{name}：{deadline_text(deadline.weekday, deadline.time_text, args.lang)}")
    return 0


def run_deadline_set(args: argparse.Namespace) -> int:
    try:
        deadline = parse_deadline(args.weekday, args.time)
    except BadDeadline as error:
        print(f"截止时间无效：{error}", file=sys.stderr)
        return 1
    level = None
    if args.level:
        level = level_code(args.level)
        if level is None:
            print(f"不认识的层级：{args.level}", file=sys.stderr)
            return 1
    with write_transaction(engine_for(args)) as conn:
        save_deadline(conn, deadline, level=level, actor=cli_actor())
    who = level or "默认"
    print(f"已设置截止时间（{who}）：{deadline_text(deadline.weekday, deadline.time_text, 'zh')}")
    return 0


def run_deadline_clear(args: argparse.Namespace) -> int:
    level = level_code(args.level) or args.level
    with write_transaction(engine_for(args)) as conn:
        removed = remove_deadline(conn, level, actor=cli_actor())
    print(f"已删除 {level} 的截止时间，改用默认" if removed else f"{level} 没有自己的截止时间")
    return 0


def week_timeliness_of(engine, data: dict, unit_code: str | None, *, now: datetime) -> pd.DataFrame:
    """The timeliness of every expected unit in the chosen week (the inputs of metric_commands._inputs)."""
    expected = expected_units(
        data["units"], data["report_weeks"], data["publicity"], week=data["week"], unit_code=unit_code
    )
    arrivals = report_arrivals(
        engine, weeks=[date.fromisoformat(data["week"])], unit_codes=list(expected["code"])
    )
    return week_timeliness(expected, arrivals, load_deadlines(engine), week=data["week"], now=now)


def timeliness_fields(table: pd.DataFrame) -> dict:
    """The fields `cli.py reporting` adds to its JSON: on_time, late, on_time_rate_pct."""
    summary = timeliness_summary(table)
    return {key: summary[key] for key in ("on_time", "late", "on_time_rate_pct")}


def run_timeliness(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    frames = read_model.load_frames(engine)
    if args.unit not in set(frames.units["code"]):
        raise UnknownUnit(args.unit)
    history = unit_history(
        frames.units,
        report_arrivals(engine, unit_codes=[args.unit]),
        load_deadlines(engine),
        unit_code=args.unit,
        weeks=frames.weeks,
        now=datetime.now(),
    )
    rows = [
        {
            "week": row.week,
            "status": row.status,
            "due": _moment(row.due),
            "arrived_at": _moment(row.arrived_at),
            "late_hours": None if pd.isna(row.late_hours) else float(row.late_hours),
        }
        for row in history.itertuples()
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        words = label(f"timely.{row['status']}", args.lang)
        if row["late_hours"] is not None:
            words += f" {lateness_text(row['late_hours'], args.lang)}"
        week = week_label(date.fromisoformat(row["week"]), args.lang)
        if args.lang == "en":
            arrived = f", arrived {row['arrived_at']}" if row["arrived_at"] else ""
            print(f"{week}  {words} (due {row['due']}{arrived})")
        else:
            arrived = f"，收到 {row['arrived_at']}" if row["arrived_at"] else ""
            print(f"{week}  {words}（截止 {row['due']}{arrived}）")
    return 0


def _moment(value) -> str | None:
    """A deadline or arrival to the second, as text: JSON's dates keep only the day."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")


__all__ = ["WEEKDAYS", "timeliness_fields", "week_timeliness_of"]


def run_prefilled(args: argparse.Namespace, engine) -> int:
    """`template OUT --unit CODE [--week DATE]`: the sheet with last week's closing stock already in it."""
    from pathlib import Path

    from exports.prefilled import prefilled_for

    week = args.week or _week_after_latest(engine)
    _, content = prefilled_for(engine, args.unit, week)
    Path(args.out).write_bytes(content)
    monday = week - pd.Timedelta(days=week.weekday())
    print(f"预填模板已生成：{args.out}（{week_label(monday, 'zh')}）")
    return 0


def _week_after_latest(engine) -> date:
    from datetime import timedelta

    from store.reports import report_weeks

    weeks = report_weeks(engine)
    return max(weeks) + timedelta(weeks=1) if weeks else date.today()


def register_zero_report(commands: argparse._SubParsersAction) -> None:
    zero = commands.add_parser(
        "zero-report", help="零报告：本周没有变化（库存沿用上周，入库、消耗为 0；宣传为 0）"
    )
    zero.add_argument("--unit", required=True, help="单位编码")
    zero.add_argument("--week", type=date.fromisoformat, required=True, help="周（任一日期）")
    zero.add_argument("--user", default="cli", help="记录为上报人")
    zero.add_argument("--no-stock", action="store_true", help="只报宣传为 0")
    zero.add_argument("--no-publicity", action="store_true", help="只报库存沿用")
    zero.set_defaults(run=run_zero_report)


def run_zero_report(args: argparse.Namespace) -> int:
    from store.zero_reports import ZeroReportRefused, record_zero_report

    try:
        made = record_zero_report(
            engine_for(args),
            args.unit,
            args.week,
            user=args.user,
            stock=not args.no_stock,
            publicity=not args.no_publicity,
        )
    except ZeroReportRefused as refused:
        print(f"未保存零报告：{refused.message(args.lang)}", file=sys.stderr)
        return 1
    print(
        f"已保存零报告（第 {made.upload_id} 次上传）：{made.unit_code} {week_label(made.week, 'zh')}，"
        f"库存 {made.stock_rows} 行、宣传 {made.publicity_rows} 行；可用 undo {made.upload_id} 撤销"
    )
    return 0
