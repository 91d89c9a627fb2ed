"""Transcripts: the record's transcript block read as turns (who speaks, from when, what) and as timed cues.

render/sidecars.py writes the turns as the Podcasting 2.0 HTML transcript (`<cite>Speaker:</cite>`,
`<time>0:00</time>`, `<p>text</p>`) and render/captions.py the cues as VTT and SRT. Records hold transcripts as
loose HTML or text; we read speakers and times from the forms found in transcription exports:

    Darren: text                      [00:01:02] Darren: text          00:01:02 Darren: text
    Darren Pulsipher  0:03            <p><strong>Darren:</strong> text</p>   **Darren:** text

A line without a speaker continues the previous turn. A `Name:` prefix counts as a speaker only when it looks
like a name (one to four capitalised words, or a script without case) and either repeats, carries a time or bold
markup, or is a known person; so `Note: …` once is text. When no speaker or time is found the transcript is plain
paragraphs. Everything is reduced to text: no markup from the record reaches the files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from edtfeed.constants import SRT_TYPE, TRANSCRIPTS_DIR, VTT_TYPE
from edtfeed.read.cues import TimedCue
from edtfeed.timecode import CLOCK, whole_seconds

_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                         "table", "section", "article", "dl", "dt", "dd", "pre"})
_SKIP_TAGS = frozenset({"script", "style", "summary", "template", "noscript", "head", "title"})
_BOLD_TAGS = frozenset({"strong", "b"})

_LEADING_TIME_RE = re.compile(rf"^[\[(]?(?P<time>{CLOCK})[\])]?\s*[-–—]?\s*")
_NAME = r"[^\s:\[\]()<>*][^:\[\]()<>*]{0,59}?"
_NAME_COLON_RE = re.compile(rf"^(?P<name>{_NAME})\s*:(?:\s+(?P<text>.*)|$)")
_NAME_TIME_RE = re.compile(rf"^(?P<name>{_NAME})\s+[\[(]?(?P<time>{CLOCK})[\])]?\s*:?(?:\s+(?P<text>.*)|$)")
_MD_BOLD_RE = re.compile(r"^\*\*(?P<name>[^*]{1,60}?)\s*:?\s*\*\*\s*:?\s*(?P<text>.*)$")


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 4 and all(word[0].isupper() or not word[0].islower() and not word[0].isdigit()
                                        for word in words)


# ---------------------------------------------------------------------------------------------------- reading


@dataclass
class _Line:
    text: str
    bold: str | None = None  # text of a leading <strong>/<b>: a speaker candidate
    new_paragraph: bool = False  # a block boundary or blank line precedes it


class _LineCollector:
    """Walks the transcript's HTML and cuts its text into lines at newlines, `<br>` and block elements."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.buffer: list[str] = []
        self.bold: str | None = None
        self.paragraph = True  # the next line starts a paragraph

    def flush(self, paragraph: bool = False) -> None:
        pending = "".join(self.buffer)
        text = " ".join(pending.split())
        if text:
            self.lines.append(_Line(text, self.bold, self.paragraph))
            self.paragraph = False
        self.buffer.clear()
        self.bold = None
        self.paragraph = self.paragraph or paragraph

    def add(self, text: str | None) -> None:
        for index, piece in enumerate((text or "").split("\n")):
            if index:
                if not "".join(self.buffer).strip():
                    self.paragraph = True  # a blank line
                self.flush()
            self.buffer.append(piece)

    def walk(self, element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""  # comments and PIs have no str tag
        if tag and tag not in _SKIP_TAGS:
            if tag in _BLOCK_TAGS:
                self.flush(paragraph=True)
            if tag == "br":
                self.flush()
            elif tag in _BOLD_TAGS and not "".join(self.buffer).strip():
                self.bold = " ".join(element.text_content().split())
                self.buffer.append(element.text_content())
            else:
                self.add(element.text)
                for child in element:
                    self.walk(child)
            if tag in _BLOCK_TAGS:
                self.flush(paragraph=True)
        self.add(element.tail)


def _text_lines(inner_html: str) -> list[_Line]:
    """The transcript's text, line by line, remembering paragraph boundaries and leading bold text."""
    root = lxml.html.fragment_fromstring(inner_html, create_parent="div")
    collector = _LineCollector()
    collector.add(root.text)
    for child in root:
        collector.walk(child)
    collector.flush()
    return collector.lines


@dataclass
class Turn:
    """One monologue: who speaks (if known), from when (if known), and its paragraphs."""

    speaker: str | None = None
    start: int | None = None
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Split:
    name: str | None  # speaker candidate
    start: int | None
    text: str  # the words after the speaker and time
    plain: str  # the line without a leading time: what stays when the candidate is not a speaker
    strong: bool  # a time or bold markup makes the candidate a speaker by itself


def _split(line: _Line) -> _Split:
    text, start = line.text, None
    if (match := _LEADING_TIME_RE.match(text)) and (start := whole_seconds(match["time"])) is not None:
        text = text[match.end():]
    plain, timed = text, start is not None
    if line.bold and text.startswith(line.bold):
        return _Split(line.bold.rstrip(":").strip() or None, start, text[len(line.bold):].lstrip(" :"), plain, True)
    if match := _MD_BOLD_RE.match(text):
        return _Split(match["name"].strip(), start, match["text"], plain, True)
    if not timed and (match := _NAME_TIME_RE.match(text)) and (named := whole_seconds(match["time"])) is not None:
        return _Split(match["name"].strip(), named, match["text"] or "", plain, True)
    if match := _NAME_COLON_RE.match(text):
        return _Split(match["name"].strip(), start, match["text"] or "", plain, timed)
    return _Split(None, start, text, plain, timed)


def read_turns(inner_html: str, known_speakers: Iterable[str] = ()) -> list[Turn]:
    """The transcript as turns; one speaker-less turn of plain paragraphs when no speaker or time is found."""
    lines = _text_lines(inner_html)
    known = {" ".join(name.split()).casefold() for name in known_speakers}
    splits = [_split(line) for line in lines]
    counts = Counter(split.name for split in splits if split.name)
    first_names = {name.split()[0] for name in known if name}

    def evident(name: str, strong: bool) -> bool:
        folded = name.casefold()
        return strong or counts[name] >= 2 or folded in known or folded in first_names

    # Once one speaker is certain, every name-like `Name:` in the transcript is a speaker too.
    dialogue = any(s.name and _looks_like_name(s.name) and evident(s.name, s.strong) for s in splits)
    turns: list[Turn] = []
    for line, split in zip(lines, splits):
        name = split.name if split.name and _looks_like_name(split.name) else None
        if name and (dialogue or evident(name, split.strong)):
            turns.append(Turn(name, split.start, [split.text] if split.text else []))
            continue
        if split.start is not None:
            turns.append(Turn(None, split.start, [split.plain] if split.plain else []))
            continue
        text = line.text
        if not turns:
            turns.append(Turn())
        if line.new_paragraph or not turns[-1].paragraphs:
            turns[-1].paragraphs.append(text)
        else:
            turns[-1].paragraphs[-1] += " " + text
    return [turn for turn in turns if turn.paragraphs or turn.speaker]


def timed_cues(inner_html: str, duration: int, known_speakers: Iterable[str] = ()) -> list[TimedCue]:
    """The transcript block as timed cues (turn_cues of its turns)."""
    return turn_cues(read_turns(inner_html, known_speakers), duration)


def turn_cues(turns: Sequence[Turn], duration: int) -> list[TimedCue]:
    """A transcript's turns as timed cues, the one timed source its captions and chapter alignment use: one cue per
    timed turn, until the next one (the last until the end of the audio); a turn without a time, or whose time
    does not increase or is past the end, continues the cue before it. [] unless the first turn has a time (the
    cues must cover the whole text)."""
    if not turns or turns[0].start is None:
        return []
    groups: list[tuple[int, str | None, list[str]]] = []
    for turn in turns:
        start = turn.start
        if start is not None and start < duration and (not groups or start > groups[-1][0]):
            groups.append((start, turn.speaker, list(turn.paragraphs)))
        elif groups:
            prefix = f"{turn.speaker}: " if turn.speaker and turn.speaker != groups[-1][1] else ""
            groups[-1][2].extend(f"{prefix}{p}" if i == 0 else p for i, p in enumerate(turn.paragraphs))
    ends = [start for start, _, _ in groups[1:]] + [duration]
    return [TimedCue(float(start), float(end), "\n".join(paragraphs), speaker)
            for (start, speaker, paragraphs), end in zip(groups, ends) if paragraphs]


def transcript_path(slug: str) -> str:
    """The path (under the language's folder) of the HTML transcript of a record's transcript block."""
    return f"{TRANSCRIPTS_DIR}/{slug}.html"


def caption_paths(slug: str) -> dict[str, str]:
    """MIME type -> path (under the language's folder) of the caption renditions of a timed transcript block."""
    return {VTT_TYPE: f"{TRANSCRIPTS_DIR}/{slug}.vtt", SRT_TYPE: f"{TRANSCRIPTS_DIR}/{slug}.srt"}
