"""Cleaning at the read boundary: what a record carries must be something the feed can hold.

One character XML 1.0 cannot carry (a form feed pasted from a word processor) made lxml refuse the whole feed, and
a 20 MB body a CDATA section libxml2 rejects; so every text is cleaned and bounded here, once, and warned about.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from edtfeed.errors import RecordError
from edtfeed.placeholders import is_placeholder
from edtfeed.read.types import Record

# C0 controls but tab, newline and carriage return; lone surrogates; the non-characters U+FFFE/U+FFFF. U+FEFF
# (a byte-order mark pasted mid-text) is valid XML but invisible and never meant: it goes too, silently.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BOM = "\ufeff"
TITLE_MAX = 255  # Apple's limit for an episode title
# libxml2 refuses a text node (a CDATA section) over 10,000,000 bytes; notes are cut well below it, in characters
# that are at most 4 bytes each, so no body, transcript or description of ours gets near it.
TEXT_MAX = 1_000_000
EPISODE_TYPES = ("full", "trailer", "bonus")

Warnings = list[tuple[int | None, str]]


def clean_source(text: str) -> tuple[str, Warnings]:
    """`text` (a whole record file) without the characters XML cannot carry, and one warning per line that had
    some. Newlines are kept, so every later line number is still the file's."""
    if _BOM in text:
        text = text.replace(_BOM, "")
    if _NOT_XML.search(text) is None:
        return text, []
    warnings: Warnings = []
    seen: set[int] = set()
    for match in _NOT_XML.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line not in seen:
            seen.add(line)
            warnings.append((line, f"removed {_describe(match.group())}, which a feed cannot carry (XML 1.0 "
                                   "forbids it; it usually comes from copy-paste)"))
    return _NOT_XML.sub("", text), warnings


def clean_text(value: str) -> str:
    """One text field without the characters XML cannot carry (YAML escapes such as "\\f" make them after
    clean_source)."""
    return _NOT_XML.sub("", value.replace(_BOM, "")) if _NOT_XML.search(value) or _BOM in value else value


def _describe(char: str) -> str:
    return f"the character U+{ord(char):04X}"


def clean_record(record: Record, line_of: Any) -> tuple[Record, Warnings]:
    """`record` with every text field clean and bounded, plus warnings; RecordError for a value that cannot be
    published as written (an unknown episode_type, a negative season). `line_of(key)` gives a front
    matter key's line."""
    warnings: Warnings = []
    update: dict[str, Any] = {}
    for name in ("title", "summary", "description", "embed_title", "permalink", "guid", "image", "transcript"):
        value = getattr(record, name)
        if isinstance(value, str) and (cleaned := clean_text(value)) != value:
            update[name] = cleaned
            warnings.append((line_of(name), f"`{name}`: removed characters a feed cannot carry"))
    for name in ("tags", "guests"):
        values = getattr(record, name)
        cleaned_list = [cleaned for value in values if (cleaned := clean_text(value).strip())]
        if cleaned_list != values:
            update[name] = cleaned_list
            warnings.append((line_of(name), f"`{name}`: removed characters a feed cannot carry"))
    headings = [heading._replace(text=clean_text(heading.text)) for heading in record.headings]
    if headings != record.headings:
        update["headings"] = headings
    title = update.get("title", record.title)
    if not title.strip():
        raise RecordError("the title is empty once characters a feed cannot carry are removed", line_of("title"))
    if is_placeholder(title):
        raise RecordError(f"`title: {title.strip()}` is a placeholder, not a title; write the episode's title",
                          line_of("title"))
    if len(title) > TITLE_MAX:
        update["title"] = title[: TITLE_MAX - 1].rstrip() + "…"
        warnings.append((line_of("title"), f"the title has {len(title):,} characters; Apple allows {TITLE_MAX}: "
                                           "it is shortened in the feed (write a shorter one)"))
    for name in ("summary", "description", "transcript"):
        value = update.get(name, getattr(record, name))
        if value is not None and len(value) > TEXT_MAX:
            update[name] = value[:TEXT_MAX]
            warnings.append((line_of(name) or record.body_line,
                             f"`{name}` has {len(value):,} characters; it is cut to {TEXT_MAX:,} in the feed"))
    body = record.body
    if len(body) > TEXT_MAX:
        cut = body.rfind("\n", 0, TEXT_MAX)
        update["body"] = body[: cut if cut > 0 else TEXT_MAX] + "\n"
        update["headings"] = [h for h in update.get("headings", record.headings) if h.offset < TEXT_MAX]
        warnings.append((record.body_line, f"the notes have {len(body):,} characters; only the first {TEXT_MAX:,} "
                                           "are published (split the episode's notes or move text out)"))
    update.update(_checked_fields(record, line_of))
    return (dataclasses.replace(record, **update) if update else record), warnings


def _checked_fields(record: Record, line_of: Any) -> dict[str, Any]:
    """`episode_type` normalised (`Bonus` -> bonus) and `season` range-checked; RecordError when they cannot
    be published."""
    update: dict[str, Any] = {}
    kind = record.episode_type
    if kind:
        normal = kind.strip().lower()
        if normal not in EPISODE_TYPES:
            raise RecordError(f"`episode_type: {clean_text(kind)[:40]!r}` is not one of "
                              f"{', '.join(EPISODE_TYPES)}", line_of("episode_type"))
        if normal != kind:
            update["episode_type"] = normal
    if record.season is not None and record.season < 1:
        raise RecordError(f"`season: {record.season}` is not a season number: write a whole number from 1",
                          line_of("season"))
    return update
