"""Item-level tags we add to feedgen's core RSS (title, link, guid, pubDate, description, content, enclosure)."""

from __future__ import annotations

from edtfeed.episodes import Episode
from edtfeed.render.channel import true_false
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
    return elements
