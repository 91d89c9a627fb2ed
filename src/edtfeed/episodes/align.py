"""Align chapters to a timed transcript: where each heading's topic starts in the audio, without the audio.

A pure function of (chapter texts, cues, duration), so it is cheap to test and to benchmark (bench/align.py).

How: every cue start is a candidate start. A chapter's score at a candidate is the IDF-weighted share of its
words (title words count double) heard in the window after the candidate (more when heard within its first
seconds), minus those already heard in the window before it: a topic *starts* where its words begin to be said, not where they are said most. A dynamic programme
picks increasing candidates, at least `min_gap` seconds apart, maximising the total score, with a mild pull
towards each chapter's position estimate so that titles with no distinctive word still land in order.

Robust to:
- paraphrase: words are compared by a light stem (case, accents, common suffixes dropped, first letters kept);
- speech-recognition errors: a stem also matches stems one deletion away (`colaboration` ~ `collaboration`);
- intros and ads: nothing ties the first topic to 0:00; the text before it is just low-scoring candidates.

A chapter whose best score is weak gets `start=None`, and the caller falls back to its next timing source.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

Cue = tuple[float, float, str]  # (start seconds, end seconds, text)

WINDOW = 90.0  # seconds of speech after a candidate start that its chapter's words are looked for in
NEAR = 15.0  # seconds right after a candidate start: words said there count double
MIN_CONFIDENCE = 0.18  # below this a chapter's time is not trusted (tuned on bench/align.py's tuning seeds)
PRIOR_WEIGHT = 0.15  # pull towards the position estimate, in score units at a whole duration's distance
TITLE_WEIGHT = 2.0

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ated", "ates", "ate", "ments", "ment", "ings", "ing", "ities", "ity", "ness", "ies", "ied", "ers", "er",
             "ed", "es", "ly", "s")
_STEM_LENGTH = 7
# Function words of the languages the show is recorded in; they say nothing about where a topic starts.
_STOPWORDS = frozenset("""
a an and are as at be been but by can could did do does for from had has have he her here him his how i if in into
is it its just like me more my no not now of on one or our out really say said so some that the their them then
there these they thing things think this those to um uh up us very was we were what when where which who why will
with would yeah you your yes okay oh well kind sort lot know going get got go about all also because right mean
actually gonna want see talk talking let lets way much many other people time over back make made
""".split())


@dataclass(frozen=True, slots=True)
class Aligned:
    """Where one chapter was found: `start` in whole seconds (None: not trusted), how sure, and the words heard."""

    start: int | None
    confidence: float  # 0..1: the share of the chapter's weighted words heard where it starts, net of those before
    matched: tuple[str, ...] = ()  # transcript words near the start that matched the chapter's words


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in word if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A light, language-blind stem: folded, one common suffix off, cut to its first letters."""
    word = _fold(word)
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:_STEM_LENGTH]


def tokens(text: str) -> list[str]:
    """The stems of the content words of `text` (stop words, numbers and one-letter words dropped)."""
    out = []
    for word in _WORD_RE.findall(text):
        folded = _fold(word)
        if len(folded) > 1 and folded not in _STOPWORDS and not folded.isdigit():
            out.append(stem(folded))
    return out


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1:] for i in range(len(token))} if len(token) >= 5 else set()


def _fuzzy_map(chapter_tokens: set[str], transcript_tokens: set[str]) -> dict[str, str]:
    """transcript stem -> chapter stem it stands for: equal, or one edit apart (long stems only, to stay specific)."""
    mapping = {token: token for token in transcript_tokens & chapter_tokens}
    variants: dict[str, str] = {}
    for token in chapter_tokens:
        for variant in _deletions(token) | ({token} if len(token) >= 5 else set()):
            variants.setdefault(variant, token)
    for token in transcript_tokens - chapter_tokens:
        if len(token) < 5:
            continue
        for variant in _deletions(token) | {token}:
            if variant in variants:
                mapping[token] = variants[variant]
                break
    return mapping


