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
from tests.cli_env import cli_env

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


@contextmanager
def edtfeed_serve(root: Path) -> Iterator[str]:
    """Run `edtfeed serve --port 0 --dir root` (this tree's code) and yield its base URL; stopped afterwards."""
    env = cli_env(PYTHONUNBUFFERED="1")
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


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # screenshots for a person to look at (git-ignored)
# A 1x1 PNG for the show's remote artwork: the browser never leaves loopback, and nothing fails to load.
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8"
                      "cfc0f01f0005000201a5f1a1d60000000049454e44ae426082")


@contextmanager
def playwright_page(browser: str) -> Iterator[object]:
    """A Playwright page in the given Chromium (never a downloaded browser); remote requests answered locally:
    images get PIXEL, anything else an empty 204."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("EDTFEED_REQUIRE_BROWSER") == "1":
            pytest.fail("playwright is required (EDTFEED_REQUIRE_BROWSER=1): pip install '.[test]'")
        pytest.skip("playwright is not installed (pip install '.[test]')")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=browser, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        try:
            page = chromium.new_page(viewport={"width": 1000, "height": 1400})

            def answer(route: object) -> None:
                request = route.request
                if request.url.startswith("http://127.0.0.1:"):
                    route.continue_()
                elif request.resource_type == "image":
                    route.fulfill(status=200, content_type="image/png", body=PIXEL)
                else:
                    route.fulfill(status=204, body=b"")

            page.route("**/*", answer)
            yield page
        finally:
            chromium.close()


@contextmanager
def edtfeed_serve_watch(config: Path) -> Iterator[str]:
    """Run `edtfeed --config CONFIG serve --watch --port 0` and yield its base URL once it serves."""
    env = cli_env(PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "edtfeed", "--config", str(config), "serve", "--watch", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                          cwd=config.parent) as server:
        try:
            seen = []
            for line in server.stdout or ():
                seen.append(line)
                match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
                if match:
                    break
            else:
                raise AssertionError(f"edtfeed serve --watch did not start: {''.join(seen)!r}")
            for line in server.stdout or ():
                if "watching" in line:  # the watcher is set up after the feed lines
                    break
            yield match.group(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
