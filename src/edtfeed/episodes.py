"""Join a record with its audio metadata into an Episode: everything one feed item needs, already decided.

Rendering (render/) only writes what is decided here, so the rules for guid, link, dates and show notes live in
one place.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache

from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict

from edtfeed.config import Config
from edtfeed.errors import Problem
from edtfeed.models import AudioMeta, Record

DESCRIPTION_MAX_BYTES = 4000  # Apple's limit for <description>, counted in UTF-8 bytes
ELLIPSIS = "…"
YOUTUBE_WATCH = "https://www.youtube.com/watch?v={id}"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


class Episode(BaseModel):
    """One item of one language's feed."""

    model_config = ConfigDict(frozen=True)

    record: Record
    audio: AudioMeta
    guid: str
    title: str
    link: str
    pub_date: datetime
    description_html: str  # at most DESCRIPTION_MAX_BYTES UTF-8 bytes
    content_html: str
    explicit: bool
    episode_type: str
    number: int | None
    season: int | None
    image: str | None
    youtube_url: str | None

    @property
    def lang(self) -> str:
        return self.record.lang


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """CommonMark with tables and raw HTML kept: records are the podcaster's own trusted show notes."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def render_markdown(text: str) -> str:
    return _markdown().render(text).strip()


def episode_guid(record: Record) -> str:
    """Front matter `guid`, else the permalink, else the record's path: never the title or the audio URL."""
    if record.guid:
        return record.guid
    if record.permalink:
        return record.permalink.strip("/")
    return record.rel.removesuffix(".md")


def episode_link(record: Record, config: Config) -> str:
    """The episode's web page: `[episodes] link` template with {permalink}, else the show site + permalink."""
    site = config.show.text_for(record.lang).link or config.show.link
    if not record.permalink:
        return site
    permalink = record.permalink.strip("/")
    if config.episodes.link:
        return config.episodes.link.format(permalink=permalink, lang=record.lang)
    return f"{config.show.link}/{permalink}"


def episode_image(record: Record, audio: AudioMeta) -> str | None:
    """The record's own artwork when it is an absolute JPEG/PNG URL, else Transistor's episode artwork."""
    image = record.image or ""
    if image.startswith(("https://", "http://")) and image.lower().split("?")[0].endswith(IMAGE_SUFFIXES):
        return image
    return audio.image


def plain_summary(record: Record) -> str:
    """The short text of the episode: front matter description, else summary, else the first body paragraph."""
    for text in (record.description, record.summary):
        if text and text.strip():
            return " ".join(text.split())
    for block in record.body.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "<", "---", "{%", "![")):
            return " ".join(block.split())
    return record.title


def youtube_link_html(url: str, label: str = "Watch on YouTube") -> str:
    return f'<p><a href="{html.escape(url)}">{html.escape(label)}</a></p>'


def fit_description(summary: str, tail_html: Iterable[str] = (), limit: int = DESCRIPTION_MAX_BYTES) -> str:
    """`<p>summary</p>` followed by `tail_html`, cutting the summary at a word boundary so the whole fits `limit`
    UTF-8 bytes. The tail (links, chapter lines) is kept whole; the HTML stays well formed."""
    tail = "".join(tail_html)

    def build(text: str) -> str:
        return f"<p>{html.escape(text, quote=False)}</p>{tail}"

    full = build(summary)
    if len(full.encode("utf-8")) <= limit:
        return full
    budget = limit - len(build(ELLIPSIS).encode("utf-8"))
    if budget <= 0:
        raise ValueError("the description's fixed parts alone exceed the byte limit")
    words = summary.split(" ")
    kept: list[str] = []
    used = 0
    for word in words:
        cost = len(html.escape(word, quote=False).encode("utf-8")) + (1 if kept else 0)
        if used + cost > budget:
            break
        kept.append(word)
        used += cost
    if not kept:  # a single enormous word: cut by characters
        cut = summary
        while len(html.escape(cut, quote=False).encode("utf-8")) > budget:
            cut = cut[: max(1, len(cut) * 9 // 10)]
        kept = [cut]
    return build(" ".join(kept).rstrip(" ,;:.-") + ELLIPSIS)


def build_episode(record: Record, audio: AudioMeta, config: Config) -> Episode:
    youtube_url = YOUTUBE_WATCH.format(id=record.youtube_id) if record.youtube_id else None
    links = [youtube_link_html(youtube_url)] if youtube_url else []
    fm = record.front_matter
    explicit = fm.get("explicit")
    return Episode(
        record=record,
        audio=audio,
        guid=episode_guid(record),
        title=record.title,
        link=episode_link(record, config),
        pub_date=record.date,
        description_html=fit_description(plain_summary(record), links),
        content_html=render_markdown(record.body) + "".join(links),
        explicit=explicit if isinstance(explicit, bool) else config.show.explicit,
        episode_type=str(fm.get("episode_type") or audio.episode_type or "full"),
        number=record.number if record.number is not None else audio.episode,
        season=fm.get("season") if isinstance(fm.get("season"), int) else audio.season,
        image=episode_image(record, audio),
        youtube_url=youtube_url,
    )


def build_episodes(
    records: Iterable[Record], audio: Mapping[str, AudioMeta], config: Config
) -> tuple[dict[str, list[Episode]], list[Problem]]:
    """Episodes per language, newest first (ties by guid, so the order is stable), plus what went wrong.

    A record whose audio did not resolve is skipped here; the resolver already reported why.
    """
    by_lang: dict[str, list[Episode]] = {}
    problems: list[Problem] = []
    for record in records:
        meta = audio.get(record.embed_id)
        if meta is None:
            continue
        episode = build_episode(record, meta, config)
        if not record.guid and not record.permalink:
            problems.append(
                Problem(record.rel, None, "no `permalink` or `guid` in front matter: the item's guid comes from the "
                        "file path and changes if the file moves; add `permalink:` to keep it stable", "warning")
            )
        by_lang.setdefault(record.lang, []).append(episode)
    for episodes in by_lang.values():
        episodes.sort(key=lambda ep: ep.guid)
        episodes.sort(key=lambda ep: ep.pub_date, reverse=True)
    return by_lang, problems
