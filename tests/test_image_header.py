"""Artwork headers: size, format and colour from PNG IHDR and JPEG SOF without decoding pixels."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from edtfeed.validate.image_header import (
    ImageHeaderError,
    ImageInfo,
    colour_problem,
    format_problem,
    inspect_image,
    size_problem,
    square_problem,
)
from tests.feedkit import jpeg_header, png_header


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("colour_type", "mode"), [(0, "grayscale"), (2, "RGB"), (3, "RGB (indexed)"),
                                                    (4, "grayscale+alpha"), (6, "RGBA")])
def test_png_header(tmp_path: Path, colour_type: int, mode: str) -> None:
    info = inspect_image(write(tmp_path, "a.png", png_header(2000, 1500, colour_type)))
    assert info == ImageInfo(format="PNG", width=2000, height=1500, mode=mode)


@pytest.mark.parametrize(("components", "mode"), [(1, "grayscale"), (3, "RGB"), (4, "CMYK")])
def test_jpeg_header(tmp_path: Path, components: int, mode: str) -> None:
    info = inspect_image(write(tmp_path, "a.jpg", jpeg_header(1400, 3000, components)))
    assert info == ImageInfo(format="JPEG", width=1400, height=3000, mode=mode)


def test_progressive_jpeg_and_fill_bytes(tmp_path: Path) -> None:
    data = jpeg_header(1600, 1600, sof=0xC2)
    data = data[:2] + b"\xff" + data[2:]  # a fill byte before the first marker is legal
    assert inspect_image(write(tmp_path, "p.jpg", data)).width == 1600


def test_huffman_table_marker_is_not_a_frame(tmp_path: Path) -> None:
    dht = b"\xff\xc4\x00\x04\x00\x00"
    data = jpeg_header(1500, 1500)
    assert inspect_image(write(tmp_path, "h.jpg", data[:2] + dht + data[2:])).height == 1500


@pytest.mark.parametrize("data", [png_header(3000, 3000)[:20], jpeg_header(3000, 3000)[:24], b"\xff\xd8\xff\xda"])
def test_truncated_headers_are_errors(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImageHeaderError):
        inspect_image(write(tmp_path, "t.bin", data))


def test_other_formats_are_named(tmp_path: Path) -> None:
    assert inspect_image(write(tmp_path, "g.png", b"GIF89a" + b"\x00" * 20)).format == "GIF"
    info = inspect_image(write(tmp_path, "w.jpg", b"RIFF\x00\x00\x00\x00WEBPVP8 "))
    assert format_problem(Path("w.jpg"), info) == "w.jpg is WEBP, not JPEG or PNG"


class CountingReader(io.BufferedReader):
    """Counts the bytes handed out, so a test can prove pixel data is never read."""

    total = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        CountingReader.total += len(data)
        return data


@pytest.mark.parametrize(("name", "header"), [("big.png", png_header(3000, 3000)), ("big.jpg", jpeg_header(3000, 3000))])
def test_only_the_header_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, header: bytes) -> None:
    path = write(tmp_path, name, header + b"\x00" * 5_000_000)
    monkeypatch.setattr(Path, "open", lambda self, mode="rb": CountingReader(io.FileIO(self, "r")))
    CountingReader.total = 0
    assert inspect_image(path).width == 3000
    assert 0 < CountingReader.total < 100


@pytest.mark.parametrize(("width", "height", "size", "square"), [
    (1400, 1400, None, None), (3000, 3000, None, None), (1399, 1399, "1399x1399 px is outside 1400-3000 px", None),
    (3001, 3001, "3001x3001 px is outside 1400-3000 px", None), (1400, 3000, None, "1400x3000 px is not square"),
])
def test_size_and_square(width: int, height: int, size: str | None, square: str | None) -> None:
    info = ImageInfo(format="PNG", width=width, height=height, mode="RGB")
    assert size_problem(info) == size
    assert square_problem(info) == square


def test_colour_and_format_messages() -> None:
    assert colour_problem(ImageInfo(format="JPEG", width=1, height=1, mode="CMYK")) == "colour model is CMYK, not RGB"
    assert colour_problem(ImageInfo(format="PNG", width=1, height=1, mode="RGBA")) is None
    assert format_problem(Path("c.JPG"), ImageInfo(format="JPEG")) is None
    assert format_problem(Path("c.png"), ImageInfo(format="JPEG")) == "c.png is really JPEG but its extension says PNG"
