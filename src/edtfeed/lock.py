"""edtfeed.lock: what is pinned — audio metadata per embed id and the ledger of published guids — so builds are
reproducible and work offline.

JSON with sorted keys and a schema version. A corrupt lock stops the run with a clear error; it is never replaced.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from edtfeed.errors import LockError
from edtfeed.fsutil import FileRefused, read_bounded, write_if_changed

LOCK_VERSION = 1
MAX_LOCK_BYTES = 1024**3  # a lock pins a few hundred bytes per episode: larger is not a lock


class TranscriptRef(BaseModel):
    """A transcript file Transistor serves for the audio."""

    model_config = ConfigDict(frozen=True)

    url: str
    type: str
    language: str | None = None
    rel: str | None = None  # "captions" for the caption renditions edtfeed writes (never set from a host)


class PinnedTranscript(BaseModel):
    """The host's timed transcript of one embed id, fetched once: its bytes are the file `file` in the transcripts
    folder beside the lock (transcripts_dir), and `sha256` says they are the bytes that were fetched."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    type: str  # MIME type the feed gave it
    file: str  # `<embed id>.<vtt|srt|json>`
    sha256: str


class AudioMeta(BaseModel):
    """What Transistor knows about one embed id: everything the item's audio tags need. Pinned in the lock."""

    model_config = ConfigDict(frozen=True)

    embed_id: str
    url: str  # enclosure URL exactly as the host publishes it (analytics prefixes kept)
    length: int = Field(gt=0)  # bytes
    type: str  # MIME type
    duration: int = Field(gt=0)  # seconds
    guid: str | None = None  # Transistor's own RSS guid, when known
    episode: int | None = None
    season: int | None = None
    episode_type: str | None = None  # full / trailer / bonus
    pub_date: datetime | None = None
    image: str | None = None
    title: str | None = None
    transcripts: list[TranscriptRef] = []
    chapters_url: str | None = None
    source: str = "rss"  # where it was resolved: rss, api, head, sample


class LedgerItem(BaseModel):
    """One item ever published in one feed (kept in the lock's ledger under its guid, which never changes)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = ""  # the record that produces it (relative to the episodes dir); "" when adopted from a feed file
    embed_id: str | None = None
    first_published: datetime | None = None  # the item's pubDate when it entered the feed: content, never the clock
    enclosure: str | None = None  # the enclosure URL last published
    removed: bool = False  # dropped with `edtfeed publish --remove`; never published again under this guid


class FeedCache(BaseModel):
    """What the last full fetch of a feed said, so the next fetch can be conditional (ETag / Last-Modified).

    `embed_ids` lists every id that feed carried: after a 304 it tells which wanted ids the unchanged feed has
    (fetch the body again) and which it does not (no need to).
    """

    model_config = ConfigDict(extra="forbid")

    etag: str | None = None
    last_modified: str | None = None
    embed_ids: list[str] = []


class HostedFeed(BaseModel):
    """What the show's hosted feed said about the show itself the first time it was read: a feed that succeeds it
    keeps this identity, so it is pinned once and never replaced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    podcast_guid: str | None = None  # its channel's <podcast:guid>; None: it carried none


