"""One language's feed: feedgen for the core RSS, our registered extension for the rest, stable bytes out."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from edtfeed.config import Config
from edtfeed.episodes.episode import Episode
from edtfeed.render.channel import write_channel
from edtfeed.render.item import write_item
from edtfeed.render.xml import EXTENSION, ChannelTags, ItemTags, cdata

GENERATOR = "edtfeed"
# Feeds live at <out>/<lang>/feed.xml and publish writes the stylesheet to <out>/feed.xsl: a relative href keeps
# it same-origin (browsers apply XSLT only then) wherever the output dir is served.
STYLESHEET_PI = 'type="text/xsl" href="../feed.xsl"'


def render_feed(
    config: Config, lang: str, episodes: list[Episode], languages: list[str],
    on_error: Callable[[Episode, Exception], None] | None = None,
) -> bytes:
    """The RSS document for `lang`. `episodes` must be newest first; `languages` lists every feed of the show.

    With `on_error`, an episode whose item cannot be rendered is left out and passed to it, so one bad record
    costs only its own item; without, the error propagates. Nothing here reads the clock: lastBuildDate is the newest episode's date, so equal input gives equal bytes.
    """
    if not episodes:
        raise ValueError(f"the {lang} feed has no episodes to render")
    show = config.show
    text = show.text_for(lang)
    fg = FeedGenerator()
    fg.register_extension(EXTENSION, ChannelTags, ItemTags, atom=False)
    fg.title(text.title)
    fg.link(href=config.feed_url(lang), rel="self", type="application/rss+xml")
    fg.link(href=text.link)  # feedgen writes the LAST link as RSS <link>, whatever its comment says
    fg.description(cdata(text.description))  # descriptions are HTML: CDATA keeps them readable
    fg.language(lang)
    fg.image(url=text.image, title=text.title, link=text.link)
    fg.generator(GENERATOR)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.lastBuildDate(max(ep.pub_date for ep in episodes))
    fg.edtfeed.write = partial(write_channel, config=config, lang=lang, languages=languages)
    rss, doc = fg._create_rss()  # the tree rss_str() would serialise, still without items
    channel = rss[0]
    for episode in episodes:  # newest first, as given
        try:
            channel.append(rss_item(episode))
        except Exception as exc:  # noqa: BLE001 - any failure of one item is that item's, reported by the caller
            if on_error is None:
                raise
            on_error(episode, exc)
    rss.addprevious(etree.ProcessingInstruction("xml-stylesheet", STYLESHEET_PI))  # browsers render it readable
    return etree.tostring(doc, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def rss_item(episode: Episode) -> etree._Element:
    """One `<item>`: feedgen writes its core tags, our extension (item.py) the rest.

    This is what FeedGenerator.add_entry and _create_rss do per entry, one item at a time: the entry is garbage
    as soon as its element exists, instead of 1,250 entries per feed living until the end (memory, and garbage
    collector work that cost up to a quarter of the rendering time).
    """
    entry = FeedEntry()
    entry.register_extension(EXTENSION, ItemTags, atom=False)
    entry.title(episode.title)
    entry.link(href=episode.link)
    entry.guid(episode.guid, permalink=False)
    entry.pubDate(episode.pub_date)
    # feedgen would take an empty description for none at all; ours never is (it starts with the summary's <p>)
    entry.description(cdata(episode.description_html))
    entry.content(episode.content_html, type="CDATA")
    entry.enclosure(episode.audio.url, str(episode.audio.length), episode.audio.type)
    entry.edtfeed.write = partial(write_item, episode=episode)
    return entry.rss_entry()
