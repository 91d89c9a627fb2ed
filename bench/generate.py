"""A synthetic show shaped like real episode records, so speed and memory can be measured at any size.

`python -m bench.generate --episodes N --languages L OUT` writes, deterministically (seeded random, no clock):

- `OUT/episodes/edt-<N>/<lang>/episode.md`: Jekyll records with 10-25 tags, 1-4 guests, a 4-8 KB body with 3-6
  `##` headings, the transistor and youtube includes, an empty transcript `<details>` block, dates in both the
  JavaScript `Date.toString()` form and ISO 8601, and a few placeholder videos (`id="url"`);
- `OUT/edtfeed.toml`: the show's config, whose `[transistor] feed_url` the runner points at a local fake server;
- `OUT/edtfeed.lock`: the audio metadata of every embed id, so a build needs no network; it is also what
  bench.run serves from the fake Transistor (tests/fake_transistor.py) for cold resolution with an empty lock.

The text is lorem-like pseudo-words in the script of each language (Latin with accents, Arabic, Japanese), so the
byte sizes and the UTF-8 mix resemble a real multilingual show.
"""

from __future__ import annotations

import argparse
import functools
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import bench  # noqa: F401  (puts src/ on the path when edtfeed is not installed)
from edtfeed.config import load_config
from edtfeed.lock import AudioMeta, Lock, TranscriptRef, dump_lock

ALL_LANGUAGES = ("en", "es", "de", "fr", "it", "pt", "ar", "ja")
DEFAULT_SEED = 189
START = datetime(2018, 1, 4, 8, 0, tzinfo=UTC)
EPISODE_SPACING = timedelta(hours=36)  # 1,250 episodes span ~5 years, all in the past
VOCABULARY_SIZE = 3000
PLACEHOLDER_EVERY = 40  # one episode in 40 has a placeholder video (`id="url"`), as real translations do
TRANSCRIPTS_EVERY = 4  # one episode in 4 has Transistor transcripts
PREFIXED_EVERY = 10  # one enclosure in 10 sits behind an analytics prefix
UNREACHABLE_FEED_URL = "http://127.0.0.1:9/feeds/bench"  # refused at once: a build never leaves the machine

# Syllables per script: pseudo-words look and weigh (in UTF-8 bytes) like each language's real text.
LATIN = ("la", "re", "mi", "do", "ta", "ven", "qui", "sor", "nal", "pe", "tra", "cu", "mor", "es", "in", "di",
         "gra", "bel", "on", "fu", "ser", "vi", "lo", "tem", "par", "ca", "no", "ri", "um", "sta")
ACCENTED = {
    "es": ("ción", "ñá", "ué", "ío"),
    "de": ("über", "ßen", "ä", "ö"),
    "fr": ("été", "à", "ç", "ê"),
    "it": ("già", "ò", "è", "ù"),
    "pt": ("ção", "ã", "õ", "é"),
}
ARABIC = ("سا", "لم", "كت", "بي", "ور", "قا", "نه", "تع", "مل", "دي", "حو", "رق", "ية", "ال")
JAPANESE = ("か", "き", "く", "さ", "し", "デ", "ジ", "タ", "ル", "の", "は", "ま", "技", "術", "変", "革", "化", "と")
JS_ZONES = (  # (IANA zone, standard name, daylight name) as JavaScript's Date.toString() prints them
    ("America/Los_Angeles", "Pacific Standard Time", "Pacific Daylight Time"),
    ("America/New_York", "Eastern Standard Time", "Eastern Daylight Time"),
    ("Pacific/Honolulu", "Hawaii-Aleutian Standard Time", "Hawaii-Aleutian Daylight Time"),
)
YOUTUBE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass(frozen=True)
class Episode:
    """One episode of the show: what all its language records share."""

    number: int
    embed_id: str
    youtube_id: str | None  # None: the records carry the `id="url"` placeholder
    instant: datetime
    title: str  # the original (English) title, used in the transistor include
    audio: AudioMeta


@functools.cache
def vocabulary(lang: str) -> tuple[str, ...]:
    """A fixed pseudo-vocabulary per language: text reads like a language with repeated words, and is fast to draw."""
    if lang == "ar":
        syllables: tuple[str, ...] = ARABIC
    elif lang == "ja":
        syllables = JAPANESE
    else:
        syllables = LATIN + ACCENTED.get(lang, ())
    rng = random.Random(f"vocabulary:{lang}")
    return tuple("".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(VOCABULARY_SIZE))


