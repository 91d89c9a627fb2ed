"""What an item says in words: its `<description>` and its `<content:encoded>`.

Both end with the same tail: the show-notes chapter lines (`00:00 Intro`, which Apple and Spotify read as
chapters) and the link to the video. The description is the episode's summary cut to Apple's byte limit; the content
is the whole show notes, or as many of their paragraphs as `[output] max_notes_bytes` allows with a link to the rest.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from edtfeed.config import Config
from edtfeed.episodes import markdown
from edtfeed.episodes.chapters import Chapter
from edtfeed.episodes.episode import Episode
from edtfeed.episodes.labels import label
from edtfeed.timecode import format_clock, notes_style

DESCRIPTION_MAX_BYTES = 4000  # Apple's limit for <description>, counted in UTF-8 bytes
ELLIPSIS = "…"
MIN_DESCRIPTION_CHAPTERS = 3  # Apple and Spotify ignore description timestamps with fewer chapters


def item_texts(episode: Episode, config: Config) -> tuple[str, str]:
    """The item's description and content:encoded HTML."""
    lang = episode.lang
    chapter_block = timestamps_html(episode.chapters, episode.audio.duration, lang)
    links = [youtube_link_html(episode.youtube_url, label("watch_on_youtube", lang))] if episode.youtube_url else []
    more = f'<p><a href="{html.escape(episode.link)}">{html.escape(label("full_notes", lang))}</a></p>'
    description = fit_description(episode.summary, _description_tail(chapter_block, links))
    content = fit_notes(episode.record.body, episode.notes_html, chapter_block + "".join(links),
                        config.output.max_notes_bytes, more)
    return description, content


def description_timestamps(chapters: Sequence[Chapter], duration: int) -> list[str]:
    """Show-notes chapter lines (`00:00 Title`), which Apple and Spotify read; [] below three chapters.

    HH:MM:SS for episodes of an hour or more, so every line has the same width.
    """
    if len(chapters) < MIN_DESCRIPTION_CHAPTERS or chapters[0].start != 0:
        return []
    style = notes_style(duration)
    return [f"{format_clock(chapter.start, style)} {chapter.title}" for chapter in chapters]


def timestamps_html(chapters: Sequence[Chapter], duration: int, lang: str) -> str:
    """The show-notes chapter block: a localized "Chapters" line, then one `<br/>`-separated line per chapter."""
    lines = description_timestamps(chapters, duration)
    if not lines:
        return ""
    return f"<p>{html.escape(label('chapters', lang))}</p><p>{'<br/>'.join(map(html.escape, lines))}</p>"


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


def fit_notes(body: str, notes_html: str, tail_html: str, limit: int | None, more_html: str) -> str:
    """`notes_html + tail_html`, or, when that is over `limit` UTF-8 bytes, the most paragraphs of `body` (the
    markdown) that fit with `more_html` (a link to the whole notes) before the tail: cut between blocks, so the
    HTML stays well formed. The tail (chapter lines, links) is always kept."""
    whole = notes_html + tail_html
    if limit is None or len(whole.encode("utf-8")) <= limit:
        return whole
    blocks = body.split("\n\n")
    fitted, low, high = more_html + tail_html, 0, len(blocks) - 1  # the longest fitting prefix has `low` blocks
    while low < high:
        middle = (low + high + 1) // 2
        candidate = markdown.to_html("\n\n".join(blocks[:middle])) + more_html + tail_html
        if len(candidate.encode("utf-8")) <= limit:
            fitted, low = candidate, middle
        else:
            high = middle - 1
    return fitted


def _description_tail(chapter_block: str, links: list[str]) -> list[str]:
    """Chapter lines and links after the summary; a chapter list too long for half the description's byte budget
    stays in content:encoded only, so the summary keeps room and the description never overflows."""
    if len("".join([chapter_block, *links]).encode("utf-8")) > DESCRIPTION_MAX_BYTES // 2:
        return links
    return [chapter_block, *links]
