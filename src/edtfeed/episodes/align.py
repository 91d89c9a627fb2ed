"""Align chapters to a timed transcript: where each heading's topic starts in the audio, without the audio.

A pure function of (chapter texts, cues, duration, language), so it is cheap to test and to benchmark
(`python -m bench.align --real PATH` scores it on real episodes with their publishers' chapter marks).

How:
1. Units: every cue is a candidate start; a long cue (a speaker's whole turn, a paragraph) is also cut at its
   sentences, each given the time its share of the cue's text says (chapters often start mid-turn).
2. Words: each unit's content words in the transcript's language (stemmed, stop words out: align_language.py),
   matched to the chapter's words exactly, or fuzzily (speech-recognition misspellings, compound words) with
   rapidfuzz. A chapter word weighs by how rare it is in the language (wordfreq) and how bunched it is in this
   episode (a word said all episode long marks no start). Title words count fully, section text words less.
3. Evidence at each unit for each chapter: its words said right there (the announcement), said again in the
   minutes after (the topic), and not said in the minutes before (a topic starts where its words begin);
   a unit that opens a speaker turn, asks a question or follows a pause is a likelier start.
4. A dynamic programme picks increasing units, at least `min_gap` seconds apart, maximising the evidence, with
   a mild pull towards each chapter's position estimate, so titles never said still land in order.

A chapter whose evidence is weak gets `start=None` (its confidence says why), and the caller falls back to its
next timing source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from edtfeed.episodes.align_language import Language, language

Cue = tuple[float, float, str] | tuple[float, float, str, str | None]  # (start, end, text[, speaker])

NEAR = 20.0  # seconds after a start in which the announcement of its topic is looked for
AFTER = 240.0  # seconds after a start in which its topic's words keep coming
BEFORE = 240.0  # seconds before a start in which its topic's words should not be heard yet
WINDOW_SHARE = 0.0  # when set, AFTER and BEFORE are this share of the average chapter length instead
SATURATE = 3.0  # hearing a word this often in a window is as good as more
NEAR_WEIGHT, AFTER_WEIGHT, BEFORE_WEIGHT = 0.5, 0.5, 0.35
SEGMENT_WEIGHT = 2.0  # the share of each chapter's word occurrences that fall inside its own stretch
HERE_WEIGHT = 0.25  # the chapter's words in the very unit that starts it
COHESION_BONUS = 0.0  # boundary bonus per standard deviation the words on both sides of a unit differ
COHESION_WINDOW = 120.0  # seconds compared on each side (TextTiling)
_BUCKETS = 512  # words hashed into this many counts per unit for the cohesion comparison
RATIO = 2.0
PREVIEW = 0.0  # evidence at a unit is divided by 1 + PREVIEW per further other chapter named around it
EXPAND = 0  # words of its first-pass stretch added to each chapter's words for a second pass
EXPAND_WEIGHT = 0.3
SECTION_WEIGHT = 0.4  # a section text word against a title word
FUZZY_MIN = 85  # rapidfuzz ratio from which a transcript word stands for a chapter word
TURN_BONUS, QUESTION_BONUS, PAUSE_BONUS = 0.3, 0.15, 0.15
SPLIT_SECONDS = 12.0  # cues longer than this are cut at their sentences
MIN_CONFIDENCE = 0.12  # below this a chapter's time is not trusted
PRIOR_WEIGHT = 0.3  # pull towards the position estimate, in evidence units at a whole duration's distance

_DEBUG = None
_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True, slots=True)
class Aligned:
    """Where one chapter was found: `start` in whole seconds (None: not trusted), how sure, and the words heard."""

    start: int | None
    confidence: float  # 0..1: the chapter's weighted words heard where it starts, net of those before
    matched: tuple[str, ...] = ()  # transcript words near the start that matched the chapter's words


@dataclass(frozen=True, slots=True)
class _Unit:
    time: float
    text: str
    boundary: float  # 0..: how much the unit looks like the start of something (turn, question, pause)


def _units(cues: Sequence[Cue], duration: float) -> list[_Unit]:
    """The candidate starts: cues, and the sentences of long cues at their interpolated times."""
    ordered = sorted((c for c in cues if 0 <= c[0] < duration), key=lambda c: (c[0], c[1], c[2]))
    voiced = any(len(c) > 3 and c[3] for c in ordered)
    units: list[_Unit] = []
    previous_voice, previous_end = None, 0.0
    for cue in ordered:
        start, end, text = cue[0], max(cue[1], cue[0]), cue[2]
        voice = cue[3] if len(cue) > 3 else None
        turn = voiced and previous_voice is not None and voice != previous_voice
        pause = min(1.0, max(0.0, start - previous_end) / 2.0)
        previous_voice, previous_end = voice, end
        sentences = _SENTENCE_RE.split(text) if end - start > SPLIT_SECONDS else [text]
        offset, length = 0, max(len(text), 1)
        for index, sentence in enumerate(sentences):
            at = start + (end - start) * offset / length
            offset += len(sentence) + 1
            bonus = (QUESTION_BONUS if sentence.rstrip().endswith("?") else 0.0)
            if index == 0:
                bonus += TURN_BONUS * turn + PAUSE_BONUS * pause
            units.append(_Unit(at, sentence, bonus))
    return units


def _fuzzy_map(chapter_stems: set[str], transcript_stems: set[str]) -> dict[str, list[tuple[str, float]]]:
    """transcript stem -> the chapter stems it stands for, with how close: equal, or close enough spelled."""
    from rapidfuzz import fuzz, process

    mapping: dict[str, list[tuple[str, float]]] = {t: [(t, 1.0)] for t in transcript_stems & chapter_stems}
    others = sorted(transcript_stems - chapter_stems)
    for stem in sorted(chapter_stems):
        if len(stem) < 5:
            continue
        prefix = len(stem)  # a misspelt word's stem may keep more of its ending: compare as much as the stem has
        for found, score, _ in process.extract(stem, others, scorer=fuzz.ratio, processor=lambda s: s[:prefix],
                                               score_cutoff=FUZZY_MIN, limit=None):
            mapping.setdefault(found, []).append((stem, 0.8 * score / 100))
        if len(stem) >= 6:  # a compound that holds the whole chapter word (German, Dutch, ...)
            for other in others:
                if stem in other and not any(s == stem for s, _ in mapping.get(other, ())):
                    mapping.setdefault(other, []).append((stem, 0.7))
    return mapping


def _shift(unit_stems: list[list[str]], times, words: Language, np):  # noqa: ANN001
    """TextTiling: how much the words said in the window before each unit differ from those after it, in standard
    deviations above the episode's mean (0 when below), from hashed word counts."""
    import zlib

    n = len(unit_stems)
    counts = np.zeros((_BUCKETS, n + 1), dtype=np.float32)
    for j, stems in enumerate(unit_stems):
        for stem in stems:
            counts[zlib.crc32(stem.encode()) % _BUCKETS, j + 1] += 1.0
    running = np.cumsum(counts, axis=1)
    index = np.arange(n)
    lo = np.searchsorted(times, times - COHESION_WINDOW, side="left")
    hi = np.searchsorted(times, times + COHESION_WINDOW, side="left")
    left = running[:, index] - running[:, lo]
    right = running[:, hi] - running[:, index]
    cosine = (left * right).sum(axis=0) / np.maximum(np.linalg.norm(left, axis=0) * np.linalg.norm(right, axis=0), 1e-9)
    spread = float(cosine.std()) or 1.0
    return np.clip((float(cosine.mean()) - cosine) / spread, 0.0, 3.0)


