"""A show's run: read records -> resolve audio -> every language (runner/language.py) -> write the lock.

publish.publish calls build_show when the last run cannot simply be replayed. This module owns what the languages
share: the build cache (a language whose inputs did not change since its last build is not built at all:
edtfeed.runner.cache), the worker processes large shows are built in (edtfeed.runner.workers), the garbage
collector, and the files of the whole show (the lock, the host transcripts, the index page, the stylesheet). Each
step returns what it has to say; build_show assembles the PublishResult from those values.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from edtfeed.config import Config
from edtfeed.constants import FEED_FILE, STYLESHEET_FILE
from edtfeed.episodes.chapters import Timing
from edtfeed.episodes.episode import episode_context
from edtfeed.episodes.spoken import same_language
from edtfeed.errors import EdtfeedError, UnknownLanguage
from edtfeed.diagnostics import Diagnostic, ordered
from edtfeed.ledger.plan import PublishedItem, read_published
from edtfeed.lock import AudioMeta, LedgerItem, Lock, load_lock, transcripts_dir
from edtfeed.read.cues import TimedCue
from edtfeed.read.dates import far_ahead
from edtfeed.read.records import read_records, record_reader
from edtfeed.read.types import Record
from edtfeed.render.page import PAGE_FILE, render_index
from edtfeed.render.templates import environment
from edtfeed.resolve import ResolveReport, resolve_audio, succeeds_show_feed
from edtfeed.resolve.transcripts import pinned_cues
from edtfeed.runner.cache import BuildCache
from edtfeed.runner.config_warnings import config_warnings
from edtfeed.runner.files import write
from edtfeed.runner.language import LanguageRun, ShowState, build_language
from edtfeed.runner.notify import notify_changed
from edtfeed.runner.replay import RunInputs
from edtfeed.runner.resolve import save_pins
from edtfeed.runner.results import LanguageReport, LanguageResult, PublishOptions, PublishResult
from edtfeed.runner.workers import fork_map, worker_count
from edtfeed.validate import validate_bytes
from edtfeed.validate.project import artwork_findings

# Languages are built in forked worker processes (one per CPU) from this many records: rendering, writing and
# checking the feeds is most of a cold build of a large show, and each language is independent. Below it, the
# fork costs more than it saves.
PARALLEL_MIN_RECORDS = 500


@dataclass(frozen=True)
class RecordInputs:
    """What one record contributes to its language's files."""

    rel: str
    content: str  # the hash of the file's bytes: the Record is made from them, the config and edtfeed's code
    audio: AudioMeta | None
    slug: str
    timing: Timing | None  # the chapter timing it shares with its translations
    spoken: str  # the language spoken in its audio, which the other languages' records decide too
    transcript: str | None  # the sha256 of the host's timed transcript its chapters are aligned to


@dataclass(frozen=True)
class LedgerInputs:
    """What one ledger entry of the language contributes: the entry, and why it is carried when no record makes
    it (that reason is a warning of the build)."""

    guid: str
    item: LedgerItem
    missing: str


@dataclass(frozen=True)
class LanguageInputs:
    """Everything one language's files are built from, beyond edtfeed's code and the config (the cache's salt).
    Its canonical form is the language's cache key: an input added here is keyed without further work."""

    lang: str
    out_dir: str  # where the files go
    show_languages: tuple[str, ...]  # every feed of the show: the cross-language links
    records: tuple[RecordInputs, ...]
    ledger: tuple[LedgerInputs, ...]
    hosted_guids: tuple[tuple[str, str | None], ...]  # per feed of the show, the hosted feed's pinned podcast:guid


@dataclass(frozen=True)
class _Resolved:
    """What resolving the records' audio said: the report, the problems on records and the lock, the notices."""

    report: ResolveReport
    problems: list[Diagnostic]
    notices: list[str]


@dataclass(frozen=True)
class _Collected:
    """Every language's run merged, in language order."""

    languages: dict[str, LanguageResult]
    problems: list[Diagnostic]
    refused: list[str]
    findings: list[Diagnostic]
    changed: list[str]  # the URLs of the feeds whose file changed


@dataclass
class _Show:
    """The run's languages still to build: what they share, and what each language's build consumes (its records
    and its published feed, dropped when it is done so that one language at a time is in memory)."""

    state: ShowState
    lock: Lock
    by_language: dict[str, list[Record]]
    previous: dict[str, tuple[dict[str, PublishedItem], str | None]]  # published feeds read up front (--remove)


