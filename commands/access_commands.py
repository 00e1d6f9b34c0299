"""users, links, audit: accounts, read-only view links for leaders, and the audit log.

Passwords are never taken as arguments (they would land in the shell history): asked with getpass, or read as
one line from standard input with --password-stdin for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import UTC, datetime

from access.errors import AccessError, UnknownUser
from access.passwords import MIN_PASSWORD_LENGTH
from access.rights import ROLE_NAMES, ROLES
from access.tokens import utc_now
from commands.output import print_json
from commands.session import cli_actor, engine_for
from store.access_audit import load_audit
from store.access_links import create_link, list_links, revoke_link
from store.access_sessions import revoke_all_sessions
from store.accounts import create_user, get_user, list_users, remove_user, set_password, update_user

BASE_URL_ENV = "DASHBOARD_BASE_URL"
STATUS_NAMES = {
    "valid": ("有效", "valid"),
    "expired": ("已过期", "expired"),
    "revoked": ("已撤销", "revoked"),
}


def register(commands: argparse._SubParsersAction) -> None:
    _register_users(commands)
    _register_links(commands)
    audit = commands.add_parser("audit", help="审计日志（登录、上传、撤销、设置与用户变更、链接）")
    audit.add_argument("--limit", type=int, default=50)
    audit.add_argument("--json", action="store_true")
    audit.set_defaults(run=run_audit)


def _register_users(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help="用户账号")
    sub = users.add_subparsers(dest="users_command", required=True)

    listing = sub.add_parser("list", help="列出用户")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_users_list)

    add = sub.add_parser("add", help="新建用户（密码交互输入，或 --password-stdin）")
    add.add_argument("name")
    add.add_argument(
        "--role", required=True, choices=ROLES, help="admin 管理员 / officer 填报员 / viewer 查看者"
    )
    add.add_argument("--units", default="", help="单位编码，逗号分隔，如 C01,C02（查看者/管理员留空＝全部）")
    add.add_argument("--display-name", default="", help="显示名，如 张三（东河镇）")
    add.add_argument("--email", help="单点登录用的邮箱")
    add.add_argument("--mobile", help="手机号：群机器人提醒上报时 @ 此人")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码")
    add.set_defaults(run=run_users_add)

    edit = sub.add_parser("edit", help="修改用户的角色、单位、显示名或邮箱")
    edit.add_argument("name")
    edit.add_argument("--role", choices=ROLES)
    edit.add_argument("--units", help="新的单位编码（逗号分隔；空字符串＝无）")
    edit.add_argument("--display-name")
    edit.add_argument("--email")
    edit.add_argument("--mobile", help="手机号（空字符串＝删除）")
    edit.set_defaults(run=run_users_edit)

    remove = sub.add_parser("remove", help="删除用户（并结束其所有会话）")
    remove.add_argument("name")
    remove.set_defaults(run=run_users_remove)

    reset = sub.add_parser("reset", help="重设密码（并结束其所有会话）")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码")
    reset.set_defaults(run=run_users_reset)

    logout = sub.add_parser("logout", help="让该用户在所有设备上退出登录")
    logout.add_argument("name")
    logout.set_defaults(run=run_users_logout)


def _register_links(commands: argparse._SubParsersAction) -> None:
    links = commands.add_parser("links", help="给领导的只读查看链接")
    sub = links.add_subparsers(dest="links_command", required=True)

    create = sub.add_parser("create", help="生成查看链接（某单位及其下级，只读，到期失效）")
    create.add_argument("--unit", required=True, help="单位编码")
    create.add_argument("--days", type=int, required=True, help="有效天数，如 7")
    create.add_argument("--label", default="", help="备注，如 县长周例会")
    create.add_argument("--base-url", help=f"看板地址，默认 {BASE_URL_ENV}")
    create.add_argument("--json", action="store_true")
    create.set_defaults(run=run_links_create)

    listing = sub.add_parser("list", help="列出查看链接")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_links_list)

    revoke = sub.add_parser("revoke", help="撤销查看链接（立即失效）")
    revoke.add_argument("link_id", type=int, metavar="ID")
    revoke.set_defaults(run=run_links_revoke)


def _say(args: argparse.Namespace, zh: str, en: str) -> str:
    return en if args.lang == "en" else zh


def _refuse(args: argparse.Namespace, error: AccessError) -> int:
    print(error.message(args.lang), file=sys.stderr)
    return 1


def _cannot_ask_password(args: argparse.Namespace) -> bool:
    """True, after saying how to give the password, when there is no terminal to ask on (a script, cron)
    and --password-stdin was not given: getpass would fail there with a traceback."""
    if args.password_stdin or sys.stdin.isatty():
        return False
    print(
        _say(
            args,
            "没有终端可输入密码：请在终端中运行，或加 --password-stdin 从标准输入读一行作为密码"
            f"（至少 {MIN_PASSWORD_LENGTH} 个字符）",
            "No terminal to ask for the password on: run this in a terminal, or add --password-stdin to read "
            f"it as one line from standard input (at least {MIN_PASSWORD_LENGTH} characters)",
        ),
        file=sys.stderr,
    )
    return True


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_say(args, "密码：", "Password: "))
    second = getpass.getpass(_say(args, "再次输入密码：", "Repeat the password: "))
    if first != second:
        print(
            _say(args, "两次输入的密码不一致，未作改动", "The passwords differ; nothing was changed"),
            file=sys.stderr,
        )
        return None
    return first


def _local(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def run_users_list(args: argparse.Namespace) -> int:
    found = list_users(engine_for(args))
    if args.json:
        print_json([user.as_json() for user in found])
        return 0
    if not found:
        print(
            _say(
                args,
                "还没有用户。用 users add 名称 --role admin 新建管理员",
                "No users yet. Add an admin with `users add NAME --role admin`",
            )
        )
    for user in found:
        role = ROLE_NAMES[user.role][args.lang == "en"]
        units = ",".join(user.units) or _say(args, "全部单位", "all units")
        extra = "  ".join(x for x in (user.display_name, user.email or "") if x)
        print(f"#{user.id} {user.username}  {role}  {units}  {extra}".rstrip())
    return 0


def run_users_add(args: argparse.Namespace) -> int:
    if _cannot_ask_password(args):
        return 2
    engine = engine_for(args)
    password = _read_password(args)
    if password is None:
        return 1
    try:
        user = create_user(
            engine,
            args.name,
            password,
            args.role,
            units=args.units,
            display_name=args.display_name,
            email=args.email,
            mobile=args.mobile,
            actor=cli_actor(),
        )
    except AccessError as error:
        return _refuse(args, error)
    role = ROLE_NAMES[user.role][args.lang == "en"]
    units = ",".join(user.units) or _say(args, "全部单位", "all units")
    print(
        _say(
            args,
            f"已新建用户 {user.username}（{role}，{units}）",
            f"Added user {user.username} ({role}, {units})",
        )
    )
    return 0


def run_users_edit(args: argparse.Namespace) -> int:
    changes = {
        key: value
        for key, value in {
            "role": args.role,
            "units": args.units,
            "display_name": args.display_name,
            "email": args.email,
            "mobile": args.mobile,
        }.items()
        if value is not None
    }
    if not changes:
        print(
            _say(
                args,
                "没有要修改的内容：加上 --role、--units、--display-name 或 --email",
                "Nothing to change: give --role, --units, --display-name or --email",
            ),
            file=sys.stderr,
        )
        return 2
    try:
        user = update_user(engine_for(args), args.name, actor=cli_actor(), **changes)
    except AccessError as error:
        return _refuse(args, error)
    units = ",".join(user.units) or _say(args, "全部单位", "all units")
    print(
        _say(
            args,
            f"已修改用户 {user.username}：{user.role}，{units}",
            f"Changed user {user.username}: {user.role}, {units}",
        )
    )
    return 0


def run_users_remove(args: argparse.Namespace) -> int:
    try:
        remove_user(engine_for(args), args.name, actor=cli_actor())
    except AccessError as error:
        return _refuse(args, error)
    print(_say(args, f"已删除用户 {args.name}", f"Removed user {args.name}"))
    return 0


def run_users_reset(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if get_user(engine, args.name) is None:
        return _refuse(args, UnknownUser(args.name))
    if _cannot_ask_password(args):
        return 2
    password = _read_password(args)
    if password is None:
        return 1
    try:
        set_password(engine, args.name, password, actor=cli_actor())
    except AccessError as error:
        return _refuse(args, error)
    print(
        _say(
            args,
            f"已重设 {args.name} 的密码，其所有会话已结束",
            f"Password of {args.name} reset; all its sessions ended",
        )
    )
    return 0


def run_users_logout(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    user = get_user(engine, args.name)
    if user is None:
        return _refuse(args, UnknownUser(args.name))
    ended = revoke_all_sessions(engine, user.id, actor=cli_actor())
    print(
        _say(
            args,
            f"已让 {args.name} 在所有设备上退出（{ended} 个会话）",
            f"Logged {args.name} out everywhere ({ended} sessions)",
        )
    )
    return 0


def run_links_create(args: argparse.Namespace) -> int:
    try:
        made = create_link(engine_for(args), args.unit, args.days, label=args.label, actor=cli_actor())
    except AccessError as error:
        return _refuse(args, error)
    base_url = args.base_url or os.environ.get(BASE_URL_ENV)
    url = made.url(base_url) if base_url else None
    if args.json:
        print_json({**made.link.as_json(utc_now()), "token": made.token, "path": made.path, "url": url})
        return 0
    link = made.link
    print(
        _say(
            args,
            f"已生成查看链接 #{link.id}：{link.unit_code} 及其下级，只读，有效至 {_local(link.expires_at)}",
            f"View link #{link.id} created: {link.unit_code} and below, read-only, until {_local(link.expires_at)}",
        )
    )
    print(_say(args, f"令牌：{made.token}（只显示这一次）", f"Token: {made.token} (shown only this once)"))
    print(_say(args, f"路径：{made.path}", f"Path: {made.path}"))
    if url:
        print(_say(args, f"链接：{url}", f"URL: {url}"))
    else:
        print(
            _say(
                args,
                f"提示：用 --base-url 或环境变量 {BASE_URL_ENV} 给出看板地址，即可打印完整链接",
                f"Tip: give the dashboard address with --base-url or {BASE_URL_ENV} to print the whole URL",
            )
        )
    return 0


def run_links_list(args: argparse.Namespace) -> int:
    found = list_links(engine_for(args))
    now = utc_now()
    if args.json:
        print_json([link.as_json(now) for link in found])
        return 0
    if not found:
        print(_say(args, "还没有查看链接", "No view links yet"))
    for link in found:
        status = STATUS_NAMES[link.status(now)][args.lang == "en"]
        until = _say(args, f"至 {_local(link.expires_at)}", f"until {_local(link.expires_at)}")
        print(f"#{link.id} {link.unit_code}  {status}  {until}  {link.created_by}  {link.label}".rstrip())
    return 0


def run_links_revoke(args: argparse.Namespace) -> int:
    try:
        revoke_link(engine_for(args), args.link_id, actor=cli_actor())
    except AccessError as error:
        return _refuse(args, error)
    print(
        _say(
            args,
            f"查看链接 #{args.link_id} 已撤销，立即失效",
            f"View link #{args.link_id} revoked; it no longer opens",
        )
    )
    return 0


def run_audit(args: argparse.Namespace) -> int:
    frame = load_audit(engine_for(args), args.limit)
    if args.json:
        print_json(
            [{**row, "at": row["at"].isoformat(timespec="seconds") + "Z"} for row in frame.to_dict("records")]
        )
        return 0
    for row in frame.itertuples():
        print(
            f"{_local(row.at.to_pydatetime())}  {row.actor}  {row.action}  {row.target}  {_json_text(row.detail)}".rstrip()
        )
    return 0


def _json_text(detail: dict) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""
