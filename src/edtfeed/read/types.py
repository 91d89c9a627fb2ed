"""What the read stage returns: one Record per episode file, with the headings of its body."""

from __future__ import annotations

import functools
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import zstandard
from pydantic import BaseModel, ConfigDict, model_validator

# Record bodies are held packed: a build keeps every record of the show in memory (10,000 at the benchmark size)
# while the language workers fork from it, and as text a body was ~6 KB of a ~15 KB record on the benchmark, twice
# that in real notes (one character beyond Latin-1, such as a curly quote, makes every character 2 bytes).
# zstd level 1 packs the benchmark's bodies to ~45 % of their UTF-8 in ~40 us each and unpacks one in ~20 us;
# zlib took twice as long both ways for the same size, lz4 half the time for 1.6 times the size.
_PACK_LEVEL = 1
_codecs = threading.local()  # zstandard contexts are cheap to reuse but must not be used by two threads at once


def pack_text(text: str) -> bytes:
    """`text` as zstd-compressed UTF-8 (Record.packed_body)."""
    compressor = getattr(_codecs, "compressor", None)
    if compressor is None:
        compressor = _codecs.compressor = zstandard.ZstdCompressor(level=_PACK_LEVEL)
    # A copy: zstandard returns its output in a block of the worst-case size (about the input's), which the
    # bytes object keeps; the copy holds only the packed size.
    return bytes(memoryview(compressor.compress(text.encode("utf-8"))))


@functools.lru_cache(maxsize=16)
def unpack_text(packed: bytes) -> str:
    """The text pack_text packed. Memoised for the last few bodies: a stage reads one record's body several times
    in a row (chapters, summary, show notes); a 10,000-record build asks 140,000 times and unpacks 20,000."""
    decompressor = getattr(_codecs, "decompressor", None)
    if decompressor is None:
        decompressor = _codecs.decompressor = zstandard.ZstdDecompressor()
    return decompressor.decompress(packed).decode("utf-8")


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


class Record(BaseModel):
    """One markdown episode record (one episode in one language), as read from disk.

    Construct it with `body=` (text); it keeps the body packed (`packed_body`) and `body` unpacks it.
    """

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
    # pack_text of the markdown body with the includes, the wrapping <div> and the transcript block removed
    packed_body: bytes
    body_line: int  # 1-based line number in the file where `body` starts
    headings: list[Heading] = []
    transcript: str | None = None  # inner HTML of the transcript <details> block, None when empty
    # The front matter keys later stages read that have no field above (records.KEPT_FRONT_MATTER), as parsed.
    front_matter: dict[str, Any] = {}

    @model_validator(mode="before")
    @classmethod
    def _pack_body(cls, data: Any) -> Any:
        """Accept the body as text (`body=`), as every caller has it."""
        if isinstance(data, dict) and isinstance(data.get("body"), str):
            data = {**data, "packed_body": pack_text(data["body"])}
            del data["body"]
        return data

    @property
    def body(self) -> str:
        """The markdown body (see packed_body)."""
        return unpack_text(self.packed_body)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Record:
        """BaseModel.model_copy, with `body` in `update` packed as the constructor packs it (BaseModel would
        store it unchecked, beside the property, where nothing reads it)."""
        if update and "body" in update:
            update = {**update, "packed_body": pack_text(update["body"])}
            del update["body"]
        return super().model_copy(update=update, deep=deep)
