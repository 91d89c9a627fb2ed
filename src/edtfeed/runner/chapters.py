"""`edtfeed chapters`: one record's chapters as a build makes them, from the lock and the host transcripts pinned
beside it (the same pins, read the same way, as publish), without building anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edtfeed.config import Config
from edtfeed.episodes.chapters import ChapterList, build_chapters
from edtfeed.episodes.spoken import same_language
from edtfeed.errors import RecordError
from edtfeed.lock import load_lock, transcripts_dir
from edtfeed.read.cues import plain_cues
from edtfeed.read.records import read_record
from edtfeed.resolve.transcripts import pinned_cues


class ChaptersUnavailable(Exception):
    """The record cannot be read, or its audio is not pinned: the message says what to do."""


@dataclass(frozen=True)
class RecordChapters:
    chapters: ChapterList
    duration: int  # of the audio, in seconds
    unusable: tuple[str, ...]  # why a pinned host transcript was not used (warnings)


def show_chapters(config: Config, record: Path) -> RecordChapters:
    """The chapters of the record at `record`, timed against its pinned audio (`edtfeed resolve` pins it)."""
    try:
        parsed = read_record(record.resolve(), config.episodes_dir, default_lang=config.show.default_language,
                             tz=config.show.timezone)
    except RecordError as error:
        raise ChaptersUnavailable(str(error)) from error
    lock = load_lock(config.lock_path)
    audio = lock.audio.get(parsed.embed_id)
    if audio is None:
        raise ChaptersUnavailable(f"{parsed.embed_id!r} is not in the lock; run `edtfeed resolve {parsed.embed_id}`")
    host, unusable = pinned_cues(lock, transcripts_dir(config.lock_path), {parsed.embed_id: audio})
    cues = plain_cues(host.get(parsed.embed_id, ()))
    chapters = build_chapters(parsed, audio.duration, config.chapters,
                              cues if same_language(parsed.lang, config.audio_language) else ())
    return RecordChapters(chapters, audio.duration, tuple(unusable.values()))
