"""One file in: parse and check it, derive what is missing, and store it whole — or change nothing."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy.engine import Connection, Engine

import loaders
from domain.problems import ERROR, WARNING, Problem, has_errors
from store import write_transaction
from store.item_answers import save_new_items
from store.latest_status import HeldSnapshot, read_held_snapshot, refresh_latest_status
from store.report_writes import replace_reports
from store.reports import PUBLICITY, STOCK, previous_on_hand
from store.units import load_units, save_units
from store.uploads import IMPORTED, UploadRecord, imported_upload_with_hash, record_upload, replaced_since
from store.versions import bump_data_version
from uploads.absurd_numbers import absurd_number_problems
from uploads.derive import derive_use
from uploads.learned_names import parse_with_answers
from uploads.problem_limits import capped_problems
from uploads.skip_invalid import consented, left_out_rows, without_rows

CHECKED = "checked"
REJECTED = "rejected"
# From this size on (a workbook of some ten thousand rows), the held rows are read ahead (_read_ahead).
READ_AHEAD_BYTES = 1 << 20


@dataclass
class FileOutcome:
    """What happened to one file; `as_json` is the command line's shape."""

    file: str
    status: str  # imported | rejected | checked
    rows: int = 0
    weeks: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    upload_id: int | None = None
    stock: pd.DataFrame | None = None  # the rows that were (or would be) stored, for a preview
    publicity: pd.DataFrame | None = None
    # What the officer can answer once in the preview (issue 9): unknown item names, packs of unknown size.
    unknown_names: list = field(default_factory=list)
    unknown_packs: list = field(default_factory=list)

    def as_json(self, lang: str = "zh") -> dict:
        return {
            "file": self.file,
            "status": self.status,
            "rows": self.rows,
            "weeks": self.weeks,
            "units": self.units,
            "problems": [p.as_json(lang) for p in self.problems],
        }


def import_file(
    engine: Engine,
    file_name: str,
    content: bytes,
    *,
    week: date | None = None,
    add_units: bool = False,
    dry_run: bool = False,
    uploaded_by: str = "cli",
    allowed_units: set[str] | None = None,
    on_stored: Callable[[Connection, FileOutcome], None] | None = None,
    add_items: bool = False,
    skip_invalid: bool = False,
    chosen_unit: str | None = None,
) -> FileOutcome:
    try:
        outcome = _import_file(
            engine, file_name, content, week=week, add_units=add_units, dry_run=dry_run,
            uploaded_by=uploaded_by, allowed_units=allowed_units, on_stored=on_stored,
            add_items=add_items, skip_invalid=skip_invalid, chosen_unit=chosen_unit,
        )  # fmt: skip
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a database error, or anything the reader raised outside its worker
        outcome = FileOutcome(file=file_name, status=REJECTED, problems=[_failed(file_name, error)])
    outcome.problems = capped_problems(outcome.problems)
    return outcome


def _read_ahead(engine: Engine, content: bytes, dry_run: bool) -> Future | None:
    """For a large file, the latest status's held rows read in a thread while the reader process reads the
    file (this process only waits then; a province's 30,000 units take 0.3 s). A small file moves few units
    forward, which read their own rows faster than every unit's."""
    if dry_run or len(content) < READ_AHEAD_BYTES:
        return None
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
    future = pool.submit(read_held_snapshot, engine)
    pool.shutdown(wait=False)  # the thread ends with its one task
    return future


def _result(read_ahead: Future | None) -> HeldSnapshot | None:
    """The rows read ahead, or None when there are none or reading them failed (then they are read again,
    inside the write's transaction)."""
    if read_ahead is None:
        return None
    try:
        return read_ahead.result()
    except Exception:  # noqa: BLE001 — a read ahead is only a shortcut
        return None


