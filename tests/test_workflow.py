"""The scheduled GitHub workflow, tested without GitHub: schema lint, its contract, and a replay of its shell steps.

The replay runs every `run:` step of the real workflow file with bash, as the runner would (`bash -e`), in a clone
of a temporary bare remote, with a fake `edtfeed` on PATH that writes chosen files and exits with a chosen status.
`uses:` steps (checkout, setup-python) are played by the test's own clone; `pip install .` is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.cli_env import cli_env
from tests.fake_transistor import FakeEpisode, FakeTransistor
from tests.sample_show import copy_sample_show
from tests.transcript_fixtures import DURATION, episode_vtt, record_markdown

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/publish-feeds.yml"
SKIPPED_STEPS = {"install"}  # step ids the replay does not run (network installs)
SECRETS = {"TRANSISTOR_API_KEY": "test-api-key", "PODPING_TOKEN": ""}
EMBED = "7a11c0de"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")

FAKE_EDTFEED = """#!/usr/bin/env bash
# Stand-in for `edtfeed publish`: copies $FAKE_OUTPUT over the checkout and exits with $FAKE_STATUS; and for
# `edtfeed paths --null`: the sample config's paths.
if [ "$*" = "paths --null" ]; then printf 'edtfeed.lock\\0edtfeed.transcripts\\0feeds\\0'; exit 0; fi
[ "$1" = publish ] || { echo "unexpected args: $*" >&2; exit 64; }
[ "$TRANSISTOR_API_KEY" = test-api-key ] || { echo "TRANSISTOR_API_KEY not passed" >&2; exit 65; }
if [ -n "${FAKE_OUTPUT:-}" ]; then cp -R "$FAKE_OUTPUT"/. .; fi
exit "${FAKE_STATUS:-0}"
"""


def load_workflow() -> dict[str, Any]:
    """YAML 1.2 (ruamel): the `on:` key stays a string, as GitHub reads it."""
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def check_schema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, timeout=120,
    )


# -- lint and contract -------------------------------------------------------------------------------------------


def test_workflow_passes_the_github_workflow_schema() -> None:
    result = check_schema(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("contents: write", "contents: admin"))
    assert check_schema(broken).returncode != 0


def test_workflow_contract() -> None:
    workflow = load_workflow()
    triggers = workflow["on"]
    [schedule] = triggers["schedule"]
    minute, *rest = schedule["cron"].split()
    assert minute.isdigit() and rest == ["*", "*", "*", "*"], "hourly"
    assert "workflow_dispatch" in triggers
    assert sorted(triggers["push"]["paths"]) == ["edtfeed.toml", "episodes/**"]
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False

    steps = workflow["jobs"]["publish"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert steps[1]["with"]["cache"] == "pip"
    by_id = {step.get("id"): step for step in steps}
    assert by_id["install"]["run"].strip() == "pip install ."
    assert "edtfeed publish" in by_id["publish"]["run"]
    assert by_id["publish"]["env"]["TRANSISTOR_API_KEY"] == "${{ secrets.TRANSISTOR_API_KEY }}"
    assert ".github/scripts/commit-feeds.sh" in by_id["commit"]["run"]
    assert (ROOT / ".github/scripts/commit-feeds.sh").is_file()


# -- replay ------------------------------------------------------------------------------------------------------


@dataclass
class JobResult:
    status: int  # 0 when every step passed, else the exit status of the failing step
    log: str


def _evaluate(text: str, outputs: dict[str, dict[str, str]], matrix: dict[str, str] | None = None) -> str:
    """The few `${{ }}` expressions the workflow's steps use; anything else fails the test loudly."""

    def value(match: re.Match[str]) -> str:
        expr = match.group(1)
        if matrix is not None and (m := re.fullmatch(r"matrix\.(\w+)", expr)):
            return matrix[m.group(1)]
        if m := re.fullmatch(r"secrets\.(\w+)", expr):
            return SECRETS[m.group(1)]
        if m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr):
            return outputs.get(m.group(1), {}).get(m.group(2), "")
        if expr == "github.ref_name":
            return "main"
        raise AssertionError(f"the replay does not know the expression {expr!r}; teach _evaluate")

    return EXPRESSION.sub(value, text)


def replay(clone: Path, env: dict[str, str], steps: list[dict[str, Any]] | None = None,
           matrix: dict[str, str] | None = None) -> JobResult:
    """Run a job's `run:` steps in order (default: this repository's workflow), stopping at the first failure, as
    the runner does; `matrix` is the job's matrix values."""
    outputs: dict[str, dict[str, str]] = {}
    log = []
    for index, step in enumerate(steps if steps is not None else load_workflow()["jobs"]["publish"]["steps"]):
        if "run" not in step or step.get("id") in SKIPPED_STEPS:
            continue
        output_file = clone.parent / f"github_output_{index}"
        output_file.write_text("")
        step_env = {**env, "GITHUB_OUTPUT": str(output_file)}
        step_env.update({key: _evaluate(str(val), outputs, matrix) for key, val in step.get("env", {}).items()})
        script = clone.parent / f"step_{index}.sh"
        script.write_text(_evaluate(step["run"], outputs, matrix))
        done = subprocess.run(["bash", "-e", str(script)], cwd=clone, env=step_env, capture_output=True, text=True,
                              timeout=120)
        log.append(f"--- {step.get('name')}: {done.returncode}\n{done.stdout}{done.stderr}")
        if "id" in step:
            outputs[step["id"]] = dict(
                line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
            )
        if done.returncode != 0:
            return JobResult(done.returncode, "\n".join(log))
    return JobResult(0, "\n".join(log))


