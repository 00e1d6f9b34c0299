"""Read an uploaded file in a separate process, within a memory cap and a time limit.

One hostile .xlsx made the reader allocate 512 GB and abort the whole server, and a truncated .xls raised a
Rust panic that `except Exception` never sees (issue 11). So every read happens in a child process: it may run
out of memory, overrun, panic or die, and the server (or the command line) only gets a clear rejection.

Children come from a forkserver that has imported the loaders once (a fork costs milliseconds; `spawn`
would re-import pandas for every file), and never from a fork of the multi-threaded Streamlit server.
Linux only (forkserver, /proc, RLIMIT_AS), as is the deployment (deploy/).
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import io
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.context import set_spawning_popen
from typing import Any

import numpy as np
import pandas as pd

import loaders
from domain.frames import PUBLICITY_COLUMNS, SOURCE_COLUMNS, STOCK_COLUMNS
from domain.parse_limits import ParseLimits
from domain.problems import Problem, has_errors
from loaders import size_messages
from loaders.parse import NEW_UNIT_COLUMNS, UNIT_COLUMNS_READ
from loaders.workbook_size import inspect_workbook
from uploads.packed_frames import pack, unpack
from uploads.reader_server import reader_context

_context: multiprocessing.context.BaseContext | None = None
_GRACE_SECONDS = 5.0  # for the child to send a large result after it finished in time
_PIPE_BYTES = 1 << 20  # Linux's default pipe-max-size for a process without CAP_SYS_RESOURCE


@dataclass(frozen=True)
class WorkerFailure:
    """Why a worker gave no result: `limit` is memory, time or reader (it panicked or died)."""

    limit: str
    detail: str

    def problem(self, file_name: str, limits: ParseLimits) -> Problem:
        if self.limit == "memory":
            return size_messages.over_memory(file_name, limits.worker_memory_bytes)
        if self.limit == "time":
            return size_messages.over_time(file_name, limits.worker_seconds)
        return size_messages.reader_failed(file_name, self.detail)


def parse_in_worker(
    file_name: str,
    content: bytes,
    units: pd.DataFrame,
    items: pd.DataFrame,
    limits: ParseLimits,
    *,
    week: date | None = None,
    add_units: bool = False,
) -> loaders.ParsedFile:
    """loaders.parse_file, in a child within `limits`; anything that goes wrong is one error problem."""
    units = _units_to_send(units)
    job_args = (file_name, content, units, items, week, add_units)
    result = run_sized(_parse_job, job_args, file_name, content, limits)
    if isinstance(result, WorkerFailure):
        return refused_file(file_name, content, [result.problem(file_name, limits)])
    if isinstance(result, TooLarge):
        return refused_file(file_name, content, result.problems)
    parsed, (stock, publicity, new_units) = result
    return replace(parsed, stock=unpack(stock), publicity=unpack(publicity), new_units=unpack(new_units))


def _units_to_send(units: pd.DataFrame) -> pd.DataFrame:
    """The unit list's columns that parse_file reads, aliases only where a unit has some.

    30,000 empty alias lists cost the child 0.05 s to unpickle (each new list is a container the collector
    walks, over pages shared with the forkserver); None reads the same to the unit matcher."""
    units = units[[c for c in units.columns if c in UNIT_COLUMNS_READ]]
    if "aliases" in units:
        sparse = np.empty(len(units), dtype=object)
        for position, aliases in enumerate(units["aliases"].tolist()):
            if isinstance(aliases, (list, tuple)) and aliases:
                sparse[position] = aliases
        units = units.assign(aliases=sparse)
    return units


def read_unit_list_in_worker(
    file_name: str, content: bytes, limits: ParseLimits
) -> tuple[pd.DataFrame, list[Problem]]:
    """loaders.read_unit_list, in a child within `limits`."""
    result = run_sized(loaders.read_unit_list, (file_name, content), file_name, content, limits)
    if isinstance(result, WorkerFailure):
        return pd.DataFrame(), [result.problem(file_name, limits)]
    if isinstance(result, TooLarge):
        return pd.DataFrame(), result.problems
    return result


def refused_file(file_name: str, content: bytes, problems: list[Problem]) -> loaders.ParsedFile:
    """A ParsedFile with no rows, only the problems that refused it."""
    return loaders.ParsedFile(
        file_name,
        hashlib.sha256(content).hexdigest(),
        _empty(STOCK_COLUMNS),
        _empty(PUBLICITY_COLUMNS),
        pd.DataFrame(columns=NEW_UNIT_COLUMNS),
        problems,
    )


def _empty(columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in columns + SOURCE_COLUMNS})
    frame["week"] = pd.Series(dtype="datetime64[ns]")
    return frame


def _parse_job(file_name, content, units, items, week, add_units) -> tuple[loaders.ParsedFile, tuple]:
    """The parsed file without its frames, and the frames packed to cross the pipe (see packed_frames)."""
    parsed = loaders.parse_file(file_name, content, units, items, week=week, add_units=add_units)
    frames = (pack(parsed.stock), pack(parsed.publicity), pack(parsed.new_units))
    nothing = pd.DataFrame()
    return replace(parsed, stock=nothing, publicity=nothing, new_units=nothing), frames


@dataclass(frozen=True)
class TooLarge:
    """The size check's problems (loaders/workbook_size.py): the file is refused unread."""

    problems: list[Problem]


