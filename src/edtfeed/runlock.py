"""One edtfeed run at a time per project.

Publish, resolve, `publish --remove` and each rebuild of `serve --watch` hold an advisory lock on `.edtfeed-cache/run.lock` beside the config file (a folder projects already keep out of
git), so two runs never interleave their reads and
writes of the lock file and the feeds (the hourly job and a push-triggered one overlap; a rebuild meets a manual run).

POSIX: `fcntl.flock`, which the kernel drops when the holder's file is closed, however the process ends (killed,
crashed): a lock is never stale and needs no cleanup. Without fcntl (Windows) there is no project lock; saving the
lock file still merges with what is on disk (lock.save_lock), so a ledger decision is never lost there either.
A second run waits up to `wait` seconds, then stops naming the run that holds the project.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from edtfeed.errors import ProjectBusy

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]

RUN_LOCK_FILE = ".edtfeed-cache/run.lock"
WAIT_ENV = "EDTFEED_LOCK_WAIT"
WAIT = 120.0  # seconds a run waits for another to finish: an hourly run of a large show is done well before
POLL = 0.1
MAX_HOLDER = 512  # bytes of the holder's line read back for the message

log = logging.getLogger("edtfeed")


def default_wait() -> float:
    """`EDTFEED_LOCK_WAIT` seconds when set to a number >= 0, else WAIT."""
    try:
        value = float(os.environ.get(WAIT_ENV, ""))
    except ValueError:
        return WAIT
    return value if value >= 0 else WAIT


@contextmanager
def project_lock(
    root: Path,
    command: str,
    *,
    wait: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[None]:
    """Hold the project lock of the project whose config is in `root` while the block runs; ProjectBusy when
    another run still holds it after `wait` seconds (default: default_wait())."""
    if fcntl is None:
        yield
        return
    path = root / RUN_LOCK_FILE
    try:
        path.parent.mkdir(exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:  # a read-only checkout (a --dry-run, an --out elsewhere) can still run: say so
        log.warning("warning: %s: cannot create the project lock (%s); running without it", path,
                    exc.strerror or exc)
        yield
        return
    try:
        _acquire(fd, path, default_wait() if wait is None else wait, clock, sleep)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}: edtfeed {command}\n".encode(), 0)
        except OSError:
            pass  # the holder's line is only for the message of a waiting run
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, path: Path, wait: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
    deadline = clock() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(fd)
        if clock() >= deadline:
            raise ProjectBusy(
                f"another edtfeed run holds this project ({holder}; {path}) and did not finish within {wait:g} s; "
                f"run again when it is done (set {WAIT_ENV}=SECONDS to wait longer)"
            )
        if not told:
            log.info("waiting for another edtfeed run to finish (%s) ...", holder)
            told = True
        sleep(min(POLL, max(0.0, deadline - clock())))


def _holder(fd: int) -> str:
    """What the holding run wrote about itself, printable; "process unknown" when it wrote nothing yet."""
    try:
        line = os.pread(fd, MAX_HOLDER, 0).decode("utf-8", "replace").strip()
    except OSError:
        line = ""
    return "".join(char for char in line if char.isprintable()) or "process unknown"
