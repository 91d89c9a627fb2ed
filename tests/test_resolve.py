"""resolve_audio against the fake Transistor on loopback: lock first, one feed request, clear per-id errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from edtfeed.config import TransistorConfig
from edtfeed.lock import AudioMeta, Lock, TranscriptRef
from edtfeed.resolve import resolve_audio
from edtfeed.http import HttpClient
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

    assert report.errors == {
        "CEA4789": "embed id 'CEA4789' is malformed (expected 8 hexadecimal digits, e.g. cea47899)"}
    assert fake_transistor.count() == 0


def test_upper_case_ids_are_normalised(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    lock = Lock(audio={"b0afd7df": pinned("b0afd7df")})
    report = resolve_audio(["CEA47899", "cea47899", "b0afd7df", "5E08448F"], lock, feed_config(fake_transistor),
                           client=transistor_client)

    assert list(report.resolved) == ["5e08448f", "b0afd7df", "cea47899"]
    assert report.errors == {}


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
    report = resolve_audio(wanted, lock, feed_config(fake_transistor), client=transistor_client)

    assert len(fake_transistor.metadata_hits()) == 1
    assert fake_transistor.count("GET", "/feeds/") == 1
    timed = {i for i, meta in report.resolved.items() if i != "0b9e4c21" and meta.transcripts}
    assert [h.path.split("/")[3] for h in fake_transistor.transcript_hits()] == sorted(timed)  # one per new pin


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


# -- HEAD / Range fallback for items without a length or type ----------------------------------------------------


def test_item_without_length_gets_it_from_one_head(fake_transistor: FakeTransistor,
                                                   transistor_client: HttpClient) -> None:
    fake_transistor.episode("cea47899").feed_length = False
    report = resolve_audio(["cea47899", "dd8e79de"], Lock(), feed_config(fake_transistor), client=transistor_client)

    assert report.resolved["cea47899"].length == 36_182_204
    assert report.resolved["cea47899"].type == "audio/mpeg"
    assert fake_transistor.count("GET", "/feeds/") == 1
    assert fake_transistor.count("HEAD") == 1  # only the item without a length
    assert len(fake_transistor.metadata_hits()) == 2


def test_head_follows_analytics_and_cdn_redirects(fake_transistor: FakeTransistor,
                                                  transistor_client: HttpClient) -> None:
    fake_transistor.cdn_hop = True
    fake_transistor.episode("5e08448f").feed_length = False
    report = resolve_audio(["5e08448f"], Lock(), feed_config(fake_transistor), client=transistor_client)

    assert report.resolved["5e08448f"].length == 27_302_170
    assert "/op3.dev/e/" in report.resolved["5e08448f"].url  # the published URL, not where the redirects led
    assert [h.path.split("/")[1] for h in fake_transistor.hits if h.method == "HEAD"] == [
        "op3.dev", "media.transistor.fm", "cdn"]


def test_refused_head_falls_back_to_a_range_get(fake_transistor: FakeTransistor,
                                                transistor_client: HttpClient) -> None:
    fake_transistor.head_mode = "405"
    fake_transistor.episode("cea47899").feed_length = False
    report = resolve_audio(["cea47899"], Lock(), feed_config(fake_transistor), client=transistor_client)

    assert report.resolved["cea47899"].length == 36_182_204
    ranged = [h for h in fake_transistor.hits if h.method == "GET" and h.path.startswith("/media")]
    assert [(h.headers.get("range"), h.status) for h in ranged] == [("bytes=0-0", 206)]


def test_type_comes_from_the_extension_when_the_host_does_not_say(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    episode = fake_transistor.episode("cea47899")
    episode.feed_type, episode.ext, episode.content_type = False, "m4a", "application/octet-stream"
    report = resolve_audio(["cea47899"], Lock(), feed_config(fake_transistor), client=transistor_client)

    assert report.resolved["cea47899"].type == "audio/x-m4a"
    assert report.resolved["cea47899"].length == 36_182_204  # the feed's length, no probe needed for it


def test_unprobeable_media_is_a_clear_error_and_not_pinned(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    episode = fake_transistor.episode("cea47899")
    episode.feed_length, episode.media_gone = False, True
    lock = Lock()
    report = resolve_audio(["cea47899"], lock, feed_config(fake_transistor), client=transistor_client)

    assert "media length unavailable" in report.errors["cea47899"]
    assert fake_transistor.media_url(episode) in report.errors["cea47899"]
    assert "last HTTP 404" in report.errors["cea47899"]
    assert lock.audio == {}


# -- conditional GET -----------------------------------------------------------------------------------------------


def test_feed_validators_are_remembered_and_sent(fake_transistor: FakeTransistor,
                                                 transistor_client: HttpClient) -> None:
    lock = Lock()
    config = feed_config(fake_transistor)
    resolve_audio(["cea47899"], lock, config, client=transistor_client)
    etag, last_modified = fake_transistor.feed_validators()
    cache = lock.feeds[fake_transistor.feed_url]
    assert (cache.etag, cache.last_modified) == (etag, last_modified)
    assert cache.embed_ids == ["0b9e4c21", "5e08448f", "b0afd7df", "cea47899", "dd8e79de"]

    report = resolve_audio(["cea47899", "deadbeef"], lock, config, client=transistor_client)

    second = fake_transistor.hits[-1]
    assert (second.headers["if-none-match"], second.headers["if-modified-since"], second.status) == (
        etag, last_modified, 304)
    assert len(fake_transistor.metadata_hits()) == 2 and len(fake_transistor.transcript_hits()) == 1
    assert "(unchanged since the last fetch)" in report.errors["deadbeef"]


def test_unchanged_feed_listing_an_unpinned_id_is_fetched_in_full(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    lock = Lock()
    config = feed_config(fake_transistor)
    resolve_audio(["cea47899"], lock, config, client=transistor_client)

    report = resolve_audio(["5e08448f"], lock, config, client=transistor_client)

    assert report.resolved["5e08448f"].duration == 1706
    assert [h.status for h in fake_transistor.metadata_hits()] == [200, 304, 200]


def test_changed_feed_is_read_again(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    lock = Lock()
    config = feed_config(fake_transistor)
    resolve_audio(["cea47899"], lock, config, client=transistor_client)
    fake_transistor.episodes.append(FakeEpisode("feedf00d", number=15))

    report = resolve_audio(["feedf00d"], lock, config, client=transistor_client)

    assert report.resolved["feedf00d"].episode == 15
    assert [h.status for h in fake_transistor.metadata_hits()] == [200, 200]
    assert "feedf00d" in lock.feeds[fake_transistor.feed_url].embed_ids


# -- refresh -------------------------------------------------------------------------------------------------------


def test_refresh_reports_changed_url_and_size_old_to_new(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    episode = fake_transistor.episode("cea47899")
    old = pinned("cea47899", guid=episode.guid, url="https://media.transistor.fm/cea47899/00000000.mp3",
                 length=1000, duration=2261, episode=12, season=2, episode_type="full", title="Cold Brew Myths")
    lock = Lock(audio={"cea47899": old})

    report = resolve_audio(["cea47899"], lock, feed_config(fake_transistor), refresh=True, client=transistor_client)

    changed = {change.field: (change.old, change.new) for change in report.changes}
    assert changed["url"] == (old.url, fake_transistor.media_url(episode))
    assert changed["length"] == ("1000", "36182204")
    assert "duration" not in changed and "title" not in changed
    assert lock.audio["cea47899"].length == 36_182_204
    assert str(report.changes[0]).startswith("cea47899: ")


def test_refresh_keeps_the_pinned_guid(fake_transistor: FakeTransistor, transistor_client: HttpClient) -> None:
    lock = Lock(audio={"cea47899": pinned("cea47899", guid="pinned-guid")})

    report = resolve_audio(["cea47899"], lock, feed_config(fake_transistor), refresh=True, client=transistor_client)

    assert lock.audio["cea47899"].guid == "pinned-guid"
    assert any("kept the pinned 'pinned-guid'" in notice for notice in report.notices)


def test_refresh_of_an_unchanged_feed_costs_one_feed_request_and_changes_nothing(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    lock = Lock()
    config = feed_config(fake_transistor)
    resolve_audio(["cea47899", "5e08448f"], lock, config, client=transistor_client)
    before = lock.model_copy(deep=True)

    report = resolve_audio(["cea47899", "5e08448f"], lock, config, refresh=True, client=transistor_client)

    assert report.changes == [] and report.errors == {} and report.stale == {}
    assert lock == before
    assert [h.status for h in fake_transistor.metadata_hits()] == [200, 304]
    timed = [i for i, meta in lock.audio.items() if meta.transcripts]
    assert [h.path.split("/")[3] for h in fake_transistor.transcript_hits()] == timed * 2  # and again on --refresh


def test_refresh_that_fails_keeps_pinned_metadata(fake_transistor: FakeTransistor,
                                                  transistor_client: HttpClient) -> None:
    lock = Lock(audio={"cea47899": pinned("cea47899")})
    fake_transistor.fail("/feeds/", "html")

    report = resolve_audio(["cea47899"], lock, feed_config(fake_transistor), refresh=True, client=transistor_client)

    assert report.resolved["cea47899"] == pinned("cea47899")
    assert report.errors == {}
    assert "got an HTML page instead of an RSS feed" in report.stale["cea47899"]
    assert report.stale["cea47899"].endswith("kept the pinned metadata")


def test_refresh_offline_is_a_notice_and_no_request(fake_transistor: FakeTransistor,
                                                    transistor_client: HttpClient) -> None:
    lock = Lock(audio={"cea47899": pinned("cea47899")})
    report = resolve_audio(["cea47899"], lock, feed_config(fake_transistor), refresh=True, offline=True,
                           client=transistor_client)

    assert report.notices == ["--refresh needs the network; ignored because --offline was given"]
    assert fake_transistor.count() == 0


def test_budget_is_one_feed_request_plus_one_head_per_item_without_length(
    fake_transistor: FakeTransistor, transistor_client: HttpClient
) -> None:
    extra = [FakeEpisode(f"abcdef{n:02d}", number=20 + n, feed_length=n % 2 == 0) for n in range(8)]
    fake_transistor.episodes += extra
    wanted = ["cea47899", "dd8e79de", *(ep.embed_id for ep in extra)]

    report = resolve_audio(wanted, Lock(), feed_config(fake_transistor), client=transistor_client)

    assert sorted(report.resolved) == sorted(wanted)
    assert fake_transistor.count("GET", "/feeds/") == 1
    assert fake_transistor.count("HEAD") == 4  # abcdef01, 03, 05, 07
    assert len(fake_transistor.metadata_hits()) == 5
