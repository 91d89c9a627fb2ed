"""Opening record files safely: only regular files, never more than a size limit.

A symlink to /dev/zero read for ever, a FIFO hung the run and a symlink loop raised out of the whole build; each
now costs only its own record. Names are printed escaped by Problem (errors.printable).
"""

from __future__ import annotations

import os
import stat

from edtfeed.errors import RecordError

MAX_RECORD_BYTES = 2 * 1024 * 1024  # a record is notes and a transcript: the largest real one is far below this


def read_record_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes; RecordError when it is not a regular file, cannot be opened or is over the limit.

    Opened non-blocking so a FIFO never waits for a writer; the type is checked on the open descriptor, so a file
    swapped for something else between a check and the read is still caught.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise RecordError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RecordError(f"not a regular file ({_kind(info.st_mode)}): only plain .md files are read; "
                              "remove it or rename it so it does not end in .md")
        if info.st_size > MAX_RECORD_BYTES:
            raise RecordError(_too_big(info.st_size))
        chunks, total = [], 0
        while chunk := os.read(fd, MAX_RECORD_BYTES + 1 - total):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_RECORD_BYTES:
                raise RecordError(_too_big(total))
        return b"".join(chunks)
    except OSError as exc:
        raise RecordError(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(size: int) -> str:
    return (f"the file has {size:,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit for a record: it is not read "
            "(move long material such as a transcript out of the notes)")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a plain file"

