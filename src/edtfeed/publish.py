"""The pipeline: read records -> resolve audio -> build episodes -> render feeds -> write what changed."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from edtfeed.cache import BuildCache, digest, stats_fingerprint
from edtfeed.config import Config
from edtfeed.episodes import build_episodes
from edtfeed.errors import Problem
from edtfeed.fsutil import write_if_changed
from edtfeed.lock import load_lock, save_lock
from edtfeed.models import AudioMeta, Record
from edtfeed.records import episode_files, read_records, record_reader
from edtfeed.render import render_feed
from edtfeed.resolve import resolve_audio

FEED_FILE = "feed.xml"


@dataclass
class LanguageResult:
    """What happened to one language's feed."""

    lang: str
    items: int = 0
    problems: int = 0  # errors and warnings about this language's records
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


@dataclass
class PublishResult:
    languages: dict[str, LanguageResult] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
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
    cache: bool = True  # reuse and update the build cache beside the lock (edtfeed.cache)


def _write(path: Path, data: bytes, dry_run: bool) -> bool:
    """True when `path` gets (or, in a dry run, would get) new bytes."""
    if dry_run:
        try:
            return path.read_bytes() != data
        except FileNotFoundError:
            return True
    return write_if_changed(path, data)


def publish(config: Config, options: PublishOptions = PublishOptions()) -> PublishResult:
    """Build every language's feed; broken records are reported and skipped, the rest publishes.

    With the cache, a run whose inputs did not change replays the last result without reading anything, and
    otherwise only changed records are re-read and only feeds whose episodes changed are re-rendered.
    """
    cache = BuildCache.open(config, save=not options.dry_run) if options.cache else BuildCache.disabled()
    try:
        return _publish(config, options, cache)
    finally:
        gc.unfreeze()
        cache.close()


@contextmanager
def _long_lived_objects() -> Iterator[None]:
    """Reading builds ~10^6 objects that live until the end of the run; the cyclic GC rescanning them over and
    over cost a third of the render time and half the parent's time while workers read (10,000-record profile).
    So no collections while reading, and what was read is exempt from later ones (publish unfreezes at the end).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _lock_bytes(config: Config) -> bytes:
    try:
        return config.lock_path.read_bytes()
    except FileNotFoundError:
        return b""


def _replayed(previous: PublishResult) -> PublishResult:
    """The last run's result for a run that changed nothing: same items and problems, every file unchanged."""
    for lang_result in previous.languages.values():
        lang_result.unchanged = lang_result.written + lang_result.unchanged
        lang_result.written = []
    previous.lock_written = False
    return previous


def _publish_language(
    config: Config,
    options: PublishOptions,
    cache: BuildCache,
    lang: str,
    records: list[Record],
    audio: Mapping[str, AudioMeta],
    show_languages: list[str],
    result: PublishResult,
) -> None:
    """Build, render and write one language's feed (skipped when the cache shows it current)."""
    lang_result = result.languages.setdefault(lang, LanguageResult(lang))
    by_lang, problems = build_episodes(records, audio, config, cache.build_episode)
    result.problems += problems
    episodes = by_lang.get(lang, [])
    if not episodes:
        result.problems.append(
            Problem(f"{lang}/{FEED_FILE}", None, "no episode of this language could be built; the feed was left "
                    "as it was (fix the errors above)")
        )
        return
    lang_result.items = len(episodes)
    path = (options.out_dir or config.output_dir) / lang / FEED_FILE
    key = cache.feed_key(lang, show_languages, episodes)
    if cache.output_current(path, key):  # rendered from these very episodes, and untouched since
        lang_result.unchanged.append(path)
        return
    data = render_feed(config, lang, episodes, show_languages)
    (lang_result.written if _write(path, data, options.dry_run) else lang_result.unchanged).append(path)
    if not options.dry_run:
        cache.remember_output(path, key)


def _publish(config: Config, options: PublishOptions, cache: BuildCache) -> PublishResult:
    files = episode_files(config)
    out_dir = (options.out_dir or config.output_dir).absolute()
    inputs = stats_fingerprint(files, repr((options.languages, str(out_dir))))
    previous = cache.last_run(digest(inputs, _lock_bytes(config)))
    if previous is not None:
        return _replayed(previous)

    result = PublishResult()
    with _long_lived_objects():
        cache.prefetch(files, record_reader(config))
        records, problems = read_records(config, cache.read, files)
    result.problems += problems
    show_languages = sorted({r.lang for r in records})  # every feed of the show, for cross-language links
    if options.languages:
        wanted = set(options.languages)
        records = [r for r in records if r.lang in wanted]

    lock = load_lock(config.lock_path)
    report = resolve_audio({r.embed_id for r in records}, lock, config.transistor, offline=options.offline)
    result.notices += report.notices
    result.notices += [f"{embed_id}: kept the pinned metadata: {why}" for embed_id, why in sorted(report.stale.items())]
    for record in records:
        if record.embed_id in report.errors:
            result.problems.append(Problem(record.rel, None, report.errors[record.embed_id]))
        elif record.embed_id in report.pending:
            result.problems.append(Problem(record.rel, None, report.pending[record.embed_id], "warning"))

    lang_of = {r.rel: r.lang for r in records}
    by_language: dict[str, list[Record]] = {}
    for record in records:
        by_language.setdefault(record.lang, []).append(record)
    del records  # one language at a time: a language's records are freed once its feed is done
    for lang in sorted(by_language):
        _publish_language(config, options, cache, lang, by_language.pop(lang), report.resolved, show_languages,
                          result)
        cache.release(lang)

    if not options.dry_run:
        result.lock_written = save_lock(config.lock_path, lock)
    for problem in result.problems:
        if problem.path in lang_of:
            result.languages.setdefault(lang_of[problem.path], LanguageResult(lang_of[problem.path])).problems += 1
    result.problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    if not options.languages:
        cache.prune(rel for rel, _ in files)
    settled = not (report.errors or report.pending or report.stale)  # else the next run must try the network again
    outputs = [path for lang_result in result.languages.values() for path in lang_result.written + lang_result.unchanged]
    cache.remember_run(digest(inputs, _lock_bytes(config)), outputs, result if settled else None)
    return result
