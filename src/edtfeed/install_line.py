"""The pip requirement that installs, on a GitHub runner, the edtfeed that is running now.

Why: `init` wrote `pip install "edtfeed==0.1.0"` into every workflow, so a podcaster who had installed edtfeed from
git or from a checkout got an hourly Action that failed on every run. pip records how it installed a distribution
(PEP 610 `direct_url.json`): no file for an index, a VCS URL and commit, an archive URL, or a local folder. Each
becomes the line that reproduces it, or none when a runner could not honour it (a folder on this machine), and
then `init` asks, or takes `--install SPEC`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import SplitResult, urlsplit, urlunsplit

from edtfeed import __version__

DISTRIBUTION = "edtfeed"
QUESTION = ("How should the workflow install edtfeed? A pip requirement a GitHub runner can install "
            f"(edtfeed=={__version__}, or git+https://github.com/OWNER/edtfeed@COMMIT)")
_MAX_RECORD = 64 * 1024  # pip writes a few hundred bytes; a bigger file is not pip's
_UNREADABLE = "an install whose direct_url.json edtfeed cannot read"
_VCS = ("git", "hg", "svn", "bzr")
_REMOTE = ("https", "http", "ssh", "git")
_COMMIT = re.compile(r"[0-9A-Za-z._/-]{1,200}")
# What the workflow's `run: pip install "SPEC"` can carry as it is: no quote, no shell expansion, no whitespace.
_UNSAFE = re.compile(r"[\s\"'`$\\]|[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class InstallLine:
    """The requirement a runner installs (None when there is none it could honour) and, for messages, where the
    running edtfeed came from."""

    spec: str | None
    source: str


def install_line(direct_url: str | None, version: str, installed: bool = True) -> InstallLine:
    """The line for a distribution of `version` whose direct_url.json holds `direct_url` (None: no such file, an
    index install). `installed` is False when edtfeed runs from a source tree pip never installed."""
    if not installed:
        return InstallLine(None, "a source tree that pip did not install")
    if direct_url is None:
        return InstallLine(f"{DISTRIBUTION}=={version}", f"a package index (version {version})")
    try:
        record = json.loads(direct_url) if len(direct_url) <= _MAX_RECORD else None
    except ValueError:
        record = None
    url = record.get("url") if isinstance(record, dict) else None
    if not isinstance(url, str) or not url:
        return InstallLine(None, _UNREADABLE)
    try:
        parts = urlsplit(url)
        remote = _without_credentials(parts)
    except ValueError:  # a bad port or IPv6 literal
        return InstallLine(None, _UNREADABLE)
    if parts.scheme == "file":
        return InstallLine(None, _local(parts.path, record))
    url = remote
    vcs, archive = record.get("vcs_info"), record.get("archive_info")
    if isinstance(vcs, dict) and vcs.get("vcs") in _VCS and parts.scheme in _REMOTE:
        commit = vcs.get("commit_id")
        if not isinstance(commit, str) or not _COMMIT.fullmatch(commit):
            return InstallLine(None, f"{url} with no commit recorded")
        subdirectory = record.get("subdirectory")
        suffix = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) and subdirectory else ""
        return _checked(f"{vcs['vcs']}+{url}@{commit}{suffix}", f"{url} at commit {commit}")
    if isinstance(archive, dict) and parts.scheme in ("https", "http"):
        return _checked(url + _hash_fragment(archive), f"the archive {url}")
    return InstallLine(None, f"{url}, a kind of install a runner cannot repeat")


def spec_problem(spec: str) -> str | None:
    """Why `spec` cannot stand in the workflow's `pip install "SPEC"` line, or None."""
    if not spec.strip():
        return "is empty"
    if _UNSAFE.search(spec):
        return "has a space, a quote, `$`, a backslash or a control character; give one pip requirement or URL"
    return None


def running_install_line() -> InstallLine:
    """The line for the edtfeed running now, from its installed metadata."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return install_line(None, __version__, installed=False)
    return install_line(distribution.read_text("direct_url.json"), distribution.version)


def _local(path: str, record: dict[str, object]) -> str:
    info = record.get("dir_info")
    editable = isinstance(info, dict) and info.get("editable") is True
    kind = "archive" if isinstance(record.get("archive_info"), dict) else "folder"
    return f"the local {kind} {path}" + (" (editable)" if editable else "") + " on this machine"


def _without_credentials(parts: SplitResult) -> str:
    """The URL without a user's password or token (PEP 610 allows `git@` for ssh, nothing secret)."""
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username == "git" and parts.password is None:
        netloc = "git@" + netloc
    return urlunsplit(parts._replace(netloc=netloc))


def _hash_fragment(archive: dict[str, object]) -> str:
    hashes = archive.get("hashes")
    digest = hashes.get("sha256") if isinstance(hashes, dict) else None
    if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest):
        return f"#sha256={digest}"
    return ""


def _checked(spec: str, source: str) -> InstallLine:
    return InstallLine(None if spec_problem(spec) else spec, source)
