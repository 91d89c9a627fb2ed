"""Chapters: one honest, timed chapter list per record, and the three forms podcast apps read it in.

Where a chapter's start comes from, in order of preference:
1. a time written in the heading (`## 12:34 Title`, `## [12:34] Title`, `## Title (1:02:03)`), removed from the title;
2. a front matter `chapters:` list (`- {start: "12:34", title: "…"}`), which replaces the heading chapters;
3. an estimate: the heading's position in the text, scaled to the audio duration, in whole seconds, at least
   `MIN_GAP` seconds apart and inside the duration. Headings with a written time are anchors; headings without
   one are placed between their neighbours. With `[chapters] estimate = false` untimed headings are dropped.

The text before the first chapter heading is the opening chapter at 0:00 (episode title, or the localized
"Introduction" with `[chapters] opening = "introduction"`).

Translations share the audio, so `share_timing` gives the records of one episode the same start times when their
chapter counts match (see its docstring for which record is the reference).

Heading oddities seen in real records, and what we do:
- `## Title<h2>` / `### Title<h3>`: stray HTML tags are dropped;
- `## Conclusion-->Conclusion`: a machine-translation artefact ("source-->target"); the text after the last
  `-->` is the title in the record's language, so it is kept (both sides are the same word in practice);
- trailing `:` and spaces, HTML entities, inline markdown (`**bold**`, links, code): reduced to plain text;
- `#Title` without a space is not a heading (CommonMark); a closing `##` sequence is not part of the title.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict, Field

from edtfeed.config import ChaptersConfig
from edtfeed.labels import label
from edtfeed.models import Heading, Record
from edtfeed.youtube import watch_url

MIN_GAP = 30  # seconds between estimated chapters (Spotify's advice: chapters of at least about 30 s)
JSON_CHAPTERS_VERSION = "1.2.0"
JSON_CHAPTERS_TYPE = "application/json+chapters"
PSC_VERSION = "1.2"
MIN_DESCRIPTION_CHAPTERS = 3  # Apple and Spotify ignore description timestamps with fewer chapters


class Chapter(BaseModel):
    """One chapter: where it starts in the audio and what it is called."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)  # seconds from the start of the audio
    title: str = Field(min_length=1)
    estimated: bool = False  # True when the start was estimated from the text, not written by the author


class ChapterList(BaseModel):
    """A record's chapters plus the notes a build report needs; `chapters` is empty when there are none."""

    model_config = ConfigDict(frozen=True)

    chapters: list[Chapter] = []
    warnings: list[tuple[int | None, str]] = []  # (line, message) about headings or front matter that were ignored

    @property
    def estimated(self) -> bool:
        return any(chapter.estimated for chapter in self.chapters)

    @property
    def explicit(self) -> bool:
        """Every start was written by the author (the best reference for translations)."""
        return bool(self.chapters) and not self.estimated


# ---------------------------------------------------------------------------------------------------- times

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\.\d{1,3})?"
_TIME_RE = re.compile(rf"^(?:(?P<h>\d{{1,2}}):)?(?P<m>\d{{1,2}}):(?P<s>\d{{2}})(?:\.\d{{1,3}})?$")  # fractions dropped
# `12:34 Title`, `[12:34] Title`, `(12:34) - Title`: a time first, then an optional separator.
_LEADING_TIME_RE = re.compile(rf"^\s*(?:\[(?P<b>{_TIME})\]|\((?P<p>{_TIME})\)|(?P<t>{_TIME})(?=[\s\-–—:|]|$))"
                              r"\s*[-–—:|]?\s*")
# `Title (1:02:03)`, `Title [12:34]`: a bracketed time last.
_TRAILING_TIME_RE = re.compile(rf"\s*(?:\((?P<p>{_TIME})\)|\[(?P<b>{_TIME})\])\s*$")


