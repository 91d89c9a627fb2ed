"""A Jekyll podcast site shaped like the real one edtfeed was first run on, generated here (never copied).

Two series in docs/ (`episodes/edt-N/<lang>/episode.md`, `briefs/edw-N/<lang>/episode.md`), six languages, older
episodes with a base `edt-N/episode.md` beside their language folders (the same episode as `en/`), text-only
translations (a language folder whose page has no player), a weekly brief of about 3 MB whose notes paste two
pictures as base64 `data:` URIs (a JPEG and a WebP), relative episode art (`image: thumbnail.png`), and a
`_config.yml` with no `url`.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "de", "es", "fr", "it", "pt")
HOME = "https://podcast.example.org"

CONFIG_YML = """\
title: Embracing Digital Tests
description: Conversations about data, security and software, in six languages.
author:
  name: Dana Example
  email: dana@example.org
logo: ./full-logo.png
lang: en
"""


def picture(magic: bytes, size: int, seed: str) -> bytes:
    """`size` bytes that start like a real picture of that kind and do not compress (like a real one)."""
    body = bytearray(magic)
    counter = 0
    while len(body) < size:
        body += hashlib.sha256(f"{seed}{counter}".encode()).digest()
        counter += 1
    return bytes(body[:size])


JPEG = picture(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", 1_300_000, "jpeg")
WEBP = picture(b"RIFF\x00\x00\x00\x00WEBPVP8 ", 950_000, "webp")


@dataclass
class Site:
    """The generated site and what a correct publish must put in each feed."""

    root: Path
    ids: dict[str, list[str]] = field(default_factory=dict)  # series -> embed ids, in episode order
    # (series, lang) -> the titles its feed must carry, one per episode that has audio in that language
    intended: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    pictures: tuple[bytes, ...] = (JPEG, WEBP)
    big_record: str = ""  # the ~3 MB brief, relative to root


def _embed_id(series: str, number: int) -> str:
    return hashlib.sha256(f"{series}{number}".encode()).hexdigest()[:8]


def _record(path: Path, *, title: str, number: int, lang: str | None, embed_id: str | None, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lang_line = f"lang: {lang}\n" if lang else ""
    player = f'{{% include transistor.html id="{embed_id}" title="{title}" %}}\n\n' if embed_id else ""
    path.write_text(
        f'---\nlayout: posts\ntitle: "{title}"\nnumber: {number}\npermalink: {path.parent.name}-{number}\n'
        f"{lang_line}date: 2024-0{1 + number % 9}-1{number % 10}\nimage: thumbnail.png\n"
        f'description: "{title}: what we learned, in a few lines."\n---\n\n'
        f"{player}## What we talked about\n\n{body}\n",
        encoding="utf-8",
    )


def build_site(root: Path) -> Site:
    """Write the site under `root` (the repository: the Jekyll source is `docs/`)."""
    site = Site(root=root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "_config.yml").write_text(CONFIG_YML, encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: Home\n---\n\nWelcome.\n", encoding="utf-8")
    (docs / "full-logo.png").write_bytes(picture(b"\x89PNG\r\n\x1a\n", 2048, "logo"))

    def episode(series: str, folder: str, number: int, audio: tuple[str, ...], text_only: tuple[str, ...],
                base_file: bool = False) -> None:
        embed_id = _embed_id(series, number)
        site.ids.setdefault(series, []).append(embed_id)
        for lang in audio:
            title = f"{series.capitalize()} {number} ({lang})"
            _record(docs / series / f"{folder}-{number}" / lang / "episode.md", title=title, number=number,
                    lang=lang, embed_id=embed_id, body=f"Notes in {lang}.")
            site.intended.setdefault((series, lang), set()).add(title)
        for lang in text_only:  # a translation of the notes with no player: not an episode of that language
            _record(docs / series / f"{folder}-{number}" / lang / "episode.md", title=f"{series} {number} {lang}",
                    number=number, lang=lang, embed_id=None, body=f"Only text in {lang}.")
        if base_file:  # the older layout: the English page again, without `lang`, beside the language folders
            _record(docs / series / f"{folder}-{number}" / "episode.md", title=f"{series.capitalize()} {number}",
                    number=number, lang=None, embed_id=embed_id, body="Notes in en.")
        (docs / series / f"{folder}-{number}" / "thumbnail.png").write_bytes(
            picture(b"\x89PNG\r\n\x1a\n", 512, f"{series}{number}"))

    for number in (1, 2):
        episode("episodes", "edt", number, ("en", "de", "es"), ("fr", "it", "pt"), base_file=True)
    for number in (3, 4):
        episode("episodes", "edt", number, LANGUAGES, ())
    for number in (1, 2, 3):
        episode("briefs", "edw", number, ("en", "it"), ("de",))

    big = docs / "briefs/edw-3/en/episode.md"
    images = (f'<p><img src="data:image/jpeg;base64,{base64.b64encode(JPEG).decode()}" alt="Chart"></p>\n\n'
              f'<img src="data:image/webp;base64,{base64.b64encode(WEBP).decode()}" alt="Map">\n')
    big.write_text(big.read_text(encoding="utf-8") + "\n" + images, encoding="utf-8")
    site.big_record = big.relative_to(root).as_posix()
    return site
