"""Config errors a person can act on: the line of the key, "did you mean …?", one message per mistake, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from edtfeed.config import load_config
from edtfeed.errors import ConfigError
from tests.sample_show import REPO

REPO_CONFIG = (REPO / "edtfeed.toml").read_text(encoding="utf-8")


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "edtfeed.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value.message.splitlines()


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_misspelt_key_is_one_message_with_its_line_and_the_key_it_meant(tmp_path: Path) -> None:
    text = REPO_CONFIG.replace("\nauthor = ", "\nautor = ")
    [message] = errors_of(tmp_path, text)
    assert message == f"{tmp_path / 'edtfeed.toml'}:{line_of(text, 'autor')}: [show.autor] unknown key; did you " \
                      "mean `author`?"


def test_misspelt_keys_in_nested_tables_are_found_too(tmp_path: Path) -> None:
    text = (REPO_CONFIG.replace('feed_url = "https', 'feedurl = "https')
            .replace('[show.languages.es]\ntitle', '[show.languages.es]\ntitel'))
    messages = errors_of(tmp_path, text)
    assert [m.split(": ", 1)[1] for m in messages] == [
        "[show.languages.es.titel] unknown key; did you mean `title`?",
        "[transistor.feedurl] unknown key; did you mean `feed_url`?",
    ]
    assert messages[0].split(": ")[0].endswith(f":{line_of(text, 'titel')}")


def test_an_unknown_key_like_no_other_gets_no_guess(tmp_path: Path) -> None:
    [message] = errors_of(tmp_path, REPO_CONFIG.replace("[output]\n", "[output]\nzzz = 1\n"))
    assert message.endswith('[output.zzz] unknown key; check its spelling against "Configuration" in edtfeed\'s docs '
                            "(docs/configuration.md in its repository)")


def test_the_config_reference_messages_point_at_is_that_page() -> None:
    """The page messages send a person to exists in the repository, under the title they name."""
    from edtfeed.constants import CONFIG_DOCS_PATH, CONFIG_DOCS_TITLE

    assert (REPO / CONFIG_DOCS_PATH).read_text(encoding="utf-8").splitlines()[0] == f"# {CONFIG_DOCS_TITLE}"


def test_a_missing_required_key_says_why_it_is_required(tmp_path: Path) -> None:
    text = "\n".join(line for line in REPO_CONFIG.splitlines() if not line.startswith("email ="))
    [message] = errors_of(tmp_path, text)
    assert f":{line_of(text, '[show]')}: [show.email] Field required: " in message
    assert "Spotify verify that the show is yours" in message
