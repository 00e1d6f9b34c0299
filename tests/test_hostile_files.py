"""Issue 11's hostile files: each refused with its code and message, quickly, and this process goes on."""

from __future__ import annotations

import json
import os
import resource
import time

import pytest

import cli
import uploads.intake
from domain.parse_limits import DEFAULT_LIMITS, ParseLimits
from loaders.workbook_size import inspect_workbook
from store import write_transaction
from store.catalogue import load_items
from store.parse_limits import load_parse_limits, save_parse_limits
from store.units import load_units
from store.uploads import list_uploads
from tests import hostile_files as hostile
from tests.reader_jobs import pid_then_sleep
from tests.workbooks import wide_stock_workbook
from uploads import import_file
from uploads.parse_worker import TooLarge, WorkerFailure, parse_in_worker, run_limited, run_sized

FIX = "请在 Excel/WPS 中只保留数据区域（删去多余的行、列和空白格式）后另存为新文件，再上传"
# No limit at all before the parser: only the worker stands between the file and the server.
UNINSPECTED = ParseLimits(max_rows=10**9, max_columns=10**9, max_expanded_bytes=10**12, max_ratio=10**9)
SECONDS = 5.0  # each refusal, worker start included, on a 2-core CI machine
PARENT_GROWTH_KIB = 150_000  # this process may not grow by what the reader would have needed


@pytest.fixture(scope="module")
def whitespace_bomb() -> bytes:
    return hostile.whitespace_bomb_xlsx()


CASES = [
    ("corner.xlsx", hostile.corner_cells_xlsx, "rows=1048576",
     "文件「corner.xlsx」「周报」表有 1,048,576 行（上限 200,000 行），超出上限，未读取。" + FIX),
    ("corner_no_dimension.xlsx", hostile.corner_cells_without_dimension_xlsx, "rows=1048576",
     "文件「corner_no_dimension.xlsx」「周报」表有 1,048,576 行（上限 200,000 行），超出上限，未读取。" + FIX),
    ("far.xlsx", hostile.far_cell_xlsx, "columns=2000",
     "文件「far.xlsx」「周报」表有 2,000 列（上限 500 列），超出上限，未读取。" + FIX),
    ("rows.xlsx", hostile.row_bomb_xlsx, None, None),
    ("unnumbered.xlsx", hostile.unnumbered_row_bomb_xlsx, "ratio=342",
     "文件「unnumbered.xlsx」的部件 xl/worksheets/sheet1.xml 压缩比为 342:1（上限 250:1），内容多为空白或重复，"
     "超出上限，未读取。" + FIX),
]  # fmt: skip


@pytest.mark.parametrize(("name", "build", "value", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_workbook_is_refused_before_any_parser(engine, name, build, value, message):
    content = build()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    outcome = import_file(engine, name, content)
    elapsed = time.monotonic() - started
    problems = [(p.code, p.severity, p.value) for p in outcome.problems]
    if value is None:  # the row bomb stops streaming as soon as it passes the limit
        assert outcome.status == "rejected"
        assert [(c, s) for c, s, _ in problems] == [("file_too_large", "error")]
        assert problems[0][2].startswith("rows=")
        assert int(problems[0][2].removeprefix("rows=")) > 200_000
    else:
        assert (outcome.status, problems) == ("rejected", [("file_too_large", "error", value)])
        assert outcome.problems[0].message_zh == message
    assert elapsed < SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < PARENT_GROWTH_KIB
    assert list_uploads(engine).empty


def test_the_whitespace_bomb_is_refused_by_its_expanded_size(sqlite_engine, whitespace_bomb):
    started = time.monotonic()
    outcome = import_file(sqlite_engine, "blank.xlsx", whitespace_bomb)
    assert time.monotonic() - started < SECONDS
    assert [(p.code, p.value) for p in outcome.problems] == [("file_too_large", "expanded_bytes=314574398")]
    assert outcome.problems[0].message_zh == (
        "文件「blank.xlsx」解压后有 315 MB（上限 200 MB），超出上限，未读取。" + FIX
    )
    assert outcome.problems[0].message_en.startswith("blank.xlsx: 315 MB once unzipped (the limit is 200 MB)")


def test_a_truncated_xls_panic_is_a_rejection_not_a_crash(engine):
    outcome = import_file(engine, "周报.xls", hostile.truncated_xls())
    assert outcome.status == "rejected"
    assert [(p.code, p.value) for p in outcome.problems] == [
        ("file_too_complex", "reader: PanicException: slice index starts at 8192 but ends at 7680")
    ]
    assert outcome.problems[0].message_zh == (
        "文件「周报.xls」无法读取（文件可能已损坏或不完整，读取程序中止），请用 Excel/WPS 打开后另存为 .xlsx，"
        "未读取。" + FIX + "；如仍出错请联系管理员"
    )


@pytest.mark.parametrize(
    ("build", "limit"),
    [(hostile.corner_cells_xlsx, "memory"), (hostile.far_cell_xlsx, "memory")],
    ids=["corner", "far"],
)
def test_the_worker_alone_contains_what_the_inspection_would_have_stopped(sqlite_engine, build, limit):
    """calamine aborts the worker ("memory allocation of 549755813888 bytes failed"): this process lives on."""
    started = time.monotonic()
    parsed = parse_in_worker(
        "x.xlsx", build(), load_units(sqlite_engine), load_items(sqlite_engine), UNINSPECTED
    )
    assert time.monotonic() - started < SECONDS
    assert [(p.code, p.value) for p in parsed.problems] == [("file_too_complex", limit)]
    assert parsed.problems[0].message_zh.startswith("文件「x.xlsx」读取时超出内存上限（512 MiB），未读取。")
    assert parsed.stock.empty and parsed.publicity.empty


def test_a_worker_over_its_time_is_stopped():
    limits = ParseLimits(worker_seconds=0.5)
    started = time.monotonic()
    assert run_limited(time.sleep, (30,), limits) == WorkerFailure("time", "over 0.5 s")
    assert time.monotonic() - started < 3
    assert run_limited(divmod, (7, 2), limits) == (3, 1)
    assert WorkerFailure("time", "").problem("a.csv", limits).message_zh == (
        "文件「a.csv」读取超过时间上限（0.5 秒），未读取。" + FIX + "；如仍出错请联系管理员"
    )


def test_the_size_check_refuses_while_the_reader_runs_and_the_reader_is_stopped(tmp_path):
    """The check and the reader start together (run_sized): the check's refusal ends the reader at once."""
    pid_file = tmp_path / "reader.pid"
    # The check streams the rows until past the limit: 0.7 s here, time enough for the reader to start.
    content = hostile.row_bomb_xlsx(1_600_000)
    limits = ParseLimits(max_rows=1_500_000)
    started = time.monotonic()
    result = run_sized(pid_then_sleep, (str(pid_file), 30.0), "rows.xlsx", content, limits)
    assert time.monotonic() - started < SECONDS
    assert isinstance(result, TooLarge)
    assert [p.code for p in result.problems] == ["file_too_large"]
    assert int(result.problems[0].value.removeprefix("rows=")) > 1_500_000
    # A reader left running would write its id within moments and sleep on: it must be gone, reaped.
    time.sleep(0.5)
    assert pid_file.exists()  # the reader had started beside the check
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def test_a_file_the_size_check_passes_gets_the_readers_answer_or_its_failure():
    content = wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]])
    assert run_sized(divmod, (7, 2), "a.xlsx", content, DEFAULT_LIMITS) == (3, 1)
    limits = ParseLimits(worker_seconds=0.5)
    assert run_sized(time.sleep, (30,), "a.xlsx", content, limits) == WorkerFailure("time", "over 0.5 s")
    assert run_sized(os._exit, (3,), "a.xlsx", content, limits) == WorkerFailure(
        "reader", "the reader process ended (exit 3)"
    )


