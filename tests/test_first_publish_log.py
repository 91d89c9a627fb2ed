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
    for number, lang in BROKEN:
        path = record_path(root, number, lang)
        path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\ntitle: [broken\n", 1),
                        encoding="utf-8")
    return config


def test_the_first_publish_of_a_real_site_is_a_log_a_person_reads(tmp_path: Path) -> None:
    planned = generate(tmp_path, 25, LANGUAGES)
    assert len(planned) * len(LANGUAGES) == 150
    lock = tmp_path / "edtfeed.lock"
    episodes = fake_episodes(load_lock(lock))
    lock.unlink()  # a first publish: nothing pinned yet
    with FakeTransistor(episodes) as fake:
        config = _site(tmp_path, fake.feed_url)
        strict = CliRunner().invoke(main, ["--config", str(config), "publish", "--strict"])
        assert strict.exit_code == 1 and "--strict: nothing was written: the 3 errors and " in strict.output
        assert not (tmp_path / "feeds").exists() and not lock.exists()
        first = CliRunner().invoke(main, ["--config", str(config), "publish"])
    lines = first.output.splitlines()
    assert first.exit_code == 1 and len(lines) <= 40, first.output
    said = [line for line in lines if ": warning: " in line or line.startswith("warning: ")]
    assert said and len(said) == len(set(said))
    # One cause, one line: the spoken-language warning names its five languages, the relative image its records.
    [spoken] = [line for line in said if "the show notes are in" in line]
    assert spoken.startswith("<lang>/feed.xml (de, es, fr, it, pt): warning: ")
    [image] = [line for line in said if "is relative" in line]
    assert "(147 files: " in image and "--verbose lists all" in image
    errors = "\n".join(line for line in lines if line.startswith("error: ") or ": error: " in line)
    assert all(f"edt-{number}/{lang}/episode.md" in errors for number, lang in BROKEN), errors  # every one named
    assert not re.search(r"\b1 (episodes|items|files|feeds|errors|warnings)\b", first.output)
    assert (tmp_path / "feeds/en/feed.xml").is_file()


def test_strict_accepts_the_sample_show(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline", "--strict"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "feeds/en/feed.xml").is_file()
