"""The log of a first publish of a real-site-shaped show (25 episodes in six languages, 150 records, a few broken
ones and the warnings a new site has) is one a person reads: about 40 lines, each warning once, every broken
record named; `--strict` refuses it and accepts the clean sample show (issue #23)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from bench.generate import generate, record_path, write_config
from bench.run import fake_episodes
from edtfeed.cli import main
from edtfeed.lock import load_lock
from tests.fake_transistor import FakeTransistor
from tests.sample_show import copy_sample_show

LANGUAGES = ("en", "es", "de", "fr", "it", "pt")
BROKEN = ((3, "de"), (7, "en"), (11, "pt"))


def _site(root: Path, feed_url: str) -> Path:
    """The synthetic show as a new user's site has it: three languages without their own title, record images
    relative without [episodes] image_url, three records with broken front matter."""
    config = write_config(root, LANGUAGES, feed_url)
    text = config.read_text(encoding="utf-8")
    text = re.sub(r'\n\[show\.languages\.(fr|it|pt)\]\ntitle = "[^"]*"\n', "\n", text)
    config.write_text(re.sub(r"\nimage_url = .*\n", "\n", text), encoding="utf-8")
    errors = "\n".join(line for line in lines if line.startswith("error: ") or ": error: " in line)
    assert all(f"edt-{number}/{lang}/episode.md" in errors for number, lang in BROKEN), errors  # every one named
    assert not re.search(r"\b1 (episodes|items|files|feeds|errors|warnings)\b", first.output)
    assert (tmp_path / "feeds/en/feed.xml").is_file()


def test_strict_accepts_the_sample_show(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline", "--strict"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "feeds/en/feed.xml").is_file()
