"""`edtfeed init` on a Jekyll-like site with two series (episodes and weekly briefs), then publishing both."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from edtfeed import __version__
from edtfeed.cli import main
from tests.cli_env import cli_env
from tests.fake_transistor import FakeEpisode, FakeTransistor
from tests.test_install_line import fake_distribution
from tests.test_workflow import check_schema, git, replay

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


@pytest.fixture(autouse=True)
def installed_from_pypi(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """edtfeed as `pip install edtfeed` leaves it (no direct_url.json), for init in this process and in the
    processes a test starts: the workflow's install line is then `edtfeed==<version>`."""
    root = fake_distribution(tmp_path_factory.mktemp("site-packages"), __version__, None)
    monkeypatch.setattr(sys, "path", [str(root), *sys.path])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))


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
        assert published.output.count("\n0 errors, ") == 2, published.output
        assert "de/feed.xml: warning: uses the en show's title, description: set them in " \
            "[shows.episodes.languages.de] in edtfeed.toml" in published.output
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
        assert published.exit_code == 0 and "\n0 errors, " in published.output, published.output


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


def test_the_written_workflow_is_valid_and_fans_out_one_job_per_show(tmp_path: Path) -> None:
    build_site(tmp_path)
    result = invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
                    "--feed-url", "briefs=https://feeds.host.test/b")
    assert result.exit_code == 0, result.output
    workflow_path = tmp_path / ".github/workflows/publish-feeds.yml"
    assert check_schema(workflow_path).returncode == 0
    workflow = YAML(typ="safe").load(workflow_path.read_text(encoding="utf-8"))
    assert workflow["on"]["push"]["paths"] == ["docs/episodes/**", "docs/briefs/**", "edtfeed.toml"]
    job = workflow["jobs"]["publish"]
    assert job["strategy"]["matrix"] == {"show": ["episodes", "briefs"]}
    assert job["strategy"]["fail-fast"] is False
    assert job["concurrency"] == {"group": "publish-feeds-${{ github.ref }}-${{ matrix.show }}",
                                  "cancel-in-progress": False}
    assert "concurrency" not in workflow  # one group per show, so shows publish at once on their own runners
    steps = {step.get("id"): step for step in job["steps"]}
    assert 'edtfeed publish --show "$SHOW"' in steps["publish"]["run"]
    assert steps["publish"]["env"]["SHOW"] == "${{ matrix.show }}"
    # edtfeed comes from where the running one came from: here the package index, pinned to this version.
    assert steps["install"]["run"] == f'pip install "edtfeed=={__version__}"'
    cache = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".edtfeed-cache"
    assert cache["with"]["key"] == "edtfeed-cache-${{ matrix.show }}-${{ github.run_id }}"
    assert cache["with"]["restore-keys"] == "edtfeed-cache-${{ matrix.show }}-"
    commit = job["steps"][-1]["run"]
    assert 'edtfeed paths --null --show "$SHOW"' in commit  # named by the config at run time, this show's only
    paths = invoke("--config", str(tmp_path / "edtfeed.toml"), "paths", "--show", "briefs").output.splitlines()
    assert [Path(path).relative_to(tmp_path).as_posix() for path in paths] == [
        "edtfeed-briefs.lock", "edtfeed-briefs.transcripts", "docs/feeds/briefs"]


def test_a_single_show_workflow_has_no_matrix(tmp_path: Path) -> None:
    build_site(tmp_path)
    shutil.rmtree(tmp_path / "docs/briefs")
    assert invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a").exit_code == 0
    path = tmp_path / ".github/workflows/publish-feeds.yml"
    assert check_schema(path).returncode == 0
    workflow = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert "strategy" not in workflow["jobs"]["publish"]
    assert workflow["concurrency"]["group"] == "publish-feeds-${{ github.ref }}"
    assert "edtfeed publish\n" in workflow["jobs"]["publish"]["steps"][4]["run"]