def stylesheet() -> bytes:
    return resources.files("edtfeed").joinpath("data", STYLESHEET_FILE).read_bytes()


@contextmanager
def _no_collections() -> Iterator[None]:
    """The runner's one GC setting: no cyclic collections while a step makes many objects that form no cycles.

    Reading builds ~10^6 objects that live until the end of the run, and checking a feed ~100,000 that die with
    it; the cyclic GC rescanning them as they pile up was a large share of both steps in profiles of large shows.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check(data: bytes, feed: str, feed_url: str) -> list[Diagnostic]:
    """The feed rules over a feed just rendered, without cyclic collections (see _no_collections), with the C
    heap handed back before and after (_release_heap)."""
    _release_heap()  # what rendering the feed built and freed (feedgen's tree)
    with _no_collections():
        findings = validate_bytes(data, feed, feed_url=feed_url)
    _release_heap()  # the parsed feed's tree
    return findings


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, where the C library has it (Linux with glibc); None elsewhere."""
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError, TypeError):  # no such function, or (Windows) no process-wide library
        return None


def _release_heap() -> None:
    """Give the C heap's free pages back to the OS.

    Why: libxml2 builds a language's feed tree (feedgen) and its parsed copy (the rules) with malloc; freed, those
    tens of MB stay in the process's heap, and the next step (the page) grows past them instead of into them, so a
    language worker's peak was the sum of its steps rather than the largest.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _unfrozen_after(build: Callable[..., PublishResult]) -> Callable[..., PublishResult]:
    """Run `build`, then return what it froze (gc.freeze after reading) to the collector: a long-lived process
    (`serve --watch`) builds again and again, and frozen objects are never collected."""
    @functools.wraps(build)
    def run(*args: Any, **kwargs: Any) -> PublishResult:
        try:
            return build(*args, **kwargs)
        finally:
            gc.unfreeze()
    return run


@_unfrozen_after
def build_show(
    config: Config,
    options: PublishOptions,
    cache: BuildCache,
    files: list[tuple[str, Path]],
    out_dir: Path,
    inputs: RunInputs,
) -> PublishResult:
    """Build (or replay from the cache) every language's feed of the show's record `files`; `inputs` is the
    run's fingerprint, remembered with the result so that an identical next run is replayed."""
    text_only: list[str] = []
    environment(config.templates_dir)  # a missing `[output] templates` folder stops the run before any fetch
    with _no_collections():
        cache.prefetch(files, record_reader(config), options.jobs)
        records, read_problems = read_records(config, cache.read, files, text_only)
    gc.freeze()  # what was read lives to the end of the run: later collections need not scan it
    show_languages = sorted({r.lang for r in records})  # every feed of the show, for cross-language links
    every = records  # which languages embed an audio says what is spoken in it, whatever --lang builds
    if options.languages:
        wanted = set(options.languages)
        records = [r for r in records if r.lang in wanted]
    lock = load_lock(config.lock_path)
    unknown = sorted(set(options.languages) - set(show_languages) - set(lock.ledger))
    if unknown:
        raise UnknownLanguage(f"--lang {' '.join(unknown)}: no record is in that language and no feed of it was "
                           f"published (the show's languages: {', '.join(show_languages) or 'none'})")
    resolved = _resolve(config, options, records, lock)
    if resolved.report.feed_failed and resolved.report.errors:
        return _nothing_written(resolved, read_problems, len(text_only))
    host_cues, transcript_problems = _host_transcripts(config, records, lock, resolved.report)
    early = read_problems + resolved.problems + transcript_problems  # said before any language is built
    early += far_ahead(records, config.episodes.future_days, datetime.now(timezone.utc).date())  # a message only
    lang_of = {r.rel: r.lang for r in records}
    artwork = artwork_findings(config, records)
    show = _prepare(config, options, out_dir, lock, show_languages, records, every, resolved.report, host_cues,
                    early)
    del records, every, host_cues  # one language at a time: only its episodes are in memory, its records go when done

    languages = set(show.by_language) | set(lock.ledger)
    if options.languages:
        languages &= set(options.languages)
    if options.remove:
        # A published feed is read as a whole lxml tree: each is read only when its language is built (8 feeds of
        # thousands of items held at once are hundreds of MB), unless --remove must check guids across all of
        # them first.
        show.previous.update({lang: read_published(out_dir / lang / FEED_FILE) for lang in sorted(languages)})
        _check_removals(options.remove, lock, {lang: items for lang, (items, _) in show.previous.items()})
    runs = _unchanged_languages(show, cache, languages)
    for lang in runs:  # not built: their records and cached readings go before the others are built
        show.by_language.pop(lang, None)
        show.previous.pop(lang, None)
        cache.release(lang)
    runs.update(_build_languages(show, cache, sorted(languages - set(runs))))
    for lang, run in sorted(runs.items()):
        if run.ledger is not None:
            lock.ledger[lang] = run.ledger
    built = _collect(config, runs)
    result = PublishResult(built.languages, early + built.problems + config_warnings(config, lock, sorted(languages)),
                           resolved.notices, resolved.report.changes, artwork + built.findings, refused=built.refused,
                           text_only=len(text_only))
    if result.languages and write(out_dir / STYLESHEET_FILE, stylesheet(), options.dry_run):
        result.stylesheet_written = out_dir / STYLESHEET_FILE
    if result.languages and write(out_dir / PAGE_FILE, render_index(config, show_languages), options.dry_run):
        result.index_written = out_dir / PAGE_FILE

    if not options.dry_run:
        result.lock_written = save_pins(config, lock, resolved.report.transcript_files)
        if built.changed and not options.offline:
            notified = notify_changed(config.publish, built.changed)
            result.notified, result.problems = notified.sent, result.problems + notified.problems
    result.problems = stamped(result.problems, config, lang_of, languages)
    result.findings = stamped(result.findings, config, lang_of, languages)
    if not options.languages:
        cache.prune(rel for rel, _ in files)
    report = resolved.report
    settled = not (report.errors or report.pending or report.stale)  # else the next run must try the network again
    outputs = [path for lang_result in result.languages.values() for path in _outputs(lang_result)]
    if result.languages:  # a run that finds either of these changed by hand is not replayed: it writes them again
        outputs += [out_dir / PAGE_FILE, out_dir / STYLESHEET_FILE]
    cache.remember_run(inputs, config.lock_path, outputs,
                       result if settled and options.replayable else None)
    return result


