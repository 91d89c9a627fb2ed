"""Chapters: one honest, timed chapter list per record (render/ writes the forms podcast apps read it in).

Where a chapter's start comes from, in order of preference:
1. a time written in the heading (`## 12:34 Title`, `## [12:34] Title`, `## Title (1:02:03)`), removed from the title;
2. a front matter `chapters:` list (`- {start: "12:34", title: "…"}`), which replaces the heading chapters;
   else a timestamp list in the show notes (`00:00 Intro`, `(12:34) Topic`, `[01:02:03] – Topic`, one per line,
   at least MIN_NOTES_LIST of them), which replaces them too;
3. for untimed headings, the start the aligner (episodes/align.py) finds in a timed transcript: first the host's
   (pinned beside the lock; for records in the audio language only), whose cues carry the audio's own times every
   few seconds, then the record's own transcript block when its turns carry times; a start the aligner is not
   confident of falls through to the next source, and finally to
4. an estimate: the heading's position in the text, scaled to the audio duration, in whole seconds, at least
   `MIN_GAP` seconds apart and inside the duration. Headings with a written time are anchors; headings without
   one are placed between their neighbours. With `[chapters] estimate = false` untimed headings are dropped.

The text before the first chapter heading is the opening chapter at 0:00 (episode title, or the localized
"Introduction" with `[chapters] opening = "introduction"`).

Translations share the audio, so `reference_timing` and `with_timing` give the records of one episode the same start time for every
chapter that translates one of the reference record's (see its docstring for which record that is): in order when
the heading counts agree, else matched by position and title (heading_map.py), the unmatched ones estimated
between their matched neighbours.

Heading oddities seen in real records, and what we do:
- `## Title<h2>` / `### Title<h3>`: stray HTML tags are dropped;
- `## Conclusion-->Conclusion`: a machine-translation artefact ("source-->target"); the text after the last
  `-->` is the title in the record's language, so it is kept (both sides are the same word in practice);
- trailing `:` and spaces, HTML entities, inline markdown (`**bold**`, links, code): reduced to plain text;
- `#Title` without a space is not a heading (CommonMark); a closing `##` sequence is not part of the title.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any


from edtfeed.config import ChaptersConfig
from edtfeed.constants import CHAPTERS_DIR
from edtfeed.episodes.align import Cue, align
from edtfeed.episodes.heading_map import match_headings
from edtfeed.episodes.labels import label
from edtfeed.episodes.markdown import inline_text
from edtfeed.episodes.spoken import same_language
from edtfeed.episodes.transcripts import timed_cues
from edtfeed.read.blocks import only_blank_lines_and_breaks
from edtfeed.read.cues import plain_cues
from edtfeed.read.types import Record
from edtfeed.timecode import CLOCK, format_clock, whole_seconds

MIN_GAP = 30  # seconds between estimated chapters (Spotify's advice: chapters of at least about 30 s)
# Timing sources, most trusted first: written by the author (heading, front matter, a timestamp list in the show
# notes), aligned to the host's timed transcript or to the record's own, or estimated from the heading's position.
SOURCES = ("opening", "heading", "front-matter", "notes-list", "host-transcript", "transcript", "estimate")
ALIGNED = frozenset({"host-transcript", "transcript"})  # sources the aligner gave, each with a confidence
MIN_NOTES_LIST = 3  # timestamp lines in the show notes that make a chapter list (fewer are likely just mentions)
MIN_TIMED_TURNS = 5  # transcript turns with a time before the transcript is aligned to


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter: where it starts in the audio and what it is called.

    A plain dataclass, not a pydantic model: chapters are made only here (several per record), from starts this
    module checked (parse_time, the estimates) and titles it never lets be empty, so validating them again would
    be pure cost. Episode, a pydantic model, still holds and serialises them.
    """

    start: int  # seconds from the start of the audio, >= 0
    title: str  # not empty
    estimated: bool = False  # True when the start was estimated from the text, not written by the author
    # Provenance, not content: two chapters at the same start with the same title are the same chapter to a feed.
    source: str = field(default="", compare=False)  # where the start came from: one of SOURCES
    confidence: float | None = field(default=None, compare=False)  # aligned starts: how sure the aligner was, 0..1
    # The transcript words that placed an aligned start (or that the aligner found too weak to trust, for an
    # estimate it was asked about): what `edtfeed chapters` shows so a podcaster can judge the time.
    matched: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class ChapterList:
    """A record's chapters plus the notes a build report needs; `chapters` is empty when there are none.

    A dataclass for the reason Chapter is one: made only here, once per record per build (and again when it takes
    its translations' timing).
    """

    chapters: list[Chapter] = field(default_factory=list)
    # (line, message) about headings or front matter that were ignored
    warnings: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def estimated(self) -> bool:
        return any(chapter.estimated for chapter in self.chapters)

    @property
    def explicit(self) -> bool:
        """Every start was written by the author (the best reference for translations)."""
        return bool(self.chapters) and not any(c.estimated or c.source in ALIGNED for c in self.chapters)


