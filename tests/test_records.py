"""Reading episode records: front matter, includes, headings, transcript, languages, problems, duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from edtfeed.config import Config
from edtfeed.diagnostics import Diagnostic
from edtfeed.errors import ConfigError, RecordError
from edtfeed.read.front_matter import JEKYLL
from edtfeed.read.records import read_record, read_records
from edtfeed.read.types import Record

FIXTURES = Path(__file__).parent / "fixtures" / "records"
LA = "America/Los_Angeles"

FRONT = {
    "layout": "posts",
    "title": '"Charting the Shallows"',
    "number": "5",
    "permalink": "episode-TS5",
    "lang": "en",
    "nav_exclude": "true",
    "nav_order": "5",
    "tags": "\n    - charts\n    - sonar\n",
    "date": "Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)",
    "guests": "\n    - Rowan Pike\n",
    "img": "thumbnail.png",
    "image": "thumbnail.png",
    "summary": '"Old charts, new sonar."',
    "video": '"https://youtu.be/Zt4mK9wQeXc"',
    "description": '"Old charts, new sonar, and the people who reconcile them."',
}

PLAYER = """<div>
{% include transistor.html id="0a1b2c3d" title="#5 Charting the Shallows" %}

{% include youtube.html id="Zt4mK9wQeXc" %}
</div>

---
"""

NOTES = """
Sounding lines gave way to sonar.

## Lead Lines<h2>

A weight on a rope.

## Multibeam Sonar

A fan of sound.
"""

TRANSCRIPT = """

<details>
<summary> Podcast Transcript </summary>

<p></p>

</details>
"""


def record_text(front: dict[str, str | None] | None = None, body: str | None = None) -> str:
    """A record in the seed's shape; `front` overrides raw YAML values (None drops the key)."""
    keys = {**FRONT, **(front or {})}
    lines = ["---"]
    for key, value in keys.items():
        if value is None:
            continue
        lines.append(f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}")
    lines.append("---")
    head = "\n".join(line.rstrip("\n") for line in lines)
    return head + "\n\n" + (PLAYER + NOTES + TRANSCRIPT if body is None else body)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, text: str, rel: str = "edt-5/episode.md", *, default_lang: str = "en", tz: str = LA) -> Record:
    return read_record(write(tmp_path, rel, text), tmp_path, default_lang=default_lang, tz=tz)


def file_line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def make_config(root: Path, exclude: list[str] | None = None, *, tz: str = LA, default_language: str = "en") -> Config:
    return Config.model_validate(
        {
            "show": {
                "title": "Tidewater Signals",
                "description": "A test show.",
                "author": "Test Author",
                "email": "owner@example.com",
                "image": "https://example.com/cover.jpg",
                "link": "https://example.com",
                "categories": ["Technology"],
                "base_url": "https://example.com/feeds",
                "timezone": tz,
                "default_language": default_language,
            },
            "episodes": {"dir": ".", "exclude": exclude or []},
            "root": root,
        }
    )


# ------------------------------------------------------------------------------------------ a whole record


def test_seed_shaped_record(tmp_path: Path) -> None:
    text = record_text()
    record = read(tmp_path, text)
    assert record.title == "Charting the Shallows"
    assert record.number == 5
    assert record.permalink == "episode-TS5"
    assert record.lang == "en" and record.lang_explicit
    assert record.date == datetime(2024, 3, 7, tzinfo=timezone(timedelta(hours=-8)))
    assert record.date.utcoffset() == timedelta(hours=-8)
    assert record.tags == ["charts", "sonar"]
    assert record.guests == ["Rowan Pike"]
    assert record.image == "thumbnail.png"
    assert record.summary == "Old charts, new sonar."
    assert record.description == "Old charts, new sonar, and the people who reconcile them."
    assert record.embed_id == "0a1b2c3d"
    assert record.embed_title == "#5 Charting the Shallows"
    assert record.youtube_id == "Zt4mK9wQeXc"
    assert record.guid is None
    assert record.rel == "edt-5/episode.md"
    assert record.path.is_absolute()
    assert record.transcript is None
    # body: includes, wrapper div, leading --- and transcript gone; notes intact
    assert record.body == NOTES.strip() + "\n"
    assert record.body_line == file_line(text, "Sounding lines")
    assert [(h.level, h.text) for h in record.headings] == [(2, "Lead Lines<h2>"), (2, "Multibeam Sonar")]
    for heading in record.headings:
        assert heading.line == file_line(text, heading.text)
        assert record.body[heading.offset :].startswith("## " + heading.text)
    # keys no later stage reads (layout, nav_exclude, nav_order, ...) leave the front matter fields unset
    assert (record.explicit, record.episode_type, record.season, record.chapters) == (None, None, None, None)