def git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@dataclass
class Repo:
    remote: Path
    clone: Path
    output: Path  # what the fake edtfeed writes into the checkout
    env: dict[str, str]

    def run(self, status: int = 0) -> JobResult:
        return replay(self.clone, {**self.env, "FAKE_STATUS": str(status), "FAKE_OUTPUT": str(self.output)})

    def write_output(self, files: dict[str, str]) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        for rel, text in files.items():
            path = self.output / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def remote_log(self) -> list[str]:
        return git(self.remote, "log", "--format=%s", "main", env=self.env).splitlines()

    def remote_files(self) -> list[str]:
        return git(self.remote, "ls-tree", "-r", "--name-only", "main", env=self.env).splitlines()


def runner_env(tmp_path: Path, edtfeed_script: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The runner's environment: `edtfeed_script` as `edtfeed` on PATH, a fresh HOME, no git identity."""
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    (bin_dir / "edtfeed").write_text(edtfeed_script)
    (bin_dir / "edtfeed").chmod(0o755)
    return {**(base or {}), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8"}


def seeded_remote(tmp_path: Path, env: dict[str, str], fill: Callable[[Path], None]) -> Path:
    """A bare remote whose `main` holds one commit: what `fill` writes into the checkout, and the real workflow and
    commit script."""
    seed_env = {**env, "GIT_AUTHOR_NAME": "Seed", "GIT_AUTHOR_EMAIL": "seed@example.org",
                "GIT_COMMITTER_NAME": "Seed", "GIT_COMMITTER_EMAIL": "seed@example.org"}
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote), env=env)
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "--quiet", str(remote), str(seed), env=env)
    fill(seed)
    shutil.copytree(ROOT / ".github", seed / ".github")  # the checkout holds the real workflow and script
    git(seed, "checkout", "--quiet", "-b", "main", env=env)
    git(seed, "add", ".", env=seed_env)
    git(seed, "commit", "--quiet", "-m", "Seed", env=seed_env)
    git(seed, "push", "--quiet", "origin", "main", env=seed_env)
    return remote


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A bare remote with one commit, and a clone of it (the runner's checkout). No git identity configured."""
    env = runner_env(tmp_path, FAKE_EDTFEED)

    def fill(seed: Path) -> None:
        (seed / "edtfeed.toml").write_text("[show]\n")
        (seed / "episodes").mkdir()
        (seed / "episodes/ep1.md").write_text("---\ntitle: One\n---\n")

    remote = seeded_remote(tmp_path, env, fill)
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "--quiet", str(remote), str(clone), env=env)
    return Repo(remote, clone, tmp_path / "output", env)


FEEDS = {"feeds/en/feed.xml": "<rss>en</rss>\n", "feeds/es/feed.xml": "<rss>es</rss>\n", "edtfeed.lock": "{}\n"}


def test_first_run_commits_and_pushes_a_second_run_commits_nothing(repo: Repo) -> None:
    repo.write_output(FEEDS)
    first = repo.run()
    assert first.status == 0, first.log
    assert repo.remote_log() == ["Publish feeds", "Seed"]
    assert sorted(f for f in repo.remote_files() if not f.startswith(".github/")) == [
        "edtfeed.lock", "edtfeed.toml", "episodes/ep1.md", "feeds/en/feed.xml", "feeds/es/feed.xml"]
    author = git(repo.remote, "log", "-1", "--format=%an", "main", env=repo.env).strip()
    assert author == "github-actions[bot]"

    second = repo.run()
    assert second.status == 0, second.log
    assert "nothing to commit" in second.log
    assert repo.remote_log() == ["Publish feeds", "Seed"]


def test_a_partially_failed_run_commits_what_built_then_fails(repo: Repo) -> None:
    repo.write_output({"feeds/en/feed.xml": "<rss>en only</rss>\n"})
    result = repo.run(status=1)
    assert result.status == 1, result.log
    assert repo.remote_log()[0] == "Publish feeds (some records failed; see the run log)"
    assert "feeds/en/feed.xml" in repo.remote_files()


@pytest.mark.parametrize("status", [2, 3])
def test_usage_error_or_refusal_commits_nothing(repo: Repo, status: int) -> None:
    repo.write_output(FEEDS)
    result = repo.run(status=status)
    assert result.status == status, result.log
    assert repo.remote_log() == ["Seed"]
    assert git(repo.clone, "status", "--porcelain", env=repo.env).strip(), "files are left, uncommitted"


