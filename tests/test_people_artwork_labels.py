"""Hosts and guests as podcast:person lists, episode artwork URLs, localized labels, and their config keys."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

import pytest

from edtfeed.config import ChaptersConfig, Config, HostConfig, load_config
from edtfeed.episodes.artwork import _suffix, episode_image_url
from edtfeed.episodes.labels import LABELS, label
from edtfeed.episodes.people import Person, channel_people, item_people
from edtfeed.errors import ConfigError

HOSTS = [HostConfig(name="Darren W Pulsipher", href="https://example.org/darren")]


def test_channel_people_are_the_hosts() -> None:
    assert channel_people(HOSTS) == [Person(name="Darren W Pulsipher", role="host", href="https://example.org/darren")]
    assert channel_people([]) == []


def test_item_people_restate_hosts_and_never_list_a_host_as_guest() -> None:
    people = item_people(["darren w. pulsipher", "Erin  Moseley", "Erin Moseley", " ", "Grant Kelly"], HOSTS)
    assert [(p.name, p.role) for p in people] == [
        ("Darren W Pulsipher", "host"), ("Erin Moseley", "guest"), ("Grant Kelly", "guest")]


def test_items_with_only_the_host_list_nobody() -> None:
    assert item_people(["Darren Pulsipher"], HOSTS) == []
    assert item_people([], HOSTS) == []


def test_guests_without_configured_hosts_and_long_names() -> None:
    people = item_people(["X" * 200], [])
    assert [(len(p.name), p.role) for p in people] == [(128, "guest")]


def test_host_config_accepts_names_or_tables() -> None:
    config = ChaptersConfig()
    assert config.levels == [2] and config.estimate and config.opening == "title" and config.audio_language is None
    hosts = [HostConfig.model_validate(v) for v in ("  Ana ", {"name": "Bo", "img": "https://example.org/b.png"})]
    assert [(h.name, h.img) for h in hosts] == [("Ana", None), ("Bo", "https://example.org/b.png")]
    with pytest.raises(ValueError):
        HostConfig.model_validate({"name": "Bo", "href": "example.org"})
    with pytest.raises(ValueError):
        HostConfig.model_validate("   ")


TEMPLATE = "https://example.org/episodes/{dir}/{file}"


@pytest.mark.parametrize(("image", "rel", "url"), [
    ("thumbnail.png", "edt-1/fr/episode.md", "https://example.org/episodes/edt-1/fr/thumbnail.png"),
    ("thumbnail.jpeg", "edt-1/episode.md", "https://example.org/episodes/edt-1/thumbnail.jpeg"),
    ("./img/a b.JPG", "edt-2/en/episode.md", "https://example.org/episodes/edt-2/en/img/a%20b.JPG"),
    ("../common.jpg", "edt-2/en/episode.md", "https://example.org/episodes/edt-2/common.jpg"),
    ("/art/x.png", "edt-2/en/episode.md", "https://example.org/episodes/art/x.png"),
    ("thumbnail.png", "top.md", "https://example.org/episodes/thumbnail.png"),
    ("https://cdn.example.org/a.jpg?v=2", "x/y.md", "https://cdn.example.org/a.jpg?v=2"),
])
def test_episode_image_urls(image: str, rel: str, url: str) -> None:
    assert episode_image_url(image, rel, TEMPLATE) == (url, None)


@pytest.mark.parametrize(("image", "template", "reason"), [
    ("thumbnail.bmp", TEMPLATE, "not .jpg/.jpeg/.png"),
    ("https://cdn.example.org/a.gif", TEMPLATE, "not .jpg/.jpeg/.png"),
    ("thumbnail.png", None, "set [episodes] image_url"),
    ("../../../x.png", TEMPLATE, "outside the episodes dir"),
])
def test_unusable_episode_images_say_why(image: str, template: str | None, reason: str) -> None:
    url, warning = episode_image_url(image, "edt-1/en/episode.md", template)
    assert url is None and warning is not None and reason in warning


def test_no_image_is_no_warning() -> None:
    assert episode_image_url(None, "a.md", TEMPLATE) == (None, None)
    assert episode_image_url("  ", "a.md", TEMPLATE) == (None, None)


@pytest.mark.parametrize("lang", ["en", "es", "de", "fr", "it", "pt", "ar", "ja"])
def test_every_show_language_has_every_label(lang: str) -> None:
    assert set(LABELS[lang]) == set(LABELS["en"])
    assert all(text.strip() for text in LABELS[lang].values())


def test_label_fallbacks() -> None:
    assert label("watch_on_youtube", "es") == "Ver en YouTube"
    assert label("introduction", "pt-BR") == "Introdução"
    assert label("chapters", "nl") == "Chapters"


MINIMAL = """
[show]
title = "T"
description = "D"
author = "A"
email = "a@example.org"
image = "https://example.org/c.jpg"
link = "https://example.org"
categories = ["Technology"]
base_url = "https://example.org/feeds"
"""


def write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "edtfeed.toml"
    path.write_text(MINIMAL + extra, encoding="utf-8")
    tomllib.loads(path.read_text())
    return path


def test_existing_configs_still_validate_with_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.chapters == ChaptersConfig() and config.show.hosts == [] and config.episodes.image_url is None
    assert config.audio_language == "en"


def test_new_config_keys(tmp_path: Path) -> None:
    config: Config = load_config(write(tmp_path, """hosts = ["Ana", {name = "Bo", href = "https://example.org/bo"}]
[episodes]
image_url = "https://example.org/{dir}/{file}"
[chapters]
levels = [3, 2, 2]
estimate = false
opening = "introduction"
audio_language = "ES"
"""))
    assert [h.name for h in config.show.hosts] == ["Ana", "Bo"]
    assert config.chapters.levels == [2, 3] and config.audio_language == "es"
    assert config.episodes.image_url == "https://example.org/{dir}/{file}"


@pytest.mark.parametrize(("extra", "message"), [
    ('[chapters]\nlevels = [7]\n', "[chapters.levels] heading levels are 1 to 6"),
    ('[chapters]\nlevels = []\n', "[chapters.levels]"),
    ('[chapters]\nopening = "episode"\n', "[chapters.opening]"),
    ('[episodes]\nimage_url = "https://example.org/{dir}"\n', "must contain {file}"),
    ('[episodes]\nimage_url = "https://example.org/{dir}/{name}/{file}"\n', "only {dir} and {file}"),
    ('[episodes]\nimage_url = "example.org/{file}"\n', "not an absolute http(s) URL"),
])
def test_bad_new_config_keys_are_named(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, extra))
    assert message in str(error.value)


@pytest.mark.parametrize("path", ["thumb.png", "a/b.JPG", "a/b.png/", "a/b.png/.", "./x.jpeg", ".png", "a/.png", "b.",
                                  "a/..", "..", "//x.png", "/", "", "a.b.png", "dir.png/file"])
def test_image_suffix_is_the_one_pathlib_gives(path: str) -> None:
    """_suffix skips building a PurePosixPath; it must name the same suffix for every shape of path."""
    assert _suffix(path) == PurePosixPath(path).suffix
