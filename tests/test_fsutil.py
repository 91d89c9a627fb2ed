"""write_if_changed: atomic (temp file + rename), readable by a web server, untouched when equal, never half-written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from edtfeed import fsutil
from edtfeed.fsutil import write_if_changed


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_writes_into_new_folders_with_mode_644_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "en" / "chapters" / "ep.json"
    old = os.umask(0o077)
    try:
        assert write_if_changed(target, b"{}\n", durable=False)
    finally:
        os.umask(old)
    assert target.read_bytes() == b"{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert leftovers(target.parent) == []


def test_equal_bytes_leave_the_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    write_if_changed(target, b"<rss/>")
    os.utime(target, ns=(1, 1))
    assert not write_if_changed(target, b"<rss/>")
    assert target.stat().st_mtime_ns == 1
    assert write_if_changed(target, b"<rss></rss>") and target.read_bytes() == b"<rss></rss>"


def test_a_taken_temp_name_falls_back_to_a_random_one(tmp_path: Path) -> None:
    """A temp file a killed process with the same pid left behind is neither reused nor removed."""
    target = tmp_path / "feed.xml"
    stale = tmp_path / f".feed.xml.{os.getpid()}.tmp"
    stale.write_bytes(b"stale")
    assert write_if_changed(target, b"new")
    assert target.read_bytes() == b"new" and stale.read_bytes() == b"stale"
    assert leftovers(tmp_path) == [stale.name]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")

    def disk_full(fd: int, data: memoryview) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "write", disk_full)
    with pytest.raises(OSError):
        write_if_changed(target, b"new")
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_short_writes_are_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(fsutil.os, "write", lambda fd, data: real_write(fd, data[:3]))
    target = tmp_path / "t.html"
    assert write_if_changed(target, b"0123456789", durable=False)
    assert target.read_bytes() == b"0123456789"


def test_only_durable_writes_are_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(fsutil.os, "fsync", synced.append)
    write_if_changed(tmp_path / "sidecar.json", b"{}", durable=False)
    assert synced == []
    write_if_changed(tmp_path / "feed.xml", b"<rss/>")
    assert len(synced) == 1


def test_read_bounded_reads_only_regular_files_within_the_limit(tmp_path: Path) -> None:
    from edtfeed.fsutil import FileRefused, read_bounded

    plain = tmp_path / "plain"
    plain.write_bytes(b"x" * 10)
    assert read_bounded(plain, 10) == b"x" * 10
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, limit, reason in ((plain, 9, "size"), (fifo, 10, "type"), (tmp_path, 10, "type"),
                                (tmp_path / "absent", 10, "open"), ("/dev/zero", 10, "type")):
        with pytest.raises(FileRefused) as refused:
            read_bounded(path, limit)
        assert refused.value.reason == reason, (path, str(refused.value))


@pytest.mark.parametrize("length", [200, 244 + len(".json"), 255])
def test_a_name_that_fits_is_written_whatever_its_temp_name_would_be(tmp_path: Path, length: int) -> None:
    """A 244-character permalink fits the file system's 255 bytes; `.<name>.<pid>.tmp` would not."""
    target = tmp_path / ("p" * (length - 5) + ".json")
    assert write_if_changed(target, b"{}\n")
    assert target.read_bytes() == b"{}\n"
    assert leftovers(tmp_path) == []


def test_a_cache_dump_uses_the_one_atomic_write(tmp_path: Path) -> None:
    """The build cache's pickles are written through fsutil.replacing: replaced whole, no temp file left behind
    when the dump fails, and the temp file known to the signal handler while it is written."""
    import pickle

    from edtfeed import fsutil
    from edtfeed.runner.replay import dump_pickle, load_pickle

    target = tmp_path / "cache" / "index.pickle"
    dump_pickle(target, {"a": 1})
    assert load_pickle(target) == {"a": 1}

    class Unpicklable:
        def __reduce__(self) -> tuple:
            assert fsutil._in_flight, "the temp file is not registered for discard_temp_files"
            raise pickle.PicklingError("no")

    with pytest.raises(pickle.PicklingError):
        dump_pickle(target, Unpicklable())
    assert load_pickle(target) == {"a": 1}
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.pickle"]
