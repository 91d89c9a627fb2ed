"""`edtfeed init` on a Jekyll-like site with two series (episodes and weekly briefs), then publishing both."""

from __future__ import annotations

import os
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

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


def test_init_writes_a_config_per_series_that_publishes_with_no_errors(tmp_path: Path) -> None:
    ids = build_site(tmp_path)
    with (FakeTransistor([FakeEpisode(i) for i in ids["episodes"]]) as episodes,
          FakeTransistor([FakeEpisode(i) for i in ids["briefs"]]) as briefs):
        result = invoke("init", str(tmp_path), "--yes", "--feed-url", episodes.feed_url,
                        "--feed-url", f"briefs={briefs.feed_url}")
        assert result.exit_code == 0, result.output
        assert "found episodes: 4 records of 2 episodes in docs/episodes/ (de, en) -> edtfeed.toml" in result.output
        assert "found briefs: 1 records of 1 episodes in docs/briefs/ (en) -> edtfeed-briefs.toml" in result.output
        assert result.output.strip().splitlines()[-2] == (
            f"Next: cd {tmp_path} && edtfeed publish && edtfeed --config edtfeed-briefs.toml publish")

        main_config = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))
        assert main_config["show"]["title"] == "Embracing Tests"
        assert main_config["show"]["author"] == "Dana Example"
        assert main_config["show"]["email"] == "dana@example.org"
        assert main_config["show"]["image"] == "https://tests.example.org/podcast/assets/cover.png"
        assert main_config["show"]["base_url"] == "https://tests.example.org/podcast/feeds/episodes"
        assert main_config["show"]["default_language"] == "en"
        assert main_config["episodes"] == {
            "dir": "docs/episodes", "exclude": ["index.md"],
            "image_url": "https://tests.example.org/podcast/episodes/{dir}/{file}"}
        assert main_config["output"]["dir"] == "docs/feeds/episodes"
        written = (tmp_path / "edtfeed.toml").read_text(encoding="utf-8")
        assert "# [show.languages.de]" in written and '# spoken = "declare"' in written
        brief_config = tomllib.loads((tmp_path / "edtfeed-briefs.toml").read_text(encoding="utf-8"))
        assert brief_config["episodes"]["exclude"] == ["edw-1/it/episode.md"]
        assert brief_config["transistor"] == {"feed_url": briefs.feed_url, "lock": "edtfeed-briefs/edtfeed.lock"}

        for config in ("edtfeed.toml", "edtfeed-briefs.toml"):
            published = invoke("--config", str(tmp_path / config), "publish")
            assert published.exit_code == 0, published.output
            assert "0 error(s)" in published.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "docs/feeds").glob("*/*/feed.xml")) == [
        "docs/feeds/briefs/en/feed.xml", "docs/feeds/episodes/de/feed.xml", "docs/feeds/episodes/en/feed.xml"]
    assert (tmp_path / "edtfeed.lock").is_file() and (tmp_path / "edtfeed-briefs/edtfeed.lock").is_file()


def test_the_written_workflow_is_valid_and_publishes_every_series(tmp_path: Path) -> None:
    build_site(tmp_path)
    result = invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
                    "--feed-url", "briefs=https://feeds.host.test/b")
    assert result.exit_code == 0, result.output
    workflow_path = tmp_path / ".github/workflows/publish-feeds.yml"
    assert check_schema(workflow_path).returncode == 0
    workflow = YAML(typ="safe").load(workflow_path.read_text(encoding="utf-8"))
    assert workflow["on"]["push"]["paths"] == ["docs/episodes/**", "docs/briefs/**", "edtfeed.toml",
                                               "edtfeed-briefs.toml"]
    steps = {step.get("id"): step for step in workflow["jobs"]["publish"]["steps"]}
    assert "for config in edtfeed.toml edtfeed-briefs.toml; do" in steps["publish"]["run"]
    commit = workflow["jobs"]["publish"]["steps"][-1]["run"]
    assert "docs/feeds/briefs docs/feeds/episodes edtfeed.lock edtfeed-briefs/edtfeed.lock" in commit


