"""resolve_audio against the fake Transistor on loopback: lock first, one feed request, clear per-id errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from edtfeed.config import TransistorConfig
from edtfeed.lock import Lock
from edtfeed.models import AudioMeta, TranscriptRef
from edtfeed.resolve import resolve_audio
from edtfeed.resolve.http import HttpClient
from tests.fake_transistor import FakeEpisode, FakeTransistor


def feed_config(fake: FakeTransistor) -> TransistorConfig:
    return TransistorConfig(feed_url=fake.feed_url)


def pinned(embed_id: str, **changes: object) -> AudioMeta:
    data: dict[str, object] = {"embed_id": embed_id, "url": f"https://media.transistor.fm/{embed_id}/0a1b2c3d.mp3",
                               "length": 1234, "type": "audio/mpeg", "duration": 60, "source": "rss"}
    return AudioMeta.model_validate({**data, **changes})


def test_resolves_every_field_of_a_plain_item(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    lock = Lock()
    report = resolve_audio(["cea47899"], lock, feed_config(fake_transistor), client=transistor_client)

    assert report.errors == {}
    share = fake_transistor.share_url(fake_transistor.episode("cea47899"))
    meta = report.resolved["cea47899"]
    assert meta == AudioMeta(
        embed_id="cea47899",
        url=fake_transistor.media_url(fake_transistor.episode("cea47899")),
        length=36_182_204,
        type="audio/mpeg",
        duration=2261,
        guid=fake_transistor.episode("cea47899").guid,
        episode=12,
        season=2,
        episode_type="full",
        pub_date=datetime(2024, 5, 14, 5, 0, tzinfo=timezone(timedelta(hours=-4))),
        image=f"{fake_transistor.base}/img.transistorcdn.com/cea47899/art.jpg",
        title="Cold Brew Myths",
        transcripts=[TranscriptRef(url=f"{share}/transcript.txt", type="text/plain"),
                     TranscriptRef(url=f"{share}/transcript.vtt", type="text/vtt", language="en")],
        chapters_url=f"{share}/chapters.json",
        source="rss",
    )
    assert lock.audio == {"cea47899": meta}


def test_prefixed_enclosure_and_link_only_items_resolve(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    """5e08448f: op3.dev/e/ prefix and an alternate <link>; dd8e79de: audio on another host, id only in <link>;
    b0afd7df: podtrac prefix around the legacy media.transistor.fm/<E>.mp3 form."""
    lock = Lock()
    report = resolve_audio(["5e08448f", "dd8e79de", "b0afd7df"], lock, feed_config(fake_transistor),
                           client=transistor_client)

    assert report.errors == {}
    op3 = report.resolved["5e08448f"]
    assert "/op3.dev/e/media.transistor.fm/5e08448f/" in op3.url  # kept as published: the show's analytics
    assert (op3.length, op3.duration, op3.episode) == (27_302_170, 1706, 11)
    assert report.resolved["dd8e79de"].url.endswith(
        f"/audio.example.test/dd8e79de/{fake_transistor.episode('dd8e79de').media_hash}.mp3")
    assert report.resolved["dd8e79de"].duration == 4198
    legacy = report.resolved["b0afd7df"]
    assert legacy.url.endswith("/dts.podtrac.com/redirect.mp3/media.transistor.fm/b0afd7df.mp3")
    assert (legacy.episode_type, legacy.season, legacy.transcripts[0].type) == ("bonus", 1, "text/plain")
    assert sorted(lock.audio) == ["5e08448f", "b0afd7df", "dd8e79de"]


def test_id_missing_from_feed_is_a_clear_error_and_others_resolve(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    lock = Lock()
    report = resolve_audio(["cea47899", "deadbeef"], lock, feed_config(fake_transistor), client=transistor_client)

    assert list(report.resolved) == ["cea47899"]
    assert report.errors == {
        "deadbeef": f"embed id deadbeef not found in the show's feed {fake_transistor.feed_url} "
                    "(is the episode published on Transistor?)"
    }
    assert "deadbeef" not in lock.audio


def test_malformed_embed_id_is_reported_without_a_request(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    report = resolve_audio(["CEA4789"], Lock(), feed_config(fake_transistor), client=transistor_client)

    assert report.errors == {"CEA4789": "embed id 'CEA4789' is malformed (expected 8 hexadecimal digits, e.g. cea47899)"}
    assert fake_transistor.count() == 0


def test_upper_case_ids_are_normalised(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    report = resolve_audio(["CEA47899"], Lock(), feed_config(fake_transistor), client=transistor_client)

    assert list(report.resolved) == ["cea47899"]


def test_offline_with_missing_lock_entry_errors_without_any_request(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    lock = Lock(audio={"cea47899": pinned("cea47899")})
    report = resolve_audio(["cea47899", "5e08448f"], lock, feed_config(fake_transistor), offline=True,
                           client=transistor_client)

    assert report.resolved == {"cea47899": lock.audio["cea47899"]}
    assert report.errors == {
        "5e08448f": "embed id 5e08448f is not in the lock file and --offline was given: "
                    "run `edtfeed resolve` (or publish without --offline) to fetch it"
    }
    assert fake_transistor.count() == 0
    assert sorted(lock.audio) == ["cea47899"]


def test_warm_lock_makes_zero_requests(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    lock = Lock(audio={i: pinned(i) for i in ("cea47899", "5e08448f")})
    before = lock.model_copy(deep=True)

    report = resolve_audio(["cea47899", "5e08448f"], lock, feed_config(fake_transistor), client=transistor_client)

    assert report.resolved == before.audio  # the pinned values, not the feed's
    assert fake_transistor.count() == 0
    assert lock == before


@pytest.mark.parametrize("wanted", [["cea47899"], ["cea47899", "5e08448f", "dd8e79de", "b0afd7df", "deadbeef"]])
def test_unresolved_ids_cost_exactly_one_feed_request(
    fake_transistor: FakeTransistor, transistor_client: HttpClient, wanted: list[str]
) -> None:
    lock = Lock(audio={"0b9e4c21": pinned("0b9e4c21")})
    resolve_audio(wanted, lock, feed_config(fake_transistor), client=transistor_client)

    assert fake_transistor.count() == 1
    assert fake_transistor.count("GET", "/feeds/") == 1


def test_item_still_processing_is_pending_and_not_pinned(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    lock = Lock()
    report = resolve_audio(["0b9e4c21"], lock, feed_config(fake_transistor), client=transistor_client)

    assert report.resolved == {}
    assert report.errors == {}
    assert "0b9e4c21" in report.pending
    assert "not ready on Transistor" in report.pending["0b9e4c21"]
    assert "itunes:duration" in report.pending["0b9e4c21"]
    assert lock.audio == {}


def test_no_source_configured_is_a_clear_error(transistor_client: HttpClient) -> None:
    report = resolve_audio(["cea47899"], Lock(), TransistorConfig(), client=transistor_client)

    assert "set [transistor] feed_url" in report.errors["cea47899"]


def test_standalone_server_works_as_a_context_manager() -> None:
    """The benchmark uses the fake without pytest fixtures."""
    with FakeTransistor([FakeEpisode("0a1b2c3d", number=1)]) as fake:
        report = resolve_audio(["0a1b2c3d"], Lock(), feed_config(fake),
                               client=HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep))
    assert report.resolved["0a1b2c3d"].episode == 1
