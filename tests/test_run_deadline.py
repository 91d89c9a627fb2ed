"""A whole run against a host that drips is bounded: each request is cut at `[transistor] deadline`, and all of a
run's requests together stop at `[transistor] run_deadline` (every id, every transcript). Small bounds keep the test
fast; README "Slow hosts" states the worst case with the defaults."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from edtfeed.http import FetchError, HttpClient
from edtfeed.lock import load_lock
from tests.test_resolve_cli import make_show, run
from tests.test_resolve_hostile import Host, drip, host  # noqa: F401 - host is the fixture

DEADLINE = 0.4
BUDGET = 1.0
SLACK = 3.0  # a loaded machine
IDS = [f"dd{n:06x}" for n in range(1, 17)]  # at the deadline each, 6.4 s: more than BUDGET + SLACK


def test_the_budget_bounds_every_request_of_a_client_together(host: Host) -> None:
    host.behaviour = drip
    client = HttpClient(timeout=DEADLINE / 2, deadline=DEADLINE, budget=BUDGET, attempts=1)
    messages = []
    started = time.monotonic()
    for _ in range(10):  # unbounded, this is 10 deadlines; with the budget, the first few, then nothing is sent
        with pytest.raises(FetchError) as caught:
            client.request("GET", host.url)
        messages.append(str(caught.value))
    assert time.monotonic() - started < BUDGET + SLACK
    assert "took longer than the 0.4 s deadline" in messages[0]
    assert any("ran out during the request" in message for message in messages)
    assert "not asked: the 1 s this run may spend on the host are used up" in messages[-1]
    assert "[transistor] run_deadline" in messages[-1]


def _feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>Episode {i}</title><link>https://share.transistor.fm/s/{i}</link><guid>g-{i}</guid>"
        f'<enclosure url="https://media.example.test/{i}.mp3" length="1000" type="audio/mpeg"/>'
        f"<itunes:duration>600</itunes:duration>"
        f'<podcast:transcript url="{base}/transcripts/{i}.vtt" type="text/vtt"/></item>'
        for i in IDS)
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
            'xmlns:podcast="https://podcastindex.org/namespace/1.0">'
            f"<channel><title>Show</title>{items}</channel></rss>").encode()


def test_a_run_whose_every_transcript_drips_ends_at_the_run_deadline(tmp_path: Path, host: Host) -> None:
    base = host.url.rsplit("/feeds/", 1)[0]
    feed = _feed(base)

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        if handler.path.startswith("/feeds/"):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.send_header("Content-Length", str(len(feed)))
            handler.end_headers()
            handler.wfile.write(feed)
        else:
            drip(handler)  # every transcript: one byte at a time, for far longer than any bound

    host.behaviour = behaviour
    config = make_show(tmp_path, host.url, IDS,
                       transistor=f"deadline = {DEADLINE}\ntimeout = {DEADLINE / 2}\nrun_deadline = {BUDGET}")
    started = time.monotonic()
    result = run(config, "resolve")
    took = time.monotonic() - started

    assert took < BUDGET + SLACK, f"{took:.1f} s, unbounded {len(IDS) * DEADLINE:g} s+"
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output  # the metadata is pinned; only the transcripts wait for next run
    assert "used up" in result.output and "[transistor] run_deadline" in result.output
    assert sorted(load_lock(tmp_path / "edtfeed.lock").audio) == IDS
