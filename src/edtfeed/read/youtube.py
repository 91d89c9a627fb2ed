"""YouTube video ids from the forms records hold them in: bare ids, every URL shape, and placeholders.

Records copied from a template keep `id="url"` or `video: https://youtu.be/` until the video exists; those mean
"no video", never a link to a broken page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# 11-character words a template might hold instead of an id.
_PLACEHOLDERS = frozenset({"placeholder", "xxxxxxxxxxx"})
_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"})
_SHORT_HOSTS = frozenset({"youtu.be"})
_PATH_PREFIXES = ("embed", "shorts", "live", "v", "e")


def _checked(candidate: str | None) -> str | None:
    if candidate and _ID.fullmatch(candidate) and candidate.lower() not in _PLACEHOLDERS:
        return candidate
    return None


def youtube_id(value: str | None) -> str | None:
    """The 11-character video id of a bare id or any YouTube URL; None for placeholders and anything else."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _ID.fullmatch(text):
        return _checked(text)
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in _SHORT_HOSTS:
        return _checked(segments[0]) if segments else None
    if host not in _HOSTS:
        return None
    if segments == ["watch"] or not segments:
        return _checked(next(iter(parse_qs(parts.query).get("v", [])), None))
    if len(segments) >= 2 and segments[0] in _PATH_PREFIXES:
        return _checked(segments[1])
    return None


def watch_url(video_id: str, start: int | None = None) -> str:
    """The canonical watch page of a video id (the link show notes and feeds carry), optionally deep-linked to a
    second (`&t=SECONDSs`, what chapter links use)."""
    if _checked(video_id) is None:
        raise ValueError(f"{video_id!r} is not a YouTube video id (11 characters of A-Z a-z 0-9 _ -)")
    url = f"https://www.youtube.com/watch?v={video_id}"
    return url if start is None else f"{url}&t={start}s"