def test_untranslated_original_with_includes_outside_div() -> None:
    record = read_record(FIXTURES / "ep-7" / "episode.md", FIXTURES, default_lang="en", tz=LA)
    assert record.rel == "ep-7/episode.md"
    assert record.lang == "en" and not record.lang_explicit  # ep-7 is no language: the default
    assert record.embed_id == "a1b2c3d4"
    assert record.youtube_id == "Qx7_pL2-rsA"
    assert record.image == "thumbnail.png"  # img only
    assert record.date == datetime(2020, 5, 3, 9, 30, tzinfo=timezone(timedelta(hours=-10)))  # Hawaii
    assert "include" not in record.body and "---" not in record.body
    assert record.body.startswith("## Signals Before Wires<h2>")
    assert [h.text for h in record.headings] == ["Signals Before Wires<h2>", "Reading the Fog<h3>"]
    assert [h.level for h in record.headings] == [2, 3]


def test_translation_keeps_later_thematic_break_and_reads_transcript() -> None:
    path = FIXTURES / "ep-7" / "en" / "episode.md"
    text = path.read_text(encoding="utf-8")
    record = read_record(path, FIXTURES, default_lang="fr", tz=LA)
    assert record.lang == "en" and record.lang_explicit
    assert record.image == "cover-7.png"  # image wins over img
    assert record.body.startswith("Before there were packets")
    assert record.body_line == file_line(text, "Before there were packets")
    assert "\n---\n" in record.body  # the break before the sign-off stays
    assert "<div>" not in record.body and "<details>" not in record.body
    assert record.body.rstrip().endswith("modem lights.")
    assert record.transcript == "<p>Welcome to the show. Today we talk about lighthouses.</p>"


def test_folder_language_placeholder_video_and_string_lists() -> None:
    record = read_record(FIXTURES / "ep-12" / "pt-br" / "episode.md", FIXTURES, default_lang="en", tz=LA)
    assert record.lang == "pt-br" and not record.lang_explicit
    assert record.youtube_id is None  # include id "url" and video youtu.be/url are placeholders
    assert record.embed_id == "5e6f7a8b"  # single-quoted attributes
    assert record.embed_title == "#12 Heat Maps for Tides"
    assert record.tags == ["marés", "sensores"]
    assert record.guests == ["Ana Ribeiro"]
    assert record.date == datetime(2021, 6, 15, 8, 5, 9, 250000, tzinfo=timezone.utc)


def test_rtl_record_headings_code_fences_transcript_and_unknown_keys() -> None:
    path = FIXTURES / "ep-12" / "ar" / "episode.md"
    text = path.read_text(encoding="utf-8")
    record = read_record(path, FIXTURES, default_lang="en", tz=LA)
    assert record.lang == "ar"
    assert record.embed_id == "5e6f7a8b"  # unquoted, upper case, title first
    assert record.youtube_id == "Zt4mK9wQeXc"  # no youtube include: from `video`
    assert record.date == datetime(2021, 6, 15, 8, 5, 9, tzinfo=timezone.utc)  # YAML-native aware datetime
    assert record.tags == ["المد", "2021"]  # int stringified, empty entry dropped
    assert not hasattr(record, "sponsor")  # unknown keys are tolerated, not kept
    assert [h.text for h in record.headings] == ["أجهزة الاستشعار على الساحل", "المستقبل"]
    assert [h.line for h in record.headings] == [
        file_line(text, "## أجهزة الاستشعار"),
        file_line(text, "## المستقبل"),
    ]
    assert record.transcript is not None
    assert record.transcript.startswith("## a heading inside the transcript")
    assert "مرحبا" in record.transcript
    assert "#وسم ليس عنوانا" in record.body  # kept as text, not a heading
    assert "```yaml" in record.body


# ------------------------------------------------------------------------------------------ front matter


def test_unquoted_date_title_stays_text(tmp_path: Path) -> None:
    record = read(tmp_path, record_text({"title": "2023-02-06"}))
    assert record.title == "2023-02-06"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1.10", "1.10"), ("yes", "yes"), ("404", "404"), ("'Quoted'", "Quoted")]
)
def test_titles_yaml_would_retype_stay_as_written(tmp_path: Path, raw: str, expected: str) -> None:
    assert read(tmp_path, record_text({"title": raw})).title == expected


def test_lang_no_is_norwegian_not_false(tmp_path: Path) -> None:
    record = read(tmp_path, record_text({"lang": "no"}))
    assert record.lang == "no" and record.lang_explicit


@pytest.mark.parametrize("lang", ["pt_BR", "PT-br", '"pt-BR"'])
def test_lang_is_normalised(tmp_path: Path, lang: str) -> None:
    assert read(tmp_path, record_text({"lang": lang})).lang == "pt-br"


