"""feed.xsl in a real browser: built feeds, served by `edtfeed serve` on loopback, render as pages to read."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree, html

from tests.browser import chromium_or_skip, dump_dom, edtfeed_serve, screenshot
from tests.feedkit import BASE_FEED, apply
from tests.sample_show import build_sample

NS = {"psc": "http://podlove.org/simple-chapters", "podcast": "https://podcastindex.org/namespace/1.0"}


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium_or_skip()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample show built by publish (feeds + feed.xsl), as a static host would serve it."""
    config, result = build_sample(tmp_path_factory.mktemp("show"))
    assert not result.errors
    return config.output_dir


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_built_feed_renders_as_a_page(browser: str, sample_site: Path, tmp_path: Path, lang: str,
                                      direction: str) -> None:
    feed = etree.parse(str(sample_site / lang / "feed.xml"))
    with edtfeed_serve(sample_site) as base:
        url = f"{base}/{lang}/feed.xml"
        dom = html.fromstring(dump_dom(browser, url, tmp_path / "profile"))
        shot = screenshot(browser, url, tmp_path / "profile", tmp_path / f"sample-{lang}.png")
    assert dom.get("dir") == direction
    assert dom.get("lang") == lang
    assert dom.findtext(".//h1") == feed.findtext("channel/title")
    episodes = dom.xpath("//li[contains(@class, 'episode')]")
    assert [e.get("data-guid") for e in episodes] == feed.xpath("channel/item/guid/text()")
    assert len(dom.xpath("//audio/source")) == len(episodes)
    for episode, item in zip(episodes, feed.xpath("channel/item")):
        chapters = item.xpath("psc:chapters[1]/psc:chapter/@title", namespaces=NS)
        assert episode.xpath(".//*[@class='chapter-title']/text()") == chapters
        assert episode.xpath(".//a[contains(@class, 'youtube')]/@href") == item.xpath(
            "podcast:contentLink/@href", namespaces=NS)
    assert dom.xpath("//*[@class='chapter-title']")  # the sample show has chapters in every language
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_chapters_and_youtube_render(browser: str, tmp_path: Path) -> None:
    """A feed with chapters and a YouTube link (written for this test) shows both, right to left in Arabic."""
    site = tmp_path / "site"
    (site / "ar").mkdir(parents=True)
    shutil.copyfile(resources.files("edtfeed").joinpath("data/feed.xsl"), site / "feed.xsl")
    pi = '<?xml-stylesheet type="text/xsl" href="../feed.xsl"?>\n'
    feed = apply(BASE_FEED, (("?>\n", "?>\n" + pi), ("<language>en<", "<language>ar<")))
    (site / "ar" / "feed.xml").write_text(feed, encoding="utf-8")
    with edtfeed_serve(site) as base:
        url = f"{base}/ar/feed.xml"
        dom = html.fromstring(dump_dom(browser, url, tmp_path / "profile"))
        screenshot(browser, url, tmp_path / "profile", tmp_path / "chapters-ar.png")
    assert dom.get("dir") == "rtl"
    assert len(dom.xpath("//li[contains(@class, 'episode')]")) == 2
    assert dom.xpath("//*[@class='chapter-title']/text()") == ["Intro", "Middle", "End"]
    assert dom.xpath("//a[contains(@class, 'youtube')]/@href") == ["https://www.youtube.com/watch?v=abcdefghijk"]
