"""publish and validate agree, one hostile record value at a time: whatever a record carries, publish either
cleans it or reports the record (and carries its published item), never writes a feed that `edtfeed validate`
then finds an error in, and both count the feed rule findings the same way."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from edtfeed.cli import main
from tests.sample_show import copy_sample_show

RECORD = "edt-1/en/episode.md"


def _key(key: str, value: str):
    """Replace (or add) a top-level front matter key of the record."""
    def edit(text: str) -> str:
        line = f"{key}: {value}"
        if re.search(rf"^{key}:.*$", text, re.M):
            return re.sub(rf"^{key}:.*$", lambda _: line, text, count=1, flags=re.M)
        return text.replace("\n---\n", f"\n{line}\n---\n", 1)
    return edit


def _notes(snippet: str):
    return lambda text: text + f"\n{snippet}\n"


INJECTIONS = {
    "title-control-characters": _key("title", '"A\\x0c\\x00\\x1b[2J title \\ufffe"'),
    "title-cdata-end": _key("title", '"Ends ]]> here <script>x</script>"'),
    "title-huge": _key("title", "t" * 300_000),
    "title-blank": _key("title", '"   "'),
    "summary-html": _key("summary", '"<b>bold</b> & <i>it</i> ]]>"'),
    "summary-huge": _key("summary", "s" * 50_000),
    "description-control": _key("description", '"\\x08\\x0b text"'),
    "episode-type-bonus": _key("episode_type", "Bonus"),
    "episode-type-html": _key("episode_type", "<b>bonus</b>"),
    "season-negative": _key("season", "-3"),
    "season-text": _key("season", "three"),
    "number-negative": _key("number", "-1"),
    "number-huge": _key("number", "99999999999999999999"),
    "explicit-text": _key("explicit", "maybe"),
    "image-javascript": _key("image", '"javascript:alert(1)"'),
    "image-data": _key("image", '"data:image/png;base64,AAAA"'),
    "guid-blank": _key("guid", '"  "'),
    "guid-control": _key("guid", '"a\\x00b"'),
    "permalink-odd": _key("permalink", '"/a b/ünï\\tcode/../x"'),
    "tags-mapping": _key("tags", "{a: 1}"),
    "guests-html": _key("guests", '["<script>x</script>", "Ada & Co"]'),
    "date-far-future": _key("date", "9999-12-31"),
    "date-ancient": _key("date", "0001-01-01"),
    "video-junk": _key("video", '"javascript:x"'),
    "chapters-junk": _key("chapters", "[{start: -5, title: ''}, {start: 'x'}, 3]"),
    "notes-cdata-end": _notes("A ]]> in the notes and <script>alert(1)</script>"),
    "notes-control": _notes("bell \x07 and nul-escape \\x00"),
    "notes-huge": _notes("lorem ipsum " * 150_000),
    "notes-headings": _notes("\n".join(f"## {i:02d}:{i:02d} Heading {i} ##" for i in range(200))),
    "notes-markdown-noise": _notes("[`a ``b [c](javascript:x) ![d](<e f>) <!-- ]]> -->"),
    "transcript-junk": _notes("<details><summary>Transcript</summary>\n\n\x0c]]><b>\n</details>"),
}


# Values publish must clean rather than refuse: the record publishes.
CLEANED = {"title-control-characters", "title-cdata-end", "title-huge", "summary-html", "description-control",
           "episode-type-bonus", "permalink-odd", "notes-cdata-end", "notes-control", "notes-huge", "notes-headings",
           "notes-markdown-noise", "transcript-junk"}


def run(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


def _rule_counts(output: str) -> tuple[int, ...]:
    match = re.search(r"(\d+) errors?, (\d+) warnings?, (\d+) infos?", output)
    assert match, output
    return tuple(int(group) for group in match.groups())


@pytest.mark.parametrize("name", sorted(INJECTIONS))
def test_publish_and_validate_agree_on_a_hostile_record(tmp_path: Path, name: str) -> None:
    config = copy_sample_show(tmp_path)
    assert run(config, "publish", "--offline").exit_code == 0  # the feeds a damaged run starts from
    record = tmp_path / "episodes" / RECORD
    record.write_text(INJECTIONS[name](record.read_text(encoding="utf-8")), encoding="utf-8")

    published = run(config, "publish", "--offline")
    assert published.exit_code in (0, 1), published.output
    written = sorted((tmp_path / "feeds").glob("*/feed.xml"))
    assert [feed.parent.name for feed in written] == ["ar", "en", "es"]  # a bad record costs at most its item
    if published.exit_code == 1:
        assert f"{RECORD}:" in published.output  # the record is named; its published item is carried
    assert "not written" not in published.output

    if name in CLEANED:
        assert published.exit_code == 0, published.output
    validated = run(config, "validate", *map(str, written))
    assert validated.exit_code == 0, validated.output
    assert _rule_counts(validated.stdout)[0] == 0
    again = json.loads(run(config, "publish", "--offline", "--dry-run", "--format", "json").stdout)
    rules = [d["severity"] for d in again["diagnostics"] if d["code"] and d["file"].endswith("/feed.xml")]
    assert tuple(rules.count(severity) for severity in ("error", "warning", "info")) == _rule_counts(validated.stdout)
