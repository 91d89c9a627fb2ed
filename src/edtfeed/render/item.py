"""Item-level tags we add to feedgen's core RSS (title, link, guid, pubDate, description, content, enclosure)."""

from __future__ import annotations

from collections.abc import Sequence

from edtfeed.chapters import JSON_CHAPTERS_TYPE, PSC_VERSION, Chapter, psc_attributes
from edtfeed.episodes import Episode
from edtfeed.labels import label
from edtfeed.render.channel import person_elements, true_false
from edtfeed.render.xml import El


def item_elements(episode: Episode) -> list[El]:
    elements = [
        El("itunes:title", episode.title),
        El("itunes:duration", str(episode.audio.duration)),
        El("itunes:explicit", true_false(episode.explicit)),
        El("itunes:episodeType", episode.episode_type),
    ]
    if episode.number is not None:
        elements.append(El("itunes:episode", str(episode.number)))
    if episode.season is not None:
        elements.append(El("itunes:season", str(episode.season)))
    if episode.image:
        elements.append(El("itunes:image", attrs={"href": episode.image}))
    if episode.season is not None:
        elements.append(El("podcast:season", str(episode.season)))
    if episode.number is not None:
        elements.append(El("podcast:episode", str(episode.number)))
    elements += chapter_elements(episode)
    for transcript in episode.transcripts:
        attrs = {"url": transcript.url, "type": transcript.type}
        if transcript.language:
            attrs["language"] = transcript.language
        elements.append(El("podcast:transcript", attrs=attrs))
    elements += person_elements(episode.people)
    if episode.youtube_url:
        elements.append(El("podcast:contentLink", label("watch_on_youtube", episode.lang),
                           attrs={"href": episode.youtube_url}))
    return elements


def chapter_elements(episode: Episode) -> list[El]:
    """`<podcast:chapters>` (the JSON file) and inline `<psc:chapters>`; never an empty container."""
    elements = []
    if episode.chapters_url:
        elements.append(El("podcast:chapters", attrs={"url": episode.chapters_url, "type": JSON_CHAPTERS_TYPE}))
    if episode.chapters:
        elements.append(psc_chapters(episode.chapters, episode.record.youtube_id))
    return elements


def psc_chapters(chapters: Sequence[Chapter], youtube_id: str | None) -> El:
    """Podlove Simple Chapters, inline: Spotify, podcastparser, feedparser and AntennaPod read this form."""
    return El("psc:chapters", attrs={"version": PSC_VERSION},
              children=tuple(El("psc:chapter", attrs=attrs) for attrs in psc_attributes(chapters, youtube_id)))
