"""Build a show's feeds: read records -> resolve audio -> build episodes -> render feeds -> write what changed.

publish.publish calls build_show when the last run cannot simply be replayed. Languages are built one by one, or
in forked worker processes for large shows (edtfeed.build.workers); a language whose inputs did not change since its
last build is not built at all (edtfeed.build.cache).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from edtfeed.build.cache import BuildCache, Handoff, digest
from edtfeed.config import Config
from edtfeed.episodes.episode import build_language, episode_context
from edtfeed.errors import EdtfeedError, Problem
from edtfeed.fsutil import write_if_changed
from edtfeed.ledger.plan import FeedPlan, PublishedItem, add_carried, plan_feed, read_published
from edtfeed.lock import Lock, load_lock, save_lock
from edtfeed.lock import LedgerItem
from edtfeed.read.types import Record
from edtfeed.build.notify import notify_changed
from edtfeed.build.workers import fork_map, workers_available
from edtfeed.build.publish import (
    FEED_FILE, STYLESHEET_FILE, LanguageReport, LanguageResult, PublishOptions, PublishResult, lock_bytes, stylesheet,
)
from edtfeed.read.records import read_records, record_reader
from edtfeed.render import render_feed
from edtfeed.render.page import PAGE_FILE, render_index, render_page
from edtfeed.resolve import resolve_audio
from edtfeed.validate import validate_bytes

# Languages are built in forked worker processes (one per CPU) from this many records: rendering, writing and
# checking the feeds was ~70 % of a cold 10,000-record build, and each language is independent. Below it, the
# fork costs more than it saves.
PARALLEL_MIN_RECORDS = 500


@dataclass
class _LanguageRun:
    """One language's share of a run, as build() returns it (picklable: a worker process may have built it)."""

    part: PublishResult  # this language's result, problems, refusals and findings
    changed: bool = False  # its feed file changed
    ledger: dict[str, LedgerItem] | None = None  # its new ledger; None: the lock's stays
    handoff: Handoff | None = None  # what its worker process tells the cache index


def _write(path: Path, data: bytes, dry_run: bool, durable: bool = True) -> bool:
    """True when `path` gets (or, in a dry run, would get) new bytes; `durable`: see write_if_changed."""
    if dry_run:
        try:
            return path.read_bytes() != data
        except FileNotFoundError:
            return True
    return write_if_changed(path, data, durable)


