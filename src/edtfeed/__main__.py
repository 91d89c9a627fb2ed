"""`edtfeed` and `python -m edtfeed`: the command line, with signals and OS errors handled first.

They are set up before anything heavy is imported, so a Ctrl+C or a SIGTERM at any moment ends the run with one
line and its exit code (130, 143), and an OS error that reaches the top is a message with exit 4, never a traceback.

On a signal the handler raises Interrupted, so every `finally` runs (temp files removed, worker processes stopped).
Python drops an exception raised where it cannot propagate (an at-fork hook, a finaliser): then, and whenever the
cleanup blocks, a timer ends the process after GRACE, removing the temp files still being written; worker
processes die with their parent (runner/workers.py).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

GRACE = 0.8  # seconds the run has to clean up after a signal before it is ended
_NAMES = {signal.SIGINT: "Ctrl+C (SIGINT)", signal.SIGTERM: "SIGTERM"}
_stopped: list[int] = []  # the signal that stopped the run, once one did
_armed = [True]  # False once the command has returned: a late signal then only sets the exit code


class Interrupted(BaseException):
    """Ctrl+C (SIGINT) or SIGTERM: not an Exception, so no `except Exception` on the way out swallows it, and every
    `finally` (temp files, worker processes) still runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum  # 130 for SIGINT, 143 for SIGTERM, as shells report them


def _on_signal(signum: int, frame: object) -> None:
    """Say so once, ignore further signals while `finally` blocks clean up, end the process after GRACE whatever
    it is blocked on, and raise Interrupted where the run is."""
    for other in _NAMES:
        signal.signal(other, signal.SIG_IGN)
    _stopped.append(signum)
    _say(f"edtfeed: stopped by {_NAMES.get(signal.Signals(signum), signum)}; files written so far are whole, "
         "run again to finish")
    timer = threading.Timer(GRACE, _hard_exit, (128 + signum,))
    timer.daemon = True
    timer.start()
    if _armed[0]:
        raise Interrupted(signum)


def _hard_exit(code: int) -> None:
    fsutil = sys.modules.get("edtfeed.fsutil")  # imported by then if anything is being written
    if fsutil is not None:
        fsutil.discard_temp_files()
    os._exit(code)


def _quiet_unraisable(unraisable: Any) -> None:
    """An Interrupted dropped by Python (raised in an at-fork hook or a finaliser) is not a bug to print: the
    timer ends the run."""
    if not isinstance(unraisable.exc_value, Interrupted):
        sys.__unraisablehook__(unraisable)


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stderr: the exit code still tells
        pass


def _main() -> Any:
    """The command's exit status."""
    try:
        from edtfeed.cli import main

        main(prog_name="edtfeed")
    except SystemExit as done:
        return done.code
    except KeyboardInterrupt:  # before the handler was installed
        _say("edtfeed: stopped by Ctrl+C (SIGINT)")
        return 128 + signal.SIGINT
    except OSError as exc:
        from edtfeed.errors import EXIT_SYSTEM, os_fault

        _say(f"Error: {os_fault(exc, 'a file operation failed at').format_message()}")
        return EXIT_SYSTEM
    return 0


def run() -> None:
    """The console entry point."""
    sys.unraisablehook = _quiet_unraisable
    for signum in _NAMES:
        signal.signal(signum, _on_signal)
    try:
        code = _main()
        _armed[0] = False
    except Interrupted:
        _armed[0] = False
        code = None
    sys.exit(128 + _stopped[0] if _stopped else code)


if __name__ == "__main__":
    run()