# A stand-in for `edtfeed publish --show NAME`: writes that show's feed and lock (and a stray file in the other
# show's folder, which this job must not commit), then waits until every job has published, so both commit on
# the same base and one push must be rebased and retried.
FAKE_SHOW_EDTFEED = """#!/usr/bin/env bash
if [ "$1 $2 $3" = "paths --null --show" ]; then  # what `edtfeed paths` says of the config init wrote
  if [ "$4" = episodes ]; then printf 'edtfeed.lock\\0edtfeed.transcripts\\0docs/feeds/episodes\\0'
  else printf 'edtfeed-%s.lock\\0edtfeed-%s.transcripts\\0docs/feeds/%s\\0' "$4" "$4" "$4"; fi
  exit 0
fi
[ "$1 $2" = "publish --show" ] || { echo "unexpected args: $*" >&2; exit 64; }
show="$3"
mkdir -p "docs/feeds/$show/en"
echo "<rss>$show</rss>" > "docs/feeds/$show/en/feed.xml"
if [ "$show" = episodes ]; then lock=edtfeed.lock; other=briefs; else lock="edtfeed-$show.lock"; other=episodes; fi
echo "show=$show" > "$lock"
mkdir -p "docs/feeds/$other" && echo stray > "docs/feeds/$other/stray-from-$show.xml"
touch "$BARRIER/$show"
for _ in $(seq 300); do
  [ -e "$BARRIER/episodes" ] && [ -e "$BARRIER/briefs" ] && exit 0
  sleep 0.1
done
echo "the other job never published" >&2
exit 70
"""


def test_two_show_jobs_run_at_once_each_commit_only_their_show_and_both_push(tmp_path: Path) -> None:
    """The generated workflow's shell steps, run as two matrix jobs at the same time in two clones of one bare
    remote (the runner's `uses:` steps are played by the clones; the install is skipped)."""
    site = tmp_path / "site"
    build_site(site)
    assert invoke("init", str(site), "--yes", "--feed-url", "https://feeds.host.test/a",
                  "--feed-url", "briefs=https://feeds.host.test/b").exit_code == 0
    steps = YAML(typ="safe").load((site / ".github/workflows/publish-feeds.yml").read_text(encoding="utf-8"))[
        "jobs"]["publish"]["steps"]
    bin_dir, barrier, home = tmp_path / "bin", tmp_path / "barrier", tmp_path / "home"
    for folder in (bin_dir, barrier, home):
        folder.mkdir()
    (bin_dir / "edtfeed").write_text(FAKE_SHOW_EDTFEED)
    (bin_dir / "edtfeed").chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
           "LANG": "C.UTF-8", "BARRIER": str(barrier)}
    seed_env = {**env, "GIT_AUTHOR_NAME": "Seed", "GIT_AUTHOR_EMAIL": "seed@example.org",
                "GIT_COMMITTER_NAME": "Seed", "GIT_COMMITTER_EMAIL": "seed@example.org"}
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote), env=env)
    git(site, "init", "--quiet", "--initial-branch=main", env=env)
    git(site, "add", ".", env=seed_env)
    git(site, "commit", "--quiet", "-m", "Seed", env=seed_env)
    git(site, "push", "--quiet", str(remote), "main", env=seed_env)
    clones = {}
    for show in ("episodes", "briefs"):
        clones[show] = tmp_path / show / "checkout"
        clones[show].parent.mkdir()
        git(tmp_path, "clone", "--quiet", str(remote), str(clones[show]), env=env)

    with ThreadPoolExecutor(2) as pool:
        jobs = {show: pool.submit(replay, clone, env, steps, {"show": show}) for show, clone in clones.items()}
        results = {show: job.result(timeout=120) for show, job in jobs.items()}

    for show, result in results.items():
        assert result.status == 0, result.log
    log = git(remote, "log", "--format=%s", "main", env=env).splitlines()
    assert sorted(log[:2]) == ["Publish feeds (briefs)", "Publish feeds (episodes)"] and log[2:] == ["Seed"]
    files = git(remote, "ls-tree", "-r", "--name-only", "main", env=env).splitlines()
    for path in ("docs/feeds/episodes/en/feed.xml", "docs/feeds/briefs/en/feed.xml", "edtfeed.lock",
                 "edtfeed-briefs.lock"):
        assert path in files
    assert not [path for path in files if "stray" in path]  # each job committed only its own show's paths
    assert git(remote, "show", "main:edtfeed-briefs.lock", env=env) == "show=briefs\n"
    # Both jobs committed on the seed, yet the history is one line: the later push was refused, rebased onto the
    # earlier one and pushed again.
    parents = git(remote, "log", "--format=%P", "main", env=env).split()
    assert len(parents) == 2 and parents[0] == git(remote, "rev-parse", "main~1", env=env).strip()


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
PATH_INSTALL = '{"url": "file:///home/dana/edtfeed", "dir_info": {"editable": true}}'
GIT_INSTALL = "git+https://github.com/dana/edtfeed@3f786850e387550fdab836ed7e6dc881de23001b"


