"""The HTML pages people read: `<out>/<lang>/index.html` per feed and `<out>/index.html` listing the feeds.

Built from the same Episode objects and config as the feeds (never by reading a feed back), so a page always shows
what its feed says. Browsers are dropping XSLT, so these, not feed.xsl, are what a person clicking the show's link
reads. Every byte is decided here: no clock, no process locale (Babel is always given the page's language), no
external assets; the small inline script only adds copying the feed address and seeking the player.

Record text is untrusted: titles and plain text go through html.escape; show notes (markdown rendered with raw HTML
kept, for the feeds) are cleaned by nh3 (the ammonia sanitizer) with a tag and URL-scheme allowlist, after any tag
outside that allowlist (`<script>`, `<style>`, `<iframe>` …) is escaped so that it shows as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from urllib.parse import quote, urlsplit

import nh3
from babel.dates import format_date

from edtfeed.config import Config
from edtfeed.constants import SRT_TYPE
from edtfeed.episodes.episode import Episode
from edtfeed.episodes.labels import label, page_label
from edtfeed.lock import TranscriptRef
from edtfeed.languages import cldr_locale, direction
from edtfeed.timecode import format_clock

PAGE_FILE = "index.html"  # <out>/<lang>/index.html and <out>/index.html

# Colours of the page, light and dark: tests/test_browser.py computes their WCAG contrast from this table.
COLOURS = {
    "light": {"bg": "#ffffff", "fg": "#1b1b1f", "muted": "#55565c", "link": "#0a58ca", "card": "#f4f5f7",
              "line": "#d0d3d9"},
    "dark": {"bg": "#121316", "fg": "#e9e9ec", "muted": "#b4b6bd", "link": "#8ab4f8", "card": "#1d1f24",
             "line": "#3a3d45"},
}


def _css_vars(scheme: str) -> str:
    return ";".join(f"--{name}:{value}" for name, value in COLOURS[scheme].items())


CSS = (
    f":root{{{_css_vars('light')};color-scheme:light dark}}"
    f"@media (prefers-color-scheme:dark){{:root{{{_css_vars('dark')}}}}}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,'Segoe UI',"
    "Roboto,'Noto Sans','Noto Sans Arabic',sans-serif}"
    "a{color:var(--link)}a:focus-visible,button:focus-visible{outline:3px solid var(--link);outline-offset:2px}"
    ".wrap{max-width:52rem;margin:0 auto;padding:1.5rem 1rem 3rem}"
    ".show{display:flex;gap:1.5rem;align-items:flex-start;flex-wrap:wrap}"
    ".show>img{width:12rem;height:12rem;border-radius:.75rem;object-fit:cover;background:var(--card)}"
    ".show>div{flex:1 1 18rem;min-width:0}"
    "h1{font-size:1.9rem;line-height:1.2;margin:0 0 .5rem}h2{font-size:1.3rem;margin:2rem 0 .75rem}"
    "h3{font-size:1.15rem;margin:0 0 .25rem}h4{font-size:1rem;margin:1rem 0 .25rem}"
    ".meta,.muted,.unreachable{color:var(--muted)}.unreachable{font-size:.9em;margin:.25rem 0}"
    ".feed{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}"
    ".feed input{flex:1 1 16rem;min-width:0;padding:.4rem .5rem;font:inherit;color:var(--fg);"
    "background:var(--card);border:1px solid var(--line);border-radius:.4rem}"
    "button{font:inherit;padding:.4rem .9rem;border-radius:.4rem;border:1px solid var(--line);"
    "background:var(--card);color:var(--fg);cursor:pointer}"
    ".links{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}"
    ".episodes{list-style:none;padding:0;margin:0}"
    ".episode{border-top:1px solid var(--line);padding:1.25rem 0}"
    ".episode header{display:flex;gap:1rem;align-items:flex-start}"
    ".episode header img{width:4.5rem;height:4.5rem;border-radius:.4rem;object-fit:cover;flex:none}"
    "audio{width:100%;margin:.75rem 0}"
    ".chapters{padding-inline-start:1.25rem;margin:.25rem 0}"
    ".chapters time{font-variant-numeric:tabular-nums;color:var(--muted);margin-inline-end:.5rem}"
    ".notes{overflow-wrap:anywhere}.notes img{max-width:100%;height:auto}"
    ".notes pre{overflow-x:auto;background:var(--card);padding:.5rem}"
    ".notes table{border-collapse:collapse}.notes td,.notes th{border:1px solid var(--line);padding:.2rem .4rem}"
    "@media (max-width:36rem){.show>img{width:8rem;height:8rem}h1{font-size:1.5rem}}"
)

# Copy the feed address; a chapter link (`data-t`, seconds) seeks its episode's player. Without the script the
# chapter link still opens the audio at that second (a media fragment, `#t=`).
SCRIPT = (
    "document.addEventListener('click',function(e){"
    "var a=e.target.closest('a[data-t]');"
    "if(a){var p=a.closest('article').querySelector('audio');"
    "if(p){e.preventDefault();p.currentTime=Number(a.dataset.t);var r=p.play();if(r)r.catch(function(){});}}"
    "var b=e.target.closest('button[data-copy]');"
    "if(b&&navigator.clipboard){navigator.clipboard.writeText(b.dataset.copy).then(function(){"
    "b.textContent=b.dataset.done;},function(){});}});"
    # Audio and artwork live on the public hosts: when one cannot load (a preview offline), say so beside it.
    # An image that failed before this script ran is found by the sweep at the end.
    "function note(t){if(!(t instanceof HTMLMediaElement||t instanceof HTMLImageElement)||t.dataset.noted)return;"
    "t.dataset.noted=1;var n=document.createElement('p');n.className='unreachable';n.setAttribute('role','status');"
    "n.textContent=document.body.dataset.unreachable+' '+new URL(t.currentSrc||t.src,location.href).host;"
    "t.insertAdjacentElement('afterend',n);}"
    "document.addEventListener('error',function(e){note(e.target);},true);"
    "document.querySelectorAll('img,audio').forEach(function(t){"
    "if(t.error||(t.complete&&t.naturalWidth===0))note(t);});"
)

_ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS)
_CLEANER = nh3.Cleaner(tags=set(_ALLOWED_TAGS), url_schemes={"http", "https", "mailto"}, strip_comments=True)
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
# Notes headings sit below the page's h1 (show) > h2 (Episodes) > h3 (episode) > h4 (Show notes); the sanitizer
# writes them bare and lower-case. Deepest first, so a heading is moved once.
_HEADINGS = [(f"<{slash}h{level}>", f"<{slash}h{5 if level <= 2 else 6}>") for level in range(6, 0, -1)
             for slash in ("", "/")]


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def safe_notes(notes_html: str) -> str:
    """Show notes HTML fit for the page: unknown tags shown as text, then sanitized, headings moved below h4."""
    unknown = {name for name in set(_TAG_NAME_RE.findall(notes_html)) if name.lower() not in _ALLOWED_TAGS}
    if unknown:  # rare: one pass for just these names
        names = "|".join(map(re.escape, sorted(unknown)))
        notes_html = re.sub(rf"<(?=/?(?:{names})(?![A-Za-z0-9-]))", "&lt;", notes_html, flags=re.IGNORECASE)
    cleaned = _CLEANER.clean(notes_html)
    for tag, moved in _HEADINGS:
        cleaned = cleaned.replace(tag, moved)
    return cleaned


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


def _local(url: str, config: Config, lang: str) -> str:
    """Our own files under the language's public folder become relative links: they work in a preview too."""
    prefix = f"{config.show.base_url}/{lang}/"
    return url[len(prefix):] if url.startswith(prefix) else url


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


