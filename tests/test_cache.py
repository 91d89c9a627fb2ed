"""The build cache: hits only when nothing the value depends on changed; never fatal, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edtfeed.cache import DB_FILE, BuildCache, cache_path, stats_fingerprint
from edtfeed.config import Config, load_config
from edtfeed.errors import RecordError

CONFIG = """
[show]
title = "T"
description = "D"
author = "A"
email = "a@example.com"
image = "https://example.com/a.jpg"
link = "https://example.com"
categories = ["Technology"]
base_url = "https://example.com/feeds"
"""


@pytest.fixture
def config(tmp_path: Path) -> Config:
    (tmp_path / "edtfeed.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "episodes").mkdir()
    return load_config(tmp_path / "edtfeed.toml")


class CountingReader:
    """A record reader that counts how often it really reads."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path) -> str:
        self.calls += 1
        text = path.read_text(encoding="utf-8")
        if text.startswith("broken"):
            raise RecordError("broken record", 7)
        return text.upper()


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def read_twice(config: Config, path: Path, reader: CountingReader) -> str:
    """Read in one run, then again in a fresh run (a new process would do the same)."""
    first = BuildCache.open(config)
    value = first.read(path, path.name, reader)
    first.close()
    second = BuildCache.open(config)
    again = second.read(path, path.name, reader)
    second.close()
    assert again == value
    return value


def test_unchanged_file_is_not_read_again(config: Config) -> None:
    path = config.episodes_dir / "a.md"
    path.write_text("hello", encoding="utf-8")
    reader = CountingReader()
    assert read_twice(config, path, reader) == "HELLO"
    assert reader.calls == 1
    assert (cache_path(config) / DB_FILE).is_file()
    assert cache_path(config).parent == config.lock_path.parent


def test_touched_file_is_hashed_not_reparsed(config: Config) -> None:
    path = config.episodes_dir / "a.md"
    path.write_text("hello", encoding="utf-8")
    reader = CountingReader()
    read_twice(config, path, reader)
    bump_mtime(path)
    read_twice(config, path, reader)
    assert reader.calls == 1


def test_changed_file_is_read_again(config: Config) -> None:
    path = config.episodes_dir / "a.md"
    path.write_text("hello", encoding="utf-8")
    reader = CountingReader()
    read_twice(config, path, reader)
    path.write_text("world", encoding="utf-8")  # same size
    bump_mtime(path)
    assert read_twice(config, path, reader) == "WORLD"
    assert reader.calls == 2


def test_record_errors_are_replayed_with_their_line(config: Config) -> None:
    path = config.episodes_dir / "bad.md"
    path.write_text("broken: yes", encoding="utf-8")
    reader = CountingReader()
    for _ in range(2):
        cache = BuildCache.open(config)
        with pytest.raises(RecordError) as caught:
            cache.read(path, path.name, reader)
        cache.close()
        assert (caught.value.message, caught.value.line) == ("broken record", 7)
    assert reader.calls == 1


def test_another_config_does_not_reuse_entries(config: Config, tmp_path: Path) -> None:
    path = config.episodes_dir / "a.md"
    path.write_text("hello", encoding="utf-8")
    reader = CountingReader()
    read_twice(config, path, reader)
    (tmp_path / "edtfeed.toml").write_text(CONFIG.replace('title = "T"', 'title = "T2"'), encoding="utf-8")
    read_twice(load_config(tmp_path / "edtfeed.toml"), path, reader)
    assert reader.calls == 2


def test_memo_survives_runs_and_dry_runs_leave_nothing(config: Config) -> None:
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2]

    dry = BuildCache.open(config)
    dry.memo("k", build)
    dry.close(save=False)
    for _ in range(2):
        cache = BuildCache.open(config)
        assert cache.memo("k", build) == [1, 2]
        cache.close()
    assert len(calls) == 2  # the dry run's value was dropped; the next two runs built once


def test_outputs_touched_by_hand_are_not_current(config: Config, tmp_path: Path) -> None:
    feed = tmp_path / "feeds" / "en" / "feed.xml"
    feed.parent.mkdir(parents=True)
    feed.write_bytes(b"<rss/>")
    cache = BuildCache.open(config)
    assert not cache.output_current(feed, "key")
    cache.remember_output(feed, "key")
    assert cache.output_current(feed, "key")
    assert not cache.output_current(feed, "other key")
    bump_mtime(feed)
    assert not cache.output_current(feed, "key")
    feed.unlink()
    assert not cache.output_current(feed, "key")
    cache.close()


def test_last_run_needs_same_fingerprint_and_untouched_outputs(config: Config, tmp_path: Path) -> None:
    record = config.episodes_dir / "a.md"
    record.write_text("hello", encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss/>")
    fingerprint = stats_fingerprint([record], b"lock")
    cache = BuildCache.open(config)
    cache.remember_run(fingerprint, [feed], {"items": 1})
    cache.close()
    cache = BuildCache.open(config)
    assert cache.last_run(fingerprint) == {"items": 1}
    assert cache.last_run(stats_fingerprint([record], b"other lock")) is None
    bump_mtime(record)
    assert cache.last_run(stats_fingerprint([record], b"lock")) is None
    feed.write_bytes(b"<rss>edited</rss>")
    assert cache.last_run(fingerprint) is None
    cache.close()


def test_corrupt_cache_is_replaced(config: Config) -> None:
    folder = cache_path(config)
    folder.mkdir()
    (folder / DB_FILE).write_bytes(b"this is not a database" * 100)
    path = config.episodes_dir / "a.md"
    path.write_text("hello", encoding="utf-8")
    reader = CountingReader()
    assert read_twice(config, path, reader) == "HELLO"
    assert reader.calls == 1


def test_disabled_cache_always_builds(config: Config) -> None:
    path = config.episodes_dir / "a.md"
    path.write_text("hello", encoding="utf-8")
    reader = CountingReader()
    cache = BuildCache.disabled()
    cache.read(path, "a.md", reader)
    cache.read(path, "a.md", reader)
    assert reader.calls == 2 and not cache_path(config).exists()
