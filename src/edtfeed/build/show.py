"""Build a show's feeds: read records -> resolve audio -> build episodes -> render feeds -> write what changed.

publish.publish calls build_show when the last run cannot simply be replayed. Languages are built one by one, or
in forked worker processes for large shows (edtfeed.build.workers); a language whose inputs did not change since its
last build is not built at all (edtfeed.build.cache).
"""

from __future__ import annotations

import functools
import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from edtfeed.build.cache import BuildCache, digest, lock_bytes
from edtfeed.build.notify import notify_changed
from edtfeed.build.results import LanguageReport, LanguageResult, PublishOptions, PublishResult
from edtfeed.build.workers import fork_map, worker_count
from edtfeed.config import Config
from edtfeed.constants import CHAPTERS_DIR, FEED_FILE, STYLESHEET_FILE, TRANSCRIPTS_DIR
from edtfeed.episodes.chapters import SOURCES, Timing
from edtfeed.episodes.episode import Episode, EpisodeContext, episode_context, language_episodes, output_url
from edtfeed.episodes.extras import feed_guid, feed_prefixes
from edtfeed.episodes.spoken import feed_language, same_language, spoken_problem
from edtfeed.errors import EdtfeedError, Problem, UnknownLanguage
from edtfeed.fsutil import write_if_changed
from edtfeed.ledger.plan import FeedPlan, PublishedItem, plan_feed, read_published
from edtfeed.lock import AudioMeta, LedgerItem, Lock, load_lock, save_lock, transcripts_dir
from edtfeed.read.records import read_records, record_reader
from edtfeed.read.types import Record
from edtfeed.render import render_feed
from edtfeed.render.captions import caption_files
from edtfeed.render.page import PAGE_FILE, render_index, render_page
from edtfeed.read.cues import TimedCue
from edtfeed.resolve import ResolveReport, resolve_audio, succeeds_show_feed
from edtfeed.resolve.transcripts import pinned_cues, save_transcripts
from edtfeed.validate import validate_bytes
from edtfeed.validate.findings import Finding

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
    strict: bool  # whether a rule warning holds the feed back (publish --strict)
    show_languages: tuple[str, ...]  # every feed of the show: the cross-language links
    records: tuple[RecordInputs, ...]
    ledger: tuple[LedgerInputs, ...]
    hosted_guids: tuple[tuple[str, str | None], ...]  # per feed of the show, the hosted feed's pinned podcast:guid


@dataclass
class _LanguageRun:
    """One language's share of a run, as _build_language returns it (plain data: a worker process may have built
    it; only the parent stores it in the cache)."""

    part: PublishResult  # this language's result, problems, refusals and findings
    changed: bool = False  # its feed file changed
    ledger: dict[str, LedgerItem] | None = None  # its new ledger; None: nothing was built, the lock's stays


@dataclass
class _Show:
    """What every language's build shares, made once per run."""

    config: Config
    options: PublishOptions
    out_dir: Path
    lock: Lock
    show_languages: list[str]
    by_language: dict[str, list[Record]]
    context: EpisodeContext
    previous: dict[str, tuple[dict[str, PublishedItem], str | None]]  # published feeds read up front (--remove)
    why_missing: Callable[[LedgerItem], str]
    failed: frozenset[str]  # records with an error before any language was built (their audio did not resolve)


def stylesheet() -> bytes:
    return resources.files("edtfeed").joinpath("data", STYLESHEET_FILE).read_bytes()


