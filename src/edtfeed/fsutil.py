"""Atomic, change-aware file writes: a directory polled by podcast apps never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
    fd, tmp = _new_temp(path)
    try:
        try:
            os.fchmod(fd, 0o644)  # whatever the umask: the web server must read it
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _new_temp(path: Path) -> tuple[int, str]:
    """A new, empty temp file beside `path`, opened for writing, and its name.

    Named after the process id and created exclusively (O_EXCL), so no other writer can share it: cheaper than
    tempfile.mkstemp's random name and a buffered file object, which thousands of sidecar files notice. mkstemp's random name is the fallback when that name is taken (a temp file left
    by a killed process with the same id, or another thread writing the same path). The folder is made on demand.
    """
    tmp = f"{path.parent}/.{path.name}.{os.getpid()}.tmp"
    try:
        try:
            fd = os.open(tmp, _NEW_FILE, 0o644)
        except FileNotFoundError:  # no folder yet
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, _NEW_FILE, 0o644)
    except FileExistsError:
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    return fd, tmp
