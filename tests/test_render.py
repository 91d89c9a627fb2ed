"""Rendering one language's feed: channel and item tags, order, bytes.

Transistor URLs in this file are data only, never fetched: conftest.py fences every test's network to
127.0.0.1/localhost (tests/test_network_fence.py proves it).
"""

from datetime import datetime, timedelta, timezone

import pytest
from lxml import etree

from edtfeed.episodes.episode import build_episode
from edtfeed.render import render_feed
from edtfeed.episodes.extras import podcast_guid
from edtfeed.render.xml import add, qualified
from tests.factories import make_audio, make_config, make_record

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def _feed(episodes=None, lang="en", languages=("en",), **show):
    config = make_config(**show)
    if episodes is None:
        episodes = [build_episode(make_record(lang=lang, youtube_id="ImbRcqDHYV0"), make_audio(), config)]
    xml = render_feed(config, lang, episodes, list(languages))
    return xml, etree.fromstring(xml)


def test_podcast_guid_matches_spec_vectors():
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_channel_tags():
    _, root = _feed(languages=("en", "es"))
    ch = root.find("channel")
    assert ch.findtext("title") == "Test Show"
    assert ch.findtext("link") == "https://example.org"
    assert ch.findtext("language") == "en"
    assert ch.findtext("itunes:explicit", namespaces=NS) == "false"
    assert ch.findtext("itunes:author", namespaces=NS) == "Test Author"
    assert ch.findtext("itunes:owner/itunes:email", namespaces=NS) == "owner@example.org"
    assert ch.find("itunes:image", NS).get("href") == "https://example.org/cover.jpg"
    cats = ch.findall("itunes:category", NS)
    assert [c.get("text") for c in cats] == ["Technology", "Business"]
    assert [c.get("text") for c in cats[1]] == ["Management"]
    assert ch.findtext("itunes:type", namespaces=NS) == "episodic"
    self_link = ch.find("atom:link[@rel='self']", NS)
    assert self_link.get("href") == "https://example.org/feeds/en/feed.xml"
    assert self_link.get("type") == "application/rss+xml"
    alternate = ch.find("atom:link[@rel='alternate'][@type='application/rss+xml']", NS)
    page = ch.find("atom:link[@rel='alternate'][@type='text/html']", NS)
    assert page.get("href") == "https://example.org/feeds/en/"  # the HTML page people read
    assert page.get("hreflang") == "en"  # the language its text is written in
    assert (alternate.get("hreflang"), alternate.get("href")) == ("es", "https://example.org/feeds/es/feed.xml")
    assert ch.findtext("podcast:guid", namespaces=NS) == podcast_guid("https://example.org/feeds/en/feed.xml")
    assert ch.find("podcast:locked", NS).text == "yes"
    assert ch.findtext("generator") == "edtfeed"


def test_item_tags():
    xml, root = _feed()
    item = root.find("channel/item")
    assert item.findtext("title") == "An Episode"
    guid = item.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == ("episode-7-en", "false")
    assert item.findtext("pubDate") == "Thu, 07 Mar 2024 00:00:00 -0800"
    enc = item.find("enclosure")
    assert (enc.get("url"), enc.get("length"), enc.get("type")) == (
        "https://media.transistor.fm/cea47899/3f1d2a7b.mp3", "36182204", "audio/mpeg")
    assert item.findtext("itunes:duration", namespaces=NS) == "2261"
    assert item.findtext("itunes:explicit", namespaces=NS) == "false"
    assert item.findtext("itunes:episode", namespaces=NS) == "7"
    assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
    assert b"<description><![CDATA[<p>A short description.</p>" in xml
    assert b"<content:encoded><![CDATA[" in xml
    assert "youtube.com/watch?v=ImbRcqDHYV0" in item.findtext("content:encoded", namespaces=NS)


def test_items_keep_given_order_and_last_build_date_is_newest_content():
    config = make_config()
    eps = [
        build_episode(make_record(permalink=f"p{i}", date=datetime(2024, 1, i, 9, tzinfo=timezone.utc)), make_audio(),
                      config)
        for i in (3, 2, 1)
    ]
    _, root = _feed(eps)
    assert [i.findtext("guid") for i in root.iter("item")] == ["p3", "p2", "p1"]
    assert root.findtext("channel/lastBuildDate") == "Wed, 03 Jan 2024 09:00:00 +0000"


def test_same_input_same_bytes():
    assert _feed()[0] == _feed()[0]


def test_cdata_terminator_inside_notes_is_neutralised():
    config = make_config()
    ep = build_episode(make_record(body="a ]]> b"), make_audio(), config)
    xml, root = _feed([ep])
    assert "a ]]&gt; b" in root.findtext("channel/item/content:encoded", namespaces=NS)


def test_pub_date_weekday_and_offset_kept():
    config = make_config()
    date = datetime(2020, 5, 7, 14, 0, tzinfo=timezone(timedelta(hours=-10)))
    _, root = _feed([build_episode(make_record(date=date), make_audio(), config)])
    assert root.findtext("channel/item/pubDate") == "Thu, 07 May 2020 14:00:00 -1000"


def test_language_override_and_empty_feed_refused():
    config = make_config(languages={"es": {"title": "Programa"}})
    ep = build_episode(make_record(lang="es"), make_audio(), config)
    root = etree.fromstring(render_feed(config, "es", [ep], ["es"]))
    assert root.findtext("channel/title") == "Programa"
    assert root.findtext("channel/description") == "A show used by the tests."
    with pytest.raises(ValueError):
        render_feed(config, "es", [], ["es"])


def test_namespaces_are_declared_once_on_rss():
    """Our item tags are written into feedgen's item before it joins the document: no declaration may stay behind."""
    xml, root = _feed()
    assert xml.count(b"xmlns:") == 5
    assert list(root.nsmap) == ["itunes", "podcast", "psc", "atom", "content"]
    assert all(element.nsmap == root.nsmap for element in root.iter())  # nothing declares anything of its own
    item = root.find("channel/item")
    assert [etree.QName(child).namespace for child in item][:3] == [None, None, None]  # core tags come first
    assert item.find("itunes:title", NS) is not None and item.find("podcast:contentLink", NS) is not None


def test_channel_description_is_cdata_and_its_terminator_neutralised():
    xml, root = _feed(description="Tech <b>talk</b> ]]> more")
    assert b"<description><![CDATA[Tech <b>talk</b> ]]&gt; more]]></description>" in xml
    assert root.findtext("channel/description") == "Tech <b>talk</b> ]]&gt; more"


def test_add_writes_qualified_tag_text_and_attributes_in_order():
    parent = etree.Element("item", nsmap={"podcast": NS["podcast"]})
    child = add(parent, "podcast:person", "Ann", {"role": "guest", "href": "https://example.org/ann", "img": "i"})
    assert child.tag == qualified("podcast:person") == f"{{{NS['podcast']}}}person"
    assert etree.tostring(child) == (b'<podcast:person xmlns:podcast="https://podcastindex.org/namespace/1.0" '
                                     b'role="guest" href="https://example.org/ann" img="i">Ann</podcast:person>')
    assert add(parent, "podcast:medium").text is None
    with pytest.raises(KeyError):
        add(parent, "dc:creator", "not one of our namespaces")
