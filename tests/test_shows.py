"""Several shows in one config: `[shows.NAME]` tables over shared settings, `--show`, and ledgers kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from edtfeed.cli import main
from edtfeed.config import load_shows
from edtfeed.errors import ConfigError
from edtfeed.lock import load_lock
from tests.fake_transistor import FakeEpisode, FakeTransistor

SHARED = """\
[show]                                  # shared by every show below
author = "Dana Example"
email = "dana@example.org"
image = "https://shows.example.org/cover.png"
link = "https://shows.example.org"
categories = ["Technology"]

[episodes]
exclude = ["drafts/**"]
"""

SHOW = """
[shows.{name}]
title = "{title}"
description = "The {name} of the test site."
base_url = "https://shows.example.org/feeds/{name}"
[shows.{name}.episodes]
dir = "{name}"
[shows.{name}.transistor]
feed_url = "{feed_url}"
lock = "{name}.lock"
[shows.{name}.output]
dir = "feeds/{name}"
"""


def write_record(path: Path, permalink: str, embed_id: str, lang: str = "en") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\ntitle: "Episode {permalink}"\npermalink: {permalink}\nlang: {lang}\ndate: 2024-05-14\n'
                    f'---\n\n{{% include transistor.html id="{embed_id}" %}}\n\nNotes of {permalink}.\n',
                    encoding="utf-8")


def write_site(root: Path, feeds: dict[str, str]) -> Path:
    """Two shows whose records share a permalink (so a guid): each show's ledger must keep its own."""
    write_record(root / "episodes/edt-1/en/episode.md", "shared-guid", "a1b2c3d4")
    write_record(root / "episodes/edt-2/en/episode.md", "episode-two", "b2c3d4e5")
    write_record(root / "episodes/drafts/en/episode.md", "draft", "99999999")  # excluded by the shared [episodes]
    write_record(root / "briefs/edw-1/en/episode.md", "shared-guid", "c3d4e5f6")
    write_record(root / "briefs/edw-2/en/episode.md", "brief-two", "d4e5f6a7")
    config = root / "edtfeed.toml"
    config.write_text(SHARED + "".join(SHOW.format(name=name, title=f"Test {name}", feed_url=url)
                                       for name, url in feeds.items()), encoding="utf-8")
    return config


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def hosts():
    with (FakeTransistor([FakeEpisode("a1b2c3d4"), FakeEpisode("b2c3d4e5")]) as episodes,
          FakeTransistor([FakeEpisode("c3d4e5f6"), FakeEpisode("d4e5f6a7")]) as briefs):
        yield {"episodes": episodes, "briefs": briefs}


def guids(feed: Path) -> list[str]:
    from lxml import etree

    return [g.text for g in etree.parse(str(feed)).iter("guid")]


def test_every_show_publishes_into_its_own_folder_with_its_own_lock(tmp_path: Path, hosts) -> None:
    config = write_site(tmp_path, {name: host.feed_url for name, host in hosts.items()})
    result = invoke("--config", str(config), "publish")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines.index("show episodes:") < lines.index("show briefs:")
    assert sum(line.startswith("0 errors, ") for line in lines) == 2
    assert "total: 2 items in 1 feed; files: 6 written, 0 unchanged" in result.output
    assert "total: 2 items in 1 feed; files: 6 written, 0 unchanged" in result.output
    assert sorted(guids(tmp_path / "feeds/episodes/en/feed.xml")) == ["episode-two", "shared-guid"]
    assert sorted(guids(tmp_path / "feeds/briefs/en/feed.xml")) == ["brief-two", "shared-guid"]
    episodes, briefs = load_lock(tmp_path / "episodes.lock"), load_lock(tmp_path / "briefs.lock")
    assert sorted(episodes.audio) == ["a1b2c3d4", "b2c3d4e5"] and sorted(briefs.audio) == ["c3d4e5f6", "d4e5f6a7"]
    assert episodes.ledger["en"]["shared-guid"].embed_id == "a1b2c3d4"
    assert briefs.ledger["en"]["shared-guid"].embed_id == "c3d4e5f6"
    # The caches beside the two locks are apart too: a second run replays both shows, writing nothing.
    again = invoke("--config", str(config), "publish")
    assert again.output.count("files: 0 written, 4 unchanged\n0 errors") == 2, again.output


def test_a_guid_removed_from_one_show_stays_in_the_other(tmp_path: Path, hosts) -> None:
    config = write_site(tmp_path, {name: host.feed_url for name, host in hosts.items()})
    assert invoke("--config", str(config), "publish").exit_code == 0
    removed = invoke("--config", str(config), "publish", "--show", "briefs", "--remove", "shared-guid")
    assert removed.exit_code == 0, removed.output
    assert "show briefs:" not in removed.output  # one show: no heading
    assert guids(tmp_path / "feeds/briefs/en/feed.xml") == ["brief-two"]
    assert load_lock(tmp_path / "briefs.lock").ledger["en"]["shared-guid"].removed
    assert not load_lock(tmp_path / "episodes.lock").ledger["en"]["shared-guid"].removed
    assert "shared-guid" in guids(tmp_path / "feeds/episodes/en/feed.xml")
    # --remove without --show is refused: a guid belongs to one show.
    refused = CliRunner().invoke(main, ["--config", str(config), "publish", "--remove", "episode-two"])
    assert refused.exit_code == 2 and "--remove acts on one show: add --show NAME" in refused.output