def parse_time(value: str | int | float) -> int | None:
    """`H:MM:SS`, `MM:SS` or `M:SS` (optional `.mmm`), or a number of seconds, as whole seconds; None if invalid.

    An int is accepted because YAML 1.1 reads an unquoted `12:34` as the sexagesimal number 754.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 0 else None
    match = _TIME_RE.match(value.strip())
    if not match:
        return None
    hours, minutes, seconds = int(match["h"] or 0), int(match["m"]), int(match["s"])
    if seconds >= 60 or (match["h"] is not None and minutes >= 60):
        return None
    return hours * 3600 + minutes * 60 + seconds


def format_clock(seconds: int, hours: bool) -> str:
    """`MM:SS`, or `HH:MM:SS` when `hours` (show notes use one width for a whole episode)."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if hours else f"{h * 60 + m:02d}:{s:02d}"


def format_npt(seconds: int) -> str:
    """Zero-padded `HH:MM:SS.mmm`, the only psc start form every client (feedparser included) parses."""
    return f"{format_clock(seconds, hours=True)}.000"


# ---------------------------------------------------------------------------------------------------- titles

_MD = MarkdownIt("commonmark")
_CLOSING_HASHES_RE = re.compile(r"(?:^|\s+)#+\s*$")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACES_RE = re.compile(r"\s+")
_INLINE_SYNTAX_RE = re.compile(r"[*_\[\]`!&<\\]")


def _inline_text(markdown: str) -> str:
    """The plain text of inline markdown: emphasis and links unwrapped, entities decoded, HTML tags dropped."""
    if not _INLINE_SYNTAX_RE.search(markdown):
        return markdown  # most headings are plain words: skip the parser (thousands of records per build)
    parts: list[str] = []
    for block in _MD.parseInline(markdown):
        for token in block.children or []:
            if token.type in ("text", "code_inline", "image"):  # an image's content is its alt text
                parts.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return "".join(parts)


def clean_title(raw: str) -> tuple[str, int | None]:
    """A heading's text as a chapter title, and the start time written in it (None when there is none)."""
    text = _CLOSING_HASHES_RE.sub("", raw)
    text = _TAG_RE.sub(" ", _inline_text(text))
    if "-->" in text:
        parts = [part.strip() for part in text.split("-->") if part.strip()]
        text = parts[-1] if parts else ""
    text = _SPACES_RE.sub(" ", text).strip()
    for pattern, cut in ((_LEADING_TIME_RE, lambda m: text[m.end():]), (_TRAILING_TIME_RE, lambda m: text[:m.start()])):
        match = pattern.search(text)
        if match and (start := parse_time(next(v for v in match.groupdict().values() if v))) is not None:
            return cut(match).strip().rstrip(":").strip(), start
    return text.rstrip(":").strip(), None


# ---------------------------------------------------------------------------------------------------- building


@dataclass
class _Draft:
    title: str
    position: int  # character offset in the body, for estimates
    start: int | None  # written by the author
    line: int | None


def _is_atx_heading(body: str, heading: Heading) -> bool:
    """False for `#Title` (no space after the hashes), which CommonMark does not treat as a heading."""
    text = body[heading.offset:]
    if not text.startswith("#"):
        return True  # the reader gave no usable offset; trust it
    rest = text.lstrip("#")
    return rest == "" or rest[0] in " \t\r\n"


def _opening_is_empty(body: str, first: int) -> bool:
    """True when nothing but blank lines and thematic breaks precede the first chapter heading."""
    return not re.sub(r"(?m)^\s*(?:[-*_]\s*){3,}$", "", body[:first]).strip()