@pytest.mark.parametrize(("raw", "expected"), [("189", 189), ('"189"', 189), ('"#189"', 189), ("", None), (None, None)])
def test_number_int_or_numeric_string(tmp_path: Path, raw: str | None, expected: int | None) -> None:
    assert read(tmp_path, record_text({"number": raw})).number == expected


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (None, []),
        ("", []),
        ("ai cloud", ["ai", "cloud"]),  # Jekyll: a space-separated string
        ("ai, cloud,  edge", ["ai", "cloud", "edge"]),
        ("\n    - ai\n    - 2024\n    - ''\n    - ai\n    - true", ["ai", "2024", "true"]),
        ("[ai, null, 3.5]", ["ai", "3.5"]),
    ],
)
def test_tags_forms(tmp_path: Path, tags: str | None, expected: list[str]) -> None:
    assert read(tmp_path, record_text({"tags": tags})).tags == expected


@pytest.mark.parametrize(
    ("guests", "expected"),
    [
        (None, []),
        ("Darla Voss", ["Darla Voss"]),
        ("Darla Voss, Ken Ito", ["Darla Voss", "Ken Ito"]),
        ("\n    - Darla Voss\n    -\n    - ' Ken Ito '", ["Darla Voss", "Ken Ito"]),
    ],
)
def test_guests_forms(tmp_path: Path, guests: str | None, expected: list[str]) -> None:
    assert read(tmp_path, record_text({"guests": guests})).guests == expected


@pytest.mark.parametrize(
    ("img", "image", "expected"),
    [
        ("a.png", "b.png", "b.png"),
        ("a.png", None, "a.png"),
        (None, "b.png", "b.png"),
        ("a.png", '""', "a.png"),
        (None, None, None),
    ],
)
def test_image_wins_over_img(tmp_path: Path, img: str | None, image: str | None, expected: str | None) -> None:
    assert read(tmp_path, record_text({"img": img, "image": image})).image == expected


def test_guid_and_the_front_matter_keys_later_stages_read(tmp_path: Path) -> None:
    fields = {"guid": '"tidewater-5"', "ref": "brief-5", "explicit": "true", "chapters": "\n  - a: 1\n",
              "episode_type": "bonus", "season": "2"}  # fmt: skip
    record = read(tmp_path, record_text(fields))
    assert record.guid == "tidewater-5"
    assert (record.explicit, record.episode_type, record.season) == (True, "bonus", 2)
    assert record.chapters == [{"a": 1}]  # as parsed: episodes.chapters checks it


@pytest.mark.parametrize(("written", "season", "explicit"), [
    ('"3"', 3, None),  # a quoted season is still a number
    ("three", None, None),
    ("yes", None, True),  # YAML 1.1: `yes` is true
])
def test_front_matter_fields_are_typed(tmp_path: Path, written: str, season: int | None,
                                       explicit: bool | None) -> None:
    record = read(tmp_path, record_text({"season": written, "explicit": written, "episode_type": "Trailer"}))
    assert (record.season, record.explicit, record.episode_type) == (season, explicit, "trailer")


def test_naive_yaml_datetime_is_in_the_show_zone(tmp_path: Path) -> None:
    record = read(tmp_path, record_text({"date": "2024-07-01 18:00:00"}), tz="Europe/Madrid")
    assert record.date == datetime(2024, 7, 1, 18, tzinfo=ZoneInfo("Europe/Madrid"))
    assert record.date.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-07", datetime(2024, 3, 7, tzinfo=ZoneInfo(LA))),  # YAML-native date
        ("8/29/2024", datetime(2024, 8, 29, tzinfo=ZoneInfo(LA))),
        ('"2025-02-20T13:18:33.978Z"', datetime(2025, 2, 20, 13, 18, 33, 978000, tzinfo=timezone.utc)),
        ("2020-09-14T00:00:00.000Z", datetime(2020, 9, 14, tzinfo=timezone.utc)),
        ("2024-03-07 10:00:00 -0800", datetime(2024, 3, 7, 18, tzinfo=timezone.utc)),
    ],
)
def test_record_dates(tmp_path: Path, raw: str, expected: datetime) -> None:
    assert read(tmp_path, record_text({"date": raw})).date == expected


# ------------------------------------------------------------------------------------------ body


def test_youtube_include_placeholder_falls_back_to_video(tmp_path: Path) -> None:
    body = PLAYER.replace('id="Zt4mK9wQeXc"', 'id="url"') + NOTES
    record = read(tmp_path, record_text({"video": '"https://www.youtube.com/watch?v=Qx7_pL2-rsA"'}, body))
    assert record.youtube_id == "Qx7_pL2-rsA"


@pytest.mark.parametrize("video", ['"https://youtu.be/"', '"https://youtu.be/url"', '""', "url", None])
def test_placeholder_include_and_video_mean_no_video(tmp_path: Path, video: str | None) -> None:
    body = PLAYER.replace('id="Zt4mK9wQeXc"', 'id=""') + NOTES
    assert read(tmp_path, record_text({"video": video}, body)).youtube_id is None


def test_include_id_wins_over_video(tmp_path: Path) -> None:
    record = read(tmp_path, record_text({"video": '"https://youtu.be/Qx7_pL2-rsA"'}))
    assert record.youtube_id == "Zt4mK9wQeXc"


