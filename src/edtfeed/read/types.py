"""What the read stage returns: one Record per episode file, with the headings of its body."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from edtfeed.read.inline_images import InlineImage


class Heading(NamedTuple):
    """An ATX heading of the record body (outside code blocks and the transcript block), as written.

    A named tuple rather than a model: records hold ~5 each and a build holds every record; as frozen pydantic
    models they took ~450 bytes each besides the text (a field dict and a fields-set per heading), and validating
    them was most of the time spent making them. The reader guarantees the field ranges below.
    """

    level: int  # 1..6
    text: str  # raw heading text after the `#`s, not yet cleaned of stray markup
    line: int  # 1-based line number in the record file
    offset: int  # character offset of the heading in Record.body (for proportional chapter timing)


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One markdown episode record (one episode in one language), as read from disk.

    A plain frozen dataclass: the reader has already checked every value, so constructing one checks nothing more.
    """

    path: Path  # absolute path of the file
    rel: str  # path relative to the episodes dir, POSIX separators: what messages show
    lang: str  # normalised language code, e.g. "es", "pt-br"
    lang_explicit: bool  # True when front matter `lang` set it
    title: str
    number: int | None = None
    permalink: str | None = None
    guid: str | None = None  # front matter `guid`, when set
    date: datetime  # timezone-aware
    tags: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    image: str | None = None  # front matter `image`, else `img`, as written (relative or absolute)
    summary: str | None = None
    description: str | None = None
    embed_id: str  # 8 lower-case hex digits from the transistor.html include
    embed_title: str | None = None  # the include's title attribute
    youtube_id: str | None = None  # a checked 11-character YouTube id, placeholders dropped
    body: str  # the markdown body with the includes, the wrapping <div> and the transcript block removed
    body_line: int  # 1-based line number in the file where `body` starts
    headings: list[Heading] = field(default_factory=list)
    transcript: str | None = None  # inner HTML of the transcript <details> block, None when empty
    explicit: bool | None = None  # front matter `explicit` when it is true or false
    episode_type: str | None = None  # front matter `episode_type` as text, None when unset or empty
    season: int | None = None  # front matter `season` written as 3 or "3"
    chapters: Any = None  # front matter `chapters` as parsed; episodes.chapters checks it and says what is wrong
    # The pictures pasted into the notes as data: URIs (read/inline_images.py), each once; `body` points at their
    # files under <out>/<lang>/images/ instead. Their bytes ride along so the runner can write them.
    images: tuple[InlineImage, ...] = ()
