"""The YouTube side of a show: per video, per language, a title, a description with YouTube's chapter list and a
link to the episode's page, and a caption file; plus the video's `localizations` as the Data API's videos.update
takes them.

Each episode's YouTube video is one video for every language feed of the episode (the records of its translations
name the same id). YouTube shows chapters from a list of `0:00 Title` lines in the description only when the first
is at 0:00, there are at least three, and each lasts at least ten seconds; a list breaking any of these is left
out rather than shown as plain text. Titles are at most 100 characters and neither field may contain `<` or `>`
(the API refuses them); descriptions at most 5000 bytes.

Only bytes here: runner/youtube.py writes the folder, and pushes when asked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from edtfeed.episodes.chapters import Chapter
from edtfeed.episodes.episode import Episode
from edtfeed.episodes.labels import page_label
from edtfeed.render.captions import webvtt
from edtfeed.timecode import format_clock

TITLE_MAX = 100  # characters (videos resource, snippet.title)
DESCRIPTION_MAX_BYTES = 5000  # UTF-8 bytes (videos resource, snippet.description)
MIN_CHAPTERS = 3  # YouTube's chapter rules: the first at 0:00, at least three, each at least ten seconds
MIN_CHAPTER_SECONDS = 10
ELLIPSIS = "…"
LOCALIZATIONS_FILE = "videos.update.json"
_ANGLES = str.maketrans({"<": "‹", ">": "›"})


@dataclass(frozen=True)
class Localization:
    """One language of one video: what the podcaster pastes, or --push sends."""

    title: str
    description: str
    captions: bytes | None  # WebVTT, from the episode's timed transcript; None without one


@dataclass(frozen=True)
class Video:
    id: str
    languages: dict[str, Localization] = field(default_factory=dict)  # by language code, sorted

    def update_body(self) -> dict[str, object]:
        """The body of `videos.update?part=localizations`: the video's id and its title and description per
        language (VideoLocalization)."""
        return {"id": self.id, "localizations": {lang: {"title": loc.title, "description": loc.description}
                                                 for lang, loc in self.languages.items()}}


def chapter_lines(chapters: Sequence[Chapter], duration: int) -> list[str]:
    """`0:00 Title` lines YouTube turns into chapters, or [] when the chapters break one of its rules."""
    if len(chapters) < MIN_CHAPTERS or chapters[0].start != 0:
        return []
    ends = [chapter.start for chapter in chapters[1:]] + [duration]
    if any(end - chapter.start < MIN_CHAPTER_SECONDS for chapter, end in zip(chapters, ends)):
        return []
    return [f"{format_clock(chapter.start)} {_clean(chapter.title)}" for chapter in chapters]


def _clean(text: str) -> str:
    """One line without the angle brackets YouTube refuses (shown as the look-alike single quotes)."""
    return " ".join(text.translate(_ANGLES).split())


def _utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(text: str, fits: int, size: Callable[[str], int] = len) -> str:
    """`text` cut at a word to at most `fits` (by `size`: characters, or UTF-8 bytes), with an ellipsis."""
    if size(text) <= fits:
        return text
    kept = ""
    for word in text.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if size(candidate + ELLIPSIS) > fits:
            break
        kept = candidate
    if not kept:  # one enormous word
        kept = text
        while kept and size(kept + ELLIPSIS) > fits:
            kept = kept[:-1]
    return kept.rstrip(" ,;:.-") + ELLIPSIS


def localization(episode: Episode) -> Localization:
    """The title, description and captions of `episode`'s language for its video."""
    lang = episode.lang
    lines = chapter_lines(episode.chapters, episode.audio.duration)
    chapter_block = ["\n".join(lines)] if lines else []
    tail = "\n\n".join([*chapter_block, f"{page_label('notes', lang)}: {episode.link}"])
    summary = _cut(_clean(episode.summary), DESCRIPTION_MAX_BYTES - _utf8_bytes(tail) - 2, _utf8_bytes)
    return Localization(title=_cut(_clean(episode.title), TITLE_MAX), description=f"{summary}\n\n{tail}",
                        captions=webvtt(episode.captions) if episode.captions else None)


def videos(episodes: Mapping[str, Iterable[Episode]], languages: Iterable[str] | None = None) -> list[Video]:
    """Every video of the show with its languages (all, or only `languages`), ordered by id; within a language,
    a video two episodes name takes the newest episode's text (episodes come newest first)."""
    wanted = None if languages is None else set(languages)
    found: dict[str, dict[str, Localization]] = {}
    for lang in sorted(episodes):
        if wanted is not None and lang not in wanted:
            continue
        for episode in episodes[lang]:
            video_id = episode.record.youtube_id
            if video_id and lang not in found.setdefault(video_id, {}):
                found[video_id][lang] = localization(episode)
    return [Video(video_id, dict(sorted(found[video_id].items()))) for video_id in sorted(found)]


def video_files(video: Video) -> dict[str, bytes]:
    """The files of one video's folder, by path relative to it: per language `<lang>/title.txt`,
    `<lang>/description.txt` and `<lang>/captions.vtt`, and the videos.update body."""
    files: dict[str, bytes] = {}
    for lang, loc in video.languages.items():
        files[f"{lang}/title.txt"] = f"{loc.title}\n".encode("utf-8")
        files[f"{lang}/description.txt"] = f"{loc.description}\n".encode("utf-8")
        if loc.captions is not None:
            files[f"{lang}/captions.vtt"] = loc.captions
    files[LOCALIZATIONS_FILE] = (json.dumps(video.update_body(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
