"""One bad record or file costs only itself: cleaning at the read boundary, safe file reading, the YAML alias cap,
per-item isolation in rendering, and a seeded fuzz run over the sample show."""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path

import pytest
from lxml import etree

import edtfeed.render.feed
from edtfeed.runner.publish import PublishOptions, publish
from edtfeed.config import load_config
from edtfeed.diagnostics import Diagnostic
from edtfeed.errors import RecordError
from edtfeed.read.clean import TEXT_MAX, TITLE_MAX
from edtfeed.read.files import MAX_RECORD_BYTES
from edtfeed.read.records import read_record
from edtfeed.validate import validate_bytes
from tests.sample_show import copy_sample_show

RECORD = """---
title: "{title}"
date: 2024-03-07
permalink: ep-1
{extra}---

{{% include transistor.html id="a1b2c3d4" %}}

{body}
"""


def write(folder: Path, title: str = "An Episode", extra: str = "", body: str = "Notes.") -> Path:
    path = folder / "ep.md"
    path.write_text(RECORD.format(title=title, extra=extra, body=body), encoding="utf-8")
    return path


def read(path: Path):
    return read_record(path, path.parent, default_lang="en", tz="UTC")


def test_control_characters_are_removed_from_every_field(tmp_path: Path) -> None:
    extra = 'summary: "a\\fb"\ntags: ["x\\x1b[31m", "y"]\nguests: ["Ada\\uFFFE"]\n'
    record = read(write(tmp_path, "Form\x0cfeed\\x00", extra, "# Head\x07ing\n\nbo\x0bdy \ufeff and \x1b[0m"))
    assert record.title == "Formfeed"
    assert record.summary == "ab"
    assert record.tags == ["x[31m", "y"] and record.guests == ["Ada"]
    assert record.headings[0].text == "Heading"
    assert "\x0b" not in record.body and "\ufeff" not in record.body and "\x1b" not in record.body


def test_removed_characters_are_warned_with_their_line(tmp_path: Path) -> None:
    config = _show(tmp_path)
    path = _sample_file(config, 0)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n\n", "---\n\nbad\x0cline\n", 1), encoding="utf-8")
    result = publish(config, PublishOptions(offline=True))
    rel = path.relative_to(config.episodes_dir).as_posix()
    warned = [p for p in result.problems if p.file == rel and "U+000C" in p.message]
    assert warned and warned[0].line == text[: text.index("---\n\n", 4)].count("\n") + 3
    assert not result.errors


def test_long_title_is_shortened_and_warned(tmp_path: Path) -> None:
    from edtfeed.read.records import _read

    record, warnings = _read(write(tmp_path, "t" * 300_000), "ep.md", "en", "UTC")
    assert len(record.title) == TITLE_MAX
    assert any("Apple allows 255" in message for _, message in warnings)


def test_huge_body_is_cut_below_the_cdata_limit(tmp_path: Path) -> None:
    from edtfeed.read.records import _read

    body = ("word " * 20 + "\n") * (2 * TEXT_MAX // 101)
    record, warnings = _read(write(tmp_path, body=body), "ep.md", "en", "UTC", data=None)
    assert len(record.body) <= TEXT_MAX + 1
    assert any("only the first" in message for _, message in warnings)


@pytest.mark.parametrize(("extra", "expected"), [("episode_type: Bonus\n", "bonus"), ("episode_type: ' full '\n", "full")])
def test_episode_type_is_normalised(tmp_path: Path, extra: str, expected: str) -> None:
    assert read(write(tmp_path, extra=extra)).episode_type == expected


@pytest.mark.parametrize("extra", ["episode_type: <b>bonus</b>\n", "episode_type: special\n", "episode_type: [a]\n",
                                   "season: -2\n", "season: '-2'\n"])
def test_bad_enumerations_and_negative_numbers_are_errors(tmp_path: Path, extra: str) -> None:
    with pytest.raises(RecordError) as caught:
        read(write(tmp_path, extra=extra))
    assert caught.value.line == 5


@pytest.mark.parametrize("key", ["tags", "guests", "date"])
def test_alias_bombs_fail_fast_for_that_record(tmp_path: Path, key: str) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")
    )
    started = time.monotonic()
    with pytest.raises(RecordError, match="YAML aliases"):
        read(write(tmp_path, extra=bomb + f"{key}: *i\n"))
    assert time.monotonic() - started < 2


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    record = read(write(tmp_path, extra="x: &t [one, two]\ntags: *t\n"))
    assert record.tags == ["one", "two"]