def test_only_feeds_and_the_lock_are_committed(repo: Repo) -> None:
    repo.write_output({**FEEDS, "episodes/draft.md": "---\ntitle: Draft\n---\n", "edtfeed.toml": "[show]\n#x\n"})
    assert repo.run().status == 0
    files = repo.remote_files()
    assert "episodes/draft.md" not in files
    assert git(repo.remote, "show", "main:edtfeed.toml", env=repo.env) == "[show]\n"


def test_a_removed_feed_file_is_committed_as_a_deletion(repo: Repo) -> None:
    repo.write_output(FEEDS)
    assert repo.run().status == 0
    (repo.clone / "feeds/es/feed.xml").unlink()
    repo.write_output({})
    assert repo.run().status == 0
    assert "feeds/es/feed.xml" not in repo.remote_files()
    assert len(repo.remote_log()) == 3


def test_a_push_race_is_rebased_and_retried(repo: Repo, tmp_path: Path) -> None:
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", str(repo.remote), str(other), env=repo.env)
    (other / "episodes/ep2.md").write_text("---\ntitle: Two\n---\n")
    human = {**repo.env, "GIT_AUTHOR_NAME": "Host", "GIT_AUTHOR_EMAIL": "host@example.org",
             "GIT_COMMITTER_NAME": "Host", "GIT_COMMITTER_EMAIL": "host@example.org"}
    git(other, "add", ".", env=human)
    git(other, "commit", "--quiet", "-m", "Episode two", env=human)
    git(other, "push", "--quiet", "origin", "main", env=human)

    repo.write_output(FEEDS)
    result = repo.run()
    assert result.status == 0, result.log
    assert repo.remote_log() == ["Publish feeds", "Episode two", "Seed"]


@pytest.mark.parametrize("status", [4, 5, 130, 143])
def test_a_fault_or_an_interrupted_run_commits_nothing(repo: Repo, status: int) -> None:
    repo.write_output(FEEDS)
    result = repo.run(status=status)
    assert result.status == status, result.log
    assert repo.remote_log() == ["Seed"]


# -- the real edtfeed, twice, on fresh checkouts -------------------------------------------------------------------


REAL_EDTFEED = """#!/usr/bin/env bash
exec "{python}" -m edtfeed "$@"
"""


def test_the_real_workflow_twice_on_fresh_checkouts_the_second_run_writes_nothing(
    tmp_path: Path, fake_transistor: FakeTransistor
) -> None:
    """The hourly job as GitHub runs it: a fresh clone each time, the real `edtfeed publish` (against the fake host,
    which serves a timed transcript that is pinned beside the lock) and the real commit script. Everything the
    first run pinned is committed, so the second run finds every pin and changes nothing: no commit, no request."""
    fake_transistor.episodes.append(FakeEpisode(EMBED, title="Edge Data Plans", duration=DURATION,
                                                transcript_body=episode_vtt()))
    env = runner_env(tmp_path, REAL_EDTFEED.format(python=sys.executable), cli_env())
    env.pop("GITHUB_ACTIONS", None)

    def fill(seed: Path) -> None:
        copy_sample_show(seed)
        (seed / "edtfeed.toml").write_text((seed / "edtfeed.toml").read_text(encoding="utf-8").replace(
            "https://feeds.transistor.fm/edtfeed-sample", fake_transistor.feed_url), encoding="utf-8")
        record = seed / "episodes" / "edge" / "en" / "episode.md"
        record.parent.mkdir(parents=True)
        record.write_text(record_markdown(EMBED), encoding="utf-8")
        (seed / ".gitignore").write_text(".edtfeed-cache/\n")

    remote = seeded_remote(tmp_path, env, fill)

    def hourly_run(name: str) -> JobResult:
        clone = tmp_path / name
        git(tmp_path, "clone", "--quiet", str(remote), str(clone), env=env)
        return replay(clone, env)

    first = hourly_run("first")
    assert first.status == 0, first.log
    files = git(remote, "ls-tree", "-r", "--name-only", "main", env=env).splitlines()
    assert f"edtfeed.transcripts/{EMBED}.vtt" in files, "the pinned transcript is committed"
    assert "feeds/en/chapters/edge-en.json" in files and "edtfeed.lock" in files
    assert not any(name.startswith(".edtfeed-cache") for name in files)
    committed = git(remote, "rev-parse", "main", env=env)
    spent = fake_transistor.count()
    assert fake_transistor.transcript_hits()

    second = hourly_run("second")
    assert second.status == 0, second.log
    assert "nothing to commit" in second.log
    assert git(remote, "rev-parse", "main", env=env) == committed, "the second run writes nothing"
    assert fake_transistor.count() == spent, "a fresh checkout has every pin: no request"
    assert git(tmp_path / "second", "status", "--porcelain", "--ignored", env=env).strip() == "!! .edtfeed-cache/"
