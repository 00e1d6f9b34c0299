"""brief: the meeting brief of one unit and week as PowerPoint, PDF or Excel (or a zip, one per child unit)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from briefs.content import build_brief, resolve
from briefs.formats import FORMATS, children_zip, file_name, named_file, render
from commands.session import engine_for
from store import read_model


def register(commands: argparse._SubParsersAction) -> None:
    brief = commands.add_parser("brief", help="会议简报（PPT、PDF、Excel）")
    brief.add_argument("--unit", help="单位编码，默认最上级单位")
    brief.add_argument("--week", type=date.fromisoformat, help="周（任一日期），默认最近有数据的一周")
    brief.add_argument("--format", choices=FORMATS, default="pptx", help="格式，默认 pptx")
    brief.add_argument("--out", help="输出文件或目录，默认当前目录下按单位和周命名")
    brief.add_argument("--each-child", action="store_true", help="每个下级单位一份，打包为 zip")
    brief.set_defaults(run=run_brief)


def run_brief(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if args.each_child:
        frames = read_model.load_frames(engine)
        tree, unit, week = resolve(frames, args.unit, args.week)
        payload, names = children_zip(engine, unit, week, args.format, lang=args.lang, frames=frames)
        default = named_file(tree.names[unit], unit, week, args.lang, "zip")
    else:
        brief = build_brief(engine, args.unit, args.week, lang=args.lang)
        payload, names = render(brief, args.format), []
        default = file_name(brief, args.format)
    out = Path(args.out) if args.out else Path(default)
    if out.is_dir():
        out = out / default
    out.write_bytes(payload)
    print(out)
    for name in names:
        print(f"  {name}")
    return 0
