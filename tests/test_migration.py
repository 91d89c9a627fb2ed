"""Moving a show off Transistor's hosted feed: the successor feed keeps every published guid and the show's own
podcast:guid, and `validate --migration` says, point by point, whether the move is safe (against a fake Transistor
on loopback)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from edtfeed.runner.publish import PublishOptions, publish
from edtfeed.cli import main
from edtfeed.config import TransistorConfig, load_config
from edtfeed.lock import HostedFeed, Lock, load_lock, save_lock
from edtfeed.resolve import API_KEY_ENV, resolve_audio
from edtfeed.http import HttpClient
from edtfeed.resolve.rss import parse_feed
from tests.fake_transistor import API_KEY, SHOW_ID, FakeEpisode, FakeTransistor

SHOW_GUID = str(uuid.uuid5(uuid.NAMESPACE_URL, "the fake show, as Podcast Index knows it"))
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}
EASTERN = timezone(timedelta(hours=-5))
OLD_COUNT = 30


def _episodes() -> list[FakeEpisode]:
    """30 published episodes, one a week, and two published after the move: on Transistor (the API has them) but not
    in the feed the directories know."""
    start = datetime(2023, 1, 3, 6, 0, tzinfo=EASTERN)
    old = [FakeEpisode(f"{n:08x}", title=f"Episode {n}", number=n, pub_date=start + timedelta(weeks=n - 1))
           for n in range(1, OLD_COUNT + 1)]
    new = [FakeEpisode(f"{n:08x}", title=f"Episode {n}", number=n, in_feed=False,
                       pub_date=start + timedelta(weeks=n - 1)) for n in (OLD_COUNT + 1, OLD_COUNT + 2)]
    return old + new


@dataclass
class Show:
    config: Path
    fake: FakeTransistor

    @property
    def new_url(self) -> str:
        return load_config(self.config).feed_url("en")

    @property
    def feed(self) -> Path:
        return self.config.parent / "feeds" / "en" / "feed.xml"

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(main, ["--config", str(self.config), *args], catch_exceptions=False)


def _write_show(root: Path, fake: FakeTransistor) -> Path:
    for ep in fake.episodes:
        record = root / "episodes" / f"ep-{ep.number}" / "episode.md"
        record.parent.mkdir(parents=True)
        record.write_text(f'---\ntitle: "{ep.title}"\npermalink: ep-{ep.number}\nlang: en\n'
                          f"date: {ep.pub_date:%Y-%m-%d}\n---\n\n{{% include transistor.html id=\"{ep.embed_id}\" %}}"
                          "\n\nNotes.\n", encoding="utf-8")
    config = root / "edtfeed.toml"
    config.write_text(f'''[show]
title = "The Fake Show"
description = "A show that moves from its hosted feed to its own."
author = "Fake Host"
email = "host@fake-show.test"
image = "{fake.base}/img.transistorcdn.com/show/art.jpg"
link = "https://www.example.org"
categories = ["Technology"]
base_url = "https://www.example.org/feeds"
timezone = "America/New_York"

[show.languages.en]
replaces = "{fake.feed_url}"

[transistor]
feed_url = "{fake.feed_url}"
show_id = "{SHOW_ID}"
api_url = "{fake.api_url}"
''', encoding="utf-8")
    return config


@pytest.fixture
def moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Show]:
    """The show published once by edtfeed as the successor of its Transistor feed."""
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    with FakeTransistor(_episodes(), podcast_guid=SHOW_GUID) as fake:
        show = Show(_write_show(tmp_path, fake), fake)
        result = publish(load_config(show.config), PublishOptions())
        assert not [p for p in result.problems if p.severity == "error"], result.problems
        yield show


def _channel(path: Path) -> etree._Element:
    channel = etree.parse(str(path)).getroot().find("channel")
    assert channel is not None
    return channel


def _save_old_feed(show: Show, path: Path) -> bytes:
    """The old feed as a podcaster saves it before turning on the redirect."""
    body = HttpClient().request("GET", show.fake.feed_url).content
    path.write_bytes(body)
    return body


def test_the_successor_keeps_every_transistor_guid_and_the_shows_podcast_guid(moved: Show) -> None:
    channel = _channel(moved.feed)
    guids = [item.findtext("guid") for item in channel.iterfind("item")]
    old = {ep.guid for ep in moved.fake.feed_episodes()}
    assert len(old) == OLD_COUNT and len(guids) == OLD_COUNT + 2
    assert set(guids) - old == {f"ep-{OLD_COUNT + 1}", f"ep-{OLD_COUNT + 2}"}  # new episodes: permalink guids
    assert old <= set(guids)  # exactly the Transistor guids, for every episode the old feed had
    assert channel.findtext("podcast:guid", namespaces=NS) == SHOW_GUID
    assert channel.findtext("itunes:new-feed-url", namespaces=NS) == moved.new_url
    assert load_lock(moved.config.parent / "edtfeed.lock").hosted[moved.fake.feed_url].podcast_guid == SHOW_GUID


def test_validate_migration_passes_for_a_correct_move(moved: Show, tmp_path: Path) -> None:
    saved = tmp_path / "old-feed.xml"
    _save_old_feed(moved, saved)
    moved.fake.reset_log()
    result = moved.run("validate", "--migration", str(saved))
    assert result.exit_code == 0, result.output
    assert moved.fake.count() == 0  # a saved file is compared offline
    assert f"pass {moved.feed}: items: all {OLD_COUNT} old item(s) are in the new feed" in result.output
    assert f"counts: old feed {OLD_COUNT} item(s), new feed {OLD_COUNT + 2} ({OLD_COUNT} from the old feed, 2 new)" \
        in result.output
    for point in ("podcast:guid", "title", "artwork", "owner email", "podcast:locked"):
        assert f"pass {moved.feed}: {point}: " in result.output
    assert "FAIL" not in result.output and result.output.endswith("passed\n")


@pytest.mark.parametrize("edit", ["guid", "enclosure", "pubDate"])
def test_validate_migration_names_the_item_that_changed(moved: Show, tmp_path: Path, edit: str) -> None:
    saved = tmp_path / "old-feed.xml"
    body = _save_old_feed(moved, saved)
    victim = moved.fake.episode(f"{7:08x}")
    if edit == "guid":
        body = body.replace(victim.guid.encode(), b"0e0e0e0e-aaaa-4bbb-8ccc-0123456789ab")
        expected = "FAIL {feed}: item 0e0e0e0e-aaaa-4bbb-8ccc-0123456789ab: 'Episode 7' is not in the new feed"
    elif edit == "enclosure":
        body = body.replace(f"{victim.media_hash}.mp3".encode(), b"moved.mp3")
        expected = f"FAIL {{feed}}: item {victim.guid}: 'Episode 7' has the enclosure "
    else:
        body = body.replace(b"Tue, 14 Feb 2023", b"Thu, 16 Feb 2023")
        expected = f"FAIL {{feed}}: item {victim.guid}: 'Episode 7' has the pubDate 2023-02-14"
    saved.write_bytes(body)
    result = moved.run("validate", "--migration", str(saved))
    assert result.exit_code == 1, result.output
    assert expected.format(feed=moved.feed) in result.output
    assert result.output.count("FAIL") == 1 + (edit == "guid")  # a lost guid also fails the counts


def test_validate_migration_compares_the_channel_identity(moved: Show, tmp_path: Path) -> None:
    saved = tmp_path / "old-feed.xml"
    body = _save_old_feed(moved, saved)
    saved.write_bytes(body.replace(SHOW_GUID.encode(), str(uuid.uuid5(uuid.NAMESPACE_URL, "x")).encode())
                      .replace(b"host@fake-show.test", b"other@fake-show.test"))
    result = moved.run("validate", "--migration", str(saved))
    assert result.exit_code == 1
    assert f"FAIL {moved.feed}: podcast:guid: {SHOW_GUID}, expected " in result.output
    assert f"FAIL {moved.feed}: owner email: host@fake-show.test, was other@fake-show.test" in result.output


def test_the_old_url_must_answer_one_301_straight_to_the_new_feed(moved: Show) -> None:
    moved.fake.move(moved.new_url)
    result = moved.run("validate", "--migration", moved.fake.feed_url)
    assert result.exit_code == 0, result.output
    assert f"pass redirect: {moved.fake.feed_url} answers one 301 straight to {moved.new_url}" in result.output
    assert "not compared:" in result.output  # the old items are gone from a redirecting URL: a saved copy has them


@pytest.mark.parametrize(("status", "hops", "elsewhere", "why"), [
    (302, 1, False, "a 302 is a temporary redirect, so directories keep the old address"),
    (308, 1, False, "a 308 is permanent, but directories look for the 301"),
    (301, 2, False, "a redirect chain of 2 hops: point the 301 straight at"),
    (301, 1, True, "it points elsewhere: point the 301 straight at"),
])
def test_a_temporary_redirect_a_chain_or_another_target_fails(moved: Show, status: int, hops: int, elsewhere: bool,
                                                              why: str) -> None:
    moved.fake.move(f"{moved.fake.base}/feeds/another-show" if elsewhere else moved.new_url, status, hops)
    result = moved.run("validate", "--migration", moved.fake.feed_url)
    assert result.exit_code == 1
    assert f"FAIL redirect: {moved.fake.feed_url}: HTTP {status} " in result.output and why in result.output


def test_an_old_feed_not_redirected_yet_is_compared_and_the_redirect_fails(moved: Show) -> None:
    result = moved.run("validate", "--migration", moved.fake.feed_url)
    assert result.exit_code == 1
    assert "FAIL redirect: " in result.output and "still serves the old feed (HTTP 200)" in result.output
    assert f"pass {moved.feed}: items: all {OLD_COUNT} old item(s)" in result.output


def test_the_new_feed_can_be_named(moved: Show, tmp_path: Path) -> None:
    saved = tmp_path / "old-feed.xml"
    _save_old_feed(moved, saved)
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "absent.toml"), "validate", "--migration",
                                       str(saved), str(moved.feed)])
    assert result.exit_code == 0, result.output


def test_a_hosted_podcast_guid_is_pinned_once(tmp_path: Path) -> None:
    """Once published, the show's podcast:guid never changes: a later different answer is only reported."""
    with FakeTransistor(_episodes()[:2], podcast_guid=SHOW_GUID) as fake:
        config, lock = TransistorConfig(feed_url=fake.feed_url), Lock()
        resolve_audio([f"{1:08x}"], lock, config, hosted=True, client=HttpClient())
        assert lock.hosted == {fake.feed_url: HostedFeed(podcast_guid=SHOW_GUID)}
        fake.podcast_guid = str(uuid.uuid4())
        report = resolve_audio([f"{2:08x}"], lock, config, hosted=True, client=HttpClient())
        assert lock.hosted[fake.feed_url].podcast_guid == SHOW_GUID
        kept = f"its podcast:guid is now {fake.podcast_guid}; kept the pinned {SHOW_GUID}"
        assert kept in report.identity[fake.feed_url]


