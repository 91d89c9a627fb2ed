"""The chapter aligner: a pure function of (chapter texts, cues, duration) -> starts + confidences."""

from __future__ import annotations

import itertools
import random

from edtfeed.episodes.align import align, stem, tokens

FILLER = "so yeah I think that is really the thing you know and we were talking about it last week".split()


def _speech(rng: random.Random, words: list[str], start: float, seconds: float) -> list[tuple[float, float, str]]:
    cues, t = [], start
    while t < start + seconds:
        cues.append((t, t + 5, " ".join(rng.sample(words, min(len(words), 10)))))
        t += 5
    return cues


def _episode(intro: float = 120.0, typo: bool = False):
    """An intro, an ad, then three topics; the second one's words mis-transcribed when `typo`."""
    rng = random.Random(7)
    cues = _speech(rng, FILLER + ["welcome", "podcast", "host"], 0, intro)
    cues += _speech(rng, FILLER + ["sponsor", "mattress", "discount", "code"], intro, 60)
    topics = [(intro + 60, "cloud migration strategy", ["cloud", "migration", "workloads", "lift", "shift"]),
              (intro + 420, "collaboration between teams", ["collaboration", "teams", "interdisciplinary",
                                                            "silos", "culture"]),
              (intro + 900, "security at the edge", ["security", "edge", "devices", "firmware", "attack"])]
    for start, _, words in topics:
        spoken = [("colaboraton" if typo and w == "collaboration" else w) for w in words]
        cues += _speech(rng, FILLER + spoken * 2, start, 420 if start < intro + 900 else 300)
    duration = int(cues[-1][1]) + 10
    return topics, cues, duration


def test_stem_joins_word_forms():
    assert stem("Migrations") == stem("migration") == stem("migrated")
    assert stem("Sécurité") == stem("securite")
    assert tokens("The Cloud and the 2024 edge") == ["cloud", "edge"]


def test_vtt_with_two_minute_intro_ads_and_mis_transcribed_words():
    topics, cues, duration = _episode(intro=120, typo=True)
    chapters = [(title, " ".join(words[1:4])) for _, title, words in topics]
    result = align(chapters, cues, duration)
    for (start, _, _), aligned in zip(topics, result):
        assert aligned.start is not None and abs(aligned.start - start) <= 15, (aligned, start)
        assert aligned.confidence > 0.3
    assert any("colaboraton" in word for word in result[1].matched)  # the fuzzy match shows the heard word


def test_titles_only():
    topics, cues, duration = _episode(intro=90)
    result = align([(title, "") for _, title, _ in topics], cues, duration)
    assert [abs(a.start - s) <= 30 for (s, _, _), a in zip(topics, result)] == [True] * 3


def test_starts_increase_whole_seconds_and_stay_min_gap_apart_inside_duration():
    _, cues, duration = _episode()
    # The same title twice in a row: the second cannot sit on the first.
    chapters = [("cloud migration", ""), ("cloud migration", ""), ("security edge", "")]
    result = align(chapters, cues, duration, min_confidence=0.0)
    starts = [a.start for a in result]
    assert all(isinstance(s, int) for s in starts)
    assert all(b - a >= 30 for a, b in itertools.pairwise(starts))
    assert 0 <= starts[0] and starts[-1] < duration


def test_low_confidence_gives_no_start():
    _, cues, duration = _episode()
    result = align([("cloud migration", ""), ("quantum knitting pottery", "")], cues, duration)
    assert result[0].start is not None
    assert result[1].start is None and result[1].confidence < 0.18


def test_no_cues_or_too_many_chapters():
    assert [a.start for a in align([("a b", "")], [], 100)] == [None]
    cues = [(0.0, 5.0, "cloud"), (10.0, 15.0, "edge")]
    assert [a.start for a in align([("cloud", ""), ("edge", "")], cues, 20)] == [None, None]


def test_pure_and_deterministic():
    topics, cues, duration = _episode()
    chapters = [(title, "") for _, title, _ in topics]
    assert align(chapters, cues, duration) == align(chapters, list(reversed(cues)), duration)
