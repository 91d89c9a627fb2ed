"""Error types and exit codes (what is reported and goes on is an edtfeed.diagnostics.Diagnostic).

Exit codes (documented in docs/messages.md and relied on by the scheduled workflow, which commits only after 0
and 1, the codes that mean the output is complete):
0 success, 1 some records or ids failed (feeds for the rest were written),
2 usage or config error, 3 refused to drop published items,
4 a fault of the machine (disk full, read-only, permission, a file where a folder belongs, a name too long),
5 another edtfeed run holds the project, 130 interrupted (Ctrl+C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import errno

import click

from edtfeed.diagnostics import printable

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_SYSTEM = 4
EXIT_BUSY = 5
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl+C
EXIT_TERMINATED = 143  # 128 + SIGTERM


class EdtfeedError(click.ClickException):
    """An error that stops the whole run; click prints it as `Error: ...` and exits with `exit_code`."""

    exit_code = EXIT_USAGE


class ConfigError(EdtfeedError):
    """edtfeed.toml is missing, unreadable or invalid."""


class UnknownLanguage(EdtfeedError):
    """`--lang` names a language the show has neither records nor a published feed of; raised before anything is
    fetched or written, so with several shows the others still publish."""


class LockError(EdtfeedError):
    """The lock file is corrupt or of an unknown schema; it is never silently replaced."""


class SystemFault(EdtfeedError):
    """The machine refused a write or a read the run cannot do without (disk full, read-only, permission): nothing
    trustworthy was written by the step that failed; the message says what, where and what to do."""

    exit_code = EXIT_SYSTEM


# What to do about each OS error a run meets on an ordinary machine; by errno, one table for every message.
_OS_ADVICE = {
    errno.ENOSPC: "the disk is full: free space there, then run again",
    errno.EDQUOT: "the disk quota is used up: free space there, then run again",
    errno.EROFS: "the file system is read-only: publish to a writable folder ([output] dir or --out)",
    errno.EACCES: "permission denied: give this user write access there (a `sudo edtfeed` run leaves files "
                  "owned by root: `sudo chown -R $USER` them back)",
    errno.EPERM: "not permitted: give this user write access there",
    errno.ENOTDIR: "a file stands where a folder belongs: move that file away",
    errno.EEXIST: "something stands where a folder belongs: move it away",
    errno.EISDIR: "a folder stands where a file belongs: move that folder away",
    errno.ENAMETOOLONG: "the name is too long for the file system: shorten it (a record's permalink or slug)",
    errno.EMFILE: "too many open files: raise the limit (`ulimit -n`) and run again",
    errno.EIO: "the disk reported an I/O error: check it, then run again",
}


def os_fault(exc: OSError, doing: str) -> SystemFault:
    """An OSError as a message saying what failed, where and what to do, with the machine-fault exit code.

    `doing` says what the run was doing ("writing the feed"); the path is the error's own (escaped).
    """
    where = printable(str(exc.filename)) if exc.filename is not None else ""
    if exc.filename2 is not None:
        where += f" -> {printable(str(exc.filename2))}"
    reason = exc.strerror or type(exc).__name__
    advice = _OS_ADVICE.get(exc.errno or 0, "fix that, then run again")
    return SystemFault(f"{doing}{f' {where}' if where else ''}: {reason}; {advice} (files written so far are "
                       "whole; the next run finishes the job)")


class ProjectBusy(EdtfeedError):
    """Another edtfeed run holds the project (runlock) and did not finish within the wait."""

    exit_code = EXIT_BUSY


class RecordError(Exception):
    """One record cannot be used; the run skips it and goes on with the others."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class TextOnly(RecordError):
    """A record declared to have no audio (`audio: none`, e.g. a text-only translation): it is in no feed, and
    is counted rather than reported, so a page without audio on purpose does not fail every run."""