# ---------------------------------------------------------------------------------------------------- times

_TIME_RE = re.compile(CLOCK)
# `12:34 Title`, `[12:34] Title`, `(12:34) - Title`: a time first, then an optional separator.
_LEADING_TIME_RE = re.compile(rf"^\s*(?:\[(?P<b>{CLOCK})\]|\((?P<p>{CLOCK})\)|(?P<t>{CLOCK})(?=[\s\-–—:|]|$))"
                              r"\s*[-–—:|]?\s*")
# `Title (1:02:03)`, `Title [12:34]`: a bracketed time last.
_TRAILING_TIME_RE = re.compile(rf"\s*(?:\((?P<p>{CLOCK})\)|\[(?P<b>{CLOCK})\])\s*$")


def parse_time(value: str | int | float) -> int | None:
    """A written time (timecode.CLOCK, fractions dropped) or a number of seconds, as whole seconds; None if invalid.

    An int is accepted because YAML 1.1 reads an unquoted `12:34` as the sexagesimal number 754.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 0 else None
    return whole_seconds(value) if _TIME_RE.fullmatch(value.strip()) else None


# ---------------------------------------------------------------------------------------------------- titles

_CLOSING_HASHES_RE = re.compile(r"(?:^|\s+)#+\s*$")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")


def clean_title(raw: str) -> tuple[str, int | None]:
    """A heading's text as a chapter title, and the start time written in it (None when there is none).

    Each step runs only when its trigger character is present: most headings are plain words (~50,000 of them
    per 10,000-record build).
    """
    text = _CLOSING_HASHES_RE.sub("", raw) if "#" in raw else raw
    text = inline_text(text)
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    if "-->" in text:
        parts = [part.strip() for part in text.split("-->") if part.strip()]
        text = parts[-1] if parts else ""
    text = " ".join(text.split())  # str.split and re's \s agree on what Unicode whitespace is
    if ":" in text:  # every written time has one
        if (match := _LEADING_TIME_RE.search(text)) and (start := _written_time(match)) is not None:
            return text[match.end():].strip().rstrip(":").strip(), start
        if (match := _TRAILING_TIME_RE.search(text)) and (start := _written_time(match)) is not None:
            return text[:match.start()].strip().rstrip(":").strip(), start
    return text.rstrip(":").strip(), None


def _written_time(match: re.Match[str]) -> int | None:
    """The seconds of the time group that matched (the patterns have one group per bracket style)."""
    return parse_time(next(value for value in match.groupdict().values() if value))


# ---------------------------------------------------------------------------------------------------- building


@dataclass
class _Draft:
    title: str
    position: int  # character offset in the body, for estimates
    start: int | None  # written by the author, or aligned to the transcript
    line: int | None
    source: str = "heading"  # of `start`, when there is one
    confidence: float | None = None
    matched: tuple[str, ...] = ()


def _heading_drafts(record: Record, levels: Sequence[int]) -> tuple[list[_Draft], list[tuple[int | None, str]]]:
    drafts: list[_Draft] = []
    warnings: list[tuple[int | None, str]] = []
    for heading in record.headings:
        if heading.level not in levels:
            continue
        title, start = clean_title(heading.text)
        if not title:
            warnings.append((heading.line, f"heading {heading.text.strip()!r} has no text left for a chapter title"))
            continue
        if drafts and drafts[-1].title.casefold() == title.casefold():
            if drafts[-1].start is None:
                drafts[-1].start = start
            continue
        drafts.append(_Draft(title, heading.offset, start, heading.line))
    return drafts, warnings


def _front_matter_chapters(value: Any, duration: int) -> tuple[list[Chapter] | None, str | None]:
    """The `chapters:` front matter list, or (None, why) when it is unusable; (None, None) when absent."""
    if value is None:
        return None, None
    if not isinstance(value, list) or not value:
        return None, "front matter `chapters` must be a list of {start, title}"
    chapters: list[Chapter] = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, Mapping) or "start" not in item or not str(item.get("title") or "").strip():
            return None, f"front matter chapter {number} needs both `start` and `title`"
        start = parse_time(item["start"])
        if start is None:
            return None, f"front matter chapter {number}: start {item['start']!r} is not a time like 12:34 or 1:02:03"
        if start >= duration:
            return None, f"front matter chapter {number} starts at {start} s, after the end of the audio ({duration} s)"
        if chapters and start <= chapters[-1].start:
            return None, f"front matter chapter {number} does not start after the one before it"
        title, _ = clean_title(str(item["title"]))
        chapters.append(Chapter(start=start, title=title or str(item["title"]).strip(), source="front-matter"))
    return chapters, None


def _drop_bad_times(drafts: list[_Draft], duration: int) -> list[tuple[int | None, str]]:
    """Heading times past the audio's end or not after the previous written time are ignored, with a warning."""
    warnings: list[tuple[int | None, str]] = []
    last = -1
    for draft in drafts:
        if draft.start is None:
            continue
        if draft.start >= duration or draft.start <= last:
            why = "after the end of the audio" if draft.start >= duration else "not after the previous chapter"
            warnings.append((draft.line, f"chapter time {format_clock(draft.start, 'notes-hours')} of {draft.title!r} "
                                         f"is {why}; the time is ignored"))
            draft.start = None
        else:
            last = draft.start
    return warnings


