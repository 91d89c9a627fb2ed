"""The HTML show pages (render/page.py) as publish writes them: content, escaping, direction, stable bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html

from edtfeed.runner.publish import PublishOptions, publish
from edtfeed.episodes.episode import build_episode
from edtfeed.languages import direction
from edtfeed.render.page import render_index, render_page, safe_notes
from tests.factories import make_audio, make_config, make_record
from tests.sample_show import build_sample, copy_sample_show, feed_files
from tests.cli_env import cli_env

NS = {"psc": "http://podlove.org/simple-chapters", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}
HOSTILE = "<script>alert('x')</script> ]]> & \"quoted\""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config, result = build_sample(tmp_path_factory.mktemp("show"))
    assert not result.errors
    return config.output_dir


def test_each_language_page_shows_what_its_feed_says(site: Path) -> None:
    for lang in ("en", "es", "ar"):
        feed = etree.parse(str(site / lang / "feed.xml"))
        page = html.fromstring((site / lang / "index.html").read_bytes())
        channel = feed.find("channel")
        assert page.findtext(".//h1") == channel.findtext("title")
        assert page.get("lang") == lang
        assert page.xpath("//input[@id='feed-url']/@value") == [f"https://www.example.org/feeds/{lang}/feed.xml"]
        episodes = page.xpath("//li[contains(@class, 'episode')]")
        assert [e.get("data-guid") for e in episodes] == feed.xpath("channel/item/guid/text()")
        for episode, item in zip(episodes, feed.xpath("channel/item")):
            assert episode.xpath(".//audio/@src") == item.xpath("enclosure/@url")
            chapters = item.xpath("psc:chapters/psc:chapter", namespaces=NS)
            assert episode.xpath(".//*[@class='chapter-title']/text()") == [c.get("title") for c in chapters]
            assert episode.xpath(".//a[@data-t]/@data-t") == [
                str(sum(int(float(p)) * 60 ** i for i, p in enumerate(reversed(c.get("start").split(":")))))
                for c in chapters]
            assert episode.xpath(".//a[contains(@class, 'youtube')]/@href") == item.xpath(
                "podcast:contentLink/@href", namespaces=NS)
            own = [u.rsplit(f"/{lang}/", 1)[1] if "example.org/feeds" in u else u
                   for u in item.xpath("podcast:transcript/@url", namespaces=NS)]
            assert episode.xpath(".//ul[contains(@class, 'transcripts')]//a/@href") == own
        others = sorted({"en", "es", "ar"} - {lang})
        assert sorted(page.xpath("//a[@hreflang and starts-with(@href, '../')]/@hreflang")) == others
        # the feed names its page
        assert channel.xpath("atom:link[@rel='alternate'][@type='text/html']/@href", namespaces=NS) == [
            f"https://www.example.org/feeds/{lang}/"]


def test_dates_and_labels_are_localized(site: Path) -> None:
    en = (site / "en" / "index.html").read_text("utf-8")
    es = (site / "es" / "index.html").read_text("utf-8")
    assert "August 29, 2024" in en and "29 de agosto de 2024" in es  # CLDR's long dates
    assert ">Episodes<" in en and ">Episodios<" in es
    assert ">español<" in en and ">English<" in es  # each language by its own name


def test_arabic_page_is_right_to_left(site: Path) -> None:
    assert html.fromstring((site / "ar" / "index.html").read_bytes()).get("dir") == "rtl"
    assert html.fromstring((site / "en" / "index.html").read_bytes()).get("dir") == "ltr"
    assert [direction(code) for code in ("he", "fa", "ur", "pt-br", "xx")] == ["rtl", "rtl", "rtl", "ltr", "ltr"]


def test_root_index_lists_every_feed_and_page(site: Path) -> None:
    page = html.fromstring((site / "index.html").read_bytes())
    assert page.xpath("//h3/a/@href") == ["ar/", "en/", "es/"]
    assert page.xpath("//p[@class='meta']/a/@href") == ["ar/feed.xml", "en/feed.xml", "es/feed.xml"]


def test_no_external_assets_and_no_xslt(site: Path) -> None:
    for rel in ("index.html", "en/index.html", "ar/index.html"):
        page = html.fromstring((site / rel).read_bytes())
        assert not page.xpath("//script[@src] | //link[@rel='stylesheet'] | //iframe")
        assert b"xml-stylesheet" not in (site / rel).read_bytes()


def test_hostile_title_and_notes_show_as_text_never_markup() -> None:
    config = make_config()
    body = f"Intro {HOSTILE}\n\n<script>document.title='owned'</script>\n\n<img src=x onerror=alert(1)>\n\n" \
           "[link](javascript:alert(1))\n\n<iframe src='https://evil.example'></iframe>\n"
    record = make_record(title=HOSTILE, body=body)
    episode = build_episode(record, make_audio(), config)
    data = render_page(config, "en", [episode], ["en"])
    page = html.fromstring(data)
    assert len(page.xpath("//script")) == 1  # ours only
    assert "alert" not in page.xpath("//script")[0].text
    assert not page.xpath("//iframe | //*[@onerror] | //a[starts-with(@href, 'javascript:')]")
    assert page.xpath("//h3/a/text()") == [HOSTILE]  # the title, as text
    notes = page.xpath("//div[@class='notes']")[0].text_content()
    assert "<script>alert('x')</script> ]]>" in notes and "<script>document.title='owned'</script>" in notes
    assert "<iframe" in notes
    assert page.findtext(".//title") == "Test Show"


def test_safe_notes_moves_headings_below_the_episode() -> None:
    assert safe_notes("<h1>a</h1><h2>b</h2><h3>c</h3>") == "<h5>a</h5><h5>b</h5><h6>c</h6>"


def test_page_bytes_do_not_depend_on_time_zone_or_locale(tmp_path: Path) -> None:
    """Two builds of the sample show, in different zones and locales, write the same pages."""
    outputs = []
    for zone, locale in (("UTC", "C.UTF-8"), ("Asia/Tokyo", "de_DE.UTF-8")):
        root = tmp_path / zone.replace("/", "-")
        config = copy_sample_show(root)
        env = cli_env(TZ=zone, LC_ALL=locale, LANG=locale, PYTHONHASHSEED="random")
        subprocess.run([sys.executable, "-m", "edtfeed", "--config", str(config), "publish", "--offline"],
                       check=True, env=env, capture_output=True, cwd=root)
        outputs.append({k: v for k, v in feed_files(root / "feeds").items() if k.endswith("index.html")})
    assert len(outputs[0]) == 4
    assert outputs[0] == outputs[1]


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    config, _ = build_sample(tmp_path / "a")
    pages = sorted(config.output_dir.rglob("index.html"))
    before = {p: p.stat().st_mtime_ns for p in pages}
    result = publish(config, PublishOptions(offline=True, cache=False))
    assert not any(p.name == "index.html" for lang in result.languages.values() for p in lang.written)
    assert result.index_written is None
    assert {p: p.stat().st_mtime_ns for p in pages} == before


def test_index_is_the_default_language_page_of_the_show() -> None:
    config = make_config()
    page = html.fromstring(render_index(config, ["en", "pt-br"]))
    assert page.get("lang") == "en"
    assert page.xpath("//li/@lang") == ["en", "pt-br"]


def test_unknown_tags_show_as_text_whatever_their_case() -> None:
    shown = html.fromstring(f"<div>{safe_notes('<p><s>old</s> <SCRIPT>x()</SCRIPT> <scripts>y</scripts></p>')}</div>")
    assert shown.xpath("//s/text()") == ["old"]  # an allowed tag stays markup
    assert not shown.xpath("//script | //scripts")
    assert shown.text_content() == "old <SCRIPT>x()</SCRIPT> <scripts>y</scripts>"


def test_a_deleted_root_index_is_written_again(tmp_path: Path) -> None:
    """The cache replays a run that changed nothing only while its outputs, the root index too, are untouched."""
    config, _ = build_sample(tmp_path)
    index = config.output_dir / "index.html"
    data = index.read_bytes()
    index.unlink()
    result = publish(config, PublishOptions(offline=True))
    assert result.index_written == index and index.read_bytes() == data
    assert publish(config, PublishOptions(offline=True)).index_written is None
