"""Embed id -> audio metadata. One entry point, `resolve_audio`; each source is a small strategy.

Order: the lock (pinned, no network) -> the show's public RSS feed (one request per run) -> the Transistor API
(only with TRANSISTOR_API_KEY and [transistor] show_id) -> the media host, for a byte length or MIME type the
source lacked. Only complete, ready metadata is pinned; the runner saves the lock (edtfeed.runner.resolve.save_pins).
When a feed of the show succeeds the show's feed, that feed's channel identity (podcast:guid) is pinned too, once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from edtfeed.config import Config, TransistorConfig
from edtfeed.lock import AudioMeta, FeedCache, HostedFeed, Lock
from edtfeed.resolve.api import lookup_episodes
from edtfeed.resolve.candidate import Candidate
from edtfeed.http import FetchError, HttpClient, Throttle, bounded_client
from edtfeed.resolve.ids import normalise_embed_id
from edtfeed.resolve.media import probe_media
from edtfeed.resolve.progress import FAILED, KEPT, Progress, log
from edtfeed.resolve.rss import fetch_feed
from edtfeed.resolve.transcripts import pin_transcripts

API_KEY_ENV = "TRANSISTOR_API_KEY"
COMPARED_FIELDS = ("url", "length", "type", "duration", "episode", "season", "episode_type", "pub_date", "image",
                   "title", "transcripts", "chapters_url")

__all__ = ["API_KEY_ENV", "AudioChange", "ResolveReport", "resolve_audio", "succeeds_show_feed"]


class AudioChange(BaseModel):
    """One field of a pinned entry that a refresh found changed on Transistor."""

    embed_id: str
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.embed_id}: {self.field} {self.old} -> {self.new}"


class ResolveReport(BaseModel):
    """What a resolve run produced; ids appear in `resolved` or in `errors`/`pending` (pinned ones stay resolved)."""

    resolved: dict[str, AudioMeta] = {}  # every requested id with metadata, pinned or fresh
    errors: dict[str, str] = {}  # id -> why it has no metadata (the record cannot publish)
    pending: dict[str, str] = {}  # id -> not ready on Transistor yet (processing, draft, scheduled); retried next run
    stale: dict[str, str] = {}  # pinned id -> why its refresh failed (the pinned metadata was kept)
    identity: dict[str, str] = {}  # hosted feed URL -> why its pinned podcast:guid was kept or none is pinned yet
    notices: list[str] = []
    changes: list[AudioChange] = []  # --refresh: what changed in pinned entries
    # The host's timed transcripts fetched with the metadata (resolve/transcripts.py): file name -> bytes, to be
    # written beside the lock when it is saved; and per embed id why one was not pinned (a warning).
    transcript_files: dict[str, bytes] = {}
    transcript_warnings: dict[str, str] = {}
    feed_failed: str | None = None  # why the show's feed could not be fetched, when it was asked for ids


@dataclass
class SourceResult:
    """One source's answer for the ids still wanted."""

    place: str  # where ids were looked for, for "not found in ..." messages
    found: dict[str, Candidate] = field(default_factory=dict)
    error: str | None = None  # the source as a whole failed (message names its URL)
    notices: list[str] = field(default_factory=list)


Source = Callable[[list[str]], SourceResult]


