"""init, demo, units import, template, import, uploads, undo: getting data in and taking it back out."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from commands.output import print_json
from commands.session import engine_for
from domain.problems import has_errors
from store import ensure_schema, open_engine, write_transaction
from store.units import save_units
from store.uploads import list_uploads, undo_upload


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="创建数据库并写入默认物资目录")
    init.add_argument(
        "--compact",
        action="store_true",
        help="把较早建的 SQLite 数据库改写为 16 KiB 页（导入更快；须先停止看板）",
    )
    init.set_defaults(run=run_init)

    demo = commands.add_parser("demo", help="载入示例区县（8周、三级单位）")
    demo.add_argument("--weeks", type=int, default=8)
    demo.add_argument("--clear", action="store_true", help="清除示例数据（只删除示例的单位和数字）")
    demo.set_defaults(run=run_demo)

    units = commands.add_parser("units", help="单位名单")
    units_commands = units.add_subparsers(dest="units_command", required=True)
    units_import = units_commands.add_parser(
        "import", help="导入单位名单（CSV/XLSX：编码、名称、上级编码、层级、人口、户数）"
    )
    units_import.add_argument("file")
    units_import.add_argument("--json", action="store_true")
    units_import.set_defaults(run=run_units_import)

    template = commands.add_parser("template", help="生成填报模板（.xlsx）")
    template.add_argument("out")
    template.add_argument("--unit", help="预填：该单位及其下级，上周期末库存已填入（单位编码）")
    template.add_argument(
        "--week", type=date.fromisoformat, help="预填的周（任一日期），默认最近有数据周的下一周"
    )
    template.set_defaults(run=run_template)

    imports = commands.add_parser("import", help="导入周报表（.xlsx/.xls/.csv）")
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument("--dry-run", action="store_true", help="只检查，不入库")
    imports.add_argument("--week", type=date.fromisoformat, help="报表所属周（任一日期，如 2020-02-03）")
    imports.add_argument("--add-units", action="store_true", help="表中未知单位自动新建")
    imports.add_argument(
        "--add-items", action="store_true", help="表中不在物资目录里的名称新建为物资（按表中的计量单位）"
    )
    imports.add_argument(
        "--skip-invalid",
        action="store_true",
        help="保存没有错误的行，略去有错误的行（逐行列出原因并记入上传记录）",
    )
    imports.add_argument("--json", action="store_true")
    imports.add_argument("--user", default="cli", help="记录为上传人")
    imports.set_defaults(run=run_import)

    uploads = commands.add_parser("uploads", help="上传记录")
    uploads.add_argument("--json", action="store_true")
    uploads.set_defaults(run=run_uploads)

    undo = commands.add_parser("undo", help="撤销一次上传")
    undo.add_argument("upload_id", type=int)
    undo.set_defaults(run=run_undo)


def run_init(args: argparse.Namespace) -> int:
    engine = open_engine(args.db)
    version = ensure_schema(engine)
    print(f"数据库已就绪（结构版本 {version}）：{engine.url.render_as_string(hide_password=True)}")
    return _compact(engine, args.lang) if args.compact else 0


def _compact(engine: Engine, lang: str) -> int:
    from store.compaction import DatabaseInUse, compact_sqlite

    zh = lang == "zh"
    try:
        done = compact_sqlite(engine)
    except DatabaseInUse:
        print(
            "数据库正被其他程序使用（看板或另一个命令），未改动。请先停止看板，再运行本命令"
            if zh
            else "The database is in use by another process (the dashboard or another command); nothing was "
            "changed. Stop the dashboard first, then run this command again",
            file=sys.stderr,
        )
        return 1
    if done is None:
        print("只有 SQLite 数据库需要整理，PostgreSQL 无需此步" if zh else "Only SQLite databases need this")
        return 0
    before, after = done.page_bytes_before // 1024, done.page_bytes_after // 1024
    mb_before, mb_after = done.file_bytes_before / 1e6, done.file_bytes_after / 1e6
    print(
        f"已整理：每页 {before} KiB → {after} KiB，文件 {mb_before:,.1f} MB → {mb_after:,.1f} MB"
        if zh
        else f"Compacted: pages of {before} KiB → {after} KiB, file {mb_before:,.1f} MB → {mb_after:,.1f} MB"
    )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from demo.district import RealDataPresent, clear_demo, load_demo

    if args.clear:
        clear_demo(engine_for(args))
        print("示例数据已清除，真实数据未受影响")
        return 0
    try:
        summary = load_demo(engine_for(args), weeks=args.weeks)
    except RealDataPresent as refused:
        print(f"未载入示例数据：{refused}", file=sys.stderr)
        return 1
    print(f"示例数据已载入：{summary['units']} 个单位，{summary['weeks']} 周，{summary['rows']} 行")
    return 0


def run_units_import(args: argparse.Namespace) -> int:
    from store.parse_limits import load_parse_limits
    from uploads.parse_worker import read_unit_list_in_worker

    path = Path(args.file)
    engine = engine_for(args)
    frame, problems = read_unit_list_in_worker(path.name, path.read_bytes(), load_parse_limits(engine))
    if not has_errors(problems):
        with write_transaction(engine) as conn:
            saved = save_units(conn, frame)
    else:
        saved = 0
    if args.json:
        print_json({"file": path.name, "units": saved, "problems": [p.as_json(args.lang) for p in problems]})
    else:
        for problem in problems:
            print(f"[{problem.severity}] {problem.message(args.lang)}", file=sys.stderr)
        print(f"导入单位 {saved} 个" if saved else "单位名单有错误，未导入任何单位")
    return 1 if has_errors(problems) else 0


def run_template(args: argparse.Namespace) -> int:
    from exports.template import write_template
    from store.catalogue import load_items
    from store.units import load_units

    engine = engine_for(args)
    if args.unit is not None:
        from commands.weekly_commands import run_prefilled

        return run_prefilled(args, engine)
    Path(args.out).write_bytes(write_template(load_units(engine), load_items(engine)))
    print(f"模板已生成：{args.out}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import each file in turn; whatever stops the run (even Ctrl-C), the files already stored are reported."""
    from uploads import FileOutcome, import_file
    from uploads.answer_messages import file_not_found

    engine = engine_for(args)
    outcomes = []
    try:
        for name in args.files:
            path = Path(name)
            if not path.is_file():
                outcome = FileOutcome(file=name, status="rejected", problems=[file_not_found(name)])
            else:
                outcome = import_file(
                    engine,
                    path.name,
                    path.read_bytes(),
                    week=args.week,
                    add_units=args.add_units,
                    dry_run=args.dry_run,
                    uploaded_by=args.user,
                    add_items=args.add_items,
                    skip_invalid=args.skip_invalid,
                )
            outcomes.append(outcome)
            if not args.json:
                _print_outcome(outcome, args.lang)
    finally:
        if args.json:
            print_json({"files": [o.as_json(args.lang) for o in outcomes]})
    return 1 if any(o.status == "rejected" for o in outcomes) else 0


