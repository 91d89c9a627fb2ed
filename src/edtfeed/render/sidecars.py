"""The files published beside a feed item: its JSON chapters, its HTML transcript and that transcript's caption
renditions (render/captions.py), and the pictures pasted into its notes, under the language's folder.

Made from what episodes/ decided (the chapters with their starts, the transcript's turns, the timed cues), so every
byte of output is written in render/. Stable bytes: the same episode gives the same files, which the runner writes
only when they change.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from json.encoder import (
    encode_basestring as _json_string,  # a str as a JSON string, non-ASCII kept
)

from edtfeed.config import Config
from edtfeed.constants import IMAGES_DIR
from edtfeed.episodes.chapters import Chapter, chapters_path
from edtfeed.episodes.episode import Episode
from edtfeed.episodes.labels import label
from edtfeed.episodes.transcripts import Turn, transcript_path
from edtfeed.languages import direction
from edtfeed.read.youtube import watch_url
from edtfeed.render.captions import caption_files
from edtfeed.timecode import format_clock

JSON_CHAPTERS_VERSION = "1.2.0"


def sidecar_files(episode: Episode, config: Config) -> dict[str, bytes]:
    """The episode's files by path under its language's folder: chapters, transcript, captions (each when it has
    them)."""
    files: dict[str, bytes] = {}
    if episode.chapters:
        show = config.show
        files[chapters_path(episode.slug)] = chapters_json(
            episode.chapters, episode.title, show.text_for(episode.lang).title or show.title, episode.record.youtube_id)
    if episode.transcript:
        files[transcript_path(episode.slug)] = transcript_html(episode.transcript, episode.title, episode.lang)
    files.update(caption_files(episode))
    for image in episode.record.images:  # the notes' pasted pictures, as the reader decoded them
        files[f"{IMAGES_DIR}/{image.name}"] = image.data
    return files


def chapters_json(chapters: Sequence[Chapter], title: str, podcast_name: str, youtube_id: str | None) -> bytes:
    """The JSON chapters file (Podcasting 2.0 "JSON Chapters" 1.2) for `<podcast:chapters>`; stable bytes.

    Readable in a diff: one header field per line, then one chapter object per line. Written with json's C string
    encoder (what json.dumps(ensure_ascii=False) uses for each string) rather than json.dumps(indent=2), which
    runs CPython's pure-Python encoder, far slower for thousands of files.
    """
    lines = ["{", f'  "version": {_json_string(JSON_CHAPTERS_VERSION)},', f'  "title": {_json_string(title)},',
             f'  "podcastName": {_json_string(podcast_name)},']
    items = []
    for chapter in chapters:
        url = f', "url": {_json_string(watch_url(youtube_id, chapter.start))}' if youtube_id else ""
        items.append(f'    {{"startTime": {chapter.start}, "title": {_json_string(chapter.title)}{url}}}')
    lines += ['  "chapters": [', ",\n".join(items), "  ]"] if items else ['  "chapters": []']
    return ("\n".join([*lines, "}", ""])).encode("utf-8")


def transcript_html(turns: Sequence[Turn], title: str, lang: str) -> bytes:
    """A standalone HTML transcript document (Podcasting 2.0: `<cite>`, `<time>`, `<p>`), in the direction CLDR
    gives `lang`. Every text is escaped: no markup from the record reaches the file."""
    escape = html.escape
    rtl = ' dir="rtl"' if direction(lang) == "rtl" else ""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"{rtl}>',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(label('transcript', lang))}: {escape(title)}</title>",
        "</head>",
        "<body>",
    ]
    for turn in turns:
        if turn.speaker:
            out.append(f"<cite>{escape(turn.speaker)}:</cite>")
        if turn.start is not None:
            out.append(f"<time>{format_clock(turn.start)}</time>")
        out += [f"<p>{escape(paragraph)}</p>" for paragraph in turn.paragraphs]
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
