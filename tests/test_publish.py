"""End to end: the CLI over a copy of the sample show, and the feeds read back by real podcast client parsers."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner

from edtfeed.cli import main
from edtfeed.lock import load_lock
from tests.sample_show import REPO, copy_sample_show

REPO_CONFIG = REPO / "edtfeed.toml"

SAMPLE_LANGS = ["ar", "en", "es"]


def run(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


@pytest.fixture
def show(tmp_path) -> Path:
    return copy_sample_show(tmp_path)


def test_publish_writes_one_feed_per_language_then_nothing(show):
    first = run(show, "publish", "--offline")
    assert first.exit_code == 0, first.output
    feeds = sorted(p.parent.name for p in (show.parent / "feeds").glob("*/feed.xml"))
    assert feeds == SAMPLE_LANGS
    # each feed plus its chapter, transcript and episode page files (see test_item_extras for their contents)
    assert "en: 3 items (2 with estimated chapters; chapter times: " in first.output
    assert "); files: 11 written, 0 unchanged" in first.output
    # + feed.xsl, index.html
    assert "total: 8 items in 3 feeds; files: 27 written, 0 unchanged" in first.output
    assert "feeds/en/feed.xml" not in first.output  # files are listed with --verbose only
    mtimes = {p: p.stat().st_mtime_ns for p in (show.parent / "feeds").rglob("*") if p.is_file()}
    lock_mtime = (show.parent / "edtfeed.lock").stat().st_mtime_ns
    second = run(show, "publish", "--offline")
    assert second.exit_code == 0
    lines = {line.split(":")[0]: line for line in second.output.splitlines() if ": " in line}
    for lang in SAMPLE_LANGS:
        assert "items" in lines[lang] and "files: 0 written, " in lines[lang]
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes
    assert (show.parent / "edtfeed.lock").stat().st_mtime_ns == lock_mtime


def test_dry_run_writes_nothing_and_says_what_would_change(show):
    result = run(show, "publish", "--offline", "--dry-run", "--verbose")
    assert result.exit_code == 0
    assert "would change" in result.output and "feed.xml" in result.output
    assert not (show.parent / "feeds").exists()


def test_lang_and_out_options(show, tmp_path):
    out = tmp_path / "elsewhere"
    result = run(show, "publish", "--offline", "--lang", "ES", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert [p.parent.name for p in out.glob("*/feed.xml")] == ["es"]
    assert run(show, "publish", "--lang", "xx").exit_code == 2


def test_broken_records_are_reported_and_the_rest_publishes(show):
    assert run(show, "publish", "--offline").exit_code == 0  # published once: the ledger knows edt-3
    episodes = show.parent / "episodes"
    (episodes / "edt-9" / "en").mkdir(parents=True)
    (episodes / "edt-9" / "en" / "episode.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    no_id = (episodes / "edt-3" / "en" / "episode.md")
    no_id.write_text(no_id.read_text(encoding="utf-8").replace("transistor.html", "player.html"), encoding="utf-8")
    result = run(show, "publish", "--offline")
    assert result.exit_code == 1
    assert "edt-9/en/episode.md:3: error: invalid YAML" in result.output
    assert "edt-3/en/episode.md" in result.output
    assert "edt-3/en/episode.md: warning: published item 'episode-SAMPLE3-en' kept unchanged" in result.output
    en = (show.parent / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "episode-SAMPLE1-en" in en and "episode-SAMPLE3-en" in en  # a published item is never dropped silently
    assert "edt-9" not in en
    assert (show.parent / "feeds" / "es" / "feed.xml").exists()


def test_offline_with_missing_lock_entry_is_a_per_record_error(show):
    assert run(show, "publish", "--offline").exit_code == 0
    lock_path = show.parent / "edtfeed.lock"
    data = json.loads(lock_path.read_text(encoding="utf-8"))
    del data["audio"]["c0ffee42"]
    lock_path.write_text(json.dumps(data), encoding="utf-8")
    result = run(show, "publish", "--offline")
    assert result.exit_code == 1
    assert "c0ffee42" in result.output and "edt-3/en/episode.md" in result.output
    en = (show.parent / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "episode-SAMPLE1-en" in en and "episode-SAMPLE3-en" in en  # kept from the published feed
    assert "c0ffee42" not in load_lock(lock_path).audio


def test_bad_config_is_exit_2_naming_file_and_key(tmp_path):
    config = tmp_path / "edtfeed.toml"
    config.write_text('[show]\ntitle = "x"\ncategories = ["Podcasting"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "publish"])
    assert result.exit_code == 2
    assert f"{config}:3: [show.categories]" in result.output and "Podcasting" in result.output
    assert f"{config}:1: [show.email] Field required: Apple and Spotify verify" in result.output
    missing = CliRunner().invoke(main, ["--config", str(tmp_path / "nope.toml"), "publish"])
    assert missing.exit_code == 2 and "config file not found" in missing.output


def test_config_from_environment(show, monkeypatch):
    monkeypatch.chdir(show.parent.parent)
    result = CliRunner().invoke(main, ["publish", "--offline"], env={"EDTFEED_CONFIG": str(show)})
    assert result.exit_code == 0, result.output


def test_corrupt_lock_is_exit_2_and_left_alone(show):
    lock_path = show.parent / "edtfeed.lock"
    lock_path.write_text('{"version": 1, "audio": {', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(show), "publish", "--offline"])
    assert result.exit_code == 2 and "edtfeed.lock" in result.output and "not valid JSON" in result.output
    assert lock_path.read_text(encoding="utf-8") == '{"version": 1, "audio": {'


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "edtfeed, version" in result.output


@pytest.fixture
def published(show) -> Path:
    assert run(show, "publish", "--offline").exit_code == 0
    return show.parent / "feeds"


EXPECTED_EN = [  # title, enclosure url, length, duration, guid, pubDate (newest first)
    ("Paying Down Technical Debt, One Pull Request at a Time", "https://media.transistor.fm/c0ffee42/1d2e3f4a.mp3",
     52428800, 3290, "episode-SAMPLE3-en", "2024-08-29T00:00:00-07:00"),
    ("Zero Trust Without the Buzzwords", "https://op3.dev/e/media.transistor.fm/0f1e2d3c/9a8b7c6d.mp3",
     27302170, 1706, "episode-SAMPLE2-en", "2024-05-14T16:30:00+00:00"),
    ("Why Edge Computing Needs a Data Plan", "https://media.transistor.fm/a1b2c3d4/5e6f7a8b.mp3",
     36182204, 2261, "episode-SAMPLE1-en", "2024-03-07T00:00:00-08:00"),
]


def test_podcastparser_reads_every_item(published):
    path = published / "en" / "feed.xml"
    with path.open("rb") as handle:
        parsed = podcastparser.parse(path.as_uri(), handle)
    assert parsed["title"] == "Embracing Digital Transformation (sample)"
    assert parsed["cover_url"] == "https://www.example.org/images/cover-3000.jpg"
    got = [(e["title"], e["enclosures"][0]["url"], e["enclosures"][0]["file_size"], e["total_time"], e["guid"],
            e["published"]) for e in parsed["episodes"]]
    want = [(t, u, n, d, g, int(parsedate_to_datetime_iso(p).timestamp())) for t, u, n, d, g, p in EXPECTED_EN]
    assert got == want
    assert all(e["enclosures"][0]["mime_type"] == "audio/mpeg" for e in parsed["episodes"])


def parsedate_to_datetime_iso(value: str):
    from datetime import datetime

    return datetime.fromisoformat(value)


def test_feedparser_reads_every_item(published):
    parsed = feedparser.parse((published / "en" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.language == "en"
    entries = parsed.entries
    assert [e.title for e in entries] == [row[0] for row in EXPECTED_EN]
    for entry, (_, url, length, duration, guid, date) in zip(entries, EXPECTED_EN):
        enclosure = entry.enclosures[0]
        assert (enclosure.href, int(enclosure.length), enclosure.type) == (url, length, "audio/mpeg")
        assert entry.itunes_duration == str(duration)
        assert entry.id == guid
        assert parsedate_to_datetime(entry.published) == parsedate_to_datetime_iso(date)


def test_arabic_feed_keeps_its_script_and_language(published):
    parsed = feedparser.parse((published / "ar" / "feed.xml").read_bytes())
    assert parsed.feed.language == "en"  # its audio is the English episode: Apple wants the spoken language
    assert parsed.feed.title == "احتضان التحول الرقمي (عينة)"
    assert parsed.entries[0].title == "الثقة الصفرية بلا مصطلحات رنانة"


def test_publish_resolves_new_ids_from_the_fake_transistor_feed(tmp_path, fake_transistor):
    """An empty lock: one feed request pins every id (an op3-prefixed enclosure too); a draft is not in the
    public feed, so its record is an error while the rest publishes."""
    episodes = tmp_path / "episodes"
    for embed_id, lang, permalink in [("cea47899", "en", "ep-12-en"), ("5e08448f", "en", "ep-11-en"),
                                      ("cea47899", "fr", "ep-12-fr"), ("c9763d66", "en", "ep-14-en")]:
        path = episodes / permalink / "episode.md"
        path.parent.mkdir(parents=True)
        path.write_text(f'---\ntitle: "Episode {permalink}"\npermalink: {permalink}\nlang: {lang}\n'
                        f"date: 2024-05-14\n---\n\n{{% include transistor.html id=\"{embed_id}\" %}}\n\nNotes.\n",
                        encoding="utf-8")
    config = tmp_path / "edtfeed.toml"
    config.write_text(
        (REPO_CONFIG.read_text(encoding="utf-8")
         .replace("https://feeds.transistor.fm/edtfeed-sample", fake_transistor.feed_url)),
        encoding="utf-8",
    )
    result = run(config, "publish")
    assert result.exit_code == 1, result.output
    assert fake_transistor.count("GET", "/feeds/") == 1
    assert "ep-14-en/episode.md: error: embed id c9763d66 not found in the show's feed" in result.output
    lock = load_lock(tmp_path / "edtfeed.lock")
    assert sorted(lock.audio) == ["5e08448f", "cea47899"]
    prefixed = fake_transistor.media_url(fake_transistor.episode("5e08448f"))
    assert "op3.dev/e/" in prefixed and lock.audio["5e08448f"].url == prefixed
    parsed = feedparser.parse((tmp_path / "feeds" / "en" / "feed.xml").read_bytes())
    assert [e.id for e in parsed.entries] == ["ep-11-en", "ep-12-en"]  # same date: ordered by guid
    assert {e.enclosures[0].href for e in parsed.entries} == {lock.audio["5e08448f"].url, lock.audio["cea47899"].url}
    fake_transistor.reset_log()
    again = run(config, "publish")
    assert again.exit_code == 1 and fake_transistor.count() == 1  # only the draft is looked for again


def test_each_feed_is_written_after_its_chapter_and_transcript_files(show, monkeypatch):
    """A poller must never read a feed that points at a sidecar file not written yet."""
    import edtfeed.runner.files as publish_module

    order: list[Path] = []
    real = publish_module.write_if_changed

    def recording(path: Path, data: bytes, durable: bool = True) -> bool:
        order.append(path)
        return real(path, data, durable)

    monkeypatch.setattr(publish_module, "write_if_changed", recording)
    assert run(show, "publish", "--offline").exit_code == 0
    for lang in SAMPLE_LANGS:
        mine = [p for p in order if p.parent.name == lang or p.parent.parent.name == lang]
        assert mine[-1].name == "feed.xml" and len(mine) > 1, mine
    assert any(p.parent.name == "transcripts" for p in order)


def test_sidecar_files_no_item_points_at_are_removed(tmp_path: Path) -> None:
    """A new permalink renames an episode's chapters file: the old one goes, the carried items' files stay."""
    config = copy_sample_show(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["--config", str(config), "publish", "--offline"]).exit_code == 0
    chapters = tmp_path / "feeds/en/chapters"
    record = tmp_path / "episodes/edt-2/en/episode.md"
    record.write_text(record.read_text(encoding="utf-8").replace("permalink: episode-SAMPLE2-en",
                                                                 "permalink: renamed-two"), encoding="utf-8")
    (chapters / "notes.txt").write_text("a file of someone else's", encoding="utf-8")
    dry = runner.invoke(main, ["--config", str(config), "publish", "--offline", "--dry-run", "--verbose"])
    pages = tmp_path / "feeds/en/episodes"
    assert f"- {chapters / 'episode-sample2-en.json'}" in dry.output and "2 would be removed" in dry.output
    assert f"- {pages / 'episode-sample2-en.html'}" in dry.output  # and the episode's page
    assert (chapters / "episode-sample2-en.json").exists()
    done = runner.invoke(main, ["--config", str(config), "publish", "--offline", "--verbose"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in chapters.iterdir()) == ["episode-sample1-en.json", "episode-sample3-en.json",
                                                          "notes.txt", "renamed-two.json"]
    assert sorted(p.name for p in pages.iterdir()) == ["episode-sample1-en.html", "episode-sample3-en.html",
                                                       "renamed-two.html"]
    assert f"- {chapters / 'episode-sample2-en.json'}" in done.output

    record.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")  # its item is carried as published
    carried = runner.invoke(main, ["--config", str(config), "publish", "--offline"])
    assert carried.exit_code == 1 and (chapters / "renamed-two.json").exists()


def test_max_notes_bytes_bounds_each_items_notes_and_drops_no_item(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["--config", str(config), "publish", "--offline"]).exit_code == 0
    record = tmp_path / "episodes/edt-1/en/episode.md"
    record.write_text(record.read_text(encoding="utf-8") + "".join(f"\nMore on topic {i}: " + "detail " * 40 + "\n"
                                                                  for i in range(12)), encoding="utf-8")
    assert runner.invoke(main, ["--config", str(config), "publish", "--offline"]).exit_code == 0
    before = feedparser.parse((tmp_path / "feeds/en/feed.xml").read_bytes())
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('[output]\n', '[output]\nmax_notes_bytes = 1200\n', 1), encoding="utf-8")
    done = runner.invoke(main, ["--config", str(config), "publish", "--offline"])
    assert done.exit_code == 0, done.output
    after = feedparser.parse((tmp_path / "feeds/en/feed.xml").read_bytes())
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    for old, new in zip(before.entries, after.entries):
        content = new.content[0].value
        assert len(content.encode("utf-8")) <= 1200 or content == old.content[0].value
    shortened = [e for e in after.entries if "Read the full show notes" in e.content[0].value]
    assert shortened and all(e.link in e.content[0].value for e in shortened)
    page = (tmp_path / "feeds/en/episodes/episode-sample1-en.html").read_text(encoding="utf-8")
    assert "More on topic 11" in page and "Read the full show notes" not in page  # its own page keeps every note
