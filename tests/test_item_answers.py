"""Learn once what a sheet cannot tell (issue 9): map a name to an item, add it, ignore it, give a pack's size;
import --add-items and --skip-invalid; --db anywhere; errors as a sentence and an exit code. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest

import cli
from store import open_engine, write_transaction
from store.catalogue import load_items
from store.item_answers import load_ignored_names
from store.reports import load_stock
from store.units import save_units
from store.uploads import list_uploads
from tests.conftest_loaders import make_units, xlsx

LEDGER = [
    ["单位", "日期", "物资名称", "计量单位", "库存"],
    ["东河镇", date(2020, 2, 3), "84消费液", "瓶", 10],
    ["东河镇", date(2020, 2, 3), "手套", "件", 3],
    ["东河镇", date(2020, 2, 3), "连花清瘟胶囊", "盒", 5],
    ["东河镇", date(2020, 2, 3), "护目镜", "个", 20],
    ["东河镇", date(2020, 2, 3), "医用外科口罩", "只", 500],
]


@pytest.fixture
def ledger(db_url, tmp_path):
    engine = open_engine(db_url)
    assert cli.main(["--db", db_url, "init"]) == 0
    with write_transaction(engine) as conn:
        save_units(conn, make_units())
    path = tmp_path / "东河镇台账.xlsx"
    path.write_bytes(xlsx({"台账": LEDGER}))
    yield db_url, str(path), engine
    engine.dispose()


def run(capsys, *args: str) -> tuple[int, dict | str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args else out), err


def problems(payload: dict) -> list[tuple]:
    return [(p["code"], p["severity"], p["row"], p["value"]) for p in payload["files"][0]["problems"]]


def stock(engine) -> dict:
    frame = load_stock(engine)
    return dict(zip(frame["item_code"], frame["on_hand"], strict=True))


def test_unknown_names_and_packs_are_said_with_the_closest_items_then_answered_once(ledger, capsys):
    url, path, engine = ledger
    code, payload, _ = run(capsys, "import", path, "--json", "--db", url)  # --db after the command's words
    assert code == 1 and payload["files"][0]["status"] == "rejected"
    assert problems(payload) == [
        ("unknown_item", "warning", 2, "84消费液"),
        ("unknown_item", "warning", 4, "连花清瘟胶囊"),
        ("unknown_item", "warning", 5, "护目镜"),
        ("unknown_pack", "error", 3, "3"),
    ]
    first = payload["files"][0]["problems"][0]["message"]
    assert first.startswith("「台账」表第2行「物资名称」：“84消费液”不在物资目录中（是不是「消毒液」？）")
    assert stock(engine) == {}

    assert (
        run(capsys, "--db", url, "items", "alias", "84消费液", "消毒液")[1]
        == "以后“84消费液”按物资 disinfectant 读取\n"
    )
    assert run(capsys, "items", "pack", "手套", "件", "100", "--db", url)[0] == 0
    assert run(capsys, "items", "ignore", "连花清瘟胶囊", "--db", url)[0] == 0
    code, payload, _ = run(capsys, "import", path, "--add-items", "--json", "--db", url)
    assert code == 0 and payload["files"][0]["status"] == "imported"
    new_code = "item-" + __import__("hashlib").sha1("护目镜".encode()).hexdigest()[:8]
    assert problems(payload) == [
        ("new_item", "warning", 5, "护目镜"),
        ("ignored_by_choice", "info", None, "连花清瘟胶囊"),
    ]
    assert stock(engine) == {
        "disinfectant": 5.0,  # 10 瓶 × 0.5 升
        "gloves": 300.0,  # 3 件 × 100 副, the size given once
        new_code: 20.0,  # a new item counted in the sheet's unit
        "mask_surgical": 500.0,
    }
    items = load_items(engine).set_index("code")
    assert items.loc[new_code, ["name_zh", "base_unit", "category"]].tolist() == ["护目镜", "个", "supply"]
    assert items.loc["gloves", "pack_sizes"] == {"盒": 100, "箱": 1000, "件": 100.0}
    assert "84消费液" in items.loc["disinfectant", "synonyms"]
    assert load_ignored_names(engine) == {"连花清瘟胶囊": "连花清瘟胶囊"}


def test_items_list_shows_the_catalogue_and_the_ignored_names(ledger, capsys):
    url, _, _ = ledger
    run(capsys, "--db", url, "items", "ignore", "罗汉果")
    run(capsys, "--db", url, "items", "add", "护目镜", "--unit", "个")
    code, payload, _ = run(capsys, "--db", url, "items", "list", "--json")
    assert code == 0 and payload["ignored"] == ["罗汉果"]
    assert payload["items"][-1] == {
        "code": "item-2f2a983a", "name_zh": "护目镜", "name_en": "护目镜", "category": "supply",
        "base_unit": "个", "synonyms": ["护目镜"], "pack_sizes": {},
    }  # fmt: skip


def test_skip_invalid_stores_the_valid_rows_and_keeps_each_left_out_row_in_the_history(ledger, capsys):
    url, path, engine = ledger
    assert run(capsys, "--db", url, "import", path)[0] == 1  # without consent one error rejects the file
    assert stock(engine) == {} and list_uploads(engine).empty
    code, payload, _ = run(capsys, "--db", url, "import", path, "--skip-invalid", "--json")
    assert code == 0 and payload["files"][0]["status"] == "imported"
    assert stock(engine) == {"mask_surgical": 500.0}
    left_out = [p for p in payload["files"][0]["problems"] if p["code"] == "row_left_out"]
    assert [(p["severity"], p["row"], p["value"]) for p in left_out] == [("warning", 3, "3")]
    assert left_out[0]["message"].startswith(
        "「台账」表第3行「库存」：已按要求略去此行（--skip-invalid），其余行已保存。原因："
    )
    history = list_uploads(engine)["problems"].iloc[0]
    assert [(p["code"], p["row"]) for p in history if p["code"] == "row_left_out"] == [("row_left_out", 3)]


def test_a_name_already_used_or_an_unknown_item_is_a_sentence_and_exit_1(ledger, capsys):
    url, _, _ = ledger
    assert run(capsys, "--db", url, "items", "alias", "口罩", "手套") == (
        1, "", "“口罩”已是物资 mask_surgical 的名称或同义词，不能再用于其他物资\n",
    )  # fmt: skip
    assert run(capsys, "--db", url, "items", "pack", "眼镜", "件", "10") == (
        1, "", "物资目录中没有“眼镜”：请用 `python cli.py items list` 列出的编码或名称\n",
    )  # fmt: skip
    assert run(capsys, "--db", url, "items", "pack", "手套", "件", "0")[0] == 1


def test_command_errors_are_messages_not_tracebacks(ledger, capsys, tmp_path):
    url, _, _ = ledger
    missing = str(tmp_path / "没有这个文件.xlsx")
    code, out, err = run(capsys, "import", missing, "--db", url)
    assert code == 1 and err == ""
    assert (
        out
        == f"{missing}：未导入（有错误），0 行，周：\n  [错误] 找不到文件「{missing}」：请检查路径和文件名（含扩展名 .xlsx/.xls/.csv）\n"
    )
    assert run(capsys, "status", "--unit", "NOPE", "--db", url) == (
        1, "", "没有编码为“NOPE”的单位：请用单位名单中的编码（如 C01）\n",
    )  # fmt: skip
    assert run(capsys, "--lang", "en", "coverage", "--unit", "NOPE", "--db", url)[2] == (
        "No unit has the code 'NOPE': use a code from the unit list (e.g. C01)\n"
    )


def test_global_options_are_moved_before_the_command():
    assert cli.global_options_first(["import", "F", "--db", "U", "--lang=en"]) == [
        "--db",
        "U",
        "--lang=en",
        "import",
        "F",
    ]
    assert cli.global_options_first(["--db=U", "status"]) == ["--db=U", "status"]
