"""`edtfeed validate` over the sample show: clean as built, and a broken copy reports each problem once, located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from edtfeed.cli import main
from edtfeed.validate import RULES_BY_ID
from tests.feedkit import BASE_FEED, apply, png_header
from tests.sample_show import copy_sample_show


def run(config: Path | None, *args: str):
    prefix = ["--config", str(config)] if config else []
    return CliRunner().invoke(main, [*prefix, *args], catch_exceptions=False)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A copy of the sample show with its feeds built (offline, from the committed lock)."""
    config = copy_sample_show(tmp_path)
    assert run(config, "publish", "--offline").exit_code == 0
    return config


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_the_sample_show_is_clean(built: Path) -> None:
    result = run(built, "validate", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 errors, 0 warnings, 0 infos"


def test_a_broken_copy_reports_each_problem_once_with_its_location(built: Path) -> None:
    root = built.parent
    record = root / "episodes/edt-1/en/episode.md"
    (record.parent / "thumbnail.png").write_bytes(png_header(1000, 1000))  # too small, found locally
    broken = root / "episodes/edt-2/es/episode.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("date: 2024-05-14T16:30:00.000Z", "date: someday"),
                      encoding="utf-8")
    feed = root / "feeds/es/feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("Tue, 14 May 2024", "Wed, 14 May 2024"),
                    encoding="utf-8")
    en_feed = root / "feeds/en/feed.xml"
    en_feed.write_text(en_feed.read_text(encoding="utf-8").replace("<itunes:explicit>false", "<itunes:explicit>yes", 1),
                       encoding="utf-8")

    chapters = root / "feeds/en/chapters/episode-sample1-en.json"
    chapters.write_text(chapters.read_text(encoding="utf-8").replace('"startTime": 0', '"startTime": "0"'),
                        encoding="utf-8")

    result = run(built, "validate", "--format", "json")
    assert result.exit_code == 1
    got = [(f["code"], f["file"], f["line"], f["item"]) for f in json.loads(result.output)["diagnostics"]
           if f["severity"] == "error"]
    assert sorted(got, key=str) == sorted([
        ("apple.artwork-size", "edt-1/en/episode.md", line_of(record, "image:"), ""),
        ("", "edt-2/es/episode.md", line_of(broken, "date: someday"), ""),
        # Its published item is carried as the feed has it, with the weekday error: publish would not write the feed.
        ("", "es/feed.xml", None, ""),
        ("apple.date-weekday", "es/feed.xml", line_of(feed, "Wed, 14 May 2024"), "episode-SAMPLE2-es"),
        ("apple.explicit-value", "en/feed.xml", line_of(en_feed, "<itunes:explicit>yes"), ""),
        ("podcast.chapters-file", "en/feed.xml", line_of(en_feed, "chapters/episode-sample1-en.json"),
         "episode-SAMPLE1-en"),
    ], key=str)


def test_paths_are_checked_as_they_are(tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    good.write_text(BASE_FEED, encoding="utf-8")
    other = tmp_path / "other" / "feed.xml"
    other.parent.mkdir()
    other.write_text(apply(BASE_FEED, (("<itunes:author>Test Org</itunes:author>", ""),)), encoding="utf-8")
    assert run(None, "validate", str(good)).exit_code == 0
    result = run(None, "validate", str(tmp_path))
    assert result.exit_code == 1
    assert f"{other}:3: error: Spotify rejects feeds without <itunes:author>" in result.output
    assert "[spotify.author]" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colours


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    twice = "<podcast:medium>podcast</podcast:medium><podcast:medium>podcast"
    feed.write_text(apply(BASE_FEED, (("<podcast:medium>podcast", twice),)), encoding="utf-8")
    assert run(None, "validate", str(feed)).exit_code == 0
    strict = run(None, "validate", "--strict", str(feed))
    assert strict.exit_code == 1
    assert "warning: " in strict.output and "[podcast.single]" in strict.output
    assert "--strict: the 1 warning above stop the run" in strict.output


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.toml", "validate")
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_list_rules_prints_the_whole_table() -> None:
    result = run(None, "validate", "--list-rules")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.output.splitlines() if not line.startswith(" ")]
    assert ids == sorted(RULES_BY_ID)
    assert "apple.explicit-value  [error, Apple]" in result.output
