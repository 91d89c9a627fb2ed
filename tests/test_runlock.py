"""The project lock between real processes: a second run waits a bounded time, then names the run that holds the
project; a holder that is killed never leaves a stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edtfeed.errors import EXIT_BUSY, ProjectBusy
from edtfeed.runlock import RUN_LOCK_FILE, project_lock
from tests.cli_env import cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the project lock is fcntl's (POSIX)")

HOLD = """
import sys, time
from pathlib import Path
from edtfeed.runlock import project_lock
with project_lock(Path(sys.argv[1]), "publish --remove 1234"):
    Path(sys.argv[2]).write_text("held")
    time.sleep(float(sys.argv[3]))
    Path(sys.argv[2]).write_text("done")
"""


def hold(root: Path, seconds: float) -> subprocess.Popen[bytes]:
    """A child process holding the project lock for `seconds`; returns once it holds it."""
    flag = root / "held"
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(root), str(flag), str(seconds)], env=cli_env())
    deadline = time.monotonic() + 30
    while not flag.exists():
        assert child.poll() is None and time.monotonic() < deadline, "the holder did not start"
        time.sleep(0.02)
    return child


def test_a_second_run_gives_up_after_the_wait_naming_the_holder(tmp_path: Path) -> None:
    child = hold(tmp_path, 30)
    try:
        started = time.monotonic()
        with pytest.raises(ProjectBusy) as caught:
            with project_lock(tmp_path, "publish", wait=0.3):
                pytest.fail("two runs held the project at once")
        assert 0.3 <= time.monotonic() - started < 10
        message = str(caught.value)
        assert f"pid {child.pid}: edtfeed publish --remove 1234" in message
        assert str(tmp_path / RUN_LOCK_FILE) in message and "EDTFEED_LOCK_WAIT" in message
        assert caught.value.exit_code == EXIT_BUSY
    finally:
        child.kill()
        child.wait()


def test_a_second_run_waits_for_the_first_to_finish(tmp_path: Path) -> None:
    child = hold(tmp_path, 0.5)
    with project_lock(tmp_path, "publish", wait=30):
        assert (tmp_path / "held").read_text() == "done", "granted only once the holder was done"
        assert (tmp_path / RUN_LOCK_FILE).read_text() == f"pid {os.getpid()}: edtfeed publish\n"
    assert child.wait(timeout=30) == 0


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    child = hold(tmp_path, 30)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with project_lock(tmp_path, "publish", wait=0):
        pass


@pytest.mark.parametrize("blocker", ["folder at the lock file", "file at the cache folder"])
def test_a_project_folder_that_cannot_hold_the_lock_file_runs_without_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, blocker: str
) -> None:
    lock_file = tmp_path / RUN_LOCK_FILE
    if blocker == "folder at the lock file":
        lock_file.mkdir(parents=True)  # even root cannot open a folder for writing
    else:
        lock_file.parent.write_text("not a folder")
    with project_lock(tmp_path, "publish", wait=0):
        pass
    assert "cannot create the project lock" in caplog.text and "running without it" in caplog.text
