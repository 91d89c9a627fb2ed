"""Which chapter of the audio-language record each heading of a translation translates.

Translations share one audio, so a matched heading must get the reference's time. Their heading counts differ
now and then (a translator merged two sections, or split one), so matching is a sequence alignment, not a zip:
a monotone dynamic programme over (reference chapter, translated heading) pairs, scored by how close their
relative positions are and by what survives translation unchanged: names, numbers, acronyms and cognates
(rapidfuzz on accent-folded titles). A heading that pairs with nothing is left unmatched, and the caller places
it between its matched neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from edtfeed.episodes.align_language import fold

POSITION_WEIGHT = 1.0  # a pair at the same relative position scores this much more than one at opposite ends
SHARED_WEIGHT = 1.0  # titles sharing all their names and numbers score this much more
SPELLING_WEIGHT = 0.5  # titles spelt alike (cognates) score this much more
MIN_PAIR = 0.9  # a pair scoring less is not a translation of one another: each stays unmatched
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _words(folded: str) -> set[str]:
    """The words of a folded title that count as shared: 2+ letters, or any number."""
    return {t for t in _TOKEN_RE.findall(folded) if len(t) > 1 or t.isdigit()}


def _shared(left: set[str], right: set[str]) -> float:
    """Share of the words written the same way in both titles."""
    return len(left & right) / max(min(len(left), len(right)), 1)


def match_headings(reference: Sequence[str], titles: Sequence[str]) -> list[int | None]:
    """For each of `titles` (a translation's chapter titles, in order), the index of the `reference` chapter it
    translates, or None; matched indices strictly increase. Same counts pair in order, as headings are kept."""
    if len(reference) == len(titles):
        return list(range(len(titles)))
    from rapidfuzz import fuzz

    n, m = len(reference), len(titles)
    # Each title folded and split once, not once per pair: folding was most of a cold build's episode time.
    left, right = [fold(title) for title in reference], [fold(title) for title in titles]
    left_words, right_words = [_words(title) for title in left], [_words(title) for title in right]

    def pair_score(i: int, j: int) -> float:
        where_i = i / max(n - 1, 1)
        where_j = j / max(m - 1, 1)
        return (POSITION_WEIGHT * (1.0 - abs(where_i - where_j))
                + SHARED_WEIGHT * _shared(left_words[i], right_words[j])
                + SPELLING_WEIGHT * fuzz.token_set_ratio(left[i], right[j]) / 100)

    score = [[pair_score(i, j) for j in range(m)] for i in range(n)]
    # best[i][j]: the best total pairing reference[:i] with titles[:j]; skipping either side scores nothing.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = best[i - 1][j - 1] + score[i - 1][j - 1] if score[i - 1][j - 1] >= MIN_PAIR else -1.0
            best[i][j] = max(pair, best[i - 1][j], best[i][j - 1])
    matched: list[int | None] = [None] * m
    i, j = n, m
    while i and j:
        if score[i - 1][j - 1] >= MIN_PAIR and best[i][j] == best[i - 1][j - 1] + score[i - 1][j - 1]:
            matched[j - 1] = i - 1
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return matched
