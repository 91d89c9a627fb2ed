"""Ordinary faults of the machine, made for real (a full tmpfs, a read-only mount, a folder this user may not
write, a file where a folder belongs, a name too long, a cache folder made unusable): each is a message saying
what, where and what to do, with its exit code (4: the machine; the cache only warns), never a traceback; the
published files stay whole, and once the fault is gone the next run equals a fresh --no-cache build."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from edtfeed.errors import EXIT_OK, EXIT_SYSTEM
from tests.ops import assert_clean, assert_next_run_is_fresh, edtfeed, published_show, snapshot

ROOT = os.geteuid() == 0
RECORD = "edt-1/en/episode.md"


def edit(root: Path, rel: str = RECORD, marker: str = "An edit that must be written") -> None:
    record = root / "episodes" / rel
    text = record.read_text(encoding="utf-8")
    start = text.index('title: "') + len('title: "')
    record.write_text(text[:start] + marker + text[text.index('"', start):], encoding="utf-8")


def whole(root: Path, lock: bytes | None = None) -> None:
    """Every published feed parses, no temp file is left, and (given its bytes before) the lock was not saved:
    a run stopped by the machine records nothing, so the next run does it all again."""
    for feed in (root / "feeds").rglob("feed.xml"):
        etree.parse(str(feed))
    assert not list((root / "feeds").rglob("*.tmp")), "a temp file was left in the published folder"
    if lock is not None:
        assert (root / "edtfeed.lock").read_bytes() == lock


def _can_mount() -> bool:
    if not ROOT or shutil.which("mount") is None:
        return False
    probe = Path("/tmp") / f"edtfeed-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True)
        if done.returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


CAN_MOUNT = _can_mount()
needs_mount = pytest.mark.skipif(not CAN_MOUNT, reason="needs root and tmpfs mounts (a container without "
                                                       "CAP_SYS_ADMIN cannot make a full or read-only disk)")


@pytest.fixture
def show(tmp_path: Path) -> Path:
    return published_show(tmp_path / "show")


@pytest.fixture
def feeds_on_tmpfs(show: Path) -> Iterator[Path]:
    """The show's published folder moved onto a small tmpfs of its own; unmounted afterwards."""
    feeds = show / "feeds"
    saved = show.parent / "feeds-saved"
    shutil.move(feeds, saved)
    feeds.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(feeds)], check=True)
    try:
        shutil.copytree(saved, feeds, dirs_exist_ok=True)
        yield feeds
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(feeds)], capture_output=True)
        kept = show.parent / "feeds-after"
        shutil.copytree(feeds, kept)
        subprocess.run(["umount", str(feeds)], check=True)
        shutil.rmtree(feeds)
        shutil.move(kept, feeds)


def fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to the last byte; returns the filler (delete it to free the space)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


@needs_mount
def test_a_full_disk(show: Path, feeds_on_tmpfs: Path, tmp_path: Path) -> None:
    edit(show)
    lock = (show / "edtfeed.lock").read_bytes()
    filler = fill(feeds_on_tmpfs)
    done = edtfeed(show, "publish", "--offline")
    assert_clean(done, EXIT_SYSTEM, "publish stopped at", str(feeds_on_tmpfs), "No space left on device",
                 "the disk is full: free space there, then run again")
    whole(show, lock)
    filler.unlink()
    assert_next_run_is_fresh(show, tmp_path)


@needs_mount
def test_a_read_only_feeds_folder(show: Path, feeds_on_tmpfs: Path, tmp_path: Path) -> None:
    edit(show)
    before = snapshot(show)
    subprocess.run(["mount", "-o", "remount,ro", str(feeds_on_tmpfs)], check=True)
    done = edtfeed(show, "publish", "--offline")
    assert_clean(done, EXIT_SYSTEM, "publish stopped at", str(feeds_on_tmpfs), "Read-only file system",
                 "publish to a writable folder ([output] dir or --out)")
    assert snapshot(show) == before, "nothing written, the lock not saved"
    subprocess.run(["mount", "-o", "remount,rw", str(feeds_on_tmpfs)], check=True)
    assert_next_run_is_fresh(show, tmp_path)