def stamped(diagnostics: Iterable[Diagnostic], config: Config, lang_of: Mapping[str, str],
            feeds: Collection[str]) -> list[Diagnostic]:
    """`diagnostics` in order, each with its show and language (its record's, or its feed folder's among `feeds`):
    what lets the log say one cause in several languages once; the tables they name are the show's own."""
    def language(diagnostic: Diagnostic) -> str:
        folder = diagnostic.file.partition("/")[0]
        return diagnostic.language or lang_of.get(diagnostic.file) or (folder if folder in feeds else "")

    return ordered(replace(d, show=config.show_name, language=language(d), message=config.located(d.message),
                           fix=config.located(d.fix)) for d in diagnostics)


def _nothing_written(resolved: _Resolved, read_problems: list[Diagnostic], text_only: int) -> PublishResult:
    """The show's feed could not be fetched for ids that need it: nothing of the show is written (its feeds, pages
    and lock stay as the last good run left them), and every record it could not resolve is an error."""
    why = ("nothing of this show was written (its feeds, pages and lock stay as they were) because its feed "
           "could not be fetched")
    problems = sorted(read_problems + resolved.problems, key=lambda p: (p.file, p.line or 0, p.message))
    return PublishResult(problems=problems, notices=[*resolved.notices, why], text_only=text_only)


def _resolve(config: Config, options: PublishOptions, records: list[Record], lock: Lock) -> _Resolved:
    """Every record's audio, and what resolving it said (a record without audio is a problem)."""
    report = resolve_audio({r.embed_id for r in records}, lock, config.transistor, offline=options.offline,
                           refresh=options.refresh, hosted=succeeds_show_feed(config),
                           feed_key=config.key_place("transistor", "feed_url"))
    notices = [config.located(notice) for notice in  # each stale one names its id: pin kept
               report.notices + [why for _, why in sorted(report.stale.items())]]
    problems = [Diagnostic(config.lock_path.name, None, why, "warning") for _, why in sorted(report.identity.items())]
    for record in records:
        if record.embed_id in report.errors:
            problems.append(Diagnostic(record.rel, None, report.errors[record.embed_id]))
        elif record.embed_id in report.pending:
            problems.append(Diagnostic(record.rel, None, report.pending[record.embed_id], "warning"))
    return _Resolved(report, problems, notices)


