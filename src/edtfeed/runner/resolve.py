"""`edtfeed resolve`, and the pins of every run: resolve audio metadata, then write what was pinned (the host's
timed transcripts beside the lock, then the lock). The runner is the only writer of both: publish saves them
through save_pins too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from edtfeed.config import Config
from edtfeed.diagnostics import Diagnostic
from edtfeed.errors import os_fault
from edtfeed.fsutil import write_if_changed
from edtfeed.http import HttpClient
from edtfeed.lock import Lock, load_lock, save_lock, transcripts_dir
from edtfeed.read.records import read_records
from edtfeed.resolve import ResolveReport, resolve_audio, succeeds_show_feed


@dataclass(frozen=True)
class PinResult:
    report: ResolveReport
    requested: list[str]  # the ids asked for (the records' ids when none were given)
    newly_pinned: list[str]
    lock_written: bool
    problems: list[Diagnostic] = field(default_factory=list)  # records that could not be read (their ids are unknown)

    @property
    def failed(self) -> bool:
        """Exit status 1: an id without metadata, a refresh that failed, or an unreadable record."""
        return bool(self.report.errors or self.report.stale or any(p.severity == "error" for p in self.problems))


def resolve_show(config: Config, embed_ids: Sequence[str] = (), *, refresh: bool = False,
                 client: HttpClient | None = None) -> PinResult:
    """Resolve `embed_ids` (default: every record's) and save the lock; a corrupt lock stops before any request."""
    lock = load_lock(config.lock_path)
    problems: list[Diagnostic] = []
    if not embed_ids:
        records, problems = read_records(config)
        embed_ids = sorted({record.embed_id for record in records})
    before = set(lock.audio)
    report = resolve_audio(embed_ids, lock, config.transistor, refresh=refresh, hosted=succeeds_show_feed(config),
                           client=client, feed_key=config.key_place("transistor", "feed_url"))
    try:
        saved = save_pins(config, lock, report.transcript_files)
    except OSError as exc:
        raise os_fault(exc, "resolve could not save what it fetched at") from None
    return PinResult(report, sorted(set(embed_ids)), sorted(set(lock.audio) - before), saved, problems)


def save_pins(config: Config, lock: Lock, transcripts: Mapping[str, bytes]) -> bool:
    """Write the host transcripts fetched this run into the folder beside the lock, then the lock that names them
    (so the lock never names a file that is not there); True when the lock changed."""
    folder = transcripts_dir(config.lock_path)
    for name, body in sorted(transcripts.items()):
        write_if_changed(folder / name, body)
    return save_lock(config.lock_path, lock)