@pytest.mark.parametrize(
    "include",
    [
        '{% include transistor.html id="0A1B2C3D" %}',
        "{% include transistor.html id='0a1b2c3d' %}",
        "{% include transistor.html id=0a1b2c3d %}",
        '{%include transistor.html   id = "0a1b2c3d"   title="x"%}',
        '{%- include transistor.html title="100% real: #5" id="0a1b2c3d" -%}',
        '{% include transistor.html\n   id="0a1b2c3d"\n   title="multi-line" %}',
    ],
)
def test_transistor_include_variants(tmp_path: Path, include: str) -> None:
    record = read(tmp_path, record_text(body=include + "\n\nNotes.\n"))
    assert record.embed_id == "0a1b2c3d"
    assert record.body == "Notes.\n"


def test_include_title_attribute(tmp_path: Path) -> None:
    record = read(tmp_path, record_text(body='{% include transistor.html title="100% real: #5" id="0a1b2c3d" %}\n'))
    assert record.embed_title == "100% real: #5"
    record = read(tmp_path, record_text(body='{% include transistor.html id="0a1b2c3d" %}\n'))
    assert record.embed_title is None


def test_include_later_in_body_is_found_and_removed(tmp_path: Path) -> None:
    body = 'Intro text.\n\n## Part\n\nMore.\n\n{% include transistor.html id="0a1b2c3d" %}\n\nEnd.\n'
    record = read(tmp_path, record_text(body=body))
    assert record.embed_id == "0a1b2c3d"
    assert "include" not in record.body
    assert record.body.startswith("Intro text.") and record.body.rstrip().endswith("End.")


def test_div_with_other_content_is_kept(tmp_path: Path) -> None:
    body = '<div class="player">\n{% include transistor.html id="0a1b2c3d" %}\n<p>Listen above.</p>\n</div>\n\nNotes.\n'
    record = read(tmp_path, record_text(body=body))
    assert '<div class="player">' in record.body and "<p>Listen above.</p>" in record.body
    assert "include" not in record.body


def test_body_starting_with_text_keeps_its_breaks(tmp_path: Path) -> None:
    body = 'Intro.\n\n---\n\nMore.\n\n{% include transistor.html id="0a1b2c3d" %}\n'
    assert read(tmp_path, record_text(body=body)).body == "Intro.\n\n---\n\nMore.\n"


def test_headings_rules(tmp_path: Path) -> None:
    body = (
        '{% include transistor.html id="0a1b2c3d" %}\n\n'
        "# One\n"
        "#NoSpace\n"
        "####### Seven is not a heading\n"
        "   ### Three spaces ###\n"
        "    ## Four spaces is code\n"
        "## C#\n"
        "#\n"
        "##\tTabbed\n"
        "```\n## fenced\n```\n"
        "````md\n```\n## still fenced (inner fence shorter)\n````\n"
        "~~~\n# tilde fenced\n~~~\n"
        "<details>\n<summary>Show links</summary>\n\n## Inside other details\n\n</details>\n\n"
        "###### Six\n"
        "<details>\n<summary>Podcast Transcript</summary>\n\n## Transcript heading\n\n<p>Hi.</p>\n</details>\n"
    )
    text = record_text(body=body)
    record = read(tmp_path, text)
    assert [(h.level, h.text) for h in record.headings] == [
        (1, "One"),
        (3, "Three spaces"),
        (2, "C#"),
        (2, "Tabbed"),
        (2, "Inside other details"),
        (6, "Six"),
    ]
    assert record.headings[0].line == file_line(text, "# One")
    assert record.headings[-1].line == file_line(text, "###### Six")
    for heading in record.headings:
        assert record.body[heading.offset :].lstrip(" ").startswith("#")
    assert "Show links" in record.body  # a non-transcript <details> stays in the notes
    assert record.transcript is not None and "## Transcript heading" in record.transcript


def test_unclosed_fence_hides_the_rest(tmp_path: Path) -> None:
    body = '{% include transistor.html id="0a1b2c3d" %}\n\n## Before\n\n```\n## inside\n\n## still inside\n'
    assert [h.text for h in read(tmp_path, record_text(body=body)).headings] == ["Before"]


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ("<details>\n<summary> Podcast Transcript </summary>\n\n<p></p>\n\n</details>\n", None),
        ("<details>\n<summary>Transcript</summary>\n\n   \n</details>\n", None),
        ("<details><summary>TRANSCRIPT</summary><p>Hello.</p></details>\n", "<p>Hello.</p>"),
        ("<details>\n<summary>Trascrizione</summary>\n<p>Ciao.</p>\n</details>\n", "<p>Ciao.</p>"),
        ("<details>\n<summary>ملخص</summary>\n<p>مرحبا</p>\n</details>\n", "<p>مرحبا</p>"),  # the only one, at the end
        ("<details>\n<p>No summary.</p>\n</details>\n", "<p>No summary.</p>"),
    ],
)
def test_transcript_block(tmp_path: Path, details: str, expected: str | None) -> None:
    body = '{% include transistor.html id="0a1b2c3d" %}\n\nNotes.\n\n' + details
    record = read(tmp_path, record_text(body=body))
    assert record.transcript == expected
    assert "<details>" not in record.body
    assert record.body == "Notes.\n"


