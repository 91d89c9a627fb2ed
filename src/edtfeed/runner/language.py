"""One language's feed: plan -> render -> check -> write.

runner/show.py calls build_language once per language, in this process or in a forked worker: it knows nothing of
the build cache, of worker processes or of the garbage collector, touches no state another language reads, and
returns everything it has to say in a LanguageRun (plain data, which a worker sends back to the parent).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from edtfeed.config import Config
from edtfeed.constants import FEED_FILE
from edtfeed.episodes.chapters import SOURCES
from edtfeed.episodes.episode import Episode, EpisodeContext, language_episodes
from edtfeed.episodes.extras import language_prefixes
from edtfeed.episodes.spoken import feed_language, spoken_problem
from edtfeed.diagnostics import Diagnostic
from edtfeed.ledger.plan import FeedPlan, PublishedItem, plan_feed, read_published
from edtfeed.lock import LedgerItem
from edtfeed.read.types import Record
from edtfeed.render import render_feed
from edtfeed.render.sidecars import sidecar_files
from edtfeed.render.page import language_pages
from edtfeed.runner.files import carried_sidecars, output_order, remove_stale_sidecars, write
from edtfeed.runner.results import LanguageResult, PublishOptions, PublishResult

# The feed rules over (feed bytes, feed path, feed URL): runner/show.py decides how they run.
Check = Callable[[bytes, str, str], list[Diagnostic]]


@dataclass(frozen=True)
class ShowState:
    """What every language's build reads and none changes, made once per run by runner/show.py."""

    config: Config
    options: PublishOptions
    out_dir: Path
    show_languages: list[str]  # every feed of the show: the cross-language links
    context: EpisodeContext  # the cross-record part of building episodes
    why_missing: Callable[[LedgerItem], str]  # why a published item was not built this run
    failed: frozenset[str]  # records with an error before any language was built (their audio did not resolve)
    check: Check


@dataclass(frozen=True)
class LanguageRun:
    """One language's share of a run (plain data: a worker process may have built it)."""

    part: PublishResult  # this language's result, problems, refusals and findings
    changed: bool = False  # its feed file changed
    ledger: dict[str, LedgerItem] | None = None  # its new ledger; None: nothing was built, the lock's stays


def build_language(show: ShowState, lang: str, records: Sequence[Record], ledger: Mapping[str, LedgerItem],
                   published: tuple[dict[str, PublishedItem], str | None] | None,
                   guids: Mapping[str, str | None]) -> LanguageRun:
    """Everything about `lang`'s feed from its `records` and the lock's `ledger` of it. `published`: its feed file
    as read up front (--remove), else it is read here; `guids`: per language, the podcast:guid of the hosted feed
    its feed succeeds (pinned in the lock), if any."""
    lang_result = LanguageResult(lang)  # what the last attempt counted and wrote
    episodes, problems = language_episodes(records, show.context, show.config)
    said = list(problems)  # and why each item that failed an attempt is left out
    feed = f"{lang}/{FEED_FILE}"
    prefixes = language_prefixes(show.config, lang, guids) or ()
    while True:
        items, unreadable = published or read_published(show.out_dir / lang / FEED_FILE)
        plan = plan_feed(feed, episodes, ledger, items, show.why_missing, show.options.remove, unreadable, prefixes)
        del items  # the plan keeps what it needs; the rest of the parsed feed goes now
        try:
            return _publish_planned(show, lang, records, lang_result, plan, said, problems, guids)
        except _ItemsFailed as failure:
            # Planned again without them: a published item of theirs is carried from the feed as it was.
            said += failure.problems
            episodes = [episode for episode in episodes if episode.record.rel not in failure.rels]


