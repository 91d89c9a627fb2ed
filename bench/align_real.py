"""The chapter aligner on real episodes: `python -m bench.align --real PATH` (see bench/README.md).

PATH holds one folder per episode with `notes.md` (the chapter titles as `## Title` lines, in order, no times),
`transcript.vtt` (the timed transcript), `meta.json` (`show`, `duration`, `language`) and `chapters.json` (the
publisher's marks: `[{"start": seconds, "title": ...}]`). Each episode goes through the pipeline as `edtfeed
publish` would take it: `build_chapters` on a record whose body is the notes, with the transcript as the host's
timed transcript, so fallbacks to the position estimate and the gap rules count too. Nothing of PATH is kept.

Scoring follows the set's own scorer: a prediction pairs with a true chapter by normalised title (exact, in
order; else the best difflib ratio of at least 0.8), an unpaired true chapter is a miss at every threshold.
`--oracle SECONDS` is a diagnostic: each chapter is aligned only within SECONDS of its true mark, which
separates placing a start from finding its region. The split is deterministic: within each show, episodes sorted by folder name alternate between the tuning part
(even positions) and the held-out part (odd positions).
"""

from __future__ import annotations

import difflib
import json
import math
import os
import statistics
import time
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from edtfeed.config import ChaptersConfig
from edtfeed.episodes.align import align
from edtfeed.episodes.chapters import MIN_GAP, build_chapters
from edtfeed.read.blocks import scan
from edtfeed.read.cues import parse_timed, plain_cues
from edtfeed.read.types import Heading, Record

THRESHOLDS = (15, 30, 60)
PARTS = ("tune", "held-out", "all")


@dataclass(frozen=True)
class Scored:
    """One episode's outcome: its show, its part, and per true chapter the error (None: missed) and fallback."""

    show: str
    part: str
    errors: tuple[float | None, ...]
    fallbacks: tuple[bool, ...]  # per true chapter after the first: its time is the position estimate
    seconds: float  # time spent in build_chapters


def _norm(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    return " ".join(text.split())


def _pair(truth: Sequence[str], predicted: Sequence[str]) -> dict[int, int]:
    """true index -> predicted index: exact normalised titles in order, then the best fuzzy ones (ratio >= 0.8)."""
    tn, pn = [_norm(t) for t in truth], [_norm(t) for t in predicted]
    assign: dict[int, int] = {}
    used: set[int] = set()
    for i, a in enumerate(tn):
        j = next((j for j, b in enumerate(pn) if j not in used and a == b), None)
        if j is not None:
            assign[i] = j
            used.add(j)
    pairs = sorted((-difflib.SequenceMatcher(None, a, b).ratio(), abs(i - j), i, j)
                   for i, a in enumerate(tn) if i not in assign for j, b in enumerate(pn) if j not in used)
    for ratio, _, i, j in pairs:
        if -ratio >= 0.8 and i not in assign and j not in used:
            assign[i] = j
            used.add(j)
    return assign


def episodes(root: Path) -> Iterator[tuple[Path, str]]:
    """Each episode folder under `root` with its part (tune or held-out), in a stable order."""
    by_show: dict[str, list[Path]] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "chapters.json").is_file()):
        show = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("show", folder.name)
        by_show.setdefault(show, []).append(folder)
    for folders in by_show.values():
        for index, folder in enumerate(folders):
            yield folder, PARTS[index % 2]