def run_sized(
    job: Callable[..., Any], args: tuple, file_name: str, content: bytes, limits: ParseLimits
) -> Any:
    """job(*args) in a child within `limits`, while a second child sizes the file (inspect_workbook).

    The size check streams every sheet's XML: 0.4 s of a province file, which the reader used to wait for.
    Both children start at once, so on a server's second core it costs no time. The reader may meet what
    the check is there to refuse (cells at A1 and XFD1048576 make calamine ask for 512 GB): it is capped like
    any reader and dies alone, and the check's answer comes first either way. Returns TooLarge when the check
    refuses the file (the reader is stopped at once), a WorkerFailure when either child failed, else the
    job's result."""
    sizing = _start(inspect_workbook, (file_name, content, limits), limits)
    try:
        reading = _start(job, args, limits)
    except BaseException:
        _stop(sizing)
        raise
    try:
        problems = _collect(sizing, limits)
        if isinstance(problems, WorkerFailure):
            return problems
        if has_errors(problems):
            return TooLarge(problems)
        return _collect(reading, limits)
    finally:
        _stop(sizing)
        _stop(reading)


def run_limited(job: Callable[..., Any], args: tuple, limits: ParseLimits) -> Any:
    """job(*args) in a child process; its result, or a WorkerFailure naming the limit hit."""
    child = _start(job, args, limits)
    try:
        return _collect(child, limits)
    finally:
        _stop(child)


@dataclass(frozen=True)
class _Child:
    process: multiprocessing.process.BaseProcess
    receiver: Any  # the read end of the pipe the child sends its one result on
    started: float  # time.monotonic() at its start: its time limit runs from there


def _start(job: Callable[..., Any], args: tuple, limits: ParseLimits) -> _Child:
    context = _worker_context()
    receiver, sender = context.Pipe(duplex=False)
    _widen_pipe(sender.fileno())
    process = _ReaderProcess(
        target=_child,
        args=(sender, job, args, limits.worker_memory_bytes, limits.worker_seconds),
        daemon=True,
    )
    try:
        process.start()
    except BaseException:
        receiver.close()
        raise
    finally:
        sender.close()  # the child holds the only writer: its death reads as end of file here
    return _Child(process, receiver, time.monotonic())


def _collect(child: _Child, limits: ParseLimits) -> Any:
    """The child's result, or a WorkerFailure: over its time, out of memory, or dead."""
    left = max(0.0, limits.worker_seconds - (time.monotonic() - child.started))
    if not child.receiver.poll(left):
        return WorkerFailure("time", f"over {limits.worker_seconds:g} s")
    try:
        kind, value = child.receiver.recv()
    except (EOFError, OSError):
        child.process.join(_GRACE_SECONDS)
        return _death(child.process.exitcode)
    if kind == "ok":
        return value
    return WorkerFailure(kind, value)


def _stop(child: _Child) -> None:
    """Kill the child if it still runs, and let it go (idempotent)."""
    if child.process.is_alive():
        child.process.kill()
    child.process.join(_GRACE_SECONDS)
    child.receiver.close()


def _widen_pipe(fd: int) -> None:
    """A 1 MiB pipe buffer instead of 64 KiB: 40 MB of parsed records cross in 40 writes, not 640, each of
    which waits for the other process to be scheduled (on a busy 2-core server, the larger part of the cost)."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except OSError:
        pass  # over the system's pipe-max-size: the default buffer is only slower


def _death(exitcode: int | None) -> WorkerFailure:
    """A child that sent nothing: SIGABRT is how Rust ends a failed allocation, SIGXCPU the CPU-time cap."""
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL):
        return WorkerFailure("memory", f"exit {exitcode}")
    if exitcode == -signal.SIGXCPU:
        return WorkerFailure("time", f"exit {exitcode}")
    return WorkerFailure("reader", f"the reader process ended (exit {exitcode})")


def _worker_context() -> multiprocessing.context.BaseContext:
    global _context
    if _context is None:
        _context = reader_context()
    return _context


class _ReaderPopen(popen_forkserver.Popen):
    """Start a forkserver child without re-running the parent's __main__ in it.

    multiprocessing re-imports __main__ in every child. Under Streamlit, __main__ is the page script being run
    (the script runner installs it there), so each child would run a page; under the command line it cost
    0.4 s a file. Our jobs are module-level functions, so the child needs no __main__: the two keys that ask for
    it are dropped. The rest is Popen._launch of Python 3.11 as it stands.
    """

    def _launch(self, process_obj):
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _widen_pipe(w)  # the file and the unit list cross here
        _parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _ReaderProcess(multiprocessing.context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj):
        return _ReaderPopen(process_obj)


def _child(sender, job: Callable[..., Any], args: tuple, memory_bytes: int, seconds: float) -> None:
    # What the forkserver had made is never garbage here: left out of every collection, the collector does not
    # write to (and so copy) each of its pages while the reader builds its rows.
    gc.freeze()
    _cap_resources(memory_bytes, seconds)
    try:
        payload = ("ok", job(*args))
    except MemoryError:
        payload = ("memory", "MemoryError")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pyo3's PanicException derives from BaseException, not Exception
        payload = ("reader", f"{type(error).__name__}: {error}"[:200])
    try:
        sender.send(payload)
    except MemoryError:
        sender.send(("memory", "MemoryError while returning the result"))
    finally:
        sender.close()


def _cap_resources(memory_bytes: int, seconds: float) -> None:
    """Cap the address space at what the child already maps plus `memory_bytes`, and CPU time past the limit.

    The forkserver child starts with pandas and the readers mapped (about 400 MB of address space, most of it
    never touched); capping the total at 512 MiB would leave no room, so the cap is on what reading adds.
    """
    limit = _mapped_bytes() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    os.environ["RUST_BACKTRACE"] = "0"  # a failed allocation prints one line, not a 40-frame trace


def _mapped_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0
