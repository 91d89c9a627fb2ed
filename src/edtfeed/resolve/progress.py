"""Progress of the long steps (resolving ids, fetching the host's transcripts): a tqdm bar on a terminal when there
are more than a handful, one summary line otherwise (a CI log, a pipe).

No id gets a line of its own: an id that failed (or kept its pin because its refresh failed) is reported once with
its cause, listing every id it cost (edtfeed.diagnostics), so one wrong feed URL is one message, not one line per id;
and the ids that settled are counted by outcome in one line (`resolved 21 embed ids: 20 resolved (rss), 1 failed`)."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from typing import TextIO

from tqdm import tqdm

log = logging.getLogger("edtfeed.resolve")
BAR_THRESHOLD = 5  # more ids than this on a terminal get a bar
FAILED = "failed"  # the outcome of an id that got no metadata
KEPT = "kept pinned"  # the outcome of a pinned id whose refresh failed


class Progress:
    """Counts settled ids by outcome: a bar on a terminal, one summary log line when done elsewhere."""

    def __init__(self, total: int, *, stream: TextIO | None = None, desc: str = "resolving audio",
                 done: str = "resolved", unit: str = "embed id") -> None:
        stream = stream or sys.stderr
        self._outcomes: Counter[str] = Counter()
        self._done, self._unit = done, unit
        self._bar = (
            tqdm(total=total, desc=desc, unit="id", file=stream, leave=False)
            if total > BAR_THRESHOLD and stream.isatty()
            else None
        )

    def step(self, embed_id: str, outcome: str) -> None:
        """One id settled with `outcome` (FAILED and KEPT are not counted: they are reported with their cause)."""
        if outcome not in (FAILED, KEPT):  # those are reported with their cause
            self._outcomes[outcome] += 1
        if self._bar is not None:
            self._bar.set_postfix_str(embed_id, refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self._outcomes:
            total = sum(self._outcomes.values())
            log.info("%s %d %s%s: %s", self._done, total, self._unit, "" if total == 1 else "s",
                     ", ".join(f"{count} {outcome}" for outcome, count in sorted(self._outcomes.items())))
