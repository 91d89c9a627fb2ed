"""`edtfeed` and `python -m edtfeed`: signals and OS errors are set up before anything heavy is imported, so a
Ctrl+C or a SIGTERM at any moment ends the run with one line and its exit code (130, 143), and an OS error that
reaches the top is a message with exit 4, never a traceback."""

from __future__ import annotations

import os
import signal
import sys
import threading

from edtfeed.errors import EXIT_SYSTEM, Interrupted, os_fault

GRACE = 0.8  # seconds the run has to clean up (temp files, worker processes) after a signal before it is ended
_NAMES = {signal.SIGINT: "Ctrl+C (SIGINT)", signal.SIGTERM: "SIGTERM"}


def _on_signal(signum: int, frame: object) -> None:
    """Say so once, ignore further signals while `finally` blocks clean up, and end the process after GRACE
    whatever it is blocked on."""
    for other in _NAMES:
        signal.signal(other, signal.SIG_IGN)
    _say(f"edtfeed: stopped by {_NAMES.get(signal.Signals(signum), signum)}; files written so far are whole, "
         "run again to finish")
    timer = threading.Timer(GRACE, os._exit, (128 + signum,))
    timer.daemon = True
    timer.start()
    raise Interrupted(signum)


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stderr: the exit code still tells
        pass


def run() -> None:
    """The console entry point."""
    for signum in _NAMES:
        signal.signal(signum, _on_signal)
    try:
        from edtfeed.cli import main

        main(prog_name="edtfeed")
    except Interrupted as stop:
        sys.exit(stop.exit_code)
    except KeyboardInterrupt:  # before the handler was installed
        _say("edtfeed: stopped by Ctrl+C (SIGINT)")
        sys.exit(128 + signal.SIGINT)
    except OSError as exc:
        fault = os_fault(exc, "a file operation failed at")
        _say(f"Error: {fault.message}")
        sys.exit(EXIT_SYSTEM)


if __name__ == "__main__":
    run()
