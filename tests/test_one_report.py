"""`publish` and `validate` report one set of diagnostics: the same problems, counted the same, for a project with
config warnings, broken records and a feed that breaks a rule (issue #23)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from edtfeed.cli import main
from tests.sample_show import copy_sample_show
from tests.test_validate_publish import _break_feed


def run(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _said(output: str) -> tuple[Counter[tuple[object, ...]], dict[str, int]]:
    payload = json.loads(output)
    found = Counter((d["severity"], d["code"], d["file"], d["line"], d["message"]) for d in payload["diagnostics"])
    return found, payload["counts"]


def test_publish_dry_run_and_validate_report_the_same_diagnostics(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    config = copy_sample_show(tmp_path)
    assert run(config, "publish", "--offline").exit_code == 0  # the feeds validate also reads
    _edit(config, "[chapters]\n", '[chapters]\naudio_language = "en"\n')  # a key under its old name
    _edit(config, '[show.languages.es]\n', '[show.languages.es]\nreplaces = "https://old.example/es.xml"\n')
    episodes = tmp_path / "episodes"
    _edit(episodes / "edt-1/en/episode.md", "---\n", "---\ntitle: [broken\n")  # invalid YAML
    _edit(episodes / "edt-2/es/episode.md", "date: 2024-05-14T16:30:00.000Z", "date: someday")
    _break_feed(monkeypatch, "ar", b"<itunes:explicit>false", b"<itunes:explicit>no")  # a feed rule error

    published = run(config, "publish", "--offline", "--dry-run", "--format", "json")
    validated = run(config, "validate", "--format", "json")

    assert published.exit_code == validated.exit_code == 1, (published.output, validated.output)
    said, counted = _said(published.stdout)
    assert (said, counted) == _said(validated.stdout)
    files = {file for _, _, file, _, _ in said}
    codes = {code for _, code, _, _, _ in said}
    assert {"edtfeed.toml", "edt-1/en/episode.md", "edt-2/es/episode.md", "ar/feed.xml", "es/feed.xml"} <= files
    assert "apple.explicit-value" in codes
    assert counted["error"] >= 3 and counted["warning"] >= 2 and sum(said.values()) == sum(counted.values())
    # The text of both commands ends with the same count.
    text = [run(config, *args).output.splitlines()[-1] for args in (("publish", "--offline", "--dry-run"),
                                                                    ("validate",))]
    assert text[0] == text[1] == f"{counted['error']} errors, {counted['warning']} warnings, 0 infos"


def test_a_record_with_a_control_character_in_its_name_prints_the_same_in_both(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    source = tmp_path / "episodes/edt-1/en/episode.md"
    (source.parent / "bad\nok.md").write_text(source.read_text(encoding="utf-8").replace("---\n", "---\ntitle: [\n", 1),
                                              encoding="utf-8")
    outputs = [run(config, *args).output for args in (("publish", "--offline", "--dry-run"), ("validate",))]
    for output in outputs:
        assert "edt-1/en/bad\\nok.md:" in output and "bad\nok" not in output