def _place(lo: int, hi: int, estimates: list[float]) -> list[int]:
    """Whole seconds for estimates between fixed starts `lo` and `hi`: each ≥ MIN_GAP from its neighbours."""
    starts = []
    previous = lo
    for estimate in estimates:
        previous = max(round(estimate), previous + MIN_GAP)
        starts.append(previous)
    following = hi
    for index in range(len(starts) - 1, -1, -1):
        following = min(starts[index], following - MIN_GAP)
        starts[index] = following
    return starts


def _estimate(drafts: list[_Draft], text_length: int, duration: int) -> tuple[list[Chapter], list[_Draft]]:
    """Chapters from drafts whose first starts at 0: untimed ones placed between their timed neighbours,
    proportionally to their position in the text between them; also the drafts dropped for lack of time."""
    chapters: list[Chapter] = []
    dropped: list[_Draft] = []
    index = 0
    while index < len(drafts):
        lo, lo_position = drafts[index].start or 0, drafts[index].position
        chapters.append(Chapter(lo, drafts[index].title, source=drafts[index].source,
                                confidence=drafts[index].confidence, matched=drafts[index].matched))
        end = index + 1
        while end < len(drafts) and drafts[end].start is None:
            end += 1
        following = drafts[end] if end < len(drafts) else None
        hi, hi_position = (following.start or 0, following.position) if following else (duration, text_length)
        group = drafts[index + 1:end]
        # Too many chapters for the time available: drop the ones with the least text until they fit.
        while group and (len(group) + 1) * MIN_GAP > hi - lo:
            sizes = [(nxt - d.position, i) for i, (d, nxt) in enumerate(zip(group, [g.position for g in group[1:]]
                                                                              + [hi_position]))]
            dropped.append(group.pop(min(sizes)[1]))
        span = max(hi_position - lo_position, 1)
        estimates = [lo + (d.position - lo_position) / span * (hi - lo) for d in group]
        chapters += [Chapter(s, d.title, True, "estimate", d.confidence, d.matched)
                     for d, s in zip(group, _place(lo, hi, estimates))]
        index = end
    return chapters, dropped


