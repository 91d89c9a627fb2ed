"""A hostile or broken host, on a raw HTTP server on 127.0.0.1: every misbehaviour costs at most its own ids.

Each fault is checked for a bounded time (named below), bounded memory (tracemalloc peak), a clear message, the
lock unchanged and, end to end, no published item lost.
"""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import ValidationError

from edtfeed.config import TransistorConfig
from edtfeed.lock import AudioMeta, Lock, TranscriptRef, load_lock
from edtfeed.resolve import API_KEY_ENV, resolve_audio
from edtfeed.resolve.candidate import Candidate
from edtfeed.http import FetchError, HttpClient, json_depth, load_json
from edtfeed.resolve.rss import parse_duration
from tests.test_resolve_cli import make_show, run

DEADLINE = 1.0  # the client's whole-request deadline in these tests
READ_TIMEOUT = 0.5  # per read: a drip every DRIP_EVERY never trips it
DRIP_EVERY = 0.1
TIME_BOUND = DEADLINE + 3.0  # the deadline, and slack for a loaded machine (a drip without it takes minutes)
MAX_BODY = 1024 * 1024
MEMORY_BOUND = 12 * MAX_BODY  # peak Python allocations while refusing a body far larger than MAX_BODY
IDS = ("cea47899", "5e08448f")


def item(embed_id: str, *, url: str | None = None, duration: str = "1800", length: str = "28800417") -> str:
    url = url or f"https://media.example.test/{embed_id}.mp3"
    return (f"<item><title>Episode {embed_id}</title><link>https://share.transistor.fm/s/{embed_id}</link>"
            f'<enclosure url="{url}" length="{length}" type="audio/mpeg"/>'
            f"<itunes:duration>{duration}</itunes:duration><guid>guid-{embed_id}</guid></item>")


def feed(*items: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
            f"<channel><title>Show</title>{''.join(items)}</channel></rss>").encode()


