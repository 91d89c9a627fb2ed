"""Chapters from headings: title cleaning, every timing source, spacing rules, translations, output forms."""

from __future__ import annotations

from collections.abc import Sequence
import json

import feedparser
import frontmatter
import pytest
from lxml import etree

from edtfeed.config import ChaptersConfig
from edtfeed.episodes.align import Cue
from edtfeed.episodes.chapters import (
    MIN_GAP,
    Chapter,
    ChapterList,
    ChapterTiming,
    ascii_slug,
    build_chapters,
    clean_title,
    may_be_explicit,
    parse_time,
    record_slug,
)
from tests.compose import share_timing
from edtfeed.read.types import Record
from edtfeed.render.item import psc_chapters
from edtfeed.render.notes import description_timestamps, timestamps_html
from edtfeed.render.sidecars import chapters_json
from edtfeed.timecode import format_clock
from tests.chapter_fixtures import make_record, section

DEFAULT = ChaptersConfig()


def starts(result: ChapterList) -> list[int]:
    return [chapter.start for chapter in result.chapters]


def titles(result: ChapterList) -> list[str]:
    return [chapter.title for chapter in result.chapters]


@pytest.mark.parametrize(("raw", "title", "start"), [
    ("Emerging Considerations<h2>", "Emerging Considerations", None),
    ("Service Hosting Options<h3>", "Service Hosting Options", None),
    ("Title</h2>", "Title", None),
    ("Conclusion-->Conclusion", "Conclusion", None),
    ("Conclusion-->Schlussfolgerung", "Schlussfolgerung", None),
    ("The Importance of Refactoring ", "The Importance of Refactoring", None),
    ("Looking Ahead:", "Looking Ahead", None),
    ("Q&amp;A with the team", "Q&A with the team", None),
    ("Caf&eacute; &#38; more", "Café & more", None),
    ("**Bold** and *em* with [a link](https://example.org) and `code`", "Bold and em with a link and code", None),
    ("Closing sequence ##", "Closing sequence", None),
    ("12:34 Timed title", "Timed title", 754),
    ("[12:34] Bracketed", "Bracketed", 754),
    ("(05:00) Parenthesised", "Parenthesised", 300),
    ("0:00 Welcome", "Welcome", 0),
    ("1:02:03 - Dashed", "Dashed", 3723),
    ("Trailing time (1:02:03)", "Trailing time", 3723),
    ("Trailing bracket [00:45]", "Trailing bracket", 45),
    ("99:99 not a time", "99:99 not a time", None),
    ("Année 2020 : bilan", "Année 2020 : bilan", None),
])
def test_clean_title(raw: str, title: str, start: int | None) -> None:
    assert clean_title(raw) == (title, start)


@pytest.mark.parametrize(("value", "seconds"), [
    ("12:34", 754), ("1:02:03", 3723), ("0:05", 5), ("00:00:07.500", 7), (754, 754), (12.9, 12),
    ("12:60", None), ("1:60:00", None), ("soon", None), (True, None), (-3, None),
])
def test_parse_time(value: str | int | float, seconds: int | None) -> None:
    assert parse_time(value) == seconds


def test_opening_chapter_uses_episode_title_or_localized_introduction() -> None:
    record = make_record("Some opening words.\n\n## First\n\nText.\n\n## Second\n\nMore.\n", title="Ep", lang="es")
    assert titles(build_chapters(record, 600, DEFAULT)) == ["Ep", "First", "Second"]
    intro = build_chapters(record, 600, ChaptersConfig(opening="introduction"))
    assert titles(intro) == ["Introducción", "First", "Second"]
    assert intro.chapters[0].start == 0 and not intro.chapters[0].estimated


def test_no_opening_chapter_when_body_starts_with_a_heading() -> None:
    record = make_record("---\n\n## First\n\nText.\n\n## Second\n\nMore.\n")
    result = build_chapters(record, 600, DEFAULT)
    assert titles(result) == ["First", "Second"] and result.chapters[0].start == 0


def test_levels_are_configurable_and_hash_without_space_is_not_a_heading() -> None:
    body = "Intro.\n\n#Not a heading\n\n## Two\n\n" + section(50) + "### Three\n\n" + section(50)
    record = make_record(body)
    assert titles(build_chapters(record, 900, DEFAULT)) == ["Sample Episode", "Two"]
    assert titles(build_chapters(record, 900, ChaptersConfig(levels=[2, 3]))) == ["Sample Episode", "Two", "Three"]
    assert titles(build_chapters(record, 900, ChaptersConfig(levels=[1]))) == []


