"""The lookups rules share (FeedDoc columns, whole-document walk) and the fast paths behind them: each must give what
the plain way (itertext, urlsplit, a scan of every element) gives."""

from __future__ import annotations

import gc
from urllib.parse import urlsplit

import pytest
from lxml import etree

from edtfeed.validate import validate_bytes
from edtfeed.validate.checks import description_timestamps, url_path, url_scheme
from edtfeed.validate.document import PODCAST, PODCAST_ALT, FeedDoc, raw_text, text

FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="{PODCAST}"
     xmlns:old="{PODCAST_ALT}">
  <channel>
    <title>Show</title>
    <podcast:guid>g</podcast:guid>
    <item>
      <title> First </title>
      <guid>a</guid>
      <podcast:person role="host">Ann</podcast:person>
      <itunes:title>T1</itunes:title>
    </item>
    <item>
      <title>Second<!-- note --> part</title>
      <old:person role="guest">Bob</old:person>
      <guid>b</guid>
      <guid>b2</guid>
      <podcast:person>Cy</podcast:person>
    </item>
    <item/>
  </channel>
</rss>""".encode()


@pytest.fixture
def doc() -> FeedDoc:
    return FeedDoc(name="feed.xml", raw=FEED)


def test_item_columns_line_up_with_the_items(doc: FeedDoc) -> None:
    assert len(doc.items) == 3
    assert doc.item_text("title") == ["First", "Second part", ""]  # stripped, comments skipped, "" when absent
    assert [el is None for el in doc.item_first("itunes:title")] == [False, True, True]
    assert [[text(el) for el in found] for found in doc.item_all("guid")] == [["a"], ["b", "b2"], []]


def test_texts_cover_the_channel_then_every_item_unstripped(doc: FeedDoc) -> None:
    assert [value for _, value in doc.texts("title")] == ["Show", " First ", "Second part"]
    assert [el.getparent().tag for el in doc.in_scopes("guid")] == ["item", "item", "item"]
    assert doc.in_scopes("enclosure") == []


def test_find_all_merges_both_podcast_namespaces_in_document_order(doc: FeedDoc) -> None:
    assert [text(el) for el in doc.find_all("podcast:person")] == ["Ann", "Bob", "Cy"]
    assert [text(el) for el in doc.find_all("podcast:guid")] == ["g"]
    assert doc.find_all("podcast:season") == []
    assert doc.tags["podcast:person"] == [f"{{{PODCAST}}}person", f"{{{PODCAST_ALT}}}person"]


def test_attributed_lists_every_element_with_attributes_but_not_pi_pseudo_attributes() -> None:
    doc = FeedDoc(name="f", raw=b'<rss version="2.0"><?x href="a b"?><channel><link a="1" b="2"/></channel></rss>')
    assert [(el.tag, attrs) for el, attrs in doc.attributed] == [("rss", ["version"]), ("link", ["a", "b"])]


@pytest.mark.parametrize("xml", [
    b"<a>plain</a>", b"<a><![CDATA[<p>x</p>]]></a>", b"<a/>", b"<a>x<b>y</b>z</a>", b"<a>x<!--c-->y<?p q?>z</a>",
    b'<!DOCTYPE a [<!ENTITY e "E">]><a>x&e;y</a>', b"<a>  </a>",
])
def test_text_is_the_joined_itertext(xml: bytes) -> None:
    el = etree.fromstring(xml, etree.XMLParser(resolve_entities=False))
    assert raw_text(el) == "".join(el.itertext())
    assert text(el) == "".join(el.itertext()).strip()


URLS = [
    "https://media.example.com/a/b/ep.MP3", "http://h", "http://h/", "https://h.example/x.y/", "https://h/p?x=1.mp3",
    "https://h/p#frag.mp3", "https://[::1]/a.mp3", "https://h/a b.mp3", "https://h/é.mp3", "ftp://h/a.mp3",
    "HTTPS://h/a.mp3", "//h/a.mp3", "a.mp3", "", " https://h/a.mp3", "https://h/a\t.mp3", "https://user@h:8/a.m4a",
]


@pytest.mark.parametrize("url", URLS)
def test_url_shortcuts_agree_with_urlsplit(url: str) -> None:
    assert url_path(url) == urlsplit(url).path
    assert url_scheme(url) == urlsplit(url).scheme


def test_show_note_timestamps_skip_lines_without_a_colon_but_see_through_tags() -> None:
    html = "<p>Intro</p><p>00:00 Start<br/><b>01:30</b> Middle<br>1:<i></i>02:03 End</p>"
    assert description_timestamps(html) == [0, 90, 3723]


@pytest.mark.parametrize("enabled", [True, False])
def test_validation_restores_the_collector_setting(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        validate_bytes(FEED, "feed.xml")
        assert gc.isenabled() is enabled
        validate_bytes(b"not xml", "feed.xml")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_url_urlsplit_rejects_is_reported_not_a_crash() -> None:
    """`https://[bad/a.mp3` makes urlsplit raise (unbalanced IPv6 bracket); the feed still gets its findings."""
    feed = FEED.replace(b"<guid>a</guid>", b'<guid>a</guid><enclosure url="https://[bad/a.mp3" length="1" '
                                           b'type="audio/mpeg"/><itunes:image href="ftp://[bad/a.jpg"/>')
    findings = validate_bytes(feed, "feed.xml")
    flagged = " ".join(f.message for f in findings if f.item is not None and f.item.startswith("a"))
    assert "ftp://[bad/a.jpg" in flagged
    assert url_path("https://[bad/a.mp3") == "" and url_scheme("ftp://[bad") == ""
