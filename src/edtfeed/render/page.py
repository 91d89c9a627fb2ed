"""The HTML pages people read: `<out>/<lang>/index.html` per feed, `<out>/<lang>/episodes/<slug>.html` per episode
and `<out>/index.html` listing the feeds.

Built from the same Episode objects and config as the feeds (never by reading a feed back), so a page always shows
what its feed says. Browsers are dropping XSLT, so these, not feed.xsl, are what a person clicking the show's link
reads. This module decides what a page says (plain frozen views); the Jinja2 templates (render/templates.py, which a
podcaster may override) decide how it looks. Every byte is decided here and there: no clock, no process locale
(Babel is always given the page's language), no external assets.

Record text is untrusted: titles and plain text reach the templates as text, which Jinja escapes; show notes
(markdown rendered with raw HTML kept, for the feeds) reach them as `Markup` cleaned by nh3 (the ammonia sanitizer)
with a tag and URL-scheme allowlist, after any tag outside that allowlist (`<script>`, `<style>`, `<iframe>` …) is
escaped so that it shows as text. The raw notes are never given to a template.

The show page stays small whatever the notes: each episode shows its notes' first paragraph, folds what follows up to
NOTES_INLINE_BYTES in `<details>`, and links to its own page for the rest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

import lxml.html
import nh3
from babel.dates import format_date
from lxml.etree import ParserError
from markupsafe import Markup

from edtfeed.config import Config
from edtfeed.constants import EPISODES_DIR, FEED_FILE, SRT_TYPE
from edtfeed.episodes.episode import Episode
from edtfeed.episodes.extras import language_prefixes, media_url
from edtfeed.episodes.labels import PAGE_LABELS, label, page_label
from edtfeed.lock import TranscriptRef
from edtfeed.languages import cldr_locale, direction
from edtfeed.render.templates import render
from edtfeed.timecode import format_clock

PAGE_FILE = "index.html"  # <out>/<lang>/index.html and <out>/index.html
# The bytes of notes (first paragraph included) an episode shows on the show page; the rest is on its own page.
# 20 episodes with long notes and chapters stay a page of about 50 KB (tests/test_page.py holds it under 60 KB).
NOTES_INLINE_BYTES = 800

# Colours of the page, light and dark: tests/test_browser.py computes their WCAG contrast from this table.
COLOURS = {
    "light": {"bg": "#ffffff", "fg": "#1b1b1f", "muted": "#55565c", "link": "#0a58ca", "card": "#f4f5f7",
              "line": "#d0d3d9"},
    "dark": {"bg": "#121316", "fg": "#e9e9ec", "muted": "#b4b6bd", "link": "#8ab4f8", "card": "#1d1f24",
             "line": "#3a3d45"},
}

_ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS)
_CLEANER = nh3.Cleaner(tags=set(_ALLOWED_TAGS), url_schemes={"http", "https", "mailto"}, strip_comments=True)
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_HEADING_RE = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def _shown_as_text(notes_html: str) -> str:
    """Tags outside the allowlist escaped, so that they show as text rather than vanish."""
    unknown = {name for name in set(_TAG_NAME_RE.findall(notes_html)) if name.lower() not in _ALLOWED_TAGS}
    if not unknown:  # the usual case
        return notes_html
    names = "|".join(map(re.escape, sorted(unknown)))
    return re.sub(rf"<(?=/?(?:{names})(?![A-Za-z0-9-]))", "&lt;", notes_html, flags=re.IGNORECASE)


@dataclass(frozen=True)
class _Block:
    """One top-level block of an episode's notes, sanitised."""

    html: str
    paragraph: bool