def score_episode(folder: Path, part: str, oracle: float = 0.0) -> Scored:
    """Align one episode's chapters through build_chapters and compare them with its true marks.

    `oracle` > 0 is a diagnostic instead: each chapter after the first is aligned (by `align` itself, every start
    kept however weak) only within that many seconds of its true mark, so the score says how well a start is
    placed once its region is known, apart from finding the region."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    truth = json.loads((folder / "chapters.json").read_text(encoding="utf-8"))
    body = (folder / "notes.md").read_text(encoding="utf-8")
    cues = plain_cues(parse_timed((folder / "transcript.vtt").read_bytes(), "vtt").cues)
    duration = math.ceil(meta["duration"])
    record = Record(path=folder / "notes.md", rel=f"{folder.name}/notes.md", lang=meta["language"],
                    lang_explicit=True, title=meta.get("title", folder.name), date=datetime(2000, 1, 1, tzinfo=UTC),
                    embed_id="00000000", body=body, body_line=1,
                    headings=[Heading(h.level, h.text, h.line + 1, h.offset) for h in scan(body).headings])
    started = time.perf_counter()
    if oracle > 0:
        windows = [(max(float(MIN_GAP), c["start"] - oracle), c["start"] + oracle) for c in truth[1:]]
        found = align([(c["title"], "") for c in truth[1:]], cues, duration, lang=meta["language"], min_gap=MIN_GAP,
                      min_confidence=0.0, windows=windows)
        placed = [(truth[0]["title"], 0, False)] + [(c["title"], a.start, a.start is None)
                                                    for a, c in zip(found, truth[1:])]
    else:
        placed = [(c.title, c.start, c.source == "estimate")
                  for c in build_chapters(record, duration, ChaptersConfig(), cues).chapters]
    seconds = time.perf_counter() - started
    assign = _pair([c["title"] for c in truth], [title for title, _, _ in placed])
    errors = tuple(abs(placed[assign[i]][1] - float(c["start"]))
                   if i in assign and placed[assign[i]][1] is not None else None for i, c in enumerate(truth))
    fallbacks = tuple(i not in assign or placed[assign[i]][2] for i in range(1, len(truth)))
    return Scored(meta.get("show", folder.name), part, errors, fallbacks, seconds)


def _row(name: str, scored: Sequence[Scored], skip_first: bool) -> str:
    errors = [e for s in scored for e in s.errors[int(skip_first):]]
    found = sorted(e for e in errors if e is not None)
    fallbacks = [f for s in scored for f in s.fallbacks]
    within = [sum(e <= limit for e in found) / max(len(errors), 1) for limit in THRESHOLDS]
    median = statistics.median(found) if found else float("nan")
    p90 = found[max(0, math.ceil(0.9 * len(found)) - 1)] if found else float("nan")
    return (f"| {name} | {len(scored)} | {len(errors)} | " + " | ".join(f"{w:.1%}" for w in within)
            + f" | {median:.1f} s | {p90:.1f} s | {sum(fallbacks) / max(len(fallbacks), 1):.1%} |")


def score_all(root: Path, workers: int = 2, oracle: float = 0.0) -> list[Scored]:
    """Every episode under `root`, scored (in `workers` processes)."""
    folders = list(episodes(root))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(score_episode, [f for f, _ in folders], [p for _, p in folders],
                             [oracle] * len(folders)))


def report(root: Path, workers: int = 2, skip_first: bool = False, oracle: float = 0.0) -> str:
    """The markdown table: per show and overall, for the held-out part, the tuning part and all episodes
    (`skip_first`: each episode's first chapter, nearly always a trivially right 0:00, left out; `oracle`: see
    score_episode)."""
    started = time.perf_counter()
    scored = score_all(root, workers, oracle)
    wall = time.perf_counter() - started
    lines = ["| part / show | episodes | chapters | within 15 s | within 30 s | within 60 s | median error "
             "| p90 error | fallback |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for part in ("held-out", "tune", "all"):
        chosen = [s for s in scored if part == "all" or s.part == part]
        for show in sorted({s.show for s in chosen}):
            lines.append(_row(f"{part}: {show}", [s for s in chosen if s.show == show], skip_first))
        lines.append(_row(f"**{part}: overall**", chosen, skip_first))
    align_seconds = sum(s.seconds for s in scored)
    lines.append("")
    lines.append(f"{len(scored)} episodes: {wall:.1f} s wall time with {workers} worker processes (reading and "
                 f"parsing included), {align_seconds:.1f} s of it in build_chapters; os.cpu_count() = {os.cpu_count()}.")
    return "\n".join(lines)
