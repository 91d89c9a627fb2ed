"""`serve --watch` as a real process meeting faults: a failed rebuild is said in the terminal and on every page,
watching goes on, and a record whose file name is not UTF-8 neither stops the watcher nor the rest of the show."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.cli_env import cli_env
from tests.ops import published_show

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="names that are not UTF-8 are a POSIX thing")


class Watch:
    """A running `edtfeed serve --watch`: its URL and every line it prints."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = re.search(r"at (http://127\.0\.0\.1:\d+)/", self.expect(r" at http://")).group(1)
        self.expect("watching ")

    def _pump(self) -> None:
        for line in self.process.stdout or ():
            self.lines.put(line)

    def expect(self, pattern: str, timeout: float = 60) -> str:
        """The next line matching `pattern` (a regex); fails with everything printed when none comes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.process.poll() is None, "serve --watch ended:\n" + "".join(self.seen)
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r}:\n" + "".join(self.seen))

    def ready(self, config: Path) -> None:
        """Wait until the watcher sees changes (it starts in a thread after "watching" is printed): touch the
        config until a rebuild answers."""
        for _ in range(120):
            os.utime(config)
            try:
                self.expect("published: ", timeout=0.5)
                return
            except AssertionError:
                continue
        raise AssertionError("the watcher never rebuilt:\n" + "".join(self.seen))

    def page(self, until: str | None = None, absent: bool = False) -> str:
        """The English page; with `until`, once it holds that text (or, `absent`, once it does not): the server
        takes the rebuild's outcome just after the terminal line."""
        deadline = time.monotonic() + 30
        while True:
            text = requests.get(f"{self.url}/en/", timeout=10).text
            if until is None or (until in text) != absent or time.monotonic() > deadline:
                return text
            time.sleep(0.05)


@contextmanager
def serve_watch(root: Path) -> Iterator[Watch]:
    """`edtfeed serve --watch --port 0` on the project in `root`, stopped afterwards; no traceback printed."""
    command = [sys.executable, "-m", "edtfeed", "--config", str(root / "edtfeed.toml"), "serve", "--watch",
               "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=cli_env(PYTHONUNBUFFERED="1"), cwd=root) as process:
        try:
            running = Watch(process)
            yield running
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert "Traceback" not in "".join(running.seen), "".join(running.seen)


@pytest.fixture
def watch(tmp_path: Path) -> Iterator[tuple[Path, Watch]]:
    root = published_show(tmp_path / "show")
    with serve_watch(root) as running:
        running.ready(root / "edtfeed.toml")
        yield root, running


def _edit_title(root: Path, title: str) -> None:
    record = root / "episodes" / "edt-1" / "en" / "episode.md"
    text = record.read_text(encoding="utf-8")
    start = text.index('title: "') + len('title: "')
    record.write_text(text[:start] + title + text[text.index('"', start):], encoding="utf-8")


def test_a_failed_rebuild_is_on_the_page_and_in_the_terminal_and_watching_goes_on(
    watch: tuple[Path, Watch]
) -> None:
    root, running = watch
    lock = root / "edtfeed.lock"
    good = lock.read_bytes()
    assert 'role="alert"' not in running.page()

    lock.write_text('{"version": 1, "audio": {')
    line = running.expect("publish failed: ")
    assert "lock file is not valid JSON" in line and "still watching" in line
    page = running.page(until='role="alert"')
    assert 'role="alert"' in page and "the last rebuild failed" in page and "lock file is not valid JSON" in page

    lock.write_bytes(good)
    running.expect("published: ")
    assert 'role="alert"' not in running.page(until='role="alert"', absent=True), "a good rebuild clears the banner"
    _edit_title(root, "Edited after the failure")
    running.expect(r"published: [1-9]\d* files? written")
    assert "Edited after the failure" in (root / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")


def test_a_record_whose_name_is_not_utf8_neither_stops_the_watcher_nor_the_show(watch: tuple[Path, Watch]) -> None:
    root, running = watch
    source = (root / "episodes" / "edt-1" / "en" / "episode.md").read_bytes()
    odd = os.path.join(os.fsencode(root / "episodes" / "edt-1"), b"caf\xe9.md")
    with open(odd, "wb") as handle:
        handle.write(source)
    running.expect(r"caf\\xe9\.md: error: the file name is not UTF-8")
    running.expect("published: ")
    running.ready(root / "edtfeed.toml")  # watching again
    _edit_title(root, "Edited beside an odd name")
    running.expect(r"published: [1-9]\d* files? written, 1 error")
    assert "Edited beside an odd name" in (root / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")


def test_a_first_build_that_fails_is_on_the_page_from_the_start(tmp_path: Path) -> None:
    root = published_show(tmp_path / "show")
    (root / "edtfeed.lock").write_text('{"version": 1, "audio": {')
    with serve_watch(root) as running:
        page = running.page()
    output = "".join(running.seen)
    assert "publish failed: " in output and "still watching" in output
    assert 'role="alert"' in page and "lock file is not valid JSON" in page
