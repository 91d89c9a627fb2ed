"""The tags a multilingual show needs beyond its episodes, from the config into every language's feed: analytics
prefixes on the enclosures, ownership tokens (podcast:txt), funding, a podroll of the other language feeds, the
update frequency, and persons with their group; read back by feedparser and podcastparser and clean under the
validator's rules."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from typing import Any

import feedparser
import podcastparser
import pytest
from lxml import etree

from edtfeed.runner.publish import PublishOptions, publish
from edtfeed.config import Config, load_config, load_shows
from edtfeed.episodes.episode import Episode, build_episode
from edtfeed.errors import ConfigError
from edtfeed.episodes.extras import feed_guid
from edtfeed.render import render_feed
from edtfeed.validate import validate_bytes
from tests.factories import make_audio, make_config, make_record
from tests.sample_show import copy_sample_show

NS = {"podcast": "https://podcastindex.org/namespace/1.0"}
PODCASTPARSER_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
OP3 = "https://op3.dev/e,pg={podcast_guid}/"
TUESDAY = datetime(2024, 3, 5, 8, 0, tzinfo=timezone.utc)
HOSTED = "https://op3.dev/e/media.transistor.fm/{id}/a1b2c3d4.mp3"  # the host's own prefix, as Transistor writes it


def config(**show: Any) -> Config:
    return make_config(hosts=["Robin Host"], **show)


def weekly(cfg: Config, lang: str = "en", count: int = 4) -> list[Episode]:
    """`count` episodes a week apart, on Tuesdays, newest first; their audio is in English."""
    episodes = []
    for n in range(count):
        embed = f"{n:08x}"
        record = make_record(lang=lang, rel=f"e{n}/{lang}.md", permalink=f"e{n}-{lang}", embed_id=embed,
                             guests=["Ada Guest"], date=TUESDAY + timedelta(days=7 * n))
        audio = make_audio(embed_id=embed, url=HOSTED.format(id=embed))
        episodes.append(build_episode(record, audio, cfg, spoken="en"))
    return episodes[::-1]


def channel(xml: bytes) -> etree._Element:
    return etree.fromstring(xml).find("channel")


def findings(xml: bytes, lang: str = "en") -> list[str]:
    return [f"{f.rule}: {f.message}" for f in validate_bytes(xml, "feed.xml",
                                                             feed_url=f"https://example.org/feeds/{lang}/feed.xml")]


FULL = dict(prefixes=[OP3], txt={"applepodcastsverify": "05124", "verify": "S6lpp-7ZCn8"},
            funding={"url": "https://example.org/support", "text": "Support the show"}, podroll=True)


def test_every_new_tag_is_written_and_read_back_by_both_parsers() -> None:
    cfg = config(**FULL)
    xml = render_feed(cfg, "en", weekly(cfg), ["en", "es", "ar"])
    assert findings(xml) == []
    own, es, ar = (feed_guid(cfg, lang) for lang in ("en", "es", "ar"))

    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    feed = parsed.feed
    assert feed.podcast_txt == {"purpose": "verify"}  # feedparser keeps the last tag's attributes
    assert feed.podcast_funding == {"url": "https://example.org/support"}
    assert feed.podcast_updatefrequency == {"rrule": "FREQ=WEEKLY;BYDAY=TU"}
    assert feed.podcast_remoteitem == {"feedguid": ar, "feedurl": "https://example.org/feeds/ar/feed.xml"}
    assert feed.podcast_person == {"role": "host", "group": "cast"}
    entry = parsed.entries[0]
    assert entry.enclosures[0].href == f"https://op3.dev/e,pg={own}/media.transistor.fm/00000003/a1b2c3d4.mp3"
    assert entry.podcast_person == {"role": "guest", "group": "cast"}

    # podcastparser maps podcast: tags only under the GitHub namespace URI (see test_item_extras)
    legacy = podcastparser.parse("feed.xml", io.BytesIO(xml.replace(NS["podcast"].encode(), PODCASTPARSER_NS.encode())))
    assert legacy["funding_url"] == "https://example.org/support"
    assert [(p["name"], p["role"], p["group"]) for p in legacy["episodes"][0]["persons"]] == [
        ("Robin Host", "host", "cast"), ("Ada Guest", "guest", "cast")]
    assert legacy["episodes"][0]["enclosures"][0]["url"] == entry.enclosures[0].href
    assert podcastparser.parse("feed.xml", io.BytesIO(xml))["title"] == "Test Show"

    root = channel(xml)
    assert [(t.get("purpose"), t.text) for t in root.findall("podcast:txt", NS)] == [
        ("applepodcastsverify", "05124"), ("verify", "S6lpp-7ZCn8")]
    assert root.findtext("podcast:funding", namespaces=NS) == "Support the show"
    assert root.findtext("podcast:updateFrequency", namespaces=NS) == "Weekly"
    assert [(r.get("feedGuid"), r.get("feedUrl")) for r in root.findall("podcast:podroll/podcast:remoteItem", NS)] \
        == [(es, "https://example.org/feeds/es/feed.xml"), (ar, "https://example.org/feeds/ar/feed.xml")]


def test_the_alternate_enclosure_of_a_translated_audio_is_prefixed_too() -> None:
    cfg = config(prefixes=[OP3])
    xml = render_feed(cfg, "es", weekly(cfg, "es"), ["es"])
    source = channel(xml).find("item/podcast:alternateEnclosure/podcast:source", NS).get("uri")
    assert source == f"https://op3.dev/e,pg={feed_guid(cfg, 'es')}/media.transistor.fm/00000003/a1b2c3d4.mp3"


def test_a_language_sets_its_own_prefixes_token_funding_and_schedule() -> None:
    cfg = config(**FULL, update_frequency="FREQ=MONTHLY", languages={"es": {
        "prefixes": ["https://stats.example.org/{lang}/"], "txt": {"applepodcastsverify": "99999"},
        "funding": {"url": "https://example.org/apoyo", "text": "Apoya el programa"},
        "update_frequency": "FREQ=WEEKLY;INTERVAL=2"}})
    en, es = (channel(render_feed(cfg, lang, weekly(cfg, lang), ["en", "es"])) for lang in ("en", "es"))
    assert en.findtext("podcast:updateFrequency", namespaces=NS) == "Monthly"  # configured beats computed
    assert es.find("podcast:updateFrequency", NS).attrib == {"rrule": "FREQ=WEEKLY;INTERVAL=2"}
    assert es.findtext("podcast:updateFrequency", namespaces=NS) == "Cada dos semanas"
    assert [(t.get("purpose"), t.text) for t in es.findall("podcast:txt", NS)] == [
        ("applepodcastsverify", "99999"), ("verify", "S6lpp-7ZCn8")]
    assert es.find("podcast:funding", NS).get("url") == "https://example.org/apoyo"
    assert es.find("item/enclosure").get("url") == "https://stats.example.org/es/media.transistor.fm/00000003/a1b2c3d4.mp3"


def test_without_prefixes_the_hosts_url_stays_and_an_empty_list_removes_its_prefix() -> None:
    unset, empty = config(), config(prefixes=[])
    assert channel(render_feed(unset, "en", weekly(unset), ["en"])).find("item/enclosure").get("url") == \
        HOSTED.format(id="00000003")
    assert channel(render_feed(empty, "en", weekly(empty), ["en"])).find("item/enclosure").get("url") == \
        "https://media.transistor.fm/00000003/a1b2c3d4.mp3"


def test_no_podroll_txt_or_funding_unless_configured_and_no_schedule_from_two_episodes() -> None:
    cfg = config()
    root = channel(render_feed(cfg, "en", weekly(cfg, count=2), ["en", "es"]))
    assert [el.tag.split("}")[1] for el in root if "podcastindex" in str(el.tag)] == [
        "guid", "locked", "medium", "person"]


@pytest.mark.parametrize(("show", "expected"), [
    ({"prefixes": ["https://chtbl.com/track/A1/"]}, "Chartable has shut down"),
    ({"prefixes": ["https://op3.dev/e/", "https://op3.dev/e,pg={podcast_guid}/"]}, "OP3 is listed twice"),
    ({"txt": {"applepodcastsverify": ""}}, "1 to 4000 characters"),
    ({"funding": {"url": "http://example.org/support", "text": "Support"}}, "not an https URL"),
    ({"update_frequency": "WEEKLY"}, "not a recurrence rule"),
    ({"languages": {"es": {"prefixes": ["http://op3.dev/e/"]}}}, "must be an https URL"),
])
def test_a_setting_that_would_break_the_feed_is_refused_at_the_config(show: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        config(**show)


def test_adding_and_removing_prefixes_never_changes_a_guid_of_the_sample_show(tmp_path) -> None:
    path = copy_sample_show(tmp_path)
    plain = path.read_text(encoding="utf-8")

    def published(toml: str) -> dict[str, bytes]:
        path.write_text(toml, encoding="utf-8")
        cfg = load_config(path)
        result = publish(cfg, PublishOptions(offline=True))
        assert not [p for p in result.problems if p.severity == "error"], result.problems
        return {lang: (cfg.output_dir / lang / "feed.xml").read_bytes() for lang in ("en", "es", "ar")}

    def items(feed: bytes) -> list[tuple[str, str]]:
        root = channel(feed)
        return [(item.findtext("guid"), item.find("enclosure").get("url")) for item in root.iterfind("item")]

    first = published(plain)
    prefixed = published(plain.replace('hosts = ["Robin Host"]', 'hosts = ["Robin Host"]\nprefixes = ["' + OP3 + '"]'))
    for lang in first:
        before, after = items(first[lang]), items(prefixed[lang])
        assert [guid for guid, _ in after] == [guid for guid, _ in before]
        assert all(url.startswith("https://op3.dev/e,pg=") for _, url in after) and after != before
    assert published(plain) == first  # removed again: the very same feeds


def test_a_refused_prefix_names_its_line_and_table_in_the_config(tmp_path) -> None:
    text = copy_sample_show(tmp_path)
    toml = (text.read_text(encoding="utf-8")
            .replace("[show.languages.es]\n", '[show.languages.es]\nprefixes = ["https://chtbl.com/track/A1/"]\n'))
    text.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(text)
    line = next(n for n, row in enumerate(toml.splitlines(), 1) if row.startswith("prefixes"))
    assert caught.value.message.startswith(f"{text}:{line}: [show.languages.es.prefixes] ")
    assert "Chartable has shut down" in caught.value.message


def test_each_show_of_several_has_its_own_or_the_shared_settings(tmp_path) -> None:
    base = {"title": "S", "description": "D", "author": "A", "email": "a@example.org",
            "image": "https://example.org/c.jpg", "link": "https://example.org", "categories": '["Technology"]'}
    shared = "\n".join(f"{key} = {value}" if key == "categories" else f'{key} = "{value}"' for key, value in base.items())
    (tmp_path / "edtfeed.toml").write_text(f"""[show]
{shared}
txt = {{ verify = "shared-token" }}
podroll = true

