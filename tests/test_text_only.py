"""Records without audio on purpose (`audio: none`): left out of every feed, counted once, never a warning."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from edtfeed.cli import main
from tests.sample_show import copy_sample_show


def write(path: Path, front: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Ein Text\ndate: 2024-05-14\n{front}---\n\n{body}\n", encoding="utf-8")


def publish(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), "publish", "--offline", *args], catch_exceptions=False)


def test_declared_text_only_records_are_counted_not_reported(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    for n in range(3):
        write(tmp_path / f"episodes/brief-{n}/de/episode.md", "lang: de\naudio: none\n", "Nur Text, kein Ton.")
    first = publish(config)
    assert first.exit_code == 0, first.output
    assert "brief-" not in first.output  # no line per record
    assert "3 text-only records (`audio: none`) left out of the feeds" in first.output
    assert "0 errors, 0 warnings, 0 infos" in first.output
    assert not (tmp_path / "feeds/de").exists()
    again = publish(config, "--format", "json")  # replayed from the cache: still counted
    assert json.loads(again.stdout)["text_only"] == 3


def test_an_undeclared_record_without_audio_is_still_reported_with_the_fix(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    write(tmp_path / "episodes/brief-1/it/episode.md", "lang: it\n", "Solo testo.")
    result = publish(config)
    assert result.exit_code == 1
    assert ("brief-1/it/episode.md: error: no `{% include transistor.html id=\"…\" title=\"…\" %}` found: add the "
            "episode's Transistor embed id (if it has no audio on purpose (a text-only translation), add "
            "`audio: none` to its front matter;") in result.output
    assert "text-only record" not in result.output


def test_audio_none_beside_a_player_is_a_warning_and_the_episode_publishes(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    record = next((tmp_path / "episodes").rglob("en/episode.md"))
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\n---\n", "\naudio: none\n---\n", 1), encoding="utf-8")
    result = publish(config)
    assert result.exit_code == 0, result.output
    assert "declares `audio: none` but embeds a Transistor player" in result.output
    assert "text-only record" not in result.output