def _host_transcripts(config: Config, records: list[Record], lock: Lock,
                      report: ResolveReport) -> tuple[dict[str, tuple[TimedCue, ...]], list[Diagnostic]]:
    """The cues of the host's pinned timed transcripts; one that could not be fetched or read is a warning on each
    record of its embed id (their chapters use their other timing sources)."""
    cues, unusable = pinned_cues(lock, transcripts_dir(config.lock_path), report.resolved, report.transcript_files)
    why = {**report.transcript_warnings, **unusable}
    return cues, [Diagnostic(record.rel, None, why[record.embed_id], "warning")
                  for record in records if record.embed_id in why]


def _prepare(config: Config, options: PublishOptions, out_dir: Path, lock: Lock, show_languages: list[str],
             records: list[Record], every: list[Record], report: ResolveReport,
             host_cues: Mapping[str, tuple[TimedCue, ...]], early: list[Diagnostic]) -> _Show:
    """The state every language's build shares: records by language, the cross-record episode context; `early`:
    the problems said before any language is built (why a published item is not built comes from them)."""
    by_language: dict[str, list[Record]] = {}
    for record in records:
        by_language.setdefault(record.lang, []).append(record)
    context = episode_context(records, report.resolved, config, every, _originals(config, lock), host_cues)
    state = ShowState(config, options, out_dir, show_languages, context, _explainer(config, early, report.errors),
                      frozenset(p.file for p in early if p.severity == "error"), _check)
    return _Show(state, lock, by_language, {})


def _originals(config: Config, lock: Lock) -> set[str]:
    """The embed ids the audio language's feed has published: the show's original audio, even when the record
    that published it is broken or gone this run."""
    return {item.embed_id for lang, ledger in lock.ledger.items() if same_language(lang, config.audio_language)
            for item in ledger.values() if item.embed_id}


def language_inputs(show: _Show, cache: BuildCache, lang: str, ledger: dict[str, LedgerItem]) -> LanguageInputs:
    """What `lang`'s files are built from when its ledger is `ledger`."""
    records = tuple(
        RecordInputs(record.rel, cache.content_hash(record), show.state.context.audio.get(record.embed_id),
                     show.state.context.slugs.get(record.rel, ""), show.state.context.timing.shared(record),
                     show.state.context.spoken.get(record.embed_id, ""), _transcript_sha(show, record))
        for record in show.by_language.get(lang, ())
    )
    rels = {record.rel for record in records}
    entries = tuple(LedgerInputs(guid, item, "" if item.path in rels else show.state.why_missing(item))
                    for guid, item in sorted(ledger.items()))
    state = show.state
    return LanguageInputs(lang, str(state.out_dir.absolute()), tuple(state.show_languages),
                          records, entries, tuple(hosted_guids(state.config, show.lock, state.show_languages).items()))


def _transcript_sha(show: _Show, record: Record) -> str | None:
    """The sha256 of the host transcript `record`'s own chapters are aligned to, if any."""
    pin = show.lock.transcripts.get(record.embed_id)
    return pin.sha256 if pin is not None and show.state.context.timing.cues_for(record) else None


def _unchanged_languages(show: _Show, cache: BuildCache, languages: set[str]) -> dict[str, LanguageRun]:
    """The languages whose inputs are those of their last build, with their files untouched since: not built."""
    done: dict[str, LanguageRun] = {}
    if not cache.remembers_builds or show.state.options.remove:
        return done
    for lang in sorted(languages):
        last = cache.built(cache.key(language_inputs(show, cache, lang, show.lock.ledger.get(lang, {}))))
        if last is not None:
            done[lang] = LanguageRun(last[1].replayed(lang, last[0]))
    return done