def test_hash_without_space_is_no_chapter() -> None:
    body = "Intro.\n\n#Glued\n\n## Real\n\nText.\n"
    assert titles(build_chapters(make_record(body), 600, ChaptersConfig(levels=[1, 2]))) == ["Sample Episode", "Real"]


def test_consecutive_duplicate_headings_collapse() -> None:
    body = "Intro.\n\n## Topic\n\nA.\n\n## topic<h2>\n\nB.\n\n## Other\n\nC.\n\n## Topic\n\nD.\n"
    assert titles(build_chapters(make_record(body), 900, DEFAULT)) == ["Sample Episode", "Topic", "Other", "Topic"]


def test_no_usable_headings_means_no_chapters() -> None:
    assert build_chapters(make_record("Just text.\n"), 600, DEFAULT).chapters == []
    result = build_chapters(make_record("Text.\n\n## <h2>\n\nMore.\n"), 600, DEFAULT)
    assert result.chapters == [] and result.warnings and result.warnings[0][0] == 3


def test_times_in_headings_are_used_and_removed_from_titles() -> None:
    body = "Intro.\n\n## 02:00 Setup\n\nA.\n\n## [10:30] Results\n\nB.\n\n## Wrap-up (1:01:00)\n\nC.\n"
    result = build_chapters(make_record(body), 4000, DEFAULT)
    assert [(c.start, c.title, c.estimated) for c in result.chapters] == [
        (0, "Sample Episode", False), (120, "Setup", False), (630, "Results", False), (3660, "Wrap-up", False)]
    assert result.explicit


def test_heading_time_zero_replaces_the_opening_chapter() -> None:
    body = "Intro.\n\n## 0:00 Welcome\n\nA.\n\n## 5:00 Topic\n\nB.\n"
    result = build_chapters(make_record(body), 900, DEFAULT)
    assert [(c.start, c.title) for c in result.chapters] == [(0, "Welcome"), (300, "Topic")]


def test_bad_heading_times_are_ignored_with_a_warning() -> None:
    body = ("Intro.\n\n## 10:00 Later\n\n" + section(100) + "## 05:00 Earlier\n\n" + section(100)
            + "## 20:00 Past end\n\nC.\n")
    result = build_chapters(make_record(body), 900, DEFAULT)
    assert starts(result)[:2] == [0, 600]
    assert [c.estimated for c in result.chapters] == [False, False, True, True]
    assert [line for line, _ in result.warnings] == [7, 11]
    assert "not after the previous chapter" in result.warnings[0][1]
    assert "after the end of the audio" in result.warnings[1][1]


def test_front_matter_chapters_replace_heading_chapters() -> None:
    fm = {"chapters": [{"start": "1:30", "title": "Setup"}, {"start": 754, "title": "**Deep** dive"},
                       {"start": "1:00:00", "title": "End"}]}
    record = make_record("Intro.\n\n## 05:00 Heading\n\nText.\n", **fm, title="Ep")
    result = build_chapters(record, 4000, DEFAULT)
    assert [(c.start, c.title) for c in result.chapters] == [(0, "Ep"), (90, "Setup"), (754, "Deep dive"),
                                                             (3600, "End")]
    assert result.explicit and not result.warnings


def test_unquoted_yaml_times_in_front_matter_work() -> None:
    """YAML 1.1 reads `start: 12:34` as the base-60 number 754; that must mean 12:34, not 754 minutes."""
    fm = frontmatter.loads("---\nchapters:\n  - {start: 12:34, title: X}\n  - start: 1:02:03\n    title: Y\n---\n")
    result = build_chapters(make_record("Intro.\n", **fm.metadata, title="Ep"), 4000, DEFAULT)
    assert [(c.start, c.title) for c in result.chapters] == [(0, "Ep"), (754, "X"), (3723, "Y")]


