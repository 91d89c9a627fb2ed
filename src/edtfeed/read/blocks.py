"""The CommonMark block rules edtfeed applies itself, in one place: fenced code, ATX headings, thematic breaks.

The reader needs them before any markdown is rendered (headings become chapters; includes and `<details>` inside
code blocks do not count), and the chapters stage needs the thematic break rule again; both use these.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_FENCE = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_ATX = re.compile(r" {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*))?")
_THEMATIC_BREAK = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
_VISIBLE = re.compile(r"[^\s*_-]")  # a character no thematic break has


class AtxHeading(NamedTuple):
    offset: int  # of the line's first character
    line: int  # 0-based line index
    level: int
    text: str  # without the `#`s and the optional closing sequence; never empty


class Blocks(NamedTuple):
    code: list[tuple[int, int]]  # offset ranges of fenced code blocks, fence lines included
    headings: list[AtxHeading]  # outside the code blocks


def scan(src: str) -> Blocks:
    """One pass over the lines of a markdown text: its fenced code blocks and the ATX headings outside them.

    An unclosed fence runs to the end of the text; a backtick fence whose info string holds a backtick is no fence.
    """
    code: list[tuple[int, int]] = []
    headings: list[AtxHeading] = []
    opened: tuple[int, str] | None = None  # (offset, fence) of the open code block
    offset = 0
    for index, line in enumerate(src.split("\n")):
        # Most lines hold neither a fence nor a `#`: the two substring tests keep the regexes off them.
        fence = _FENCE.match(line) if "```" in line or "~~~" in line else None
        if opened is not None:
            start, opening = opened
            marks = fence["fence"] if fence else ""
            if marks[:1] == opening[0] and len(marks) >= len(opening) and not fence["info"].strip():  # type: ignore[index]
                code.append((start, offset + len(line)))
                opened = None
        elif fence is not None and not (fence["fence"][0] == "`" and "`" in fence["info"]):
            opened = (offset, fence["fence"])
        elif "#" in line and (atx := _ATX.fullmatch(line)) and (text := heading_text(atx["text"])):
            headings.append(AtxHeading(offset, index, len(atx["hashes"]), text))
        offset += len(line) + 1
    if opened is not None:
        code.append((opened[0], len(src)))
    return Blocks(code, headings)


def heading_text(raw: str | None) -> str:
    """Heading text without the optional closing `#` sequence (`## Title ##`), but `C#` stays."""
    text = (raw or "").strip()
    unhashed = text.rstrip("#")
    if unhashed != text and (not unhashed or unhashed[-1] in " \t"):
        text = unhashed.rstrip()
    return text


def is_thematic_break(line: str) -> bool:
    return _THEMATIC_BREAK.fullmatch(line) is not None


def only_blank_lines_and_breaks(text: str) -> bool:
    """True when `text` holds nothing but blank lines and thematic breaks (`---`, `***`, `___`)."""
    if _VISIBLE.search(text):  # the usual case, found at the first letter
        return False
    return all(not line.strip() or is_thematic_break(line) for line in text.split("\n"))
