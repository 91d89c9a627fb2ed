"""Pictures pasted into the notes as `data:` URIs, turned into files a feed can point at.

Why: real weekly briefs paste their pictures into the notes (`<img src="data:image/jpeg;base64,…">`), 1.4-3 MB per
record. Published as they are, a feed that directories fetch every hour carries megabytes of base64, and the notes
cut at TEXT_MAX broke the picture in the middle. Each picture is decoded (bounded), kept only when its bytes are a
JPEG, PNG, WebP or GIF (what Apple Podcasts and browsers show; the declared type is not trusted), named by its
content so the name never changes while the picture does not, and its URI replaced by the URL the caller gives
that name. Anything else (an SVG, which can carry script, a PDF, broken base64) is removed with a warning.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_IMAGE_BYTES = 16 * 1024 * 1024  # one decoded picture; the record's own bound caps them all together
NAME_HEX = 16  # 64 bits of sha256: no two pictures of a site share a name
# First bytes -> extension. WebP is RIFF....WEBP, checked apart.
_MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF87a", "gif"), (b"GIF89a", "gif"))
# A data: URI where a URL stands: after a quote, `(` (markdown) or `=` (an unquoted attribute), never in prose.
_DATA_URI = re.compile(
    r"(?<=[\"'(=])data:(?P<type>[^,;\s\"'<>()]*)(?P<params>(?:;[^,;\s\"'<>()]*)*),(?P<payload>[^\s\"'<>()]*)",
    re.IGNORECASE)
# What is left of a picture whose URI was removed: an <img> with an empty src, a markdown image with no URL.
# Never across a line: the record's line numbers (in later messages) stay the file's.
_EMPTY_IMAGE = re.compile(r"<img\b[^<>\n]*?\bsrc\s*=\s*(?:\"\"|'')[^<>\n]*>|!\[[^\]\n]*\]\( *\)", re.IGNORECASE)


@dataclass(frozen=True)
class InlineImage:
    """One picture to write beside the feeds: its content-addressed file name and its bytes."""

    name: str  # <first NAME_HEX hex digits of sha256>.<ext>
    data: bytes


@dataclass(frozen=True)
class Extracted:
    """The text with every data: URI replaced or removed, the pictures (each once, in order of first use) and one
    warning per URI removed, with its line in the text (1-based)."""

    text: str
    images: tuple[InlineImage, ...] = ()
    warnings: tuple[tuple[int, str], ...] = ()


def extract_inline_images(text: str, url_for: Callable[[str], str]) -> Extracted:
    """`text` with each data: picture replaced by `url_for(name)`, and the pictures; see the module doc."""
    # The literal first: the pattern's look-behind at every position of every body was a noticeable share of
    # reading a large show, and almost no record holds a data: URI.
    if "data:" not in text.lower() or _DATA_URI.search(text) is None:
        return Extracted(text)
    images: dict[str, InlineImage] = {}
    warnings: list[tuple[int, str]] = []

    def replace(match: re.Match[str]) -> str:
        image, problem = _decode(match)
        if image is None:
            warnings.append((text.count("\n", 0, match.start()) + 1, problem))
            return ""
        images.setdefault(image.name, image)
        return url_for(image.name)

    rewritten = _DATA_URI.sub(replace, text)
    if warnings:
        rewritten = _EMPTY_IMAGE.sub("", rewritten)
    return Extracted(rewritten, tuple(images.values()), tuple(warnings))


def image_kind(data: bytes) -> str | None:
    """The extension of a JPEG, PNG, WebP or GIF by its first bytes; None for anything else."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return next((ext for magic, ext in _MAGIC if data.startswith(magic)), None)


def _decode(match: re.Match[str]) -> tuple[InlineImage | None, str]:
    declared = match.group("type").lower() or "text/plain"
    removed = f"removed an inline `data:{declared}` from the notes"
    if ";base64" not in match.group("params").lower():
        return None, f"{removed}: only base64-encoded JPEG, PNG, WebP and GIF pictures are published"
    payload = match.group("payload")
    if len(payload) // 4 * 3 > MAX_IMAGE_BYTES:
        return None, (f"{removed}: it is over {MAX_IMAGE_BYTES // (1024 * 1024)} MiB; make the picture smaller or "
                      "link to it")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None, f"{removed}: its base64 is broken (cut or mistyped); paste the picture again"
    ext = image_kind(data)
    if ext is None:
        return None, (f"{removed}: it is not a JPEG, PNG, WebP or GIF picture, the only kinds podcast apps and "
                      "browsers show; convert it to one of them")
    return InlineImage(f"{hashlib.sha256(data).hexdigest()[:NAME_HEX]}.{ext}", data), ""