_NOTES_LINE_RE = re.compile(rf"^[ \t]*(?:[-*+][ \t]+)?(?:\[(?P<b>{CLOCK})\]|\((?P<p>{CLOCK})\)|(?P<t>{CLOCK}))"
                            r"[ \t]*[-–—:|]?[ \t]*(?P<title>[^\s].{0,150}?)[ \t]*(?:<br\s*/?>)?[ \t]*$", re.MULTILINE)


def notes_list(body: str, duration: int) -> list[Chapter] | None:
    """A timestamp list written in the show notes (`00:00 Intro`, `(12:34) Topic`, `[01:02:03] – Topic`, one per
    line, as YouTube descriptions have them), or None when there is none: fewer than MIN_NOTES_LIST lines, or times
    that do not increase inside the audio (then they are mentions of moments, not a chapter list)."""
    chapters: list[Chapter] = []
    for match in _NOTES_LINE_RE.finditer(body):
        start = _written_time(match)
        title = clean_title(match["title"])[0]
        if start is None or not title:
            continue
        if start >= duration or (chapters and start < chapters[-1].start + MIN_GAP):
            return None
        chapters.append(Chapter(start, title, source="notes-list"))
    return chapters if len(chapters) >= MIN_NOTES_LIST else None


def _record_cues(record: Record, duration: int) -> list[Cue]:
    """The record's own transcript block as cues, when at least MIN_TIMED_TURNS of its turns carry a time."""
    cues = timed_cues(record.transcript, duration) if record.transcript else []
    return plain_cues(cues) if len(cues) >= MIN_TIMED_TURNS else []


def _align_to(cues: Sequence[Cue], source: str, record: Record, drafts: list[_Draft], duration: int) -> None:
    """Give untimed drafts the start the aligner finds in `cues`; a start is kept only when trusted and MIN_GAP
    clear of the starts around it, else the draft stays untimed for the next source."""
    if not cues or all(d.start is not None for d in drafts):
        return
    todo = [i for i, d in enumerate(drafts) if d.start is None]
    body, length = record.body, max(len(record.body.rstrip()), 1)
    sections = [body[drafts[i].position:drafts[i + 1].position if i + 1 < len(drafts) else len(body)]
                .split("\n", 1)[-1] for i in todo]
    windows = []  # each untimed draft's room between the written (or opening) times around it
    for i in todo:
        before = [d.start for d in drafts[:i] if d.start is not None]
        after = [d.start for d in drafts[i + 1:] if d.start is not None]
        windows.append((before[-1] + MIN_GAP if before else 0, after[0] - MIN_GAP if after else duration))
    found = align([(drafts[i].title, text) for i, text in zip(todo, sections)], cues, duration, lang=record.lang,
                  min_gap=MIN_GAP, estimates=[drafts[i].position / length * duration for i in todo],
                  windows=windows)
    for i, aligned in zip(todo, found):
        drafts[i].confidence, drafts[i].matched = aligned.confidence, aligned.matched  # also why it stays untimed
        if aligned.start is None:
            continue
        before = [d.start for d in drafts[:i] if d.start is not None]
        after = [d.start for d in drafts[i + 1:] if d.start is not None]
        if (not before or aligned.start >= before[-1] + MIN_GAP) and (not after or aligned.start <= after[0] - MIN_GAP):
            drafts[i].start, drafts[i].source = aligned.start, source


