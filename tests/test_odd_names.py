"""Record file names as they are found on real disks: a latin-1 byte (not UTF-8), a control character, and a
permalink whose output name fits the file system although a naive temp name beside it would not."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from edtfeed.errors import EXIT_OK, EXIT_PROBLEMS
from tests.ops import assert_clean, assert_next_run_is_fresh, edtfeed, published_show

RECORD = "edt-1/en/episode.md"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the file system must accept any byte in a name")
@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_names_that_are_not_utf8_or_hold_control_characters_are_reported_escaped_and_skipped(
    tmp_path: Path, cache: bool
) -> None:
    root = published_show(tmp_path / "show")
    source = (root / "episodes" / RECORD).read_bytes()
    folder = os.fsencode(root / "episodes" / "edt-1")
    for name in (b"caf\xe9.md", b"new\nline.md"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(source)
    feed = (root / "feeds" / "en" / "feed.xml").read_bytes()

    done = edtfeed(root, "publish", "--offline", *(() if cache else ("--no-cache",)))

    assert_clean(done, EXIT_PROBLEMS, r"edt-1/caf\xe9.md: error: the file name is not UTF-8 (shown escaped)",
                 r"edt-1/new\nline.md: error: the file name holds control characters")
    assert (root / "feeds" / "en" / "feed.xml").read_bytes() == feed, "the rest publishes as before"
    json_run = edtfeed(root, "publish", "--offline", "--format", "json")
    assert_clean(json_run, EXIT_PROBLEMS, r'"file": "edt-1/caf\\xe9.md"')
    for name in (b"caf\xe9.md", b"new\nline.md"):
        os.unlink(os.path.join(folder, name))
    assert_next_run_is_fresh(root, tmp_path)


def test_a_permalink_whose_name_just_fits_is_published(tmp_path: Path) -> None:
    root = published_show(tmp_path / "show")
    record = root / "episodes" / RECORD
    permalink = "p" * 244  # its chapters file `<permalink>.json` is 249 bytes: fits 255, its temp name did not
    record.write_text(record.read_text(encoding="utf-8").replace("permalink: episode-SAMPLE1-en",
                                                                 f"permalink: {permalink}"), encoding="utf-8")
    done = edtfeed(root, "publish", "--offline")
    assert_clean(done, EXIT_OK)
    assert (root / "feeds" / "en" / "chapters" / f"{permalink}.json").is_file()
    assert not [p for p in (root / "feeds").rglob("*.tmp")]
    assert_next_run_is_fresh(root, tmp_path)
