"""Lock hygiene: atomic writes, stable bytes, corrupt or unknown locks are clear errors and are never replaced.

Transistor URLs in this file are data only, never fetched: conftest.py fences every test's network to
127.0.0.1/localhost (tests/test_network_fence.py proves it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from edtfeed.errors import LockError
from edtfeed.lock import (
    LOCK_VERSION,
    AudioMeta,
    FeedCache,
    Lock,
    dump_lock,
    load_lock,
    save_lock,
)

META = AudioMeta(embed_id="cea47899", url="https://media.transistor.fm/cea47899/3f1d2a7b.mp3", length=36_182_204,
                 type="audio/mpeg", duration=2261)


def test_round_trip_is_stable_and_sorted(tmp_path: Path) -> None:
    path = tmp_path / "edtfeed.lock"
    lock = Lock(audio={"cea47899": META},
                feeds={"https://feeds.example/show": FeedCache(etag='"abc"', embed_ids=["cea47899"])})

    assert save_lock(path, lock) is True
    assert load_lock(path) == lock
    data = json.loads(path.read_text())
    assert data["version"] == LOCK_VERSION
    assert list(data) == sorted(data)
    assert path.read_bytes() == dump_lock(load_lock(path))


def test_unchanged_lock_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "edtfeed.lock"
    save_lock(path, Lock(audio={"cea47899": META}))
    os.utime(path, (1_000_000, 1_000_000))

    assert save_lock(path, Lock(audio={"cea47899": META})) is False
    assert path.stat().st_mtime == 1_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["edtfeed.lock"]  # no temp file left behind


def test_a_lock_without_feed_validators_has_no_feeds_key() -> None:
    """Version-1 locks written before conditional GET existed keep their exact bytes."""
    assert "feeds" not in json.loads(dump_lock(Lock(audio={"cea47899": META})))


def test_failed_write_leaves_the_old_lock_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "edtfeed.lock"
    save_lock(path, Lock(audio={"cea47899": META}))
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_lock(path, Lock(note="changed"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["edtfeed.lock"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"version": 1, "audio": {', "edtfeed.lock:1: lock file is not valid JSON"),
        ('{"version": 99, "audio": {}}', "lock schema version 99 is not supported (expected 1)"),
        ('["not", "an", "object"]', "lock schema version 'list' is not supported"),
        ('{"audio": {}}', "lock schema version None is not supported"),
        ('{"version": 1, "audio": {"cea47899": {"embed_id": "cea47899", "url": "u", "length": 0, '
         '"type": "audio/mpeg", "duration": 5}}}', "invalid lock entry at audio.cea47899.length"),
        ('{"version": 1, "audio": {}, "surprise": true}', "invalid lock entry at surprise"),
    ],
)
def test_corrupt_lock_is_a_clear_error_and_left_alone(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "edtfeed.lock"
    path.write_text(text)

    with pytest.raises(LockError) as caught:
        load_lock(path)

    assert str(caught.value).startswith(str(path))
    assert expected in str(caught.value)
    assert path.read_text() == text