def test_the_identity_is_read_even_when_every_id_is_pinned(tmp_path: Path) -> None:
    with FakeTransistor(_episodes()[:1], podcast_guid=SHOW_GUID) as fake:
        config, lock = TransistorConfig(feed_url=fake.feed_url), Lock()
        resolve_audio([f"{1:08x}"], lock, config, client=HttpClient())
        assert not lock.hosted  # nothing succeeds this feed: nothing about it is pinned
        fake.reset_log()
        resolve_audio([f"{1:08x}"], lock, config, hosted=True, client=HttpClient())
        assert fake.count("GET", "/feeds/") == 1 and lock.hosted[fake.feed_url].podcast_guid == SHOW_GUID
        resolve_audio([f"{1:08x}"], lock, config, hosted=True, client=HttpClient())
        assert fake.count("GET", "/feeds/") == 1  # pinned: not asked again


def test_a_kept_guid_that_is_not_a_uuidv5_still_publishes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An old show's guid is its identity even when its host made it a UUIDv4: the successor is not held back."""
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    kept = str(uuid.UUID("9b2e61b0-54e5-4d1c-8f0e-3c1a2b4d5e6f"))
    with FakeTransistor(_episodes()[:3], podcast_guid=kept) as fake:
        config = load_config(_write_show(tmp_path, fake))
        result = publish(config, PublishOptions())
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    assert not [f for f in result.findings if f.code.startswith("podcast.guid")], result.findings
    assert _channel(tmp_path / "feeds" / "en" / "feed.xml").findtext("podcast:guid", namespaces=NS) == kept


