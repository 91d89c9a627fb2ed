"""Ctrl+C and SIGTERM, sent for real to a real `edtfeed publish` (its worker processes running, or still importing):
the run ends within a second with one line and exit 130/143, no traceback, no process of the run left (none holding
the caller's pipe), every file whole, and the next run equal to a fresh --no-cache build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from bench.generate import generate
from edtfeed.errors import EXIT_INTERRUPTED, EXIT_TERMINATED
from tests.cli_env import cli_env
from tests.ops import assert_next_run_is_fresh, snapshot

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")

EPISODES = 150  # x 2 languages: long enough a build to catch its workers at work


@pytest.fixture
def show(tmp_path: Path) -> Path:
    root = tmp_path / "show"
    generate(root, EPISODES, ("en", "es"))
    return root


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    """`edtfeed publish --offline --no-cache -j 2` in its own session (a terminal's process group)."""
    return subprocess.Popen(
        [sys.executable, "-m", "edtfeed", "--config", str(root / "edtfeed.toml"), "publish", "--offline",
         "--no-cache", "-j", "2", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(), start_new_session=True)


def session(sid: int) -> list[int]:
    """Every live process of the session `sid` (the run and anything it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # field 6 of stat(5), after the name: session id
            found.append(int(entry.name))
    return found


def wait_for_workers(run: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(session(run.pid)) < 2:
        assert run.poll() is None, "the run ended before any worker started: make the show larger"
        assert time.monotonic() < deadline, "no worker process started"
        time.sleep(0.002)


def stop(run: subprocess.Popen[str], signum: int, group: bool) -> tuple[float, str, str]:
    """Send `signum` (to the whole process group, as a terminal's Ctrl+C does, or to the run only); returns the
    seconds until the run ended and its output. communicate() returns only once no process holds the pipes."""
    sent = time.monotonic()
    if group:
        os.killpg(run.pid, signum)
    else:
        os.kill(run.pid, signum)
    out, err = run.communicate(timeout=30)
    return time.monotonic() - sent, out, err


def assert_stopped(run: subprocess.Popen[str], took: float, err: str, out: str, code: int, name: str) -> None:
    assert "Traceback" not in err + out, err
    assert run.returncode == code, err
    assert err.strip().splitlines() == [f"edtfeed: stopped by {name}; files written so far are whole, run again "
                                        "to finish"], err
    assert took < 1.5, f"the run took {took:.2f} s to end"
    time.sleep(0.2)
    assert session(run.pid) == [], "a process of the run survived"


def assert_whole(root: Path) -> None:
    for feed in (root / "feeds").rglob("feed.xml"):
        etree.parse(str(feed))  # whole: parses
    assert not [p for p in root.rglob("*.tmp")], "a temp file was left"


@pytest.mark.parametrize(("signum", "group", "name"), [
    (signal.SIGINT, True, "Ctrl+C (SIGINT)"),
    (signal.SIGTERM, False, "SIGTERM"),  # to the main process only: its workers must not be left behind
    (signal.SIGTERM, True, "SIGTERM"),
])
def test_a_signal_while_workers_run(show: Path, tmp_path: Path, signum: int, group: bool, name: str) -> None:
    run = start(show)
    wait_for_workers(run)
    took, out, err = stop(run, signum, group)
    assert_stopped(run, took, err, out, 128 + signum, name)
    assert_whole(show)
    assert_next_run_is_fresh(show, tmp_path)


def test_a_signal_after_a_first_build_leaves_the_published_files(show: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "edtfeed", "--config", str(show / "edtfeed.toml"), "publish",
                           "--offline"], capture_output=True, text=True, env=cli_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    before = snapshot(show)
    run = start(show)
    wait_for_workers(run)
    took, out, err = stop(run, signal.SIGINT, True)
    assert_stopped(run, took, err, out, EXIT_INTERRUPTED, "Ctrl+C (SIGINT)")
    assert snapshot(show) == before, "an interrupted run of unchanged inputs changed nothing"
    assert_next_run_is_fresh(show, tmp_path)


def handles_sigterm(pid: int) -> bool:
    """The process catches SIGTERM: edtfeed's handlers are installed (Python alone does not catch SIGTERM)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
def test_ctrl_c_while_starting_up(show: Path, delay: float) -> None:
    """While the command's modules are still being imported: one line, exit 130 (was a KeyboardInterrupt
    traceback). Sent once the entry point's handlers are in place: before that, Python itself is starting."""
    run = start(show)
    deadline = time.monotonic() + 30
    while not handles_sigterm(run.pid):
        assert run.poll() is None and time.monotonic() < deadline, "the entry point never installed its handlers"
        time.sleep(0.001)
    time.sleep(delay)
    took, out, err = stop(run, signal.SIGINT, True)
    assert_stopped(run, took, err, out, EXIT_INTERRUPTED, "Ctrl+C (SIGINT)")


def test_sigterm_exit_code_is_143() -> None:
    assert EXIT_TERMINATED == 128 + signal.SIGTERM
