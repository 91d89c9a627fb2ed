"""Chapter timing sources and their precedence: written (heading, front matter, show-notes list) > aligned to the
record's timed transcript > position estimate; each chapter knows its source."""

from __future__ import annotations

import pytest

from edtfeed.config import ChaptersConfig
from edtfeed.episodes.chapters import ChapterTiming, build_chapters, notes_list
from tests.chapter_fixtures import make_record, section

DEFAULT = ChaptersConfig()
FILLER = "so yeah I think that is really the thing you know and we were talking about it".split()
TOPICS = [(400, "Cloud Migration", "cloud migration workloads lift shift"),
          (1100, "Team Collaboration", "collaboration teams interdisciplinary silos culture"),
          (1700, "Security At The Edge", "security edge devices firmware attack")]


def _transcript(intro_words: str = "welcome podcast sponsor mattress discount") -> str:
    """Timed turns every 10 s: intro and ads up to 400 s, then the three topics at their true starts."""
    lines = []
    for t in range(0, 2400, 10):
        words = intro_words
        for start, _, topic in TOPICS:
            if t >= start:
                words = topic
        lines.append(f"<p>[{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}] Darren: {' '.join(FILLER[:6])} {words}</p>")
    return "\n".join(lines)


def _body(times: bool = False) -> str:
    """Opening text then one heading per topic, the section text shorter than the audio's shape."""
    parts = [section(30)]
    for start, title, words in TOPICS:
        written = f"{start // 60}:{start % 60:02d} " if times else ""
        parts.append(f"## {written}{title}\n\nWe discuss {words}.\n\n" + section(20))
    return "".join(parts)


def _sources(chapters):
    return [(c.start, c.source) for c in chapters.chapters]


@pytest.mark.parametrize("line", ["{t} {title}", "({t}) {title}", "[{t}] – {title}", "- {t} - {title}",
                                  "[{t}] {title}<br/>"])
def test_notes_list_forms(line):
    clock = {0: "00:00", 400: "06:40", 1100: "00:18:20"}
    body = "Show notes.\n\n" + "\n".join(line.format(t=clock[t], title=f"Topic {t}") for t in clock) + "\n\nMore."
    chapters = notes_list(body, 1800)
    assert [(c.start, c.title, c.source) for c in chapters] == [(0, "Topic 0", "notes-list"),
                                                               (400, "Topic 400", "notes-list"),
                                                               (1100, "Topic 1100", "notes-list")]


def test_notes_list_needs_three_increasing_lines_inside_the_audio():
    assert notes_list("00:00 A\n05:00 B\n", 1800) is None
    assert notes_list("00:00 A\n10:00 B\n05:00 C\n", 1800) is None
    assert notes_list("00:00 A\n10:00 B\n50:00 C\n", 1800) is None
    assert notes_list("At 12:34 she says it.\n", 1800) is None


def test_notes_list_replaces_heading_estimates():
    record = make_record("Intro text.\n\n02:00 Alpha\n10:00 Beta\n20:00 Gamma\n\n## Heading\n\ntext\n")
    chapters = build_chapters(record, 1800, DEFAULT)
    assert _sources(chapters) == [(0, "opening"), (120, "notes-list"), (600, "notes-list"), (1200, "notes-list")]
    assert chapters.explicit


def test_front_matter_beats_notes_list():
    record = make_record("00:00 A\n05:00 B\n10:00 C\n",
                         chapters=[{"start": "0:00", "title": "X"}, {"start": "1:00", "title": "Y"}])
    assert _sources(build_chapters(record, 1800, DEFAULT)) == [(0, "front-matter"), (60, "front-matter")]


def test_aligned_to_the_records_timed_transcript():
    record = make_record(_body(), transcript=_transcript())
    chapters = build_chapters(record, 2400, DEFAULT)
    assert [c.source for c in chapters.chapters] == ["opening", "transcript", "transcript", "transcript"]
    for (start, _, _), chapter in zip(TOPICS, chapters.chapters[1:]):
        assert abs(chapter.start - start) <= 15 and chapter.confidence > 0.3
    assert not chapters.estimated and not chapters.explicit


def test_without_transcript_times_the_estimate_stays():
    untimed = "\n".join(f"<p>Darren: {' '.join(FILLER)} cloud</p>" for _ in range(40))
    chapters = build_chapters(make_record(_body(), transcript=untimed), 2400, DEFAULT)
    assert [c.source for c in chapters.chapters] == ["opening", "estimate", "estimate", "estimate"]


def test_written_heading_times_beat_the_transcript():
    record = make_record(_body(times=True).replace("## 18:20 Team", "## Team"), transcript=_transcript())
    chapters = build_chapters(record, 2400, DEFAULT)
    assert _sources(chapters)[1] == (400, "heading") and _sources(chapters)[3] == (1700, "heading")
    assert chapters.chapters[2].source == "transcript" and abs(chapters.chapters[2].start - 1100) <= 15


def test_low_confidence_falls_back_to_the_estimate():
    body = _body().replace("## Team Collaboration", "## Quantum Knitting Pottery").replace(
        "collaboration teams interdisciplinary silos culture", "yarn kiln glaze")
    chapters = build_chapters(make_record(body, transcript=_transcript()), 2400, DEFAULT)
    assert [c.source for c in chapters.chapters] == ["opening", "transcript", "estimate", "transcript"]
    assert chapters.chapters[1].start < chapters.chapters[2].start < chapters.chapters[3].start


def test_translations_take_the_aligned_times():
    en = make_record(_body(), transcript=_transcript(), embed_id="cea47899")
    es = make_record(_body().replace("Cloud Migration", "Migración a la nube"), lang="es", rel="ep/es.md",
                     embed_id="cea47899")
    timing = ChapterTiming.of([en, es], {"cea47899": 2400}, DEFAULT, "en")
    assert _sources(timing.chapters(es)) == _sources(timing.chapters(en))
    assert timing.chapters(es).chapters[1].title == "Migración a la nube"


def test_chapters_command_prints_time_source_and_confidence(tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from edtfeed.cli import main
    from tests.sample_show import copy_sample_show

    config = copy_sample_show(tmp_path)
    record = next(p for p in sorted(Path(tmp_path, "episodes").rglob("*.md")) if "\n## " in p.read_text())
    result = CliRunner().invoke(main, ["--config", str(config), "chapters", str(record)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("00:00") and "opening" in lines[0]
    assert any(" estimate " in line or " heading " in line or " transcript " in line for line in lines[1:])


def test_chapters_command_says_what_to_do_when_it_cannot_time_a_record(tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from edtfeed.cli import main
    from tests.sample_show import copy_sample_show

    config = copy_sample_show(tmp_path)
    record = next(p for p in sorted(Path(tmp_path, "episodes").rglob("*.md")) if "\n## " in p.read_text())
    text = record.read_text(encoding="utf-8")
    unpinned = record.with_name("unpinned.md")
    unpinned.write_text(text.replace('id="', 'id="0badc0de" data-was="', 1), encoding="utf-8")
    broken = record.with_name("broken.md")
    broken.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")

    def chapters(path: Path):
        return CliRunner().invoke(main, ["--config", str(config), "chapters", str(path)], catch_exceptions=False)

    missing = chapters(unpinned)
    assert missing.exit_code == 1
    assert "'0badc0de' is not in the lock; run `edtfeed resolve 0badc0de`" in missing.output
    unreadable = chapters(broken)
    assert unreadable.exit_code == 1 and "Error: " in unreadable.output and "Traceback" not in unreadable.output
