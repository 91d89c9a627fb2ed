"""Channel-level tags we add to feedgen's core RSS (title, link, description, language, dates are core)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from edtfeed.categories import nested_categories
from edtfeed.config import Config
from edtfeed.people import Person, channel_people
from edtfeed.render.xml import El

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # Podcasting 2.0 podcast:guid spec


def podcast_guid(feed_url: str) -> str:
    """UUIDv5 of the feed URL without scheme and trailing slashes, per the podcast:guid spec."""
    parts = urlsplit(feed_url)
    seed = parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, re.sub(r"/+$", "", seed)))


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def true_false(flag: bool) -> str:
    """Apple's current itunes:explicit values (feedgen only knows the obsolete yes/no/clean)."""
    return "true" if flag else "false"


def channel_elements(config: Config, lang: str, languages: list[str]) -> list[El]:
    show = config.show
    text = show.text_for(lang)
    elements = [
        El("itunes:author", show.author),
        El("itunes:owner", children=(El("itunes:name", show.author), El("itunes:email", show.email))),
        El("itunes:image", attrs={"href": text.image or show.image}),
    ]
    for top, subs in nested_categories(show.categories):
        elements.append(
            El("itunes:category", attrs={"text": top}, children=tuple(El("itunes:category", attrs={"text": s}) for s in subs))
        )
    elements += [
        El("itunes:explicit", true_false(show.explicit)),
        El("itunes:type", show.type),
        El("podcast:guid", podcast_guid(config.feed_url(lang))),
        El("podcast:locked", yes_no(show.locked), attrs={"owner": show.email}),
        El("podcast:medium", "podcast"),
        *person_elements(channel_people(show.hosts)),
    ]
    for name, url in (text.listen or {}).items():  # feed.xsl shows these as "Listen on …" links
        elements.append(El("atom:link", attrs={"rel": "related", "type": "text/html", "title": name, "href": url}))
    for other in languages:
        if other != lang:
            elements.append(
                El("atom:link", attrs={"rel": "alternate", "type": "application/rss+xml", "hreflang": other,
                                       "href": config.feed_url(other)})
            )
    return elements + directory_elements(config)


def directory_elements(config: Config) -> list[El]:
    """How directories hear about changes: the WebSub hub (W3C WebSub §4) and the Podping flag, when configured.

    Both come from edtfeed.toml, never from the environment, so the feed bytes do not depend on who builds them.
    """
    publish = config.publish
    elements = []
    if publish.podping:
        elements.append(El("podcast:podping", attrs={"usesPodping": "true"}))
    if publish.websub_hub:
        elements.append(El("atom:link", attrs={"rel": "hub", "href": publish.websub_hub}))
    return elements


def person_elements(people: list[Person]) -> list[El]:
    """`<podcast:person role=… [href] [img]>Name</podcast:person>` per person."""
    elements = []
    for person in people:
        attrs = {"role": person.role}
        attrs.update({key: value for key, value in (("href", person.href), ("img", person.img)) if value})
        elements.append(El("podcast:person", person.name, attrs=attrs))
    return elements
