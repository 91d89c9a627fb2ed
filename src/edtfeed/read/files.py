"""Opening record files safely: only regular files, never more than a size limit (fsutil.read_bounded).

A symlink to /dev/zero read for ever, a FIFO hung the run and a symlink loop raised out of the whole build; each
now costs only its own record. Names are printed escaped by Problem (errors.printable).
"""

from __future__ import annotations

import os

from edtfeed.errors import Problem, RecordError, printable
from edtfeed.fsutil import FileRefused, read_bounded

MAX_RECORD_BYTES = 2 * 1024 * 1024  # a record is notes and a transcript: the largest real one is far below this


def read_record_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes; RecordError (saying what to do) when it is not a regular file, cannot be opened or is
    over the limit."""
    try:
        return read_bounded(path, MAX_RECORD_BYTES)
    except FileRefused as exc:
        advice = {"type": ": only plain .md files are read; remove it or rename it so it does not end in .md",
                  "size": " for a record: it is not read (move long material such as a transcript out of the notes)"}
        raise RecordError(str(exc) + advice.get(exc.reason, "")) from None


def name_problem(rel: str) -> Problem | None:
    """Why a record's file name cannot be published, or None. A name that is not UTF-8 (a latin-1 byte: Python
    holds it as a surrogate) or that holds control characters would reach the lock, the cache and every message;
    that one record is skipped, the rest publishes. A name that is not UTF-8 is kept escaped (`caf\\xe9.md`): it
    could not even be written to a JSON report otherwise."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return Problem(printable(rel), None, "the file name is not UTF-8 (shown escaped); rename it to a UTF-8 name "
                                             "to publish it")
    if not rel.isprintable():
        return Problem(rel, None, "the file name holds control characters (shown escaped); rename it to publish it")
    return None
