"""Two runs at once on one project, as real processes: `publish --remove` while a publish is paused between writing
its feeds and saving the lock. The removal holds, with the project lock (the removal waits for the publish) and
without it (saving the lock merges with what is on disk: belt and braces)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from tests.cli_env import cli_env
from tests.ops import assert_clean, assert_next_run_is_fresh, edtfeed, published_show

REMOVED = "edt-2/en/episode.md"
RUNNERS = ("edtfeed.runner.show",)  # what saves the lock after writing feeds (through runner.resolve.save_pins)

# A publish that stops just before it saves the lock (its feeds are written), until the file `go` exists.
PAUSED_PUBLISH = f"""
import importlib, sys, time
from pathlib import Path
import edtfeed.lock
root = Path(sys.argv[1])
real = edtfeed.lock.save_lock
def paused(path, lock):
    (root / "paused").write_text("paused")
    while not (root / "go").exists():
        time.sleep(0.02)
    return real(path, lock)
for name in {RUNNERS!r}:
    try:
        importlib.import_module(name)
    except ImportError:
        continue
for module in list(sys.modules.values()):
    if getattr(module, "save_lock", None) is real:
        module.save_lock = paused
from edtfeed.__main__ import run
sys.argv = ["edtfeed", "--config", str(root / "edtfeed.toml"), "publish", "--offline"]
run()
"""

# `publish --remove` where there is no project lock (fcntl missing, as on Windows).
UNLOCKED = """
import sys
import edtfeed.runlock
edtfeed.runlock.fcntl = None
from edtfeed.__main__ import run
sys.argv = ["edtfeed", *sys.argv[1:]]
run()
"""


def _ledger(root: Path) -> dict[str, dict]:
    return json.loads((root / "edtfeed.lock").read_text(encoding="utf-8"))["ledger"]["en"]


def _guid(root: Path, rel: str) -> str:
    [guid] = [g for g, item in _ledger(root).items() if item["path"] == rel]
    return guid


def _feed_guids(root: Path) -> set[str]:
    tree = etree.parse(str(root / "feeds" / "en" / "feed.xml"))
    return {guid.text for guid in tree.iterfind("channel/item/guid")}


def _edit_title(root: Path, rel: str, title: str) -> None:
    record = root / "episodes" / rel
    text = record.read_text(encoding="utf-8")
    start = text.index('title: "') + len('title: "')
    record.write_text(text[:start] + title + text[text.index('"', start):], encoding="utf-8")


def _start_paused_publish(root: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        child = subprocess.Popen([sys.executable, "-c", PAUSED_PUBLISH, str(root)], env=cli_env(), stdout=out,
                                 stderr=subprocess.STDOUT)
    _wait_for(lambda: (root / "paused").exists(), child, "the publish never reached its lock save")
    return child


def _wait_for(condition, child: subprocess.Popen[bytes], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert child.poll() is None, what
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


@pytest.mark.skipif(sys.platform == "win32", reason="the project lock is fcntl's (POSIX)")
def test_a_removal_waits_for_the_running_publish_and_holds(tmp_path: Path) -> None:
    root = published_show(tmp_path / "show")
    guid = _guid(root, REMOVED)
    _edit_title(root, "edt-1/en/episode.md", "An edit the paused publish writes")
    publish = _start_paused_publish(root, tmp_path / "publish.log")
    written = (root / "feeds" / "en" / "feed.xml").read_bytes()
    assert b"An edit the paused publish writes" in written, "the paused publish has written its feed"

    remove_log = tmp_path / "remove.log"
    with remove_log.open("wb") as out:
        remove = subprocess.Popen([sys.executable, "-m", "edtfeed", "--config", str(root / "edtfeed.toml"),
                                   "publish", "--offline", "--remove", guid], env=cli_env(EDTFEED_LOCK_WAIT="60"),
                                  stdout=out, stderr=subprocess.STDOUT)
    _wait_for(lambda: b"waiting for another edtfeed run" in remove_log.read_bytes(), remove,
              "the removal did not wait for the publish")
    assert _ledger(root)[guid].get("removed") is not True
    (root / "go").write_text("go")
    assert publish.wait(timeout=60) == 0, (tmp_path / "publish.log").read_text()
    assert remove.wait(timeout=60) == 0, remove_log.read_text()
    assert "Traceback" not in remove_log.read_text() + (tmp_path / "publish.log").read_text()

    assert _ledger(root)[guid]["removed"] is True
    assert guid not in _feed_guids(root)
    _edit_title(root, "edt-3/en/episode.md", "An unrelated edit days later")
    assert_clean(edtfeed(root, "publish", "--offline"), 0)
    assert guid not in _feed_guids(root), "the removed episode never comes back"
    assert_next_run_is_fresh(root, tmp_path)


def test_without_the_project_lock_the_lock_save_keeps_the_removal(tmp_path: Path) -> None:
    root = published_show(tmp_path / "show")
    guid = _guid(root, REMOVED)
    _edit_title(root, "edt-1/en/episode.md", "An edit the paused publish writes")
    publish = _start_paused_publish(root, tmp_path / "publish.log")

    removal = subprocess.run([sys.executable, "-c", UNLOCKED, "--config", str(root / "edtfeed.toml"), "publish",
                              "--offline", "--remove", guid], env=cli_env(), capture_output=True, text=True,
                             timeout=120)
    assert_clean(removal, 0)
    assert _ledger(root)[guid]["removed"] is True
    (root / "go").write_text("go")
    assert publish.wait(timeout=60) == 0, (tmp_path / "publish.log").read_text()

    assert _ledger(root)[guid]["removed"] is True, "the paused publish's lock save kept the removal"
    _edit_title(root, "edt-3/en/episode.md", "An unrelated edit days later")
    assert_clean(edtfeed(root, "publish", "--offline"), 0)
    assert guid not in _feed_guids(root), "the removed episode never comes back"
    assert _ledger(root)[guid]["removed"] is True
    assert_next_run_is_fresh(root, tmp_path)