def _write(path: Path, data: bytes, dry_run: bool, durable: bool = True) -> bool:
    """True when `path` gets (or, in a dry run, would get) new bytes; `durable`: see write_if_changed."""
    if dry_run:
        try:
            return path.read_bytes() != data
        except FileNotFoundError:
            return True
    return write_if_changed(path, data, durable)


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
    inputs: str,
) -> PublishResult:
    """Build (or replay from the cache) every language's feed of the show's record `files`; `inputs` is the
    run's fingerprint, remembered with the result so that an identical next run is replayed."""
    result = PublishResult()
    text_only: list[str] = []
    with _no_collections():
        cache.prefetch(files, record_reader(config), options.jobs)
        records, problems = read_records(config, cache.read, files, text_only)
    result.text_only = len(text_only)
    gc.freeze()  # what was read lives to the end of the run: later collections need not scan it
    result.problems += problems
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
    report = _resolve(config, options, records, lock, result)
    host_cues = _host_transcripts(config, records, lock, report, result)
    lang_of = {r.rel: r.lang for r in records}
    show = _prepare(config, options, out_dir, lock, show_languages, records, every, report, host_cues, result)
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
    done = _unchanged_languages(show, cache, languages)
    done.update(_build_languages(show, cache, sorted(languages - set(done))))
    changed = _collect(show, done, result)
    result.problems += (_fallbacks(config, sorted(languages)) + _renamed_keys(config)
                        + _unknown_identities(config, lock, sorted(languages)))
    if result.languages and _write(out_dir / STYLESHEET_FILE, stylesheet(), options.dry_run):
        result.stylesheet_written = out_dir / STYLESHEET_FILE
    if result.languages and _write(out_dir / PAGE_FILE, render_index(config, show.show_languages), options.dry_run):
        result.index_written = out_dir / PAGE_FILE

    if not options.dry_run:
        save_transcripts(transcripts_dir(config.lock_path), report.transcript_files)  # before the lock names them
        result.lock_written = save_lock(config.lock_path, lock)
        if changed and not options.offline:
            notified = notify_changed(config.publish, changed)
            result.notified, result.problems = notified.sent, result.problems + notified.problems
    for problem in result.problems:
        if problem.path in lang_of:
            result.languages.setdefault(lang_of[problem.path], LanguageResult(lang_of[problem.path])).problems += 1
    result.problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    if not options.languages:
        cache.prune(rel for rel, _ in files)
    settled = not (report.errors or report.pending or report.stale)  # else the next run must try the network again
    outputs = [path for lang_result in result.languages.values() for path in _outputs(lang_result)]
    if result.languages:  # a run that finds either of these changed by hand is not replayed: it writes them again
        outputs += [out_dir / PAGE_FILE, out_dir / STYLESHEET_FILE]
    cache.remember_run(digest(inputs, lock_bytes(config)), outputs, result if settled and options.replayable else None)
    return result


def _resolve(config: Config, options: PublishOptions, records: list[Record], lock: Lock,
             result: PublishResult) -> ResolveReport:
    """Every record's audio; what resolving reported goes into `result` (a record without audio is a problem)."""
    report = resolve_audio({r.embed_id for r in records}, lock, config.transistor, offline=options.offline,
                           refresh=options.refresh, hosted=succeeds_show_feed(config))
    result.notices += report.notices
    result.changes = report.changes
    result.notices += [why for _, why in sorted(report.stale.items())]  # each names its id and says the pin was kept
    result.problems += [Problem(config.lock_path.name, None, why, "warning")
                        for _, why in sorted(report.identity.items())]
    for record in records:
        if record.embed_id in report.errors:
            result.problems.append(Problem(record.rel, None, report.errors[record.embed_id]))
        elif record.embed_id in report.pending:
            result.problems.append(Problem(record.rel, None, report.pending[record.embed_id], "warning"))
    return report


def _host_transcripts(config: Config, records: list[Record], lock: Lock, report: ResolveReport,
                      result: PublishResult) -> dict[str, tuple[TimedCue, ...]]:
    """The cues of the host's pinned timed transcripts; one that could not be fetched or read is a warning on each
    record of its embed id (their chapters use their other timing sources)."""
    cues, unusable = pinned_cues(lock, transcripts_dir(config.lock_path), report.resolved, report.transcript_files)
    why = {**report.transcript_warnings, **unusable}
    result.problems += [Problem(record.rel, None, why[record.embed_id], "warning")
                        for record in records if record.embed_id in why]
    return cues