def unprivileged(*args: str) -> list[str]:
    """A command run without the power to ignore file permissions (root keeps it otherwise)."""
    if not ROOT:
        return list(args)
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--", *args]


def edtfeed_unprivileged(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import sys

    from tests.cli_env import cli_env

    return subprocess.run(unprivileged(sys.executable, "-m", "edtfeed", "--config", str(root / "edtfeed.toml"),
                                       *args), capture_output=True, text=True, timeout=120, env=cli_env(), cwd=root)


needs_setpriv = pytest.mark.skipif(ROOT and shutil.which("setpriv") is None,
                                   reason="root ignores permissions unless setpriv can drop that power")


@needs_setpriv
def test_a_feeds_folder_this_user_may_not_write(show: Path, tmp_path: Path) -> None:
    edit(show)
    lock = (show / "edtfeed.lock").read_bytes()
    folder = show / "feeds" / "en"
    folder.chmod(0o555)
    try:
        done = edtfeed_unprivileged(show, "publish", "--offline")
    finally:
        folder.chmod(0o755)
    assert_clean(done, EXIT_SYSTEM, "publish stopped at", str(folder), "Permission denied",
                 "give this user write access there")
    whole(show, lock)
    assert_next_run_is_fresh(show, tmp_path)


@needs_setpriv
def test_a_cache_folder_left_unwritable_by_sudo_is_a_warning(show: Path, tmp_path: Path) -> None:
    edit(show)
    cache = show / ".edtfeed-cache"
    for path in [cache, *cache.iterdir()]:
        if path.name != "run.lock":
            path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        (cache / "index.pickle").chmod(0o000)
        done = edtfeed_unprivileged(show, "publish", "--offline")
    finally:
        for path in [cache, *cache.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert_clean(done, EXIT_OK, "warning: the build cache cannot be read", "warning: the build cache cannot be "
                 "written", "Permission denied", f"Delete {cache}")
    assert "An edit that must be written" in (show / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")
    assert_next_run_is_fresh(show, tmp_path)


def test_a_folder_where_a_cache_file_belongs_is_a_warning(show: Path, tmp_path: Path) -> None:
    edit(show)
    index = show / ".edtfeed-cache" / "index.pickle"
    index.unlink()
    index.mkdir()
    done = edtfeed(show, "publish", "--offline")
    assert_clean(done, EXIT_OK, "warning: the build cache cannot be read", str(index))
    assert "An edit that must be written" in (show / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")
    index.rmdir()
    assert_next_run_is_fresh(show, tmp_path)


def test_a_file_where_a_feed_folder_belongs(show: Path, tmp_path: Path) -> None:
    edit(show)
    folder = show / "feeds" / "es"
    shutil.move(folder, tmp_path / "es-saved")
    folder.write_text("not a folder")
    lock = (show / "edtfeed.lock").read_bytes()
    done = edtfeed(show, "publish", "--offline")
    assert_clean(done, EXIT_SYSTEM, "publish stopped at", str(folder), "move that file away")
    whole(show, lock)
    assert (show / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8").count("An edit that must be written")
    folder.unlink()
    shutil.move(tmp_path / "es-saved", folder)
    assert_next_run_is_fresh(show, tmp_path)


def test_a_name_too_long_for_the_file_system(show: Path, tmp_path: Path) -> None:
    record = show / "episodes" / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("permalink: episode-SAMPLE1-en", "permalink: " + "p" * 300), encoding="utf-8")
    done = edtfeed(show, "publish", "--offline")
    assert_clean(done, EXIT_SYSTEM, "File name too long", "shorten it")
    whole(show)
    record.write_text(text, encoding="utf-8")
    assert_next_run_is_fresh(show, tmp_path)