def test_fifo_device_and_symlink_loop_are_reported_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    messages = {}
    for name in ("fifo.md", "zero.md", "loop.md"):
        with pytest.raises(RecordError) as caught:
            read(tmp_path / name)
        messages[name] = caught.value.message
    assert "FIFO" in messages["fifo.md"] and "character device" in messages["zero.md"]
    assert "cannot read" in messages["loop.md"]


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    assert MAX_RECORD_BYTES >= 32 * 1024 * 1024  # real records with pasted pictures reach several megabytes
    with pytest.raises(RecordError, match="byte limit") as caught:
        read(write(tmp_path, body="x" * (MAX_RECORD_BYTES + 1)))
    assert "raise `max_record_mib` under [episodes]" in str(caught.value)
    assert "transcript" in str(caught.value)


def test_odd_file_names_are_printed_escaped() -> None:
    shown = str(Diagnostic("en/a\nb\x1b[31m.md", 3, "bad"))
    assert shown == "en/a\\nb\\x1b[31m.md:3: error: bad"


def test_one_record_that_raises_in_rendering_costs_only_its_item(tmp_path: Path, monkeypatch) -> None:
    config = _show(tmp_path)
    victim = _sample_file(config, 0)
    rel = victim.relative_to(config.episodes_dir).as_posix()
    real = edtfeed.render.feed.write_item

    def write_item(*args, episode, **kwargs):
        if episode.record.rel == rel:
            raise ValueError("All strings must be XML compatible")
        return real(*args, episode=episode, **kwargs)

    assert not publish(config, PublishOptions(offline=True)).errors  # published once, as a real show has been
    feed = config.output_dir / "ar" / "feed.xml"
    guid = next(line for line in feed.read_text(encoding="utf-8").splitlines() if "SAMPLE1" in line and "<guid" in line)
    monkeypatch.setattr(edtfeed.render.feed, "write_item", write_item)
    result = publish(config, PublishOptions(offline=True, cache=False))
    assert [p.file for p in result.errors] == [rel], [str(p) for p in result.errors]
    assert "All strings must be XML compatible" in result.errors[0].message
    assert guid in feed.read_text(encoding="utf-8")  # its published item is carried, never dropped
    _assert_published(config, {rel}, all_files(config))


PLAYER = '{% include transistor.html id="cea47899" %}\n'
READ_BOUND = 10.0  # seconds for one record of ~0.5 MB; the quadratic scans these bodies once met took minutes


@pytest.mark.parametrize("body", [
    PLAYER + "{% include transistor.html " * 20_000,  # unclosed tags: each once scanned to the end of the body
    PLAYER + "{% include youtube.html id='" * 20_000,
    PLAYER + "<details><summary>" * 30_000,
    PLAYER + "<div>\n" * 50_000 + PLAYER + "</div>\n" * 50_000,
    PLAYER + "```\n~~~~\n" * 50_000,
    PLAYER + ("#" * 5_000 + " x" + " #" * 5_000 + "\n") * 50,
    PLAYER + "\n" * 200_000 + "- - - " * 1_000,
], ids=["unclosed-player", "unclosed-video", "details", "divs", "fences", "hashes", "breaks"])
def test_pathological_bodies_are_read_in_bounded_time(tmp_path: Path, body: str) -> None:
    path = tmp_path / "e.md"
    path.write_text('---\ntitle: "T"\ndate: 2024-01-02\n---\n' + body, encoding="utf-8")
    started = time.monotonic()
    record = read_record(path, tmp_path, default_lang="en", tz="UTC")
    assert time.monotonic() - started < READ_BOUND
    assert record.embed_id == "cea47899"


def test_an_include_runs_to_the_first_closing_mark_as_in_liquid(tmp_path: Path) -> None:
    path = tmp_path / "e.md"
    path.write_text('---\ntitle: "T"\ndate: 2024-01-02\n---\nA\n{% include transistor.html\n  id="cea47899" '
                    'title="50% off" %}\n\n## First\n', encoding="utf-8")
    record = read_record(path, tmp_path, default_lang="en", tz="UTC")
    assert (record.embed_id, record.embed_title) == ("cea47899", "50% off")
    assert record.body == "A\n\n## First\n" and record.headings[0].line == 9


@pytest.mark.parametrize("notes", ["See [`a for details.", "[`]", "[a`] and ``[b", "<" * 5000, "[" * 5000 + "`",
                                   "> " * 2000 + "x", "* " * 2000 + "x", "*a **b " * 2000])
def test_odd_markdown_in_the_notes_publishes(tmp_path: Path, notes: str) -> None:
    """Stray backticks inside brackets once crashed the markdown engine and with it the whole publish."""
    config = _show(tmp_path)
    path = _sample_file(config, 0)
    path.write_text(path.read_text(encoding="utf-8") + f"\n{notes}\n", encoding="utf-8")
    result = publish(config, PublishOptions(offline=True))
    assert not result.errors, [str(p) for p in result.errors]
    _assert_published(config, set(), all_files(config))


# ------------------------------------------------------------------------------------------------ fuzz


def _show(tmp_path: Path):
    return load_config(copy_sample_show(tmp_path))