def _prepare(config: Config, options: PublishOptions, out_dir: Path, lock: Lock, show_languages: list[str],
             records: list[Record], every: list[Record], report: ResolveReport,
             host_cues: Mapping[str, tuple[TimedCue, ...]], result: PublishResult) -> _Show:
    """The state every language's build shares: records by language, the cross-record episode context."""
    by_language: dict[str, list[Record]] = {}
    for record in records:
        by_language.setdefault(record.lang, []).append(record)
    return _Show(config, options, out_dir, lock, show_languages, by_language,
                 episode_context(records, report.resolved, config, every, _originals(config, lock), host_cues), {},
                 _explainer(config, result.problems, report.errors),
                 frozenset(p.path for p in result.problems if p.level == "error"))


def _originals(config: Config, lock: Lock) -> set[str]:
    """The embed ids the audio language's feed has published: the show's original audio, even when the record
    that published it is broken or gone this run."""
    return {item.embed_id for lang, ledger in lock.ledger.items() if same_language(lang, config.audio_language)
            for item in ledger.values() if item.embed_id}


def language_inputs(show: _Show, cache: BuildCache, lang: str, ledger: dict[str, LedgerItem]) -> LanguageInputs:
    """What `lang`'s files are built from when its ledger is `ledger`."""
    records = tuple(
        RecordInputs(record.rel, cache.content_hash(record), show.context.audio.get(record.embed_id),
                     show.context.slugs.get(record.rel, ""), show.context.timing.shared(record),
                     show.context.spoken.get(record.embed_id, ""), _transcript_sha(show, record))
        for record in show.by_language.get(lang, ())
    )
    rels = {record.rel for record in records}
    entries = tuple(LedgerInputs(guid, item, "" if item.path in rels else show.why_missing(item))
                    for guid, item in sorted(ledger.items()))
    return LanguageInputs(lang, str(show.out_dir.absolute()), show.options.strict, tuple(show.show_languages), records,
                          entries, tuple(hosted_guids(show.config, show.lock, show.show_languages).items()))


def _transcript_sha(show: _Show, record: Record) -> str | None:
    """The sha256 of the host transcript `record`'s own chapters are aligned to, if any."""
    pin = show.lock.transcripts.get(record.embed_id)
    return pin.sha256 if pin is not None and show.context.timing.cues_for(record) else None


def _unchanged_languages(show: _Show, cache: BuildCache, languages: set[str]) -> dict[str, _LanguageRun]:
    """The languages whose inputs are those of their last build, with their files untouched since: not built."""
    done: dict[str, _LanguageRun] = {}
    if not cache.remembers_builds or show.options.remove:
        return done
    for lang in sorted(languages):
        last = cache.built(cache.key(language_inputs(show, cache, lang, show.lock.ledger.get(lang, {}))))
        if last is not None:
            done[lang] = _LanguageRun(last[1].replayed(lang, last[0]))
    return done


def _build_languages(show: _Show, cache: BuildCache, order: list[str]) -> dict[str, _LanguageRun]:
    """Build the languages in `order`, in forked workers for a large show, and remember each in the cache."""
    records = sum(len(show.by_language.get(lang, ())) for lang in order)
    workers = min(worker_count(show.options.jobs, records, PARALLEL_MIN_RECORDS), len(order))
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


def _remember(show: _Show, cache: BuildCache, lang: str, run: _LanguageRun) -> None:
    """Store a built language's files and report under the key of what it was built from."""
    if run.ledger is None or not cache.enabled or show.options.dry_run:
        return
    built = run.part.languages[lang]
    cache.remember_built(cache.key(language_inputs(show, cache, lang, run.ledger)), _outputs(built),
                         LanguageReport(built.items, built.estimated_chapters, run.part.problems, run.part.findings,
                                        built.chapter_sources))


