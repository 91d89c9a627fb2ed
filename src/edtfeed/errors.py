"""Error types and exit codes (what is reported and goes on is an edtfeed.diagnostics.Diagnostic).

Exit codes (documented in docs/messages.md and relied on by the scheduled workflow):
0 success, 1 some records or ids failed (feeds for the rest were written),
2 usage or config error, 3 refused to drop published items.
"""

from __future__ import annotations

import click

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3


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


class RecordError(Exception):
    """One record cannot be used; the run skips it and goes on with the others."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class TextOnly(RecordError):
    """A record declared to have no audio (`audio: none`, e.g. a text-only translation): it is in no feed, and
    is counted rather than reported, so a page without audio on purpose does not fail every run."""
