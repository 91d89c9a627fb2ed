"""The synthetic show has the shapes the issue asks for, deterministically; the floor reads all of it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import frontmatter
import pytest

from bench.floor import build_floor
from bench.generate import (
    ALL_LANGUAGES,
    PLACEHOLDER_EVERY,
    generate,
    js_date,
    parse_languages,
    record_path,
)
from edtfeed.config import load_config
from edtfeed.lock import load_lock

EPISODES = PLACEHOLDER_EVERY + 2  # enough to include a placeholder video


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("show")
    generate(out, EPISODES, ALL_LANGUAGES)
    return out


def records(show: Path) -> list[Path]:
    return sorted((show / "episodes").rglob("*.md"))


def test_one_record_per_episode_and_language(show: Path) -> None:
    assert len(records(show)) == EPISODES * len(ALL_LANGUAGES)
    assert record_path(show, EPISODES, "ja").is_file()


def test_records_have_the_real_shapes(show: Path) -> None:
    date_styles = set()
    placeholders = 0
    for path in records(show):
        post = frontmatter.load(path)
        assert 10 <= len(post["tags"]) <= 25 and all(isinstance(tag, str) for tag in post["tags"])
        assert 1 <= len(post["guests"]) <= 4
        assert post["lang"] == path.parent.name
        assert 4096 <= len(post.content.encode()) <= 8192
        assert 3 <= len(re.findall(r"^## ", post.content, re.M)) <= 6
        assert re.search(r'\{% include transistor\.html id="[0-9a-f]{8}" title="[^"]+" %\}', post.content)
        assert "<summary> Podcast Transcript </summary>\n\n<p></p>\n\n</details>" in post.content
        raw_date = re.search(r"^date: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)
        date_styles.add("js" if "GMT" in raw_date else "iso-quoted" if raw_date.startswith('"') else "iso")
        placeholders += 'youtube.html id="url"' in post.content
    assert date_styles == {"js", "iso-quoted", "iso"}
    assert placeholders == len(ALL_LANGUAGES)


def test_js_dates_name_the_right_weekday_and_zone(show: Path) -> None:
    text = record_path(show, 1, "de").read_text(encoding="utf-8")
    assert "date: Fri Jan 05 2018 15:00:00 GMT-0500 (Eastern Standard Time)" in text
    assert js_date(datetime(2024, 3, 7, 8, tzinfo=UTC), 0) == "Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)"
    assert js_date(datetime(2024, 8, 29, 7, tzinfo=UTC), 0) == "Thu Aug 29 2024 00:00:00 GMT-0700 (Pacific Daylight Time)"


def test_lock_and_config_match_the_records(show: Path) -> None:
    lock = load_lock(show / "edtfeed.lock")
    embed_ids = {re.search(r'transistor\.html id="(\w+)"', p.read_text()).group(1) for p in records(show)}
    assert set(lock.audio) == embed_ids and len(embed_ids) == EPISODES
    config = load_config(show / "edtfeed.toml")
    assert config.episodes_dir == show / "episodes" and config.lock_path == show / "edtfeed.lock"


def test_generation_is_deterministic(show: Path, tmp_path: Path) -> None:
    generate(tmp_path, EPISODES, ALL_LANGUAGES)
    for path in records(show):
        assert (tmp_path / path.relative_to(show)).read_bytes() == path.read_bytes()
    assert (tmp_path / "edtfeed.lock").read_bytes() == (show / "edtfeed.lock").read_bytes()


def test_floor_writes_every_item(show: Path, tmp_path: Path) -> None:
    counts = build_floor(show / "episodes", tmp_path)
    assert counts == {lang: EPISODES for lang in ALL_LANGUAGES}
    assert (tmp_path / "ar" / "feed.xml").read_bytes().count(b"<item>") == EPISODES


def test_languages_by_count_or_codes() -> None:
    assert parse_languages("3") == ("en", "es", "de")
    assert parse_languages("en, ja") == ("en", "ja")
