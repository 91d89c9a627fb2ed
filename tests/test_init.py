"""`edtfeed init` on a Jekyll-like site with two series (episodes and weekly briefs), then publishing both."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from edtfeed import __version__
from edtfeed.cli import main
from tests.fake_transistor import FakeEpisode, FakeTransistor
from tests.test_workflow import check_schema

CONFIG_YML = """\
title: Embracing Tests
description: Conversations about testing software, in several languages.
author: Dana Example
email: dana@example.org
url: https://tests.example.org
baseurl: /podcast
logo: /assets/cover.png
lang: en
"""


def _record(path: Path, title: str, lang: str | None, embed_id: str | None, body: str = "Notes.") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lang_line = f"lang: {lang}\n" if lang else ""
    player = f'{{% include transistor.html id="{embed_id}" title="{title}" %}}\n\n' if embed_id else ""
    path.write_text(f'---\ntitle: "{title}"\npermalink: {path.parent.name}-{title[-1]}\n{lang_line}'
                    f"date: 2024-05-14\nimage: thumbnail.png\n---\n\n{player}## Part one\n\n{body}\n",
                    encoding="utf-8")


def build_site(root: Path) -> dict[str, list[str]]:
    """docs/_config.yml, docs/episodes/edt-N/<lang>/episode.md, docs/briefs/edw-N/<lang>/episode.md with a
    text-only translation, and pages that are not episodes. Returns each series' embed ids."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "_config.yml").write_text(CONFIG_YML, encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: Home\n---\n\nWelcome.\n", encoding="utf-8")
    (docs / "episodes" / "index.md").parent.mkdir()
    (docs / "episodes" / "index.md").write_text("---\ntitle: Episodes\n---\n\nAll episodes.\n", encoding="utf-8")
    ids = {"episodes": ["a1b2c3d4", "b2c3d4e5"], "briefs": ["c3d4e5f6"]}
    for n, embed_id in enumerate(ids["episodes"], 1):
        for lang in ("en", "de"):
            _record(docs / f"episodes/edt-{n}/{lang}/episode.md", f"Episode {n}", lang, embed_id)
    _record(docs / "briefs/edw-1/en/episode.md", "Brief 1", "en", ids["briefs"][0])
    _record(docs / "briefs/edw-1/it/episode.md", "Brief 1", None, None, "Solo testo.")  # text only: no audio
    (docs / "_layouts").mkdir()
    (docs / "_layouts" / "x.md").write_text('{% include transistor.html id="ffffffff" %}', encoding="utf-8")
    return ids


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_init_writes_one_config_whose_shows_publish_with_no_errors(tmp_path: Path) -> None:
    ids = build_site(tmp_path)
    with (FakeTransistor([FakeEpisode(i) for i in ids["episodes"]]) as episodes,
          FakeTransistor([FakeEpisode(i) for i in ids["briefs"]]) as briefs):
        result = invoke("init", str(tmp_path), "--yes", "--feed-url", episodes.feed_url,
                        "--feed-url", f"briefs={briefs.feed_url}")
        assert result.exit_code == 0, result.output
        assert "found episodes: 4 records of 2 episodes in docs/episodes/ (de, en)" in result.output
        assert "found briefs: 1 records of 1 episodes in docs/briefs/ (en)" in result.output
        assert result.output.strip().splitlines()[-2] == f"Next: cd {tmp_path} && edtfeed publish"
        assert not list(tmp_path.glob("edtfeed-*.toml"))

        config = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))
        assert config["show"] == {
            "author": "Dana Example", "email": "dana@example.org",
            "image": "https://tests.example.org/podcast/assets/cover.png", "link": "https://tests.example.org/podcast",
            "categories": ["Technology"], "explicit": False}
        assert list(config["shows"]) == ["episodes", "briefs"]
        shows = config["shows"]
        assert shows["episodes"]["title"] == "Embracing Tests"
        assert shows["episodes"]["base_url"] == "https://tests.example.org/podcast/feeds/episodes"
        assert shows["episodes"]["default_language"] == "en"
        assert shows["episodes"]["episodes"] == {
            "dir": "docs/episodes", "exclude": ["index.md"],
            "image_url": "https://tests.example.org/podcast/episodes/{dir}/{file}"}
        assert shows["episodes"]["output"]["dir"] == "docs/feeds/episodes"
        assert shows["episodes"]["transistor"] == {"feed_url": episodes.feed_url, "lock": "edtfeed.lock"}
        written = (tmp_path / "edtfeed.toml").read_text(encoding="utf-8")
        assert "# [shows.episodes.languages.de]" in written and '# spoken = "declare"' in written
        assert shows["briefs"]["title"] == "Embracing Tests (Briefs)"
        assert shows["briefs"]["episodes"]["exclude"] == ["edw-1/it/episode.md"]
        assert shows["briefs"]["transistor"] == {"feed_url": briefs.feed_url, "lock": "edtfeed-briefs.lock"}

        published = invoke("--config", str(tmp_path / "edtfeed.toml"), "publish")
        assert published.exit_code == 0, published.output
        assert published.output.count("\n0 error(s), ") == 2, published.output
        assert "de/feed.xml: warning: uses the en show's title, description: set them in " \
            "[shows.episodes.languages.de] in the config" in published.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "docs/feeds").glob("*/*/feed.xml")) == [
        "docs/feeds/briefs/en/feed.xml", "docs/feeds/episodes/de/feed.xml", "docs/feeds/episodes/en/feed.xml"]
    assert (tmp_path / "edtfeed.lock").is_file() and (tmp_path / "edtfeed-briefs.lock").is_file()
    assert (tmp_path / ".edtfeed-cache/edtfeed-briefs").is_dir()  # each show's cache apart


