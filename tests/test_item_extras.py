"""Chapters, transcripts, people, video and artwork in rendered feeds, read back by real client parsers.

Transistor URLs in this file are data only, never fetched: conftest.py fences every test's network to
127.0.0.1/localhost (tests/test_network_fence.py proves it).
"""

from __future__ import annotations

import io
import json

import feedparser
import podcastparser
from lxml import etree

from edtfeed.config import Config
from edtfeed.episodes.episode import Episode
from tests.compose import build_episodes
from edtfeed.diagnostics import Diagnostic
from edtfeed.lock import AudioMeta, TranscriptRef
from edtfeed.read.types import Record
from edtfeed.render import render_feed
from edtfeed.render.notes import item_texts
from edtfeed.render.sidecars import sidecar_files
from tests.chapter_fixtures import make_record, section
from tests.factories import make_audio, make_config

NS = {"podcast": "https://podcastindex.org/namespace/1.0", "psc": "http://podlove.org/simple-chapters",
      "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "content": "http://purl.org/rss/1.0/modules/content/"}
PODCASTPARSER_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
YOUTUBE = "ImbRcqDHYV0"

TIMED = "Opening words.\n\n## 02:00 Setup\n\nA.\n\n## [10:30] Results\n\nB.\n\n## Wrap-up (30:00)\n\nC.\n"
UNTIMED = ("Palabras de apertura.\n\n" + section(50) + "## Preparación\n\n" + section(80) + "## Resultados\n\n"
           + section(80) + "## Cierre\n\n" + section(40))


def config() -> Config:
    base = make_config(hosts=["Darren W Pulsipher", {"name": "Co Host", "href": "https://example.org/co"}])
    return base.model_copy(update={"episodes": base.episodes.model_copy(
        update={"image_url": "https://example.org/episodes/{dir}/{file}"})})


def episodes(records: list[Record], audio: AudioMeta | None = None) -> tuple[dict[str, list[Episode]], list[Diagnostic]]:
    meta = audio or make_audio(duration=2400)
    return build_episodes(records, {meta.embed_id: meta}, config())


def en_es() -> list[Record]:
    return [
        make_record(TIMED, lang="en", permalink="episode-7-en", youtube_id=YOUTUBE, image="thumbnail.png",
                    guests=["Darren W Pulsipher", "Erin Guest"], transcript="<p>Darren: Hello.</p><p>Erin: Hi.</p>"),
        make_record(UNTIMED, lang="es", permalink="episode-7-es", rel="ep/es/episode.md", image="thumbnail.bmp"),
    ]


def test_translations_share_the_explicit_times_and_files_are_made() -> None:
    by_lang, problems = episodes(en_es())
    en, es = by_lang["en"][0], by_lang["es"][0]
    assert [c.start for c in en.chapters] == [c.start for c in es.chapters] == [0, 120, 630, 1800]
    assert [c.title for c in es.chapters] == ["Sample Episode", "Preparación", "Resultados", "Cierre"]
    assert not es.chapters_estimated
    assert sorted(sidecar_files(en, config())) == ["chapters/episode-7-en.json", "transcripts/episode-7-en.html"]
    assert sorted(sidecar_files(es, config())) == ["chapters/episode-7-es.json"]
    assert en.chapters_url == "https://example.org/feeds/en/chapters/episode-7-en.json"
    assert [(p.file, p.severity) for p in problems] == [("ep/es/episode.md", "warning")]
    assert "thumbnail.bmp" in problems[0].message


def test_json_chapters_file_validates() -> None:
    by_lang, _ = episodes(en_es())
    document = json.loads(sidecar_files(by_lang["en"][0], config())["chapters/episode-7-en.json"])
    assert document["version"] == "1.2.0" and document["podcastName"] == "Test Show"
    chapters = document["chapters"]
    assert all(isinstance(c["startTime"], int | float) for c in chapters)
    assert [c["startTime"] for c in chapters] == sorted({c["startTime"] for c in chapters})
    assert chapters[1]["url"] == f"https://www.youtube.com/watch?v={YOUTUBE}&t=120s"


def render(lang: str = "en", records: list[Record] | None = None) -> bytes:
    by_lang, _ = episodes(records or en_es())
    return render_feed(config(), lang, by_lang[lang], sorted(by_lang))


def test_item_tags() -> None:
    item = etree.fromstring(render()).find("channel/item")
    assert item.find("podcast:chapters", NS).attrib == {
        "url": "https://example.org/feeds/en/chapters/episode-7-en.json", "type": "application/json+chapters"}
    assert [c.attrib["start"] for c in item.findall("psc:chapters/psc:chapter", NS)] == [
        "00:00:00.000", "00:02:00.000", "00:10:30.000", "00:30:00.000"]
    assert item.find("psc:chapters", NS).get("version") == "1.2"
    transcript = item.find("podcast:transcript", NS)
    assert transcript.attrib == {"url": "https://example.org/feeds/en/transcripts/episode-7-en.html",
                                 "type": "text/html", "language": "en"}
    people = [(p.text, p.get("role"), p.get("href")) for p in item.findall("podcast:person", NS)]
    assert people == [("Darren W Pulsipher", "host", None), ("Co Host", "host", "https://example.org/co"),
                      ("Erin Guest", "guest", None)]
    link = item.find("podcast:contentLink", NS)
    assert (link.get("href"), link.text) == (f"https://www.youtube.com/watch?v={YOUTUBE}", "Watch on YouTube")
    assert item.find("itunes:image", NS).get("href") == "https://example.org/episodes/ep/en/thumbnail.png"


def test_show_notes_carry_timestamps_and_one_youtube_link() -> None:
    item = etree.fromstring(render()).find("channel/item")
    for notes in (item.findtext("description"), item.findtext("content:encoded", namespaces=NS)):
        assert "<p>Chapters</p><p>00:00 Sample Episode<br/>02:00 Setup<br/>10:30 Results<br/>30:00 Wrap-up</p>" in notes
        assert notes.count("youtube.com/watch") == 1


def test_spanish_item_labels_and_no_video_tags() -> None:
    item = etree.fromstring(render("es")).find("channel/item")
    assert "<p>Capítulos</p>" in item.findtext("description")
    assert item.find("podcast:contentLink", NS) is None and item.find("podcast:transcript", NS) is None
    assert item.find("podcast:person", NS) is None  # no guests: the channel's hosts apply
    assert item.find("itunes:image", NS) is None  # .bmp is never emitted


def test_channel_hosts() -> None:
    channel = etree.fromstring(render()).find("channel")
    assert [(p.text, p.get("role")) for p in channel.findall("podcast:person", NS)] == [
        ("Darren W Pulsipher", "host"), ("Co Host", "host")]


def test_no_chapter_tags_without_usable_headings() -> None:
    record = make_record("Only text.\n\n#Glued heading\n", lang="en")
    item = etree.fromstring(render("en", [record])).find("channel/item")
    assert item.find("podcast:chapters", NS) is None and item.find("psc:chapters", NS) is None
    assert "00:00" not in item.findtext("description")


def test_transistor_transcripts_are_linked_in_the_audio_language() -> None:
    audio = make_audio(duration=2400, transcripts=[
        TranscriptRef(url="https://share.transistor.fm/s/cea47899/transcript.vtt", type="text/vtt"),
        TranscriptRef(url="https://share.transistor.fm/s/cea47899/transcript.json", type="application/json",
                      language="en")])
    by_lang, _ = episodes([make_record(UNTIMED, lang="es")], audio)
    feed = render_feed(config(), "es", by_lang["es"], ["es"])
    found = [t.attrib for t in etree.fromstring(feed).findall("channel/item/podcast:transcript", NS)]
    assert found == [
        {"url": "https://share.transistor.fm/s/cea47899/transcript.vtt", "type": "text/vtt", "language": "en"},
        {"url": "https://share.transistor.fm/s/cea47899/transcript.json", "type": "application/json", "language": "en"}]


def test_podcastparser_reads_psc_chapters_and_podcast_tags() -> None:
    feed = render()
    parsed = podcastparser.parse("feed.xml", io.BytesIO(feed))
    assert [(c["start"], c["title"]) for c in parsed["episodes"][0]["chapters"]] == [
        (0, "Sample Episode"), (120, "Setup"), (630, "Results"), (1800, "Wrap-up")]
    # podcastparser maps podcast: tags only under the GitHub namespace URI; prove the tags are readable there too.
    legacy_feed = feed.replace(NS["podcast"].encode(), PODCASTPARSER_NS.encode())
    legacy = podcastparser.parse("feed.xml", io.BytesIO(legacy_feed))
    episode = legacy["episodes"][0]
    assert episode["chapters_json_url"] == "https://example.org/feeds/en/chapters/episode-7-en.json"
    assert episode["transcript_url"] == "https://example.org/feeds/en/transcripts/episode-7-en.html"
    assert [p["name"] for p in episode["persons"]] == ["Darren W Pulsipher", "Co Host", "Erin Guest"]


def test_feedparser_reads_psc_chapters_with_parsed_starts() -> None:
    entry = feedparser.parse(render("es")).entries[0]
    chapters = entry.psc_chapters.chapters
    assert [(c.start_parsed.total_seconds(), c.title) for c in chapters] == [
        (0, "Sample Episode"), (120, "Preparación"), (630, "Resultados"), (1800, "Cierre")]



def test_transistor_chapters_file_is_linked_when_the_record_has_none() -> None:
    audio = make_audio(duration=2400, chapters_url="https://share.transistor.fm/s/cea47899/chapters.json")
    by_lang, _ = episodes([make_record("No headings here.\n", lang="en")], audio)
    item = etree.fromstring(render_feed(config(), "en", by_lang["en"], ["en"])).find("channel/item")
    assert item.find("podcast:chapters", NS).get("url") == "https://share.transistor.fm/s/cea47899/chapters.json"
    assert item.find("psc:chapters", NS) is None and sidecar_files(by_lang["en"][0], config()) == {}
    by_lang, _ = episodes([make_record(TIMED, lang="en")], audio)
    assert by_lang["en"][0].chapters_url == "https://example.org/feeds/en/chapters/episode-7-en.json"


def test_a_very_long_chapter_list_stays_out_of_the_description() -> None:
    body = "Intro.\n\n" + "".join(f"## {i:02d}:00 {'Un titre assez long pour remplir la page ' * 2}{i}\n\nx.\n\n"
                                   for i in range(1, 40))
    by_lang, _ = episodes([make_record(body, lang="fr", youtube_id=YOUTUBE)], make_audio(duration=3000))
    episode = by_lang["fr"][0]
    assert len(episode.chapters) == 40
    description, content = item_texts(episode, config())
    assert "00:00" not in description and "watch?v=" in description
    assert "39:00 Un titre" in content