def _blocks(notes_html: str) -> list[_Block]:
    """The notes' top-level blocks (headings, paragraphs, lists …), each cleaned by nh3 on its own: the split comes
    first, the sanitizer last, so every byte a page shows of the notes is nh3's output."""
    if not notes_html.strip():
        return []
    try:
        nodes = lxml.html.fragments_fromstring(_shown_as_text(notes_html))
    except (ParserError, ValueError):  # nothing but comments or blanks
        return []
    blocks = []
    for node in nodes:
        if isinstance(node, str):
            raw, paragraph = escape(node), False
        else:
            raw, paragraph = lxml.html.tostring(node, encoding="unicode"), node.tag == "p"
        cleaned = _CLEANER.clean(raw).strip()
        if cleaned:
            blocks.append(_Block(cleaned, paragraph))
    return blocks


def _headings_from(blocks: Sequence[_Block], top: int) -> list[str]:
    """The blocks' HTML with their headings moved so the highest is `<h{top}>`: notes sit under the page's own
    headings, and no level is skipped going down (levels below h6 stay h6)."""
    levels = [int(level) for block in blocks for _, level in _HEADING_RE.findall(block.html)]
    shift = top - min(levels) if levels else 0

    def moved(match: re.Match[str]) -> str:
        return f"<{match.group(1)}h{min(6, int(match.group(2)) + shift)}"

    return [_HEADING_RE.sub(moved, block.html) for block in blocks]


@dataclass(frozen=True)
class _Folded:
    lead: str  # the first paragraph
    more: str  # what follows it on the show page, folded
    cut: bool  # more notes than the show page holds: the episode's page has them


def _fold(blocks: Sequence[_Block], budget: int) -> _Folded:
    """The first paragraph, then the other blocks in order while they fit in `budget` bytes (the lead counted)."""
    html_blocks = _headings_from(blocks, 4)  # under the episode's <h3>
    lead_at = next((i for i, block in enumerate(blocks) if block.paragraph), None)
    lead = html_blocks[lead_at] if lead_at is not None else ""
    used, more = len(lead.encode()), []
    for i, block in enumerate(html_blocks):
        if i == lead_at:
            continue
        used += len(block.encode())
        if used > budget:
            while more and _HEADING_RE.match(more[-1]):  # a heading whose text is not shown waits for it
                more.pop()
            return _Folded(lead, "\n".join(more), True)
        more.append(block)
    return _Folded(lead, "\n".join(more), False)


def language_name(lang: str) -> str:
    """The language's own name for itself (CLDR), e.g. `español`; the code when CLDR does not know it."""
    locale = cldr_locale(lang)
    name = locale.get_display_name(locale) if locale is not None else None
    return name or lang


@lru_cache(maxsize=4096)
def _date(day: date, lang: str) -> str:
    """CLDR's long form of `day` for `lang`."""
    locale = cldr_locale(lang)
    return format_date(day, "long", locale=locale) if locale is not None else day.isoformat()


def _local(url: str, config: Config, lang: str, up: str) -> str:
    """Our own files under the language's public folder become relative links (`up` leads to that folder from the
    page): they work in a preview too."""
    prefix = f"{config.show.base_url}/{lang}/"
    return up + url[len(prefix):] if url.startswith(prefix) else url


def subscribe_links(config: Config, lang: str) -> list[tuple[str, str]]:
    """(name, URL): the configured listening links (Apple Podcasts, Spotify …), then Podcast Index and the
    `podcast://` scheme that podcast apps register (Apple Podcasts, Overcast, Pocket Casts …)."""
    text = config.show.text_for(lang)
    feed = config.feed_url(lang)
    links = list((text.listen or {}).items())
    links.append(("Podcast Index", f"https://podcastindex.org/search?q={quote(feed, safe='')}"))
    parts = urlsplit(feed)
    links.append((page_label("other_apps", lang), f"podcast://{parts.netloc}{parts.path}"))
    return links


def episode_page_path(slug: str) -> str:
    """The path (under the language's folder) of an episode's own page."""
    return f"{EPISODES_DIR}/{slug}.html"


# -- what the templates are given (docs/pages.md lists it) --------------------------------------------------------