def _build_language(show: _Show, lang: str) -> _LanguageRun:
    """Everything about one language's feed; touches no state shared with other languages, nor the cache."""
    config, options = show.config, show.options
    part = PublishResult(languages={lang: LanguageResult(lang)})
    episodes, problems = language_episodes(show.by_language.get(lang, []), show.context, config)
    part.problems += problems
    feed = f"{lang}/{FEED_FILE}"
    prefixes = feed_prefixes(config, lang, feed_guid(config, lang, hosted_guid(config, show.lock, lang))) or ()
    while True:
        items, unreadable = show.previous.get(lang) or read_published(show.out_dir / lang / FEED_FILE)
        plan = plan_feed(feed, episodes, show.lock.ledger.get(lang, {}), items, show.why_missing, options.remove,
                         unreadable, prefixes)
        del items  # the plan keeps what it needs; the rest of the parsed feed goes now
        said = len(part.problems)
        try:
            return _publish_planned(show, lang, part, plan, problems)
        except _ItemsFailed as failure:
            # Planned again without them: a published item of theirs is carried from the feed as it was.
            part.problems[said:] = failure.problems  # what this plan said is said again by the next one
            episodes = [episode for episode in episodes if episode.record.rel not in failure.rels]


class _ItemsFailed(Exception):
    """Some episodes' items could not be rendered: the feed is planned again without them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} item(s) could not be rendered")
        self.problems = problems
        self.rels = {problem.path for problem in problems}


def _publish_planned(show: _Show, lang: str, part: PublishResult, plan: FeedPlan,
                     problems: list[Problem]) -> _LanguageRun:
    """Write the feed `plan` says, or say why it is left as it was."""
    config, options, feed = show.config, show.options, f"{lang}/{FEED_FILE}"
    part.problems += plan.problems
    if plan.refused:
        part.refused += plan.refused
        return _LanguageRun(part)
    if not plan.episodes:
        # When its records have errors, those say why; the feed is left as it was either way.
        rels = {record.rel for record in show.by_language.get(lang, ())}
        if not any(p.level == "error" and p.path in rels for p in problems) and not rels & show.failed:
            part.problems.append(Problem(feed, None, "no episode of this language could be built; the feed "
                                         "was left as it was (fix the errors above)"))
        return _LanguageRun(part)
    changed = _publish_language(config, options, lang, plan, show.show_languages, show.out_dir, part,
                                hosted_guids(config, show.lock, show.show_languages))
    if changed is None:  # held back: the lock keeps the ledger of the feed that stays published
        return _LanguageRun(part)
    return _LanguageRun(part, changed, plan.ledger)


def _collect(show: _Show, runs: dict[str, _LanguageRun], result: PublishResult) -> list[str]:
    """Merge every language's run into `result` and the lock's ledger; the URLs of the feeds that changed."""
    changed: list[str] = []
    for lang, run in sorted(runs.items()):
        result.languages[lang] = run.part.languages[lang]
        result.problems += run.part.problems
        result.refused += run.part.refused
        result.findings += run.part.findings
        if run.ledger is not None:
            show.lock.ledger[lang] = run.ledger
        if run.changed:
            changed.append(show.config.feed_url(lang))
    return changed


def _publish_language(
    config: Config,
    options: PublishOptions,
    lang: str,
    plan: FeedPlan,
    show_languages: list[str],
    out_dir: Path,
    result: PublishResult,
    guids: Mapping[str, str | None],
) -> bool | None:
    """Render, check and write one language's feed and its sidecar files; True when the feed file changed.

    None: the feed breaks an error-level rule (or any rule with --strict), so none of its files is written and
    directories keep the last good version."""
    lang_result = result.languages[lang]
    episodes = plan.episodes
    lang_result.items = len(episodes) + len(plan.carried)
    lang_result.estimated_chapters = sum(episode.chapters_estimated for episode in episodes)
    sources = Counter(chapter.source for episode in episodes for chapter in episode.chapters)
    lang_result.chapter_sources = {source: sources[source] for source in SOURCES if sources[source]}
    feed = f"{lang}/{FEED_FILE}"
    files = {rel: data for episode in episodes  # chapters, transcripts and their caption renditions
             for rel, data in (*episode.files.items(), *caption_files(episode).items())}
    files[PAGE_FILE] = render_page(config, lang, episodes, show_languages)  # the built items; carried ones not
    failed: list[Problem] = []

    def skip(episode: Episode, exc: Exception) -> None:
        failed.append(Problem(episode.record.rel, None, f"its feed item could not be built ({type(exc).__name__}: "
                              f"{exc}); it is left out of {feed} and every other item is published"))

    files[FEED_FILE] = render_feed(config, lang, episodes, show_languages, plan.carried, skip, guids)
    if failed:
        raise _ItemsFailed(failed)
    unchosen = spoken_problem(feed_language(config, lang, [episode.spoken for episode in episodes]))
    result.problems += [unchosen] if unchosen else []
    with _no_collections():
        findings = validate_bytes(files[FEED_FILE], feed, feed_url=config.feed_url(lang))
    _fail_broken_items(episodes, findings, feed)
    result.findings += findings
    failing = [f for f in findings if f.level == "error" or (options.strict and f.level == "warning")]
    if failing:
        rules = ", ".join(sorted({f.rule for f in failing}))
        result.problems.append(Problem(feed, None, f"not written: {len(failing)} feed rule finding(s) ({rules}) "
                                       "listed below with what each rule requires; the previous file stays"))
        return None
    feed_written = False
    for rel in _output_order(files):  # the feed last: it never points at a sidecar that is not written yet
        path = out_dir / lang / rel
        written = _write(path, files[rel], options.dry_run, durable=rel == FEED_FILE)
        (lang_result.written if written else lang_result.unchanged).append(path)
        feed_written = feed_written or (written and rel == FEED_FILE)
    kept = set(files) | _carried_sidecars(config, lang, plan.carried)
    lang_result.removed = _remove_stale_sidecars(out_dir / lang, kept, options.dry_run)
    return feed_written


def _carried_sidecars(config: Config, lang: str, carried: Iterable[PublishedItem]) -> set[str]:
    """The files under `<out>/<lang>/` that carried-over items point at (their chapters, their transcripts)."""
    prefix = output_url(config, lang, "")
    found = set()
    for item in carried:
        for el in item.element.iter():
            for value in (el.get("url"), el.get("href")):
                if value and value.startswith(prefix):
                    found.add(unquote(value[len(prefix):]))
    return found


_SIDECAR_SUFFIXES = frozenset({".json", ".html", ".vtt", ".srt"})


def _remove_stale_sidecars(folder: Path, kept: set[str], dry_run: bool) -> list[Path]:
    """Delete the chapters and transcript files of this feed's folders that no item points at any more (an
    episode whose file name changed, an item dropped with --remove); in a dry run only list them. Only files of
    the kinds edtfeed writes there: anything else in those folders is someone else's."""
    stale = []
    for sidecars in (CHAPTERS_DIR, TRANSCRIPTS_DIR):
        for path in sorted((folder / sidecars).glob("*")):
            if (path.suffix in _SIDECAR_SUFFIXES and path.is_file() and not path.is_symlink()
                    and f"{sidecars}/{path.name}" not in kept):
                stale.append(path)
                if not dry_run:
                    path.unlink(missing_ok=True)
    return stale


