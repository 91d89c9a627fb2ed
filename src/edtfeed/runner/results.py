"""What a run reports and is asked to do: plain types shared by publish.py (which may replay them from the cache)
and show.py (which builds them). They live apart from both so that neither imports the other, and unpickling a
cached result loads no pipeline module."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from edtfeed.diagnostics import Diagnostic

if TYPE_CHECKING:
    from edtfeed.resolve import AudioChange


@dataclass(frozen=True)
class PublishOptions:
    offline: bool = False
    dry_run: bool = False
    languages: tuple[str, ...] = ()  # empty: every language that has records
    out_dir: Path | None = None  # default: [output] dir
    remove: tuple[str, ...] = ()  # guids to drop from their feeds for good (recorded in the ledger)
    refresh: bool = False  # re-fetch pinned audio metadata first (and report what changed)
    cache: bool = True  # reuse and update the build cache beside the lock (edtfeed.runner.cache)
    strict: bool = False  # any warning stops the run before anything is written (as mkdocs --strict)
    jobs: int | None = None  # worker processes; None: one per CPU for a show large enough to gain from them

    @property
    def replayable(self) -> bool:
        """Whether an identical earlier run's result may stand for this one: --remove and --refresh act on the run
        itself."""
        return not (self.remove or self.refresh)



@dataclass
class LanguageResult:
    """What happened to one language's feed."""

    lang: str
    items: int = 0
    estimated_chapters: int = 0  # items whose chapter times are (partly) estimated from the text
    chapter_sources: dict[str, int] = field(default_factory=dict)  # chapters per timing source (chapters.SOURCES)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # chapters/transcript files no item points at any more


@dataclass
class PublishResult:
    languages: dict[str, LanguageResult] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    changes: list[AudioChange] = field(default_factory=list)  # --refresh: pinned metadata that changed
    findings: list[Diagnostic] = field(default_factory=list)  # the feed rules run on every feed just built
    stylesheet_written: Path | None = None
    index_written: Path | None = None  # <out>/index.html, the page listing every feed
    lock_written: bool = False
    refused: list[str] = field(default_factory=list)  # published guids that would have been dropped (exit 3)
    notified: list[str] = field(default_factory=list)  # WebSub / Podping announcements sent
    text_only: int = 0  # records declared without audio (`audio: none`): in no feed, counted, not reported
    held: bool = False  # --strict found warnings or errors: nothing was written

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Everything the run reports: the stages' problems and the feed rules' findings."""
        return [*self.problems, *self.findings]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


@dataclass(frozen=True)
class LanguageReport:
    """What building one language reported, kept in the cache with its files (edtfeed.runner.cache.BuildCache.built).

    It lives here, not in edtfeed.runner.show: the cache index holds it, and unpickling it must not load the pipeline.
    """

    items: int
    estimated_chapters: int
    problems: list[Diagnostic]
    findings: list[Diagnostic]
    chapter_sources: dict[str, int] = field(default_factory=dict)

    def replayed(self, lang: str, paths: list[Path]) -> PublishResult:
        """This build's report for a run that finds its files (`paths`) current: nothing written."""
        built = LanguageResult(lang, self.items, self.estimated_chapters, dict(self.chapter_sources),
                               unchanged=paths)
        return PublishResult({lang: built}, list(self.problems), findings=list(self.findings))
