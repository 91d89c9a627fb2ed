"""One language's feed: feedgen for the core RSS, our extensions for the rest, stable bytes out."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from lxml import etree

from edtfeed.config import Config
from edtfeed.episodes import Episode
from edtfeed.render.channel import channel_elements
from edtfeed.render.item import item_elements
from edtfeed.render.xml import EXTENSIONS, attach, cdata

GENERATOR = "edtfeed"
# Feeds live at <out>/<lang>/feed.xml and publish writes the stylesheet to <out>/feed.xsl: a relative href keeps
# it same-origin (browsers apply XSLT only then) wherever the output dir is served.
STYLESHEET_PI = 'type="text/xsl" href="../feed.xsl"'


def render_feed(config: Config, lang: str, episodes: list[Episode], languages: list[str]) -> bytes:
    """The RSS document for `lang`. `episodes` must be newest first; `languages` lists every feed of the show.

    Nothing here reads the clock: lastBuildDate is the newest episode's date, so equal input gives equal bytes.
    """
    if not episodes:
        raise ValueError(f"the {lang} feed has no episodes to render")
    show = config.show
    text = show.text_for(lang)
    fg = FeedGenerator()
    for prefix, (feed_ext, entry_ext) in EXTENSIONS.items():
        fg.register_extension(prefix, feed_ext, entry_ext, atom=False)
    fg.title(text.title)
    fg.link(href=config.feed_url(lang), rel="self", type="application/rss+xml")
    fg.link(href=text.link)  # feedgen writes the LAST link as RSS <link>, whatever its comment says
    fg.description(text.description)
    fg.language(lang)
    fg.image(url=text.image, title=text.title, link=text.link)
    fg.generator(GENERATOR)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.lastBuildDate(max(ep.pub_date for ep in episodes))
    attach(fg, channel_elements(config, lang, languages))
    for episode in episodes:
        entry = fg.add_entry(order="append")  # feedgen prepends by default, which would reverse our order
        entry.title(episode.title)
        entry.link(href=episode.link)
        entry.guid(episode.guid, permalink=False)
        entry.pubDate(episode.pub_date)
        entry.description(episode.description_html)
        entry.content(episode.content_html, type="CDATA")
        entry.enclosure(episode.audio.url, str(episode.audio.length), episode.audio.type)
        attach(entry, item_elements(episode))
    rss, doc = fg._create_rss()  # the tree rss_str() would serialise; we finish it before writing
    for description in rss.iter("description"):
        description.text = cdata(description.text or "")
    rss.addprevious(etree.ProcessingInstruction("xml-stylesheet", STYLESHEET_PI))  # browsers render it readable
    return etree.tostring(doc, pretty_print=True, xml_declaration=True, encoding="UTF-8")
