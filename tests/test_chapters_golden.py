"""Golden files for one sample episode: the JSON chapters file, the psc block and the show-notes timestamps.

Regenerate after an intended change with `EDTFEED_UPDATE_GOLDEN=1 python -m pytest tests/test_chapters_golden.py`
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from edtfeed.config import ChaptersConfig
from edtfeed.episodes.chapters import (
    build_chapters,
    record_slug,
)
from edtfeed.render.notes import description_timestamps
from edtfeed.render.sidecars import chapters_json
from edtfeed.render.item import psc_chapters
from edtfeed.render.xml import NAMESPACES
from tests.chapter_fixtures import make_record, section

GOLDEN = Path(__file__).parent / "golden" / "chapters"
DURATION = 2520
YOUTUBE = "a1B2c3D4e5F"

BODY = (
    "---\n\nA short welcome before the first topic.\n\n"
    + section(40)
    + "## 03:10 Why Edge Computing Matters<h2>\n\n" + section(120)
    + "## Data &amp; **Privacy** at the Edge:\n\n" + section(200)
    + "## Data &amp; Privacy at the Edge\n\n" + section(30)
    + "### A sub-topic stays inside its chapter\n\n" + section(60)
    + "## What Comes Next-->What Comes Next\n\n" + section(150)
)


def sample() -> tuple[bytes, bytes, bytes, str]:
    record = make_record(BODY, title="Edge Computing in Practice", permalink="episode-EDT42-en", youtube_id=YOUTUBE)
    chapters = build_chapters(record, DURATION, ChaptersConfig(opening="introduction")).chapters
    json_file = chapters_json(chapters, record.title, "Sample Show", YOUTUBE)
    item = etree.Element("item", nsmap={"psc": NAMESPACES["psc"]})
    psc = etree.tostring(psc_chapters(item, chapters, YOUTUBE), pretty_print=True, encoding="utf-8")
    timestamps = ("\n".join(description_timestamps(chapters, DURATION)) + "\n").encode("utf-8")
    return json_file, psc, timestamps, record_slug(record)


@pytest.mark.parametrize(("index", "name"), [(0, "{slug}.json"), (1, "{slug}.psc.xml"), (2, "{slug}.timestamps.txt")])
def test_sample_episode_matches_golden(index: int, name: str) -> None:
    outputs = sample()
    path = GOLDEN / name.format(slug=outputs[3])
    if os.environ.get("EDTFEED_UPDATE_GOLDEN"):
        path.write_bytes(outputs[index])  # type: ignore[arg-type]
    assert outputs[index] == path.read_bytes()
