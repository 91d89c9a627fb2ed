"""`edtfeed resolve`: resolve and pin audio metadata without building feeds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from edtfeed.config import Config
from edtfeed.errors import Problem
from edtfeed.lock import load_lock, save_lock, transcripts_dir
from edtfeed.read.records import read_records
from edtfeed.resolve import ResolveReport, resolve_audio, succeeds_show_feed
from edtfeed.http import HttpClient
from edtfeed.resolve.transcripts import save_transcripts


@dataclass
class PinResult:
    report: ResolveReport
    requested: list[str]  # the ids asked for (the records' ids when none were given)
    newly_pinned: list[str]
    lock_written: bool
    problems: list[Problem] = field(default_factory=list)  # records that could not be read (their ids are unknown)

    @property
    def failed(self) -> bool:
        """Exit status 1: an id without metadata, a refresh that failed, or an unreadable record."""
        return bool(self.report.errors or self.report.stale or any(p.level == "error" for p in self.problems))


def pin_audio(config: Config, embed_ids: Sequence[str] = (), *, refresh: bool = False,
              client: HttpClient | None = None) -> PinResult:
    """Resolve `embed_ids` (default: every record's) and save the lock; a corrupt lock stops before any request."""
    lock = load_lock(config.lock_path)
    problems: list[Problem] = []
    if not embed_ids:
        records, problems = read_records(config)
        embed_ids = sorted({record.embed_id for record in records})
    before = set(lock.audio)
    report = resolve_audio(embed_ids, lock, config.transistor, refresh=refresh, hosted=succeeds_show_feed(config),
                           client=client)
    save_transcripts(transcripts_dir(config.lock_path), report.transcript_files)
    return PinResult(report, sorted(set(embed_ids)), sorted(set(lock.audio) - before),
                     save_lock(config.lock_path, lock), problems)
