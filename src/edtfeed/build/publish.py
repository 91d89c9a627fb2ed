"""`edtfeed publish`: build every language's feed when something changed, replay the last run when nothing did.

The pipeline itself (read records -> resolve audio -> build episodes -> render feeds -> write what changed) is
edtfeed.build.show; it is imported only when there is something to build, so a run that changed nothing loads neither
the markdown renderer, feedgen, the HTTP client nor the rule table.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from edtfeed.build.cache import BuildCache, digest, stats_fingerprint
from edtfeed.config import Config
from edtfeed.constants import FEED_FILE, STYLESHEET_FILE
from edtfeed.errors import Problem
from edtfeed.read.records import episode_files

if TYPE_CHECKING:
    from edtfeed.resolve import AudioChange
    from edtfeed.validate import Finding



def stylesheet() -> bytes:
    return resources.files("edtfeed").joinpath("data", STYLESHEET_FILE).read_bytes()


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
    findings: list[Finding] = field(default_factory=list)  # the feed rules run on every feed just built
    stylesheet_written: Path | None = None
    lock_written: bool = False
    refused: list[str] = field(default_factory=list)  # published guids that would have been dropped (exit 3)
    notified: list[str] = field(default_factory=list)  # WebSub / Podping announcements sent

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


@dataclass(frozen=True)
class LanguageReport:
    """What building one language reported, kept in the cache with its files (edtfeed.build.cache.BuildCache.built).

    It lives here, not in edtfeed.build.show: the cache index holds it, and unpickling it must not load the pipeline.
    """

    items: int
    estimated_chapters: int
    problems: list[Problem]
    findings: list[Finding]

    def replayed(self, lang: str, paths: list[Path]) -> PublishResult:
        """This build's report for a run that finds its files (`paths`) current: nothing written."""
        built = LanguageResult(lang, self.items, self.estimated_chapters, unchanged=paths)
        return PublishResult({lang: built}, list(self.problems), findings=list(self.findings))


@dataclass(frozen=True)
class PublishOptions:
    offline: bool = False
    dry_run: bool = False
    languages: tuple[str, ...] = ()  # empty: every language that has records
    out_dir: Path | None = None  # default: [output] dir
    remove: tuple[str, ...] = ()  # guids to drop from their feeds for good (recorded in the ledger)
    refresh: bool = False  # re-fetch pinned audio metadata first (and report what changed)
    cache: bool = True  # reuse and update the build cache beside the lock (edtfeed.build.cache)
    strict: bool = False  # a feed with a warning-level rule finding is not written either (as mkdocs --strict)

    @property
    def replayable(self) -> bool:
        """Whether an identical earlier run's result may stand for this one: --remove and --refresh act on the run
        itself."""
        return not (self.remove or self.refresh)


def publish(config: Config, options: PublishOptions = PublishOptions()) -> PublishResult:
    """Build every language's feed; broken records are reported and skipped, the rest publishes.

    With the cache, a run whose inputs did not change replays the last result without reading anything; otherwise
    only changed records are re-read, and only languages whose items changed are re-rendered and re-checked.
    """
    cache = BuildCache.open(config, save=not options.dry_run) if options.cache else BuildCache.disabled()
    try:
        return _publish(config, options, cache)
    finally:
        gc.unfreeze()
        cache.close()


def lock_bytes(config: Config) -> bytes:
    """The lock file as it is now (b"" when there is none yet): part of a run's fingerprint."""
    try:
        return config.lock_path.read_bytes()
    except FileNotFoundError:
        return b""


def _replayed(previous: PublishResult) -> PublishResult:
    """The last run's result for a run that changed nothing: same items, problems and findings; nothing written,
    fetched or announced."""
    for lang_result in previous.languages.values():
        lang_result.unchanged = lang_result.written + lang_result.unchanged
        lang_result.written = []
    previous.changes, previous.notified = [], []
    previous.stylesheet_written, previous.lock_written = None, False
    return previous


def _publish(config: Config, options: PublishOptions, cache: BuildCache) -> PublishResult:
    files = episode_files(config)
    out_dir = options.out_dir or config.output_dir
    inputs = stats_fingerprint(files, repr((options.languages, str(out_dir.absolute()), options.strict)))
    previous_run = cache.last_run(digest(inputs, lock_bytes(config))) if options.replayable else None
    if previous_run is not None:
        return _replayed(previous_run)

    from edtfeed.build.show import build_show  # here, not at the top: see the module docstring

    return build_show(config, options, cache, files, out_dir, inputs)
