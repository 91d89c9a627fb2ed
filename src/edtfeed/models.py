"""The data that flows through the pipeline: records read from markdown, and audio metadata from Transistor.

Pipeline: records.read_records -> resolve.resolve_audio -> episodes.build_episodes -> render.render_feed -> publish.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Heading(BaseModel):
    """An ATX heading of the record body (outside code blocks and the transcript block), as written."""

    model_config = ConfigDict(frozen=True)

    level: int = Field(ge=1, le=6)
    text: str  # raw heading text after the `#`s, not yet cleaned of stray markup
    line: int  # 1-based line number in the record file
    offset: int  # character offset of the heading in Record.body (for proportional chapter timing)


class Record(BaseModel):
    """One markdown episode record (one episode in one language), as read from disk."""

    model_config = ConfigDict(frozen=True)

    path: Path  # absolute path of the file
    rel: str  # path relative to the episodes dir, POSIX separators: what messages show
    lang: str  # normalised language code, e.g. "es", "pt-br"
    lang_explicit: bool  # True when front matter `lang` set it
    title: str
    number: int | None = None
    permalink: str | None = None
    guid: str | None = None  # front matter `guid`, when set
    date: datetime  # timezone-aware
    tags: list[str] = []
    guests: list[str] = []
    image: str | None = None  # front matter `image`, else `img`, as written (relative or absolute)
    summary: str | None = None
    description: str | None = None
    embed_id: str  # 8 lower-case hex digits from the transistor.html include
    embed_title: str | None = None  # the include's title attribute
    youtube_id: str | None = None  # a checked 11-character YouTube id, placeholders dropped
    body: str  # markdown body with the includes, the wrapping <div> and the transcript block removed
    body_line: int  # 1-based line number in the file where `body` starts
    headings: list[Heading] = []
    transcript: str | None = None  # inner HTML of the transcript <details> block, None when empty
    front_matter: dict[str, Any] = {}  # every front matter key as parsed (unknown keys kept)


class TranscriptRef(BaseModel):
    """A transcript file Transistor serves for the audio."""

    model_config = ConfigDict(frozen=True)

    url: str
    type: str
    language: str | None = None


class AudioMeta(BaseModel):
    """What Transistor knows about one embed id: everything the item's audio tags need. Pinned in the lock."""

    model_config = ConfigDict(frozen=True)

    embed_id: str
    url: str  # enclosure URL exactly as the host publishes it (analytics prefixes kept)
    length: int = Field(gt=0)  # bytes
    type: str  # MIME type
    duration: int = Field(gt=0)  # seconds
    guid: str | None = None  # Transistor's own RSS guid, when known
    episode: int | None = None
    season: int | None = None
    episode_type: str | None = None  # full / trailer / bonus
    pub_date: datetime | None = None
    image: str | None = None
    title: str | None = None
    transcripts: list[TranscriptRef] = []
    chapters_url: str | None = None
    source: str = "rss"  # where it was resolved: rss, api, head, sample


class LedgerItem(BaseModel):
    """One item ever published in one feed (kept in the lock's ledger under its guid, which never changes)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = ""  # the record that produces it (relative to the episodes dir); "" when adopted from a feed file
    embed_id: str | None = None
    first_published: datetime | None = None  # the item's pubDate when it entered the feed: content, never the clock
    enclosure: str | None = None  # the enclosure URL last published
    removed: bool = False  # dropped with `edtfeed publish --remove`; never published again under this guid