@dataclass(frozen=True)
class ChapterView:
    start: int  # seconds
    clock: str  # 1:30
    title: str


@dataclass(frozen=True)
class TranscriptView:
    href: str
    lang: str | None
    text: str


@dataclass(frozen=True)
class EpisodeView:
    slug: str
    guid: str
    title: str
    page: str  # the episode's own page, relative to the page that links it
    link: str | None  # the episode's web page (the feed item's <link>) when it is not the show's home page
    link_text: str
    date: str  # ISO
    date_text: str  # CLDR's long date in the page's language
    duration: str  # ISO 8601 (PT54M50S)
    duration_text: str  # 54:50
    image: str | None
    audio: str  # the enclosure's URL as the feed item has it: behind the language's analytics prefixes
    youtube: str | None
    chapters: tuple[ChapterView, ...]
    transcripts: tuple[TranscriptView, ...]
    lead: Markup  # the notes' first paragraph (sanitised)
    more: Markup  # the notes that follow, as far as the show page holds them (sanitised)
    cut: bool  # the notes go on beyond `more`: the episode's page has them all
    notes: Markup  # every note (sanitised): the episode's page shows them


@dataclass(frozen=True)
class FeedView:
    url: str  # the public address, to copy
    href: str  # the same file, relative to the page


@dataclass(frozen=True)
class LanguageView:
    code: str
    name: str  # in its own language
    href: str


@lru_cache(maxsize=256)
def _labels(lang: str) -> SimpleNamespace:
    """Every label a template may use, in `lang`, as attributes (`labels.copy`: a dict's would be its method)."""
    labels = {key: page_label(key, lang) for key in PAGE_LABELS["en"]}
    return SimpleNamespace(**labels, youtube=label("watch_on_youtube", lang), chapters=label("chapters", lang),
                           full_notes=label("full_notes", lang), transcript=label("transcript", lang))


def _page(config: Config, lang: str) -> dict[str, object]:
    """What every page of a language's feed is given."""
    show = config.show
    text = show.text_for(lang)
    return {"lang": lang, "dir": direction(lang), "title": text.title or show.title,
            "description": text.description or show.description, "image": text.image or show.image,
            "labels": _labels(lang), "colours": COLOURS}


def _episode_view(episode: Episode, config: Config, lang: str, up: str, notes: bool,
                  prefixes: tuple[str, ...] | None, blocks: Sequence[_Block] | None = None) -> EpisodeView:
    """`up` leads from the page to the language's folder; `notes`: the full notes too (the episode's page);
    `prefixes`: the language's analytics prefixes, which its player plays through, as its feed's apps do;
    `blocks`: the notes' blocks, when split already."""
    audio = episode.audio
    day = episode.pub_date.date()
    blocks = _blocks(episode.notes_html) if blocks is None else blocks
    folded = _fold(blocks, NOTES_INLINE_BYTES)
    home = config.show.text_for(lang).link or config.show.link
    link = episode.link if episode.link.rstrip("/") != home.rstrip("/") else None
    return EpisodeView(
        slug=episode.slug, guid=episode.guid, title=episode.title, page=up + episode_page_path(episode.slug),
        link=link, link_text=link.split("://", 1)[-1] if link else "",
        date=day.isoformat(), date_text=_date(day, lang),
        duration=format_clock(audio.duration, "iso"), duration_text=format_clock(audio.duration),
        image=episode.image, audio=media_url(audio.url, prefixes), youtube=episode.youtube_url,
        chapters=tuple(ChapterView(c.start, format_clock(c.start), c.title) for c in episode.chapters),
        transcripts=tuple(_transcript(ref, config, lang, up) for ref in episode.transcripts),
        lead=Markup(folded.lead), more=Markup(folded.more), cut=folded.cut,
        notes=Markup("\n".join(_headings_from(blocks, 3)) if notes else ""))  # blocks split once