def _import_file(
    engine: Engine,
    file_name: str,
    content: bytes,
    *,
    week: date | None,
    add_units: bool,
    dry_run: bool,
    uploaded_by: str,
    allowed_units: set[str] | None,
    on_stored: Callable[[Connection, FileOutcome], None] | None,
    add_items: bool = False,
    skip_invalid: bool = False,
    chosen_unit: str | None = None,
) -> FileOutcome:
    """Check a file and, unless it is a dry run or has an error, store all of it in one transaction.

    Whatever goes wrong (a reader panic is a BaseException) comes back as a rejected outcome with a problem:
    the transaction is rolled back, and the caller goes on with its other files.

    `allowed_units`, when given, are the unit codes this user may write (an officer's own subtree): a sheet
    that names any other unit is refused whole. `on_stored` runs inside that same transaction once the rows
    are in (the pages write the audit row there), so the upload and its record stand or fall together.
    `add_items` makes names not in the catalogue new items; `skip_invalid` stores the valid rows and lists each
    row with an error as left out (an error about the whole file still rejects it). `chosen_unit` (the unit
    chosen in the page's sidebar) settles a name that fits several units, after the sheet's 填报单位 and before
    the officer's own units.
    """
    units = load_units(engine)
    # Started after the unit list is read: both hold the GIL while they build rows, and together each took
    # three times as long (a province: 0.13 s alone, 0.4–0.55 s beside the read ahead), holding the reader back.
    read_ahead = _read_ahead(engine, content, dry_run)
    parsed, new_items = parse_with_answers(
        engine, file_name, content, units, week=week, add_units=add_units, add_items=add_items,
        prefer=allowed_units, chosen_unit=chosen_unit,
    )  # fmt: skip
    problems = list(parsed.problems)
    problems += absurd_number_problems(parsed.stock) + absurd_number_problems(parsed.publicity)
    if allowed_units is not None:
        problems += _outside_rights(parsed, allowed_units, units)
    if skip_invalid:
        left_out = left_out_rows(problems)
        parsed = replace(
            parsed,
            stock=without_rows(parsed.stock, left_out),
            publicity=without_rows(parsed.publicity, left_out),
        )
        problems = consented(problems)
    outcome = _outcome(file_name, parsed, problems)
    outcome.unknown_names, outcome.unknown_packs = parsed.unknown_names, parsed.unknown_packs
    if has_errors(problems):
        outcome.status = REJECTED
        return outcome

    # The report rows' references are checked once per frame by replace_reports, not row by row (0.3 s of a
    # province's 1.9 s insert); nothing else this transaction writes has a foreign key.
    with write_transaction(engine, references_set_wise=True) as conn:
        # Only rows whose use must be derived need last week's stock from the database.
        needs_opening = parsed.stock["used"].isna() & parsed.stock["opening"].isna()
        stored_previous = previous_on_hand(
            conn, parsed.stock.loc[needs_opening, ["unit_code", "week", "item_code"]]
        )
        stock, derive_problems = derive_use(parsed.stock, stored_previous, file_name)
        if skip_invalid:
            stock = without_rows(stock, left_out_rows(derive_problems))
            derive_problems = consented(derive_problems)
        outcome.problems += derive_problems
        outcome.stock = stock
        if has_errors(outcome.problems):
            outcome.status = REJECTED
            conn.rollback()
            return outcome
        if dry_run:
            outcome.status = CHECKED
            conn.rollback()
            return outcome
        earlier = imported_upload_with_hash(conn, parsed.sha256)
        # The same bytes change nothing only while that upload's figures are still the ones in force; after a
        # later upload replaced some, sending the file again means "these figures, please" (issue 11).
        replaced_by = replaced_since(conn, earlier) if earlier is not None else []
        if earlier is not None and not replaced_by:
            outcome.status = IMPORTED
            outcome.upload_id = earlier
            outcome.problems.append(_already_imported(file_name, earlier))
            return outcome
        if earlier is not None:
            outcome.problems.append(_imported_again(file_name, earlier, replaced_by))
        if add_units and not parsed.new_units.empty:
            save_units(conn, parsed.new_units)
        if not new_items.empty:
            save_new_items(conn, new_items)
        upload_id = record_upload(
            conn,
            UploadRecord(
                file_name=file_name,
                sha256=parsed.sha256,
                uploaded_by=uploaded_by,
                status=IMPORTED,
                stock_rows=len(stock),
                publicity_rows=len(parsed.publicity),
                weeks=outcome.weeks,
                units=outcome.units,
                problems=[p.as_record() for p in outcome.problems],
            ),
        )
        replace_reports(conn, STOCK, stock, upload_id)
        replace_reports(conn, PUBLICITY, parsed.publicity, upload_id)
        bump_data_version(conn)
        # The units and weeks this upload holds rows of: their latest status is brought up to date, in this
        # transaction.
        refresh_latest_status(
            conn,
            set(_distinct(stock["unit_code"])) | set(_distinct(parsed.publicity["unit_code"])),
            set(_distinct(stock["week"])) | set(_distinct(parsed.publicity["week"])),
            written_stock=stock,
            read_ahead=_result(read_ahead),
            written_publicity=parsed.publicity,
        )
        outcome.status = IMPORTED
        outcome.upload_id = upload_id
        if on_stored is not None:
            on_stored(conn, outcome)
    return outcome