[shows.one]
base_url = "https://example.org/one"
prefixes = ["{OP3}"]
[shows.one.transistor]
lock = "one.lock"
[shows.one.output]
dir = "one"

[shows.two]
base_url = "https://example.org/two"
txt = {{ verify = "two-token" }}
[shows.two.transistor]
lock = "two.lock"
[shows.two.output]
dir = "two"
""", encoding="utf-8")
    shows = load_shows(tmp_path / "edtfeed.toml")
    one, two = shows["one"].show, shows["two"].show
    assert (one.prefixes, one.txt, one.podroll) == ([OP3], {"verify": "shared-token"}, True)
    assert (two.prefixes, two.txt, two.podroll) == (None, {"verify": "two-token"}, True)


def test_the_pages_players_play_the_feeds_prefixed_enclosures(tmp_path) -> None:
    """A play on a show page or an episode page goes through the same analytics prefixes as the feed's enclosure
    (each language's own, its podcast:guid filled in), so plays on the web are counted per language too."""
    from lxml import html

    path = copy_sample_show(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        'hosts = ["Robin Host"]', 'hosts = ["Robin Host"]\nprefixes = ["' + OP3 + '"]').replace(
        "[show.languages.es]\n", '[show.languages.es]\nprefixes = ["https://stats.example.org/{lang}/"]\n'),
        encoding="utf-8")
    cfg = load_config(path)
    result = publish(cfg, PublishOptions(offline=True))
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    for lang, start in (("en", "https://op3.dev/e,pg="), ("es", "https://stats.example.org/es/")):
        folder = cfg.output_dir / lang
        enclosures = [item.find("enclosure").get("url")
                      for item in channel((folder / "feed.xml").read_bytes()).iterfind("item")]
        assert enclosures and all(url.startswith(start) for url in enclosures), enclosures
        assert html.fromstring((folder / "index.html").read_bytes()).xpath("//audio/@src") == enclosures
        played = {src for page in (folder / "episodes").glob("*.html")
                  for src in html.fromstring(page.read_bytes()).xpath("//audio/@src")}
        assert played == set(enclosures)
