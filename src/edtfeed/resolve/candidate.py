"""What one source learned about one embed id, before it is complete enough to pin in the lock."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from urllib.parse import urlsplit

from pydantic import BaseModel, field_validator

from edtfeed.constants import MAX_EPISODE_SECONDS
from edtfeed.lock import AudioMeta, TranscriptRef

MAX_LENGTH = 10 * 1024**3  # bytes; larger is a host error, not an episode's audio


def _http_url(value: str | None) -> str | None:
    """Only http(s) URLs with a host reach a feed: javascript:, file: and data: from a host are refused."""
    if value is None:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ValueError("not a URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL with a host ({value[:60]!r})")
    if not value.isprintable() or " " in value:
        raise ValueError("the URL holds spaces or control characters")
    return value


class HostValues(BaseModel):
    """What a host said, checked before it is pinned: the lock and the feed only ever carry these."""

    url: str
    image: str | None = None
    chapters_url: str | None = None
    transcripts: list[TranscriptRef] = []

    _urls = field_validator("url", "image", "chapters_url")(_http_url)

    @field_validator("transcripts")
    @classmethod
    def _transcript_urls(cls, value: list[TranscriptRef]) -> list[TranscriptRef]:
        for ref in value:
            _http_url(ref.url)
        return value


@dataclass
class Candidate:
    """AudioMeta with every field optional, plus why Transistor cannot give final metadata yet (if so)."""

    embed_id: str
    source: str
    url: str | None = None
    length: int | None = None
    type: str | None = None
    duration: int | None = None
    guid: str | None = None
    episode: int | None = None
    season: int | None = None
    episode_type: str | None = None
    pub_date: datetime | None = None
    image: str | None = None
    title: str | None = None
    transcripts: list[TranscriptRef] = field(default_factory=list)
    chapters_url: str | None = None
    not_ready: str | None = None  # e.g. "audio is still processing on Transistor"

    @classmethod
    def from_meta(cls, meta: AudioMeta) -> Candidate:
        """A pinned entry as a candidate: what an unchanged source (HTTP 304) still says."""
        return cls(**{f.name: getattr(meta, f.name) for f in fields(cls) if f.name != "not_ready"})

    @property
    def needs_probe(self) -> bool:
        """Ready, but the byte length or MIME type must come from the media host."""
        return self.not_ready is None and self.url is not None and (not self.length or not self.type)

    @property
    def implausible(self) -> str | None:
        """Why a length or duration cannot be an episode's (a warning: not pinned, asked again next run)."""
        if self.duration is not None and self.duration > MAX_EPISODE_SECONDS:
            return f"its duration of {self.duration} s is over {MAX_EPISODE_SECONDS // 3600} hours"
        if self.length is not None and self.length > MAX_LENGTH:
            return f"its length of {self.length} bytes is over {MAX_LENGTH // 1024**3} GB"
        return None

    def to_meta(self) -> AudioMeta:
        """The final, lock-worthy metadata; call only when not_ready is None and nothing is missing.

        ValidationError when a host value is unusable (a non-http URL, a length that is not positive).
        """
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "not_ready"}
        HostValues.model_validate(data)
        return AudioMeta.model_validate(data)