def test_show_selects_one_show(tmp_path: Path, hosts) -> None:
    config = write_site(tmp_path, {name: host.feed_url for name, host in hosts.items()})
    result = invoke("--config", str(config), "publish", "--show", "briefs", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload["shows"]) == ["briefs"] and payload["shows"]["briefs"]["languages"]["en"]["items"] == 2
    assert (tmp_path / "feeds/briefs/en/feed.xml").is_file() and not (tmp_path / "feeds/episodes").exists()
    assert hosts["episodes"].count() == 0
    resolved = invoke("--config", str(config), "resolve", "--show", "episodes")
    assert resolved.exit_code == 0 and "2 embed ids: 2 newly pinned" in resolved.output, resolved.output
    misspelt = CliRunner().invoke(main, ["--config", str(config), "publish", "--show", "brief"])
    assert misspelt.exit_code == 2 and "--show brief: no such show (the shows: episodes, briefs); did you mean " \
        "`briefs`?" in misspelt.output


def test_validate_and_serve_see_every_show(tmp_path: Path, hosts) -> None:
    from edtfeed.serve import feed_paths

    config = write_site(tmp_path, {name: host.feed_url for name, host in hosts.items()})
    assert invoke("--config", str(config), "publish").exit_code == 0
    validated = invoke("--config", str(config), "validate", "--format", "json")
    assert validated.exit_code == 0, validated.output
    shows = {d["show"] for d in json.loads(validated.stdout)["diagnostics"]}
    assert shows == {"episodes", "briefs"}  # the fake hosts' http links: a warning in each show, said as its own
    lines = invoke("--config", str(config), "validate").output.splitlines()
    at = {name: lines.index(f"show {name}:") for name in ("episodes", "briefs")}
    assert at["episodes"] < at["briefs"]
    for name, host in hosts.items():  # each show's warning (its host's http links) under its own name
        assert host.base in lines[at[name] + 1], lines
    assert feed_paths(tmp_path / "feeds") == ["/briefs/en/feed.xml", "/episodes/en/feed.xml"]


def test_shared_keys_fill_each_show_and_a_shared_typo_is_reported_once(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"episodes": "https://feeds.host.test/a", "briefs": "https://feeds.host.test/b"})
    shows = load_shows(config)
    assert list(shows) == ["episodes", "briefs"]
    assert {c.show.author for c in shows.values()} == {"Dana Example"}
    assert {c.episodes.exclude == ["drafts/**"] for c in shows.values()} == {True}
    assert shows["briefs"].lock_path == tmp_path / "briefs.lock"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('author = "Dana', 'autor = "Dana').replace(
        'title = "Test briefs"', 'titel = "Test briefs"'), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_shows(config)
    titel = text.splitlines().index('title = "Test briefs"') + 1
    assert str(error.value).splitlines() == [
        f"{config}:2: [show.autor] unknown key; did you mean `author`?",
        f"{config}:{titel}: [shows.briefs.titel] unknown key; did you mean `title`?",
    ]