@pytest.mark.parametrize(("chapters", "message"), [
    ("12:00", "must be a list"),
    ([{"start": "1:00"}], "needs both"),
    ([{"start": "later", "title": "X"}], "not a time"),
    ([{"start": "2:00", "title": "A"}, {"start": "1:00", "title": "B"}], "does not start after"),
    ([{"start": "99:00", "title": "A"}], "after the end of the audio"),
])
def test_bad_front_matter_chapters_fall_back_to_headings(chapters: object, message: str) -> None:
    record = make_record("Intro.\n\n## 05:00 Heading\n\nText.\n", chapters=chapters)
    result = build_chapters(record, 1800, DEFAULT)
    assert titles(result) == ["Sample Episode", "Heading"]
    assert message in result.warnings[0][1] and result.warnings[0][0] is None


def test_estimates_are_proportional_to_text_position() -> None:
    body = section(100) + "## A\n\n" + section(100) + "## B\n\n" + section(100) + "## C\n\n" + section(100)
    record = make_record(body)
    result = build_chapters(record, 4000, DEFAULT)
    assert titles(result) == ["Sample Episode", "A", "B", "C"]
    assert [c.estimated for c in result.chapters] == [False, True, True, True]
    for chapter in result.chapters[1:]:
        heading_offset = body.index(f"## {chapter.title}")
        assert chapter.start == round(heading_offset / len(body.rstrip()) * 4000)


def test_estimates_are_spaced_increasing_and_inside_the_duration() -> None:
    body = "Intro.\n\n" + "".join(f"## H{i}\n\nx.\n\n" for i in range(5)) + section(400)
    result = build_chapters(make_record(body), 600, DEFAULT)
    values = starts(result)
    assert values == sorted(set(values))
    assert all(b - a >= MIN_GAP for a, b in zip(values, values[1:]))
    assert values[-1] <= 600 - MIN_GAP
    assert all(isinstance(v, int) for v in values)


def test_too_many_headings_for_a_short_episode_keep_the_longest_sections() -> None:
    body = "Intro.\n\n## Tiny\n\nx.\n\n## Long\n\n" + section(300) + "## Tiny two\n\ny.\n\n## Last\n\n" + section(300)
    result = build_chapters(make_record(body), 100, DEFAULT)
    assert [(c.start, c.title) for c in result.chapters] == [(0, "Sample Episode"), (30, "Long"), (60, "Last")]
    assert [line for line, _ in result.warnings] == [3, 11]
    assert "'Tiny' dropped" in result.warnings[0][1]


def test_untimed_headings_are_placed_between_timed_ones() -> None:
    body = ("Intro.\n\n## 10:00 Anchor\n\n" + section(100) + "## Between\n\n" + section(100)
            + "## 30:00 Second anchor\n\n" + section(100))
    result = build_chapters(make_record(body), 3600, DEFAULT)
    assert [(c.title, c.estimated) for c in result.chapters] == [
        ("Sample Episode", False), ("Anchor", False), ("Between", True), ("Second anchor", False)]
    assert 600 + MIN_GAP <= result.chapters[2].start <= 1800 - MIN_GAP


def test_estimates_can_be_switched_off() -> None:
    untimed = make_record("Intro.\n\n## A\n\nx.\n\n## B\n\ny.\n")
    assert build_chapters(untimed, 600, ChaptersConfig(estimate=False)).chapters == []
    mixed = make_record("Intro.\n\n## 02:00 A\n\nx.\n\n## B\n\ny.\n\n## 08:00 C\n\nz.\n")
    result = build_chapters(mixed, 600, ChaptersConfig(estimate=False))
    assert titles(result) == ["Sample Episode", "A", "C"] and not result.estimated


def lists(*specs: tuple[list[int], bool]) -> list[ChapterList]:
    return [ChapterList(chapters=[Chapter(start=s, title=f"T{i}", estimated=est and i > 0)
                                  for i, s in enumerate(values)]) for values, est in specs]


def test_translations_share_the_explicit_record_times() -> None:
    en, es, fr = lists(([0, 100, 200], True), ([0, 150, 400], False), ([0, 90, 180], True))
    shared = share_timing({"en": en, "es": es, "fr": fr}, audio_language="en")
    assert starts(shared["en"]) == starts(shared["fr"]) == [0, 150, 400]
    assert not shared["en"].estimated and shared["en"].chapters[1].title == "T1"