def _fail_broken_items(episodes: list[Episode], findings: list[Finding], feed: str) -> None:
    """_ItemsFailed for the built episodes whose own item breaks an error-level rule: one record's value that
    the rules refuse costs that record's item (carried as it was published, if it was), not the whole feed."""
    by_guid = {episode.guid: episode for episode in episodes}
    broken: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.level == "error" and finding.item in by_guid:
            broken.setdefault(finding.item, []).append(finding)
    if broken:
        raise _ItemsFailed([
            Problem(by_guid[guid].record.rel, None,
                    f"its feed item breaks {', '.join(sorted({f.rule for f in found}))} ({found[0].message}); it is "
                    f"left out of {feed} (a published item of it stays as it was) and every other item is "
                    "published: fix the record (`edtfeed validate --list-rules` says what each rule requires)")
            for guid, found in sorted(broken.items())
        ])


def _outputs(lang_result: LanguageResult) -> list[Path]:
    return lang_result.written + lang_result.unchanged


def _output_order(rels: Iterable[str]) -> list[str]:
    """Sidecar files first, in path order, the feed last."""
    return sorted(set(rels), key=lambda rel: (rel == FEED_FILE, rel))



def _check_removals(remove: tuple[str, ...], lock: Lock, previous: dict[str, dict[str, PublishedItem]]) -> None:
    """`--remove GUID` must name a published item of a feed being built: a typo must not pass silently."""
    known = {guid for lang in previous for guid in (*lock.ledger.get(lang, {}), *previous[lang])}
    unknown = sorted(set(remove) - known)
    if unknown:
        feeds = ", ".join(f"{lang}/{FEED_FILE}" for lang in sorted(previous)) or "no feed"
        raise EdtfeedError(f"--remove {' '.join(unknown)}: no published item has this guid in {feeds} "
                           "(check the guid in the feed file or the lock's ledger)")


