"""feed.xsl in a real browser: a served feed renders as a page with its episodes, chapters and direction."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from lxml import html

from tests.browser import chromium_or_skip, dump_dom, screenshot, serve_dir
from tests.feedkit import BASE_FEED, apply

PI = '<?xml-stylesheet type="text/xsl" href="../feed.xsl"?>\n'


def build_site(root: Path) -> None:
    root.joinpath("feed.xsl").write_bytes(resources.files("edtfeed").joinpath("data/feed.xsl").read_bytes())
    for lang in ("en", "ar"):
        feed = apply(BASE_FEED, (("?>\n", "?>\n" + PI), ("<language>en<", f"<language>{lang}<")))
        root.joinpath(lang).mkdir()
        root.joinpath(lang, "feed.xml").write_text(feed, encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium_or_skip()


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_feed_renders_as_a_page(browser: str, tmp_path: Path, lang: str, direction: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    build_site(site)
    with serve_dir(site) as base:
        url = f"{base}/{lang}/feed.xml"
        dom = html.fromstring(dump_dom(browser, url, tmp_path / "profile"))
        shot = screenshot(browser, url, tmp_path / "profile", tmp_path / f"{lang}.png")
    assert dom.get("dir") == direction
    assert dom.findtext(".//h1") == "Test Show"
    assert len(dom.xpath("//li[contains(@class, 'episode')]")) == 2
    assert dom.xpath("//*[@class='chapter-title']/text()") == ["Intro", "Middle", "End"]
    assert shot.read_bytes().startswith(b"\x89PNG")