def test_details_in_the_middle_is_not_a_transcript(tmp_path: Path) -> None:
    body = (
        '{% include transistor.html id="0a1b2c3d" %}\n\n<details>\n<summary>Links</summary>\nx\n</details>\n\nMore.\n'
    )
    record = read(tmp_path, record_text(body=body))
    assert record.transcript is None
    assert "<summary>Links</summary>" in record.body


def test_crlf_and_bom(tmp_path: Path) -> None:
    text = record_text()
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    record = read_record(path, tmp_path, default_lang="en", tz=LA)
    assert record.title == "Charting the Shallows"
    assert "\r" not in record.body
    assert record.headings[0].line == file_line(text, "## Lead Lines")


# ------------------------------------------------------------------------------------------ broken records


def error_of(tmp_path: Path, text: str) -> RecordError:
    with pytest.raises(RecordError) as excinfo:
        read(tmp_path, text)
    return excinfo.value


@pytest.mark.parametrize(
    ("key", "raw", "says"),
    [
        ("summary", "Charts: old: new", "invalid YAML"),  # bad YAML: the line in the file, not in the YAML
        ("date", "sometime in March", "YYYY-MM-DD"),  # unparseable date
        ("date", "2024-13-45", "not a valid date"),  # YAML refuses the timestamp itself
        ("lang", "jp", "did you mean 'ja'"),  # unknown language
    ],
)
def test_errors_point_at_the_key_line(tmp_path: Path, key: str, raw: str, says: str) -> None:
    text = record_text({key: raw})
    error = error_of(tmp_path, text)
    assert error.line == file_line(text, f"{key}:")
    assert says in error.message


def test_unclosed_quote_names_where_it_starts(tmp_path: Path) -> None:
    text = record_text({"description": '"Old charts, new sonar.'})
    error = error_of(tmp_path, text)
    assert "YAML" in error.message
    assert f"starts at line {file_line(text, 'description:')}" in error.message


def test_unclosed_quote_mid_front_matter_gets_a_hint(tmp_path: Path) -> None:
    text = record_text({"summary": '"Old charts, new sonar.'})
    error = error_of(tmp_path, text)
    assert "unclosed quote" in error.message
    assert error.line == file_line(text, "video:")  # where YAML notices: the quote closes on the next line


def test_bad_indentation_line(tmp_path: Path) -> None:
    text = "---\ntitle: x\ndate: 2024-01-01\ntags:\n  - a\n - b\n---\nbody\n"
    error = error_of(tmp_path, text)
    assert error.line == 6


@pytest.mark.parametrize("title", [None, '""', "  ", "null"])
def test_missing_or_empty_title(tmp_path: Path, title: str | None) -> None:
    error = error_of(tmp_path, record_text({"title": title}))
    assert "title" in error.message and "add" in error.message


def test_list_title(tmp_path: Path) -> None:
    text = record_text({"title": "[a, b]"})
    error = error_of(tmp_path, text)
    assert "title" in error.message and error.line == file_line(text, "title:")


def test_no_transistor_include(tmp_path: Path) -> None:
    error = error_of(tmp_path, record_text(body="Just notes.\n"))
    assert "transistor.html" in error.message and "embed id" in error.message
    assert "[episodes] exclude" in error.message  # for index pages that are not episodes


@pytest.mark.parametrize("embed", ['id="cea4789"', 'id="cea478990"', 'id="zzzzzzzz"', 'id="url"', 'title="x"', 'id=""'])
def test_malformed_embed_id(tmp_path: Path, embed: str) -> None:
    text = record_text(body=f"Notes.\n\n{{% include transistor.html {embed} %}}\n")
    error = error_of(tmp_path, text)
    assert "transistor" in error.message
    assert error.line == file_line(text, "{% include")


def test_missing_date(tmp_path: Path) -> None:
    error = error_of(tmp_path, record_text({"date": None}))
    assert "date" in error.message and "add" in error.message


def test_no_front_matter(tmp_path: Path) -> None:
    error = error_of(tmp_path, "# Just a page\n\nText.\n")
    assert "front matter" in error.message and error.line == 1