class Text:
    """Seeded pseudo-text in one language's script."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.vocabulary = vocabulary(lang)
        self.spaced = lang != "ja"

    def word(self) -> str:
        return self.rng.choice(self.vocabulary)

    def words(self, low: int, high: int) -> str:
        sep = " " if self.spaced else ""
        return sep.join(self.rng.choices(self.vocabulary, k=self.rng.randint(low, high)))

    def title(self, low: int = 3, high: int = 8) -> str:
        text = self.words(low, high)
        return text.title() if self.spaced else text

    def sentence(self) -> str:
        text = self.words(6, 16)
        return (text[:1].upper() + text[1:] + ".") if self.spaced else text + "。"

    def paragraph(self) -> str:
        sep = " " if self.spaced else ""
        return sep.join(self.sentence() for _ in range(self.rng.randint(3, 7)))


def plan_show(episodes: int, seed: int = DEFAULT_SEED) -> list[Episode]:
    """The episodes of the show, with unique embed ids and the audio metadata Transistor would hold."""
    rng = random.Random(f"{seed}:show")
    used: set[str] = set()
    planned = []
    for number in range(1, episodes + 1):
        embed_id = f"{rng.getrandbits(32):08x}"
        while embed_id in used:
            embed_id = f"{rng.getrandbits(32):08x}"
        used.add(embed_id)
        ep_rng = random.Random(f"{seed}:episode:{number}")
        title = Text(ep_rng, "en").title()
        instant = START + EPISODE_SPACING * number
        youtube_id = None if number % PLACEHOLDER_EVERY == 7 else "".join(
            ep_rng.choice(YOUTUBE_ALPHABET) for _ in range(11)
        )
        duration = ep_rng.randint(900, 4200)
        media = f"media.transistor.fm/{embed_id}/{ep_rng.getrandbits(32):08x}.mp3"
        share = f"https://share.transistor.fm/s/{embed_id}"
        audio = AudioMeta(
            embed_id=embed_id,
            url=f"https://op3.dev/e/{media}" if number % PREFIXED_EVERY == 3 else f"https://{media}",
            length=duration * 16000 + ep_rng.randint(1000, 90000),
            type="audio/mpeg",
            duration=duration,
            guid=str(uuid.UUID(int=ep_rng.getrandbits(128), version=4)),
            episode=number,
            episode_type="full",
            pub_date=instant,
            title=f"#{number} {title}",
            transcripts=[
                TranscriptRef(url=f"{share}/transcript.txt", type="text/plain"),
                TranscriptRef(url=f"{share}/transcript.vtt", type="text/vtt"),
            ] if number % TRANSCRIPTS_EVERY == 0 else [],
            source="rss",
        )
        planned.append(Episode(number, embed_id, youtube_id, instant, title, audio))
    return planned


def js_date(instant: datetime, zone_index: int) -> str:
    """`Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)`, as JavaScript's Date.toString() writes it."""
    zone, standard, daylight = JS_ZONES[zone_index % len(JS_ZONES)]
    local = instant.astimezone(ZoneInfo(zone))
    name = daylight if local.dst() else standard
    return local.strftime(f"%a %b %d %Y %H:%M:%S GMT%z ({name})")


