"""edtfeed.lock: what is pinned — audio metadata per embed id and the ledger of published guids — so builds are
reproducible and work offline.

JSON with sorted keys and a schema version. A corrupt lock stops the run with a clear error; it is never replaced.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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


def transcripts_dir(lock_path: Path) -> Path:
    """The committed folder of pinned transcripts, named after its lock (`edtfeed.lock` -> `edtfeed.transcripts/`),
    so that two locks in one folder never share it."""
    return lock_path.with_suffix(".transcripts")


def load_lock(path: Path) -> Lock:
    """The lock at `path`, or an empty one when the file does not exist yet.

    Strict: a value of the wrong JSON type is an error naming the key, never coerced (`"duration": true` would
    otherwise be read as 1 s, `"length": "5"` as 5 bytes), because a lock is edited by hand and merged by git.
    """
    text = _lock_text(path)
    if text is None:
        return Lock()
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


def _lock_text(path: Path) -> str | None:
    """The lock's text; None when there is none yet; LockError when it is not a readable UTF-8 file."""
    data = lock_data(path)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LockError(f"{path}: the lock file is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); "
                        "restore it from git or fix it with a UTF-8 editor, then run again") from None


def dump_lock(lock: Lock) -> bytes:
    """Stable bytes: sorted keys, fixed indentation, trailing newline."""
    empty = {name for name in ("feeds", "hosted", "transcripts") if not getattr(lock, name)}
    data = lock.model_dump(mode="json", exclude_none=True, exclude_defaults=False, exclude=empty or None)
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def save_lock(path: Path, lock: Lock) -> bool:
    """Write the lock atomically when it changed; True when written."""
    return write_if_changed(path, dump_lock(lock))
