"""publish and the validator together: feed.xsl is written and linked, the rules run on every feed it builds."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import edtfeed.runner.language
from edtfeed.cli import main
from tests.sample_show import copy_sample_show


def run(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


def test_publish_writes_the_stylesheet_and_links_every_feed_to_it(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = run(config, "publish", "--offline", "--verbose")
    assert result.exit_code == 0, result.output
    out = tmp_path / "feeds"
    assert (out / "feed.xsl").read_bytes() == resources.files("edtfeed").joinpath("data/feed.xsl").read_bytes()
    assert f"+ {out / 'feed.xsl'}" in result.output
    assert "0 errors, 0 warnings, 0 infos" in result.output
    for feed in sorted(out.glob("*/feed.xml")):
        pi = etree.parse(str(feed)).getroot().getprevious()
        assert isinstance(pi, etree._ProcessingInstruction)
        assert (pi.target, pi.get("type"), pi.get("href")) == ("xml-stylesheet", "text/xsl", "../feed.xsl")
        assert (feed.parent / pi.get("href")).resolve() == (out / "feed.xsl").resolve()
    again = run(config, "publish", "--offline", "--verbose")
    assert "feed.xsl" not in again.output  # unchanged, not rewritten


def test_dry_run_writes_no_stylesheet(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = run(config, "publish", "--offline", "--dry-run", "--verbose")
    assert f"~ {tmp_path / 'feeds' / 'feed.xsl'}" in result.output
    assert not (tmp_path / "feeds").exists()


def _break_feed(monkeypatch: pytest.MonkeyPatch, lang: str, old: bytes, new: bytes) -> None:
    """A rendering bug in one language's feed that the rules must catch."""
    render = edtfeed.runner.language.render_feed

    def broken(config, feed_lang, episodes, languages, *rest, **options):
        data = render(config, feed_lang, episodes, languages, *rest, **options)
        return data.replace(old, new, 1) if feed_lang == lang else data

    monkeypatch.setattr(edtfeed.runner.language, "render_feed", broken)


def test_a_feed_that_breaks_an_error_rule_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break_feed(monkeypatch, "es", b"<itunes:explicit>false", b"<itunes:explicit>no")
    config = copy_sample_show(tmp_path)
    result = run(config, "publish", "--offline")
    assert result.exit_code == 1, result.output
    assert "2 errors, 0 warnings, 0 infos" in result.stdout  # the rule's and the feed's
    assert "es/feed.xml:" in result.stderr and "[apple.explicit-value]" in result.stderr
    assert "es/feed.xml: error: not written: 1 feed rule finding(s) (apple.explicit-value)" in result.stderr
    feeds = tmp_path / "feeds"
    assert not (feeds / "es/feed.xml").exists()
    assert sorted(p.parent.name for p in feeds.glob("*/feed.xml")) == ["ar", "en"]

    (feeds / "es").mkdir(exist_ok=True)
    (feeds / "es/feed.xml").write_bytes(b"the last good feed")
    again = run(config, "publish", "--offline")
    assert again.exit_code == 1, again.output
    assert (feeds / "es/feed.xml").read_bytes() == b"the last good feed"


def test_strict_publish_writes_nothing_on_any_warning_and_says_which(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _break_feed(monkeypatch, "ar", b"<title>", b"<title> ")
    config = copy_sample_show(tmp_path)
    lenient = run(config, "publish", "--offline", "--out", str(tmp_path / "lenient"))
    assert lenient.exit_code == 0, lenient.output
    assert "ar/feed.xml:5: warning: " in lenient.stderr and "[apple.text-whitespace]" in lenient.stderr
    assert (tmp_path / "lenient/ar/feed.xml").exists()
    strict = run(config, "publish", "--offline", "--strict")
    assert strict.exit_code == 1, strict.output
    assert "[apple.text-whitespace]" in strict.stderr
    assert "--strict: nothing was written: the 1 warning above stop the run" in strict.stderr
    assert not (tmp_path / "feeds").exists() and "files: 0 written" not in strict.stdout
    validated = run(config, "validate", "--strict")
    assert validated.exit_code == 1 and "--strict: the 1 warning above stop the run" in validated.output
    clean = copy_sample_show(tmp_path / "clean")
    monkeypatch.undo()
    assert run(clean, "publish", "--offline", "--strict").exit_code == 0


def test_an_owner_email_every_feed_would_fail_stops_before_writing(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    text = config.read_text(encoding="utf-8")
    assert "\nemail = " in text
    config.write_text(re.sub(r"\nemail = .*", '\nemail = "darren at embracingdigital"', text), encoding="utf-8")
    lock = (tmp_path / "edtfeed.lock").read_bytes()
    result = run(config, "publish", "--offline")
    assert result.exit_code == 2, result.output
    assert "[show.email] 'darren at embracingdigital' is not an email address" in result.output
    assert not (tmp_path / "feeds").exists()
    assert (tmp_path / "edtfeed.lock").read_bytes() == lock


def test_an_item_that_breaks_an_error_rule_costs_only_its_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = copy_sample_show(tmp_path)
    assert run(config, "publish", "--offline").exit_code == 0
    feeds = tmp_path / "feeds"
    before = (feeds / "es/feed.xml").read_bytes()
    record = tmp_path / "episodes/edt-3/es/episode.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8")
    render = edtfeed.runner.language.render_feed

    def broken(config, feed_lang, episodes, languages, *rest, **options):  # a rendering bug in the edited item only
        data = render(config, feed_lang, episodes, languages, *rest, **options)
        return data.replace(b"<itunes:episodeType>full", b"<itunes:episodeType>weird", 1) \
            if b"More notes." in data else data

    monkeypatch.setattr(edtfeed.runner.language, "render_feed", broken)
    result = run(config, "publish", "--offline", "--no-cache")
    assert result.exit_code == 1, result.output
    assert "edt-3/es/episode.md: error: its feed item breaks apple.episode-type" in result.stderr
    assert "not written" not in result.output  # the feed is written, without that record's new item
    after = (feeds / "es/feed.xml").read_bytes()
    assert after.count(b"<item>") == before.count(b"<item>")
    assert b"weird" not in after and b"More notes." not in after  # its published item stays as it was
