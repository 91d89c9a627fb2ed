"""Body surgery: what a record's markdown body holds besides the notes, found and cut out.

The player and video includes, the `<div>` wrapping them, the transcript `<details>` block and a `---` left
opening the notes are removed; the rest is the show notes, with the file line where they start and their
headings. records.py decides what the found parts mean (which embed id, which video).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from edtfeed.read.blocks import AtxHeading, is_thematic_break, scan
from edtfeed.read.types import Heading

# The start of an include tag; as in Liquid, the tag ends at the first `%}` after it, quotes or not. Looked for
# within MAX_TAG characters: an unclosed tag must not make every later one scan to the end of the body.
_INCLUDE_HEAD = re.compile(r"\{%-?\s*include\s+(?P<kind>transistor|youtube)\.html\b", re.IGNORECASE)
MAX_TAG = 4096
_ATTR = re.compile(r"(?P<name>[A-Za-z_][\w-]*)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'%}]+))")
_DETAILS_TAG = re.compile(r"<(?P<close>/?)details\b[^>]*>", re.IGNORECASE)
_SUMMARY = re.compile(r"\s*<summary\b[^>]*>(?P<text>.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_EMPTY_HTML = re.compile(r"(?:\s|&nbsp;|<p>\s*</p>|<br\s*/?>)*", re.IGNORECASE)
_DIV_OPEN = re.compile(r"<div\b[^>]*>", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")
# Words a transcript block's <summary> uses in the show's languages ("Podcast Transcript", "Transcripción",
# "Transkript", "Trascrizione", "Transcrição", "文字起こし").
_TRANSCRIPT_WORDS = ("transcri", "trascri", "transkri", "文字起こし", "トランスクリプト")


class Include(NamedTuple):
    kind: str  # "transistor" or "youtube"
    attrs: dict[str, str]
    line: int  # file line


def _parse_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        value = match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
        attrs.setdefault(match["name"].lower(), value.strip())
    return attrs


def _is_transcript_summary(summary: str) -> bool:
    lowered = summary.lower()
    return any(word in lowered for word in _TRANSCRIPT_WORDS)


@dataclass
class _Body:
    """The markdown body of one record, the spans to remove from it, and where its code blocks are."""

    src: str
    first_line: int  # file line of src[0]
    code: list[tuple[int, int]] = field(init=False)
    headings: list[AtxHeading] = field(init=False)
    removed: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.code, self.headings = scan(self.src)
        self._code_starts = [start for start, _ in self.code]

    def file_line(self, offset: int) -> int:
        return self.first_line + self.src.count("\n", 0, offset)

    def in_code(self, offset: int) -> bool:
        index = bisect_right(self._code_starts, offset) - 1
        return index >= 0 and offset < self.code[index][1]

    def whole_lines(self, start: int, end: int) -> tuple[int, int]:
        """Widen [start, end) to whole lines (with the newline) when nothing else is on them."""
        line_start = self.src.rfind("\n", 0, start) + 1
        line_end = self.src.find("\n", end)
        line_end = len(self.src) if line_end == -1 else line_end + 1
        if self.src[line_start:start].strip() or self.src[end:line_end].strip():
            return start, end
        return line_start, line_end

    def remove(self, start: int, end: int) -> None:
        self.removed.append(self.whole_lines(start, end))

    def merged(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for start, end in sorted(self.removed):
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        return spans


def _find_includes(body: _Body) -> list[Include]:
    includes = []
    src, cursor, line = body.src, 0, body.first_line  # lines counted once, going forward
    for head in _INCLUDE_HEAD.finditer(src):
        if head.start() < cursor:
            continue  # inside the previous tag
        close = src.find("%}", head.end(), head.end() + MAX_TAG)
        if close == -1:
            continue  # not a tag Jekyll would run either
        line += src.count("\n", cursor, head.start())
        attrs = src[head.end() : close].removesuffix("-")
        includes.append(Include(head["kind"].lower(), _parse_attrs(attrs), line))
        line += src.count("\n", head.start(), close + 2)
        cursor = close + 2
        body.remove(head.start(), cursor)
    return includes


def _remove_wrapper_divs(body: _Body, include_spans: list[tuple[int, int]]) -> None:
    """Drop each `<div>`…`</div>` that holds nothing but includes and blank lines (the player wrapper)."""
    opens = [m for m in _DIV_OPEN.finditer(body.src) if not body.in_code(m.start())]
    closes = [m for m in _DIV_CLOSE.finditer(body.src) if not body.in_code(m.start())]
    close_starts = [m.start() for m in closes]
    open_starts = [m.start() for m in opens]
    for opened in opens:
        index = bisect_right(close_starts, opened.end())
        if index == len(closes):
            continue
        closed = closes[index]
        if bisect_right(open_starts, closed.start()) - bisect_right(open_starts, opened.start()) > 0:
            continue  # a nested <div>: not a bare wrapper
        inside = [(s, e) for s, e in include_spans if opened.end() <= s and e <= closed.start()]
        if not inside:
            continue
        rest, cursor = [], opened.end()
        for start, end in inside:
            rest.append(body.src[cursor:start])
            cursor = end
        rest.append(body.src[cursor : closed.start()])
        if not "".join(rest).strip():
            body.remove(opened.start(), closed.end())


def _find_transcript(body: _Body) -> str | None:
    """Remove the transcript <details> block and return its inner HTML after </summary> (None when empty)."""
    blocks: list[tuple[int, int, int, int]] = []  # open start, open end, close start, close end
    depth, opened = 0, None
    for match in _DETAILS_TAG.finditer(body.src):
        if body.in_code(match.start()):
            continue
        if not match["close"]:
            if depth == 0:
                opened = match
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and opened is not None:
                blocks.append((opened.start(), opened.end(), match.start(), match.end()))
    chosen = None
    for block in blocks:
        summary = _SUMMARY.match(body.src, block[1], block[2])
        if summary is not None and _is_transcript_summary(summary["text"]):
            chosen = block
    if chosen is None and len(blocks) == 1 and not body.src[blocks[0][3] :].strip():
        chosen = blocks[0]  # one unlabelled (or other-language) <details> closing the notes
    if chosen is None:
        return None
    body.remove(chosen[0], chosen[3])
    summary = _SUMMARY.match(body.src, chosen[1], chosen[2])
    inner = body.src[summary.end() if summary else chosen[1] : chosen[2]].strip()
    return None if _EMPTY_HTML.fullmatch(inner) else inner


def _remove_leading_break(body: _Body) -> None:
    """Drop a `---` that would open the notes once the player block is gone (it only separated the two)."""
    spans = body.merged()
    src = body.src
    start, index = 0, 0
    while start < len(src):
        end = src.find("\n", start)
        end = len(src) if end == -1 else end
        while index < len(spans) and spans[index][1] < end:
            index += 1  # spans end in order: one that ends before this line cannot cover a later one either
        if index < len(spans) and spans[index][0] <= start:  # the line lies in a removed span
            # and so does every line up to the one holding the span's end: go straight there
            start = max(end + 1, src.rfind("\n", 0, spans[index][1]) + 1)
            continue
        line = src[start:end]
        if line.strip():
            if is_thematic_break(line) and not body.in_code(start) and not _overlaps(spans, start, end):
                body.remove(start, end)
            return
        start = end + 1


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(span_start < end and start < span_end for span_start, span_end in spans)


def _assemble(body: _Body) -> tuple[str, int, list[Heading]]:
    """(final body, file line where it starts, headings) once the removed spans are cut out."""
    src = body.src
    spans = body.merged()
    span_starts = [start for start, _ in spans]
    removed_before = [0]  # characters removed before spans[i] (and, last, in all of them)
    pieces, cursor = [], 0
    for start, end in spans:
        removed_before.append(removed_before[-1] + end - start)
        pieces.append(src[cursor:start])
        cursor = end
    pieces.append(src[cursor:])
    joined = "".join(pieces)
    lead = _LEADING_BLANK_LINES.match(joined).end()  # type: ignore[union-attr]
    end = len(joined)
    while end > lead and joined[end - 1].isspace():
        end -= 1  # joined[lead:end] is joined[lead:].rstrip(), found without copying the body for it
    final = joined[lead:end] + "\n" if end > lead else ""

    joined_starts = [start - removed_before[index] for index, (start, _) in enumerate(spans)]
    first_kept = lead + removed_before[bisect_right(joined_starts, lead)]  # source offset of final[0]
    body_line = body.file_line(first_kept) if final else body.first_line
    headings = []
    for heading in body.headings:
        index = bisect_right(span_starts, heading.offset)  # spans[index - 1] is the only removed span that can hold it
        if index and heading.offset < spans[index - 1][1]:
            continue  # in the transcript or another removed part
        headings.append(Heading(heading.level, heading.text, body.first_line + heading.line,
                                heading.offset - removed_before[index] - lead))
    return final, body_line, headings


class BodyParts(NamedTuple):
    """A body once cut: its includes, the transcript block's inner HTML, and the notes that are left."""

    includes: list[Include]
    transcript: str | None
    notes: str
    notes_line: int  # file line where `notes` starts
    headings: list[Heading]


def cut_body(text: str, first_line: int) -> BodyParts:
    """Find the includes and the transcript of a body starting at file line `first_line`, and cut them out."""
    body = _Body(text, first_line)
    includes = _find_includes(body)
    _remove_wrapper_divs(body, list(body.removed))
    transcript = _find_transcript(body)
    _remove_leading_break(body)
    return BodyParts(includes, transcript, *_assemble(body))