def _expand(chapter_weights: list[dict[str, float]], chosen: list[int], unit_stems: list[list[str]],
            rarity: dict[str, float], np) -> list[dict[str, float]]:  # noqa: ANN001
    """Each chapter's words plus the EXPAND words most its own in the stretch the first pass gave it: said there
    at least 3 times and mostly there (pseudo-relevance feedback: a topic's words come with its title's)."""
    from collections import Counter

    total: Counter[str] = Counter(s for stems in unit_stems for s in stems)
    bounds = [*chosen, len(unit_stems)]
    out = []
    for i, weight in enumerate(chapter_weights):
        inside: Counter[str] = Counter(s for stems in unit_stems[bounds[i]:bounds[i + 1]] for s in stems)
        ranked = sorted(((c / total[s]) * np.log1p(c), s) for s, c in inside.items()
                        if c >= 3 and c / total[s] >= 0.5 and s not in weight and rarity[s] > 0)
        extra = {s: EXPAND_WEIGHT * rarity[s] for _, s in ranked[-EXPAND:]}
        out.append({**extra, **weight})
    return out


def align(chapters: Sequence[tuple[str, str]], cues: Sequence[Cue], duration: float, *, lang: str = "en",
          min_gap: int = 30, min_confidence: float | None = None, estimates: Sequence[float] | None = None,
          ) -> list[Aligned]:
    """Each chapter's start in the transcript `cues` (spoken in `lang`), in order, whole seconds, `min_gap` apart,
    inside `duration`.

    `chapters` are (title, section text) pairs, the text may be empty. `estimates` (seconds, one per chapter) are
    the position estimates the prior pulls towards; by default chapters are spread evenly. Chapters whose
    confidence is under `min_confidence` (default MIN_CONFIDENCE) come back with `start=None`.
    """
    import numpy as np

    count = len(chapters)
    units = _units(cues, duration)
    if not count or not units:
        return [Aligned(None, 0.0) for _ in chapters]
    words = language(lang)
    n = len(units)
    times = np.array([u.time for u in units])
    unit_words = [words.words(u.text) for u in units]
    unit_stems = [[words.stem(w) for w in ws] for ws in unit_words]

    # Chapter words: stem -> weight per chapter (title words fully, section words less), by rarity in the language.
    chapter_weights: list[dict[str, float]] = []
    for title, text in chapters:
        weight: dict[str, float] = {}
        for word in words.words(text):
            stem = words.stem(word)
            weight[stem] = max(weight.get(stem, 0.0), SECTION_WEIGHT * words.rarity(word))
        for word in words.words(title):
            stem = words.stem(word)
            weight[stem] = max(weight.get(stem, 0.0), words.rarity(word))
        chapter_weights.append(weight)
    title_stems = set().union(*chapter_weights)
    if not title_stems:
        return [Aligned(None, 0.0) for _ in chapters]
    mapping = _fuzzy_map(title_stems, {s for stems in unit_stems for s in stems})
    boundary = np.array([u.boundary for u in units])
    if COHESION_BONUS:
        boundary = boundary + COHESION_BONUS * _shift(unit_stems, times, words, np)
    if estimates is None:
        estimates = [duration * i / count for i in range(count)]
    prior = PRIOR_WEIGHT * np.abs(times[None, :] - np.asarray(estimates, dtype=float)[:, None]) / max(duration, 1.0)

    def one_pass(chapter_weights: list[dict[str, float]], chapter_weights_point=None):  # noqa: ANN202, ANN001
        vocabulary = sorted(set().union(*chapter_weights))
        column = {stem: k for k, stem in enumerate(vocabulary)}
        # Occurrences of each chapter word per unit, and their running sums for window counts.
        heard = np.zeros((len(vocabulary), n + 1), dtype=np.float64)
        for j, stems in enumerate(unit_stems):
            for stem in stems:
                for target, closeness in mapping.get(stem, ()):
                    heard[column[target], j + 1] += closeness
                if stem not in title_stems and stem in column:
                    heard[column[stem], j + 1] += 1.0
        running = np.cumsum(heard, axis=1)

        # How bunched each word is: the share of one-minute stretches of the episode it is not heard in.
        minutes = max(1, int(duration // 60) + 1)
        spread = np.zeros((len(vocabulary), minutes), dtype=bool)
        minute_of = np.minimum((times // 60).astype(int), minutes - 1)
        rows, cols = np.nonzero(heard[:, 1:])
        spread[rows, minute_of[cols]] = True
        bunched = np.clip(1.0 - spread.sum(axis=1) / max(minutes * 0.5, 1.0), 0.05, 1.0)

        index = np.arange(n)
        near_hi = np.searchsorted(times, times + NEAR, side="left")
        after_s, before_s = AFTER, BEFORE
        if WINDOW_SHARE:
            after_s = before_s = WINDOW_SHARE * duration / (count + 1)
        after_hi = np.searchsorted(times, times + after_s, side="left")
        before_lo = np.searchsorted(times, times - before_s, side="left")
        near = np.minimum(running[:, near_hi] - running[:, index], 1.0)
        after = np.minimum((running[:, after_hi] - running[:, index]) / SATURATE, 1.0)
        before = np.minimum((running[:, index] - running[:, before_lo]) / SATURATE, 1.0)
        here = np.minimum(running[:, index + 1] - running[:, index], 1.0)
        if RATIO:
            a_raw = running[:, after_hi] - running[:, index]
            b_raw = running[:, index] - running[:, before_lo]
            after = a_raw / (a_raw + b_raw + RATIO)
            before = b_raw / (a_raw + b_raw + RATIO)
        evidence = HERE_WEIGHT * here + NEAR_WEIGHT * near + AFTER_WEIGHT * after - BEFORE_WEIGHT * before * (near > 0)

        weights = np.zeros((count, len(vocabulary)))
        for i, weight in enumerate(chapter_weights):
            for stem, w in weight.items():
                weights[i, column[stem]] = w
        weights *= bunched[None, :]
        totals = weights.sum(axis=1)
        totals[totals == 0] = 1.0
        point = weights * (np.array([[stem in chapter_weights_point[i] for stem in vocabulary]
                                     for i in range(count)]) if chapter_weights_point is not None else 1.0)
        point_totals = point.sum(axis=1)
        point_totals[point_totals == 0] = 1.0
        scores = (point @ evidence) / point_totals[:, None] / (HERE_WEIGHT + NEAR_WEIGHT + AFTER_WEIGHT)
        if PREVIEW:  # a stretch that names many chapters' words at once is a preview (a cold open), not a start
            said = (point @ near) / point_totals[:, None] > 0.3
            others = said.sum(axis=0)[None, :] - said
            scores = scores / (1.0 + PREVIEW * np.maximum(others - 1, 0))
        # Segments: chapter i owns [start i, start i+1). The share of its words' occurrences inside it, summed over
        # chapters, telescopes into one term per start: the previous chapter's share heard before it, minus its own.
        share = (weights / totals[:, None]) @ (running[:, :n] / np.maximum(running[:, n:], 1.0))
        segment = share.copy()
        segment[1:] = share[:-1] - share[1:]
        segment[0] = -share[0]
        objective = scores * (1.0 + boundary[None, :]) + SEGMENT_WEIGHT * segment - prior

        # DP: best[i, j] = best total with chapter i at unit j; chapters min_gap apart, strictly increasing.
        negative = -1e18
        best = np.full((count, n), negative)
        back = np.full((count, n), -1, dtype=np.int64)
        best[0] = objective[0]
        limit = np.searchsorted(times, times - min_gap, side="right") - 1  # last unit at least min_gap earlier
        for i in range(1, count):
            top = np.maximum.accumulate(best[i - 1])
            argtop = np.maximum.accumulate(np.where(best[i - 1] >= top, index, 0))
            ok = (limit >= 0) & (top[np.maximum(limit, 0)] > negative / 2)
            best[i] = np.where(ok, top[np.maximum(limit, 0)] + objective[i], negative)
            back[i] = np.where(ok, argtop[np.maximum(limit, 0)], -1)
        last = int(np.argmax(best[count - 1]))
        if best[count - 1, last] <= negative / 2:
            return scores, None  # too many chapters for the time available
        chosen = [0] * count
        chosen[-1] = last
        for i in range(count - 1, 0, -1):
            chosen[i - 1] = int(back[i, chosen[i]])
        return scores, chosen

    scores, chosen = one_pass(chapter_weights)
    if chosen is None:
        return [Aligned(None, 0.0) for _ in chapters]
    if EXPAND:
        rarity: dict[str, float] = {}
        for surface, stems in zip(unit_words, unit_stems):
            for word, stem in zip(surface, stems):
                if stem not in rarity:
                    rarity[stem] = words.rarity(word)
        expanded = _expand(chapter_weights, chosen, unit_stems, rarity, np)
        scores2, chosen2 = one_pass(expanded, chapter_weights)
        if chosen2 is not None:
            chosen = chosen2

    if _DEBUG is not None:
        _DEBUG.append((times, scores, None, chosen, chapter_weights, sorted(title_stems), None))
    result = []
    for i, j in enumerate(chosen):
        confidence = float(max(0.0, min(1.0, scores[i, j])))
        matched: list[str] = []
        k = j
        while k < n and times[k] < times[j] + NEAR and len(matched) < 8:
            matched += [w for w, s in zip(unit_words[k], unit_stems[k])
                        if any(chapter_weights[i].get(t, 0) > 0 for t, _ in mapping.get(s, ()))]
            k += 1
        start = int(times[j])
        trusted = confidence >= (MIN_CONFIDENCE if min_confidence is None else min_confidence) and start < duration
        result.append(Aligned(start if trusted else None, round(confidence, 3), tuple(dict.fromkeys(matched))[:8]))
    return result
