"""The lock is read strictly: a well-formed JSON value of the wrong type is an error naming the lock and the key,
never coerced into a plausible wrong value; a lock that is not UTF-8 or not a file is a message, not a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from edtfeed.errors import EXIT_USAGE, LockError
from edtfeed.lock import load_lock
from tests.ops import assert_clean, assert_next_run_is_fresh, edtfeed, published_show, snapshot

ENTRY = {"embed_id": "cea47899", "url": "https://media.transistor.fm/cea47899/3f1d2a7b.mp3", "length": 36_182_204,
         "type": "audio/mpeg", "duration": 2261, "episode": 3}


def _lock_with(**wrong: object) -> str:
    return json.dumps({"version": 1, "audio": {"cea47899": {**ENTRY, **wrong}}})


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (_lock_with(duration=True), "audio.cea47899.duration"),  # was read as 1 s
        (_lock_with(length="36182204"), "audio.cea47899.length"),
        (_lock_with(length=36182204.0), "audio.cea47899.length"),
        (_lock_with(episode=False), "audio.cea47899.episode"),
        (_lock_with(title=12), "audio.cea47899.title"),
        ('{"version": true, "audio": {}}', None),  # True == 1 in Python: still not a version
        ('{"version": 1, "ledger": {"en": {"g": {"path": "a.md", "removed": "no"}}}}', "ledger.en.g.removed"),
        ('{"version": 1, "ledger": {"en": {"g": {"path": "a.md", "removed": 0}}}}', "ledger.en.g.removed"),
    ],
)
def test_a_value_of_the_wrong_type_is_an_error_naming_the_key(text: str, key: str | None, tmp_path: Path) -> None:
    path = tmp_path / "edtfeed.lock"
    path.write_text(text)
    with pytest.raises(LockError) as caught:
        load_lock(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert (f"invalid lock entry at {key}:" in message) if key else ("schema version True" in message)
    assert caught.value.exit_code == EXIT_USAGE
    assert path.read_text() == text


def test_well_typed_values_still_load(tmp_path: Path) -> None:
    path = tmp_path / "edtfeed.lock"
    path.write_text(json.dumps({"version": 1, "audio": {"cea47899": {**ENTRY, "pub_date": "2024-05-14T09:00:00Z"}},
                                "ledger": {"en": {"g": {"path": "a.md", "first_published": "2024-05-14T09:00:00Z",
                                                        "removed": True}}}}))
    lock = load_lock(path)
    assert lock.audio["cea47899"].duration == 2261 and lock.ledger["en"]["g"].removed is True


def _not_utf8(path: Path) -> str:
    path.write_bytes(b'{"version": 1, "note": "caf\xe9"}')
    return "the lock file is not UTF-8 (byte 27 is 0xe9)"


def _folder(path: Path) -> str:
    path.mkdir()
    return "cannot read the lock file: not a regular file (a folder)"


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "cannot read the lock file: not a regular file (a FIFO)"


def _boolean_duration(path: Path) -> str:
    data = json.loads(path.read_text())
    embed_id = sorted(data["audio"])[0]
    data["audio"][embed_id]["duration"] = True
    path.write_text(json.dumps(data))
    return f"invalid lock entry at audio.{embed_id}.duration: Input should be a valid integer"


@pytest.mark.parametrize("fault", [_not_utf8, _folder, _fifo, _boolean_duration], ids=lambda f: f.__name__[1:])
def test_a_broken_lock_stops_publish_with_a_message_and_leaves_everything(fault, tmp_path: Path) -> None:
    root = published_show(tmp_path / "show")
    lock = root / "edtfeed.lock"
    good = lock.read_bytes()
    before = snapshot(root, lock=False)
    if fault is not _boolean_duration:
        lock.unlink()
    message = fault(lock)

    done = edtfeed(root, "publish", "--offline")

    assert_clean(done, EXIT_USAGE, f"{lock}: ", message)
    assert snapshot(root, lock=False) == before
    if lock.is_dir():
        lock.rmdir()
    else:
        lock.unlink()
    lock.write_bytes(good)
    assert_next_run_is_fresh(root, tmp_path)