def test_two_shows_sharing_a_lock_is_an_error_naming_the_fix(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"episodes": "https://feeds.host.test/a", "briefs": "https://feeds.host.test/b"})
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('lock = "briefs.lock"\n', ""), encoding="utf-8")
    assert load_shows(config)  # briefs.lock -> the default edtfeed.lock: still apart from episodes.lock
    config.write_text(text.replace('lock = "briefs.lock"', 'lock = "episodes.lock"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "publish"])
    assert result.exit_code == 2
    line = text.splitlines().index('lock = "briefs.lock"') + 1
    assert (f"{config}:{line}: [shows.briefs.transistor.lock] 'episodes.lock' is also the lock file of show "
            "`episodes`: it keeps the show's pinned audio and the ledger of its published guids") in result.output
    assert not (tmp_path / "feeds").exists()


def test_a_single_show_config_takes_no_show_option(tmp_path: Path) -> None:
    from tests.sample_show import copy_sample_show

    config = copy_sample_show(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline", "--show", "episodes"])
    assert result.exit_code == 2
    assert "this config has a single show ([show]); --show chooses among [shows.NAME] tables" in result.output


def test_lang_publishes_the_shows_that_have_the_language(tmp_path: Path, hosts) -> None:
    config = write_site(tmp_path, {name: host.feed_url for name, host in hosts.items()})
    write_record(tmp_path / "episodes/edt-1/de/episode.md", "shared-guid-de", "a1b2c3d4", "de")
    result = invoke("--config", str(config), "publish", "--lang", "de")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "feeds/episodes/de/feed.xml").is_file() and not (tmp_path / "feeds/briefs").exists()
    assert "show briefs: --lang de: no record is in that language" in result.stderr and "; skipped" in result.stderr
    none = CliRunner().invoke(main, ["--config", str(config), "publish", "--lang", "ja"])
    assert none.exit_code == 2
    assert "show episodes: --lang ja: no record is in that language" in none.output
    assert "show briefs: --lang ja: no record is in that language" in none.output


def test_a_show_renamed_and_moved_keeps_its_ledger(tmp_path: Path, hosts) -> None:
    config = write_site(tmp_path, {name: host.feed_url for name, host in hosts.items()})
    assert invoke("--config", str(config), "publish").exit_code == 0
    ledger = load_lock(tmp_path / "briefs.lock").ledger
    (tmp_path / "briefs").rename(tmp_path / "weekly")
    config.write_text(config.read_text(encoding="utf-8").replace("[shows.briefs", "[shows.weekly").replace(
        'dir = "briefs"', 'dir = "weekly"'), encoding="utf-8")
    result = invoke("--config", str(config), "publish", "--show", "weekly")
    assert result.exit_code == 0 and "\n0 errors, " in result.output and "published item" not in result.output, \
        result.output
    assert load_lock(tmp_path / "briefs.lock").ledger == ledger  # the lock is named in the config, not by the show
    assert sorted(guids(tmp_path / "feeds/briefs/en/feed.xml")) == ["brief-two", "shared-guid"]


def test_the_folder_above_the_shows_gets_an_index_of_every_show(tmp_path: Path, hosts) -> None:
    """`feeds/index.html` lists both shows with their artwork and feeds; a page edtfeed did not write is kept."""
    from lxml import html

    config = write_site(tmp_path, {name: host.feed_url for name, host in hosts.items()})
    result = invoke("--config", str(config), "publish", "--verbose")
    assert result.exit_code == 0, result.output
    index = tmp_path / "feeds/index.html"
    assert f"+ {index}" in result.output
    page = html.fromstring(index.read_bytes())
    assert page.xpath("//h1/text()") == ["Podcasts"]
    assert page.xpath("//section//h2/text()") == ["Test episodes", "Test briefs"]
    assert page.xpath("//section/img/@src") == ["https://shows.example.org/cover.png"] * 2
    assert page.xpath("//li[@class='card']//h3/a/@href") == ["episodes/en/", "briefs/en/"]
    assert page.xpath("//a[@type='application/rss+xml']/@href") == ["episodes/en/feed.xml", "briefs/en/feed.xml"]
    assert not page.xpath("//li[@class='card']//p[not(@class)]")  # no feed repeats its show's title
    index.write_text("<p>the site's own page</p>", encoding="utf-8")
    assert invoke("--config", str(config), "publish").exit_code == 0
    assert index.read_text(encoding="utf-8") == "<p>the site's own page</p>"


def test_a_missing_shared_key_is_reported_once_at_the_shared_show_table(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"episodes": "https://a.example/feed", "briefs": "https://b.example/feed"})
    config.write_text(config.read_text(encoding="utf-8").replace('email = "dana@example.org"\n', ""), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_shows(config)
    said = [line for line in caught.value.message.splitlines() if "email" in line]
    assert len(said) == 1 and "[show.email]" in said[0], caught.value.message


def test_messages_name_the_table_the_users_file_has(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"episodes": "https://a.example/feed", "briefs": "https://b.example/feed"})
    text = config.read_text(encoding="utf-8").replace("[episodes]\n", '[show.languages.de]\ntitle = "Shared"\n\n'
                                                      "[episodes]\n", 1)
    config.write_text(text + '[shows.briefs.languages.fr]\ntitle = "Briefs"\n', encoding="utf-8")
    shows = load_shows(config)
    episodes, briefs = shows["episodes"], shows["briefs"]
    assert episodes.show_table("languages.de") == "show.languages.de"  # set in the shared [show]: edit it there
    assert episodes.show_table("languages.es") == "shows.episodes.languages.es"  # not set: the show's own
    assert briefs.show_table("languages.fr") == "shows.briefs.languages.fr"
    assert episodes.located("check [transistor] feed_url in edtfeed.toml") == \
        "check [shows.episodes.transistor] feed_url in edtfeed.toml"
    assert episodes.located("add it to [episodes] exclude") == "add it to [episodes] exclude"  # shared, not own
    assert episodes.located("set [show] author") == "set [show] author"
    assert episodes.located("set [show] title") == "set [shows.episodes] title"
    assert episodes.located("under [transistor] in the config") == "under [transistor] in the config"  # not a key
    assert episodes.key_place("episodes", "exclude") == "`exclude` under [episodes]"  # shared by both shows
    assert episodes.key_place("transistor", "feed_url") == "`feed_url` under [shows.episodes.transistor]"