def test_unclosed_front_matter(tmp_path: Path) -> None:
    error = error_of(tmp_path, "---\ntitle: x\n\nText.\n")
    assert "never closed" in error.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: x\n---\nBody.\n", ("title: x\n", "Body.\n")),
        ("---\ntitle: x\n...\nBody.\n", ("title: x\n", "Body.\n")),  # YAML's document end closes it too
        ("---\ntitle: x\n--- \t\nBody.\n", ("title: x\n", "Body.\n")),  # blanks after the dashes
        ("--- \ntitle: x\n---\nBody.\n", ("title: x\n", "Body.\n")),  # and after the opening ones
        ("---\n---\nBody.\n", ("", "Body.\n")),  # empty front matter
        ("---\ntitle: x\n---", ("title: x\n", "")),  # no body, no final newline
        # `----`, `---x` and an indented `---` do not close it; a `...` before the `---` does
        ("---\na: |\n ---\n----\n---x\n---\nBody.\n", ("a: |\n ---\n----\n---x\n", "Body.\n")),
        ("---\na: 1\n...\nb: 2\n---\nBody.\n", ("a: 1\n", "b: 2\n---\nBody.\n")),
        ("# No front matter\n", None),
        ("----\ntitle: x\n---\n", None),
    ],
)
def test_front_matter_split(text: str, expected: tuple[str, str] | None) -> None:
    """python-frontmatter's handler, given Jekyll's boundaries."""
    assert (JEKYLL.split(text) if JEKYLL.detect(text) else None) == expected


def test_body_line_counts_from_the_closing_line(tmp_path: Path) -> None:
    path = tmp_path / "e.md"
    path.write_text('---\ntitle: "T"\ndate: 2024-01-02\n...\n\n{% include transistor.html id="cea47899" %}\n\n'
                    "## First\n", encoding="utf-8")
    record = read_record(path, tmp_path, default_lang="en", tz="UTC")
    assert record.body_line == 8 and record.headings[0].line == 8


def test_front_matter_only_closed_by_a_line_of_its_own(tmp_path: Path) -> None:
    error = error_of(tmp_path, "---\ntitle: x\n----\n--- x\n ---\nText.\n")
    assert "never closed" in error.message


def test_front_matter_not_a_mapping(tmp_path: Path) -> None:
    error = error_of(tmp_path, "---\n- a\n- b\n---\nText.\n")
    assert "key: value" in error.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(record_text({"title": '"Caf\u00e9"'}).encode("latin-1"))
    with pytest.raises(RecordError, match="UTF-8"):
        read_record(path, tmp_path, default_lang="en", tz=LA)


# ------------------------------------------------------------------------------------------ read_records


def test_fixture_show() -> None:
    records, problems = read_records(make_config(FIXTURES, ["drafts/**"]))
    assert [(r.lang, r.rel) for r in records] == [
        ("ar", "ep-12/ar/episode.md"),
        ("en", "ep-7/en/episode.md"),
        ("es", "ep-7/es/episode.md"),
        ("pt-br", "ep-12/pt-br/episode.md"),
    ]
    assert [(p.file, p.severity) for p in problems] == [
        ("brief-3/it.md", "error"),  # no player include
        ("ep-7/episode.md", "warning"),  # duplicate of ep-7/en/episode.md, which sets lang
    ]
    assert "transistor.html" in problems[0].message
    assert "ep-7/en/episode.md" in problems[1].message
    # README.md (no front matter) is not an episode and not a problem


def test_excluded_drafts_are_read_without_the_glob() -> None:
    _, problems = read_records(make_config(FIXTURES))
    assert "drafts/ep-99.md" in [p.file for p in problems]


def test_star_stays_within_one_folder() -> None:
    records, problems = read_records(make_config(FIXTURES, ["*/episode.md", "drafts/**", "brief-*/*"]))
    assert problems == []  # ep-7/episode.md is excluded, so no duplicate
    assert "ep-7/en/episode.md" in [r.rel for r in records]  # */episode.md does not reach a level deeper


def test_double_star_spans_folders() -> None:
    records, _ = read_records(make_config(FIXTURES, ["**/es/*.md", "drafts"]))
    assert "es" not in {r.lang for r in records}
    records, _ = read_records(make_config(FIXTURES, ["ep-*/**", "drafts"]))
    assert records == []


def test_broken_records_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    write(tmp_path, "good/episode.md", record_text())
    write(tmp_path, "bad-yaml/episode.md", record_text({"summary": "a: b: c"}))
    write(tmp_path, "no-title/episode.md", record_text({"title": None}))
    write(tmp_path, "no-embed/episode.md", record_text(body="Notes only.\n"))
    write(tmp_path, "bad-date/episode.md", record_text({"date": "someday"}))
    write(tmp_path, "bad-lang/episode.md", record_text({"lang": "xx"}))
    write(tmp_path, "no-front/notes.md", "Just text.\n")
    records, problems = read_records(make_config(tmp_path))
    assert [r.rel for r in records] == ["good/episode.md"]
    by_path = {p.file: p for p in problems}
    assert set(by_path) == {
        "bad-yaml/episode.md",
        "no-title/episode.md",
        "no-embed/episode.md",
        "bad-date/episode.md",
        "bad-lang/episode.md",
        "no-front/notes.md",
    }
    assert all(p.severity == "error" for p in problems)
    assert by_path["bad-yaml/episode.md"].line == file_line(record_text({"summary": "a: b: c"}), "summary:")
    assert by_path["bad-date/episode.md"].line == file_line(record_text(), "date:")
    assert str(by_path["bad-lang/episode.md"]).startswith(
        f"bad-lang/episode.md:{file_line(record_text(), 'lang:')}: error:"
    )


