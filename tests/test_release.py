"""The version has one source, and the release path builds, checks and tests what it publishes.

The build itself (`python -m build`, `twine check --strict`, the wheel installed alone and run) is
.github/scripts/check-dist.sh, run by .ci/run before the tests and by the release workflow; it needs PyPI for the
build tools, so the suite checks the script's contract and its offline guard, not a build.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

import edtfeed
from tests.cli_env import cli_env

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / ".github/workflows/release.yml"
CHECK_DIST = ROOT / ".github/scripts/check-dist.sh"


def _release() -> dict[str, Any]:
    return YAML(typ="safe").load(RELEASE.read_text(encoding="utf-8"))


def test_the_version_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "edtfeed.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", edtfeed.__version__)
    shown = subprocess.run([sys.executable, "-m", "edtfeed", "--version"], capture_output=True, text=True,
                           env=cli_env(), timeout=60)
    assert shown.stdout.strip() == f"edtfeed, version {edtfeed.__version__}"


def test_a_tag_that_is_not_the_source_version_fails_before_building(tmp_path: Path) -> None:
    result = subprocess.run(["bash", str(CHECK_DIST), str(tmp_path / "dist"), "99.0.0"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"the tag asks for version 99.0.0 but src/edtfeed/__init__.py says {edtfeed.__version__}" in result.stderr
    assert not (tmp_path / "dist").exists()  # nothing was built


def test_ci_builds_and_checks_the_distributions_before_the_tests() -> None:
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    check = next(i for i, line in enumerate(lines) if "check-dist.sh" in line)
    tests = next(i for i, line in enumerate(lines) if "python -m pytest" in line)
    assert check < tests
    script = CHECK_DIST.read_text(encoding="utf-8")
    for step in ("-m build --outdir", "twine\" check --strict", "edtfeed\" --version", "publish --offline",
                 "edtfeed\" init"):
        assert step in script, step


def test_release_workflow_passes_the_github_workflow_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(RELEASE)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_release_builds_tests_then_publishes_with_trusted_publishing() -> None:
    workflow = _release()
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}  # only the publish job may mint an OIDC token
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert any('check-dist.sh dist "${GITHUB_REF_NAME#v}"' in run for run in runs)  # the tag must be __version__
    assert any("python -m pytest" in run for run in runs)
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert any(use.startswith("pypa/gh-action-pypi-publish@") for use in uses)
    assert not any("password" in step.get("with", {}) for step in publish["steps"])  # no token: trusted publishing