def date_line(instant: datetime, style: int) -> str:
    """The `date:` value in one of the forms real records use: JS style, quoted ISO, unquoted ISO."""
    iso = instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    match style % 3:
        case 0:
            return js_date(instant, style // 3)
        case 1:
            return f'"{iso}"'
        case _:
            return iso


def render_record(episode: Episode, lang: str, lang_index: int, seed: int = DEFAULT_SEED) -> str:
    """One record (episode × language) in the seed's exact layout."""
    rng = random.Random(f"{seed}:record:{episode.number}:{lang}")
    text = Text(rng, lang)
    tag_text = Text(rng, "en")
    # Two or more words per tag: a lone "on" or "no" would be a YAML boolean, which real tags never are.
    tags = [tag_text.words(2, 3).replace(" ", "") for _ in range(rng.randint(10, 25))]
    guest_text = Text(rng, "en")
    guests = [f"{guest_text.word().title()} {guest_text.word().title()}" for _ in range(rng.randint(1, 4))]
    summary = " ".join(text.sentence() for _ in range(rng.randint(2, 4)))
    video = f"https://youtu.be/{episode.youtube_id}" if episode.youtube_id else "https://youtu.be/url"
    front = [
        "---",
        "layout: posts",
        f'title: "{text.title()}"',
        f"number: {episode.number}",
        f"permalink: episode-EDT{episode.number}-{lang}",
        f"lang: {lang}",
        "nav_exclude: true",
        f"nav_order: {episode.number}",
        "tags:",
        *(f"    - {tag}" for tag in tags),
        "",
        f"date: {date_line(episode.instant, episode.number + lang_index)}",
        "guests:",
        *(f"    - {guest}" for guest in guests),
        "",
        "img: thumbnail.png",
        "image: thumbnail.png",
        f'summary: "{summary}"',
        f'video: "{video}"',
        f'description: "{summary}"',
        "---",
        "",
        "<div>",
        f'{{% include transistor.html id="{episode.embed_id}" title="#{episode.number} {episode.title}" %}}',
        "",
        f'{{% include youtube.html id="{episode.youtube_id or "url"}" %}}',
        "</div>",
        "",
        "---",
        "",
    ]
    return "\n".join(front) + "\n" + render_body(text) + TRANSCRIPT_BLOCK


BODY_BUDGET = 7600  # bytes of prose; the includes, headings and transcript block bring a body under 8 KB
TRANSCRIPT_BLOCK = "\n\n\n<details>\n<summary> Podcast Transcript </summary>\n\n<p></p>\n\n</details>\n"


def render_body(text: Text) -> str:
    """An intro and 3-6 `##` sections: with the includes and transcript block, 4-8 KB of UTF-8."""
    rng = text.rng
    target = rng.randint(4096, BODY_BUDGET)
    sections: list[list[str]] = [[] for _ in range(rng.randint(3, 6) + 1)]
    size = 0
    index = 0
    while index < len(sections) or size < target:
        paragraph = text.paragraph()
        weight = len(paragraph.encode()) + 2
        if index >= len(sections) and size + weight > BODY_BUDGET:
            break
        sections[index % len(sections)].append(paragraph)
        size += weight
        index += 1
    parts = sections[0][:]
    for section in sections[1:]:
        parts.append(f"## {text.title(2, 6)}")
        parts.extend(section)
    return "\n\n".join(parts)


def config_text(languages: tuple[str, ...], feed_url: str) -> str:
    """edtfeed.toml for the synthetic show (per-language titles exercise the overrides)."""
    overrides = "".join(f'\n[show.languages.{lang}]\ntitle = "Bench Show ({lang})"\n' for lang in languages[1:])
    return f'''# Synthetic show written by `python -m bench.generate`; bench.run points feed_url at a local fake server.
[show]
title = "Bench Show"
description = "A synthetic show for edtfeed's benchmarks."
author = "Bench Author"
email = "bench@example.com"
image = "https://bench.example.com/cover.jpg"
link = "https://bench.example.com"
categories = ["Technology", "Business/Management"]
explicit = false
base_url = "https://bench.example.com/feeds"
timezone = "America/Los_Angeles"
default_language = "{languages[0]}"
{overrides}
[episodes]
dir = "episodes"
# Records name a relative thumbnail (as real ones do); a configured show publishes it. Without this line every
# record gets a warning, which no real show would live with (and 10,000 of them skewed every benchmark run).
image_url = "https://bench.example.com/episodes/{{dir}}/{{file}}"

[transistor]
feed_url = "{feed_url}"
lock = "edtfeed.lock"

[output]
dir = "feeds"
'''


def write_config(out: Path, languages: tuple[str, ...], feed_url: str = UNREACHABLE_FEED_URL) -> Path:
    """Write (or rewrite, with another feed URL) the show's edtfeed.toml and check it loads."""
    path = out / "edtfeed.toml"
    path.write_text(config_text(languages, feed_url), encoding="utf-8")
    load_config(path)
    return path


def record_path(out: Path, number: int, lang: str) -> Path:
    return out / "episodes" / f"edt-{number}" / lang / "episode.md"


def generate(out: Path, episodes: int, languages: tuple[str, ...], seed: int = DEFAULT_SEED) -> list[Episode]:
    """Write the whole synthetic show under `out` (records, config, lock)."""
    planned = plan_show(episodes, seed)
    for episode in planned:
        for index, lang in enumerate(languages):
            path = record_path(out, episode.number, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_record(episode, lang, index, seed), encoding="utf-8")
    write_config(out, languages)
    lock = Lock(note="synthetic benchmark data", audio={ep.embed_id: ep.audio for ep in planned})
    (out / "edtfeed.lock").write_bytes(dump_lock(lock))
    return planned


def parse_languages(value: str) -> tuple[str, ...]:
    """`8` -> the first 8 of en, es, de, fr, it, pt, ar, ja; `en,ja` -> those codes."""
    if value.isdigit():
        count = int(value)
        if not 1 <= count <= len(ALL_LANGUAGES):
            raise argparse.ArgumentTypeError(f"between 1 and {len(ALL_LANGUAGES)} languages")
        return ALL_LANGUAGES[:count]
    codes = tuple(code.strip() for code in value.split(",") if code.strip())
    if not codes:
        raise argparse.ArgumentTypeError("give a count or comma-separated language codes")
    return codes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, required=True, help="number of episodes")
    parser.add_argument("--languages", type=parse_languages, default=ALL_LANGUAGES,
                        help="a count (first N of en,es,de,fr,it,pt,ar,ja) or comma-separated codes")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("out", type=Path, help="output folder (created)")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; choose a new folder")
    args.out.mkdir(parents=True, exist_ok=True)
    generate(args.out, args.episodes, args.languages, args.seed)
    print(f"{args.out}: {args.episodes * len(args.languages)} records "
          f"({args.episodes} episodes x {len(args.languages)} languages)")


if __name__ == "__main__":
    main()