def test_a_single_series_site_gets_a_single_show_config(tmp_path: Path) -> None:
    ids = build_site(tmp_path)
    shutil.rmtree(tmp_path / "docs/briefs")
    with FakeTransistor([FakeEpisode(i) for i in ids["episodes"]]) as episodes:
        result = invoke("init", str(tmp_path), "--yes", "--feed-url", episodes.feed_url)
        assert result.exit_code == 0, result.output
        config = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))
        assert "shows" not in config and config["show"]["title"] == "Embracing Tests"
        assert config["show"]["base_url"] == "https://tests.example.org/podcast/feeds"
        assert config["transistor"] == {"feed_url": episodes.feed_url, "lock": "edtfeed.lock"}
        assert config["output"]["dir"] == "docs/feeds"
        published = invoke("--config", str(tmp_path / "edtfeed.toml"), "publish")
        assert published.exit_code == 0 and "\n0 error(s), " in published.output, published.output


def test_a_jekyll_collection_is_a_series(tmp_path: Path) -> None:
    """Briefs kept as a Jekyll collection (`_briefs/`, declared in _config.yml) are a show of their own."""
    ids = build_site(tmp_path)
    shutil.move(tmp_path / "docs/briefs", tmp_path / "docs/_briefs")
    with (tmp_path / "docs/_config.yml").open("a", encoding="utf-8") as handle:
        handle.write("collections:\n  briefs:\n    output: true\n")
    with (FakeTransistor([FakeEpisode(i) for i in ids["episodes"]]) as episodes,
          FakeTransistor([FakeEpisode(i) for i in ids["briefs"]]) as briefs):
        result = invoke("init", str(tmp_path), "--yes", "--feed-url", episodes.feed_url,
                        "--feed-url", f"briefs={briefs.feed_url}")
        assert result.exit_code == 0, result.output
        assert "found briefs: 1 records of 1 episodes in docs/_briefs/ (en)" in result.output
        config = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))
        assert config["shows"]["briefs"]["episodes"]["dir"] == "docs/_briefs"
        published = invoke("--config", str(tmp_path / "edtfeed.toml"), "publish")
        assert published.exit_code == 0, published.output
    assert (tmp_path / "docs/feeds/briefs/en/feed.xml").is_file()


