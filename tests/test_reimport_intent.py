"""Re-importing means intent: the same file again restores its figures once a later upload replaced them."""

from __future__ import annotations

from domain.problems import Problem
from store.uploads import list_uploads
from tests.test_intake import _masks, _with_units
from tests.workbooks import wide_stock_workbook
from uploads import import_file
from uploads.problem_limits import capped_problems


def test_import_a_then_b_then_a_again_makes_a_current(engine):
    _with_units(engine)
    a = wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]])
    b = wide_stock_workbook("（2020年第6周）", [["李家村", 900, 500, 680]])
    first = import_file(engine, "a.xlsx", a)
    second = import_file(engine, "b.xlsx", b)
    assert _masks(engine) == [["C0101", "2020-02-03", 900.0, 500.0, 680.0]]

    again = import_file(engine, "a.xlsx", a)

    assert again.status == "imported"
    assert again.upload_id not in (first.upload_id, second.upload_id)
    assert _masks(engine) == [["C0101", "2020-02-03", 1200.0, 500.0, 380.0]]
    notes = [(p.code, p.message_zh) for p in again.problems if p.code == "imported_again"]
    assert notes == [
        (
            "imported_again",
            f"a.xlsx 与第 {first.upload_id} 次上传的文件相同，但其中的数字已被第 {second.upload_id} 次上传替换；"
            "本次重新导入，这些数字重新生效（如非本意，可撤销本次上传）",
        )
    ]
    history = list_uploads(engine)
    assert history["file_name"].tolist() == ["a.xlsx", "b.xlsx", "a.xlsx"]
    assert [p["code"] for p in history["problems"].iloc[0]] == ["imported_again"]
    # Now A's figures are current again: a fourth import of A is the no-change shortcut.
    fourth = import_file(engine, "a.xlsx", a)
    assert (fourth.upload_id, [p.code for p in fourth.problems]) == (again.upload_id, ["already_imported"])


def test_infinite_and_absurd_numbers_are_problems(engine):
    _with_units(engine)
    sheet = "单位,周,口罩库存,口罩入库\n李家村,2020-02-03,inf,1e400\n王庄村,2020-02-03,2e12,5\n".encode()
    outcome = import_file(engine, "inf.csv", sheet)
    assert outcome.status == "rejected"
    found = sorted((p.code, p.row, p.value) for p in outcome.problems if p.severity == "error")
    # The text `inf` is not a number (loaders/numbers.py); 1e400 is a number, and an infinite one.
    assert found == [("absurd_number", 2, "inf"), ("absurd_number", 3, "2e+12"), ("not_a_number", 2, "inf")]


def _problem(i: int, severity: str) -> Problem:
    return Problem("x", severity, "表", i, None, None, f"第{i}行", f"row {i}")


def test_at_most_a_thousand_problems_are_listed_with_the_count_of_the_rest():
    problems = [_problem(i, "warning") for i in range(1500)] + [
        _problem(i, "error") for i in range(1500, 1600)
    ]
    capped = capped_problems(problems)
    assert len(capped) == 1001
    assert [p.row for p in capped[:3]] == [1500, 1501, 1502]  # errors first
    last = capped[-1]
    assert (last.code, last.severity, last.value) == ("more_problems", "warning", "600")
    assert last.message_zh == "另有 600 个问题未列出：请先改正上面列出的问题（多半是同一类），再上传检查"
    assert capped_problems(problems[:1000]) == problems[:1000]
