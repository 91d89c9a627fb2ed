"""Running edtfeed as the machines that run it do: a real child process on a copy of the sample show, and the
checks every operational fault test makes (no traceback, the message, the exit code, files intact, the next run
equal to a fresh `--no-cache` build)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.cli_env import cli_env
from tests.sample_show import copy_sample_show, feed_files

PROJECT_FILES = ("episodes", "edtfeed.toml", "edtfeed.lock", "edtfeed.transcripts", "feeds")


def edtfeed(root: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m edtfeed --config root/edtfeed.toml ARGS` in a child process, its output captured."""
    return subprocess.run([sys.executable, "-m", "edtfeed", "--config", str(root / "edtfeed.toml"), *args],
                          capture_output=True, text=True, timeout=timeout, env=cli_env(**env), cwd=root)


def published_show(root: Path) -> Path:
    """A copy of the sample show, published once (offline); returns its folder."""
    copy_sample_show(root)
    done = edtfeed(root, "publish", "--offline")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def assert_clean(done: subprocess.CompletedProcess[str], code: int, *messages: str) -> None:
    """The run exited with `code`, printed each message, and no traceback."""
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode == code, output
    for message in messages:
        assert message in output, output


def snapshot(root: Path, lock: bool = True) -> dict[str, bytes]:
    """Every published file and (with `lock`) the lock: what a fault must leave intact."""
    files = {f"feeds/{name}": data for name, data in feed_files(root / "feeds").items()}
    return {**files, "edtfeed.lock": (root / "edtfeed.lock").read_bytes()} if lock else files


def assert_next_run_is_fresh(root: Path, scratch: Path, *args: str) -> None:
    """After the fault is gone, a run gives exactly what a fresh --no-cache build of the same project gives."""
    fresh = scratch / "fresh"
    fresh.mkdir()
    for name in PROJECT_FILES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, fresh / name)
        elif source.exists():
            shutil.copy(source, fresh / name)
    again = edtfeed(root, "publish", "--offline", *args)
    assert_clean(again, 0)
    assert_clean(edtfeed(fresh, "publish", "--offline", "--no-cache", *args), 0)
    assert snapshot(root) == snapshot(fresh)