def _build_languages(show: _Show, cache: BuildCache, order: list[str]) -> dict[str, LanguageRun]:
    """Build the languages in `order`, in forked workers for a large show, and remember each in the cache."""
    records = sum(len(show.by_language.get(lang, ())) for lang in order)
    workers = min(worker_count(show.state.options.jobs, records, PARALLEL_MIN_RECORDS), len(order))
    _release_heap()  # what reading and resolving freed: neither this process nor its workers need carry it
    if workers >= 2:
        gc.freeze()  # what the workers inherit: a collection in a worker must not touch (and so copy) its pages
        runs = dict(zip(order, fork_map(lambda lang: _build_language(show, lang), order, workers,
                                        "building feeds")))
        for lang, run in runs.items():
            _remember(show, cache, lang, run)
        return runs
    runs = {}
    for lang in order:
        runs[lang] = _build_language(show, lang)
        _remember(show, cache, lang, runs[lang])
        show.by_language.pop(lang, None)  # its records and published feed go when it is done
        show.previous.pop(lang, None)
        cache.release(lang)
    return runs


def _remember(show: _Show, cache: BuildCache, lang: str, run: LanguageRun) -> None:
    """Store a built language's files and report under the key of what it was built from."""
    if run.ledger is None or not cache.enabled or show.state.options.dry_run:
        return
    built = run.part.languages[lang]
    cache.remember_built(cache.key(language_inputs(show, cache, lang, run.ledger)), _outputs(built),
                         LanguageReport(built.items, built.estimated_chapters, run.part.problems, run.part.findings,
                                        built.chapter_sources))


def _build_language(show: _Show, lang: str) -> LanguageRun:
    """`lang`'s feed from its share of the run (runner/language.py); touches no state other languages read."""
    return build_language(show.state, lang, show.by_language.get(lang, []), show.lock.ledger.get(lang, {}),
                          show.previous.get(lang), hosted_guids(show.state.config, show.lock, show.state.show_languages))


def _collect(config: Config, runs: dict[str, LanguageRun]) -> _Collected:
    """Merge every language's run, in language order."""
    collected = _Collected({}, [], [], [], [])
    for lang, run in sorted(runs.items()):
        collected.languages[lang] = run.part.languages[lang]
        collected.problems.extend(run.part.problems)
        collected.refused.extend(run.part.refused)
        collected.findings.extend(run.part.findings)
        if run.changed:
            collected.changed.append(config.feed_url(lang))
    return collected


def _outputs(lang_result: LanguageResult) -> list[Path]:
    return lang_result.written + lang_result.unchanged


def _check_removals(remove: tuple[str, ...], lock: Lock, previous: dict[str, dict[str, PublishedItem]]) -> None:
    """`--remove GUID` must name a published item of a feed being built: a typo must not pass silently."""
    known = {guid for lang in previous for guid in (*lock.ledger.get(lang, {}), *previous[lang])}
    unknown = sorted(set(remove) - known)
    if unknown:
        feeds = ", ".join(f"{lang}/{FEED_FILE}" for lang in sorted(previous)) or "no feed"
        raise EdtfeedError(f"--remove {' '.join(unknown)}: no published item has this guid in {feeds} "
                           "(check the guid in the feed file or the lock's ledger)")


def hosted_guid(config: Config, lock: Lock, lang: str) -> str | None:
    """The podcast:guid pinned from the hosted feed that `lang`'s feed succeeds, if it had one."""
    replaced = config.replaced_feed(lang)
    hosted = lock.hosted.get(replaced) if replaced else None
    return hosted.podcast_guid if hosted else None


def hosted_guids(config: Config, lock: Lock, languages: Iterable[str]) -> dict[str, str | None]:
    """hosted_guid of every language: a feed names the others' guids in its podroll."""
    return {lang: hosted_guid(config, lock, lang) for lang in languages}


def _explainer(config: Config, problems: list[Diagnostic], unresolved: Mapping[str, str]) -> Callable[[LedgerItem], str]:
    """Why a published item was not built: its audio did not resolve, its record is broken, gone, or no longer
    makes this item."""
    errors = {p.file: p.message for p in problems if p.severity == "error"}

    def why(item: LedgerItem) -> str:
        if item.embed_id in unresolved:
            return f"its audio (embed id {item.embed_id}) did not resolve (see the error above)"
        if not item.path:
            return "no record produces it"
        if item.path in errors:
            return f"{item.path} has an error ({errors[item.path]})"
        if not (config.episodes_dir / item.path).exists():
            return f"{item.path} no longer exists"
        return f"{item.path} no longer makes this item (its language or embed id changed?)"

    return why
