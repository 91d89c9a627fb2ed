"""Byte length and MIME type from the media host, for items whose source did not give them.

HEAD first (following the analytics and CDN redirects); hosts that refuse HEAD get a one-byte Range GET and the
size is read from Content-Range. The type comes from the host when it names an audio/video type, else from the
file extension. Each probe may count as a download for the show's statistics, so callers probe only once per
distinct media URL and pin the result.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from edtfeed.http import FetchError, HttpClient, ascii_int

EXTENSION_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".aac": "audio/aac",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/opus",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
}
DEFAULT_TYPE = "audio/mpeg"  # Transistor's media_url is documented as an MP3
_CONTENT_RANGE = re.compile(r"bytes\s+(?:[0-9]+-[0-9]+|\*)/([0-9]{1,20})", re.IGNORECASE | re.ASCII)


@dataclass(frozen=True)
class MediaInfo:
    length: int
    type: str


def probe_media(client: HttpClient, url: str) -> MediaInfo:
    """Length and type of the file at `url`; FetchError naming the URL when the host will not tell."""
    head = client.request("HEAD", url)
    head.close()
    length = _int(head.headers.get("Content-Length")) if head.status_code == 200 else None
    header_type = head.headers.get("Content-Type") if head.status_code == 200 else None
    status = head.status_code
    if length is None:
        ranged = client.request("GET", url, headers={"Range": "bytes=0-0"}, stream=True)
        try:
            status = ranged.status_code
            if ranged.status_code == 206:
                match = _CONTENT_RANGE.search(ranged.headers.get("Content-Range", ""))
                length = int(match.group(1)) if match else None
            elif ranged.status_code == 200:  # the host ignored Range: the full length is in the headers
                length = _int(ranged.headers.get("Content-Length"))
            header_type = header_type or ranged.headers.get("Content-Type")
        finally:
            ranged.close()
    if not length:
        raise FetchError(f"{url}: media length unavailable (HEAD and Range GET gave no size; last HTTP {status})")
    return MediaInfo(length, media_type(url, header_type))


def media_type(url: str, header: str | None) -> str:
    """The host's Content-Type when it is an audio/video type, else by file extension, else audio/mpeg."""
    if header:
        mime = header.split(";", 1)[0].strip().lower()
        if mime.startswith(("audio/", "video/")):
            return mime
    extension = posixpath.splitext(urlsplit(url).path)[1].lower()
    return EXTENSION_TYPES.get(extension, DEFAULT_TYPE)


def _int(value: str | None) -> int | None:
    return ascii_int(value) or None