def _print_outcome(outcome, lang: str) -> None:
    words = {"imported": "已导入", "rejected": "未导入（有错误）", "checked": "检查通过（未入库）"}
    print(
        f"{outcome.file}：{words.get(outcome.status, outcome.status)}，{outcome.rows} 行，周：{'、'.join(outcome.weeks)}"
    )
    for problem in outcome.problems:
        label = "错误" if problem.severity == "error" else "提示"
        print(f"  [{label}] {problem.message(lang)}")


def run_uploads(args: argparse.Namespace) -> int:
    frame = list_uploads(engine_for(args))
    if args.json:
        print_json(frame.drop(columns=["problems"]).to_dict("records"))
    else:
        for row in frame.itertuples():
            print(
                f"#{row.id} {row.uploaded_at:%Y-%m-%d %H:%M} {row.uploaded_by} {row.file_name} {row.status} "
                f"{row.stock_rows + row.publicity_rows} 行"
            )
    return 0


def run_undo(args: argparse.Namespace) -> int:
    try:
        with write_transaction(engine_for(args)) as conn:
            removed = undo_upload(conn, args.upload_id)
    except ValueError as error:
        print(f"无法撤销：{error}", file=sys.stderr)
        return 1
    print(f"已撤销第 {args.upload_id} 次上传，移除 {removed} 行，被替换的数据已恢复")
    return 0
