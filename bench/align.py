"""Benchmark of the chapter aligner (edtfeed.episodes.align) on synthetic episodes; see bench/README.md.

Synthetic, not real: each seed builds an episode of 4-9 topics with a spoken intro and an ad read before the first
topic (and sometimes an ad mid-episode), turns of conversational filler mixed with each topic's own words and words
shared between topics, speech-recognition noise (letters changed, words dropped), and show notes written after the
fact: a 2-5 word title (often only partly said aloud) and a paraphrased section (other word forms, words the
speakers never said). True starts are known, so errors are exact. Tuning used seeds 0-99; the report uses 100-199.

    python -m bench.align            # the report table (seeds 100-199)
    python -m bench.align --tune     # the same table on the tuning seeds
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import align_real
from edtfeed.episodes.align import Cue, align

_FILLER = ("so yeah I think that is really the thing you know and we were talking about it with the team last "
           "week and it is kind of interesting because a lot of people do not see it that way right so what "
           "do you think about where this is going well I mean it depends on who you ask").split()
_SUFFIXES = ("", "", "s", "ing", "ed", "ation", "er")


def _word(rng: random.Random) -> str:
    syllables = rng.randint(2, 4)
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") + rng.choice(["", "n", "r", "l", "st"])
                   for _ in range(syllables))


def _noisy(word: str, rng: random.Random, rate: float) -> str:
    if rng.random() < rate and len(word) > 3:
        i = rng.randrange(len(word))
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1:]
    return word


@dataclass
class Episode:
    chapters: list[tuple[str, str]]  # (title, section text)
    cues: list[Cue]
    duration: int
    truth: list[int]  # true start of each chapter
    estimates: list[float]  # the position estimate of each chapter (heading offset in the notes, scaled)


def episode(seed: int) -> Episode:
    """One synthetic episode; the same seed gives the same episode."""
    rng = random.Random(seed)
    shared = [_word(rng) for _ in range(30)]  # the show's recurring vocabulary, said in every topic
    ad_words = [_word(rng) for _ in range(12)]
    topics = rng.randint(4, 9)
    vocab = [[_word(rng) for _ in range(rng.randint(8, 20))] for _ in range(topics)]
    cues: list[Cue] = []
    t = 0.0

    def speak(words: list[str], seconds: float) -> None:
        nonlocal t
        end = t + seconds
        while t < end:
            length = rng.uniform(3, 7)
            text = [_noisy(w, rng, 0.12) for w in words[: rng.randint(6, 16)] if rng.random() > 0.05]
            cues.append((round(t, 3), round(t + length, 3), " ".join(text)))
            rng.shuffle(words)
            t += length

    def talk(topic: list[str], seconds: float, density: float) -> None:
        pool = _FILLER * 2 + shared * 1 + topic * max(1, int(density * 10))
        speak(list(pool), seconds)

    speak(_FILLER + shared[:5], rng.uniform(30, 150))  # intro
    speak(_FILLER[:10] + ad_words, rng.uniform(20, 60))  # ad read
    chapters, truth, lengths = [], [], []
    ad_at = rng.randrange(1, topics) if rng.random() < 0.5 else -1
    for index, words in enumerate(vocab):
        if index == ad_at:
            speak(_FILLER[:10] + ad_words, rng.uniform(20, 60))
        truth.append(int(t))
        title_words = rng.sample(words, rng.randint(2, 4))
        said = [w for w in title_words if rng.random() < 0.6]
        if said:  # the host announces the topic, in words close to the title
            speak(said + _FILLER[:8], rng.uniform(5, 12))
        length = rng.uniform(120, 720)
        talk(words, length, rng.uniform(0.2, 0.9))
        lengths.append(length)
        notes = [w + rng.choice(_SUFFIXES) for w in rng.sample(words, min(len(words), rng.randint(3, 10)))]
        notes += [_word(rng) for _ in range(rng.randint(2, 8))]  # words nobody said
        title = " ".join(w.capitalize() for w in title_words)
        chapters.append((title, " ".join(notes) + " " + " ".join(rng.sample(_FILLER, 10))))
    duration = int(t) + 30
    # Position estimate as build_chapters makes it: the heading's offset in notes of uneven length, scaled.
    notes_lengths = [len(text) * rng.uniform(0.4, 2.0) for _, text in chapters]
    total = sum(notes_lengths)
    estimates = [duration * sum(notes_lengths[:i]) / total for i in range(topics)]
    return Episode(chapters, cues, duration, truth, estimates)


def _errors(eps: Sequence[Episode], titles_only: bool, baseline: bool, **params: float) -> list[float]:
    errors: list[float] = []
    for ep in eps:
        chapters = [(title, "" if titles_only else text) for title, text in ep.chapters]
        if baseline:
            starts = list(ep.estimates)
        else:
            aligned = align(chapters, ep.cues, ep.duration, estimates=ep.estimates, **params)
            starts = [a.start if a.start is not None else e for a, e in zip(aligned, ep.estimates)]
        errors += [abs(s - t) for s, t in zip(starts, ep.truth)]
    return errors


def _row(name: str, errors: list[float]) -> str:
    errors = sorted(errors)
    p90 = errors[int(0.9 * (len(errors) - 1))]
    within = [sum(e <= limit for e in errors) / len(errors) for limit in (15, 30, 60)]
    return (f"| {name} | {len(errors)} | {statistics.median(errors):.0f} s | {p90:.0f} s | "
            + " | ".join(f"{w:.0%}" for w in within) + " |")


def report(seeds: range) -> str:
    """The benchmark table (markdown) over `seeds`."""
    eps = [episode(seed) for seed in seeds]
    lines = ["| chapters | n | median error | p90 | within 15 s | within 30 s | within 60 s |",
             "|---|---|---|---|---|---|---|",
             _row("aligned, title + section text", _errors(eps, False, False)),
             _row("aligned, titles only", _errors(eps, True, False)),
             _row("position estimate (baseline)", _errors(eps, False, True))]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="report on the tuning seeds (0-99) instead")
    parser.add_argument("--real", type=Path, metavar="PATH",
                        help="score real episodes under PATH instead (see bench/align_real.py)")
    parser.add_argument("--workers", type=int, default=2, help="processes for --real (default 2)")
    parser.add_argument("--skip-first", action="store_true",
                        help="--real: leave each episode's first chapter (nearly always 0:00) out of the scores")
    parser.add_argument("--oracle", type=float, default=0.0, metavar="SECONDS",
                        help="--real, a diagnostic: align each chapter only within SECONDS of its true mark")
    args = parser.parse_args()
    if args.real:
        print(align_real.report(args.real, args.workers, args.skip_first, args.oracle))
    else:
        print(report(range(100) if args.tune else range(100, 200)))


if __name__ == "__main__":
    main()