@contextmanager
def _long_lived_objects() -> Iterator[None]:
    """Reading builds ~10^6 objects that live until the end of the run; the cyclic GC rescanning them over and
    over cost a third of the render time, and half the parent's time while workers read (10,000-record profile).
    So no collections while reading, and what was read is exempt from later ones (publish unfreezes at the end).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


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
    with _long_lived_objects():
        cache.prefetch(files, record_reader(config))
        records, problems = read_records(config, cache.read, files)
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
    result.notices += [why for _, why in sorted(report.stale.items())]  # each names its id and says the pin was kept
    for record in records:
        if record.embed_id in report.errors:
            result.problems.append(Problem(record.rel, None, report.errors[record.embed_id]))
        elif record.embed_id in report.pending:
            result.problems.append(Problem(record.rel, None, report.pending[record.embed_id], "warning"))

    context = episode_context(records, report.resolved, config)
    lang_of = {r.rel: r.lang for r in records}
    by_language: dict[str, list[Record]] = {}
    for record in records:
        by_language.setdefault(record.lang, []).append(record)
    del records  # one language at a time: only its episodes are in memory, and its records go when it is done
    languages = set(by_language) | set(lock.ledger)
    if options.languages:
        languages &= set(options.languages)
    # A published feed is read as a whole lxml tree: read each only when its language is built (8 feeds of
    # 1,250 items held at once were 280 MB), unless --remove must check guids across all of them first.
    previous: dict[str, tuple[dict[str, PublishedItem], str | None]] = {}
    if options.remove:
        previous = {lang: read_published(out_dir / lang / FEED_FILE) for lang in sorted(languages)}
        _check_removals(options.remove, lock, {lang: items for lang, (items, _) in previous.items()})
    why_missing = _explainer(config, result.problems)

    @functools.cache
    def audio_json(embed_id: str) -> str:
        audio = context.audio.get(embed_id)
        return audio.model_dump_json() if audio else "no audio"

    def language_key(lang: str, ledger: Mapping[str, LedgerItem]) -> str:
        """What one language's files are built from, beyond edtfeed's code and the config (the cache's salt):
        where they go, each record's content, audio, file name and the chapter timing it shares, and the
        language's ledger."""
        parts: list[str | bytes] = [lang, str(out_dir.absolute()), *show_languages]
        rels = set()
        for record in by_language.get(lang, ()):
            rels.add(record.rel)
            parts += [record.rel, cache.content_hash(record), audio_json(record.embed_id),
                      context.slugs.get(record.rel, ""), repr(context.timing.shared(record))]
        for guid, item in sorted(ledger.items()):
            parts += [guid, item.model_dump_json(), "" if item.path in rels else why_missing(item)]
        return digest(*parts)

    def build(lang: str) -> _LanguageRun:
        """Everything about one language's feed; touches no state shared with other languages but the cache."""
        part = PublishResult(languages={lang: LanguageResult(lang)})
        episodes, problems = build_language(by_language.get(lang, []), context, config)
        part.problems += problems
        feed = f"{lang}/{FEED_FILE}"
        items, unreadable = previous.get(lang) or read_published(out_dir / lang / FEED_FILE)
        plan = plan_feed(feed, episodes, lock.ledger.get(lang, {}), items, why_missing, options.remove, unreadable)
        del episodes, items  # the plan keeps what it needs; the rest of the parsed feed goes now
        part.problems += plan.problems
        if plan.refused:
            part.refused += plan.refused
            return _LanguageRun(part)
        if not plan.episodes:
            part.problems.append(
                Problem(feed, None, "no episode of this language could be built; the feed was left as it was "
                        "(fix the errors above)")
            )
            return _LanguageRun(part)
        changed = _publish_language(config, options, lang, plan, show_languages, out_dir, part)
        if cache.enabled and not options.dry_run:
            built = part.languages[lang]
            cache.remember_built(language_key(lang, plan.ledger), _outputs(built),
                                 LanguageReport(built.items, built.estimated_chapters, part.problems, part.findings))
        return _LanguageRun(part, changed, plan.ledger)

    # A language whose inputs are those of its last build, with its files untouched since, is not built at all.
    done: dict[str, _LanguageRun] = {}
    for lang in sorted(languages) if cache.remembers_builds and not options.remove else ():
        last = cache.built(language_key(lang, lock.ledger.get(lang, {})))
        if last is not None:
            done[lang] = _LanguageRun(last[1].replayed(lang, last[0]))
    order = sorted(languages - set(done))
    workers = min(workers_available(), len(order))
    if workers >= 2 and sum(len(by_language.get(lang, ())) for lang in order) >= PARALLEL_MIN_RECORDS:
        def build_in_worker(lang: str) -> _LanguageRun:
            run = build(lang)
            run.handoff = cache.handoff(lang, _outputs(run.part.languages[lang]))
            return run

        gc.freeze()  # what the workers inherit: a collection in a worker must not touch (and so copy) its pages
        runs = fork_map(build_in_worker, order, workers)
    else:
        runs = []
        for lang in order:
            runs.append(build(lang))
            by_language.pop(lang, None)  # its records and published feed go when it is done
            previous.pop(lang, None)
            cache.release(lang)
    changed: list[str] = []
    done.update(zip(order, runs))
    for lang, run in sorted(done.items()):
        result.languages[lang] = run.part.languages[lang]
        result.problems += run.part.problems
        result.refused += run.part.refused
        result.findings += run.part.findings
        if run.handoff is not None:
            cache.adopt(lang, _outputs(result.languages[lang]), run.handoff)
        if run.ledger is not None:
            lock.ledger[lang] = run.ledger
        if run.changed:
            changed.append(config.feed_url(lang))
    if result.languages and _write(out_dir / STYLESHEET_FILE, stylesheet(), options.dry_run):
        result.stylesheet_written = out_dir / STYLESHEET_FILE
    if result.languages and _write(out_dir / PAGE_FILE, render_index(config, show_languages), options.dry_run):
        result.index_written = out_dir / PAGE_FILE

    if not options.dry_run:
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


def _publish_language(
    config: Config,
    options: PublishOptions,
    lang: str,
    plan: FeedPlan,
    show_languages: list[str],
    out_dir: Path,
    result: PublishResult,
) -> bool:
    """Render, write and check one language's feed and its sidecar files; True when the feed file changed."""
    lang_result = result.languages[lang]
    episodes = plan.episodes
    lang_result.items = len(episodes) + len(plan.carried)
    lang_result.estimated_chapters = sum(episode.chapters_estimated for episode in episodes)
    feed = f"{lang}/{FEED_FILE}"
    files = {rel: data for episode in episodes for rel, data in episode.files.items()}  # chapters, transcripts
    files[PAGE_FILE] = render_page(config, lang, episodes, show_languages)  # the built items; carried ones not
    files[FEED_FILE] = add_carried(render_feed(config, lang, episodes, show_languages), plan.carried)
    feed_written = False
    for rel in _output_order(files):  # the feed last: it never points at a sidecar that is not written yet
        path = out_dir / lang / rel
        written = _write(path, files[rel], options.dry_run, durable=rel == FEED_FILE)
        (lang_result.written if written else lang_result.unchanged).append(path)
        feed_written = feed_written or (written and rel == FEED_FILE)
    result.findings += validate_bytes(files[FEED_FILE], feed, feed_url=config.feed_url(lang))
    return feed_written


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


def _explainer(config: Config, problems: list[Problem]) -> Callable[[LedgerItem], str]:
    """Why a published item was not built: its record is broken, gone, or no longer makes this item."""
    errors = {p.path: p.message for p in problems if p.level == "error"}

    def why(item: LedgerItem) -> str:
        if not item.path:
            return "no record produces it"
        if item.path in errors:
            return f"{item.path} has an error ({errors[item.path]})"
        if not (config.episodes_dir / item.path).exists():
            return f"{item.path} no longer exists"
        return f"{item.path} no longer makes this item (its language or embed id changed?)"

    return why
