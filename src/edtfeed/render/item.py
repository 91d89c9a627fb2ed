"""Item-level tags we add to feedgen's core RSS (title, link, guid, pubDate, description, content, enclosure)."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from edtfeed.constants import JSON_CHAPTERS_TYPE
from edtfeed.episodes.chapters import Chapter
from edtfeed.episodes.episode import Episode
from edtfeed.episodes.labels import label
from edtfeed.episodes.spoken import same_language
from edtfeed.render.channel import true_false, write_people
from edtfeed.read.youtube import watch_url
from edtfeed.render.xml import add
from edtfeed.timecode import format_clock

PSC_VERSION = "1.2"


def write_item(item: etree._Element, episode: Episode, declared: str, media_url: str) -> None:
    """Our tags of one `<item>` of a feed whose `<language>` is `declared`, after feedgen's core ones: itunes:,
    then podcast:, then psc:chapters. `media_url` is the enclosure's URL as this feed publishes it (its prefixes)."""
    add(item, "itunes:title", episode.title)
    add(item, "itunes:duration", str(episode.audio.duration))
    add(item, "itunes:explicit", true_false(episode.explicit))
    add(item, "itunes:episodeType", episode.episode_type)
    if episode.number is not None:
        add(item, "itunes:episode", str(episode.number))
    if episode.season is not None:
        add(item, "itunes:season", str(episode.season))
    if episode.image:
        add(item, "itunes:image", attrs={"href": episode.image})

    if episode.season is not None:
        add(item, "podcast:season", str(episode.season))
    if episode.number is not None:
        add(item, "podcast:episode", str(episode.number))
    # Only over https: podcast: URLs must be (rule podcast.https), and an http enclosure is Apple's warning only.
    if not (same_language(episode.spoken, declared) and same_language(episode.spoken, episode.lang)) \
            and media_url.startswith("https://"):
        spoken_language(item, episode, media_url)
    if episode.chapters_url:  # the JSON chapters file
        add(item, "podcast:chapters", attrs={"url": episode.chapters_url, "type": JSON_CHAPTERS_TYPE})
    for transcript in episode.transcripts:
        attrs = {"url": transcript.url, "type": transcript.type}
        if transcript.language:
            attrs["language"] = transcript.language
        if transcript.rel:
            attrs["rel"] = transcript.rel
        add(item, "podcast:transcript", attrs=attrs)
    write_people(item, episode.people)
    if episode.youtube_url:
        add(item, "podcast:contentLink", label("watch_on_youtube", episode.lang), {"href": episode.youtube_url})

    if episode.chapters:  # never an empty container
        psc_chapters(item, episode.chapters, episode.record.youtube_id)


def spoken_language(item: etree._Element, episode: Episode, media_url: str) -> None:
    """Say the language of an audio that is not the one the feed declares or its notes are written in: the
    Podcasting 2.0 way to give the enclosure's language is an alternateEnclosure marked as the enclosure itself
    (`default="true"`) with `lang`. Apps see no second file; `edtfeed validate` reads it (apple.language-spoken)."""
    audio = episode.audio
    alternate = add(item, "podcast:alternateEnclosure",
                    attrs={"type": audio.type, "length": str(audio.length), "default": "true", "lang": episode.spoken})
    add(alternate, "podcast:source", attrs={"uri": media_url})


def psc_chapters(parent: etree._Element, chapters: Sequence[Chapter], youtube_id: str | None) -> etree._Element:
    """Podlove Simple Chapters, inline: Spotify, podcastparser, feedparser and AntennaPod read this form."""
    container = add(parent, "psc:chapters", attrs={"version": PSC_VERSION})
    for chapter in chapters:  # the start as zero-padded npt: the only form every client (feedparser too) parses
        attrs = {"start": format_clock(chapter.start, "npt"), "title": chapter.title}
        if youtube_id:
            attrs["href"] = watch_url(youtube_id, chapter.start)
        add(container, "psc:chapter", attrs=attrs)
    return container