def build_chapters(record: Record, duration: int, config: ChaptersConfig, host_cues: Sequence[Cue] = ()) -> ChapterList:
    """The record's chapter list for audio of `duration` seconds; empty when it has no usable headings.

    `host_cues`: the host's timed transcript of the audio, when it is in the record's language."""
    listed, fm_problem = _front_matter_chapters(record.chapters, duration)
    warnings: list[tuple[int | None, str]] = [(None, fm_problem)] if fm_problem else []
    opening_title = label("introduction", record.lang) if config.opening == "introduction" else record.title
    if listed is not None:
        if listed[0].start:
            listed.insert(0, Chapter(start=0, title=opening_title, source="opening"))
        return ChapterList(chapters=listed if len(listed) > 1 else [], warnings=warnings)
    if (noted := notes_list(record.body, duration)) is not None:
        if noted[0].start:
            noted.insert(0, Chapter(start=0, title=opening_title, source="opening"))
        return ChapterList(chapters=noted, warnings=warnings)
    drafts, heading_warnings = _heading_drafts(record, config.levels)
    warnings += heading_warnings
    if not drafts:
        return ChapterList(warnings=warnings)
    warnings += _drop_bad_times(drafts, duration)
    body = record.body
    if drafts[0].start != 0:
        if drafts[0].start is None and only_blank_lines_and_breaks(body[: drafts[0].position]):
            drafts[0].start, drafts[0].source = 0, "opening"  # the episode opens with this heading
        else:
            drafts.insert(0, _Draft(opening_title, 0, 0, None, "opening"))
    _align_to(host_cues, "host-transcript", record, drafts, duration)
    _align_to(_record_cues(record, duration), "transcript", record, drafts, duration)
    if not config.estimate:
        drafts = [d for d in drafts if d.start is not None]
    if len(drafts) < 2:
        return ChapterList(warnings=warnings)  # one chapter spanning the episode is no chapter list
    chapters, dropped = _estimate(drafts, len(body.rstrip()), duration)
    warnings += [(d.line, f"chapter {d.title!r} dropped: too little audio for chapters {MIN_GAP} s apart")
                 for d in dropped]
    return ChapterList(chapters=chapters, warnings=warnings)


def may_be_explicit(record: Record, duration: int) -> bool:
    """False when build_chapters cannot give the record an explicit list (see ChapterList.explicit), so choosing
    a reference among translations need not build it (ChapterTiming.of builds ~1 list per episode, not 8).

    Sound, because an explicit list needs starts the author wrote or none estimated: front matter `chapters`
    (possibly there), a written heading time (every time has a `:`, or an entity such as `&#58;` that decodes to
    one), or audio too short to keep any estimate (under 2 × MIN_GAP, only the opening chapter stays). Without
    them the opening is the only unestimated chapter, and the list is empty or estimated.
    """
    return (record.chapters is not None or duration < 2 * MIN_GAP
            or any(":" in heading.text or "&" in heading.text for heading in record.headings)
            or _NOTES_LINE_RE.search(record.body) is not None)


# (start, estimated, source, confidence, matched words, title) of each chapter of the reference
Starts = tuple[tuple[int, bool, str, float | None, tuple[str, ...], str], ...]
Timing = tuple[str, Starts]  # the reference language of one episode's translations and its starts


