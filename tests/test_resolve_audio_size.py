"""The body bound is for bodies edtfeed reads, never for the size a host reports for audio it never downloads.

An hour of audio at 128 kbps is over the 50 MB body bound; a 3-hour episode at 320 kbps is over 400 MB. Each source
of a length (the RSS enclosure, the API's media URL + HEAD, the Range fallback when HEAD is refused) must pin it,
and a warm lock then makes no request at all for the ids it resolved.
"""

from __future__ import annotations

import pytest

from edtfeed.config import TransistorConfig
from edtfeed.lock import Lock
from edtfeed.resolve import API_KEY_ENV, resolve_audio
from edtfeed.http import MAX_BODY, HttpClient
from tests.fake_transistor import API_KEY, SHOW_ID, FakeEpisode, FakeTransistor

SIZES = [60_904_437, 500 * 1024 * 1024]  # an hour at 128 kbps; more than 3 hours at 320 kbps
IDS = ["a0d10001", "a0d10002"]


def _episodes(**fields: object) -> list[FakeEpisode]:
    return [FakeEpisode(embed_id, size=size, **fields) for embed_id, size in zip(IDS, SIZES)]  # type: ignore[arg-type]


SOURCES = {
    # the feed states the length: nothing is probed
    "rss": (dict(), "rss", "ok", False),
    # the feed omits the length: HEAD tells it
    "rss+head": (dict(feed_length=False), "rss", "ok", False),
    # the API never states a length: HEAD tells it
    "api+head": (dict(), "api", "ok", True),
    # the media host refuses HEAD: a one-byte Range GET tells it in Content-Range
    "api+range": (dict(), "api", "405", True),
}


@pytest.mark.parametrize("name", SOURCES)
def test_audio_over_the_body_bound_resolves_and_a_warm_lock_asks_nothing(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fields, source, head_mode, api = SOURCES[name]
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    assert all(size > MAX_BODY for size in SIZES)  # else the test proves nothing
    with FakeTransistor(_episodes(**fields), head_mode=head_mode) as fake:
        config = (TransistorConfig(show_id=SHOW_ID, api_url=fake.api_url) if api
                  else TransistorConfig(feed_url=fake.feed_url))
        client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
        lock = Lock()

        report = resolve_audio(IDS, lock, config, client=client)

        assert report.errors == {} and report.pending == {}
        assert [lock.audio[i].length for i in IDS] == SIZES
        assert {lock.audio[i].source for i in IDS} == {source}
        probes = fake.count("HEAD") + sum(1 for hit in fake.hits if hit.headers.get("range") == "bytes=0-0")
        assert probes == (0 if name == "rss" else (4 if head_mode == "405" else 2))
        assert all(hit.status < 400 or hit.status == 405 for hit in fake.hits)
        assert not any(hit.method == "GET" and "range" not in hit.headers and "/media." in hit.path
                       for hit in fake.hits), "the audio itself is never downloaded"

        fake.reset_log()
        warm = resolve_audio(IDS, lock, config, client=client)
        assert fake.hits == [], "a warm lock makes no request for an id it resolved"
        assert {i: warm.resolved[i].length for i in IDS} == dict(zip(IDS, SIZES))