class Lock(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = LOCK_VERSION
    note: str | None = None  # free text for people, e.g. "sample data" in the sample show's lock
    audio: dict[str, AudioMeta] = {}
    feeds: dict[str, FeedCache] = {}  # by feed URL; optional, so version-1 locks without it stay valid
    ledger: dict[str, dict[str, LedgerItem]] = {}  # feed (language) -> guid -> every item ever published there
    hosted: dict[str, HostedFeed] = {}  # by feed URL, once read; optional like `feeds`
    transcripts: dict[str, PinnedTranscript] = {}  # by embed id; optional like `feeds`
    _loaded: bytes | None = PrivateAttr(default=None)  # the file's bytes when this lock was read: save_lock's base


def transcripts_dir(lock_path: Path) -> Path:
    """The committed folder of pinned transcripts, named after its lock (`edtfeed.lock` -> `edtfeed.transcripts/`),
    so that two locks in one folder never share it."""
    return lock_path.with_suffix(".transcripts")


def load_lock(path: Path) -> Lock:
    """The lock at `path`, or an empty one when the file does not exist yet.

    Strict: a value of the wrong JSON type is an error naming the key, never coerced (`"duration": true` would
    otherwise be read as 1 s, `"length": "5"` as 5 bytes), because a lock is edited by hand and merged by git.
    """
    data = lock_data(path)
    if data is None:
        return Lock()
    lock = _parse(path, data)
    lock._loaded = data
    return lock


def _parse(path: Path, data: bytes) -> Lock:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LockError(f"{path}: the lock file is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); "
                        "restore it from git or fix it with a UTF-8 editor, then run again") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockError(
            f"{path}:{exc.lineno}: lock file is not valid JSON ({exc.msg}); "
            "fix it by hand or restore it from git, then run again"
        ) from None
    except RecursionError:
        raise LockError(f"{path}: lock file is nested too deeply to be a lock; restore it from git") from None
    if not isinstance(raw, dict) or type(raw.get("version")) is not int or raw["version"] != LOCK_VERSION:
        found = raw.get("version") if isinstance(raw, dict) else type(raw).__name__
        raise LockError(f"{path}: lock schema version {found!r} is not supported (expected {LOCK_VERSION})")
    try:
        return Lock.model_validate_json(text, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise LockError(f"{path}: invalid lock entry at {key}: {first['msg']} (fix it or delete that entry)") from None


def lock_data(path: Path) -> bytes | None:
    """The lock's bytes; None when there is none yet; LockError when it is not a readable file (a folder, a FIFO,
    no permission), so every reader of the lock says the same thing."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LockError(f"{path}: cannot read the lock file ({exc.strerror}); check the path in edtfeed.toml "
                        "[transistor] lock") from None
    try:
        return read_bounded(path, MAX_LOCK_BYTES)
    except FileRefused as exc:
        advice = ("move it away and restore the lock file from git" if exc.reason != "open"
                  else "check its permissions and owner (a `sudo edtfeed` run leaves it owned by root)")
        raise LockError(f"{path}: cannot read the lock file: {exc}; {advice}") from None


def dump_lock(lock: Lock) -> bytes:
    """Stable bytes: sorted keys, fixed indentation, trailing newline."""
    empty = {name for name in ("feeds", "hosted", "transcripts") if not getattr(lock, name)}
    data = lock.model_dump(mode="json", exclude_none=True, exclude_defaults=False, exclude=empty or None)
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def save_lock(path: Path, lock: Lock) -> bool:
    """Write the lock atomically when it changed; True when written.

    Merged with what is on disk now: what another run saved since this one read the lock (a `publish --remove`,
    a `resolve`) is kept where this run did not change the same entry, and a removal is never undone. The project
    lock (runlock) keeps runs apart; this keeps every ledger decision even where it could not.
    """
    on_disk = lock_data(path)
    if on_disk is not None and on_disk != lock._loaded:
        base = _parse(path, lock._loaded) if lock._loaded is not None else Lock()
        merged = merge_lock(base, _parse(path, on_disk), lock)
        for name in Lock.model_fields:
            setattr(lock, name, getattr(merged, name))
    data = dump_lock(lock)
    written = write_if_changed(path, data)
    lock._loaded = data
    return written


def merge_lock(base: Lock, theirs: Lock, ours: Lock) -> Lock:
    """`ours` plus every entry `theirs` changed since `base` that `ours` left as it was; in the ledger an item
    removed on either side stays removed (a takedown is for good)."""
    merged = ours.model_copy(deep=True)
    for name in ("audio", "feeds", "hosted", "transcripts"):
        setattr(merged, name, _merge_entries(getattr(base, name), getattr(theirs, name), getattr(ours, name)))
    for lang in sorted(set(theirs.ledger) | set(ours.ledger)):
        mine, other = ours.ledger.get(lang, {}), theirs.ledger.get(lang, {})
        entries = _merge_entries(base.ledger.get(lang, {}), other, mine)
        for guid, item in entries.items():
            if not item.removed and other.get(guid, item).removed:
                entries[guid] = item.model_copy(update={"removed": True})
        merged.ledger[lang] = dict(sorted(entries.items()))
    return merged


def _merge_entries(base: dict[str, Any], theirs: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    merged = dict(ours)
    for key in set(base) | set(theirs):
        if theirs.get(key) != base.get(key) and ours.get(key) == base.get(key):
            if key in theirs:
                merged[key] = theirs[key]
            else:
                merged.pop(key, None)
    return dict(sorted(merged.items()))
