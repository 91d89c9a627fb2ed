"""Fan independent work out to forked worker processes, one per CPU, where the OS can fork: the runner's one way
of using processes (reading records, building languages).

Why fork: a worker starts with everything the parent already holds (modules, records, audio, chapter timing),
so only the work items and the results are pickled, never the large shared inputs. Workers return data; what is
kept (the build cache) is written by the parent alone.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from edtfeed.errors import EXIT_PROBLEMS, EdtfeedError

MAX_WORKERS = 4
_PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal a process gets when its parent dies

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerDied(EdtfeedError):
    """A worker process was killed (most often by the kernel for memory). Feeds other workers finished are whole
    and written, the lock is not updated, and running again is safe."""

    exit_code = EXIT_PROBLEMS


def workers_available() -> int:
    """How many worker processes fork_map would use: 0 where the OS cannot fork or there is one CPU."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = min(cpus, MAX_WORKERS)
    return workers if workers >= 2 else 0


def worker_count(jobs: int | None, items: int, minimum: int) -> int:
    """Processes to fork for `items` pieces of work, 0 meaning none (run in this process).

    `jobs` is the podcaster's `--jobs`: that many processes (1: none) wherever the OS can fork. Without it, one
    per CPU once there are `minimum` items: below that, forking costs more than it saves.
    """
    if jobs is not None:
        return jobs if jobs >= 2 and "fork" in multiprocessing.get_all_start_methods() else 0
    return workers_available() if items >= minimum else 0


def fork_map(task: Callable[[Item], Result], items: Iterable[Item], workers: int, doing: str) -> list[Result]:
    """`[task(item) for item in items]`, run in forked processes, at most `workers` at a time, results in item order.

    `task` may be a closure over unpicklable or large state: each process inherits it by forking, and only its
    item's result is pickled back. Every item gets a freshly forked process, started as soon as another one ends
    (no rounds waiting for the slowest): a process holds the parent's memory plus one item's work, not what
    earlier items left (long-lived workers kept growing on large shows). An exception in `task` is
    raised here; a process that dies (killed for memory, say) fails the map with WorkerDied instead of leaving
    the build waiting forever. `doing` names the work for that message ("reading records").
    """
    context = multiprocessing.get_context("fork")
    pending = list(enumerate(items))
    pending.reverse()  # popped from the end: item order
    running: dict[Connection, tuple[int, BaseProcess]] = {}
    results: dict[int, Result] = {}
    try:
        while pending or running:
            while pending and len(running) < workers:
                index, item = pending.pop()
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_run, args=(task, item, sender, os.getpid()), daemon=True)
                _start(process)
                sender.close()  # the child holds the only sending end: its death is EOF here
                running[receiver] = (index, process)
            for receiver in wait(list(running)):
                index, process = running.pop(receiver)
                try:
                    succeeded, value = receiver.recv()
                except EOFError:
                    raise WorkerDied(
                        f"a worker process died while {doing} (killed for lack of memory?): feeds not finished were "
                        "left as they were and the lock was not updated; run again, or free memory"
                    ) from None
                finally:
                    receiver.close()
                    process.join()
                if not succeeded:
                    raise value
                results[index] = value
        return [results[index] for index in range(len(results))]
    finally:
        for receiver, (_, process) in running.items():
            process.kill()
            process.join()
            receiver.close()


def _run(task: Callable[[Any], Any], item: Any, sender: Connection, parent: int) -> None:
    """In the child: send back (True, result) or (False, the exception)."""
    _follow_parent(parent)
    try:
        outcome: tuple[bool, Any] = (True, task(item))
    except BaseException as exc:  # noqa: BLE001 - re-raised in the parent
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception: say so, do not die silently
        sender.send((False, RuntimeError(f"a worker's outcome could not be sent back: {exc!r}")))
    sender.close()


_STOPS = {signal.SIGINT, signal.SIGTERM}


def _start(process: BaseProcess) -> None:
    """Fork with Ctrl+C and SIGTERM held back: Python drops an exception raised in its at-fork hooks, so a signal
    arriving during the fork is delivered just after it, where the run can stop."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _follow_parent(parent: int) -> None:
    """A worker never outlives the run nor speaks for it: Ctrl+C reaches the whole process group, but only the parent
    answers it (it stops its workers and prints one line); SIGTERM ends a worker silently; and on Linux the kernel
    kills a worker whose parent is gone, however it went (SIGKILL included), so none is left blocked on its pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # no prctl: the parent's `finally` still kills its workers
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # blocked by _start around the fork
