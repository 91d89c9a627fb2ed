"""The Transistor API strategy against the fake: paging, sparse fieldsets, the key, the rate limit, readiness."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from edtfeed.config import TransistorConfig
from edtfeed.lock import Lock, TranscriptRef
from edtfeed.resolve import API_KEY_ENV, resolve_audio
from edtfeed.resolve.api import FIELDS, candidate_from_api, parse_api_time
from edtfeed.http import HttpClient
from tests.fake_transistor import API_KEY, SHOW_ID, FakeEpisode, FakeTransistor


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    return API_KEY


def api_config(fake: FakeTransistor, page_size: int = 100, feed: bool = False) -> TransistorConfig:
    return TransistorConfig(show_id=SHOW_ID, api_url=fake.api_url, page_size=page_size,
                            feed_url=fake.feed_url if feed else None)


def many_episodes(count: int) -> list[FakeEpisode]:
    """`count` published episodes, one a day, newest last in the list (the API lists newest first)."""
    start = datetime(2020, 1, 1, 9, tzinfo=timezone.utc)
    return [FakeEpisode(f"{n:08x}", number=n, pub_date=start + timedelta(days=n)) for n in range(1, count + 1)]


def test_resolves_through_the_api_and_probes_length(fake_transistor: FakeTransistor,
                                                    transistor_client: HttpClient) -> None:
    lock = Lock()
    report = resolve_audio(["cea47899"], lock, api_config(fake_transistor), client=transistor_client)

    assert report.errors == {}
    meta = report.resolved["cea47899"]
    share = fake_transistor.share_url(fake_transistor.episode("cea47899"))
    assert (meta.source, meta.url) == ("api", fake_transistor.media_url(fake_transistor.episode("cea47899")))
    assert (meta.length, meta.type, meta.duration) == (36_182_204, "audio/mpeg", 2261)  # length/type: HEAD
    assert (meta.episode, meta.season, meta.episode_type, meta.title) == (12, 2, "full", "Cold Brew Myths")
    assert meta.pub_date == datetime(2024, 5, 14, 9, 0, tzinfo=timezone.utc)
    assert meta.guid is None  # the API has none; the record's own guid is used
    assert meta.transcripts == [TranscriptRef(url=f"{share}/transcript.txt", type="text/plain"),
                                TranscriptRef(url=f"{share}/transcript.vtt", type="text/vtt")]
    assert lock.audio["cea47899"] == meta
    assert fake_transistor.count("GET", "/v1/episodes") == 1
    assert fake_transistor.count("HEAD") == 1


def test_list_requests_use_documented_params_sparse_fields_and_the_key_header() -> None:
    """strict_params: the fake answers 400 to any parameter Transistor does not document."""
    with FakeTransistor(many_episodes(3), strict_params=True) as fake:
        client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
        report = resolve_audio(["00000002"], Lock(), api_config(fake, page_size=2), client=client)
        hit = next(h for h in fake.hits if h.path == "/v1/episodes")

    assert list(report.resolved) == ["00000002"]
    assert hit.headers["x-api-key-sent"] == "yes"
    assert f"show_id={SHOW_ID}" in hit.query and "pagination%5Bper%5D=2" in hit.query
    assert hit.query.count("fields%5Bepisode%5D%5B%5D=") == len(FIELDS)
    assert API_KEY not in hit.query  # the key rides in the header only


@pytest.mark.parametrize(("wanted", "pages"), [("0000001e", 1), ("00000001", 3), ("deadbeef", 3)])
def test_paging_stops_once_every_id_is_found(wanted: str, pages: int) -> None:
    """30 episodes, 10 per page, newest (0x1e) first: at most ceil(30 / 10) list requests."""
    with FakeTransistor(many_episodes(30)) as fake:
        client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
        report = resolve_audio([wanted], Lock(), api_config(fake, page_size=10), client=client)
        assert fake.count("GET", "/v1/episodes") == pages <= math.ceil(30 / 10)
    if wanted == "deadbeef":
        assert report.errors[wanted] == (
            f"embed id deadbeef not found in the 30 episodes of show {SHOW_ID} in the Transistor API "
            "(3 page(s) read) (is the episode published on Transistor?)"
        )


def test_throttle_keeps_a_long_listing_under_the_rate_limit() -> None:
    """15 pages: the client waits (virtual time) instead of ever drawing a 429 from the 10-per-10-s limiter."""
    with FakeTransistor(many_episodes(30)) as fake:
        client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
        report = resolve_audio(["00000001"], Lock(), api_config(fake, page_size=2), client=client)
        statuses = [h.status for h in fake.hits if h.path == "/v1/episodes"]

    assert list(report.resolved) == ["00000001"]
    assert statuses == [200] * 15
    assert sum(fake.clock.slept) >= 10.0


@pytest.mark.parametrize(("retry_after", "wait"), [(None, 10.0), (3, 3.0)])
def test_429_waits_out_the_block_and_retries(retry_after: int | None, wait: float) -> None:
    """A server stricter than the documented limit: its 429 (with or without Retry-After) is waited out."""
    with FakeTransistor(many_episodes(12), rate_limit=2, rate_window=wait, retry_after=retry_after) as fake:
        client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
        report = resolve_audio(["00000001"], Lock(), api_config(fake, page_size=4), client=client)
        statuses = [h.status for h in fake.hits if h.path == "/v1/episodes"]

    assert list(report.resolved) == ["00000001"]
    assert statuses.count(200) == 3 and 429 in statuses
    assert wait in fake.clock.slept


def test_endless_429_gives_up_with_a_clear_error() -> None:
    with FakeTransistor(many_episodes(1), rate_limit=0) as fake:
        client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
        report = resolve_audio(["00000001"], Lock(), api_config(fake), client=client)
        assert fake.count("GET", "/v1/episodes") == 4  # first try + 3 bounded retries

    assert "rate limited (HTTP 429), retried 3 times" in report.errors["00000001"]


@pytest.mark.parametrize("kind", ["401", "403"])
def test_rejected_key_is_one_clear_error_without_retries(
    kind: str, fake_transistor: FakeTransistor, transistor_client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    if kind == "401":
        monkeypatch.setenv(API_KEY_ENV, "wrong-key-0000")
    else:
        fake_transistor.fail("/v1/", "403")
    report = resolve_audio(["cea47899", "5e08448f"], Lock(), api_config(fake_transistor), client=transistor_client)

    assert fake_transistor.count() == 1
    for message in report.errors.values():
        assert f"API key rejected (HTTP {kind})" in message


def test_missing_key_means_the_api_is_not_asked(
    fake_transistor: FakeTransistor, transistor_client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(API_KEY_ENV)
    report = resolve_audio(["cea47899"], Lock(), api_config(fake_transistor), client=transistor_client)

    assert fake_transistor.count() == 0
    assert f"the {API_KEY_ENV} environment variable is not set" in report.errors["cea47899"]


def test_malformed_key_is_refused_without_echoing_it(
    fake_transistor: FakeTransistor, transistor_client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(API_KEY_ENV, "abc\ndef-secret")
    report = resolve_audio(["cea47899"], Lock(), api_config(fake_transistor), client=transistor_client)

    assert "spaces or control characters" in report.errors["cea47899"]
    assert "def-secret" not in report.model_dump_json()
    assert fake_transistor.count() == 0


def test_unknown_show_is_a_clear_error(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    config = TransistorConfig(show_id="999", api_url=fake_transistor.api_url)
    report = resolve_audio(["cea47899"], Lock(), config, client=transistor_client)

    assert "not found in the 0 episodes of show 999" in report.errors["cea47899"]


@pytest.mark.parametrize(
    ("embed_id", "reason"),
    [
        ("0b9e4c21", "still processing on Transistor (audio_processing)"),
        ("c9763d66", "the episode is draft on Transistor, not published yet"),
        ("5ced0001", "the episode is scheduled on Transistor, not published yet"),
        ("00ed1a00", "Transistor has no media URL for it yet"),
        ("0d0d0d0d", "Transistor reports no duration for it yet"),
    ],
)
def test_episodes_not_ready_are_skipped_with_a_notice_and_never_pinned(
    embed_id: str, reason: str, fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    fake_transistor.episodes += [FakeEpisode("5ced0001", status="scheduled"), FakeEpisode("00ed1a00", has_media=False),
                                 FakeEpisode("0d0d0d0d", duration=None)]
    lock = Lock()
    report = resolve_audio([embed_id, "cea47899"], lock, api_config(fake_transistor, feed=True),
                           client=transistor_client)

    assert reason in report.pending[embed_id]
    assert report.pending[embed_id].endswith("skipped for now, it is tried again on the next run")
    assert embed_id not in report.errors and embed_id not in report.resolved
    assert sorted(lock.audio) == ["cea47899"]


def test_feed_first_then_api_only_for_what_the_feed_lacked(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    fake_transistor.episode("5e08448f").in_feed = False
    report = resolve_audio(["cea47899", "5e08448f"], Lock(), api_config(fake_transistor, feed=True),
                           client=transistor_client)

    assert (report.resolved["cea47899"].source, report.resolved["5e08448f"].source) == ("rss", "api")
    assert fake_transistor.count("GET", "/feeds/") == 1
    assert fake_transistor.count("GET", "/v1/episodes") == 1


def test_not_found_anywhere_names_both_places(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    report = resolve_audio(["deadbeef"], Lock(), api_config(fake_transistor, feed=True), client=transistor_client)

    assert report.errors["deadbeef"] == (
        f"embed id deadbeef not found in the show's feed {fake_transistor.feed_url} nor in the 6 episodes of show "
        f"{SHOW_ID} in the Transistor API (1 page(s) read) (is the episode published on Transistor?)"
    )


def test_pinned_api_entry_is_not_probed_again_on_refresh(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    lock = Lock()
    config = api_config(fake_transistor)
    resolve_audio(["cea47899"], lock, config, client=transistor_client)
    fake_transistor.reset_log()

    report = resolve_audio(["cea47899"], lock, config, refresh=True, client=transistor_client)

    assert report.changes == []
    assert fake_transistor.count("HEAD") == 0
    assert len(fake_transistor.metadata_hits()) == 1 and len(fake_transistor.transcript_hits()) == 1


def test_pinned_episode_reprocessing_on_refresh_keeps_its_pin(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    lock = Lock()
    config = api_config(fake_transistor)
    resolve_audio(["cea47899"], lock, config, client=transistor_client)
    before = lock.audio["cea47899"]
    fake_transistor.episode("cea47899").audio_processing = True  # new audio uploaded, processing again

    report = resolve_audio(["cea47899"], lock, config, refresh=True, client=transistor_client)

    assert report.resolved["cea47899"] == before == lock.audio["cea47899"]
    assert report.pending == {}
    assert "kept the pinned metadata" in report.notices[-1]


def test_an_api_that_repeats_the_first_page_is_not_paged_forever() -> None:
    with FakeTransistor(many_episodes(30), ignore_page=True) as fake:
        client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
        report = resolve_audio(["00000001"], Lock(), api_config(fake, page_size=10), client=client)
        assert fake.count("GET", "/v1/episodes") == 2  # the second page brought no new episode: stop

    assert "not found in the 10 episodes" in report.errors["00000001"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-14 09:00:00 UTC", datetime(2024, 5, 14, 9, tzinfo=timezone.utc)),
        ("2024-05-14T09:00:00Z", datetime(2024, 5, 14, 9, tzinfo=timezone.utc)),
        ("2024-05-14T05:00:00-04:00", datetime(2024, 5, 14, 9, tzinfo=timezone.utc)),
        ("2024-05-14 09:00:00", datetime(2024, 5, 14, 9, tzinfo=timezone.utc)),
        (None, None),
        ("", None),
        ("May 14, 2024", None),
    ],
)
def test_published_at_is_parsed_leniently(value: object, expected: datetime | None) -> None:
    assert parse_api_time(value) == expected


def test_transcripts_of_any_documented_shape() -> None:
    candidate = candidate_from_api("cea47899", {
        "media_url": "https://media.transistor.fm/cea47899/3f1d2a7b.mp3", "duration": 60, "status": "published",
        "transcript_url": "https://share.transistor.fm/s/cea47899/transcript",  # a page for people: skipped
        "transcripts": ["https://share.transistor.fm/s/cea47899/transcript.txt",
                        {"url": "https://share.transistor.fm/s/cea47899/transcript.vtt", "language": "es"},
                        {"format": "srt"}, 42, None],
    })
    assert candidate.not_ready is None
    assert candidate.transcripts == [
        TranscriptRef(url="https://share.transistor.fm/s/cea47899/transcript.txt", type="text/plain"),
        TranscriptRef(url="https://share.transistor.fm/s/cea47899/transcript.vtt", type="text/vtt", language="es"),
    ]


def test_the_key_is_not_forwarded_through_a_redirect(fake_transistor: FakeTransistor,
                                                     transistor_client: HttpClient) -> None:
    fake_transistor.fail("/v1/", "redirect")
    report = resolve_audio(["cea47899"], Lock(), api_config(fake_transistor), client=transistor_client)

    assert "unexpected HTTP 302" in report.errors["cea47899"]
    assert fake_transistor.count(path="/elsewhere") == 0