def _heading_drafts(record: Record, levels: Sequence[int]) -> tuple[list[_Draft], list[tuple[int | None, str]]]:
    drafts: list[_Draft] = []
    warnings: list[tuple[int | None, str]] = []
    for heading in record.headings:
        if heading.level not in levels or not _is_atx_heading(record.body, heading):
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
        chapters.append(Chapter(start=start, title=title or str(item["title"]).strip()))
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
            warnings.append((draft.line, f"chapter time {format_clock(draft.start, True)} of {draft.title!r} "
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
        chapters.append(Chapter(start=lo, title=drafts[index].title))
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
        chapters += [Chapter(start=s, title=d.title, estimated=True) for d, s in zip(group, _place(lo, hi, estimates))]
        index = end
    return chapters, dropped


def build_chapters(record: Record, duration: int, config: ChaptersConfig) -> ChapterList:
    """The record's chapter list for audio of `duration` seconds; empty when it has no usable headings."""
    listed, fm_problem = _front_matter_chapters(record.front_matter.get("chapters"), duration)
    warnings: list[tuple[int | None, str]] = [(None, fm_problem)] if fm_problem else []
    opening_title = label("introduction", record.lang) if config.opening == "introduction" else record.title
    if listed is not None:
        if listed[0].start:
            listed.insert(0, Chapter(start=0, title=opening_title))
        return ChapterList(chapters=listed if len(listed) > 1 else [], warnings=warnings)
    drafts, heading_warnings = _heading_drafts(record, config.levels)
    warnings += heading_warnings
    if not drafts:
        return ChapterList(warnings=warnings)
    warnings += _drop_bad_times(drafts, duration)
    if drafts[0].start != 0:
        if drafts[0].start is None and _opening_is_empty(record.body, drafts[0].position):
            drafts[0].start = 0  # the episode opens with this heading
        else:
            drafts.insert(0, _Draft(opening_title, 0, 0, None))
    if not config.estimate:
        drafts = [d for d in drafts if d.start is not None]
    if len(drafts) < 2:
        return ChapterList(warnings=warnings)  # one chapter spanning the episode is no chapter list
    chapters, dropped = _estimate(drafts, len(record.body.rstrip()), duration)
    warnings += [(d.line, f"chapter {d.title!r} dropped: too little audio for chapters {MIN_GAP} s apart")
                 for d in dropped]
    return ChapterList(chapters=chapters, warnings=warnings)


Starts = tuple[tuple[int, bool], ...]  # (start, estimated) of each chapter of a reference list
Timing = tuple[str, Starts]  # the reference language of one episode's translations and its starts


def share_timing(lists: Mapping[str, ChapterList], audio_language: str) -> dict[str, ChapterList]:
    """Give the translations of one episode (language -> chapters) the same start times.

    Reference: a list whose times were all written by the author (the audio language's first, then by language
    code), else the audio language's list, else the first language's. Every list with the same number of
    chapters that is not itself fully written takes the reference's starts; the rest keep their own.
    """
    timing = reference_timing(lists, audio_language)
    return {lang: with_timing(lang, chapters, timing) for lang, chapters in lists.items()}


def reference_timing(lists: Mapping[str, ChapterList], audio_language: str) -> Timing | None:
    """The reference of share_timing and its starts; None when no translation has chapters."""
    usable = {lang: chapters for lang, chapters in sorted(lists.items()) if chapters.chapters}
    if not usable:
        return None
    order = sorted(usable, key=lambda lang: (lang != audio_language, lang))
    reference = next((lang for lang in order if usable[lang].explicit), order[0])
    return reference, tuple((c.start, c.estimated) for c in usable[reference].chapters)


def with_timing(lang: str, chapters: ChapterList, timing: Timing | None) -> ChapterList:
    """`chapters` (of `lang`) as share_timing gives them: with the reference's starts where they apply."""
    if timing is None:
        return chapters
    reference, starts = timing
    if lang == reference or not chapters.chapters or chapters.explicit or len(chapters.chapters) != len(starts):
        return chapters
    return chapters.model_copy(update={"chapters": [
        chapter.model_copy(update={"start": start, "estimated": estimated})
        for chapter, (start, estimated) in zip(chapters.chapters, starts)
    ]})


@dataclass(frozen=True)
class ChapterTiming:
    """Each record's chapter list on demand, its timing shared among the translations of its embed id.

    Why on demand: a whole show's chapter lists (~60 MB at 10,000 records) were held while every feed was built.
    Only each episode's reference starts are kept; a record's list is rebuilt when its episode is built.
    """

    durations: Mapping[str, int]  # embed id -> audio seconds; records without one get no chapters
    config: ChaptersConfig
    timings: Mapping[str, Timing | None]  # embed id -> its reference timing
    members: frozenset[str]  # rels that share timing: the first record of each embed id and language

    @classmethod
    def of(cls, records: Iterable[Record], durations: Mapping[str, int], config: ChaptersConfig,
           audio_language: str) -> ChapterTiming:
        by_embed: dict[str, dict[str, tuple[str, ChapterList]]] = {}
        for record in records:
            group = by_embed.setdefault(record.embed_id, {}) if record.embed_id in durations else None
            if group is not None and record.lang not in group:
                group[record.lang] = (record.rel, build_chapters(record, durations[record.embed_id], config))
        timings = {embed_id: reference_timing({lang: chapters for lang, (_, chapters) in group.items()},
                                              audio_language)
                   for embed_id, group in by_embed.items()}
        members = frozenset(rel for group in by_embed.values() for rel, _ in group.values())
        return cls(durations, config, timings, members)

    @classmethod
    def combined(cls, parts: Sequence[ChapterTiming]) -> ChapterTiming:
        """One timing from timings of disjoint sets of embed ids (computed in separate processes)."""
        return cls(
            {embed_id: seconds for part in parts for embed_id, seconds in part.durations.items()},
            parts[0].config,
            {embed_id: timing for part in parts for embed_id, timing in part.timings.items()},
            frozenset().union(*(part.members for part in parts)),
        )

    def shared(self, record: Record) -> Timing | None:
        """The timing the record's chapters take from its translations (None: it keeps its own)."""
        return self.timings.get(record.embed_id) if record.rel in self.members else None

    def chapters(self, record: Record) -> ChapterList | None:
        """The record's chapter list, as share_timing over its embed id's translations gives it."""
        duration = self.durations.get(record.embed_id)
        if duration is None:
            return None
        own = build_chapters(record, duration, self.config)
        if record.rel not in self.members:
            return own
        return with_timing(record.lang, own, self.timings[record.embed_id])


# ---------------------------------------------------------------------------------------------------- output


def chapters_json(chapters: Sequence[Chapter], title: str, podcast_name: str, youtube_id: str | None) -> bytes:
    """The JSON chapters file (Podcasting 2.0 "JSON Chapters" 1.2) for `<podcast:chapters>`; stable bytes."""
    items: list[dict[str, Any]] = []
    for chapter in chapters:
        item: dict[str, Any] = {"startTime": chapter.start, "title": chapter.title}
        if youtube_id:
            item["url"] = watch_url(youtube_id, chapter.start)
        items.append(item)
    document = {"version": JSON_CHAPTERS_VERSION, "title": title, "podcastName": podcast_name, "chapters": items}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def psc_attributes(chapters: Sequence[Chapter], youtube_id: str | None) -> list[dict[str, str]]:
    """The attributes of each `<psc:chapter>` (start, title, and href to the video at that second)."""
    items = []
    for chapter in chapters:
        attrs = {"start": format_npt(chapter.start), "title": chapter.title}
        if youtube_id:
            attrs["href"] = watch_url(youtube_id, chapter.start)
        items.append(attrs)
    return items


def description_timestamps(chapters: Sequence[Chapter], duration: int) -> list[str]:
    """Show-notes chapter lines (`00:00 Title`), which Apple and Spotify read; [] below three chapters.

    HH:MM:SS for episodes of an hour or more, so every line has the same width.
    """
    if len(chapters) < MIN_DESCRIPTION_CHAPTERS or chapters[0].start != 0:
        return []
    hours = duration >= 3600
    return [f"{format_clock(chapter.start, hours)} {chapter.title}" for chapter in chapters]


def timestamps_html(chapters: Sequence[Chapter], duration: int, lang: str) -> str:
    """The show-notes chapter block: a localized "Chapters" line, then one `<br/>`-separated line per chapter."""
    lines = description_timestamps(chapters, duration)
    if not lines:
        return ""
    return f"<p>{html.escape(label('chapters', lang))}</p><p>{'<br/>'.join(html.escape(line) for line in lines)}</p>"


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
    candidates = []
    if record.permalink:
        permalink = PurePosixPath(record.permalink.strip("/"))
        candidates.append(str(permalink.with_suffix("")) if permalink.suffix in (".html", ".htm") else str(permalink))
    candidates.append(str(PurePosixPath(record.rel).with_suffix("")))
    for candidate in candidates:
        if slug := ascii_slug(candidate):
            return slug
    return ascii_slug(f"{record.embed_id}-{record.lang}")
