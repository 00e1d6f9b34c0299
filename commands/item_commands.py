"""items list | add | alias | pack | ignore: what the office answers once about its catalogue (issue 9)."""

from __future__ import annotations

import argparse

from commands.output import print_json
from commands.session import engine_for
from domain.catalogue import PUBLICITY, SUPPLY
from store import write_transaction
from store.catalogue import load_items
from store.item_answers import add_item, add_synonym, ignore_name, load_ignored_names, set_pack_size


def register(commands: argparse._SubParsersAction) -> None:
    items = commands.add_parser("items", help="物资目录：查看、新增、同义词、包装规格、忽略的名称")
    sub = items.add_subparsers(dest="items_command", required=True)

    listing = sub.add_parser("list", help="列出物资（编码、名称、计量单位、同义词、包装）和忽略的名称")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_list)

    add = sub.add_parser("add", help="新增物资，例如 items add 护目镜 --unit 个")
    add.add_argument("name")
    add.add_argument("--unit", required=True, help="计量单位（基本单位），如 个、副、升")
    add.add_argument(
        "--category", choices=[SUPPLY, PUBLICITY], default=SUPPLY, help="supply 物资 / publicity 宣传品"
    )
    add.add_argument("--code", help="编码（默认由名称生成）")
    add.set_defaults(run=run_add)

    alias = sub.add_parser("alias", help="把表中的名称对应到已有物资，例如 items alias 84消费液 消毒液")
    alias.add_argument("name", help="表中写的名称")
    alias.add_argument("item", help="物资编码或名称")
    alias.set_defaults(run=run_alias)

    pack = sub.add_parser("pack", help="包装规格，例如 items pack 手套 件 100（1件手套=100副）")
    pack.add_argument("item", help="物资编码或名称")
    pack.add_argument("pack", help="包装单位，如 件、箱")
    pack.add_argument("size", type=float, help="一个包装含多少基本单位")
    pack.set_defaults(run=run_pack)

    ignore = sub.add_parser("ignore", help="以后不再统计这个名称（如药品），导入时只提示一次")
    ignore.add_argument("name")
    ignore.add_argument("--user", default="cli")
    ignore.set_defaults(run=run_ignore)


def run_list(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    items = load_items(engine)
    ignored = sorted(load_ignored_names(engine).values())
    if args.json:
        columns = ["code", "name_zh", "name_en", "category", "base_unit", "synonyms", "pack_sizes"]
        print_json({"items": items[columns].to_dict("records"), "ignored": ignored})
        return 0
    for row in items.itertuples(index=False):
        packs = "，".join(f"1{word}={size:g}{row.base_unit}" for word, size in row.pack_sizes.items())
        print(
            f"{row.code}\t{row.name_zh}（{row.base_unit}）\t同义词：{'、'.join(row.synonyms)}\t包装：{packs or '—'}"
        )
    if ignored:
        print(f"忽略的名称：{'、'.join(ignored)}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    with write_transaction(engine_for(args)) as conn:
        code = add_item(conn, args.name, args.unit, args.category, args.code)
    print(f"已新增物资「{args.name}」（编码 {code}，按「{args.unit}」计）")
    return 0


def run_alias(args: argparse.Namespace) -> int:
    with write_transaction(engine_for(args)) as conn:
        code = add_synonym(conn, args.item, args.name)
    print(f"以后“{args.name}”按物资 {code} 读取")
    return 0


def run_pack(args: argparse.Namespace) -> int:
    with write_transaction(engine_for(args)) as conn:
        code = set_pack_size(conn, args.item, args.pack, args.size)
    print(f"已保存：物资 {code} 的 1{args.pack} = {args.size:g} 个基本单位")
    return 0


def run_ignore(args: argparse.Namespace) -> int:
    with write_transaction(engine_for(args)) as conn:
        ignore_name(conn, args.name, args.user)
    print(f"以后不再统计“{args.name}”，导入时只提示一次")
    return 0