def test_init_never_overwrites_and_asks_only_what_the_site_does_not_say(tmp_path: Path) -> None:
    build_site(tmp_path)
    config_yml = tmp_path / "docs/_config.yml"
    config_yml.write_text(CONFIG_YML.replace("email: dana@example.org\n", ""), encoding="utf-8")
    (tmp_path / "edtfeed.toml").write_text("# mine\n", encoding="utf-8")
    result = invoke("init", str(tmp_path), input="owner@example.org\nhttps://feeds.example.org/a\n"
                    "https://feeds.example.org/b\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Owner email") == 1  # asked once for both series
    assert result.output.count("Transistor feed URL of") == 2
    assert "Show title" not in result.output and "Author" not in result.output  # _config.yml says them
    assert (tmp_path / "edtfeed.toml").read_text(encoding="utf-8") == "# mine\n"
    assert "edtfeed.toml exists; left unchanged" in result.output
    brief_config = tomllib.loads((tmp_path / "edtfeed-briefs.toml").read_text(encoding="utf-8"))
    assert brief_config["show"]["email"] == "owner@example.org"


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
    """The shell lines of the README's "Publish your own site in five minutes" block."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Publish your own site in five minutes"):]
    start = section.index("```sh\n") + len("```sh\n")
    block = section[start:section.index("\n```", start)]
    return [line.split("  #")[0].strip() for line in block.splitlines()]


def test_the_readme_five_minute_walk_on_a_fresh_folder(tmp_path: Path) -> None:
    """Every step but the install, the server and the push, as written, on a fresh site with two series."""
    site = tmp_path / "my-podcast-site"
    ids = build_site(site)
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    lines = five_minute_walk()
    assert lines[1] == "cd my-podcast-site" and lines[-1] == "git push"
    with (FakeTransistor([FakeEpisode(i) for i in ids["episodes"]]) as episodes,
          FakeTransistor([FakeEpisode(i) for i in ids["briefs"]]) as briefs):
        init_line = lines[2].replace("https://feeds.transistor.fm/my-show", episodes.feed_url)
        init = CliRunner().invoke(main, [*shlex.split(init_line)[1:], str(site)], input=f"{briefs.feed_url}\n",
                                  catch_exceptions=False)
        assert init.exit_code == 0, init.output
        assert init.output.splitlines()[-2].endswith(lines[3])  # the README's step 2 is what init prints
        for command in lines[3].split(" && "):
            args = shlex.split(command)[1:]
            if args[0] == "--config":
                args[1] = str(site / args[1])
            else:
                args = ["--config", str(site / "edtfeed.toml"), *args]
            published = CliRunner().invoke(main, args, catch_exceptions=False)
            assert published.exit_code == 0 and "\n0 error(s), " in published.output, published.output
    serve_dir = shlex.split(lines[4])[-1]
    assert (site / serve_dir / "episodes/en/feed.xml").is_file() and (site / serve_dir / "briefs/en/feed.xml").is_file()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["bash", "-ec", lines[5]], cwd=site, env=env, check=True, capture_output=True)
    tracked = subprocess.run(["git", "ls-files"], cwd=site, capture_output=True, text=True, check=True).stdout.split()
    for path in ("edtfeed.toml", "edtfeed.lock", "edtfeed-briefs.toml", "edtfeed-briefs/edtfeed.lock",
                 "docs/feeds/episodes/de/feed.xml", ".github/workflows/publish-feeds.yml"):
        assert path in tracked
    assert not any(".edtfeed-cache" in path for path in tracked)


def test_a_series_nested_in_another_is_excluded_from_the_outer_one(tmp_path: Path) -> None:
    build_site(tmp_path)
    _record(tmp_path / "docs/episodes/specials/special-a.md", "Special A", "en", "d4e5f6a7")
    _record(tmp_path / "docs/episodes/specials/special-b.md", "Special B", "en", "e5f6a7b8")
    result = invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
                    "--feed-url", "briefs=https://feeds.host.test/b",
                    "--feed-url", "specials=https://feeds.host.test/c")
    assert result.exit_code == 0, result.output
    outer = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))
    assert outer["episodes"]["exclude"] == ["index.md", "specials/**"]
    inner = tomllib.loads((tmp_path / "edtfeed-specials.toml").read_text(encoding="utf-8"))
    assert inner["episodes"]["dir"] == "docs/episodes/specials" and inner["episodes"]["exclude"] == []