def test_the_written_workflow_is_valid_and_publishes_every_series(tmp_path: Path) -> None:
    build_site(tmp_path)
    result = invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
                    "--feed-url", "briefs=https://feeds.host.test/b")
    assert result.exit_code == 0, result.output
    workflow_path = tmp_path / ".github/workflows/publish-feeds.yml"
    assert check_schema(workflow_path).returncode == 0
    workflow = YAML(typ="safe").load(workflow_path.read_text(encoding="utf-8"))
    assert workflow["on"]["push"]["paths"] == ["docs/episodes/**", "docs/briefs/**", "edtfeed.toml"]
    steps = {step.get("id"): step for step in workflow["jobs"]["publish"]["steps"]}
    assert "edtfeed publish\n" in steps["publish"]["run"] and "--config" not in steps["publish"]["run"]
    # edtfeed comes from the package index, pinned to the version that wrote the config; never from a checkout.
    assert steps["install"]["run"] == f'pip install "edtfeed=={__version__}"'
    assert not any("git+" in str(step) or "pip install ." in str(step) for step in steps.values())
    cache = next(step for step in workflow["jobs"]["publish"]["steps"]
                 if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".edtfeed-cache"
    commit = workflow["jobs"]["publish"]["steps"][-1]["run"]
    assert "edtfeed paths --null" in commit  # what is committed is named by the config, whatever it says later
    paths = invoke("--config", str(tmp_path / "edtfeed.toml"), "paths").output.splitlines()
    assert sorted(Path(path).relative_to(tmp_path).as_posix() for path in paths) == [
        "docs/feeds/briefs", "docs/feeds/episodes", "edtfeed-briefs.lock", "edtfeed-briefs.transcripts",
        "edtfeed.lock", "edtfeed.transcripts"]


def test_init_never_overwrites_and_asks_only_what_the_site_does_not_say(tmp_path: Path) -> None:
    build_site(tmp_path)
    config_yml = tmp_path / "docs/_config.yml"
    config_yml.write_text(CONFIG_YML.replace("email: dana@example.org\n", ""), encoding="utf-8")
    result = invoke("init", str(tmp_path), input="owner@example.org\nhttps://feeds.example.org/a\n"
                    "https://feeds.example.org/b\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Owner email") == 1  # asked once for both series
    assert result.output.count("Transistor feed URL of") == 2
    assert "Show title" not in result.output and "Author" not in result.output  # _config.yml says them
    config = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))
    assert config["show"]["email"] == "owner@example.org"
    assert config["shows"]["briefs"]["transistor"]["feed_url"] == "https://feeds.example.org/b"
    (tmp_path / "edtfeed.toml").write_text("# mine\n", encoding="utf-8")
    again = invoke("init", str(tmp_path), "--yes", "--email", "owner@example.org", "--feed-url",
                   "https://feeds.example.org/a", "--feed-url", "briefs=https://feeds.example.org/b")
    assert (tmp_path / "edtfeed.toml").read_text(encoding="utf-8") == "# mine\n"
    assert "edtfeed.toml exists; left unchanged" in again.output


def test_init_with_yes_names_the_flag_of_a_missing_value(tmp_path: Path) -> None:
    build_site(tmp_path)
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--yes"])
    assert result.exit_code == 2
    assert "pass --feed-url episodes=URL" in result.output
    assert not (tmp_path / "edtfeed.toml").exists()


@pytest.mark.parametrize("layout", ["none", "no-player"])
def test_init_outside_a_podcast_site_says_why(tmp_path: Path, layout: str) -> None:
    if layout == "no-player":
        (tmp_path / "_config.yml").write_text("title: Blog\n", encoding="utf-8")
        (tmp_path / "post.md").write_text("Hello\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--yes"])
    assert result.exit_code == 2
    assert ("no Jekyll _config.yml" if layout == "none" else "no page embeds a Transistor player") in result.output