def _transcript(ref: TranscriptRef, config: Config, lang: str, up: str) -> TranscriptView:
    kind = "SRT" if ref.type == SRT_TYPE else ref.type.split("/")[-1].upper()
    text = f"{label('transcript', lang)} ({kind}{', ' + language_name(ref.language) if ref.language else ''})"
    return TranscriptView(_local(ref.url, config, lang, up), ref.language, text)


def _show_page(config: Config, lang: str, languages: Sequence[str], views: list[EpisodeView]) -> bytes:
    others = [LanguageView(o, language_name(o), f"../{quote(o)}/") for o in languages if o != lang]
    return render(config.templates_dir, "show.html", **_page(config, lang),
                  feed=FeedView(config.feed_url(lang), FEED_FILE), subscribe=subscribe_links(config, lang),
                  languages=others, episodes=views)


def _episode_pages(config: Config, lang: str, episodes: Sequence[Episode],
                   hosted_guids: Mapping[str, str | None] | None,
                   views: list[EpisodeView]) -> Iterator[tuple[str, bytes]]:
    """Each episode's page, one at a time; `views` gets each episode's view for the show page, made from the
    same split of its notes."""
    page = _page(config, lang)
    feed = FeedView(config.feed_url(lang), f"../{FEED_FILE}")
    prefixes = language_prefixes(config, lang, hosted_guids or {})
    for e in episodes:
        blocks = _blocks(e.notes_html)
        yield episode_page_path(e.slug), render(config.templates_dir, "episode.html", **page, feed=feed,
                                                episode=_episode_view(e, config, lang, "../", True, prefixes, blocks))
        views.append(_episode_view(e, config, lang, "", False, prefixes, blocks))


def language_pages(config: Config, lang: str, episodes: Sequence[Episode], languages: Sequence[str],
                   hosted_guids: Mapping[str, str | None] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every page of a language by its path under the language's folder, one at a time: each episode's page, then
    the show page. Each episode's notes are split and sanitized once for both, and of them only what the show
    page shows is kept until it is made."""
    views: list[EpisodeView] = []
    yield from _episode_pages(config, lang, episodes, hosted_guids, views)
    yield PAGE_FILE, _show_page(config, lang, languages, views)


@dataclass(frozen=True)
class IndexFeedView:
    code: str
    dir: str
    name: str  # the language, in its own language
    title: str | None  # the feed's title where it is not the show's
    image: str | None  # the feed's artwork where it is not the show's
    page: str
    href: str  # the feed file, relative to the index
    url: str  # its public address


@dataclass(frozen=True)
class IndexShowView:
    title: str
    description: str
    image: str
    feeds: tuple[IndexFeedView, ...]


def index_show(config: Config, languages: Sequence[str], folder: str = "") -> IndexShowView:
    """One show on an index page; `folder` leads from the index to the show's output folder."""
    show = config.show
    feeds = []
    for code in languages:
        text = show.text_for(code)
        title = text.title if text.title and text.title != show.title else None
        image = text.image if text.image and text.image != show.image else None
        feeds.append(IndexFeedView(code, direction(code), language_name(code), title, image,
                                   f"{folder}{quote(code)}/", f"{folder}{quote(code)}/{FEED_FILE}",
                                   config.feed_url(code)))
    return IndexShowView(show.title, show.description, show.image, tuple(feeds))


def render_index(config: Config, languages: Sequence[str]) -> bytes:
    """`<out>/index.html`: the show's feeds, each with its page and its feed address."""
    return render(config.templates_dir, "index.html", **_page(config, config.show.default_language),
                  shows=[index_show(config, languages)])


def render_shows_index(config: Config, shows: Sequence[IndexShowView], templates: Path | None) -> bytes:
    """The page above several shows' output folders: every show with its feeds; `config` (any of them) gives the
    page's language."""
    lang = config.show.default_language
    return render(templates, "index.html", **{**_page(config, lang), "title": page_label("podcasts", lang)},
                  shows=list(shows))