def all_files(config) -> list[Path]:
    return sorted(config.episodes_dir.rglob("*.md"))


def _sample_file(config, index: int) -> Path:
    return all_files(config)[index]


def _permalink(text: str) -> str:
    return re.search(r"^permalink: *(\S+)", text, re.M)[1]  # type: ignore[index]


def _assert_published(config, broken: set[str], files: list[Path], texts: dict[Path, str] | None = None) -> None:
    """Every feed well-formed and error-free under validate; every record not in `broken` has its item."""
    feeds = {}
    for feed in sorted((config.output_dir).glob("*/feed.xml")):
        data = feed.read_bytes()
        etree.fromstring(data)  # well-formed, or this raises
        lang = feed.parent.name
        errors = [f for f in validate_bytes(data, f"{lang}/feed.xml", feed_url=config.feed_url(lang))
                  if f.severity == "error"]
        assert not errors, errors
        feeds[lang] = data.decode("utf-8")
    for path in files:
        rel = path.relative_to(config.episodes_dir).as_posix()
        if rel in broken:
            continue
        text = (texts or {}).get(path) or path.read_text(encoding="utf-8")
        lang = path.parent.name
        assert f">{_permalink(text)}<" in feeds[lang] or _permalink(text) in feeds[lang], rel


def _mutations(rng: random.Random, text: str):
    """(name, new text or None for an odd file, breaks the record?) for one record."""
    head, _, rest = text.partition("\n---\n")
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    noise = "".join(rng.choice("[]()`*_!<>&#\\|~-:. a1\n") for _ in range(400))
    choices = [
        ("markdown-noise", rest and head + "\n---\n" + rest.replace("\n\n", f"\n\n{noise}\n\n", 1), False),
        ("control", text.replace("title: \"", "title: \"\x0c\x00\x1b[2J\ufffe", 1), False),
        ("control-escape", text.replace("title: \"", "title: \"\\f\\x00", 1), False),
        ("control-body", rest and head + "\n---\n" + rest.replace("\n", "\n\x0b\x08", 3), False),
        ("long-title", re.sub(r"^title: .*$", "title: " + "t" * 300_000, text, count=1, flags=re.M), False),
        ("huge-body", text + ("lorem ipsum\n" * 150_000), False),
        ("bonus", head + "\nepisode_type: Bonus\n---\n" + rest, False),
        ("bad-type", head + "\nepisode_type: <b>bonus</b>\n---\n" + rest, True),
        ("negative-season", head + "\nseason: -3\n---\n" + rest, True),
        ("bad-yaml-type", re.sub(r"^title: .*$", "title: {a: [1, 2]}", text, count=1, flags=re.M), True),
        ("truncated", text[: len(head) // 2], True),
        ("alias-bomb", re.sub(r"^tags:", bomb + "tags: *i\nold_tags:", text, count=1, flags=re.M), True),
        ("fifo", None, True),
        ("dev-zero", None, True),
        ("too-big", text + "x" * (MAX_RECORD_BYTES + 10), True),
    ]
    return rng.choice([choice for choice in choices if choice[1] != ""])


@pytest.mark.parametrize("seed", range(4))
def test_fuzz_mutated_sample_show(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    config = _show(tmp_path)
    assert not publish(config, PublishOptions(offline=True)).errors  # the published feeds a damaged run starts from
    files = all_files(config)
    broken: set[str] = set()
    originals = {path: path.read_text(encoding="utf-8") for path in files}
    for path in rng.sample(files, 3):
        name, text, breaks = _mutations(rng, originals[path])
        rel = path.relative_to(config.episodes_dir).as_posix()
        path.unlink()
        if name == "fifo":
            os.mkfifo(path)
        elif name == "dev-zero":
            path.symlink_to("/dev/zero")
        else:
            path.write_text(text, encoding="utf-8")
        if breaks:
            broken.add(rel)
    (config.episodes_dir / "loop.md").symlink_to(config.episodes_dir / "loop.md")
    (config.episodes_dir / "odd\nname\x1b[31m.md").write_text("---\ntitle: x\n", encoding="utf-8")
    broken |= {"loop.md", "odd\nname\x1b[31m.md"}
    result = publish(config, PublishOptions(offline=True))  # a traceback fails the test
    errors = {problem.file for problem in result.errors if problem.file.endswith(".md")}
    assert errors == broken
    assert all("\n" not in str(problem).rstrip("\n") for problem in result.problems)
    _assert_published(config, broken, files, originals)


@pytest.mark.parametrize("title", ["…", "...", "TBD", "Title", "summary", " tbd. "])
def test_a_placeholder_title_is_an_error_naming_the_key(tmp_path: Path, title: str) -> None:
    with pytest.raises(RecordError) as caught:
        read(write(tmp_path, title=title))
    assert f"`title: {title.strip()}` is a placeholder" in caught.value.message
    assert caught.value.line == 2