def _head(lang: str, title: str, description: str, extra: str = "") -> str:
    return (f'<!doctype html>\n<html lang="{escape(lang)}" dir="{direction(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<meta name=\"description\" content=\"{escape(description)}\">\n"
            f"{extra}<style>{CSS}</style>\n</head>\n")


def render_page(config: Config, lang: str, episodes: Sequence[Episode], languages: Sequence[str]) -> bytes:
    """One language's show page: `episodes` newest first (as in the feed), `languages` every feed of the show."""
    show = config.show
    text = show.text_for(lang)
    title = text.title or show.title
    description = text.description or show.description
    feed = config.feed_url(lang)
    others = [other for other in languages if other != lang]
    alternates = f'<link rel="alternate" type="application/rss+xml" title="{escape(title)}" href="{escape(feed)}">\n'
    alternates += "".join(f'<link rel="alternate" hreflang="{escape(o)}" href="../{quote(o)}/">\n' for o in others)
    unreachable = escape(page_label("unreachable", lang))
    parts = [_head(lang, title, description, alternates),
             f'<body data-unreachable="{unreachable}">\n<div class="wrap">\n<header class="show">\n',
             f'<img src="{escape(text.image or show.image)}" alt="{escape(title)}" width="240" height="240">\n',
             f"<div>\n<h1>{escape(title)}</h1>\n<p>{escape(description)}</p>\n",
             f'<p class="feed"><label for="feed-url">{escape(page_label("feed_address", lang))}</label> '
             f'<input id="feed-url" type="url" readonly value="{escape(feed)}" dir="ltr"> '
             f'<button type="button" data-copy="{escape(feed)}" data-done="{escape(page_label("copied", lang))}">'
             f'{escape(page_label("copy", lang))}</button></p>\n',
             f'<nav aria-labelledby="subscribe"><h2 id="subscribe">{escape(page_label("subscribe", lang))}</h2>\n'
             '<ul class="links">']
    parts += [f'<li><a href="{escape(url)}">{escape(name)}</a></li>' for name, url in subscribe_links(config, lang)]
    parts.append("</ul></nav>\n")
    if others:
        parts.append(f'<nav aria-labelledby="languages"><h2 id="languages">{escape(page_label("languages", lang))}'
                     '</h2>\n<ul class="links">')
        parts += [f'<li><a href="../{quote(o)}/" hreflang="{escape(o)}" lang="{escape(o)}">'
                  f"{escape(language_name(o))}</a></li>" for o in others]
        parts.append("</ul></nav>\n")
    parts.append(f'</div>\n</header>\n<main>\n<h2>{escape(page_label("episodes", lang))}</h2>\n'
                 '<ol class="episodes">\n')
    labels = {"duration": escape(page_label("duration", lang)), "youtube": escape(label("watch_on_youtube", lang)),
              "chapters": escape(label("chapters", lang)), "notes": escape(page_label("notes", lang))}
    parts += [_episode(episode, config, lang, labels) for episode in episodes]
    parts.append(f"</ol>\n</main>\n</div>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(parts).encode("utf-8")


def _episode(episode: Episode, config: Config, lang: str, labels: dict[str, str]) -> str:
    """One episode's `<li>`; `labels` are the page's labels, escaped once per page."""
    audio = episode.audio
    src = escape(audio.url)
    day = episode.pub_date.date()
    parts = [f'<li class="episode" id="{escape(episode.slug)}" data-guid="{escape(episode.guid)}"><article>\n<header>']
    if episode.image:
        parts.append(f'<img src="{escape(episode.image)}" alt="" width="72" height="72" loading="lazy">')
    title = escape(episode.title)
    parts.append(f'<div><h3><a href="{escape(episode.link)}">{title}</a></h3>\n'
                 f'<p class="meta"><time datetime="{day.isoformat()}">{escape(_date(day, lang))}</time> · '
                 f'{labels["duration"]} <time datetime="{format_clock(audio.duration, "iso")}">{format_clock(audio.duration)}'
                 f'</time></p></div></header>\n<audio controls preload="none" src="{src}" aria-label="{title}">'
                 "</audio>\n")
    if episode.youtube_url:
        parts.append(f'<p><a class="youtube" href="{escape(episode.youtube_url)}">{labels["youtube"]}</a></p>\n')
    if episode.chapters:
        parts.append(f'<h4>{labels["chapters"]}</h4>\n<ol class="chapters">')
        for chapter in episode.chapters:
            start = chapter.start
            parts.append(f'<li><a href="{src}#t={start}" data-t="{start}"><time>{format_clock(start)}</time> '
                         f'<span class="chapter-title">{escape(chapter.title)}</span></a></li>')
        parts.append("</ol>\n")
    notes = safe_notes(episode.notes_html)
    if notes:
        parts.append(f'<h4>{labels["notes"]}</h4>\n<div class="notes">{notes}</div>\n')
    if episode.transcripts:
        parts.append('<ul class="links transcripts">')
        parts += [_transcript(ref, config, lang) for ref in episode.transcripts]
        parts.append("</ul>\n")
    parts.append("</article></li>\n")
    return "".join(parts)


def _transcript(ref: TranscriptRef, config: Config, lang: str) -> str:
    kind = "SRT" if ref.type == SRT_TYPE else ref.type.split("/")[-1].upper()
    text = f"{label('transcript', lang)} ({kind}{', ' + language_name(ref.language) if ref.language else ''})"
    hreflang = f' hreflang="{escape(ref.language)}"' if ref.language else ""
    return f'<li><a href="{escape(_local(ref.url, config, lang))}"{hreflang}>{escape(text)}</a></li>'


def render_index(config: Config, languages: Sequence[str]) -> bytes:
    """`<out>/index.html`: the show's feeds, each with its page and its feed address."""
    show = config.show
    lang = show.default_language
    parts = [_head(lang, show.title, show.description), '<body>\n<div class="wrap">\n<main>\n',
             f"<h1>{escape(show.title)}</h1>\n<p>{escape(show.description)}</p>\n"
             f'<h2>{escape(page_label("shows", lang))}</h2>\n<ul class="episodes">\n']
    for code in languages:
        text = show.text_for(code)
        parts.append(f'<li class="episode" lang="{escape(code)}" dir="{direction(code)}">'
                     f'<h3><a href="{quote(code)}/">{escape(text.title or show.title)}</a></h3>'
                     f'<p class="meta">{escape(language_name(code))} · '
                     f'<a href="{quote(code)}/feed.xml">{escape(config.feed_url(code))}</a></p></li>\n')
    parts.append("</ul>\n</main>\n</div>\n</body>\n</html>\n")
    return "".join(parts).encode("utf-8")
