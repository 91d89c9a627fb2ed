"""Progress while ids resolve: a tqdm bar on a terminal when there are more than a handful, log lines otherwise.

An id that failed (or kept its pin because its refresh failed) gets no line of its own: its failure is reported once with its cause, listing every id it cost
(edtfeed.diagnostics), so one wrong feed URL is one message, not one line per id."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from tqdm import tqdm

log = logging.getLogger("edtfeed.resolve")
BAR_THRESHOLD = 5  # more ids than this on a terminal get a bar
FAILED = "failed"  # the outcome of an id that got no metadata
KEPT = "kept pinned"  # the outcome of a pinned id whose refresh failed


class Progress:
    """Counts settled ids; CI logs get one plain line per id that settled (not per failure) instead of bar redraws."""

    def __init__(self, total: int, *, stream: TextIO | None = None) -> None:
        stream = stream or sys.stderr
        self._bar = (
            tqdm(total=total, desc="resolving audio", unit="id", file=stream, leave=False)
            if total > BAR_THRESHOLD and stream.isatty()
            else None
        )

    def step(self, embed_id: str, outcome: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(embed_id, refresh=False)
            self._bar.update(1)
        elif outcome not in (FAILED, KEPT):
            log.info("%s: %s", embed_id, outcome)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
