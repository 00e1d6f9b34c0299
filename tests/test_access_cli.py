"""`cli.py users …`, `links …` and `audit`: exact output, passwords never on the command line, audit rows."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest

import cli
from store import ensure_schema, open_engine
from store.access_audit import load_audit
from store.access_links import EXPIRED, REVOKED, VALID, check_link
from store.access_login import OK, WRONG, login
from tests.access_fixtures import PASSWORD, seed_tree


@pytest.fixture
def db_arg(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    engine = open_engine(url)
    ensure_schema(engine)
    seed_tree(engine)
    engine.dispose()
    return url


@pytest.fixture
def run(db_arg, capsys, monkeypatch):
    """Run the command line; `stdin` feeds --password-stdin. Returns (exit code, stdout, stderr)."""

    def invoke(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli.main(["--db", db_arg, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def _audit(db_arg: str) -> list[tuple[str, str, str]]:
    frame = load_audit(open_engine(db_arg), 100)
    return list(zip(frame["actor"], frame["action"], frame["target"], strict=True))[::-1]


@pytest.fixture(autouse=True)
def _cli_user(monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "ops")


def test_users_add_with_password_stdin_and_list_json(run, db_arg):
    assert run("users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n") == (
        0,
        "已新建用户 boss（管理员，全部单位）\n",
        "",
    )
    code, out, _ = run(
        "users", "add", "li", "--role", "officer", "--units", "C01,C0201", "--display-name", "李四",
        "--email", "Li@County.gov.cn", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert (code, out) == (0, "已新建用户 li（填报员，C01,C0201）\n")
    code, out, _ = run("users", "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"id": 1, "username": "boss", "display_name": "", "role": "admin", "units": [], "email": None},
        {
            "id": 2,
            "username": "li",
            "display_name": "李四",
            "role": "officer",
            "units": ["C01", "C0201"],
            "email": "li@county.gov.cn",
        },
    ]
    assert run("users", "list") == (
        0,
        "#1 boss  管理员  全部单位\n#2 li  填报员  C01,C0201  李四  li@county.gov.cn\n",
        "",
    )
    assert login(open_engine(db_arg), "li", PASSWORD, client="cli-test").status == OK
    assert _audit(db_arg)[:2] == [("cli:ops", "user_added", "boss"), ("cli:ops", "user_added", "li")]


class Terminal(io.StringIO):
    """Standard input that is a terminal, where getpass may ask."""

    def isatty(self) -> bool:
        return True


def test_users_add_without_stdin_flag_asks_twice_with_getpass(db_arg, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal())
    answers = iter([PASSWORD, PASSWORD + "typo"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert cli.main(["--db", db_arg, "users", "add", "boss", "--role", "admin"]) == 1
    assert capsys.readouterr() == ("", "两次输入的密码不一致，未作改动\n")
    answers = iter([PASSWORD, PASSWORD])
    assert cli.main(["--db", db_arg, "users", "add", "boss", "--role", "admin"]) == 0


def test_users_add_and_reset_without_a_terminal_say_how_and_exit_2(run):
    message = "没有终端可输入密码：请在终端中运行，或加 --password-stdin 从标准输入读一行作为密码（至少 8 个字符）\n"
    assert run("users", "add", "boss", "--role", "admin") == (2, "", message)
    assert run("users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    assert run("users", "reset", "boss") == (2, "", message)


@pytest.mark.parametrize(
    ("argv", "stdin", "stderr"),
    [
        (["users", "add", "li", "--role", "officer", "--password-stdin"], PASSWORD, "填报员「li」至少要绑定一个单位：加上 --units 单位编码\n"),
        (["users", "add", "li", "--role", "viewer", "--units", "C9", "--password-stdin"], PASSWORD,
         "单位名单中没有这些编码：C9。请核对编码，或先导入单位名单（units import）\n"),
        (["users", "add", "li", "--role", "viewer", "--password-stdin"], "short\n", "密码太短：至少 8 个字符\n"),
        (["users", "remove", "nobody"], "", "没有用户「nobody」。用 users list 查看现有用户\n"),
        (["users", "reset", "nobody", "--password-stdin"], PASSWORD, "没有用户「nobody」。用 users list 查看现有用户\n"),
        (["links", "revoke", "9"], "", "没有编号为 9 的查看链接。用 links list 查看\n"),
        (["links", "create", "--unit", "C9", "--days", "7"], "",
         "单位名单中没有这些编码：C9。请核对编码，或先导入单位名单（units import）\n"),
    ],
)  # fmt: skip
def test_refusals_exit_1_with_the_reason(run, argv, stdin, stderr):
    assert run(*argv, stdin=stdin) == (1, "", stderr)


def test_english_messages(run):
    argv = ["--lang", "en", "users", "add", "li", "--role", "viewer", "--units", "C02", "--password-stdin"]
    assert run(*argv, stdin=PASSWORD) == (0, "Added user li (viewer, C02)\n", "")
    assert run(*argv, stdin=PASSWORD) == (
        1,
        "",
        "User 'li' already exists. Choose another name, or use `users reset` to set its password\n",
    )
    assert run("--lang", "en", "users", "list") == (0, "#1 li  viewer  C02\n", "")


def test_an_unknown_role_is_a_usage_error(run):
    with pytest.raises(SystemExit) as exited:
        run("users", "add", "li", "--role", "boss", "--password-stdin", stdin=PASSWORD)
    assert exited.value.code == 2


def test_users_reset_remove_and_logout(run, db_arg):
    run("users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    run("users", "add", "li", "--role", "viewer", "--password-stdin", stdin=PASSWORD)
    assert run("users", "reset", "li", "--password-stdin", stdin="another pass 2\n") == (
        0,
        "已重设 li 的密码，其所有会话已结束\n",
        "",
    )
    engine = open_engine(db_arg)
    assert login(engine, "li", PASSWORD, client="t").status == WRONG
    assert login(engine, "li", "another pass 2", client="t").status == OK
    assert run("users", "logout", "li") == (0, "已让 li 在所有设备上退出（0 个会话）\n", "")
    assert run("users", "remove", "boss") == (
        1,
        "",
        "「boss」是最后一个管理员，不能删除或降级。请先添加另一个管理员\n",
    )
    assert run("users", "remove", "li") == (0, "已删除用户 li\n", "")
    assert [a for a in _audit(db_arg) if a[0] == "cli:ops"] == [
        ("cli:ops", "user_added", "boss"),
        ("cli:ops", "user_added", "li"),
        ("cli:ops", "password_reset", "li"),
        ("cli:ops", "logout_everywhere", "li"),
        ("cli:ops", "user_removed", "li"),
    ]


def test_links_create_list_revoke(run, db_arg, monkeypatch):
    monkeypatch.setenv("DASHBOARD_BASE_URL", "https://dash.example.cn/")
    code, out, err = run("links", "create", "--unit", "C01", "--days", "7", "--label", "县长周例会")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    token = lines[1].removeprefix("令牌：").removesuffix("（只显示这一次）")
    assert len(token) == 43
    assert lines[0].startswith("已生成查看链接 #1：C01 及其下级，只读，有效至 ")
    assert lines[2:] == [f"路径：/?link={token}", f"链接：https://dash.example.cn/?link={token}"]

    code, out, _ = run(
        "links", "create", "--unit", "C", "--days", "3", "--json", "--base-url", "http://10.1.1.1:8501"
    )
    made = json.loads(out)
    second = made.pop("token")
    created = datetime.fromisoformat(made.pop("created_at").removesuffix("Z"))
    expires = datetime.fromisoformat(made.pop("expires_at").removesuffix("Z"))
    assert expires - created == timedelta(days=3)
    assert made == {
        "id": 2,
        "unit": "C",
        "label": "",
        "created_by": "cli:ops",
        "status": "valid",
        "path": f"/?link={second}",
        "url": f"http://10.1.1.1:8501/?link={second}",
    }
    engine = open_engine(db_arg)
    assert check_link(engine, token).status == VALID
    assert check_link(engine, token, now=created + timedelta(days=8)).status == EXPIRED

    assert run("links", "revoke", "1") == (0, "查看链接 #1 已撤销，立即失效\n", "")
    assert check_link(engine, token).status == REVOKED
    code, out, _ = run("links", "list", "--json")
    listed = [{k: v for k, v in link.items() if not k.endswith("_at")} for link in json.loads(out)]
    assert listed == [
        {"id": 1, "unit": "C01", "label": "县长周例会", "created_by": "cli:ops", "status": "revoked"},
        {"id": 2, "unit": "C", "label": "", "created_by": "cli:ops", "status": "valid"},
    ]
    code, out, _ = run("links", "list")
    assert [line.split("  ")[:2] + line.split("  ")[3:] for line in out.splitlines()] == [
        ["#1 C01", "已撤销", "cli:ops", "县长周例会"],
        ["#2 C", "有效", "cli:ops"],
    ]
    assert _audit(db_arg) == [
        ("cli:ops", "link_created", "link#1"),
        ("cli:ops", "link_created", "link#2"),
        ("cli:ops", "link_revoked", "link#1"),
    ]
    code, out, _ = run("audit", "--json", "--limit", "1")
    assert [{k: v for k, v in row.items() if k != "at"} for row in json.loads(out)] == [
        {"id": 3, "actor": "cli:ops", "action": "link_revoked", "target": "link#1", "detail": {}}
    ]