def _fallbacks(config: Config, languages: list[str]) -> list[Problem]:
    """One warning per language feed that borrows the default language's title, description or listening links:
    each feed is its own podcast in every directory, so a German feed with the English text looks English."""
    show, problems = config.show, []
    for lang in languages:
        if lang == show.default_language:
            continue
        override = show.languages.get(lang)
        borrowed = [name for name in ("title", "description") if override is None or getattr(override, name) is None]
        if show.listen and (override is None or override.listen is None):
            borrowed.append("listening links")
        if borrowed:
            problems.append(Problem(f"{lang}/{FEED_FILE}", None, f"uses the {show.default_language} show's "
                                    f"{', '.join(borrowed)}: set them in [{config.show_table(f'languages.{lang}')}] in the config",
                                    "warning"))
    return problems


def hosted_guid(config: Config, lock: Lock, lang: str) -> str | None:
    """The podcast:guid pinned from the hosted feed that `lang`'s feed succeeds, if it had one."""
    replaced = config.replaced_feed(lang)
    hosted = lock.hosted.get(replaced) if replaced else None
    return hosted.podcast_guid if hosted else None


def hosted_guids(config: Config, lock: Lock, languages: Iterable[str]) -> dict[str, str | None]:
    """hosted_guid of every language: a feed names the others' guids in its podroll."""
    return {lang: hosted_guid(config, lock, lang) for lang in languages}


def _unknown_identities(config: Config, lock: Lock, languages: list[str]) -> list[Problem]:
    """One warning per successor feed whose podcast:guid falls back to UUIDv5 of the old URL only because the old
    feed was never read: if the old feed carries another guid, the show's guid would change when it is read."""
    problems = []
    for lang in languages:
        replaced = config.replaced_feed(lang)
        override = config.show.languages.get(lang)
        if replaced and replaced not in lock.hosted and not (override and override.podcast_guid):
            problems.append(Problem(f"{lang}/{FEED_FILE}", None, f"the podcast:guid of {replaced}, which this feed "
                                    "replaces, is not known, so the channel uses the UUIDv5 of that URL: set "
                                    f"[transistor] feed_url = \"{replaced}\" and run `edtfeed resolve` to read it, or "
                                    f"set podcast_guid in [show.languages.{lang}]", "warning"))
    return problems


def _renamed_keys(config: Config) -> list[Problem]:
    """A config key read under its old name: it still works (unless the new one is set too), and the warning says
    the name to use."""
    old, new = config.chapters.audio_language, config.show.audio_language
    if old is None:
        return []
    why = ("[chapters] audio_language is now [show] audio_language (the language spoken in the audio: what each "
           "feed's <language> declares, and the reference of chapter times)")
    fix = (f"move `audio_language = \"{old}\"` to [show]" if new is None else
           f"it is ignored, [show] audio_language = \"{new}\" is used: delete it from [chapters]")
    return [Problem("edtfeed.toml", None, f"{why}; {fix}", "warning")]


def _explainer(config: Config, problems: list[Problem], unresolved: Mapping[str, str]) -> Callable[[LedgerItem], str]:
    """Why a published item was not built: its audio did not resolve, its record is broken, gone, or no longer
    makes this item."""
    errors = {p.path: p.message for p in problems if p.level == "error"}

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
