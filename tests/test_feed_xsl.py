"""feed.xsl run by libxslt (the XSLT engine Chromium uses): layout direction, episodes, chapters, links, labels."""

from __future__ import annotations

from importlib import resources

import pytest
from lxml import etree, html

from tests.feedkit import BASE_FEED, apply

XSL = etree.XSLT(etree.XML(resources.files("edtfeed").joinpath("data/feed.xsl").read_bytes()))


def page(feed: str) -> html.HtmlElement:
    return html.fromstring(str(XSL(etree.XML(feed.encode("utf-8")))))


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"),
                                                 ("en", "ltr"), ("ja", "ltr"), ("pt-br", "ltr")])
def test_direction_follows_the_language(code: str, direction: str) -> None:
    doc = page(apply(BASE_FEED, (("<language>en<", f"<language>{code}<"),)))
    assert doc.get("dir") == direction
    assert doc.get("lang") == code.lower()


def test_the_page_link_says_the_language_the_text_is_in_when_language_says_what_is_spoken() -> None:
    """An Arabic feed of English audio declares <language>en; its titles and notes are still Arabic, right to left."""
    page_link = '<atom:link rel="alternate" type="text/html" hreflang="ar" href="https://example.org/ar/"/>'
    sibling = '<atom:link rel="alternate" hreflang="es" type="application/rss+xml" href="https://example.org/es/feed.xml"/>'
    doc = page(apply(BASE_FEED, (("<language>en</language>", "<language>en</language>" + page_link + sibling),)))
    assert (doc.get("lang"), doc.get("dir")) == ("ar", "rtl")
    assert [a.get("hreflang") for a in doc.xpath("//a[@class='alternate']")] == ["es"]  # its own page is no sibling


def test_show_header_and_subscribe_box() -> None:
    doc = page(BASE_FEED)
    assert doc.findtext(".//h1") == "Test Show"
    assert doc.get_element_by_id("feed-url").get("value") == "https://example.org/en/feed.xml"
    assert doc.xpath("//header[@class='show']/img/@src") == ["https://example.org/art/cover.jpg"]
    assert doc.xpath("string(//*[@id='show-description']/p)") == "A show about tests."  # HTML, not escaped text
    assert not doc.xpath("//a[contains(@class, 'listen')]")  # no listening links configured


def test_listening_links_are_recognised_by_host() -> None:
    links = (
        '<atom:link rel="related" type="text/html" href="https://podcasts.apple.com/us/podcast/x/id1"/>'
        '<atom:link rel="related" type="text/html" href="https://open.spotify.com/show/abc"/>'
        '<atom:link rel="related" type="text/html" title="Pocket Casts" href="https://pca.st/xyz"/>'
        '<atom:link rel="alternate" hreflang="es" type="application/rss+xml" href="https://example.org/es/feed.xml"/>'
        '<atom:link rel="alternate" hreflang="ar" type="application/rss+xml" href="https://example.org/ar/feed.xml"/>'
    )
    doc = page(apply(BASE_FEED, (("<language>en</language>", "<language>en</language>" + links),)))
    listen = [" ".join(a.text_content().split()) for a in doc.xpath("//a[contains(@class, 'listen')]")]
    assert listen == ["Listen on Apple Podcasts", "Listen on Spotify", "Listen on Pocket Casts"]
    assert [a.text_content().strip() for a in doc.xpath("//a[@class='alternate']")] == ["Español", "العربية"]


def test_episodes_with_player_youtube_and_chapters() -> None:
    doc = page(BASE_FEED)
    episodes = doc.xpath("//li[contains(@class, 'episode')]")
    assert [e.get("data-guid") for e in episodes] == ["ep-2", "ep-1"]
    first = episodes[0]
    assert first.xpath(".//audio/source/@src") == ["https://media.example.org/ep2.mp3"]
    assert first.xpath(".//a[contains(@class, 'youtube')]/@href") == ["https://www.youtube.com/watch?v=abcdefghijk"]
    assert first.xpath(".//*[@class='chapter-title']/text()") == ["Intro", "Middle", "End"]
    assert first.xpath(".//li[@class='chapter']/time/text()") == ["00:00", "01:00", "02:00"]
    assert first.xpath("string(.//*[@class='duration'])").strip() == "10:00"
    assert first.xpath("string(.//*[@class='date'])").strip() == "5 Mar 2024"
    assert first.xpath(".//*[@class='date']/time/@datetime") == ["2024-03-05"]
    assert not episodes[1].xpath(".//*[contains(@class, 'chapter-list')]")  # no chapters, no empty list
    assert not episodes[1].xpath(".//a[contains(@class, 'youtube')]")


@pytest.mark.parametrize(("seconds", "shown"), [("59", "0:59"), ("600", "10:00"), ("3725", "1:02:05"),
                                                ("1:02:05", "1:02:05")])
def test_duration_is_shown_as_a_clock(seconds: str, shown: str) -> None:
    doc = page(apply(BASE_FEED, (("<itunes:duration>600<", f"<itunes:duration>{seconds}<"),)))
    assert doc.xpath("string(//*[@class='duration'])").strip() == shown


def test_labels_follow_the_language_and_fall_back_to_english() -> None:
    es = page(apply(BASE_FEED, (("<language>en<", "<language>es<"),)))
    assert es.xpath("string(//h2)").split() == ["Episodios", "(2)"]
    unknown = page(apply(BASE_FEED, (("<language>en<", "<language>sw<"),)))
    assert unknown.xpath("string(//h2)").split() == ["Episodes", "(2)"]


def test_hosts_and_guests_are_named() -> None:
    doc = page(BASE_FEED)
    assert doc.xpath("//header[@class='show']//p[contains(@class, 'people')]//*[@class='person']/text()") == [
        "Alex Host"]
    first = doc.xpath("//li[contains(@class, 'episode')]")[0]
    assert " ".join(first.xpath("string(.//p[contains(@class, 'people')])").split()) == "With: Gina Guest"


@pytest.mark.parametrize(("lang", "pub_date", "shown"), [
    ("ar", "Tue, 05 Mar 2024 08:00:00 +0000", "2024-03-05"), ("ja", "Tue, 5 Mar 2024 23:00:00 -0800", "2024-03-05"),
    ("en", "5 March, maybe", "5 March, maybe"),
])
def test_dates_are_localised_when_readable(lang: str, pub_date: str, shown: str) -> None:
    feed = apply(BASE_FEED, (("<language>en<", f"<language>{lang}<"),
                             ("Tue, 05 Mar 2024 08:00:00 +0000</pubDate>", f"{pub_date}</pubDate>")))
    assert page(feed).xpath("string(//*[@class='date'])").strip() == shown


def test_head_announces_the_feed() -> None:
    assert page(BASE_FEED).xpath("//head/link[@rel='alternate']/@href") == ["https://example.org/en/feed.xml"]


def test_the_feeds_html_page_is_linked() -> None:
    """A feed that names its page (atom:link rel=alternate type=text/html) links it under the subscribe box."""
    assert not page(BASE_FEED).xpath("//p[@class='page-link']")
    link = '<atom:link rel="alternate" type="text/html" href="https://example.org/en/"/>'
    doc = page(apply(BASE_FEED, (("<language>en</language>", "<language>en</language>" + link),)))
    assert doc.xpath("//p[@class='page-link']/a/@href") == ["https://example.org/en/"]
    assert not doc.xpath("//a[@class='alternate']")  # not one of the other languages
