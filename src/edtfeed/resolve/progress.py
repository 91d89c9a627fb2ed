"""Progress while ids resolve: a tqdm bar on a terminal when there are more than a handful, log lines otherwise."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from tqdm import tqdm

log = logging.getLogger("edtfeed.resolve")
BAR_THRESHOLD = 5  # more ids than this on a terminal get a bar


class Progress:
    """Counts settled ids; CI logs get one plain line per id instead of bar redraws."""

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
        else:
            log.info("%s: %s", embed_id, outcome)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
