"""feed.xsl in a real browser: built feeds, served by `edtfeed serve` on loopback, render as pages to read."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from edtfeed.episodes.labels import page_label
from tests.browser import (
    ARTIFACTS, chromium_or_skip, dump_dom, edtfeed_serve, edtfeed_serve_watch, playwright_page, screenshot,
)
from tests.feedkit import BASE_FEED, apply
from tests.sample_show import build_sample, copy_sample_show

NS = {"psc": "http://podlove.org/simple-chapters", "podcast": "https://podcastindex.org/namespace/1.0",
      "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}


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


# -- the HTML pages (render/page.py) -----------------------------------------------------------------------

def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_page_colours_meet_wcag_aa_contrast() -> None:
    from edtfeed.render.page import COLOURS

    for scheme in COLOURS.values():
        for text in ("fg", "muted", "link"):
            for background in ("bg", "card"):
                assert contrast(scheme[text], scheme[background]) >= 4.5, (scheme, text, background)
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("es", "ltr"), ("ar", "rtl")])
def test_show_page_in_chromium(browser: str, sample_site: Path, lang: str, direction: str) -> None:
    """The page renders without console errors or XSLT, its players play the enclosures, a chapter link seeks,
    the accessibility tree names every control; a screenshot is kept for a person to look at."""
    feed = etree.parse(str(sample_site / lang / "feed.xml"))
    enclosures = feed.xpath("channel/item/enclosure/@url")
    with edtfeed_serve(sample_site) as base, playwright_page(browser) as page:
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        response = page.goto(f"{base}/{lang}/", wait_until="load")
        assert response.headers["content-type"].startswith("text/html")
        assert page.evaluate("document.contentType") == "text/html"
        assert page.evaluate("document.documentElement.namespaceURI") == "http://www.w3.org/1999/xhtml"
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == direction
        assert page.eval_on_selector_all("audio", "els => els.map(e => e.src)") == enclosures
        link = page.locator(".chapters a:not([href$='#t=0'])").first
        second = int(link.get_attribute("href").rsplit("#t=", 1)[1])
        link.click()
        player = "el => el.closest('article').querySelector('audio').currentTime"
        assert link.evaluate(player) == second
        assert page.url == f"{base}/{lang}/"  # the script seeks in place; it does not follow the link
        ARTIFACTS.mkdir(exist_ok=True)
        shot = page.screenshot(path=str(ARTIFACTS / f"page-{lang}.png"), full_page=True)
        print(f"screenshot: {ARTIFACTS / f'page-{lang}.png'}")
        levels = page.eval_on_selector_all("h1,h2,h3,h4,h5,h6", "els => els.map(e => Number(e.tagName[1]))")
        tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        assert not problems, problems
    assert shot.startswith(b"\x89PNG")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels  # no heading level skipped going down
    unnamed = [node["role"]["value"] for node in tree if not node.get("ignored")
               and node.get("role", {}).get("value") in ("button", "link", "textbox", "image", "img")
               and not node.get("name", {}).get("value")
               and not any(p.get("name") == "hidden" for p in node.get("properties", []))]
    images = [node for node in tree if node.get("role", {}).get("value") in ("image", "img")]
    assert images  # the artwork is in the tree, named by its alt text
    assert not unnamed, unnamed


def test_every_page_of_the_sample_site_loads_without_a_console_error(browser: str, sample_site: Path) -> None:
    """Every HTML page publish wrote (the index, each language's page, each episode's page, the transcripts)."""
    pages = sorted(path.relative_to(sample_site).as_posix() for path in sample_site.rglob("*.html"))
    languages = sorted(path.parent.name for path in sample_site.glob("*/feed.xml"))
    assert {f"{lang}/index.html" for lang in languages} <= set(pages) and len(pages) > len(languages) + 1
    failures: dict[str, list[str]] = {}
    current = [""]  # the page being loaded: what a console error is about
    with edtfeed_serve(sample_site) as base, playwright_page(browser) as page:
        page.on("console", lambda message: failures.setdefault(current[0], []).append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: failures.setdefault(current[0], []).append(str(error)))
        for rel in pages:
            current[0] = rel
            page.goto(f"{base}/{rel}", wait_until="load")
    assert not failures, failures


def test_an_episode_page_opened_at_a_moment_sets_its_player_there(browser: str, sample_site: Path) -> None:
    """`episodes/<slug>.html#t=1185`, a moment shared; its chapter links seek in place."""
    with edtfeed_serve(sample_site) as base, playwright_page(browser) as page:
        page.goto(f"{base}/en/episodes/episode-sample3-en.html#t=1185", wait_until="load")
        opened_at = page.evaluate("document.querySelector('audio').currentTime")
        page.locator(".chapters a[href='#t=2470']").click()
        sought = page.evaluate("document.querySelector('audio').currentTime")
        url = page.url
    assert (opened_at, sought) == (1185, 2470)
    assert url.endswith("#t=1185")  # the click seeks; it does not navigate


@pytest.mark.parametrize(("path", "scheme", "width", "shot"), [
    ("", "light", 1000, "index"),
    ("en/episodes/episode-sample3-en.html", "light", 1000, "episode-en"),
    ("en/", "dark", 1000, "page-en-dark"),
    ("ar/", "dark", 390, "page-ar-dark-mobile"),
    ("es/", "light", 390, "page-es-mobile"),
])
def test_pages_in_every_scheme_and_width(browser: str, sample_site: Path, path: str, scheme: str, width: int,
                                         shot: str) -> None:
    """The index, an episode's page and the show pages dark and phone-wide: no console error, nothing wider than the
    screen, the folded notes open; a screenshot of each for a person to look at."""
    with edtfeed_serve(sample_site) as base, playwright_page(browser) as page:
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/{path}", wait_until="load")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        heading_sizes = page.eval_on_selector_all(
            ".notes :is(h3,h4,h5,h6)", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        chapter_texts = page.eval_on_selector_all(".chapters a", "els => els.map(e => e.textContent)")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        for summary in page.locator("details > summary").all():
            summary.click()
        opened = page.eval_on_selector_all("details", "els => els.every(e => e.open)")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
        feed_links = page.eval_on_selector_all("a[type='application/rss+xml']", "els => els.map(e => e.href)")
    assert not problems, problems
    assert overflow <= 0, overflow
    assert all(size >= body_size for size in heading_sizes), (body_size, heading_sizes)  # never smaller than text
    assert all(text == text.strip() for text in chapter_texts)  # a link's underline starts at its first letter
    assert opened
    assert background == ("rgb(18, 19, 22)" if scheme == "dark" else "rgb(255, 255, 255)")
    assert feed_links and all(link.startswith(base) for link in feed_links)  # the feed, followed in the preview


def test_serve_watch_shows_an_edited_title(browser: str, tmp_path: Path) -> None:
    """`serve --watch`: editing a record republishes within a couple of seconds and the open page reloads."""
    import time

    config = copy_sample_show(tmp_path)
    record = tmp_path / "episodes/edt-1/en/episode.md"
    with edtfeed_serve_watch(config) as base, playwright_page(browser) as page:
        page.goto(f"{base}/en/", wait_until="load")
        old = page.locator("h3").all_inner_texts()
        assert "Retitled while watching" not in " ".join(old)
        page.wait_for_timeout(300)  # the page's event stream is connected
        started = time.monotonic()
        record.write_text(record.read_text("utf-8").replace('title: "', 'title: "Retitled while watching: ', 1),
                          "utf-8")
        page.wait_for_function("[...document.querySelectorAll('h3')].some(h => "
                               "h.textContent.startsWith('Retitled while watching'))", timeout=10_000)
        elapsed = time.monotonic() - started
    assert elapsed < 3, elapsed


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_artwork_and_audio_out_of_reach_are_noted(browser: str, sample_site: Path, lang: str) -> None:
    """Previewed offline, the page says which host the artwork and the audio it cannot load are on."""
    feed = etree.parse(str(sample_site / lang / "feed.xml"))
    artwork = urlsplit(feed.xpath("channel/itunes:image/@href", namespaces=NS)[0]).netloc
    audio = urlsplit(feed.xpath("channel/item/enclosure/@url")[0]).netloc
    with edtfeed_serve(sample_site) as base, playwright_page(browser) as page:
        page.unroute("**/*")
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page.goto(f"{base}/{lang}/", wait_until="load")
        page.wait_for_selector("header.show img + p.unreachable")
        page.locator(".chapters a").first.click()  # playing asks for the audio
        page.wait_for_selector("audio + p.unreachable")
        notes = page.eval_on_selector_all("p.unreachable", "els => els.map(e => e.textContent)")
    label = page_label("unreachable", lang)
    assert f"{label} {artwork}" in notes and f"{label} {audio}" in notes, notes


def test_index_of_several_shows(browser: str, tmp_path: Path) -> None:
    """The page above several shows' folders: each show once, with its artwork, its feeds as cards."""
    from edtfeed.render.page import index_show, render_shows_index
    from tests.factories import make_config

    episodes = make_config(title="The Episodes", languages={"es": {"title": "Los episodios"}})
    briefs = make_config(title="The Weekly Brief", image="https://example.org/brief.png",
                         base_url="https://example.org/feeds/briefs")
    (tmp_path / "index.html").write_bytes(render_shows_index(
        episodes, [index_show(episodes, ["en", "es"], "episodes/"), index_show(briefs, ["en"], "briefs/")], None))
    with edtfeed_serve(tmp_path) as base, playwright_page(browser) as page:
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.goto(f"{base}/", wait_until="load")
        shows = page.eval_on_selector_all("section h2", "els => els.map(e => e.textContent)")
        cards = page.eval_on_selector_all(".card h3 a", "els => els.map(e => e.getAttribute('href'))")
        titles = page.eval_on_selector_all(".card h3 + p:not(.meta)", "els => els.map(e => e.textContent)")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "shows-index.png"), full_page=True)
    assert not problems, problems
    assert shows == ["The Episodes", "The Weekly Brief"]
    assert cards == ["episodes/en/", "episodes/es/", "briefs/en/"]
    assert titles == ["Los episodios"]  # only where a feed's title is not its show's
