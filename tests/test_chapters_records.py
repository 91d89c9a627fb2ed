"""Chapters from records as the reader reads them from disk: the real-world heading oddities end to end."""

from __future__ import annotations

from pathlib import Path

from edtfeed.config import ChaptersConfig
from edtfeed.episodes.chapters import build_chapters
from edtfeed.read.records import read_record

FIXTURES = Path(__file__).parent / "fixtures" / "records"

ODD_RECORD = """---
title: "Architectures, Then and Now"
permalink: episode-ODD1-fr
lang: fr
date: 2020-05-07
---

<div>
{% include transistor.html id="0badcafe" title="#1 Architectures" %}
</div>

Une introduction.

#Pas un titre

## Piles matérielles&nbsp;:

Texte.

## Piles matérielles

Encore du texte.

## Architectures **cloud** et [conteneurs](https://example.org)

Texte.

## Conclusion-->Conclusion

Fin.
"""


def titles(path: Path, root: Path, duration: int = 1800, levels: tuple[int, ...] = (2,)) -> list[str]:
    record = read_record(path, root, default_lang="en", tz="UTC")
    return [c.title for c in build_chapters(record, duration, ChaptersConfig(levels=list(levels))).chapters]


def test_stray_tags_duplicates_entities_markdown_and_arrows(tmp_path: Path) -> None:
    path = tmp_path / "odd" / "fr" / "episode.md"
    path.parent.mkdir(parents=True)
    path.write_text(ODD_RECORD, encoding="utf-8")
    assert titles(path, tmp_path) == ["Architectures, Then and Now", "Piles matérielles",
                                      "Architectures cloud et conteneurs", "Conclusion"]


def test_html_suffixes_and_sub_levels_from_the_reader() -> None:
    path = FIXTURES / "ep-7" / "en" / "episode.md"
    assert titles(path, FIXTURES) == ["Lighthouses and Latency", "Signals Before Wires"]
    assert titles(path, FIXTURES, levels=(2, 3))[1:] == ["Signals Before Wires", "Reading the Fog"]


def test_code_blocks_glued_hashes_closing_sequences_and_transcript_headings_are_not_chapters() -> None:
    path = FIXTURES / "ep-12" / "ar" / "episode.md"
    assert titles(path, FIXTURES)[1:] == ["أجهزة الاستشعار على الساحل", "المستقبل"]
