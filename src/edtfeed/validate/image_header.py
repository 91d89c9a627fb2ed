"""Artwork facts from the file header only (PNG IHDR, JPEG SOF): size, format and colour model, no decoding.

A 3000x3000 cover is several megabytes of pixels; the header says all Apple checks need in a few dozen bytes,
so no imaging library is needed and a run over hundreds of episode images stays fast.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO, Literal

from pydantic import BaseModel, ConfigDict

ImageFormat = Literal["PNG", "JPEG", "GIF", "WEBP", "unknown"]

MIN_SIDE = 1400
MAX_SIDE = 3000

EXTENSION_FORMATS: dict[str, ImageFormat] = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG IHDR colour types (PNG spec 11.2.2); palette entries are RGB, so indexed images are in RGB colour space.
_PNG_COLOUR = {0: "grayscale", 2: "RGB", 3: "RGB (indexed)", 4: "grayscale+alpha", 6: "RGBA"}
# JPEG component counts: 1 is grayscale, 3 is YCbCr/RGB, 4 is CMYK/YCCK.
_JPEG_COLOUR = {1: "grayscale", 3: "RGB", 4: "CMYK"}
RGB_MODES = frozenset({"RGB", "RGB (indexed)", "RGBA"})
# SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01}


class ImageInfo(BaseModel):
    """What the header says: `format` from the magic bytes, size in pixels, colour model."""

    model_config = ConfigDict(frozen=True)

    format: ImageFormat
    width: int | None = None
    height: int | None = None
    mode: str | None = None


class ImageHeaderError(ValueError):
    """The file claims a format but its header is truncated or malformed."""


def sniff_format(head: bytes) -> ImageFormat:
    if head.startswith(_PNG_SIGNATURE):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return "unknown"


def _read(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise ImageHeaderError("file ends inside the image header")
    return data


def _png(handle: BinaryIO) -> ImageInfo:
    handle.seek(8)
    length, chunk = struct.unpack(">I4s", _read(handle, 8))
    if chunk != b"IHDR" or length != 13:
        raise ImageHeaderError("PNG does not start with an IHDR chunk")
    width, height, _depth, colour = struct.unpack(">IIBB", _read(handle, 10))
    return ImageInfo(format="PNG", width=width, height=height, mode=_PNG_COLOUR.get(colour, f"colour type {colour}"))


def _jpeg(handle: BinaryIO) -> ImageInfo:
    """Walk the marker segments, seeking over their payloads, until the first SOF frame header."""
    handle.seek(2)
    while True:
        byte = _read(handle, 1)
        if byte != b"\xff":
            raise ImageHeaderError("JPEG marker expected")
        marker = _read(handle, 1)[0]
        while marker == 0xFF:  # fill bytes
            marker = _read(handle, 1)[0]
        if marker in _STANDALONE:
            continue
        if marker in (0xD9, 0xDA):
            raise ImageHeaderError("JPEG has no frame header before its image data")
        (length,) = struct.unpack(">H", _read(handle, 2))
        if length < 2:
            raise ImageHeaderError("JPEG segment length is invalid")
        if marker in _SOF_MARKERS:
            _precision, height, width, components = struct.unpack(">BHHB", _read(handle, 6))
            mode = _JPEG_COLOUR.get(components, f"{components} components")
            return ImageInfo(format="JPEG", width=width, height=height, mode=mode)
        handle.seek(length - 2, 1)


def inspect_image(path: Path) -> ImageInfo:
    """Read only the header of `path`. Raises OSError when unreadable, ImageHeaderError when malformed."""
    with path.open("rb") as handle:
        kind = sniff_format(handle.read(12))
        if kind == "PNG":
            return _png(handle)
        if kind == "JPEG":
            return _jpeg(handle)
        return ImageInfo(format=kind)


def format_problem(path: Path, info: ImageInfo) -> str | None:
    """Why the file's real format is not acceptable for its name, or None."""
    expected = EXTENSION_FORMATS.get(path.suffix.lower())
    if info.format not in ("JPEG", "PNG"):
        return f"{path.name} is {info.format}, not JPEG or PNG"
    if expected is not None and expected != info.format:
        return f"{path.name} is really {info.format} but its extension says {expected}"
    return None


def size_problem(info: ImageInfo) -> str | None:
    if info.width is None or info.height is None:
        return None
    if not (MIN_SIDE <= info.width <= MAX_SIDE and MIN_SIDE <= info.height <= MAX_SIDE):
        return f"{info.width}x{info.height} px is outside {MIN_SIDE}-{MAX_SIDE} px"
    return None


def square_problem(info: ImageInfo) -> str | None:
    if info.width is None or info.height is None or info.width == info.height:
        return None
    return f"{info.width}x{info.height} px is not square"


def colour_problem(info: ImageInfo) -> str | None:
    if info.mode is None or info.mode in RGB_MODES:
        return None
    return f"colour model is {info.mode}, not RGB"


ASPECTS = ("format", "size", "square", "colour")  # one rule each: apple.artwork-<aspect>


def artwork_problems(path: Path) -> dict[str, str]:
    """What is wrong with a local artwork file, by aspect; a header that cannot be read is a format problem."""
    try:
        info = inspect_image(path)
    except (OSError, ImageHeaderError) as exc:
        return {"format": f"{path.name}: {exc}"}
    found = {
        "format": format_problem(path, info),
        "size": size_problem(info),
        "square": square_problem(info),
        "colour": colour_problem(info),
    }
    return {aspect: f"{path.name}: {problem}" if aspect != "format" else problem
            for aspect, problem in found.items() if problem}
