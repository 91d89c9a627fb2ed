"""Pictures pasted into notes as data: URIs become content-addressed files; anything else is removed, said once."""

from __future__ import annotations

import base64
import hashlib

from pathlib import Path

import pytest
from click.testing import CliRunner

from edtfeed.cli import main
from edtfeed.read.inline_images import MAX_IMAGE_BYTES, extract_inline_images, image_kind
from tests.sample_show import copy_sample_show

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
GIF = b"GIF89a\x01\x00\x01\x00" + bytes(16)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def uri(data: bytes, mime: str = "image/jpeg") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def url_for(name: str) -> str:
    return f"https://site.example/feeds/en/images/{name}"


def name_of(data: bytes, ext: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{ext}"


def test_html_and_markdown_pictures_become_urls_to_content_addressed_files() -> None:
    text = (f'Intro\n\n<img src="{uri(JPEG)}" alt="chart">\n\n![map]({uri(WEBP, "image/webp")})\n'
            f"<img src='{uri(PNG, 'image/png')}'> <img src={uri(GIF, 'image/gif')}>\n")
    out = extract_inline_images(text, url_for)
    assert "data:" not in out.text
    names = [image.name for image in out.images]
    assert names == [name_of(JPEG, "jpg"), name_of(WEBP, "webp"), name_of(PNG, "png"), name_of(GIF, "gif")]
    assert f'<img src="{url_for(names[0])}" alt="chart">' in out.text
    assert f"![map]({url_for(names[1])})" in out.text
    assert [image.data for image in out.images] == [JPEG, WEBP, PNG, GIF]
    assert out.warnings == ()


def test_the_same_picture_twice_is_one_file_and_the_name_is_stable() -> None:
    text = f'<img src="{uri(JPEG)}">\n<img src="{uri(JPEG)}">'
    first, again = extract_inline_images(text, url_for), extract_inline_images(text, url_for)
    assert len(first.images) == 1
    assert first == again
    assert first.text.count(url_for(name_of(JPEG, "jpg"))) == 2


def test_the_bytes_decide_the_kind_not_the_declared_type() -> None:
    out = extract_inline_images(f'<img src="{uri(PNG, "image/jpeg")}">', url_for)
    assert out.images[0].name.endswith(".png")


@pytest.mark.parametrize(("data_uri", "said"), [
    (uri(SVG, "image/svg+xml"), "not a JPEG, PNG, WebP or GIF"),
    (uri(b"%PDF-1.7 ...", "application/pdf"), "`data:application/pdf`"),
    ("data:image/png;base64,iVBORw0KGgo!!!broken", "base64 is broken"),
    ("data:image/svg+xml,%3Csvg%3E%3C/svg%3E", "only base64-encoded"),
])
def test_anything_else_is_removed_with_a_warning_on_its_line(data_uri: str, said: str) -> None:
    text = f'First line\nSecond <img src="{data_uri}" alt="x"> after\n![m]({data_uri})\n'
    out = extract_inline_images(text, url_for)
    assert out.text == "First line\nSecond  after\n\n"
    assert out.images == ()
    assert [line for line, _ in out.warnings] == [2, 3]
    assert all(said in message for _, message in out.warnings)


def test_a_picture_over_the_bound_is_refused_before_decoding() -> None:
    payload = "A" * ((MAX_IMAGE_BYTES // 3 + 1) * 4)
    out = extract_inline_images(f'<img src="data:image/jpeg;base64,{payload}">', url_for)
    assert out.images == () and "over 16 MiB" in out.warnings[0][1]


def test_prose_and_other_urls_are_left_alone() -> None:
    text = 'Big data:analysis, metadata: x,y <a href="https://e.org/data:1,2">link</a> `data:image/png;base64,AA`\n'
    assert extract_inline_images(text, url_for).text == text


def test_a_three_megabyte_record_loses_its_base64() -> None:
    picture = JPEG + bytes(1_500_000)
    text = f'# Notes\n<p><img src="{uri(picture)}"></p>\n<img src="{uri(WEBP + bytes(700_000), "image/webp")}">\n'
    assert len(text) > 2_900_000
    out = extract_inline_images(text, url_for)
    assert len(out.text) < 300 and len(out.images) == 2


@pytest.mark.parametrize(("data", "kind"), [(JPEG, "jpg"), (PNG, "png"), (GIF, "gif"), (b"GIF87a" + bytes(4), "gif"),
                                            (WEBP, "webp"), (SVG, None), (b"RIFF\x00\x00\x00\x00WAVE", None), (b"", None)])
def test_image_kind(data: bytes, kind: str | None) -> None:
    assert image_kind(data) == kind


# -- through publish ---------------------------------------------------------------------------------------------


def _paste(record: Path, *uris: str) -> None:
    text = record.read_text(encoding="utf-8")
    record.write_text(text + "\n" + "\n".join(f'<img src="{u}" alt="pasted">' for u in uris) + "\n", encoding="utf-8")


def test_publish_writes_pasted_pictures_once_and_prunes_them_when_the_notes_drop_them(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    record = tmp_path / "episodes/edt-1/en/episode.md"
    original = record.read_text(encoding="utf-8")
    _paste(record, uri(JPEG), uri(SVG, "image/svg+xml"))
    first = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    line = original.count("\n") + 3  # the SVG's line in the file
    assert (f"edt-1/en/episode.md:{line}: warning: removed an inline `data:image/svg+xml` from the notes: it is "
            "not a JPEG, PNG, WebP or GIF picture") in first.output
    picture = tmp_path / "feeds/en/images" / name_of(JPEG, "jpg")
    assert picture.read_bytes() == JPEG
    feed = (tmp_path / "feeds/en/feed.xml").read_text(encoding="utf-8")
    assert f"https://www.example.org/feeds/en/images/{name_of(JPEG, 'jpg')}" in feed and "data:" not in feed
    assert not (tmp_path / "feeds/es/images").exists()

    record.write_text(original, encoding="utf-8")
    second = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline"], catch_exceptions=False)
    assert second.exit_code == 0, second.output
    assert not picture.exists()  # no item points at it any more: pruned like a chapters file


def test_a_carried_item_keeps_its_pictures(tmp_path: Path) -> None:
    """A record that breaks is carried as it was published: the pictures its notes point at stay."""
    config = copy_sample_show(tmp_path)
    record = tmp_path / "episodes/edt-1/en/episode.md"
    _paste(record, uri(PNG, "image/png"))
    assert CliRunner().invoke(main, ["--config", str(config), "publish", "--offline"]).exit_code == 0
    record.write_text(record.read_text(encoding="utf-8").replace("date: ", "date: not a date ", 1), encoding="utf-8")
    broken = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline"], catch_exceptions=False)
    assert broken.exit_code == 1, broken.output
    assert name_of(PNG, "png") in (tmp_path / "feeds/en/feed.xml").read_text(encoding="utf-8")  # carried
    assert (tmp_path / "feeds/en/images" / name_of(PNG, "png")).read_bytes() == PNG