class _ItemsFailed(Exception):
    """Some episodes' items could not be rendered: the feed is planned again without them."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__(f"{len(problems)} item(s) could not be rendered")
        self.problems = problems
        self.rels = {problem.file for problem in problems}


@dataclass(frozen=True)
class _Written:
    """What rendering, checking and writing one planned feed said."""

    problems: list[Diagnostic]
    findings: list[Diagnostic]
    changed: bool | None  # the feed file changed; None: a rule finding held the feed back, nothing was written


def _publish_planned(show: ShowState, lang: str, records: Sequence[Record], lang_result: LanguageResult,
                     plan: FeedPlan, said: list[Diagnostic], episode_problems: list[Diagnostic],
                     guids: Mapping[str, str | None]) -> LanguageRun:
    """Write the feed `plan` says, or say why it is left as it was; `said`: what was said before planning."""
    problems = [*said, *plan.problems]
    if plan.refused:
        return LanguageRun(PublishResult({lang: lang_result}, problems, refused=list(plan.refused)))
    if not plan.episodes:
        # When its records have errors, those say why; the feed is left as it was either way.
        rels = {record.rel for record in records}
        if not any(p.severity == "error" and p.file in rels for p in episode_problems) and not rels & show.failed:
            problems.append(Diagnostic(f"{lang}/{FEED_FILE}", None, "no episode of this language could be built; "
                                    "the feed was left as it was (fix the errors above)"))
        return LanguageRun(PublishResult({lang: lang_result}, problems))
    written = _publish_language(show, lang, plan, lang_result, guids)
    part = PublishResult({lang: lang_result}, problems + written.problems, findings=written.findings)
    if written.changed is None:  # held back: the lock keeps the ledger of the feed that stays published
        return LanguageRun(part)
    return LanguageRun(part, written.changed, plan.ledger)


def _publish_language(show: ShowState, lang: str, plan: FeedPlan, lang_result: LanguageResult,
                      guids: Mapping[str, str | None]) -> _Written:
    """Render, check and write one language's feed and its sidecar files, counting them in `lang_result`.

    Nothing is written when the feed breaks an error-level rule: directories keep the
    last good version."""
    config, options = show.config, show.options
    episodes = plan.episodes
    lang_result.items = len(episodes) + len(plan.carried)
    lang_result.estimated_chapters = sum(episode.chapters_estimated for episode in episodes)
    sources = Counter(chapter.source for episode in episodes for chapter in episode.chapters)
    lang_result.chapter_sources = {source: sources[source] for source in SOURCES if sources[source]}
    feed = f"{lang}/{FEED_FILE}"
    failed: list[Diagnostic] = []

    def skip(episode: Episode, exc: Exception) -> None:
        failed.append(Diagnostic(episode.record.rel, None, f"its feed item could not be built ({type(exc).__name__}: "
                              f"{exc}); it is left out of {feed} and every other item is published"))

    feed_bytes = render_feed(config, lang, episodes, show.show_languages, plan.carried, skip, guids)
    if failed:
        raise _ItemsFailed(failed)
    unchosen = spoken_problem(feed_language(config, lang, [episode.spoken for episode in episodes]),
                              config.show_table(f"languages.{lang}"))
    problems = [unchosen] if unchosen else []
    findings = show.check(feed_bytes, feed, config.feed_url(lang))
    _fail_broken_items(episodes, findings, feed)
    failing = [f for f in findings if f.severity == "error"]
    if failing:
        rules = ", ".join(sorted({f.code for f in failing}))
        problems.append(Diagnostic(feed, None, f"not written: {len(failing)} feed rule finding(s) ({rules}) listed "
                                "below with what each rule requires; the previous file stays"))
        return _Written(problems, findings, None)
    # Each file is written as soon as it is made, so one language's thousands of sidecar files, its page and its
    # feed are never all in memory at once; the feed goes last: it never points at a file not written yet.
    changed: dict[str, bool] = {}
    for episode in episodes:  # chapters, transcripts and their caption renditions
        for rel, data in sidecar_files(episode, config).items():
            changed[rel] = write(show.out_dir / lang / rel, data, options.dry_run, durable=False)
    # The pages list the built items; carried ones not.
    for rel, data in language_pages(config, lang, episodes, show.show_languages, guids):
        changed[rel] = write(show.out_dir / lang / rel, data, options.dry_run, durable=False)
    changed[FEED_FILE] = write(show.out_dir / lang / FEED_FILE, feed_bytes, options.dry_run)
    for rel in output_order(changed):
        (lang_result.written if changed[rel] else lang_result.unchanged).append(show.out_dir / lang / rel)
    kept = set(changed) | carried_sidecars(config, lang, plan.carried)
    lang_result.removed = remove_stale_sidecars(show.out_dir / lang, kept, options.dry_run)
    return _Written(problems, findings, changed[FEED_FILE])


def _fail_broken_items(episodes: list[Episode], findings: list[Diagnostic], feed: str) -> None:
    """_ItemsFailed for the built episodes whose own item breaks an error-level rule: one record's value that
    the rules refuse costs that record's item (carried as it was published, if it was), not the whole feed."""
    by_guid = {episode.guid: episode for episode in episodes}
    broken: dict[str, list[Diagnostic]] = {}
    for finding in findings:
        if finding.severity == "error" and finding.item in by_guid:
            broken.setdefault(finding.item, []).append(finding)
    if broken:
        raise _ItemsFailed([
            Diagnostic(by_guid[guid].record.rel, None,
                    f"its feed item breaks {', '.join(sorted({f.code for f in found}))} ({found[0].message}); it is "
                    f"left out of {feed} (a published item of it stays as it was) and every other item is "
                    "published: fix the record (`edtfeed validate --list-rules` says what each rule requires)")
            for guid, found in sorted(broken.items())
        ])
