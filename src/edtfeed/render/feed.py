"""One language's feed: feedgen for the core RSS, our registered extension for the rest, stable bytes out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from edtfeed.config import Config
from edtfeed.episodes.episode import Episode
from edtfeed.episodes.extras import ChannelExtras, channel_extras
from edtfeed.episodes.spoken import FeedLanguage, feed_language
from edtfeed.ledger.plan import PublishedItem
from edtfeed.render.channel import write_channel
from edtfeed.render.item import write_item
from edtfeed.render.notes import item_texts
from edtfeed.render.xml import EXTENSION, ChannelTags, ItemTags, cdata

GENERATOR = "edtfeed"
# Feeds live at <out>/<lang>/feed.xml and publish writes the stylesheet to <out>/feed.xsl: a relative href keeps
# it same-origin (browsers apply XSLT only then) wherever the output dir is served.
STYLESHEET_PI = 'type="text/xsl" href="../feed.xsl"'


def render_feed(config: Config, lang: str, episodes: list[Episode], languages: list[str],
                carried: Sequence[PublishedItem] = (),
                on_error: Callable[[Episode, Exception], None] | None = None,
                hosted_guids: Mapping[str, str | None] | None = None) -> bytes:
    """The RSS document for `lang`. `episodes` must be newest first; `languages` lists every feed of the show;
    `carried` are items of the published feed that no record builds any more, written back unchanged;
    `hosted_guids` are, per language, the podcast:guid of the hosted feed its feed succeeds, as the lock pinned it.

    With `on_error`, an episode whose item cannot be rendered is left out and passed to it, so one bad record
    costs only its own item; without, the error propagates.

    Nothing here reads the clock: lastBuildDate is the newest item's date, so equal input gives equal bytes.
    """
    if not episodes:
        raise ValueError(f"the {lang} feed has no episodes to render")
    show = config.show
    text = show.text_for(lang)
    language = feed_language(config, lang, [episode.spoken for episode in episodes])
    fg = FeedGenerator()
    fg.register_extension(EXTENSION, ChannelTags, ItemTags, atom=False)
    fg.title(text.title)
    fg.link(href=config.feed_url(lang), rel="self", type="application/rss+xml")
    fg.link(href=text.link)  # feedgen writes the LAST link as RSS <link>, whatever its comment says
    fg.description(cdata(text.description))  # descriptions are HTML: CDATA keeps them readable
    fg.language(language.declared)  # Apple: the language spoken (episodes/spoken.py)
    fg.image(url=text.image, title=text.title, link=text.link)
    fg.generator(GENERATOR)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.lastBuildDate(last_build_date(episodes, carried))
    published = [episode.pub_date for episode in episodes] + [item.pub_date for item in carried if item.pub_date]
    extras = channel_extras(config, lang, language.notes, languages, published, hosted_guids or {})
    fg.edtfeed.write = partial(_write_channel, config=config, language=language, languages=languages,
                               episodes=episodes, carried=carried, on_error=on_error, extras=extras)
    return fg.rss_str(pretty=True, xml_declaration=True, encoding="UTF-8")


def last_build_date(episodes: Sequence[Episode], carried: Sequence[PublishedItem]) -> datetime:
    """The newest item's date, built or carried: lastBuildDate follows the content, never the clock."""
    newest = max(episode.pub_date for episode in episodes)
    for item in carried:
        if item.pub_date is not None and item.pub_date > newest:
            newest = item.pub_date
    return newest


def _write_channel(rss: etree._Element, config: Config, language: FeedLanguage, languages: list[str],
                   episodes: list[Episode], carried: Sequence[PublishedItem],
                   on_error: Callable[[Episode, Exception], None] | None, extras: ChannelExtras) -> None:
    """After feedgen's core channel tags: ours, then every item (feedgen is given none: see rss_item), then the
    stylesheet link that makes browsers render the feed readable."""
    channel = rss[0]
    write_channel(channel, config, language.notes, languages, extras, block=language.block)
    for element in _items(episodes, carried, on_error, language.declared, config, extras):
        channel.append(element)
    rss.addprevious(etree.ProcessingInstruction("xml-stylesheet", STYLESHEET_PI))


def _items(episodes: list[Episode], carried: Sequence[PublishedItem],
           on_error: Callable[[Episode, Exception], None] | None, declared: str,
           config: Config, extras: ChannelExtras) -> list[etree._Element]:
    """The `<item>`s in feed order: the built ones as given (newest first); with carried items, all of them newest
    first, ties by guid."""
    built: list[tuple[Episode, etree._Element]] = []
    for episode in episodes:
        try:
            built.append((episode, rss_item(episode, declared, config, extras.media_url(episode.audio.url))))
        except Exception as exc:  # noqa: BLE001 - any failure of one item is that item's, reported by the caller
            if on_error is None:
                raise
            on_error(episode, exc)
    if not carried:
        return [element for _, element in built]
    keyed = [(episode.guid, episode.pub_date.replace(microsecond=0).timestamp(), element)
             for episode, element in built]
    for item in carried:
        keyed.append((item.guid, item.pub_date.timestamp() if item.pub_date else float("-inf"), item.element))
    keyed.sort(key=lambda entry: entry[0])
    keyed.sort(key=lambda entry: entry[1], reverse=True)
    return [element for _, _, element in keyed]


def rss_item(episode: Episode, declared: str, config: Config, media_url: str) -> etree._Element:
    """One `<item>` of a feed whose `<language>` is `declared`, its enclosure at `media_url`: feedgen writes its
    core tags, our extension (item.py) the rest.

    This is what feedgen does for each entry given to FeedGenerator.add_entry, one item at a time: the entry is
    garbage as soon as its element exists, instead of 1,250 entries per feed living until the end (memory, and garbage
    collector work that cost up to a quarter of the rendering time).
    """
    entry = FeedEntry()
    entry.register_extension(EXTENSION, ItemTags, atom=False)
    entry.title(episode.title)
    entry.link(href=episode.link)
    entry.guid(episode.guid, permalink=False)
    entry.pubDate(episode.pub_date)
    description, content = item_texts(episode, config)
    # feedgen would take an empty description for none at all; ours never is (it starts with the summary's <p>)
    entry.description(cdata(description))
    entry.content(content, type="CDATA")
    entry.enclosure(media_url, str(episode.audio.length), episode.audio.type)
    entry.edtfeed.write = partial(write_item, episode=episode, declared=declared, media_url=media_url)
    return entry.rss_entry()