def align(chapters: Sequence[tuple[str, str]], cues: Sequence[Cue], duration: float, *,
          min_gap: int = 30, window: float = WINDOW, min_confidence: float = MIN_CONFIDENCE,
          prior_weight: float = PRIOR_WEIGHT, estimates: Sequence[float] | None = None) -> list[Aligned]:
    """Each chapter's start in the transcript `cues`, in order, whole seconds, `min_gap` apart, inside `duration`.

    `chapters` are (title, section text) pairs, the text may be empty. `estimates` (seconds, one per chapter) are
    the position estimates the prior pulls towards; by default chapters are spread evenly. Chapters whose
    confidence is under `min_confidence` come back with `start=None`.
    """
    count = len(chapters)
    cues = sorted((c for c in cues if 0 <= c[0] < duration), key=lambda c: c[0])
    if not count or not cues:
        return [Aligned(None, 0.0) for _ in chapters]
    starts = [int(c[0]) for c in cues]
    cue_tokens = [tokens(c[2]) for c in cues]
    cue_words = [_WORD_RE.findall(c[2]) for c in cues]

    # Chapter words, weighted: title words double, each word once per chapter, weighted by its rarity.
    weights: list[dict[str, float]] = []
    for title, text in chapters:
        weight: dict[str, float] = {}
        for token in tokens(text):
            weight[token] = 1.0
        for token in tokens(title):
            weight[token] = TITLE_WEIGHT
        weights.append(weight)
    all_chapter_tokens = set().union(*weights)
    mapping = _fuzzy_map(all_chapter_tokens, {t for ts in cue_tokens for t in ts})
    mapped = [[mapping[t] for t in ts if t in mapping] for ts in cue_tokens]

    # Rarity over transcript windows of one minute: a word said all episode long marks no start.
    buckets = max(1, math.ceil(duration / 60))
    document_frequency: Counter[str] = Counter()
    seen: list[set[str]] = [set() for _ in range(buckets)]
    for start, ts in zip(starts, mapped):
        seen[min(buckets - 1, start // 60)].update(ts)
    for bucket in seen:
        document_frequency.update(bucket)
    idf = {t: math.log((buckets + 1) / (document_frequency[t] + 0.5)) for t in all_chapter_tokens}
    for weight in weights:
        for token in weight:
            weight[token] *= max(idf[token], 0.0)

    # Word counts in [start, start + window) and [start - window, start), for every candidate, by two pointers.
    times = starts
    n = len(cues)

    def window_sets(lo_of: list[int], hi_of: list[int]) -> list[Counter[str]]:
        result = []
        counter: Counter[str] = Counter()
        lo = hi = 0
        for j in range(n):
            while hi < hi_of[j]:
                counter.update(mapped[hi])
                hi += 1
            while lo < lo_of[j]:
                counter.subtract(mapped[lo])
                lo += 1
            result.append(+counter)
        return result

    after = window_sets(list(range(n)), [bisect_left(times, t + window) for t in times])
    near = window_sets(list(range(n)), [bisect_left(times, t + NEAR) for t in times])
    before_lo = [bisect_left(times, t - window) for t in times]
    before = window_sets(before_lo, list(range(n)))

    totals = [sum(w.values()) or 1.0 for w in weights]
    scores = [[0.0] * n for _ in range(count)]
    for i, weight in enumerate(weights):
        if not weight:
            continue
        for j in range(n):
            a, b, c = after[j], before[j], near[j]
            score = 0.0
            for token, w in weight.items():
                if a.get(token):
                    score += w * (0.5 + 0.5 * bool(c.get(token)))  # said soon after the start: likelier the start
                    if b.get(token):
                        score -= 0.7 * w
            scores[i][j] = score / totals[i]

    if estimates is None:
        estimates = [duration * i / count for i in range(count)]
    prior = [[prior_weight * abs(times[j] - estimates[i]) / duration for j in range(n)] for i in range(count)]

    # DP: best[i][j] = best total with chapter i at candidate j; chapters min_gap apart, strictly increasing.
    negative = -1e18
    best = [[negative] * n for _ in range(count)]
    back = [[-1] * n for _ in range(count)]
    for j in range(n):
        best[0][j] = scores[0][j] - prior[0][j]
    for i in range(1, count):
        running, running_at, k = negative, -1, 0
        for j in range(n):
            while k < n and times[k] <= times[j] - min_gap:
                if best[i - 1][k] > running:
                    running, running_at = best[i - 1][k], k
                k += 1
            if running_at >= 0:
                best[i][j] = running + scores[i][j] - prior[i][j]
                back[i][j] = running_at
    last = max(range(n), key=lambda j: best[count - 1][j])
    if best[count - 1][last] <= negative / 2:
        return [Aligned(None, 0.0) for _ in chapters]  # too many chapters for the time available
    chosen = [0] * count
    chosen[-1] = last
    for i in range(count - 1, 0, -1):
        chosen[i - 1] = back[i][chosen[i]]

    result = []
    for i, j in enumerate(chosen):
        confidence = max(0.0, min(1.0, scores[i][j]))
        heard = []
        k = j
        while k < n and times[k] < times[j] + window and len(heard) < 8:
            heard += [word for word in cue_words[k] if mapping.get(stem(word)) in weights[i]
                      and not (_fold(word) in _STOPWORDS or len(word) < 2)]
            k += 1
        trusted = confidence >= min_confidence and times[j] < duration
        result.append(Aligned(times[j] if trusted else None, round(confidence, 3), tuple(dict.fromkeys(heard))[:8]))
    return result