def test_an_unknown_identity_is_a_warning(tmp_path: Path) -> None:
    """Offline, the old feed was never read: the fallback guid may not be the show's, and publish says so."""
    lock = Lock()
    with FakeTransistor(_episodes()[:1]) as fake:
        config_path = _write_show(tmp_path, fake)
        resolve_audio([f"{1:08x}"], lock, TransistorConfig(feed_url=fake.feed_url), client=HttpClient())
    save_lock(tmp_path / "edtfeed.lock", lock)
    result = publish(load_config(config_path), PublishOptions(offline=True))
    assert any("which this feed replaces, is not known" in p.message and p.severity == "warning"
               for p in result.problems), result.problems


@pytest.mark.parametrize(("written", "read"), [
    (SHOW_GUID.upper(), SHOW_GUID),  # any spelling of the UUID is the same guid
    ("{" + SHOW_GUID + "}", SHOW_GUID),
    ("not-a-guid", None),
    ("9" * 5000, None),
])
def test_the_hosted_podcast_guid_is_read_as_a_uuid_or_not_at_all(written: str, read: str | None) -> None:
    body = ('<rss xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>'
            f"<podcast:guid>{written}</podcast:guid></channel></rss>").encode()
    index = parse_feed(body, "https://feeds.host.test/show")
    assert index.podcast_guid == read
    assert bool(index.notices) == (read is None)