def test_limits_come_from_settings(engine):
    assert load_parse_limits(engine) == DEFAULT_LIMITS
    with write_transaction(engine) as conn:
        save_parse_limits(conn, ParseLimits(max_rows=2))
    assert load_parse_limits(engine).max_rows == 2
    outcome = import_file(engine, "three.csv", "单位,口罩库存\n东河镇,5\n西河镇,6\n".encode())
    assert [(p.code, p.value) for p in outcome.problems] == [("file_too_large", "rows=3")]
    assert outcome.problems[0].message_zh == "文件「three.csv」有 3 行（上限 2 行），超出上限，未读取。" + FIX


def test_inspection_passes_a_real_workbook_and_names_its_sheet():
    content = wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380]])
    assert inspect_workbook("a.xlsx", content, DEFAULT_LIMITS) == []
    narrow = ParseLimits(max_columns=2)
    assert [(p.sheet, p.value) for p in inspect_workbook("a.xlsx", content, narrow)] == [
        ("物资", "columns=4")
    ]


def test_the_command_line_reports_every_file_and_lives_on(db_url, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(wide_stock_workbook("（2020年第6周）", [["东河镇", 1200, 500, 380]]))
    broken = tmp_path / "broken.xls"
    broken.write_bytes(hostile.truncated_xls())
    corner = tmp_path / "corner.xlsx"
    corner.write_bytes(hostile.corner_cells_xlsx())
    code = cli.main(["--db", db_url, "import", str(good), str(broken), str(corner), "--add-units", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(f["file"], f["status"], [p["code"] for p in f["problems"] if p["severity"] == "error"])
            for f in report["files"]] == [
        ("good.xlsx", "imported", []),
        ("broken.xls", "rejected", ["file_too_complex"]),
        ("corner.xlsx", "rejected", ["file_too_large"]),
    ]  # fmt: skip


def test_an_interrupted_import_still_reports_the_files_it_stored(db_url, tmp_path, capsys, monkeypatch):
    first = tmp_path / "first.xlsx"
    first.write_bytes(wide_stock_workbook("（2020年第6周）", [["东河镇", 1200, 500, 380]]))
    second = tmp_path / "second.xlsx"
    second.write_bytes(wide_stock_workbook("（2020年第7周）", [["东河镇", 900, 0, 300]]))
    real = uploads.intake.import_file

    def interrupted(engine, name, *args, **kwargs):
        if name == "second.xlsx":
            raise KeyboardInterrupt
        return real(engine, name, *args, **kwargs)

    monkeypatch.setattr(uploads.intake, "import_file", interrupted)
    monkeypatch.setattr(uploads, "import_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli.main(["--db", db_url, "import", str(first), str(second), "--add-units", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["status"]) for f in report["files"]] == [("first.xlsx", "imported")]
