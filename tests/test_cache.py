"""The build cache: hits only when nothing the value depends on changed; never fatal, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edtfeed.runner.cache import INDEX_FILE, BuildCache, cache_path
from edtfeed.runner.publish import PublishOptions
from edtfeed.runner.replay import RunInputs, options_key

OPTIONS = PublishOptions(offline=True)
from edtfeed.config import Config
from edtfeed.errors import RecordError
from edtfeed.read.types import Record
from tests.factories import make_config, make_record


@pytest.fixture
def config(tmp_path: Path) -> Config:
    (tmp_path / "episodes").mkdir()
    return make_config(tmp_path)


@pytest.fixture
def hello(config: Config) -> Path:
    """A record file (its text becomes the record's title)."""
    path = config.episodes_dir / "en.md"
    path.write_text("hello", encoding="utf-8")
    return path


class CountingReader:
    """A record reader that counts how often it really reads; the file's text becomes the record's title."""

    def __init__(self) -> None:
        self.calls = 0
        self.given: list[bytes | None] = []  # the bytes each call was handed (None: it read the file itself)

    def __call__(self, path: Path, data: bytes | None = None) -> tuple[Record, list[tuple[int | None, str]]]:
        self.calls += 1
        self.given.append(data)
        text = path.read_text(encoding="utf-8") if data is None else data.decode("utf-8")
        if text.startswith("broken"):
            raise RecordError("broken record", 7)
        return make_record(title=text, lang=path.stem, rel=path.name), [(3, "a warning")]


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def read_in_two_runs(config: Config, path: Path, reader: CountingReader) -> str:
    """Read in one run, then again in a fresh run (as the next process would), and return the title."""
    titles = []
    for _ in range(2):
        cache = BuildCache.open(config)
        record, warnings = cache.read(path, path.name, reader)
        cache.close()
        assert warnings == [(3, "a warning")]
        titles.append(record.title)
    assert titles[0] == titles[1]
    return titles[0]


def test_unchanged_file_is_not_read_again(config: Config, hello: Path) -> None:
    path = hello
    reader = CountingReader()
    assert read_in_two_runs(config, path, reader) == "hello"
    assert reader.calls == 1
    assert (cache_path(config) / INDEX_FILE).is_file()
    assert cache_path(config).parent == config.lock_path.parent


def test_touched_file_is_hashed_not_reparsed(config: Config, hello: Path) -> None:
    path = hello
    reader = CountingReader()
    read_in_two_runs(config, path, reader)
    bump_mtime(path)
    read_in_two_runs(config, path, reader)
    assert reader.calls == 1


def test_changed_file_is_read_again(config: Config, hello: Path) -> None:
    path = hello
    reader = CountingReader()
    read_in_two_runs(config, path, reader)
    path.write_text("world", encoding="utf-8")  # same size
    bump_mtime(path)
    assert read_in_two_runs(config, path, reader) == "world"
    assert reader.calls == 2


def test_the_bytes_hashed_are_the_bytes_parsed(config: Config, hello: Path) -> None:
    """A new or changed file is read once: the cache hands the reader the bytes it hashed."""
    reader = CountingReader()
    cache = BuildCache.open(config)
    cache.read(hello, hello.name, reader)
    hello.write_text("changed", encoding="utf-8")
    record, _ = cache.read(hello, hello.name, reader)
    assert reader.given == [b"hello", b"changed"] and record.title == "changed"


def test_record_errors_are_replayed_with_their_line(config: Config) -> None:
    path = config.episodes_dir / "en.md"
    path.write_text("broken: yes", encoding="utf-8")
    reader = CountingReader()
    for _ in range(2):
        cache = BuildCache.open(config)
        with pytest.raises(RecordError) as caught:
            cache.read(path, path.name, reader)
        cache.close()
        assert (caught.value.message, caught.value.line) == ("broken record", 7)
    assert reader.calls == 1


def test_another_config_starts_empty(config: Config, hello: Path, tmp_path: Path) -> None:
    path = hello
    reader = CountingReader()
    read_in_two_runs(config, path, reader)
    read_in_two_runs(make_config(tmp_path, title="Another Title"), path, reader)
    assert reader.calls == 2


def test_dry_run_leaves_no_cache(config: Config, hello: Path) -> None:
    path = hello
    cache = BuildCache.open(config, save=False)
    cache.read(path, path.name, CountingReader())
    cache.close()
    assert not cache_path(config).exists()


def test_built_files_are_current_until_touched_by_hand(config: Config, tmp_path: Path) -> None:
    feed, chapters = tmp_path / "feeds" / "en" / "feed.xml", tmp_path / "feeds" / "en" / "chapters" / "a.json"
    chapters.parent.mkdir(parents=True)
    feed.write_bytes(b"<rss/>")
    chapters.write_bytes(b"{}")
    cache = BuildCache.open(config)
    assert cache.built("key") is None
    cache.remember_built("key", [chapters, feed], ["a finding"])
    cache.close()
    cache = BuildCache.open(config)
    assert cache.built("key") == ([chapters, feed], ["a finding"])
    assert cache.built("other key") is None
    bump_mtime(chapters)  # a fresh checkout: a new time, the same bytes
    assert cache.built("key") == ([chapters, feed], ["a finding"])
    chapters.write_bytes(b"[]")  # edited by hand
    assert cache.built("key") is None
    cache.remember_built("key", [feed], ["only the feed now"])
    assert cache.built("key") == ([feed], ["only the feed now"])
    feed.unlink()
    assert cache.built("key") is None


def test_a_file_belongs_to_the_last_build_that_wrote_it(config: Config, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss/>")
    cache = BuildCache.open(config)
    cache.remember_built("old inputs", [feed], "old report")
    cache.remember_built("new inputs", [feed], "new report")
    assert cache.built("old inputs") is None
    assert cache.built("new inputs") == ([feed], "new report")


def test_last_run_needs_the_same_inputs_and_untouched_outputs(config: Config, hello: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss/>")
    lock = tmp_path / "edtfeed.lock"
    lock.write_bytes(b"lock")
    files = [("en.md", hello)]
    cache = BuildCache.open(config)
    cache.read(hello, "en.md", CountingReader())  # the run reads the record: its content hash is known
    cache.remember_run(RunInputs.taken(files, tmp_path, OPTIONS, {}), lock, [feed], {"items": 1})
    cache.close()

    def last() -> object:
        return BuildCache.open(config).last_run(files, options_key(tmp_path, OPTIONS), lock)

    assert last() == {"items": 1}
    assert BuildCache.open(config).last_run(files, options_key(tmp_path / "other", OPTIONS), lock) is None
    bump_mtime(hello)
    bump_mtime(feed)
    assert last() == {"items": 1}  # a fresh checkout: new times, the same bytes
    hello.write_text("hullo", encoding="utf-8")
    assert last() is None
    hello.write_text("hello", encoding="utf-8")
    lock.write_bytes(b"other lock")
    assert last() is None
    lock.write_bytes(b"lock")
    feed.write_bytes(b"<rss>edited</rss>")
    assert last() is None


def test_prune_drops_deleted_records(config: Config) -> None:
    paths = [config.episodes_dir / name for name in ("en.md", "es.md")]
    for path in paths:
        path.write_text("hello", encoding="utf-8")
    cache = BuildCache.open(config)
    for path in paths:
        cache.read(path, path.name, CountingReader())
    cache.close()
    cache = BuildCache.open(config)
    cache.prune(["en.md"])
    cache.close()
    assert not (cache_path(config) / "records-es.pickle").read_bytes().count(b"es.md")
    assert (cache_path(config) / "records-en.pickle").read_bytes().count(b"en.md")


@pytest.mark.parametrize("damaged", [INDEX_FILE, "records-en.pickle"])
def test_damaged_cache_files_are_misses(config: Config, hello: Path, damaged: str) -> None:
    path = hello
    reader = CountingReader()
    read_in_two_runs(config, path, reader)
    (cache_path(config) / damaged).write_bytes(b"this is not a pickle" * 100)
    assert read_in_two_runs(config, path, reader) == "hello"
    assert reader.calls == 2


def test_disabled_cache_always_reads(config: Config, hello: Path) -> None:
    path = hello
    reader = CountingReader()
    cache = BuildCache.disabled()
    cache.read(path, "en.md", reader)
    cache.read(path, "en.md", reader)
    cache.close()
    assert reader.calls == 2 and not cache_path(config).exists()
