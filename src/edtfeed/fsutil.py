"""Files, safely: atomic, change-aware writes (a directory polled by podcast apps never sees a half-written file),
and bounded reads of files that may be anything (a FIFO, a device, a huge file)."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class FileRefused(OSError):
    """A file read_bounded will not read; the message says why, safe to print; `reason` is "open", "type" or
    "size", for callers that add their own advice."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused for anything else.

    Opened non-blocking so a FIFO never waits for a writer; the type is checked on the open descriptor, so a file
    swapped for something else between a check and the read is still caught; a file that grows while read stops
    at the limit.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}", "open") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"not a regular file ({_kind(info.st_mode)})", "type")
        if info.st_size > limit:
            raise FileRefused(_too_big(info.st_size, limit), "size")
        chunks, total = [], 0
        while chunk := os.read(fd, limit + 1 - total):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused(_too_big(total, limit), "size")
        return b"".join(chunks)
    except FileRefused:
        raise
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}", "open") from None
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return f"the file has {size:,} bytes, over the {limit:,}-byte limit"


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a plain file"

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC  # O_EXCL: never an existing file or link


def write_if_changed(path: Path, data: bytes, durable: bool = True) -> bool:
    """Write `data` to `path` atomically (temp file in the same dir + rename); leave it untouched if equal.

    `durable` also flushes the bytes to disk before the rename, so a power cut cannot leave an empty file in its
    place. Feeds and the lock need that; a sidecar file (chapters, transcript) does not: the next run sees its
    stat differ from the cache's and writes it again, and an fsync per sidecar file was a large share of a cold
    build of a big show (bench/README.md). Returns True when the file was written.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    with replacing(path, durable) as fd:
        view = memoryview(data)
        while view:  # os.write may write less than asked
            view = view[os.write(fd, view):]
    return True


@contextmanager
def replacing(path: Path, durable: bool = True) -> Iterator[int]:
    """A new temp file beside `path`, open for writing (the fd), that replaces `path` when the block ends well and
    is removed when it does not. The one atomic write of edtfeed: temp names that never grow too long, and temp
    files a signal's last resort (discard_temp_files) can find."""
    fd, tmp = _new_temp(path)
    try:
        try:
            os.fchmod(fd, 0o644)  # whatever the umask: the web server must read it
            yield fd
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # os.write and os.fsync say what failed (a full disk), not where
        raise
    finally:
        _in_flight.discard(tmp)


_in_flight: set[str] = set()  # temp files being written now, for discard_temp_files


def discard_temp_files() -> None:
    """Remove the temp files being written now: for a process about to end at once (a signal's last resort), so no
    `.tmp` is left in a folder that is published or committed."""
    for tmp in list(_in_flight):
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _new_temp(path: Path) -> tuple[int, str]:
    """A new, empty temp file beside `path`, opened for writing, and its name.

    Named after the process id and created exclusively (O_EXCL), so no other writer can share it: cheaper than
    tempfile.mkstemp's random name and a buffered file object, which thousands of sidecar files notice. mkstemp's random name is the fallback when that name is taken (a temp file left
    by a killed process with the same id, or another thread writing the same path). The folder is made on demand.
    """
    stem = _temp_stem(path)
    tmp = f"{path.parent}/.{stem}.{os.getpid()}.tmp"
    try:
        try:
            fd = os.open(tmp, _NEW_FILE, 0o644)
        except FileNotFoundError:  # no folder yet
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, _NEW_FILE, 0o644)
    except FileExistsError:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{stem}.", suffix=".tmp")
    _in_flight.add(tmp)
    return fd, tmp


NAME_MAX = 255  # bytes of one file name on the file systems feeds are written to (ext4, APFS, tmpfs, NTFS)
_TEMP_EXTRA = len(".." + ".tmp") + 20  # the dots, the suffix, and a process id or mkstemp's random part


def _temp_stem(path: Path) -> str:
    """`path`'s name, or a digest of it when the temp name around it would be too long for the file system
    although the final name fits (a 244-character permalink)."""
    if len(os.fsencode(path.name)) + _TEMP_EXTRA <= NAME_MAX:
        return path.name
    return "edtfeed-" + hashlib.sha256(os.fsencode(path.name)).hexdigest()[:16]
