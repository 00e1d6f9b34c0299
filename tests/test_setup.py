"""The two README commands as a new user meets them, and the command line without a terminal.

`scripts/start.sh` is run in a fresh copy of the project (the files git would clone, nothing else: no .venv,
no data, no ../shared beside it) with Debian's own python3 first on the PATH, the Python that refuses
system-wide installs (PEP 668). It must make its own .venv, install into it, print the port it really serves
and answer /_stcore/health.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from access.passwords import MIN_PASSWORD_LENGTH
from tests.apptest_support import free_port

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")


def project_files() -> list[str]:
    """What a clone holds: tracked files plus new ones not ignored (so uncommitted work is tested too)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def fresh_copy(target: Path) -> Path:
    for name in project_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def test_the_fresh_copy_holds_no_environment_no_data_and_no_shelf(tmp_path):
    clone = fresh_copy(tmp_path / "clone")
    assert not (clone / ".venv").exists() and not (clone / "data" / "dashboard.sqlite3").exists()
    assert not (clone.parent / "shared").exists()
    assert (clone / "tests" / "fixtures" / "samples" / "东河县_物资宣传周报_2020年第6周.xlsx").is_file()
    assert (clone / "requirements.lock").is_file() and (clone / "scripts" / "start.sh").is_file()


def test_start_sh_on_debians_python_makes_its_venv_and_serves(tmp_path):
    if not SYSTEM_PYTHON.exists():
        pytest.skip("no Debian system python3 at /usr/bin/python3")
    # The system Python has none of our packages, and must not get them.
    assert subprocess.run([str(SYSTEM_PYTHON), "-c", "import streamlit"], capture_output=True).returncode == 1
    clone = fresh_copy(tmp_path / "clone")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "DASHBOARD_DB_URL"}}
    env["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin"  # Debian's python3 first, as on a stock machine
    log = tmp_path / "start.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["bash", "scripts/start.sh", "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=clone,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        answer = _wait_for_health(f"http://127.0.0.1:{port}", proc, log, timeout=900)
        assert answer == b"ok"
        printed = log.read_text(encoding="utf-8", errors="replace")
        assert f"看板地址 / dashboard: http://localhost:{port}" in printed
        venv_python = clone / ".venv" / "bin" / "python"
        config = (clone / ".venv" / "pyvenv.cfg").read_text()
        assert "home = /usr/bin" in config  # made by Debian's python3, not by whatever ran the tests
        found = subprocess.run(
            [
                str(venv_python),
                "-c",
                "import streamlit, pandas; print(streamlit.__version__, pandas.__version__)",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert found == [_locked("streamlit"), _locked("pandas")]
        assert (
            subprocess.run([str(SYSTEM_PYTHON), "-c", "import streamlit"], capture_output=True).returncode
            == 1
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _wait_for_health(base: str, proc: subprocess.Popen, log: Path, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"start.sh exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                return response.read().strip()
        except OSError:
            time.sleep(1)
    pytest.fail(
        f"no answer at {base}/_stcore/health after {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}"
    )


def _locked(name: str) -> str:
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.lower().startswith(f"{name}=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError(f"{name} is not in requirements.lock")


def test_users_add_without_a_terminal_says_how_and_exits_2(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "cli.py",
            "--db",
            f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "users",
            "add",
            "wang",
            "--role",
            "admin",
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "没有终端可输入密码：请在终端中运行，或加 --password-stdin 从标准输入读一行作为密码"
        f"（至少 {MIN_PASSWORD_LENGTH} 个字符）\n"
    )
    assert not (tmp_path / "x.sqlite3").exists()  # refused before anything was created


def test_the_password_rule_is_one_constant_for_page_and_command_line(tmp_path):
    from pages.common.auth import FIRST_ADMIN_HINT

    assert MIN_PASSWORD_LENGTH == 8
    assert f"至少 {MIN_PASSWORD_LENGTH} 个字符的密码" in FIRST_ADMIN_HINT
    short = "x" * (MIN_PASSWORD_LENGTH - 1)
    result = subprocess.run(
        [sys.executable, "cli.py", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", "users", "add", "wang",
         "--role", "admin", "--password-stdin"],
        cwd=ROOT,
        input=short + "\n",
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert (result.returncode, result.stderr.strip()) == (1, f"密码太短：至少 {MIN_PASSWORD_LENGTH} 个字符")


def _pytest_on(test_text: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_gate_probe.py").write_text(test_text)
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"FAIL_ON_SKIP", "REQUIRE_PG", "DASHBOARD_TEST_PG_URL"}
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider",
         str(tmp_path / "test_gate_probe.py")],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )  # fmt: skip


def test_the_gate_fails_a_run_that_skipped_a_test(tmp_path):
    probe = (
        "import pytest\n\ndef test_skipped():\n    pytest.skip('no reason')\n\ndef test_ran():\n    pass\n"
    )
    assert _pytest_on(probe, tmp_path).returncode == 0  # a developer's run may skip
    strict = _pytest_on(probe, tmp_path, FAIL_ON_SKIP="1")
    assert strict.returncode == 1
    assert "FAIL_ON_SKIP=1: 1 test(s) skipped — the gate counts that as a failure" in strict.stdout


def test_the_gate_fails_a_postgres_test_without_a_server(tmp_path):
    probe = "from tests.conftest import need_postgres\n\ndef test_pg():\n    need_postgres()\n"
    assert "1 skipped" in _pytest_on(probe, tmp_path).stdout
    strict = _pytest_on(probe, tmp_path, REQUIRE_PG="1")
    assert strict.returncode == 1
    assert (
        "no PostgreSQL server: set DASHBOARD_TEST_PG_URL (scripts/check.sh starts one) — required by "
        "REQUIRE_PG=1" in strict.stdout
    )
