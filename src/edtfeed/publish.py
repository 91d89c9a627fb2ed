"""The pipeline: read records -> resolve audio -> build episodes -> render feeds -> write what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edtfeed.config import Config
from edtfeed.episodes import build_episodes
from edtfeed.errors import Problem
from edtfeed.fsutil import write_if_changed
from edtfeed.lock import load_lock, save_lock
from edtfeed.records import read_records
from edtfeed.render import render_feed
from edtfeed.resolve import AudioChange, resolve_audio

FEED_FILE = "feed.xml"


@dataclass
class LanguageResult:
    """What happened to one language's feed."""

    lang: str
    items: int = 0
    estimated_chapters: int = 0  # items whose chapter times are (partly) estimated from the text
    problems: int = 0  # errors and warnings about this language's records
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


@dataclass
class PublishResult:
    languages: dict[str, LanguageResult] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    changes: list[AudioChange] = field(default_factory=list)  # --refresh: pinned metadata that changed
    lock_written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


@dataclass(frozen=True)
class PublishOptions:
    offline: bool = False
    dry_run: bool = False
    languages: tuple[str, ...] = ()  # empty: every language that has records
    out_dir: Path | None = None  # default: [output] dir
    refresh: bool = False  # re-fetch pinned audio metadata first (and report what changed)


def _write(path: Path, data: bytes, dry_run: bool) -> bool:
    """True when `path` gets (or, in a dry run, would get) new bytes."""
    if dry_run:
        try:
            return path.read_bytes() != data
        except FileNotFoundError:
            return True
    return write_if_changed(path, data)


def publish(config: Config, options: PublishOptions = PublishOptions()) -> PublishResult:
    """Build every language's feed; broken records are reported and skipped, the rest publishes."""
    result = PublishResult()
    records, problems = read_records(config)
    result.problems += problems
    show_languages = sorted({r.lang for r in records})  # every feed of the show, for cross-language links
    if options.languages:
        wanted = set(options.languages)
        records = [r for r in records if r.lang in wanted]

    lock = load_lock(config.lock_path)
    report = resolve_audio({r.embed_id for r in records}, lock, config.transistor, offline=options.offline,
                           refresh=options.refresh)
    result.notices += report.notices
    result.changes = report.changes
    result.notices += [f"{embed_id}: kept the pinned metadata: {why}" for embed_id, why in sorted(report.stale.items())]
    for record in records:
        if record.embed_id in report.errors:
            result.problems.append(Problem(record.rel, None, report.errors[record.embed_id]))
        elif record.embed_id in report.pending:
            result.problems.append(Problem(record.rel, None, report.pending[record.embed_id], "warning"))

    by_lang, problems = build_episodes(records, report.resolved, config)
    result.problems += problems
    out_dir = options.out_dir or config.output_dir
    for lang in sorted({r.lang for r in records}):
        lang_result = result.languages.setdefault(lang, LanguageResult(lang))
        episodes = by_lang.get(lang, [])
        if not episodes:
            result.problems.append(
                Problem(f"{lang}/{FEED_FILE}", None, "no episode of this language could be built; the feed was left "
                        "as it was (fix the errors above)")
            )
            continue
        lang_result.items = len(episodes)
        lang_result.estimated_chapters = sum(episode.chapters_estimated for episode in episodes)
        files = {rel: data for episode in episodes for rel, data in episode.files.items()}  # chapters, transcripts
        files[FEED_FILE] = render_feed(config, lang, episodes, show_languages)
        for rel, data in sorted(files.items()):
            path = out_dir / lang / rel
            (lang_result.written if _write(path, data, options.dry_run) else lang_result.unchanged).append(path)

    if not options.dry_run:
        result.lock_written = save_lock(config.lock_path, lock)
    lang_of = {r.rel: r.lang for r in records}
    for problem in result.problems:
        if problem.path in lang_of:
            result.languages.setdefault(lang_of[problem.path], LanguageResult(lang_of[problem.path])).problems += 1
    result.problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    return result
