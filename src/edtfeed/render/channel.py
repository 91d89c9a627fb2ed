"""Channel-level tags we add to feedgen's core RSS (title, link, description, language, dates are core)."""

from __future__ import annotations

from lxml import etree

from edtfeed.categories import nested_categories
from edtfeed.config import Config
from edtfeed.episodes.extras import ChannelExtras
from edtfeed.episodes.people import PERSON_GROUP, Person, channel_people
from edtfeed.render.xml import add


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def true_false(flag: bool) -> str:
    """Apple's current itunes:explicit values (feedgen only knows the obsolete yes/no/clean)."""
    return "true" if flag else "false"


def write_channel(channel: etree._Element, config: Config, lang: str, languages: list[str], extras: ChannelExtras,
                  block: bool = False) -> None:
    """Our tags of `<channel>`, after feedgen's core ones: itunes:, then podcast:, then atom: links. `block`: keep
    the feed out of directories (`[show.languages.<lang>] spoken = "block"`); `extras` what episodes/extras.py
    decided for this feed (its podcast:guid among them)."""
    show = config.show
    text = show.text_for(lang)
    add(channel, "itunes:author", show.author)
    owner = add(channel, "itunes:owner")
    add(owner, "itunes:name", show.author)
    add(owner, "itunes:email", show.email)
    add(channel, "itunes:image", attrs={"href": text.image or show.image})
    for top, subs in nested_categories(show.categories):
        category = add(channel, "itunes:category", attrs={"text": top})
        for sub in subs:
            add(category, "itunes:category", attrs={"text": sub})
    add(channel, "itunes:explicit", true_false(show.explicit))
    add(channel, "itunes:type", show.type)
    if block:  # Apple's value is "Yes"; any other value does not block
        add(channel, "itunes:block", "Yes")

    if config.replaced_feed(lang):  # the move of a hosted show: podcast apps follow this, directories re-point it
        add(channel, "itunes:new-feed-url", config.feed_url(lang))
    add(channel, "podcast:guid", extras.guid)
    add(channel, "podcast:locked", yes_no(show.locked), {"owner": show.email})
    add(channel, "podcast:medium", "podcast")
    write_people(channel, channel_people(show.hosts))
    for purpose, value in extras.txt:  # ownership tokens: Apple Podcasts Connect and Podcast Index read them
        add(channel, "podcast:txt", value, {"purpose": purpose})
    for funding in extras.funding:
        add(channel, "podcast:funding", funding.text, {"url": funding.url})
    if extras.update_frequency:
        add(channel, "podcast:updateFrequency", extras.update_frequency.text, {"rrule": extras.update_frequency.rrule})
    if extras.podroll:  # the show's other language feeds, which apps show as recommendations
        roll = add(channel, "podcast:podroll")
        for feed in extras.podroll:
            add(roll, "podcast:remoteItem", attrs={"feedGuid": feed.guid, "feedUrl": feed.url})
    # How directories hear about changes: the Podping flag here, the WebSub hub (W3C WebSub §4) below. Both come
    # from edtfeed.toml, never from the environment, so the feed bytes do not depend on who builds them.
    if config.publish.podping:
        add(channel, "podcast:podping", attrs={"usesPodping": "true"})

    for name, url in (text.listen or {}).items():  # feed.xsl shows these as "Listen on …" links
        add(channel, "atom:link", attrs={"rel": "related", "type": "text/html", "title": name, "href": url})
    # The page a person reads (render/page.py): browsers are dropping the XSLT that feed.xsl needs. Its hreflang is
    # the language the titles and notes are written in, which <language> (what is spoken) may not be: feed.xsl
    # shows the feed in it.
    add(channel, "atom:link", attrs={"rel": "alternate", "type": "text/html", "hreflang": lang,
                                     "href": config.page_url(lang)})
    for other in languages:
        if other != lang:
            add(channel, "atom:link", attrs={"rel": "alternate", "type": "application/rss+xml", "hreflang": other,
                                             "href": config.feed_url(other)})
    if config.publish.websub_hub:
        add(channel, "atom:link", attrs={"rel": "hub", "href": config.publish.websub_hub})


def write_people(parent: etree._Element, people: list[Person]) -> None:
    """`<podcast:person role=… group=… [href] [img]>Name</podcast:person>` per person. The group is the
    namespace's default, written because importers (Castopod) read the role only when it is there."""
    for person in people:
        attrs = {"role": person.role, "group": PERSON_GROUP}
        if person.href:
            attrs["href"] = person.href
        if person.img:
            attrs["img"] = person.img
        add(parent, "podcast:person", person.name, attrs)
