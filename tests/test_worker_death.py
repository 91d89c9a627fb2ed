"""A worker process killed mid-run (as the kernel does for memory) always ends in WorkerDied: exit 1, the
documented message, no traceback; whether it was reading records or building a language's feed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate
from edtfeed.runner.workers import workers_available
from edtfeed.errors import EXIT_PROBLEMS
from tests.cli_env import cli_env


pytestmark = pytest.mark.skipif(not workers_available(), reason="needs fork and two CPUs")

# Run the real CLI with the small show put into workers (`--jobs 2`), and one stage function replaced by a SIGKILL
# of the process it runs in: it runs only in forked workers, so only a worker dies.
SCRIPT = """
import os, signal, sys
import edtfeed.runner.cache, edtfeed.runner.show
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
setattr(sys.modules[sys.argv.pop(1)], sys.argv.pop(1), die)
from edtfeed.cli import main
main()
"""


@pytest.mark.parametrize(
    ("module", "function", "doing"),
    [("edtfeed.runner.cache", "_read_chunk", "reading records"),
     ("edtfeed.runner.show", "_build_language", "building feeds")],
)
def test_a_killed_worker_ends_in_worker_died(tmp_path: Path, module: str, function: str, doing: str) -> None:
    generate(tmp_path, 5, ("en", "es", "ar"))
    lock_before = (tmp_path / "edtfeed.lock").read_bytes() if (tmp_path / "edtfeed.lock").exists() else None
    env = cli_env()
    done = subprocess.run([sys.executable, "-c", SCRIPT, module, function, "--config", str(tmp_path / "edtfeed.toml"),
                           "publish", "--offline", "--jobs", "2"], env=env, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == EXIT_PROBLEMS, output
    assert f"a worker process died while {doing} (killed for lack of memory?)" in output
    assert "run again, or free memory" in output
    assert "Traceback" not in output and "BrokenProcessPool" not in output
    lock_after = (tmp_path / "edtfeed.lock").read_bytes() if (tmp_path / "edtfeed.lock").exists() else None
    assert lock_after == lock_before  # the lock is not updated by a run that did not finish
