"""Where a Transistor embed id hides in URLs: share/player pages and media files, behind any analytics prefix.

The 8-hex embed id is the first path segment of the media URL and the id of the share page; real feeds wrap the
media URL in stats prefixes (op3.dev/e/, pdcn.co/e/, dts.podtrac.com/redirect.mp3/), so the patterns search
instead of anchoring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EMBED_ID = re.compile(r"[0-9a-f]{8}")
FROM_SHARE = re.compile(r"share\.transistor\.fm/(?:s|e)/([0-9a-f]{8})(?=[/?#\"']|$)", re.IGNORECASE)
FROM_MEDIA = re.compile(r"media\.transistor\.fm/([0-9a-f]{8})(?=[/.?])", re.IGNORECASE)


def normalise_embed_id(value: str) -> str | None:
    """The id in canonical form (lower case), or None when it is not 8 hex digits."""
    candidate = value.strip().lower()
    return candidate if EMBED_ID.fullmatch(candidate) else None


def ids_in_media_url(url: str) -> set[str]:
    """Embed ids in an enclosure / media URL (also behind analytics prefixes, also the legacy <E>.mp3 form)."""
    return {match.lower() for match in FROM_MEDIA.findall(url)}


def ids_in_share_url(url: str) -> set[str]:
    """Embed ids in share-page, player or share-file URLs (transcripts, chapters) and in embed HTML."""
    return {match.lower() for match in FROM_SHARE.findall(url)}


def ids_in(urls: Iterable[str | None]) -> set[str]:
    """Every embed id found in any of these URLs or HTML snippets."""
    found: set[str] = set()
    for url in urls:
        if url:
            found |= ids_in_media_url(url) | ids_in_share_url(url)
    return found