def test_the_readme_five_minute_walk_on_a_fresh_folder(tmp_path: Path) -> None:
    """The README's commands, run by bash as written, on a fresh site with two series: every line but the install
    (edtfeed is installed already, from a folder as the README says) and the preview server (it runs until
    Ctrl+C). The only change: the feed URL points at a fake Transistor on loopback; what init asks (the second
    series' URL, and how the workflow installs edtfeed, since a runner cannot see that folder) comes on stdin."""
    site = tmp_path / "my-podcast-site"
    from_a_folder = fake_distribution(tmp_path / "installed", __version__, PATH_INSTALL)
    ids = build_site(site)
    remote = tmp_path / "remote.git"
    git_env = {**cli_env(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
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
        done = subprocess.run(["bash", "-c", script], cwd=tmp_path, input=f"{briefs.feed_url}\n{GIT_INSTALL}\n",
                              text=True, capture_output=True, timeout=300,
                              env={**git_env, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                                   "PYTHONPATH": f"{from_a_folder}{os.pathsep}{git_env['PYTHONPATH']}"})
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "How should the workflow install edtfeed?" in output
    assert f'pip install "{GIT_INSTALL}"' in (site / ".github/workflows/publish-feeds.yml").read_text()
    assert "Next: edtfeed publish" in output  # what init prints is the README's step 2
    assert output.count("\n0 errors, ") == 2  # both shows published without an error
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


COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b"


@pytest.mark.parametrize(("direct_url", "line"), [
    (None, f'pip install "edtfeed=={__version__}"'),
    ('{"url": "https://github.com/someone/edtfeed.git", "vcs_info": {"vcs": "git", "commit_id": "%s"}}' % COMMIT,
     f'pip install "git+https://github.com/someone/edtfeed.git@{COMMIT}"'),
])
def test_the_workflow_installs_the_edtfeed_that_wrote_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         direct_url: str | None, line: str) -> None:
    build_site(tmp_path / "site")
    root = fake_distribution(tmp_path / "installed", __version__, direct_url)
    monkeypatch.setattr(sys, "path", [str(root), *sys.path])
    result = invoke("init", str(tmp_path / "site"), "--yes", "--feed-url", "https://feeds.host.test/a",
                    "--feed-url", "briefs=https://feeds.host.test/b")
    assert result.exit_code == 0, result.output
    steps = YAML(typ="safe").load((tmp_path / "site/.github/workflows/publish-feeds.yml").read_text())[
        "jobs"]["publish"]["steps"]
    assert next(step for step in steps if step.get("id") == "install")["run"] == line




def test_a_path_install_is_never_written_into_the_workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(tmp_path / "site")
    root = fake_distribution(tmp_path / "installed", __version__, PATH_INSTALL)
    monkeypatch.setattr(sys, "path", [str(root), *sys.path])
    flags = ["init", str(tmp_path / "site"), "--feed-url", "https://feeds.host.test/a",
             "--feed-url", "briefs=https://feeds.host.test/b"]
    refused = invoke(*flags, "--yes")
    assert refused.exit_code == 2
    assert ("this edtfeed was installed from the local folder /home/dana/edtfeed (editable) on this machine, which "
            "a GitHub runner cannot install; pass --install SPEC") in refused.output
    assert not (tmp_path / "site/edtfeed.toml").exists()

    asked = invoke(*flags, input=f"git+https://github.com/dana/edtfeed@{COMMIT}\n")
    assert asked.exit_code == 0, asked.output
    assert "How should the workflow install edtfeed?" in asked.output
    workflow = (tmp_path / "site/.github/workflows/publish-feeds.yml").read_text(encoding="utf-8")
    assert f'pip install "git+https://github.com/dana/edtfeed@{COMMIT}"' in workflow
    assert "/home/dana" not in workflow


def test_install_flag_wins_and_is_checked(tmp_path: Path) -> None:
    build_site(tmp_path)
    flags = ["init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
             "--feed-url", "briefs=https://feeds.host.test/b"]
    bad = invoke(*flags, "--install", 'edtfeed"; curl evil')
    assert bad.exit_code == 2 and "--install 'edtfeed\"; curl evil': has a space, a quote" in bad.output
    assert invoke(*flags, "--install", "edtfeed>=0.1,<1").exit_code == 0
    assert 'pip install "edtfeed>=0.1,<1"' in (tmp_path / ".github/workflows/publish-feeds.yml").read_text()


NO_URL = CONFIG_YML.replace("url: https://tests.example.org\nbaseurl: /podcast\n", "").replace(
    "logo: /assets/cover.png", "logo: ./full-logo.png")


@pytest.mark.parametrize("home", [["--home-url", "https://tests.example.org/podcast/"],
                                  ["--base-url", "https://tests.example.org/podcast/./feeds/"]])
def test_a_site_without_url_completes_with_flags_only(tmp_path: Path, home: list[str]) -> None:
    build_site(tmp_path)
    (tmp_path / "docs/_config.yml").write_text(NO_URL, encoding="utf-8")
    result = invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
                    "--feed-url", "briefs=https://feeds.host.test/b", *home)
    assert result.exit_code == 0, result.output
    config = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))
    assert config["show"]["link"] == "https://tests.example.org/podcast"
    assert config["show"]["image"] == "https://tests.example.org/podcast/full-logo.png"  # no `/./`
    episodes = config["shows"]["episodes"]
    assert episodes["base_url"] == "https://tests.example.org/podcast/feeds/episodes"
    assert episodes["episodes"]["image_url"] == "https://tests.example.org/podcast/episodes/{dir}/{file}"