def five_minute_walk() -> list[str]:
    """The shell lines of the README's "Publish your own site in five minutes" block, comments dropped."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Publish your own site in five minutes"):]
    start = section.index("```sh\n") + len("```sh\n")
    block = section[start:section.index("\n```", start)]
    return [line.split("  #")[0].strip() for line in block.splitlines()]


README_FEED_URL = "https://feeds.transistor.fm/my-show"


def test_the_readme_five_minute_walk_on_a_fresh_folder(tmp_path: Path) -> None:
    """The README's commands, run by bash as written, on a fresh site with two series: every line but the install
    (edtfeed is installed already) and the preview server (it runs until Ctrl+C). The only change: the feed URL
    points at a fake Transistor on loopback, and the second series' URL, which init asks for, comes on stdin."""
    site = tmp_path / "my-podcast-site"
    ids = build_site(site)
    remote = tmp_path / "remote.git"
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    for command in (["git", "init", "-q", "--bare", str(remote)], ["git", "init", "-q", str(site)],
                    ["git", "-C", str(site), "remote", "add", "origin", str(remote)],
                    ["git", "-C", str(site), "config", "push.autoSetupRemote", "true"]):
        subprocess.run(command, check=True, env=git_env)
    bin_dir = tmp_path / "bin"  # `edtfeed` on PATH: this interpreter's installed edtfeed
    bin_dir.mkdir()
    (bin_dir / "edtfeed").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m edtfeed "$@"\n')
    (bin_dir / "edtfeed").chmod(0o755)
    lines = five_minute_walk()
    assert lines[0].startswith("python3 -m venv .venv") and lines[1] == "cd my-podcast-site"
    assert lines[4] == "edtfeed serve" and lines[-1] == "git push"
    assert README_FEED_URL in lines[2]
    with (FakeTransistor([FakeEpisode(i) for i in ids["episodes"]]) as episodes,
          FakeTransistor([FakeEpisode(i) for i in ids["briefs"]]) as briefs):
        script = "set -e\n" + "\n".join([*lines[1:4], *lines[5:]]).replace(README_FEED_URL, episodes.feed_url)
        done = subprocess.run(["bash", "-c", script], cwd=tmp_path, input=f"{briefs.feed_url}\n", text=True,
                              capture_output=True, timeout=300,
                              env={**git_env, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Next: edtfeed publish" in output  # what init prints is the README's step 2
    assert output.count("\n0 error(s), ") == 2  # both shows published without an error
    tracked = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.split()
    for path in ("edtfeed.toml", "edtfeed.lock", "edtfeed-briefs.lock", "docs/feeds/episodes/de/feed.xml",
                 "docs/feeds/briefs/en/feed.xml", ".github/workflows/publish-feeds.yml", ".gitignore"):
        assert path in tracked, tracked
    assert not any(".edtfeed-cache" in path for path in tracked)
    assert (site / "docs/feeds/briefs/en/index.html").is_file()  # what `edtfeed serve` would show


def test_a_series_nested_in_another_is_excluded_from_the_outer_one(tmp_path: Path) -> None:
    build_site(tmp_path)
    _record(tmp_path / "docs/episodes/specials/special-a.md", "Special A", "en", "d4e5f6a7")
    _record(tmp_path / "docs/episodes/specials/special-b.md", "Special B", "en", "e5f6a7b8")
    result = invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
                    "--feed-url", "briefs=https://feeds.host.test/b",
                    "--feed-url", "specials=https://feeds.host.test/c")
    assert result.exit_code == 0, result.output
    shows = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))["shows"]
    assert shows["episodes"]["episodes"]["exclude"] == ["index.md", "specials/**"]
    inner = shows["specials"]["episodes"]
    assert inner["dir"] == "docs/episodes/specials" and inner["exclude"] == []


def test_init_reads_pages_as_publish_does(tmp_path: Path) -> None:
    """init reads each page with publish's record reader: a broken record that embeds a player stays in its series
    (publish reports it), a declared text-only page and a README without front matter are pages, and an include
    inside a code block embeds a player (Jekyll runs Liquid before markdown)."""
    from edtfeed.init import scan_site

    docs = tmp_path / "docs"
    (docs / "episodes").mkdir(parents=True)
    (docs / "_config.yml").write_text(CONFIG_YML, encoding="utf-8")
    _record(docs / "episodes/edt-1/en/episode.md", "Episode 1", "en", "a1b2c3d4")
    (docs / "episodes/edt-2/en").mkdir(parents=True)
    (docs / "episodes/edt-2/en/episode.md").write_text(  # no date: publish refuses it with a message
        '---\ntitle: "Episode 2"\n---\n\n{% include transistor.html id="b2c3d4e5" %}\n', encoding="utf-8")
    (docs / "episodes/edt-3/en").mkdir(parents=True)
    (docs / "episodes/edt-3/en/episode.md").write_text(
        '---\ntitle: "Episode 3"\ndate: 2024-05-14\naudio: none\n---\n\nText only.\n', encoding="utf-8")
    (docs / "episodes/README.md").write_text('Records embed `{% include transistor.html id="ffffffff" %}`.\n',
                                             encoding="utf-8")
    (docs / "episodes/edt-4/en").mkdir(parents=True)
    (docs / "episodes/edt-4/en/episode.md").write_text(
        '---\ntitle: "Episode 4"\ndate: 2024-05-14\n---\n\n```\n{% include transistor.html id="c3d4e5f6" %}\n```\n',
        encoding="utf-8")
    [series] = scan_site(tmp_path).series
    assert series.records == 3 and series.embed_ids == {"a1b2c3d4", "c3d4e5f6"}
    assert sorted(series.text_only) == ["README.md", "edt-3/en/episode.md"]