def resolve_audio(
    embed_ids: Iterable[str],
    lock: Lock,
    config: TransistorConfig,
    *,
    offline: bool = False,
    refresh: bool = False,
    hosted: bool = False,
    client: HttpClient | None = None,
    feed_key: str = "`feed_url` under [transistor]",
) -> ResolveReport:
    """Metadata for every id: pinned from the lock, else fetched and added to `lock.audio`.

    `refresh` re-fetches pinned ids and records what changed. `hosted`: a feed of the show succeeds
    `config.feed_url`, so its podcast:guid is pinned in `lock.hosted` (the feed is read for it even when every id
    is pinned). `client` is injectable (clock, retries) for tests and the benchmark. `feed_key` names where the
    config sets the feed URL, for the message when the feed cannot be fetched.
    """
    report = ResolveReport()
    todo: list[str] = []
    wanted: set[str] = set()
    for raw in set(embed_ids):
        embed_id = normalise_embed_id(raw)
        if embed_id is None:
            report.errors[raw] = f"embed id {raw!r} is malformed (expected 8 hexadecimal digits, e.g. cea47899)"
        else:
            wanted.add(embed_id)
    for embed_id in sorted(wanted):
        pinned = lock.audio.get(embed_id)
        if pinned is not None:
            report.resolved[embed_id] = pinned
        if pinned is None or refresh:
            todo.append(embed_id)
    identity = hosted and bool(config.feed_url) and config.feed_url not in lock.hosted
    if not todo and not identity:
        return report
    if offline:
        for embed_id in todo:
            if embed_id not in lock.audio:
                report.errors[embed_id] = (
                    f"embed id {embed_id} is not in the lock file and --offline was given: "
                    "run `edtfeed resolve` (or publish without --offline) to fetch it"
                )
        if refresh:
            report.notices.append("--refresh needs the network; ignored because --offline was given")
        return report
    client = client or bounded_client(config)
    run = _Run(lock, config, client, report, hosted, feed_key)
    run.resolve(todo)
    pins = pin_transcripts(run.pinned, lock, client)  # fetched with the metadata, never on their own
    report.transcript_files, report.transcript_warnings = pins.files, pins.warnings
    report.changes += [AudioChange(embed_id=embed_id, field="transcript", old=old, new=new)
                       for embed_id, old, new in pins.changes]
    report.resolved = dict(sorted(report.resolved.items()))  # pinned and fresh interleaved in a stable order
    return report