def test_readme_and_index_without_front_matter_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# About these episodes\n")
    write(tmp_path, "edt-5/index.md", "Folder notes.\n")
    write(tmp_path, "edt-5/readme.MD", "Folder notes.\n")
    write(tmp_path, "edt-5/episode.md", record_text())
    records, problems = read_records(make_config(tmp_path))
    assert len(records) == 1 and problems == []


def test_readme_with_front_matter_is_an_episode(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\ntitle: Episodes\n---\n\nIndex page.\n")
    _, problems = read_records(make_config(tmp_path))
    assert [p.file for p in problems] == ["README.md"]


def test_hidden_folders_and_other_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, ".cache/episode.md", "junk")
    write(tmp_path, "edt-5/.draft.md", "junk")
    write(tmp_path, "edt-5/notes.txt", "junk")
    write(tmp_path, "edt-5/episode.md", record_text())
    records, problems = read_records(make_config(tmp_path))
    assert [r.rel for r in records] == ["edt-5/episode.md"] and problems == []


def test_missing_episodes_dir_is_a_config_error(tmp_path: Path) -> None:
    config = make_config(tmp_path).model_copy(update={"root": tmp_path / "nowhere"})
    with pytest.raises(ConfigError, match="episodes"):
        read_records(config)


def test_warnings_for_tolerated_oddities(tmp_path: Path) -> None:
    text = record_text(
        {
            "date": "Wed Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)",  # 2024-03-07 was a Thursday
            "number": "seven",
            "video": '"https://vimeo.com/1234"',
        },
        body=PLAYER.replace('id="Zt4mK9wQeXc"', 'id="not_a_vid"') + NOTES,
    )
    write(tmp_path, "edt-5/episode.md", text)
    records, problems = read_records(make_config(tmp_path))
    assert len(records) == 1
    assert records[0].number is None and records[0].youtube_id is None
    assert records[0].date.day == 7
    assert all(p.severity == "warning" and p.file == "edt-5/episode.md" for p in problems)
    messages = " | ".join(p.message for p in problems)
    assert "weekday" in messages and "number" in messages and "vimeo" in messages and "not_a_vid" in messages
    assert {p.line for p in problems} >= {file_line(text, "date:"), file_line(text, "number:")}


# ------------------------------------------------------------------------------------------ duplicates


def test_explicit_lang_wins_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "edt-5/episode.md", record_text({"lang": None, "title": '"Original"'}))
    write(tmp_path, "edt-5/en/episode.md", record_text({"title": '"Translation"'}))
    records, problems = read_records(make_config(tmp_path))
    assert [r.rel for r in records] == ["edt-5/en/episode.md"]
    assert problems == [
        Diagnostic("edt-5/episode.md", None, problems[0].message, "warning"),
    ]
    assert "edt-5/en/episode.md" in problems[0].message and "0a1b2c3d" in problems[0].message


def test_explicit_lang_wins_even_when_later_in_path_order(tmp_path: Path) -> None:
    write(tmp_path, "a/episode.md", record_text({"lang": None}))  # default language: en
    write(tmp_path, "b/episode.md", record_text())  # lang: en
    records, problems = read_records(make_config(tmp_path))
    assert [r.rel for r in records] == ["b/episode.md"]
    assert [(p.file, p.severity) for p in problems] == [("a/episode.md", "warning")]


@pytest.mark.parametrize("lang", ["en", None])
def test_both_or_neither_explicit_is_an_error_first_kept(tmp_path: Path, lang: str | None) -> None:
    write(tmp_path, "a/episode.md", record_text({"lang": lang, "title": '"First"'}))
    write(tmp_path, "b/episode.md", record_text({"lang": lang, "title": '"Second"'}))
    records, problems = read_records(make_config(tmp_path))
    assert [r.title for r in records] == ["First"]
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.severity) == ("b/episode.md", "error")
    assert "a/episode.md" in problem.message and "`lang`" in problem.message and "delete" in problem.message


def test_folder_language_does_not_count_as_explicit(tmp_path: Path) -> None:
    write(tmp_path, "edt-5/en/episode.md", record_text({"lang": None}))
    write(tmp_path, "edt-5/episode.md", record_text({"lang": None}))
    records, problems = read_records(make_config(tmp_path))
    assert [r.rel for r in records] == ["edt-5/en/episode.md"]  # first in path order
    assert [(p.file, p.severity) for p in problems] == [("edt-5/episode.md", "error")]


def test_same_episode_in_other_languages_is_not_a_duplicate(tmp_path: Path) -> None:
    for lang in ("en", "es", "de", "pt-br"):
        write(tmp_path, f"edt-5/{lang}/episode.md", record_text({"lang": lang}))
    records, problems = read_records(make_config(tmp_path))
    assert [r.lang for r in records] == ["de", "en", "es", "pt-br"] and problems == []


