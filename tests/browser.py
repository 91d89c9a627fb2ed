"""Headless Chromium for the browser tests: a page's rendered DOM and a screenshot, loopback only.

The suite installs nothing; .ci/run installs Debian's chromium. Without it the browser tests skip, unless
EDTFEED_REQUIRE_BROWSER=1 (set by .ci/run) makes a missing browser a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


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


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        pass


@contextmanager
def serve_dir(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (ephemeral port) with the stdlib's types (.xml is application/xml)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
