"""The HTML show pages (render/page.py) as publish writes them: content, escaping, direction, stable bytes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html

from edtfeed.runner.publish import PublishOptions, publish
from edtfeed.episodes.episode import build_episode
from edtfeed.languages import direction
from edtfeed.config import Config, OutputConfig
from edtfeed.errors import ConfigError
from edtfeed.render.page import render_index
from tests.compose import episode_pages, render_page, safe_notes
from tests.chapter_fixtures import make_record as record_with_headings
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
        feed_url = f"https://www.example.org/feeds/{lang}/feed.xml"
        assert page.xpath("//p[@class='feed']/a/@href") == ["feed.xml"]  # a link to follow, showing the address
        assert page.xpath("//p[@class='feed']/a/text()") == [feed_url]
        assert page.xpath("//button/@data-copy") == [feed_url]
        episodes = page.xpath("//li[contains(@class, 'episode')]")
        assert [e.get("data-guid") for e in episodes] == feed.xpath("channel/item/guid/text()")
        for episode, item in zip(episodes, feed.xpath("channel/item")):
            assert episode.xpath(".//audio/@src") == item.xpath("enclosure/@url")
            chapters = item.xpath("psc:chapters/psc:chapter", namespaces=NS)
            assert episode.xpath(".//ol[@class='chapters']/li/a/text()") == [c.get("title") for c in chapters]
            assert episode.xpath(".//ol[@class='chapters']/li/a/@href") == [
                "#t=" + str(sum(int(float(p)) * 60 ** i for i, p in enumerate(reversed(c.get("start").split(":")))))
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
    notes = " ".join(div.text_content() for div in page.xpath("//div[@class='notes']"))
    assert "<script>alert('x')</script> ]]>" in notes and "<script>document.title='owned'</script>" in notes
    assert "<iframe" in notes
    assert page.findtext(".//title") == "Test Show"


def test_safe_notes_moves_headings_below_the_page_headings() -> None:
    assert safe_notes("<h1>a</h1><h2>b</h2><h3>c</h3>", top=4) == "<h4>a</h4>\n<h5>b</h5>\n<h6>c</h6>"
    assert safe_notes("<h2>b</h2><h4>d</h4>", top=5) == "<h5>b</h5>\n<h6>d</h6>"  # the highest is h5; none below h6
    assert safe_notes("<h3>c</h3><p>x</p>", top=3) == "<h3>c</h3>\n<p>x</p>"


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
    shown = html.fromstring(f"<div>{safe_notes('<p><s>old</s> <SCRIPT>x()</SCRIPT> <scripts>y</scripts></p>', 4)}</div>")
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


# -- templates a podcaster overrides; the size of the show page ---------------------------------------------------

def _with_templates(config: Config, folder: Path) -> Config:
    return config.model_copy(update={"output": OutputConfig(templates=folder.name), "root": folder.parent})


def _overrides(tmp_path: Path, templates: dict[str, str]) -> Path:
    """A templates folder holding `templates` (file name: text)."""
    folder = tmp_path / "overrides"
    folder.mkdir()
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_template_override_changes_the_page_and_the_rest_falls_back(tmp_path: Path) -> None:
    """A file in `[output] templates` replaces the shipped one of its name; it may extend the shipped one."""
    folder = _overrides(tmp_path, {
        "show.html": '{% extends "edtfeed/show.html" %}\n{% block head %}{{ super() }}<meta name="x-brand" '
                     'content="ours">{% endblock %}\n',
        "feed.html": '<p class="feed"><a class="ours" href="{{ feed.href }}">RSS</a></p>\n'})
    config = make_config()
    episode = build_episode(make_record(), make_audio(), config)
    shipped = html.fromstring(render_page(config, "en", [episode], ["en"]))
    page = html.fromstring(render_page(_with_templates(config, folder), "en", [episode], ["en"]))
    assert not shipped.xpath("//meta[@name='x-brand'] | //a[@class='ours']")
    assert page.xpath("//meta[@name='x-brand']/@content") == ["ours"]
    assert page.xpath("//a[@class='ours']/@href") == ["feed.xml"]
    assert page.xpath("//h3/a/text()") == ["An Episode"]  # episode-card.html: the shipped one
    assert not page.xpath("//button[@data-copy]")  # the copy button was in the replaced feed.html


def test_no_template_can_unsanitise_the_notes(tmp_path: Path) -> None:
    """Templates get the notes already sanitised: turning autoescape off or piping through |safe shows no more."""
    folder = _overrides(tmp_path, {"episode-card.html": "{% autoescape false %}<li>{{ episode.lead|safe }}"
                                   "{{ episode.more }}{{ episode.notes }}<b>{{ episode.title }}</b></li>"
                                   "{% endautoescape %}\n"})
    config = _with_templates(make_config(), folder)
    record = make_record(title="Plain", body="<script>alert(1)</script> first\n\n<img src=x onerror=alert(2)>\n\n"
                                             "[x](javascript:alert(3))\n")
    data = render_page(config, "en", [build_episode(record, make_audio(), config)], ["en"])
    page = html.fromstring(data)
    assert len(page.xpath("//script")) == 1  # the page's own
    assert not page.xpath("//*[@onerror] | //a[starts-with(@href, 'javascript:')]")
    assert b"&lt;script&gt;alert(1)" in data


def test_a_broken_override_names_its_file_and_line(tmp_path: Path) -> None:
    folder = _overrides(tmp_path, {"show.html": "<p>\n{% if %}\n"})
    config = make_config()
    episode = build_episode(make_record(), make_audio(), config)
    with pytest.raises(ConfigError, match=r"show\.html:2: .*\[output\] templates"):
        render_page(_with_templates(config, folder), "en", [episode], ["en"])
    (folder / "show.html").write_text("<p>\n{{ episode.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"show\.html:2: cannot render show\.html: 'episode' is undefined"):
        render_page(_with_templates(config, folder), "en", [episode], ["en"])
    with pytest.raises(ConfigError, match=r"no such folder"):
        render_page(_with_templates(config, tmp_path / "missing"), "en", [episode], ["en"])


def test_publish_rebuilds_the_pages_when_a_template_changes(tmp_path: Path) -> None:
    """The build cache keys the pages on the override folder too: an edited template is published."""
    config_file = copy_sample_show(tmp_path)
    folder = tmp_path / "page-templates"
    folder.mkdir()
    text = config_file.read_text("utf-8").replace("[output]\n", '[output]\ntemplates = "page-templates"\n')
    assert "page-templates" in text
    config_file.write_text(text, "utf-8")
    env = cli_env()
    command = [sys.executable, "-m", "edtfeed", "--config", str(config_file), "publish", "--offline"]
    subprocess.run(command, check=True, env=env, capture_output=True, cwd=tmp_path)
    page = tmp_path / "feeds" / "en" / "index.html"
    assert b"Made by us" not in page.read_bytes()
    (folder / "feed.html").write_text("<p>Made by us</p>\n", encoding="utf-8")
    subprocess.run(command, check=True, env=env, capture_output=True, cwd=tmp_path)
    assert b"Made by us" in page.read_bytes()
    (folder / "show.html").write_text("{% if %}\n", encoding="utf-8")
    broken = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert "show.html:1:" in broken.stderr and "[output] templates" in broken.stderr
    shutil.rmtree(folder)
    missing = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "[output] templates = " in missing.stderr and "no such folder" in missing.stderr


LONG_PARAGRAPH = ("We talk about how the team moved its data pipeline off a nightly batch and onto a stream, what broke "
                  "on the way, and which of the [dashboards](https://example.org/dashboards) people actually use. ")


def _long_notes(number: int) -> str:
    """Realistic notes of about 8 KB: an intro, then eight timed sections of two paragraphs and a list of links."""
    sections = [f"Episode {number} opens with the question every team asks. " + LONG_PARAGRAPH]
    for part in range(8):
        sections.append(f"## {part * 5 + 1:02d}:00 Part {part + 1} of episode {number}\n\n{LONG_PARAGRAPH * 2}\n\n"
                        f"{LONG_PARAGRAPH * 2}\n\n- a [reference](https://example.org/ref/{number}/{part}) to read\n"
                        "- **a note** to keep\n")
    return "\n\n".join(sections) + "\n"


def test_a_page_of_20_episodes_with_long_notes_stays_small() -> None:
    """The show page shows each episode's first paragraph and folds a little more; the full notes of each episode
    are on its own page, so 20 long episodes make a page under 60 KB (over 200 KB with every note inline)."""
    config = make_config()
    episodes = [build_episode(record_with_headings(_long_notes(n), permalink=f"episode-{n}", number=n,
                                                   title=f"Episode {n}: streams, batches and the dashboards in between",
                                                   embed_id=f"e{n:07d}",
                                                   image=f"https://www.example.org/episodes/{n}/artwork.jpg"),
                              make_audio(embed_id=f"e{n:07d}", duration=2700,
                                         url=f"https://op3.dev/e/media.transistor.fm/e{n:07d}/9a8b7c6d.mp3"), config)
                for n in range(20, 0, -1)]
    notes = sum(len(e.notes_html.encode()) for e in episodes)
    assert notes > 150_000  # the notes alone would be 150 KB
    data = render_page(config, "en", episodes, ["en", "es"])
    assert len(data) < 60_000, len(data)  # about 52 KB; with every note inline: over 200 KB
    page = html.fromstring(data)
    cards = page.xpath("//li[contains(@class, 'episode')]")
    assert len(cards) == 20
    for card, episode in zip(cards, episodes):
        assert card.xpath(".//div[@class='notes'][1]/p/text()")[0].startswith(f"Episode {episode.record.number} opens")
        assert card.xpath(".//details/summary/text()") == ["Show notes"]
        assert len(card.xpath(".//ol[@class='chapters']/li/a")) == 9  # the opening and the eight timed parts: chapters stay
        full = f"episodes/{episode.slug}.html"
        assert card.xpath(".//p[@class='more']/a/@href") == [full]
    pages = episode_pages(config, "en", episodes)
    assert sorted(pages) == sorted(f"episodes/{e.slug}.html" for e in episodes)
    own = html.fromstring(pages[f"episodes/{episodes[0].slug}.html"])
    assert len(own.xpath("//div[@class='notes']//li/a[starts-with(@href, 'https://example.org/ref/')]")) == 8
    assert own.xpath("//p[@class='feed']/a/@href") == ["../feed.xml"]
    assert own.xpath("//h1/text()") == [episodes[0].title]


def test_short_notes_are_all_on_the_show_page() -> None:
    config = make_config()
    episode = build_episode(make_record(body="Intro paragraph.\n\n## First\n\nText.\n"), make_audio(), config)
    page = html.fromstring(render_page(config, "en", [episode], ["en"]))
    assert page.xpath("//div[@class='notes']/p/text()") == ["Intro paragraph.", "Text."]
    assert page.xpath("//details//h4/text()") == ["First"]
    assert not page.xpath("//p[@class='more']")


def test_the_documented_base_override_reaches_every_page(tmp_path: Path) -> None:
    """docs/pages.md's example: a base.html extending the shipped one fills its empty extrahead and footer."""
    folder = _overrides(tmp_path, {"base.html": (
        '{% extends "edtfeed/base.html" %}\n'
        '{% block extrahead %}<link rel="icon" href="https://example.org/favicon.png">{% endblock %}\n'
        '{% block footer %}<footer><a href="https://example.org">example.org</a></footer>{% endblock %}\n')})
    config = _with_templates(make_config(), folder)
    episode = build_episode(make_record(), make_audio(), config)
    pages = [render_page(config, "en", [episode], ["en"]), *episode_pages(config, "en", [episode]).values(),
             render_index(config, ["en"])]
    for data in pages:
        page = html.fromstring(data)
        assert page.xpath("//link[@rel='icon']/@href") == ["https://example.org/favicon.png"]
        assert page.xpath("//footer/a/@href") == ["https://example.org"]
