"""`edtfeed serve` as a preview: the feeds it prints, a busy port's hint, and `--watch`'s live reload."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

import requests
from click.testing import CliRunner

from edtfeed.cli import main
from edtfeed.serve import EVENTS_PATH, RELOAD_SCRIPT, LivePreviewServer, feed_paths
from tests.cli_env import cli_env



def _site(tmp_path: Path) -> Path:
    root = tmp_path / "feeds"
    for rel, data in {"en/feed.xml": b"<rss/>", "es/feed.xml": b"<rss/>", "en/index.html": b"<p>page</p></body>",
                      "en/chapters/a.json": b"{}"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_feed_paths_lists_each_language_feed(tmp_path: Path) -> None:
    assert feed_paths(_site(tmp_path)) == ["/en/feed.xml", "/es/feed.xml"]


def test_a_busy_port_suggests_port_zero(tmp_path: Path) -> None:
    root = _site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--dir", str(root), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert "--port 0" in result.output


def test_serve_prints_each_feed_url(tmp_path: Path) -> None:
    root = _site(tmp_path)
    env = cli_env(PYTHONUNBUFFERED="1")
    with subprocess.Popen([sys.executable, "-m", "edtfeed", "serve", "--port", "0", "--dir", str(root)],
                          stdout=subprocess.PIPE, text=True, env=env) as server:
        try:
            lines = [server.stdout.readline() for _ in range(3)]
        finally:
            server.terminate()
    base = lines[0].split(" at ")[1].split("/ ")[0]
    assert [line.strip() for line in lines[1:]] == [f"feed {base}/en/feed.xml", f"feed {base}/es/feed.xml"]


def test_live_server_injects_the_reload_script_in_pages_only(tmp_path: Path) -> None:
    with LivePreviewServer(_site(tmp_path), port=0, quiet=True) as server:
        page = requests.get(f"{server.url}/en/", timeout=5)
        head = requests.head(f"{server.url}/en/", timeout=5)
        feed = requests.get(f"{server.url}/en/feed.xml", timeout=5)
        again = requests.get(f"{server.url}/en/feed.xml", headers={"If-None-Match": feed.headers["ETag"]}, timeout=5)
        ranged = requests.get(f"{server.url}/en/feed.xml", headers={"Range": "bytes=0-1"}, timeout=5)
    assert page.content == b"<p>page</p>" + RELOAD_SCRIPT + b"</body>"
    assert page.headers["Cache-Control"] == "no-store"
    assert head.content == b"" and head.headers["Content-Length"] == str(len(page.content))
    assert feed.content == b"<rss/>" and RELOAD_SCRIPT not in feed.content
    assert again.status_code == 304  # conditional GET and ranges stay for everything else
    assert ranged.status_code == 206 and ranged.content == b"<r"


def test_events_say_reload_after_a_rebuild(tmp_path: Path) -> None:
    with LivePreviewServer(_site(tmp_path), port=0, quiet=True) as server:
        with requests.get(f"{server.url}{EVENTS_PATH}", stream=True, timeout=5) as events:
            assert events.headers["Content-Type"] == "text/event-stream"
            lines = events.iter_lines(chunk_size=1)
            assert next(lines) == b": connected"
            threading.Timer(0.2, server.announce_rebuild).start()
            received = [next(lines) for _ in range(3)]
    assert received == [b"", b"event: reload", b"data: reload"]