def _outcome(file_name: str, parsed: loaders.ParsedFile, problems: list[Problem]) -> FileOutcome:
    weeks = set(_distinct(parsed.stock["week"])) | set(_distinct(parsed.publicity["week"]))
    unit_codes = set(_distinct(parsed.stock["unit_code"])) | set(_distinct(parsed.publicity["unit_code"]))
    return FileOutcome(
        file=file_name,
        status=CHECKED,
        rows=len(parsed.stock) + len(parsed.publicity),
        weeks=sorted({pd.Timestamp(w).date().isoformat() for w in weeks}),
        units=sorted(unit_codes),
        problems=problems,
        stock=parsed.stock,
        publicity=parsed.publicity,
    )


def _distinct(column: pd.Series) -> list:
    """The column's distinct values, missing ones left out, as Python objects (iterating pandas' Arrow-backed
    strings one by one costs a tenth of a second on a province file)."""
    return np.asarray(column.dropna().unique(), dtype=object).tolist()


def _outside_rights(parsed: loaders.ParsedFile, allowed: set[str], units: pd.DataFrame) -> list[Problem]:
    names = dict(zip(units["code"], units["name"], strict=True))
    named = (
        set(parsed.stock["unit_code"])
        | set(parsed.publicity["unit_code"])
        | set(parsed.new_units.get("code", []))
    )
    refused = sorted(named - allowed)
    return [
        Problem(
            code="unit_not_yours",
            severity="error",
            sheet=None,
            row=None,
            column=None,
            value=names.get(code, code),
            message_zh=f"文件中有「{names.get(code, code)}」的数据，您的账号无权上报该单位。请删去这些行，或请该单位自行上报",
            message_en=(
                f"The file holds figures for {names.get(code, code)}, a unit your account may not report for. "
                "Remove those rows, or ask that unit to upload them"
            ),
        )
        for code in refused
    ]


def _imported_again(file_name: str, upload_id: int, replaced_by: list[int]) -> Problem:
    later = "、".join(f"第 {i} 次" for i in replaced_by)
    return Problem(
        code="imported_again",
        severity=WARNING,
        sheet=None,
        row=None,
        column=None,
        value=file_name,
        message_zh=f"{file_name} 与第 {upload_id} 次上传的文件相同，但其中的数字已被{later}上传替换；"
        "本次重新导入，这些数字重新生效（如非本意，可撤销本次上传）",
        message_en=f"{file_name} is identical to upload #{upload_id}, but upload(s) "
        f"{', '.join(f'#{i}' for i in replaced_by)} replaced some of its figures since: it was imported again and "
        "its figures are current once more (undo this upload if that was not meant)",
    )


def _already_imported(file_name: str, upload_id: int) -> Problem:
    return Problem(
        code="already_imported",
        severity=WARNING,
        sheet=None,
        row=None,
        column=None,
        value=file_name,
        message_zh=f"{file_name} 与第 {upload_id} 次上传的文件完全相同，已导入过，本次未作任何改动",
        message_en=f"{file_name} is identical to upload #{upload_id}, already imported: nothing was changed",
    )


def _failed(file_name: str, error: BaseException) -> Problem:
    detail = f"{type(error).__name__}: {error}"[:200]
    return Problem(
        code="import_failed",
        severity=ERROR,
        sheet=None,
        row=None,
        column=None,
        value=detail,
        message_zh=f"导入「{file_name}」时出错，未保存任何内容；请稍后重试，如仍出错请把此文件交给管理员",
        message_en=f"Importing {file_name} failed and nothing was stored; try again later, and if it fails "
        "again give the file to the administrator",
    )
