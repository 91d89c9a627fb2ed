"""Opening record files safely: only regular files, never more than a size limit (fsutil.read_bounded).

A symlink to /dev/zero read for ever, a FIFO hung the run and a symlink loop raised out of the whole build; each
now costs only its own record. Names are printed escaped by the renderer (diagnostics.printable).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from edtfeed.constants import MAX_RECORD_MIB
from edtfeed.diagnostics import Diagnostic, printable
from edtfeed.errors import ConfigError, RecordError
from edtfeed.fsutil import FileRefused, read_bounded
from edtfeed.read.globs import compile_globs

if TYPE_CHECKING:
    from edtfeed.config import Config

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


def episode_files(config: Config, folders: dict[str, int] | None = None) -> list[tuple[str, Path]]:
    """(rel, path) of every candidate record file of the show, in path order; `folders`: see record_file_names."""
    root = config.episodes_dir
    if not root.is_dir():
        raise ConfigError(f"episodes folder {root} not found (set [episodes] dir in the config)")
    return [(rel, Path(path)) for rel, path in record_file_names(root, config.episodes.exclude, folders)]


def record_file_names(root: str | os.PathLike[str], exclude: Iterable[str],
                      folders: dict[str, int] | None = None) -> list[tuple[str, str]]:
    """(rel, path) of every `*.md` under root in path order, minus hidden entries and `exclude` globs, as plain
    strings: a publish run that may change nothing lists the files with this before it parses the config
    (runner/replay.py), and 10,000 Path objects would be a good part of it. `folders`, when given, gets each
    folder listed ("" for root, else its path and "/") with its mtime, taken before it is listed."""
    excluded = compile_globs(exclude)
    found: list[tuple[str, str]] = []
    # os.scandir, not os.walk: a folder per episode and language is 11,000 folders at 10,000 records, and os.walk
    # asks the OS once more for each (islink), where the directory entry already says it.
    pending = [(os.fspath(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            if folders is not None:
                folders[prefix] = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed holds no record we could read
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                # Symlinked folders are not followed (as os.walk), so a link loop cannot hang the run.
                if not entry.is_symlink() and not (excluded and excluded.fullmatch(rel)):
                    pending.append((entry.path, rel + "/"))
            elif name.lower().endswith(".md") and (excluded is None or not excluded.fullmatch(rel)):
                found.append((rel, entry.path))
    return sorted(found)


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
