"""Headless Chromium for the browser tests: a page's rendered DOM and a screenshot, loopback only.

Pages come from `edtfeed serve` on 127.0.0.1. The suite installs nothing; .ci/run installs Debian's chromium.
Without it the browser tests skip, unless EDTFEED_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
SRC = Path(__file__).resolve().parent.parent / "src"


def chromium_or_skip() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("EDTFEED_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is required (EDTFEED_REQUIRE_BROWSER=1) but not installed")
    pytest.skip("chromium is not installed (CI installs it: see .ci/run)")


def _flags(profile: Path) -> list[str]:
    return [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}",
        # Everything but loopback fails to resolve: remote artwork and media never leave the machine.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]


def dump_dom(browser: str, url: str, profile: Path) -> str:
    done = subprocess.run([browser, *_flags(profile), "--dump-dom", url], capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout


def screenshot(browser: str, url: str, profile: Path, target: Path, size: str = "1000,1600") -> Path:
    subprocess.run([browser, *_flags(profile), f"--window-size={size}", f"--screenshot={target}", url],
                   capture_output=True, timeout=120, check=True)
    return target


@contextmanager
def edtfeed_serve(root: Path) -> Iterator[str]:
    """Run `edtfeed serve --port 0 --dir root` (this tree's code) and yield its base URL; stopped afterwards."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "edtfeed", "serve", "--port", "0", "--dir", str(root)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as server:
        try:
            first = server.stdout.readline() if server.stdout else ""
            match = re.search(r"at (http://127\.0\.0\.1:\d+)/", first)
            if not match:
                raise AssertionError(f"edtfeed serve did not start: {first!r}")
            yield match.group(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
