"""What one source learned about one embed id, before it is complete enough to pin in the lock."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from edtfeed.lock import AudioMeta, TranscriptRef


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

    def to_meta(self) -> AudioMeta:
        """The final, lock-worthy metadata; call only when not_ready is None and nothing is missing."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "not_ready"}
        return AudioMeta.model_validate(data)