def test_prompted_and_flagged_answers_write_the_same_config(tmp_path: Path) -> None:
    """Every prompt has a flag, and either way the config is the same (the episode image base included)."""
    for name in ("flags", "prompts"):
        build_site(tmp_path / name)
        (tmp_path / name / "docs/_config.yml").write_text(
            "logo: cover.png\nauthor:\n  name: ''\n", encoding="utf-8")  # the site says almost nothing
    answers = {"--title": "Tests Weekly", "--description": "A show about tests.", "--author": "Dana Example",
               "--email": "dana@example.org", "--home-url": "https://tests.example.org",
               "--feed-url": "https://feeds.host.test/a"}
    flagged = invoke("init", str(tmp_path / "flags"), "--yes", *[x for pair in answers.items() for x in pair],
                     "--feed-url", "briefs=https://feeds.host.test/b")
    assert flagged.exit_code == 0, flagged.output
    typed = [answers[flag] for flag in ("--title", "--description", "--author", "--email", "--home-url",
                                        "--feed-url")] + ["https://feeds.host.test/b"]
    prompted = invoke("init", str(tmp_path / "prompts"), input="\n".join(typed) + "\n")
    assert prompted.exit_code == 0, prompted.output
    for question in ("Show title", "Show description", "Author", "Owner email", "home page", "feed URL of briefs"):
        assert question in prompted.output
    written = [(tmp_path / name / "edtfeed.toml").read_text(encoding="utf-8") for name in ("flags", "prompts")]
    assert written[0] == written[1]
    assert 'image_url = "https://tests.example.org/episodes/{dir}/{file}"' in written[0]
    assert 'image = "https://tests.example.org/cover.png"' in written[0]


def test_per_language_templates_hold_no_text_that_would_publish(tmp_path: Path) -> None:
    build_site(tmp_path)
    assert invoke("init", str(tmp_path), "--yes", "--feed-url", "https://feeds.host.test/a",
                  "--feed-url", "briefs=https://feeds.host.test/b").exit_code == 0
    written = (tmp_path / "edtfeed.toml").read_text(encoding="utf-8")
    assert "…" not in written
    assert '# title = ""' in written
    # Its comments send a person to the docs' config reference (the README no longer has one).
    assert "README" not in written
    pointers = [line for line in written.splitlines() if line.startswith(("# See", "categories", "# spoken"))]
    assert len(pointers) == 3 and all('"Configuration" in edtfeed\'s docs (docs/configuration.md' in line
                                      for line in pointers), pointers


