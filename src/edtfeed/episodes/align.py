"""Align chapters to a timed transcript: where each heading's topic starts in the audio, without the audio.

A pure function of (chapter texts, cues, duration, language), so it is cheap to test and to benchmark:
`python -m bench.align --real PATH` scores it on real episodes against their publishers' chapter marks
(bench/README.md has the table and what was tried).

How:
1. Units: every cue is a candidate start; a long cue (a speaker's whole turn, a paragraph) is also cut at its
   sentences, each given the time its share of the cue's text says (chapters often start mid-turn).
2. Words: each unit's content words in the transcript's language (stemmed, stop words out: align_language.py),
   matched to the chapter's words exactly or, for misheard and compound words, fuzzily (rapidfuzz). A chapter
   word weighs by how rare it is in the language (wordfreq) and how bunched it is in this episode (a word said
   all episode long marks no start); section text words weigh less than title words.
3. Evidence at each unit for each chapter: its words said right there and in the seconds after (the
   announcement), and more of them said in the minutes after than in the minutes before (a topic starts where
   its words begin). A unit that opens a turn of a speaker who asks questions (the host), asks a question
   itself or follows a pause is a likelier start. Segments add evidence: chapter i owns the occurrences of its
   words between its start and the next chapter's.
4. A dynamic programme picks increasing units, at least `min_gap` seconds apart, maximising the evidence, with
   a mild pull towards each chapter's position estimate, so titles never said still land in order.

A chapter whose own evidence at its start is weak (its confidence) gets `start=None`, and the caller falls back
to its next timing source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from edtfeed.episodes.align_language import language

if TYPE_CHECKING:
    import numpy

Cue = tuple[float, float, str] | tuple[float, float, str, str | None]  # (start, end, text[, speaker])

SPLIT_SECONDS = 12.0  # cues longer than this are also cut at their sentences
NEAR = 20.0  # seconds after a start in which the announcement of its topic is looked for
AROUND = 240.0  # seconds before and after a start in which its topic's words are counted
HERE_WEIGHT, NEAR_WEIGHT, AFTER_WEIGHT, BEFORE_WEIGHT = 0.25, 0.5, 0.5, 0.35
SMOOTHING = 2.0  # occurrences added to the before + after count, so that one word heard once is no proof
SEGMENT_WEIGHT = 2.0  # the share of each chapter's word occurrences that fall inside its own stretch
TURN_BONUS, QUESTION_BONUS, PAUSE_BONUS = 0.6, 0.15, 0.15  # a likelier start: evidence times 1 + bonuses
SECTION_WEIGHT = 0.4  # a section text word against a title word
FUZZY_MIN = 83  # rapidfuzz ratio from which a transcript word stands for a chapter word
MIN_CONFIDENCE = 0.12  # below this a chapter's time is not trusted
PRIOR_WEIGHT = 0.3  # pull towards the position estimate, in evidence units at a whole duration's distance
MATCHED_WORDS = 8  # transcript words shown per chapter
# Bounds on untrusted input, so one record or transcript cannot take the build's memory or time:
MAX_UNITS = 20_000  # candidate starts; a longer transcript's consecutive units are merged to fit
MAX_CHAPTERS = 200  # more chapters than this are not aligned (their times fall back): chapters x units arrays
MAX_SECTION_CHARS = 20_000  # of a chapter's section text read
MAX_SECTION_WORDS = 40  # a chapter's section text words kept (the rarest), besides its title's
_CHUNK = 256  # chapter words whose per-unit counts are held at once

_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True, slots=True)
class Aligned:
    """Where one chapter was found: `start` in whole seconds (None: not trusted), how sure, and the words heard."""

    start: int | None
    confidence: float  # 0..1: the share of the chapter's weighted words heard at its start, net of before
    matched: tuple[str, ...] = ()  # transcript words near the start that matched the chapter's words


@dataclass(frozen=True, slots=True)
class _Unit:
    time: float
    text: str
    boundary: float  # 0..: how much the unit looks like the start of something (turn, question, pause)


def _units(cues: Sequence[Cue], duration: float) -> list[_Unit]:
    """The candidate starts: cues, and the sentences of long cues at their interpolated times."""
    ordered = sorted((c for c in cues if 0 <= c[0] < duration), key=lambda c: (c[0], c[1], c[2]))
    voices = [c[3] if len(c) > 3 else None for c in ordered]
    voiced = any(voices)
    # Who asks: each speaker's share of cues with a question, against the most asking speaker's.
    asked: dict[str | None, list[int]] = {}
    for cue, voice in zip(ordered, voices):
        tally = asked.setdefault(voice, [0, 0])
        tally[0] += "?" in cue[2]
        tally[1] += 1
    rates = {voice: questions / total for voice, (questions, total) in asked.items()}
    top_rate = max(rates.values(), default=0.0) or 1.0
    units: list[_Unit] = []
    previous_voice, previous_end = None, 0.0
    for cue, voice in zip(ordered, voices):
        start, end, text = cue[0], max(cue[1], cue[0]), cue[2]
        turn = voiced and previous_voice is not None and voice != previous_voice
        pause = min(1.0, max(0.0, start - previous_end) / 2.0)
        previous_voice, previous_end = voice, end
        sentences = _SENTENCE_RE.split(text) if end - start > SPLIT_SECONDS else [text]
        offset, length = 0, max(len(text), 1)
        for index, sentence in enumerate(sentences):
            bonus = QUESTION_BONUS if sentence.rstrip().endswith("?") else 0.0
            if index == 0:
                bonus += TURN_BONUS * turn * rates[voice] / top_rate + PAUSE_BONUS * pause
            units.append(_Unit(start + (end - start) * offset / length, sentence, bonus))
            offset += len(sentence) + 1
    if len(units) > MAX_UNITS:
        size = -(-len(units) // MAX_UNITS)
        units = [_Unit(group[0].time, " ".join(u.text for u in group), max(u.boundary for u in group))
                 for group in (units[k:k + size] for k in range(0, len(units), size))]
    return units


def _fuzzy_map(chapter_stems: set[str], transcript_stems: set[str]) -> dict[str, list[tuple[str, float]]]:
    """transcript stem -> the chapter stems it stands for, with how close: equal, spelt nearly alike (a misheard
    word), or holding the whole chapter word (a compound)."""
    from rapidfuzz import fuzz, process

    mapping: dict[str, list[tuple[str, float]]] = {t: [(t, 1.0)] for t in transcript_stems & chapter_stems}
    others = sorted(transcript_stems - chapter_stems)
    for stem in sorted(chapter_stems):
        if len(stem) < 5:
            continue
        prefix = len(stem)  # a misheard word's stem may keep more of its ending: compare as much as the stem has
        for found, score, _ in process.extract(stem, others, scorer=fuzz.ratio, processor=lambda s: s[:prefix],
                                               score_cutoff=FUZZY_MIN, limit=None):
            mapping.setdefault(found, []).append((stem, 0.8 * score / 100))
        if len(stem) >= 6:
            for other in others:
                if stem in other and not any(s == stem for s, _ in mapping.get(other, ())):
                    mapping.setdefault(other, []).append((stem, 0.7))
    return mapping


def _best_path(objective: numpy.ndarray, times: numpy.ndarray, min_gap: int) -> list[int] | None:
    """The increasing units, one per chapter (row), `min_gap` seconds apart, of the highest total objective;
    None when the chapters do not fit."""
    import numpy as np

    count, n = objective.shape
    negative = -1e18
    best = np.full((count, n), negative)
    back = np.full((count, n), -1, dtype=np.int64)
    best[0] = objective[0]
    index = np.arange(n)
    limit = np.searchsorted(times, times - min_gap, side="right") - 1  # the last unit at least min_gap earlier
    reachable = limit >= 0
    limit = np.maximum(limit, 0)
    for i in range(1, count):
        top = np.maximum.accumulate(best[i - 1])
        argtop = np.maximum.accumulate(np.where(best[i - 1] >= top, index, 0))
        ok = reachable & (top[limit] > negative / 2)
        best[i] = np.where(ok, top[limit] + objective[i], negative)
        back[i] = np.where(ok, argtop[limit], -1)
    last = int(np.argmax(best[count - 1]))
    if best[count - 1, last] <= negative / 2:
        return None
    chosen = [last]
    for i in range(count - 1, 0, -1):
        chosen.append(int(back[i, chosen[-1]]))
    return chosen[::-1]


def align(chapters: Sequence[tuple[str, str]], cues: Sequence[Cue], duration: float, *, lang: str = "en",
          min_gap: int = 30, min_confidence: float | None = None, estimates: Sequence[float] | None = None,
          windows: Sequence[tuple[float, float]] | None = None) -> list[Aligned]:
    """Each chapter's start in the transcript `cues` (spoken in `lang`), in order, whole seconds, `min_gap` apart,
    inside `duration`.

    `chapters` are (title, section text) pairs, the text may be empty. `estimates` (seconds, one per chapter) are
    the position estimates the prior pulls towards; by default chapters are spread evenly. `windows` (seconds,
    one (earliest, latest) per chapter) keep each chapter clear of the times already fixed around it, such as
    the opening chapter at 0:00 or a time written in a heading. Chapters whose confidence is under
    `min_confidence` (default MIN_CONFIDENCE) come back with `start=None`.
    """
    import numpy as np

    count = len(chapters)
    units = _units(cues, duration) if count <= MAX_CHAPTERS else []
    if not count or not units:
        return [Aligned(None, 0.0) for _ in chapters]
    words = language(lang)
    n = len(units)
    times = np.array([u.time for u in units])
    unit_words = [words.words(u.text) for u in units]
    unit_stems = [[words.stem(w) for w in ws] for ws in unit_words]

    # Chapter words: stem -> weight per chapter, by rarity in the language; title words count fully.
    chapter_weights: list[dict[str, float]] = []
    for title, text in chapters:
        weight: dict[str, float] = {}
        for word in words.words(text[:MAX_SECTION_CHARS]):
            stem = words.stem(word)
            weight[stem] = max(weight.get(stem, 0.0), SECTION_WEIGHT * words.rarity(word))
        weight = dict(sorted(weight.items(), key=lambda item: (-item[1], item[0]))[:MAX_SECTION_WORDS])
        for word in words.words(title):
            stem = words.stem(word)
            weight[stem] = max(weight.get(stem, 0.0), words.rarity(word))
        chapter_weights.append(weight)
    vocabulary = sorted(set().union(*chapter_weights))
    if not vocabulary:
        return [Aligned(None, 0.0) for _ in chapters]
    column = {stem: k for k, stem in enumerate(vocabulary)}
    mapping = _fuzzy_map(set(vocabulary), {s for stems in unit_stems for s in stems})

    # Occurrences of each chapter word: (word, unit, closeness), kept sparse; dense rows are made a chunk at a time.
    rows, cols, values = [], [], []
    for j, stems in enumerate(unit_stems):
        for stem in stems:
            for target, closeness in mapping.get(stem, ()):
                rows.append(column[target])
                cols.append(j)
                values.append(closeness)
    rows_a, cols_a, values_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(values)

    # How bunched each word is: the share of the episode's minutes it is not heard in (against half of them).
    minutes = int(duration // 60) + 1
    spread = np.zeros((len(vocabulary), minutes), dtype=bool)
    spread[rows_a, np.minimum((times[cols_a] // 60).astype(int), minutes - 1)] = True
    bunched = np.clip(1.0 - spread.sum(axis=1) / max(minutes * 0.5, 1.0), 0.05, 1.0)

    weights = np.zeros((count, len(vocabulary)))
    for i, weight in enumerate(chapter_weights):
        for stem, w in weight.items():
            weights[i, column[stem]] = w
    weights *= bunched[None, :]
    weights /= np.maximum(weights.sum(axis=1), 1e-9)[:, None]

    index = np.arange(n)
    after_at = np.searchsorted(times, times + AROUND, side="left")
    before_at = np.searchsorted(times, times - AROUND, side="left")
    near_at = np.searchsorted(times, times + NEAR, side="left")
    scores = np.zeros((count, n))
    share = np.zeros((count, n))
    for first in range(0, len(vocabulary), _CHUNK):  # bounded memory: _CHUNK words x units at a time
        chunk = slice(first, first + _CHUNK)
        inside = (rows_a >= first) & (rows_a < first + _CHUNK)
        heard = np.zeros((min(_CHUNK, len(vocabulary) - first), n + 1))
        np.add.at(heard, (rows_a[inside] - first, cols_a[inside] + 1), values_a[inside])
        running = np.cumsum(heard, axis=1)
        ahead = running[:, after_at] - running[:, index]
        behind = running[:, index] - running[:, before_at]
        near = np.minimum(running[:, near_at] - running[:, index], 1.0)
        here = np.minimum(heard[:, 1:], 1.0)
        evidence = (HERE_WEIGHT * here + NEAR_WEIGHT * near + (AFTER_WEIGHT * ahead - BEFORE_WEIGHT * behind * (near > 0))
                    / (ahead + behind + SMOOTHING)) / (HERE_WEIGHT + NEAR_WEIGHT + AFTER_WEIGHT)
        scores += weights[:, chunk] @ evidence
        # Segments: the share of chapter i's word occurrences inside [start i, start i+1), summed over chapters,
        # telescopes into one term per start: the previous chapter's share heard before it, minus its own.
        share += weights[:, chunk] @ (running[:, :n] / np.maximum(running[:, n:], 1.0))
    segment = -share
    segment[1:] += share[:-1]
    boundary = np.array([u.boundary for u in units])
    if estimates is None:
        estimates = [duration * i / count for i in range(count)]
    prior = PRIOR_WEIGHT * np.abs(times[None, :] - np.asarray(estimates, dtype=float)[:, None]) / max(duration, 1.0)
    objective = scores * (1.0 + boundary[None, :]) + SEGMENT_WEIGHT * segment - prior
    for i, (earliest, latest) in enumerate(windows or ()):
        objective[i, (times < earliest) | (times > latest)] = -1e9  # outside: only if nothing else fits
    chosen = _best_path(objective, times, min_gap)
    if chosen is None:
        return [Aligned(None, 0.0) for _ in chapters]  # too many chapters for the time available

    result = []
    for i, j in enumerate(chosen):
        confidence = float(max(0.0, min(1.0, scores[i, j])))
        matched: list[str] = []
        k = j
        while k < n and times[k] < times[j] + NEAR and len(matched) < MATCHED_WORDS:
            matched += [w for w, s in zip(unit_words[k], unit_stems[k])
                        if any(chapter_weights[i].get(target, 0.0) > 0 for target, _ in mapping.get(s, ()))]
            k += 1
        start = int(times[j])
        earliest, latest = windows[i] if windows else (0.0, duration)
        trusted = (confidence >= (MIN_CONFIDENCE if min_confidence is None else min_confidence)
                   and earliest <= times[j] <= latest and start < duration)
        result.append(Aligned(start if trusted else None, round(confidence, 3),
                              tuple(dict.fromkeys(matched))[:MATCHED_WORDS]))
    return result
