"""The workflow's install line reproduces the running edtfeed, read from pip's PEP 610 direct_url.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from edtfeed.install_line import install_line, running_install_line, spec_problem

COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b"


def _direct(url: str, **info: object) -> str:
    return json.dumps({"url": url, **info})


def test_an_index_install_pins_its_version() -> None:
    line = install_line(None, "1.4.2")
    assert line.spec == "edtfeed==1.4.2"
    assert "package index" in line.source


def test_a_vcs_install_pins_its_commit() -> None:
    line = install_line(_direct("https://github.com/someone/edtfeed.git",
                                vcs_info={"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}), "1.4.2")
    assert line.spec == f"git+https://github.com/someone/edtfeed.git@{COMMIT}"


def test_a_vcs_install_keeps_its_subdirectory_and_drops_credentials() -> None:
    line = install_line(_direct("https://user:ghp_secret@github.com/o/mono.git", subdirectory="tools/edtfeed",
                                vcs_info={"vcs": "git", "commit_id": COMMIT}), "1.0.0")
    assert line.spec == f"git+https://github.com/o/mono.git@{COMMIT}#subdirectory=tools/edtfeed"
    assert "secret" not in line.source
    ssh = install_line(_direct("ssh://git@github.com/o/edtfeed.git", vcs_info={"vcs": "git", "commit_id": COMMIT}),
                       "1.0.0")
    assert ssh.spec == f"git+ssh://git@github.com/o/edtfeed.git@{COMMIT}"


def test_a_remote_archive_is_installed_from_its_url_with_its_hash() -> None:
    digest = "a" * 64
    line = install_line(_direct("https://example.org/edtfeed-1.0.0.tar.gz",
                                archive_info={"hashes": {"sha256": digest}}), "1.0.0")
    assert line.spec == f"https://example.org/edtfeed-1.0.0.tar.gz#sha256={digest}"


@pytest.mark.parametrize(("record", "said"), [
    (_direct("file:///home/me/edtfeed", dir_info={"editable": True}), "the local folder /home/me/edtfeed (editable)"),
    (_direct("file:///home/me/edtfeed", dir_info={}), "the local folder /home/me/edtfeed on this machine"),
    (_direct("file:///tmp/dist/edtfeed-1.0.0-py3-none-any.whl", archive_info={}), "the local archive /tmp/dist/"),
    (_direct("file:///home/me/clone", vcs_info={"vcs": "git", "commit_id": COMMIT}), "the local folder"),
])
def test_a_local_install_gives_no_line_a_runner_could_not_honour(record: str, said: str) -> None:
    line = install_line(record, "1.0.0")
    assert line.spec is None
    assert said in line.source


@pytest.mark.parametrize("record", [
    "not json", "[]", json.dumps({"url": 3}), "{" * 100_000,
    _direct("https://github.com/o/e.git", vcs_info={"vcs": "git", "commit_id": "abc; rm -rf /"}),
    _direct("https://github.com/o/e.git", vcs_info={"vcs": "git"}),
    _direct("https://github.com/o/$(id).git", vcs_info={"vcs": "git", "commit_id": COMMIT}),
    _direct("https://example.org:99999/e.tar.gz", archive_info={}),
])
def test_an_unreadable_or_unsafe_record_gives_no_line(record: str) -> None:
    assert install_line(record, "1.0.0").spec is None


def test_a_source_tree_pip_never_installed_gives_no_line() -> None:
    line = install_line(None, "1.0.0", installed=False)
    assert line.spec is None and "source tree" in line.source


@pytest.mark.parametrize(("spec", "ok"), [
    ("edtfeed==1.0.0", True), (f"git+https://github.com/o/edtfeed@{COMMIT}", True), ("edtfeed[x]>=1,<2", True),
    ("", False), ("edtfeed; curl evil", False), ('edtfeed"', False), ("${{ secrets.X }}", False), ("a\nb", False),
])
def test_spec_problem(spec: str, ok: bool) -> None:
    assert (spec_problem(spec) is None) is ok


def fake_distribution(root: Path, version: str, direct_url: str | None) -> Path:
    """A dist-info of edtfeed under `root` (put it first on sys.path or PYTHONPATH): `direct_url` None is an
    install from the package index, as `pip install edtfeed` leaves it."""
    info = root / f"edtfeed-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: edtfeed\nVersion: {version}\n", encoding="utf-8")
    if direct_url is not None:
        (info / "direct_url.json").write_text(direct_url, encoding="utf-8")
    return root


@pytest.mark.parametrize(("direct_url", "spec"), [
    (None, "edtfeed==7.7.7"),
    (_direct("https://github.com/o/edtfeed.git", vcs_info={"vcs": "git", "commit_id": COMMIT}),
     f"git+https://github.com/o/edtfeed.git@{COMMIT}"),
    (_direct("file:///work/edtfeed", dir_info={"editable": True}), None),
])
def test_the_running_install_is_read_from_its_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      direct_url: str | None, spec: str | None) -> None:
    fake_distribution(tmp_path, "7.7.7", direct_url)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert running_install_line().spec == spec
