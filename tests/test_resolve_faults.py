"""Faults injected at the fake: retries with backoff, then clear per-id errors naming the URL; pins survive."""

from __future__ import annotations

import pytest

from edtfeed.config import TransistorConfig
from edtfeed.lock import AudioMeta, Lock
from edtfeed.resolve import API_KEY_ENV, resolve_audio
from edtfeed.http import HttpClient
from tests.fake_transistor import API_KEY, SHOW_ID, FakeTransistor

PINNED = AudioMeta(embed_id="5e08448f", url="https://media.transistor.fm/5e08448f/c5873ac2.mp3", length=5,
                   type="audio/mpeg", duration=60)


def feed_config(fake: FakeTransistor) -> TransistorConfig:
    return TransistorConfig(feed_url=fake.feed_url)


@pytest.mark.parametrize("kind", ["500", "503", "timeout", "reset", "truncated"])
def test_transient_feed_faults_are_retried_with_backoff(kind: str, fake_transistor: FakeTransistor) -> None:
    fake_transistor.timeout_delay = 0.3
    client = HttpClient(timeout=0.1, clock=fake_transistor.clock.now, sleep=fake_transistor.clock.sleep)
    fake_transistor.fail("/feeds/", kind, kind)

    report = resolve_audio(["cea47899"], Lock(), feed_config(fake_transistor), client=client)

    assert list(report.resolved) == ["cea47899"]
    assert fake_transistor.count("GET", "/feeds/") == 3
    assert fake_transistor.clock.slept == [1.0, 2.0]  # exponential backoff, on the virtual clock


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("500", "server error HTTP 500 (gave up after 4 attempts)"),
        ("timeout", "no answer within 0.1 s (gave up after 4 attempts)"),
        ("reset", "connection failed (gave up after 4 attempts)"),
        ("truncated", "the response body was cut off (truncated download) (gave up after 4 attempts)"),
    ],
)
def test_persistent_faults_end_in_a_per_id_error_and_pins_survive(
    kind: str, reason: str, fake_transistor: FakeTransistor
) -> None:
    fake_transistor.timeout_delay = 0.3
    client = HttpClient(timeout=0.1, clock=fake_transistor.clock.now, sleep=fake_transistor.clock.sleep)
    fake_transistor.fail("/feeds/", *[kind] * 4)
    lock = Lock(audio={"5e08448f": PINNED})

    report = resolve_audio(["cea47899", "5e08448f"], lock, feed_config(fake_transistor), client=client)

    assert report.errors == {"cea47899": f"embed id cea47899 not resolved: {fake_transistor.feed_url}: {reason}; "
                                         "check `feed_url` under [transistor] in the config"}
    assert report.feed_failed is not None and reason in report.feed_failed
    assert report.resolved == {"5e08448f": PINNED}
    assert lock.audio == {"5e08448f": PINNED}
    assert fake_transistor.count("GET", "/feeds/") == 4


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("malformed", "the feed is not well-formed XML ("),
        ("html", "got an HTML page instead of an RSS feed (an error or login page?)"),
    ],
)
def test_bad_feed_bodies_are_clear_errors_without_retries(kind: str, reason: str, fake_transistor: FakeTransistor,
                                                          transistor_client: HttpClient) -> None:
    fake_transistor.fail("/feeds/", kind)
    report = resolve_audio(["cea47899"], Lock(), feed_config(fake_transistor), client=transistor_client)

    assert report.errors["cea47899"].startswith(f"embed id cea47899 not resolved: {fake_transistor.feed_url}: ")
    assert reason in report.errors["cea47899"]
    assert fake_transistor.count() == 1


def test_wrong_feed_url_is_a_clear_error(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    config = TransistorConfig(feed_url=f"{fake_transistor.base}/feeds/nope")
    report = resolve_audio(["cea47899"], Lock(), config, client=transistor_client)

    assert "no feed there (HTTP 404); check `feed_url` under [transistor]" in report.errors["cea47899"]


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        (["malformed"], "the API answered with malformed JSON ("),
        (["truncated"] * 4, "the response body was cut off (truncated download)"),
        (["500"] * 4, "server error HTTP 500 (gave up after 4 attempts)"),
    ],
)
def test_api_faults_name_the_request(faults: list[str], expected: str, fake_transistor: FakeTransistor,
                                     transistor_client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    fake_transistor.fail("/v1/", *faults)
    config = TransistorConfig(show_id=SHOW_ID, api_url=fake_transistor.api_url)
    report = resolve_audio(["cea47899"], Lock(), config, client=transistor_client)

    assert f"{fake_transistor.api_url}/episodes?show_id={SHOW_ID} (page 1): " in report.errors["cea47899"]
    assert expected in report.errors["cea47899"]


def test_api_recovers_after_a_transient_500(fake_transistor: FakeTransistor, transistor_client: HttpClient,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    fake_transistor.fail("/v1/", "500")
    config = TransistorConfig(show_id=SHOW_ID, api_url=fake_transistor.api_url)
    report = resolve_audio(["cea47899"], Lock(), config, client=transistor_client)

    assert report.resolved["cea47899"].source == "api"
    assert [h.status for h in fake_transistor.hits if h.path.startswith("/v1/")] == [500, 200]


def test_feed_failure_falls_through_to_the_api(fake_transistor: FakeTransistor, transistor_client: HttpClient,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    fake_transistor.fail("/feeds/", "html")
    config = TransistorConfig(feed_url=fake_transistor.feed_url, show_id=SHOW_ID, api_url=fake_transistor.api_url)
    report = resolve_audio(["cea47899"], Lock(), config, client=transistor_client)

    assert report.resolved["cea47899"].source == "api"
