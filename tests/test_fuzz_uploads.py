"""Fuzzing the import path: 2,000+ mutated workbooks, CSVs and .xls files, plus hypothesis-made CSV text.

Every file must come back imported or rejected (0 uncaught exceptions, 0 panics reaching us), every rejection
must name a code and a message, and a rejected file must leave the database exactly as it was (checksum).
"""

from __future__ import annotations

import io
import random
import time

import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.db_checksum import database_checksum
from tests.test_intake import SAMPLE, _with_units
from tests.workbooks import wide_stock_workbook
from uploads import import_file

FILES_PER_RUN = 2_000
SEED = 11
# \x00 last: openpyxl cannot write it, so workbook cells draw from all but the last two.
CELL_VALUES = ["", " ", "inf", "-Infinity", "1e400", "nan", "NaN", "十二", "1,200", "1 200", '=HYPERLINK("x")',
               "+cmd|' /C calc'!A0", "-5", "0x10", "１２００", "12箱", "2020-02-30", "李家村", "\u202e", "\x00"]  # fmt: skip


def _csv_seed() -> str:
    return "单位,周,口罩库存,口罩入库,口罩消耗\n李家村,2020-02-03,1200,500,380\n王庄村,2020-02-03,900,0,300\n"


def _xls_seed() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("周报")
    for row, values in enumerate([["单位", "口罩库存"], ["李家村", 1200], ["王庄村", 800]] * 30):
        for column, value in enumerate(values):
            sheet.write(row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _seeds() -> list[tuple[str, bytes]]:
    return [
        (
            "wide.xlsx",
            wide_stock_workbook("（2020年第6周）", [["李家村", 1200, 500, 380], ["王庄村", 9, 1, 2]]),
        ),
        ("sample.xlsx", SAMPLE.read_bytes()),
        ("long.csv", (FIXTURES / "samples" / "village_long_gbk.csv").read_bytes()),
        ("week.csv", _csv_seed().encode("utf-8")),
        ("old.xls", _xls_seed()),
    ]


def _mutate(rng: random.Random, name: str, content: bytes) -> tuple[str, bytes]:
    kind = rng.choice(["flip", "truncate", "insert", "cells", "header", "encoding", "splice", "cells"])
    data = bytearray(content)
    if kind == "flip":
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == "truncate":
        del data[rng.randint(0, len(data) - 1) :]
    elif kind == "insert":
        at = rng.randrange(len(data))
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    elif kind == "splice":  # a chunk copied over another place: a zip whose parts overlap
        start, length = rng.randrange(len(data)), rng.randint(1, 512)
        at = rng.randrange(len(data))
        data[at : at + length] = data[start : start + length]
    elif name.endswith(".csv"):
        text = content.decode("gb18030", "replace")
        lines = [line.split(",") for line in text.splitlines()]
        if kind == "cells":
            for _ in range(rng.randint(1, 4)):
                line = rng.choice(lines)
                line[rng.randrange(len(line))] = rng.choice(CELL_VALUES)
        elif kind == "header":
            rng.shuffle(lines[0])
            lines[0][rng.randrange(len(lines[0]))] = rng.choice(["", "口罩", "库存", "单位", "周", "合计"])
        text = "\n".join(",".join(line) for line in lines)
        encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"]) if kind == "encoding" else "utf-8"
        return name, text.encode(encoding, "replace")
    else:  # a workbook's cells: rebuild the wide sheet with odd values
        rows = [[rng.choice(["李家村", "王庄村", "合计", ""]), *(rng.choice(CELL_VALUES[:-2]) for _ in range(3))]
                for _ in range(rng.randint(1, 6))]  # fmt: skip
        return "cells.xlsx", wide_stock_workbook(rng.choice(["（2020年第6周）", "", "第99周"]), rows)
    return name, bytes(data)


def _check(engine, name: str, content: bytes, before: str) -> tuple[str, str]:
    outcome = import_file(engine, name, content)
    assert outcome.status in ("imported", "rejected"), (name, outcome.status)
    for problem in outcome.problems:
        assert problem.code and problem.message_zh and problem.message_en, problem
    after = database_checksum(engine)
    if outcome.status == "rejected":
        assert any(p.severity == "error" for p in outcome.problems), name
        assert after == before, f"a rejected {name} changed the database: {outcome.problems}"
    return outcome.status, after


@pytest.fixture(scope="module")
def fuzz_engine(tmp_path_factory):
    from store import ensure_schema, open_engine

    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite3'}")
    ensure_schema(engine)
    _with_units(engine)
    yield engine
    engine.dispose()


def test_two_thousand_mutated_files_are_imported_or_cleanly_rejected(fuzz_engine):
    rng = random.Random(SEED)
    seeds = _seeds()
    checksum = database_checksum(fuzz_engine)
    counts = {"imported": 0, "rejected": 0}
    started = time.monotonic()
    for _ in range(FILES_PER_RUN):
        name, content = _mutate(rng, *rng.choice(seeds))
        status, checksum = _check(fuzz_engine, name, content, checksum)
        counts[status] += 1
    elapsed = time.monotonic() - started
    print(f"fuzz: {FILES_PER_RUN} files in {elapsed:.0f} s: {counts}")
    assert sum(counts.values()) == FILES_PER_RUN
    assert counts["rejected"] > FILES_PER_RUN // 4  # the mutations do break files


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.one_of(st.sampled_from(CELL_VALUES), st.text(max_size=8)), min_size=1, max_size=5),
        min_size=1,
        max_size=8,
    )
)
def test_any_csv_text_is_imported_or_cleanly_rejected(fuzz_engine, rows):
    text = "单位,周,口罩库存\n" + "\n".join(",".join(row) for row in rows)
    _check(fuzz_engine, "hypo.csv", text.encode("utf-8", "surrogatepass"), database_checksum(fuzz_engine))