def reference_timing(languages: Iterable[str], chapters_of: Callable[[str], ChapterList], audio_language: str,
                     could_be_explicit: Callable[[str], bool] = lambda lang: True) -> Timing | None:
    """The reference among `languages` and its starts; None when no translation has chapters.

    Reference: a list whose times were all written by the author (the audio language's first, then by language
    code), else the audio language's list, else the first language's. Every list that is not itself fully
    written takes the reference's start for each of its chapters that translates one of the reference's
    (heading_map.py: in order when the counts agree, else matched by position and title); its other chapters are
    placed between their matched neighbours, in order, inside the duration when it is known (with_timing).

    A language's list (`chapters_of`, which should remember what it built) is looked up only while no language
    before it in the order has chapters, or when `could_be_explicit` says it may be the explicit reference.
    """
    order = sorted(languages, key=lambda lang: (lang != audio_language, lang))
    first_usable = next((lang for lang in order if chapters_of(lang).chapters), None)
    if first_usable is None:
        return None
    reference = next((lang for lang in order if could_be_explicit(lang) and chapters_of(lang).explicit), first_usable)
    return reference, tuple((c.start, c.estimated, c.source, c.confidence, c.matched, c.title)
                            for c in chapters_of(reference).chapters)


def with_timing(lang: str, chapters: ChapterList, timing: Timing | None, duration: int | None = None) -> ChapterList:
    """`chapters` (of `lang`) as the translations share them: with the reference's starts where they apply."""
    if timing is None:
        return chapters
    reference, starts = timing
    if lang == reference or not chapters.chapters or chapters.explicit:
        return chapters
    own = chapters.chapters
    pairs = match_headings([title for *_, title in starts], [chapter.title for chapter in own])
    timed: list[Chapter | None] = [
        None if index is None else Chapter(starts[index][0], chapter.title, *starts[index][1:5])
        for chapter, index in zip(own, pairs)]
    if timed[0] is None:
        timed[0] = own[0]  # every list opens at 0:00
    placed, dropped = _between_matched(own, timed, duration)
    warnings = chapters.warnings + [(None, f"chapter {title!r} dropped: no room between the chapters it sits "
                                           f"between in the {reference!r} timing") for title in dropped]
    return ChapterList(placed, warnings)