GOOD_FEED = feed(*(item(i) for i in IDS))


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped in pieces (the bomb is small, what it inflates to is not)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(size // len(zeros))) + packer.flush()


class Host(ThreadingHTTPServer):
    """Answers every GET with `behaviour(handler)`; tests swap the behaviour between runs."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour: Callable[[BaseHTTPRequestHandler], None] = answer(GOOD_FEED)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/feeds/show"

    def handle_error(self, request: object, client_address: object) -> None:
        """The client hanging up on a hostile answer is the point, not a failure of this server."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Host

    def do_GET(self) -> None:
        try:
            self.server.behaviour(self)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up on purpose
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


def answer(body: bytes, content_type: str = "application/rss+xml", **headers: str) -> Callable[..., None]:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def drip(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte every DRIP_EVERY seconds, for far longer than the deadline."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(len(GOOD_FEED)))
    handler.end_headers()
    for byte in GOOD_FEED:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(DRIP_EVERY)


def drip_headers(handler: BaseHTTPRequestHandler) -> None:
    """The status line, then one header byte every DRIP_EVERY seconds: no response ever reaches the client."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for _ in range(1000):
        handler.wfile.write(b"X")
        handler.wfile.flush()
        time.sleep(DRIP_EVERY)


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A chunked body with no end and no Content-Length: only the client's bound stops it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<rss>" + b" " * 65536
    for _ in range(10_000):  # 640 MB if nobody stops reading
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


@pytest.fixture
def host() -> Iterator[Host]:
    server = Host()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def client() -> HttpClient:
    return HttpClient(timeout=READ_TIMEOUT, deadline=DEADLINE, max_body=MAX_BODY, attempts=1, sleep=lambda _: None)


PINNED = AudioMeta(embed_id="cea47899", url="https://media.example.test/cea47899.mp3", length=28800417,
                   type="audio/mpeg", duration=1800, guid="guid-cea47899", title="Episode cea47899")


def resolve_pinned(host: Host) -> tuple[Lock, object, float, int]:
    """--refresh one pinned id and one new id; (lock, report, seconds taken, peak bytes allocated)."""
    lock = Lock(audio={"cea47899": PINNED})
    tracemalloc.start()
    started = time.monotonic()
    try:
        report = resolve_audio(IDS, lock, TransistorConfig(feed_url=host.url), refresh=True, client=client())
    finally:
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return lock, report, elapsed, peak


def endless_redirect(handler: BaseHTTPRequestHandler) -> None:
    """A 302 whose body never ends (requests reads a redirect's body before following it); the target is fine."""
    if handler.path.endswith("/moved"):
        answer(GOOD_FEED)(handler)
        return
    handler.send_response(302)
    handler.send_header("Location", handler.path + "/moved")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b" " * 65536
    for _ in range(10_000):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def test_a_redirect_with_an_endless_body_is_followed_without_reading_it(host: Host) -> None:
    host.behaviour = endless_redirect

    lock, report, elapsed, peak = resolve_pinned(host)

    assert elapsed < TIME_BOUND and peak < MEMORY_BOUND, (elapsed, peak)
    assert sorted(report.resolved) == sorted(IDS) and not report.errors
    assert lock.audio["cea47899"] == PINNED


BODY_FAULTS = {
    "drip": (drip, f"took longer than the {DEADLINE:g} s deadline"),
    "drip in the headers": (drip_headers, f"took longer than the {DEADLINE:g} s deadline"),
    "huge body": (endless, "the body is larger than the 1 MB limit"),
    "gzip bomb": (answer(gzip_bomb(256 * MAX_BODY), Content_Encoding="gzip"),
                  "the body is larger than the 1 MB limit once decompressed"),
    "declared too large": (answer(b"x" * (MAX_BODY + 1)), f"limit (Content-Length {MAX_BODY + 1})"),
}


@pytest.mark.parametrize("fault", BODY_FAULTS)
def test_a_body_fault_is_cut_off_in_bounded_time_and_memory(fault: str, host: Host) -> None:
    host.behaviour, message = BODY_FAULTS[fault]

    lock, report, elapsed, peak = resolve_pinned(host)

    assert elapsed < TIME_BOUND, f"{fault}: {elapsed:.1f} s"
    assert peak < MEMORY_BOUND, f"{fault}: {peak / 1e6:.1f} MB"
    assert message in report.errors["5e08448f"]
    assert report.errors["5e08448f"].startswith(f"embed id 5e08448f not resolved: {host.url}: ")
    assert message in report.stale["cea47899"] and report.stale["cea47899"].endswith("kept the pinned metadata")
    assert report.resolved == {"cea47899": PINNED}  # the published item keeps its audio
    assert lock.audio == {"cea47899": PINNED}


def test_a_gzip_feed_within_the_limit_is_read() -> None:
    """The bound counts decoded bytes, and a compressed feed under it still works."""
    with_gzip = answer(gzip.compress(GOOD_FEED), Content_Encoding="gzip")
    server = Host()
    server.behaviour = with_gzip
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        report = resolve_audio(IDS, Lock(), TransistorConfig(feed_url=server.url), client=client())
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(report.resolved) == sorted(IDS)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (item("cea47899", url="javascript:alert(1)//media.transistor.fm/cea47899/a.mp3"), "not an http(s) URL"),
        (item("cea47899", url="file:///etc/hostname#media.transistor.fm/cea47899/a.mp3"), "not an http(s) URL"),
        (item("cea47899", url="data:audio/mpeg;base64,AAAA"), "not an http(s) URL"),
    ],
)
def test_a_non_http_enclosure_is_never_pinned(bad: str, message: str, host: Host) -> None:
    host.behaviour = answer(feed(bad, item("5e08448f", url="http:///no-host.mp3")))

    lock, report, _, _ = resolve_pinned(host)

    assert message in report.stale["cea47899"]
    assert "embed id cea47899: rss gave unusable metadata (url: " in report.stale["cea47899"]
    assert "not an http(s) URL with a host ('http:///no-host.mp3')" in report.errors["5e08448f"]
    assert lock.audio == {"cea47899": PINNED}


@pytest.mark.parametrize(
    ("duration", "length", "message"),
    [
        ("200000", "28800417", "its duration of 200000 s is over 48 hours"),
        ("1800", "20000000000", "its length of 20000000000 bytes is over 10 GB"),
    ],
)
def test_an_implausible_value_is_a_warning_and_not_pinned(duration: str, length: str, message: str,
                                                          host: Host) -> None:
    host.behaviour = answer(feed(*(item(i, duration=duration, length=length) for i in IDS)))

    lock, report, _, _ = resolve_pinned(host)

    assert message in report.pending["5e08448f"] and "tried again on the next run" in report.pending["5e08448f"]
    assert any(message in notice and "kept the pinned metadata" in notice for notice in report.notices)
    assert not report.errors
    assert lock.audio == {"cea47899": PINNED}


@pytest.mark.parametrize("duration", ["NaN", "nan", "inf", "-inf", "Infinity", "1e400", "1:inf", "1" * 5000, "²"])
def test_non_finite_durations_are_no_duration(duration: str, host: Host) -> None:
    assert parse_duration(duration) is None
    host.behaviour = answer(feed(*(item(i, duration=duration) for i in IDS)))

    lock, report, _, _ = resolve_pinned(host)

    assert "no itunes:duration yet" in report.pending["5e08448f"]
    assert lock.audio == {"cea47899": PINNED}


@pytest.mark.parametrize("length", ["1" * 5000, "²", "-5", "1e9"])
def test_unreadable_lengths_are_no_length(length: str, host: Host) -> None:
    """No length means a probe of the media host, which is not there: an error for that id, not a traceback."""
    host.behaviour = answer(feed(*(item(i, length=length) for i in IDS)))

    lock, report, _, _ = resolve_pinned(host)

    assert "media length unavailable" in report.errors["5e08448f"] or "connection failed" in report.errors["5e08448f"]
    assert lock.audio == {"cea47899": PINNED}


def test_deep_json_from_the_api_is_a_clear_error(host: Host, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_ENV, "key")
    depth = 200_000  # far past Python's recursion limit
    host.behaviour = answer(b'{"data": ' + b"[" * depth + b"]" * depth + b"}", "application/vnd.api+json")
    config = TransistorConfig(show_id="1", api_url=f"http://127.0.0.1:{host.server_address[1]}/v1")
    lock = Lock(audio={"cea47899": PINNED})

    report = resolve_audio(IDS, lock, config, refresh=True, client=client())

    assert "the JSON answer is nested deeper than 64 levels" in report.errors["5e08448f"]
    assert "(page 1)" in report.errors["5e08448f"]
    assert lock.audio == {"cea47899": PINNED}


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth(b'{"a": "[[[[{{{{", "b": [1, {"c": []}]}') == 4
    assert json_depth(b"[" * 100 + b"]" * 100) == 65  # counting stops past the limit
    assert load_json(b'{"data": [[["ok"]]]}', "here") == {"data": [[["ok"]]]}
    with pytest.raises(FetchError, match="here: the API answered with malformed JSON"):
        load_json(b"[}", "here")


@pytest.mark.usefixtures("virtual_waits")
@pytest.mark.parametrize("fault", ["drip", "gzip bomb", "javascript:"])
def test_publish_against_a_hostile_host_loses_no_item(fault: str, tmp_path: Path, host: Host) -> None:
    """End to end: after a good publish the host turns hostile; --refresh keeps the lock and both items."""
    config = make_show(tmp_path, host.url, list(IDS), transistor=f"deadline = {DEADLINE}\nmax_body_mb = 1\n"
                       f"timeout = {READ_TIMEOUT}")
    assert run(config, "publish").exit_code == 0
    lock_before = (tmp_path / "edtfeed.lock").read_bytes()
    feed_before = (tmp_path / "feeds" / "en" / "feed.xml").read_bytes()
    host.behaviour = {
        "drip": drip,
        "gzip bomb": BODY_FAULTS["gzip bomb"][0],
        "javascript:": answer(feed(*(item(i, url=f"javascript:alert(1)//media.transistor.fm/{i}/a.mp3")
                                     for i in IDS))),
    }[fault]

    started = time.monotonic()
    result = run(config, "publish", "--refresh")

    assert time.monotonic() - started < TIME_BOUND + 10  # + the publish itself, on a loaded machine
    assert result.exit_code == 0, result.output  # publish goes on with the pinned metadata
    assert "kept the pinned metadata" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "edtfeed.lock").read_bytes() == lock_before
    assert (tmp_path / "feeds" / "en" / "feed.xml").read_bytes() == feed_before
    assert load_lock(tmp_path / "edtfeed.lock").audio.keys() == set(IDS)


@pytest.mark.parametrize(
    "change",
    [
        {"image": "javascript:alert(1)"},
        {"chapters_url": "file:///etc/passwd"},
        {"transcripts": [TranscriptRef(url="data:text/plain,hi", type="text/plain")]},
        {"url": "https://media.example.test/a b.mp3"},
        {"length": -5},
    ],
)
def test_every_host_url_and_number_is_checked_before_pinning(change: dict[str, object]) -> None:
    candidate = replace(Candidate.from_meta(PINNED), **change)
    with pytest.raises(ValidationError):
        candidate.to_meta()
    assert Candidate.from_meta(PINNED).to_meta() == PINNED
