"""push: group robots (WeCom, DingTalk, Feishu) for cron or the systemd timer in deploy/.

`push targets add|list|remove`, `push send [--week] [--dry-run]` (the weekly summary once its deadline has
passed, and the alerts that are new or worse), `push remind [--week] [--dry-run]` (units that have not
reported, before and after the deadline). Exit 1 when any message still failed after its retries."""

from __future__ import annotations

import argparse
import sys

from commands.output import print_json
from commands.session import cli_actor, engine_for
from push.robots import KIND_NAMES, KINDS
from push.sender import Sender
from push.weekly import Outcome, deliver, parts_for, plan_remind, plan_send, preview_text
from store.pushes import BadTarget, add_target, list_targets, remove_target


def make_sender() -> Sender:
    """The real sender (urllib, real sleeps); tests put one with short backoff in its place."""
    return Sender()


def register(commands: argparse._SubParsersAction) -> None:
    push = commands.add_parser("push", help="推送到工作群（企业微信、钉钉、飞书机器人）")
    sub = push.add_subparsers(dest="push_command", required=True)

    targets = sub.add_parser("targets", help="推送目标（群机器人）")
    targets_sub = targets.add_subparsers(dest="targets_command", required=True)
    add = targets_sub.add_parser("add", help="新增群机器人")
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=KINDS)
    add.add_argument("--url", required=True, help="机器人的 Webhook 地址")
    add.add_argument("--secret", default="", help="加签密钥（钉钉、飞书开启签名校验时）")
    add.add_argument("--unit", help="单位编码：只推送该单位及其下级（不写＝全区县）")
    add.set_defaults(run=run_targets_add)
    listing = targets_sub.add_parser("list", help="列出推送目标（地址与密钥只显示首尾）")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_targets_list)
    remove = targets_sub.add_parser("remove", help="删除推送目标")
    remove.add_argument("name")
    remove.set_defaults(run=run_targets_remove)

    send = sub.add_parser("send", help="推送周报（截止时间后每周一次）和新出现或加重的预警")
    send.add_argument("--week", help="哪一周（该周任一日期），默认最近一周")
    send.add_argument("--dry-run", action="store_true", help="只打印要发的消息，不发送、不记录")
    send.add_argument("--view-link-days", type=int, help="周报里附一个只读查看链接，有效天数")
    send.add_argument("--base-url", help="看板地址，默认 DASHBOARD_PUBLIC_URL")
    send.set_defaults(run=run_send)

    remind = sub.add_parser("remind", help="提醒未上报的单位（截止前与逾期后各一次，@填报员手机）")
    remind.add_argument("--week", help="哪一周（该周任一日期），默认上一周")
    remind.add_argument("--dry-run", action="store_true", help="只打印要发的消息，不发送、不记录")
    remind.set_defaults(run=run_remind)


def _say(args: argparse.Namespace, zh: str, en: str) -> str:
    return en if args.lang == "en" else zh


def run_targets_add(args: argparse.Namespace) -> int:
    try:
        target = add_target(
            engine_for(args),
            args.name,
            args.kind,
            args.url,
            secret=args.secret,
            unit_code=args.unit,
            actor=cli_actor(),
        )
    except BadTarget as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    scope = target.unit_code or _say(args, "全区县", "whole district")
    kind = KIND_NAMES[target.kind][args.lang == "en"]
    print(
        _say(
            args,
            f"已新增推送目标 {target.name}（{kind}，{scope}）：{target.masked_url}",
            f"Added push target {target.name} ({kind}, {scope}): {target.masked_url}",
        )
    )
    return 0


def run_targets_list(args: argparse.Namespace) -> int:
    found = list_targets(engine_for(args))
    if args.json:
        print_json([target.as_json() for target in found])
        return 0
    if not found:
        print(
            _say(
                args,
                "还没有推送目标。用 push targets add 新增",
                "No push targets yet. Add one with `push targets add`",
            )
        )
    for target in found:
        scope = target.unit_code or _say(args, "全区县", "whole district")
        secret = (
            _say(args, f"密钥 {target.masked_secret}", f"secret {target.masked_secret}")
            if target.secret
            else ""
        )
        off = "" if target.enabled else _say(args, "（停用）", " (disabled)")
        print(f"{target.name}  {target.kind}  {scope}  {target.masked_url}  {secret}".rstrip() + off)
    return 0


def run_targets_remove(args: argparse.Namespace) -> int:
    remove_target(engine_for(args), args.name, actor=cli_actor())
    print(_say(args, f"已删除推送目标 {args.name}", f"Removed push target {args.name}"))
    return 0


def run_send(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    outgoing = plan_send(
        engine,
        week=args.week,
        lang=args.lang,
        base_url=args.base_url,
        view_link_days=args.view_link_days,
        actor=cli_actor(),
        dry_run=args.dry_run,
    )
    return _finish(args, engine, outgoing)


def run_remind(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    return _finish(args, engine, plan_remind(engine, week=args.week, lang=args.lang))


def _finish(args: argparse.Namespace, engine, outgoing) -> int:
    if args.dry_run:
        for item in outgoing:
            parts = parts_for(item.target.kind, item.message, args.lang)
            print(f"== {item.target.name} · {item.message.what} · {len(parts)}")
            print(preview_text(item.target.kind, parts))
            print()
        if not outgoing:
            print(_say(args, "没有要发送的消息", "Nothing to send"))
        return 0
    outcomes = deliver(engine, outgoing, make_sender(), lang=args.lang, actor=cli_actor())
    for outcome in outcomes:
        print(_line(args, outcome), file=sys.stdout if outcome.ok else sys.stderr)
    if not outcomes:
        print(_say(args, "没有要发送的消息", "Nothing to send"))
    return 0 if all(outcome.ok for outcome in outcomes) else 1


def _line(args: argparse.Namespace, outcome: Outcome) -> str:
    if outcome.ok:
        return _say(
            args,
            f"已发送 {outcome.target} · {outcome.what}（{outcome.parts} 条，尝试 {outcome.attempts} 次）",
            f"Sent {outcome.target} · {outcome.what} ({outcome.parts} parts, {outcome.attempts} attempts)",
        )
    return _say(
        args,
        f"发送失败 {outcome.target} · {outcome.what}（尝试 {outcome.attempts} 次）：{outcome.answer}",
        f"Failed {outcome.target} · {outcome.what} ({outcome.attempts} attempts): {outcome.answer}",
    )
