"""What a validation run reports: one Finding per broken rule occurrence, with where it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]
# "edtfeed" marks findings about the project itself (records, config) rather than a platform's rule.
Platform = Literal["Apple", "Spotify", "Podcasting 2.0", "RSS", "edtfeed"]

LEVEL_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One rule broken at one place. `file`/`line` locate it; `item` names the episode (its guid) when inside one.

    A plain dataclass, built only by our own rules: a run that changed nothing replays the last run's findings
    from the cache, and unpickling them must not load pydantic (runner/replay.py)."""

    rule: str
    level: Level
    platform: Platform
    message: str
    source: str
    file: str
    line: int | None = None
    item: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """File, then position, then severity: the order people read and CI diffs stay stable in."""
        return (self.file, self.line or 0, LEVEL_ORDER[self.level], self.rule, self.item or "", self.message)

    def where(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{place} [item {self.item}]" if self.item else place


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order, duplicates removed (two checks must never report the same thing twice)."""
    return sorted(set(findings), key=Finding.sort_key)


def count_levels(findings: list[Finding]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n}, always with all three keys."""
    counts = {level: 0 for level in LEVEL_ORDER}
    for finding in findings:
        counts[finding.level] += 1
    return counts
