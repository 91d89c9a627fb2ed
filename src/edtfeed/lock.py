"""edtfeed.lock: audio metadata pinned per embed id, so builds are reproducible and work offline.

JSON with sorted keys and a schema version. A corrupt lock stops the run with a clear error; it is never replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from edtfeed.errors import LockError
from edtfeed.fsutil import write_if_changed
from edtfeed.models import AudioMeta, LedgerItem

LOCK_VERSION = 1


class FeedCache(BaseModel):
    """What the last full fetch of a feed said, so the next fetch can be conditional (ETag / Last-Modified).

    `embed_ids` lists every id that feed carried: after a 304 it tells which wanted ids the unchanged feed has
    (fetch the body again) and which it does not (no need to).
    """

    model_config = ConfigDict(extra="forbid")

    etag: str | None = None
    last_modified: str | None = None
    embed_ids: list[str] = []


class Lock(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = LOCK_VERSION
    note: str | None = None  # free text for people, e.g. "sample data" in the sample show's lock
    audio: dict[str, AudioMeta] = {}
    feeds: dict[str, FeedCache] = {}  # by feed URL; optional, so version-1 locks without it stay valid
    ledger: dict[str, dict[str, LedgerItem]] = {}  # feed (language) -> guid -> every item ever published there


def load_lock(path: Path) -> Lock:
    """The lock at `path`, or an empty one when the file does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Lock()
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockError(
            f"{path}:{exc.lineno}: lock file is not valid JSON ({exc.msg}); "
            "fix it by hand or restore it from git, then run again"
        ) from None
    if not isinstance(raw, dict) or raw.get("version") != LOCK_VERSION:
        found = raw.get("version") if isinstance(raw, dict) else type(raw).__name__
        raise LockError(f"{path}: lock schema version {found!r} is not supported (expected {LOCK_VERSION})")
    try:
        return Lock.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise LockError(f"{path}: invalid lock entry at {key}: {first['msg']} (fix it or delete that entry)") from None


def dump_lock(lock: Lock) -> bytes:
    """Stable bytes: sorted keys, fixed indentation, trailing newline."""
    data = lock.model_dump(mode="json", exclude_none=True, exclude_defaults=False,
                           exclude={"feeds"} if not lock.feeds else None)
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def save_lock(path: Path, lock: Lock) -> bool:
    """Write the lock atomically when it changed; True when written."""
    return write_if_changed(path, dump_lock(lock))