def test_records_sorted_by_lang_then_newest_then_path(tmp_path: Path) -> None:
    rows = [
        ("en", "2024-01-01", "0000000a", "z.md"),
        ("en", "2024-06-01", "0000000b", "y.md"),
        ("en", "2024-06-01", "0000000c", "x.md"),
        ("es", "2025-01-01", "0000000d", "w.md"),
        ("ar", "2020-01-01", "0000000e", "v.md"),
    ]
    for lang, when, embed, name in rows:
        body = f'{{% include transistor.html id="{embed}" %}}\n'
        write(tmp_path, name, record_text({"lang": lang, "date": when}, body))
    records, _ = read_records(make_config(tmp_path))
    assert [r.rel for r in records] == ["v.md", "x.md", "y.md", "z.md", "w.md"]


def test_dates_compare_as_instants_across_offsets(tmp_path: Path) -> None:
    # 23:00 in Hawaii is later than 08:00 UTC the next morning? No: 23:00-10:00 is 09:00 UTC next day.
    write(
        tmp_path,
        "a.md",
        record_text({"date": "Thu Mar 07 2024 23:00:00 GMT-1000"}, '{% include transistor.html id="0000000a" %}\n'),
    )
    write(
        tmp_path,
        "b.md",
        record_text({"date": '"2024-03-08T08:00:00Z"'}, '{% include transistor.html id="0000000b" %}\n'),
    )
    records, _ = read_records(make_config(tmp_path))
    assert [r.rel for r in records] == ["a.md", "b.md"]


# ------------------------------------------------------------------------------------------ more edges


def test_body_of_only_includes_is_empty(tmp_path: Path) -> None:
    text = record_text(body=PLAYER)
    record = read(tmp_path, text)
    assert record.body == "" and record.headings == []
    assert record.body_line == file_line(text, "\n\n<div>") + 1  # the line after the closing ---


def test_heading_offsets_after_a_removed_include_mid_body(tmp_path: Path) -> None:
    body = (
        "Intro.\n\n"
        '{% include transistor.html id="0a1b2c3d" %}\n\n'
        "## After the player\n\nText.\n\n"
        '<div>\n{% include youtube.html id="Zt4mK9wQeXc" %}\n</div>\n\n'
        "### After the video ###\n"
    )
    text = record_text(body=body)
    record = read(tmp_path, text)
    assert record.youtube_id == "Zt4mK9wQeXc"
    assert [h.text for h in record.headings] == ["After the player", "After the video"]
    for heading in record.headings:
        assert record.body[heading.offset :].startswith("#")
        assert heading.line == file_line(text, heading.text)
    assert "<div>" not in record.body


def test_heading_with_an_inline_include_stays_a_heading(tmp_path: Path) -> None:
    body = '## Listen {% include transistor.html id="0a1b2c3d" %}\n\nText.\n'
    record = read(tmp_path, record_text(body=body))
    assert [h.level for h in record.headings] == [2]
    assert record.body.startswith("## Listen")


def test_rel_of_a_record_outside_the_episodes_dir(tmp_path: Path) -> None:
    path = write(tmp_path, "elsewhere/x.md", record_text())
    record = read_record(path, tmp_path / "episodes", default_lang="en", tz=LA)
    assert record.rel == path.as_posix()


def test_language_folder_right_under_the_episodes_dir(tmp_path: Path) -> None:
    path = write(tmp_path, "de/episode.md", record_text({"lang": None}))
    assert read_record(path, tmp_path, default_lang="en", tz=LA).lang == "de"


def test_default_language_is_normalised_and_checked(tmp_path: Path) -> None:
    assert read(tmp_path, record_text({"lang": None}), default_lang="PT_br").lang == "pt-br"
    with pytest.raises(RecordError, match="default_language"):
        read(tmp_path, record_text({"lang": None}), default_lang="xx")


def test_title_is_trimmed(tmp_path: Path) -> None:
    assert read(tmp_path, record_text({"title": '"  Spaced  "'})).title == "Spaced"


def test_several_transistor_includes_first_wins_with_warning(tmp_path: Path) -> None:
    body = '{% include transistor.html id="0a1b2c3d" %}\n\n{% include transistor.html id="99999999" %}\n'
    write(tmp_path, "e.md", record_text(body=body))
    records, problems = read_records(make_config(tmp_path))
    assert records[0].embed_id == "0a1b2c3d"
    assert [(p.severity, "99999999" in p.message) for p in problems] == [("warning", True)]


def test_problem_text_names_path_line_and_level(tmp_path: Path) -> None:
    text = record_text({"date": "soon"})
    write(tmp_path, "edt-5/episode.md", text)
    _, problems = read_records(make_config(tmp_path))
    assert str(problems[0]).startswith(f"edt-5/episode.md:{file_line(text, 'date:')}: error: date 'soon'")