def test_a_later_different_podcast_guid_is_a_warning_and_the_feed_keeps_its_own(moved: Show) -> None:
    before = moved.feed.read_bytes()
    moved.fake.podcast_guid = str(uuid.uuid5(uuid.NAMESPACE_URL, "someone else's show"))
    result = moved.run("publish", "--refresh")
    assert result.exit_code == 0, result.output
    assert (f"edtfeed.lock: warning: {moved.fake.feed_url}: its podcast:guid is now {moved.fake.podcast_guid}; "
            f"kept the pinned {SHOW_GUID}") in result.stderr
    assert moved.feed.read_bytes() == before


def test_unusable_inputs_fail_with_the_reason(moved: Show, tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text("<!DOCTYPE html><html><body>Sign in</body></html>", encoding="utf-8")
    for old, why in ((str(tmp_path / "absent.xml"), "absent.xml: cannot read the file: No such file or directory"),
                     (str(page), "got an HTML page instead of an RSS feed")):
        result = moved.run("validate", "--migration", old)
        assert result.exit_code == 1 and "FAIL old feed: " in result.output and why in result.output, result.output
    moved.feed.unlink()
    result = moved.run("validate", "--migration", str(page))
    assert result.exit_code == 1 and f"FAIL new feed: {moved.feed}: cannot read the file: No such file or directory" in result.output


def test_json_verdicts(moved: Show, tmp_path: Path) -> None:
    saved = tmp_path / "old-feed.xml"
    _save_old_feed(moved, saved)
    result = moved.run("validate", "--migration", str(saved), "--format", "json")
    verdicts = json.loads(result.stdout)
    assert result.exit_code == 0 and verdicts and all(v["ok"] and v["checked"] for v in verdicts)
    assert {"point", "ok", "detail", "checked"} == set(verdicts[0])


def test_validate_migration_passes_across_a_prefix_change(moved: Show, tmp_path: Path) -> None:
    """Adding OP3's per-feed prefix after the move changes every enclosure URL, but neither a guid nor the audio."""
    saved = tmp_path / "old-feed.xml"
    _save_old_feed(moved, saved)
    before = [item.findtext("guid") for item in _channel(moved.feed).iterfind("item")]
    text = moved.config.read_text(encoding="utf-8")
    moved.config.write_text(text.replace('timezone = "America/New_York"\n', 'timezone = "America/New_York"\n'
                                         'prefixes = ["https://op3.dev/e,pg={podcast_guid}/"]\n'), encoding="utf-8")
    result = publish(load_config(moved.config), PublishOptions())
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    items = list(_channel(moved.feed).iterfind("item"))
    assert [item.findtext("guid") for item in items] == before
    assert all(item.find("enclosure").get("url").startswith(f"https://op3.dev/e,pg={SHOW_GUID}/127.0.0.1:")
               for item in items)
    verdict = moved.run("validate", "--migration", str(saved))
    assert verdict.exit_code == 0, verdict.output
    assert f"pass {moved.feed}: items: all {OLD_COUNT} old item(s) are in the new feed" in verdict.output
