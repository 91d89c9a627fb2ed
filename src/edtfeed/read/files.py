"""Opening record files safely: only regular files, never more than a size limit (fsutil.read_bounded).

A symlink to /dev/zero read for ever, a FIFO hung the run and a symlink loop raised out of the whole build; each
now costs only its own record. Names are printed escaped by the renderer (diagnostics.printable).
"""

from __future__ import annotations

import os

from edtfeed.constants import MAX_RECORD_MIB
from edtfeed.diagnostics import Diagnostic, printable
from edtfeed.errors import RecordError
from edtfeed.fsutil import FileRefused, read_bounded

MAX_RECORD_BYTES = MAX_RECORD_MIB * 1024 * 1024  # the default bound: `[episodes] max_record_mib`
# Real records reach several megabytes when pictures are pasted into the notes as data: URIs (written out as image
# files, see read/inline_images.py); the bound is against a runaway file, not against a big episode.


def read_record_bytes(path: str | os.PathLike[str], limit: int = MAX_RECORD_BYTES) -> bytes:
    """The file's bytes; RecordError (saying what to do) when it is not a regular file, cannot be opened or is
    over `limit`."""
    try:
        return read_bounded(path, limit)
    except FileRefused as exc:
        if exc.reason == "size":
            raise RecordError(too_big(str(exc), limit)) from None
        advice = {"type": ": only plain .md files are read; remove it or rename it so it does not end in .md"}
        raise RecordError(str(exc) + advice.get(exc.reason, "")) from None


def too_big(what: str, limit: int) -> str:
    """Why a record over `limit` bytes is not read, and the setting that raises the bound."""
    return (f"{what} for a record, so it is not read. Records this big usually hold a whole transcript or a video "
            "pasted into the notes; if this one is meant to be this big, raise `max_record_mib` under [episodes] "
            f"in edtfeed.toml (now {limit / (1024 * 1024):g})")


def name_problem(rel: str) -> Diagnostic | None:
    """Why a record's file name cannot be published, or None. A name that is not UTF-8 (a latin-1 byte: Python
    holds it as a surrogate) or that holds control characters would reach the lock, the cache and every message;
    that one record is skipped, the rest publishes. A name that is not UTF-8 is kept escaped (`caf\\xe9.md`): it
    could not even be written to a JSON report otherwise."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return Diagnostic(printable(rel), None, "the file name is not UTF-8 (shown escaped); rename it to a UTF-8 name "
                                             "to publish it")
    if not rel.isprintable():
        return Diagnostic(rel, None, "the file name holds control characters (shown escaped); rename it to publish it")
    return None