@dataclass
class _Run:
    lock: Lock
    config: TransistorConfig
    client: HttpClient
    report: ResolveReport
    hosted: bool  # pin the show feed's channel identity (see resolve_audio)
    feed_key: str  # where the config sets the feed URL (see resolve_audio)
    results: list[SourceResult] = field(default_factory=list)
    probed: dict[str, tuple[int, str] | str] = field(default_factory=dict)  # media URL -> (length, type) or error
    pinned: list[str] = field(default_factory=list)  # ids whose metadata this run fetched and pinned
    throttle: Throttle = field(init=False)

    def __post_init__(self) -> None:
        self.throttle = self.client.throttle()  # Transistor's API allows 10 requests per 10 s

    def resolve(self, todo: list[str]) -> None:
        if not todo:  # only the feed's identity is wanted
            result = self._from_feed([])
            if result.error:
                self.report.identity[self.config.feed_url or ""] = (f"the podcast:guid of the show's feed is not "
                                                                     f"pinned yet: {result.error}")
            return
        found = self._lookup(todo)
        progress = Progress(len(todo))
        try:
            for embed_id in todo:  # probes are the slow part when there are many: the bar follows them
                candidate = found.get(embed_id)
                probe_error = self._probe(embed_id, candidate) if candidate is not None else None
                progress.step(embed_id, self._settle(embed_id, candidate, probe_error))
        finally:
            progress.close()

    def _sources(self) -> list[Source]:
        sources: list[Source] = []
        if self.config.feed_url:
            sources.append(self._from_feed)
        if self.config.show_id:
            sources.append(self._from_api)
        return sources

    def _lookup(self, todo: list[str]) -> dict[str, Candidate]:
        """Ask each source in turn for the ids no earlier source had ready."""
        found: dict[str, Candidate] = {}
        for source in self._sources():
            wanted = [i for i in todo if i not in found or found[i].not_ready]
            if not wanted:
                break
            result = source(wanted)
            self.results.append(result)
            self.report.notices.extend(result.notices)
            for embed_id in set(wanted) & set(result.found):  # a later source knows better than a not-ready one
                found[embed_id] = result.found[embed_id]
        return found

    def _from_feed(self, wanted: list[str]) -> SourceResult:
        """One conditional GET; a 304 settles pinned ids and ids the feed never had without a body. Unconditional
        while the feed's identity is wanted and not pinned: only a body has it."""
        url = self.config.feed_url or ""
        result = SourceResult(place=f"the show's feed {url}")
        cache = None if self.hosted and url not in self.lock.hosted else self.lock.feeds.get(url)
        log.info("fetching the show's feed %s", url)
        try:
            fetched = fetch_feed(self.client, url, etag=cache.etag if cache else None,
                                 last_modified=cache.last_modified if cache else None)
            if fetched is None and cache is not None:
                unchanged = self._unchanged_in_feed(wanted, cache)
                if unchanged is not None:
                    result.found = unchanged
                    result.place += " (unchanged since the last fetch)"
                    return result
                log.info("the feed is unchanged but lists ids not pinned yet: fetching its body")
            fetched = fetched or fetch_feed(self.client, url)
        except FetchError as exc:
            result.error = f"{exc}; check {self.feed_key} in the config"
            if wanted:
                self.report.feed_failed = result.error
            return result
        assert fetched is not None  # an unconditional request never gets None (a 304 there is an error)
        result.found = fetched.index.items
        result.notices = fetched.index.notices
        if self.hosted:
            self._pin_identity(url, fetched.index.podcast_guid)
        if fetched.etag or fetched.last_modified:
            self.lock.feeds[url] = FeedCache(etag=fetched.etag, last_modified=fetched.last_modified,
                                             embed_ids=sorted(fetched.index.items))
        else:
            self.lock.feeds.pop(url, None)
        return result

    def _pin_identity(self, url: str, podcast_guid: str | None) -> None:
        """Pin what the feed says the show is, the first time; afterwards a different answer is only reported."""
        pinned = self.lock.hosted.get(url)
        if pinned is None:
            self.lock.hosted[url] = HostedFeed(podcast_guid=podcast_guid)
        elif pinned.podcast_guid != podcast_guid:
            self.report.identity[url] = (
                f"{url}: its podcast:guid is now {podcast_guid or '(none)'}; kept the pinned "
                f"{pinned.podcast_guid or '(none)'}, because a show's podcast:guid never changes once published "
                "(delete the lock's hosted entry for this feed only if the feed that succeeds it was never published)"
            )

    def _unchanged_in_feed(self, wanted: list[str], cache: FeedCache) -> dict[str, Candidate] | None:
        """After a 304: candidates for wanted ids pinned from this feed, or None when the body is needed."""
        listed = set(cache.embed_ids)
        unchanged: dict[str, Candidate] = {}
        for embed_id in wanted:
            pinned = self.lock.audio.get(embed_id)
            if embed_id not in listed:
                continue
            if pinned is None or pinned.source != "rss":
                return None
            unchanged[embed_id] = Candidate.from_meta(pinned)
        return unchanged

    def _from_api(self, wanted: list[str]) -> SourceResult:
        show_id, api_url = self.config.show_id or "", self.config.api_url
        result = SourceResult(place=f"show {show_id}'s episodes in the Transistor API")
        try:
            api_key = api_key_from_env()
        except FetchError as exc:
            result.error = str(exc)
            return result
        if api_key is None:
            result.error = f"the Transistor API was not asked: the {API_KEY_ENV} environment variable is not set"
            return result
        log.info("listing show %s's episodes in the Transistor API", show_id)
        try:
            lookup = lookup_episodes(self.client, api_url, show_id, api_key, set(wanted),
                                     per_page=self.config.page_size, throttle=self.throttle)
        except FetchError as exc:
            result.error = str(exc)
            return result
        result.found = lookup.found
        result.place = (f"the {lookup.scanned} episodes of show {show_id} in the Transistor API "
                        f"({lookup.pages} page(s) read)")
        return result

    def _probe(self, embed_id: str, candidate: Candidate) -> str | None:
        """Fill a missing length/type from the media host, once per distinct URL and never for a pinned URL.

        Returns why the host could not tell, if so.
        """
        if not candidate.needs_probe or candidate.url is None:
            return None
        pinned = self.lock.audio.get(embed_id)
        if pinned is not None and pinned.url == candidate.url:
            candidate.length = candidate.length or pinned.length
            candidate.type = candidate.type or pinned.type
            return None
        if candidate.url not in self.probed:
            log.debug("%s: asking the media host for the size of %s", embed_id, candidate.url)
            try:
                info = probe_media(self.client, candidate.url)
                self.probed[candidate.url] = (info.length, info.type)
            except FetchError as exc:
                self.probed[candidate.url] = str(exc)
        outcome = self.probed[candidate.url]
        if isinstance(outcome, str):
            return outcome
        candidate.length = candidate.length or outcome[0]
        candidate.type = candidate.type or outcome[1]
        return None

    def _settle(self, embed_id: str, candidate: Candidate | None, probe_error: str | None) -> str:
        """Pin a complete candidate, or say why there is none; returns a short outcome for progress lines."""
        pinned = self.lock.audio.get(embed_id)
        problem: str | None = None
        if candidate is None:
            problem = self._not_found(embed_id)
        elif probe_error is not None:
            problem = f"embed id {embed_id} not resolved: {probe_error}"
        elif candidate.not_ready or candidate.implausible:
            why = (f"is not ready on Transistor: {candidate.not_ready}" if candidate.not_ready
                   else f"was not pinned: {candidate.source} gave implausible metadata ({candidate.implausible})")
            message = f"embed id {embed_id} {why}; skipped for now, it is tried again on the next run"
            if pinned is None:
                self.report.pending[embed_id] = message
            else:
                self.report.notices.append(f"{message}; kept the pinned metadata")
            return "not ready"
        else:
            try:
                meta = candidate.to_meta()
            except ValidationError as exc:
                first = exc.errors()[0]
                problem = (f"embed id {embed_id}: {candidate.source} gave unusable metadata "
                           f"({'.'.join(map(str, first['loc']))}: {first['msg']})")
            else:
                self._pin(embed_id, meta, pinned)
                return f"resolved ({meta.source})"
        if pinned is not None:
            self.report.stale[embed_id] = f"{problem}; kept the pinned metadata"
            return KEPT
        self.report.errors[embed_id] = problem
        return FAILED

    def _pin(self, embed_id: str, meta: AudioMeta, pinned: AudioMeta | None) -> None:
        if pinned is not None:
            if pinned.guid and meta.guid != pinned.guid:
                self.report.notices.append(
                    f"embed id {embed_id}: Transistor's guid is now {meta.guid!r}; kept the pinned {pinned.guid!r} "
                    "so podcast apps do not see a new episode"
                )
                meta = meta.model_copy(update={"guid": pinned.guid})
            for name in COMPARED_FIELDS:
                old, new = getattr(pinned, name), getattr(meta, name)
                if old != new:
                    self.report.changes.append(AudioChange(embed_id=embed_id, field=name, old=_show(old),
                                                           new=_show(new)))
        self.lock.audio[embed_id] = meta
        self.report.resolved[embed_id] = meta
        self.pinned.append(embed_id)

    def _not_found(self, embed_id: str) -> str:
        if not self.results:
            return (f"embed id {embed_id} not resolved: nothing to resolve it from; set [transistor] feed_url "
                    f"(or [transistor] show_id and the {API_KEY_ENV} environment variable) in edtfeed.toml")
        if all(result.error is None for result in self.results):
            places = " nor in ".join(result.place for result in self.results)
            return f"embed id {embed_id} not found in {places} (is the episode published on Transistor?)"
        reasons = [result.error or f"not in {result.place}" for result in self.results]
        return f"embed id {embed_id} not resolved: " + "; ".join(reasons)


def _show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(getattr(item, "url", str(item)) for item in value) + "]"
    return "(none)" if value is None else str(value)



def succeeds_show_feed(config: Config) -> bool:
    """True when a language's feed succeeds the show's feed (`replaces` = `[transistor] feed_url`)."""
    url = config.transistor.feed_url
    return bool(url) and any(config.replaced_feed(lang) == url for lang in config.show.languages)


def api_key_from_env() -> str | None:
    """The API key, from the environment only; never echoed, not even when it is malformed."""
    key = os.environ.get(API_KEY_ENV, "").strip()
    if key and not key.isprintable() or " " in key:
        raise FetchError(f"the {API_KEY_ENV} environment variable holds spaces or control characters; "
                         "paste the key from the Transistor dashboard again")
    return key or None