def test_init_settles_duplicate_records_so_the_first_run_is_green_and_quiet(tmp_path: Path) -> None:
    """A base `edt-N/episode.md` beside `edt-N/en/` (the older layout) and two briefs that are one episode twice:
    publish would warn every hour about the first and fail every hour on the second; init excludes what publish
    would skip, and says so once."""
    ids = build_site(tmp_path)
    _record(tmp_path / "docs/episodes/edt-1/episode.md", "Episode 1", None, ids["episodes"][0])  # no lang: en
    _record(tmp_path / "docs/briefs/edw-1b/en/episode.md", "Brief 1 again", "en", ids["briefs"][0])
    with (FakeTransistor([FakeEpisode(i) for i in ids["episodes"]]) as episodes,
          FakeTransistor([FakeEpisode(i) for i in ids["briefs"]]) as briefs):
        result = invoke("init", str(tmp_path), "--yes", "--feed-url", episodes.feed_url,
                        "--feed-url", f"briefs={briefs.feed_url}")
        assert result.exit_code == 0, result.output
        assert (f"  - docs/episodes/edt-1/episode.md: the same episode (embed id {ids['episodes'][0]}) in en as "
                "edt-1/en/episode.md, in the older layout beside the language folders: excluded") in result.output
        assert (f"  - docs/briefs/edw-1b/en/episode.md: the same episode (embed id {ids['briefs'][0]}) in en as "
                "edw-1/en/episode.md: excluded; delete one of them") in result.output
        shows = tomllib.loads((tmp_path / "edtfeed.toml").read_text(encoding="utf-8"))["shows"]
        assert "edt-1/episode.md" in shows["episodes"]["episodes"]["exclude"]
        assert "edw-1b/en/episode.md" in shows["briefs"]["episodes"]["exclude"]
        published = invoke("--config", str(tmp_path / "edtfeed.toml"), "publish")
    assert published.exit_code == 0, published.output
    assert "same episode" not in published.output and "duplicate of" not in published.output


def test_settle_duplicates_keeps_what_publish_keeps() -> None:
    from edtfeed.init import Page, settle_duplicates

    pages = [Page("edt-1/episode.md", "aaaaaaaa", None, False), Page("edt-1/en/episode.md", "aaaaaaaa", "en", False),
             Page("edt-1/de/episode.md", "aaaaaaaa", "de", True), Page("x/en.md", "bbbbbbbb", None, False),
             Page("a/en.md", "bbbbbbbb", "en", True)]
    assert sorted(settle_duplicates(pages, "en")) == ["edt-1/episode.md", "x/en.md"]
    assert sorted(settle_duplicates(pages, "de")) == ["edt-1/episode.md"]  # then the base file is German
    # Neither sets `lang`: the first by the path as text wins, as publish orders files ("-" sorts before "/").
    twins = [Page("a/x.md", "cccccccc", "en", False), Page("a-b/x.md", "cccccccc", "en", False)]
    assert list(settle_duplicates(twins, "en")) == ["a/x.md"]


def test_init_never_reads_a_page_past_publishs_bound(tmp_path: Path) -> None:
    """A page publish refuses to read (over the size limit, a FIFO) is not read whole by init either: it stays in
    its series, for publish to report, instead of hanging init on the FIFO or holding a huge file in memory."""
    import threading

    from edtfeed.init import scan_site
    from edtfeed.read.files import MAX_RECORD_BYTES

    docs = tmp_path / "docs"
    (docs / "episodes").mkdir(parents=True)
    (docs / "_config.yml").write_text(CONFIG_YML, encoding="utf-8")
    _record(docs / "episodes/edt-1/en/episode.md", "Episode 1", "en", "a1b2c3d4")
    (docs / "episodes/edt-2/en").mkdir(parents=True)
    with open(docs / "episodes/edt-2/en/episode.md", "wb") as huge:  # sparse: no disk, and no player in it
        huge.truncate(MAX_RECORD_BYTES + 1)
    (docs / "episodes/edt-3/en").mkdir(parents=True)
    fifo = docs / "episodes/edt-3/en/episode.md"
    os.mkfifo(fifo)
    found: list[object] = []
    scan = threading.Thread(target=lambda: found.append(scan_site(tmp_path)), daemon=True)
    scan.start()
    scan.join(30)
    if scan.is_alive():  # blocked opening or reading the FIFO: give it an end so the thread finishes, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        scan.join(30)
        pytest.fail("init waited for a writer on a FIFO")
    [site] = found
    [series] = site.series  # type: ignore[attr-defined]
    assert series.records == 3 and series.embed_ids == {"a1b2c3d4"}
    assert series.text_only == []