def _between_matched(own: Sequence[Chapter], timed: list[Chapter | None],
                     duration: int | None) -> tuple[list[Chapter], list[str]]:
    """`timed` with each run of unmatched chapters (None) estimated between its matched neighbours, in order,
    spread as the chapters' own starts were between those neighbours; also the titles that did not fit."""
    placed: list[Chapter] = []
    dropped: list[str] = []
    index = 0
    while index < len(timed):
        chapter = timed[index]
        if chapter is not None:
            placed.append(chapter)
            index += 1
            continue
        end = index
        while end < len(timed) and timed[end] is None:
            end += 1
        lo, own_lo = placed[-1].start, own[index - 1].start
        following = timed[end] if end < len(timed) else None
        if following is not None:
            hi, own_hi = following.start, own[end].start
        else:
            own_hi = max(own[-1].start + MIN_GAP, own_lo + 1)
            hi = duration if duration is not None else lo + own_hi - own_lo
        run = own[index:end]
        if hi - lo <= len(run):  # not one whole second each: these chapters cannot be placed in order
            dropped += [c.title for c in run]
            index = end
            continue
        scale = (hi - lo) / max(own_hi - own_lo, 1)
        estimates = [lo + (c.start - own_lo) * scale for c in run]
        if (len(run) + 1) * MIN_GAP <= hi - lo:
            starts = _place(lo, hi, estimates)
        else:
            starts = [lo + (hi - lo) * (k + 1) // (len(run) + 1) for k in range(len(run))]
        placed += [Chapter(start, c.title, True, "estimate") for c, start in zip(run, starts)]
        index = end
    return placed, dropped


def _episode_timing(translations: Mapping[str, Record], duration: int, config: ChaptersConfig,
                    audio_language: str, host_cues: Sequence[Cue]) -> Timing | None:
    """The reference timing of one episode's translations (language -> record), building as few lists as it can."""
    chapters_of = functools.cache(lambda lang: build_chapters(
        translations[lang], duration, config, host_cues if same_language(lang, audio_language) else ()))
    return reference_timing(translations, chapters_of, audio_language,
                            lambda lang: may_be_explicit(translations[lang], duration))


@dataclass(frozen=True)
class ChapterTiming:
    """Each record's chapter list on demand, its timing shared among the translations of its embed id.

    Why on demand: otherwise a whole show's chapter lists would be held while every feed is built.
    Only each episode's reference starts are kept; a record's list is rebuilt when its episode is built.
    """

    durations: Mapping[str, int]  # embed id -> audio seconds; records without one get no chapters
    config: ChaptersConfig
    timings: Mapping[str, Timing | None]  # embed id -> its reference timing
    members: frozenset[str]  # rels that share timing: the first record of each embed id and language
    audio_language: str = ""
    host_cues: Mapping[str, Sequence[Cue]] = field(default_factory=dict)  # embed id -> the host's timed transcript

    @classmethod
    def of(cls, records: Iterable[Record], durations: Mapping[str, int], config: ChaptersConfig,
           audio_language: str, host_cues: Mapping[str, Sequence[Cue]] | None = None) -> ChapterTiming:
        """The timing of `records`' embed ids (an embed id's entry depends only on its own records)."""
        host_cues = host_cues or {}
        by_embed: dict[str, dict[str, Record]] = {}
        for record in records:
            if record.embed_id in durations:
                by_embed.setdefault(record.embed_id, {}).setdefault(record.lang, record)
        timings = {embed_id: _episode_timing(group, durations[embed_id], config, audio_language,
                                             host_cues.get(embed_id, ()))
                   for embed_id, group in by_embed.items()}
        members = frozenset(record.rel for group in by_embed.values() for record in group.values())
        return cls(durations, config, timings, members, audio_language, host_cues)

    def cues_for(self, record: Record) -> Sequence[Cue]:
        """The host's timed transcript the record's chapters are aligned to: only in the audio's language."""
        return self.host_cues.get(record.embed_id, ()) if same_language(record.lang, self.audio_language) else ()

    def shared(self, record: Record) -> Timing | None:
        """The timing the record's chapters take from its translations (None: it keeps its own)."""
        return self.timings.get(record.embed_id) if record.rel in self.members else None

    def chapters(self, record: Record) -> ChapterList | None:
        """The record's chapter list, as its embed id's translations share it."""
        duration = self.durations.get(record.embed_id)
        if duration is None:
            return None
        own = build_chapters(record, duration, self.config, self.cues_for(record))
        if record.rel not in self.members:
            return own
        return with_timing(record.lang, own, self.timings[record.embed_id], duration)


# ---------------------------------------------------------------------------------------------------- output


def chapters_path(slug: str) -> str:
    """The path (under the language's folder) of a record's JSON chapters file."""
    return f"{CHAPTERS_DIR}/{slug}.json"


# ---------------------------------------------------------------------------------------------------- slugs

_ASCII_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                             "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D"})
_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens: accents folded, other scripts dropped."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG_RE.sub("-", ascii_text).strip("-")


def record_slug(record: Record) -> str:
    """The stable ASCII file name stem for a record's chapter and transcript files.

    From the permalink (its path, without a file extension), else the record's path under the episodes dir,
    else (a name in a non-Latin script) the embed id and language, which are ASCII by construction.
    """
    if record.permalink:
        permalink = PurePosixPath(record.permalink.strip("/"))
        if slug := ascii_slug(str(permalink.with_suffix("") if permalink.suffix in (".html", ".htm") else permalink)):
            return slug
    if slug := ascii_slug(str(PurePosixPath(record.rel).with_suffix(""))):
        return slug
    return ascii_slug(f"{record.embed_id}-{record.lang}")