def test_translations_share_the_audio_language_estimate_when_none_is_explicit() -> None:
    en, de, ja = lists(([0, 100, 200], True), ([0, 120, 240], True), ([0, 50], True))
    shared = share_timing({"en": en, "de": de, "ja": ja}, audio_language="de")
    assert starts(shared["en"]) == [0, 120, 240] and shared["en"].estimated
    assert starts(shared["ja"]) == [0, 120]  # one heading fewer: its two chapters match the reference's first two


def _titled(times: list[int], titles: list[str], source: str = "host-transcript") -> ChapterList:
    return ChapterList([Chapter(start=t, title=title, estimated=bool(t) and source == "estimate",
                                source="opening" if not t else source,
                                confidence=None if not t else 0.8, matched=() if not t else (title.split()[-1],))
                        for t, title in zip(times, titles)])


def test_a_translation_with_one_heading_more_and_one_fewer_takes_the_audio_times() -> None:
    """One audio, one time per matched chapter in every feed; the others increase between their neighbours."""
    en = _titled([0, 130, 420, 900, 1500, 2100],
                 ["Welcome", "What is Rust?", "The Rust compiler at Mozilla", "Ownership and borrowing",
                  "Rust in 2022", "Goodbye"])
    # Spanish splits "Ownership and borrowing" in two; German leaves the compiler out.
    es = _titled([0, 100, 400, 800, 1000, 1600, 2000],
                 ["Bienvenida", "¿Qué es Rust?", "El compilador de Rust en Mozilla", "Propiedad", "Préstamos",
                  "Rust en 2022", "Despedida"], "estimate")
    de = _titled([0, 200, 1000, 1700, 2200],
                 ["Willkommen", "Was ist Rust?", "Ownership und Borrowing",
                  "Rust im Jahr 2022", "Tschüss"], "estimate")
    shared = share_timing({"en": en, "es": es, "de": de}, audio_language="en", duration=2400)
    audio = {c.title: c.start for c in en.chapters}
    assert starts(shared["es"])[:3] == [0, 130, 420] and starts(shared["es"])[-2:] == [1500, 2100]
    middle = shared["es"].chapters[3:5]  # one of them is matched to 900, the other estimated beside it
    assert sorted(c.start for c in middle if not c.estimated) == [900]
    assert [c.source for c in middle if c.estimated] == ["estimate"]
    assert starts(shared["de"]) == [0, 130, 900, 1500, 2100]
    assert shared["de"].chapters[1].source == "host-transcript" and shared["de"].chapters[1].matched == ("Rust?",)
    for lang in ("es", "de"):
        times = starts(shared[lang])
        assert times == sorted(set(times)) and all(b - a >= 30 for a, b in zip(times, times[1:]))
        assert set(times) - set(audio.values()) == {c.start for c in shared[lang].chapters if c.estimated}


def test_two_explicit_translations_keep_their_own_times() -> None:
    en, es = lists(([0, 100, 200], False), ([0, 110, 210], False))
    shared = share_timing({"en": en, "es": es}, audio_language="en")
    assert starts(shared["es"]) == [0, 110, 210]


def test_chapter_timing_gives_each_record_what_share_timing_gives_its_translations() -> None:
    """ChapterTiming keeps only each episode's reference starts; a record's list must still equal the shared one."""
    body = "Intro.\n\n" + section(300) + "## A\n\n" + section(100) + "## B\n\n" + section(600)
    en = make_record("Intro.\n\n" + section(50) + "## 05:00 A\n\n" + section(50) + "## 20:00 B\n\nEnd.\n",
                     lang="en", rel="ep/en/episode.md")
    es = make_record(body, lang="es", rel="ep/es/episode.md")
    es_again = make_record(body, lang="es", rel="ep/es/copy.md")  # a second es record keeps its own timing
    de = make_record(body, lang="de", rel="ep/de/episode.md", embed_id="0badf00d")  # no audio: no chapters
    timing = ChapterTiming.of([en, es, es_again, de], {"cea47899": 1800}, DEFAULT, "en")
    own = {record.lang: build_chapters(record, 1800, DEFAULT) for record in (en, es)}
    shared = share_timing(own, "en")
    assert timing.chapters(es) == shared["es"] and starts(shared["es"]) == [0, 300, 1200]
    assert timing.chapters(en) == shared["en"]
    assert timing.chapters(es_again) == own["es"] != shared["es"]
    assert timing.chapters(de) is None


EXPLICIT_CASES = [  # (body, front matter): every way a list can come out explicit, and some that cannot
    ("Intro.\n\n## 05:00 A\n\nx.\n\n## 20:00 B\n\ny.\n", {}),
    ("## 0:00 Welcome\n\nx.\n\n## Topic (1:02)\n\ny.\n", {}),
    ("Intro.\n\n## 12&#58;34 Entity colon\n\nx.\n", {}),
    ("Intro.\n\n## A\n\nx.\n\n## B\n\ny.\n", {"chapters": [{"start": "1:00", "title": "Later"}]}),
    ("Intro.\n\n## A\n\nx.\n\n## B\n\ny.\n", {}),
    ("## A\n\nx.\n\n## B\n\ny.\n\n## C\n\nz.\n", {}),
    ("Intro.\n\n## Only\n\nx.\n", {}),
]


@pytest.mark.parametrize(("body", "front_matter"), EXPLICIT_CASES)
@pytest.mark.parametrize("duration", [40, 59, 60, 90, 1800])
@pytest.mark.parametrize("config", [DEFAULT, ChaptersConfig(estimate=False)])
def test_may_be_explicit_never_misses_an_explicit_list(body: str, front_matter: dict, duration: int,
                                                       config: ChaptersConfig) -> None:
    """ChapterTiming.of skips lists may_be_explicit rules out: that must never skip an explicit one."""
    record = make_record(body, **front_matter)
    if build_chapters(record, duration, config).explicit:
        assert may_be_explicit(record, duration)


def test_may_be_explicit_rules_out_untimed_headings_with_enough_audio() -> None:
    record = make_record("Intro.\n\n## A\n\nx.\n\n## B & C\n\ny.\n")
    assert not may_be_explicit(make_record("Intro.\n\n## A\n\nx.\n\n## B\n\ny.\n"), 600)
    assert may_be_explicit(record, 600) and may_be_explicit(make_record("## A\n\nx.\n"), 59)


def test_chapter_timing_builds_only_the_lists_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Untimed translations cannot be the explicit reference: only the audio language's list is built for
    timing, unless a translation has written times, which then wins wherever it is in the order."""
    import edtfeed.episodes.chapters as chapters_module

    built: list[str] = []
    real = chapters_module.build_chapters

    def counting(record: Record, duration: int, config: ChaptersConfig, host_cues: Sequence[Cue] = ()) -> ChapterList:
        built.append(record.lang)
        return real(record, duration, config, host_cues)

    monkeypatch.setattr(chapters_module, "build_chapters", counting)
    untimed = "Intro.\n\n" + section(300) + "## A\n\n" + section(100) + "## B\n\n" + section(600)
    timed = "Intro.\n\n" + section(50) + "## 05:00 A\n\n" + section(50) + "## 20:00 B\n\nEnd.\n"
    records = [make_record(untimed, lang=lang, rel=f"ep/{lang}.md") for lang in ("de", "en", "es")]
    timing = ChapterTiming.of(records, {"cea47899": 1800}, DEFAULT, "en")
    assert built == ["en"] and timing.timings["cea47899"][0] == "en"
    built.clear()
    records.append(make_record(timed, lang="fr", rel="ep/fr.md"))
    timing = ChapterTiming.of(records, {"cea47899": 1800}, DEFAULT, "en")
    assert sorted(built) == ["en", "fr"] and timing.timings["cea47899"] == (
        "fr", ((0, False, "opening", None, (), "Sample Episode"), (300, False, "heading", None, (), "A"),
               (1200, False, "heading", None, (), "B")))
    assert starts(timing.chapters(records[0])) == [0, 300, 1200]


def test_share_timing_without_the_audio_language_uses_the_first_language() -> None:
    es, fr = lists(([0, 100, 200], True), ([0, 120, 240], True))
    assert starts(share_timing({"fr": fr, "es": es}, audio_language="en")["fr"]) == [0, 100, 200]
    assert share_timing({"en": ChapterList()}, "en") == {"en": ChapterList()}


CHAPTERS = [Chapter(start=0, title="Intro"), Chapter(start=125, title="Déjà vu & <more>", estimated=True),
            Chapter(start=3723, title="End")]


def test_chapters_json_fields_and_youtube_deep_links() -> None:
    document = json.loads(chapters_json(CHAPTERS, "Ep", "Show", "dQw4w9WgXcQ"))
    assert document["version"] == "1.2.0" and document["title"] == "Ep" and document["podcastName"] == "Show"
    assert [c["startTime"] for c in document["chapters"]] == [0, 125, 3723]
    assert document["chapters"][1]["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=125s"
    assert "url" not in json.loads(chapters_json(CHAPTERS, "Ep", "Show", None))["chapters"][0]


def test_chapters_json_has_one_chapter_object_per_line() -> None:
    """Readable in a diff: the header fields, then each chapter whole on its own line; escapes stay valid JSON."""
    text = chapters_json(CHAPTERS, 'Ep "quoted"', "Show\\", None).decode("utf-8")
    lines = text.splitlines()
    assert text.endswith("}\n") and lines[:4] == ["{", '  "version": "1.2.0",', '  "title": "Ep \\"quoted\\"",',
                                                   '  "podcastName": "Show\\\\",']
    assert lines[5] == '    {"startTime": 0, "title": "Intro"},'
    assert lines[6] == '    {"startTime": 125, "title": "Déjà vu & <more>"},'  # not ASCII-escaped
    assert lines[8:] == ["  ]", "}"]
    assert [json.loads(line.strip().rstrip(",")) for line in lines[5:8]] == [
        {"startTime": c.start, "title": c.title} for c in CHAPTERS]
    assert json.loads(chapters_json([], "Ep", "Show", None))["chapters"] == []


def test_psc_starts_are_zero_padded_and_feedparser_reads_them() -> None:
    assert [format_clock(s, "npt") for s in (0, 3723, 59)] == ["00:00:00.000", "01:02:03.000", "00:00:59.000"]
    element = psc_chapters(etree.Element("item"), CHAPTERS, None)
    assert element.get("version") == "1.2"
    rss = (b'<rss version="2.0" xmlns:psc="http://podlove.org/simple-chapters"><channel><title>t</title><item>'
           b"<title>i</title>" + etree.tostring(element) + b"</item></channel></rss>")
    parsed = feedparser.parse(rss).entries[0].psc_chapters.chapters
    assert [(c.start_parsed.total_seconds(), c.title) for c in parsed] == [
        (0, "Intro"), (125, "Déjà vu & <more>"), (3723, "End")]


def test_description_timestamps() -> None:
    assert description_timestamps(CHAPTERS, 4000) == ["00:00:00 Intro", "00:02:05 Déjà vu & <more>", "01:02:03 End"]
    short = [Chapter(start=0, title="A"), Chapter(start=65, title="B"), Chapter(start=600, title="C")]
    assert description_timestamps(short, 1200) == ["00:00 A", "01:05 B", "10:00 C"]
    assert description_timestamps(short[:2], 1200) == []
    assert timestamps_html(short, 1200, "de") == "<p>Kapitel</p><p>00:00 A<br/>01:05 B<br/>10:00 C</p>"
    escaped = "<br/>00:02:05 Déjà vu &amp; &lt;more&gt;<br/>01:02:03 End</p>"
    assert timestamps_html(CHAPTERS, 4000, "en").endswith(escaped)
    assert timestamps_html(short[:2], 1200, "en") == ""


@pytest.mark.parametrize(("text", "slug"), [
    ("episode-EDT189-es", "episode-edt189-es"),
    ("/episodes/Épisode 12 — Straße/", "episodes-episode-12-strasse"),
    ("Œuvre ÆØ", "oeuvre-aeo"),
    ("日本語", ""),
])
def test_ascii_slug(text: str, slug: str) -> None:
    assert ascii_slug(text) == slug


def test_record_slug_sources() -> None:
    assert record_slug(make_record("x", permalink="episode-EDT189-es")) == "episode-edt189-es"
    assert record_slug(make_record("x", permalink="/edt/189/es.html")) == "edt-189-es"
    assert record_slug(make_record("x", permalink="エピソード", rel="edt-1/ja/episode.md")) == "edt-1-ja-episode"
    assert record_slug(make_record("x", permalink="エピソード", rel="エピ.md", lang="ja")) == "cea47899-ja"
    record = make_record("x", permalink="Épisode-1")
    assert record_slug(record) == record_slug(record) == "episode-1"
