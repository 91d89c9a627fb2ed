"""Join a record with its audio metadata into an Episode: everything one feed item needs, already decided.

Rendering (render/) only writes what is decided here, so the rules for guid, link, dates and show notes live in
one place.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict

from edtfeed.config import Config
from edtfeed.constants import HTML_TRANSCRIPT_TYPE
from edtfeed.constants import output_url as file_url
from edtfeed.episodes.artwork import episode_image_url
from edtfeed.episodes.chapters import (
    Chapter,
    ChapterList,
    ChapterTiming,
    build_chapters,
    chapters_path,
    record_slug,
)
from edtfeed.episodes import markdown
from edtfeed.episodes.people import Person, item_people
from edtfeed.episodes.spoken import audio_languages
from edtfeed.episodes.transcripts import Turn, caption_paths, read_turns, transcript_path, turn_cues
from edtfeed.diagnostics import Diagnostic
from edtfeed.lock import AudioMeta, TranscriptRef
from edtfeed.placeholders import is_placeholder
from edtfeed.read.cues import TimedCue, plain_cues
from edtfeed.read.types import Record
from edtfeed.read.youtube import watch_url


class Episode(BaseModel):
    """One item of one language's feed."""

    model_config = ConfigDict(frozen=True)

    record: Record
    audio: AudioMeta
    guid: str
    title: str
    link: str
    pub_date: datetime
    summary: str  # the short text of the episode (plain_summary), which render/notes.py makes the description
    notes_html: str  # the show notes as HTML, whole (the pages show them; render/notes.py bounds them for the feed)
    explicit: bool
    episode_type: str
    number: int | None
    season: int | None
    image: str | None
    youtube_url: str | None
    slug: str = ""  # ASCII file name stem of the episode's chapter and transcript files
    chapters: list[Chapter] = []
    chapters_url: str | None = None  # the JSON chapters file: ours, else Transistor's, else none
    transcripts: list[TranscriptRef] = []  # ours first, then Transistor's
    transcript: list[Turn] = []  # the transcript block, which render/ writes as HTML (transcript_path)
    captions: list[TimedCue] = []  # the timed transcript block, which render/ writes as VTT and SRT (caption_paths)
    people: list[Person] = []  # item-level podcast:person (hosts restated when there are guests)
    spoken: str  # the language spoken in the audio (episodes.spoken.audio_languages)

    @property
    def chapters_estimated(self) -> bool:
        return any(chapter.estimated for chapter in self.chapters)

    @property
    def lang(self) -> str:
        return self.record.lang


def episode_guid(record: Record, audio: AudioMeta | None = None) -> str:
    """Front matter `guid`, else the guid of the hosted feed this feed replaces (`audio`, given only then), else the
    permalink, else the record's path: never the title or the audio URL."""
    if record.guid:
        return record.guid
    if audio is not None and audio.guid:
        return audio.guid
    if record.permalink:
        return record.permalink.strip("/")
    return record.rel.removesuffix(".md")


def episode_link(record: Record, config: Config) -> str:
    """The episode's web page: `[episodes] link` template with {permalink}, else the show site + permalink."""
    if not record.permalink:
        return config.show.text_for(record.lang).link or config.show.link
    # A URL carries ASCII only: the path Jekyll serves for `/ünï code/` is its percent-encoded form.
    permalink = quote(record.permalink.strip("/"), safe="/:@!$&'()*+,;=-._~%")
    if config.episodes.link:
        return config.episodes.link.format(permalink=permalink, lang=record.lang)
    return f"{config.show.link}/{permalink}"


def output_url(config: Config, lang: str, path: str) -> str:
    """The public URL of a file published under `<out>/<lang>/`."""
    return file_url(config.show.base_url, lang, path)


def plain_summary(record: Record) -> str:
    """The short text of the episode: front matter description, else summary, else the first body paragraph;
    a placeholder (`description: Summary`) is skipped."""
    for text in (record.description, record.summary):
        if text and text.strip() and not is_placeholder(text):
            return " ".join(text.split())
    for block in record.body.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "<", "---", "{%", "![")):
            return " ".join(block.split())
    return record.title


def build_episode(record: Record, audio: AudioMeta, config: Config, chapters: ChapterList | None = None,
                  slug: str | None = None, spoken: str | None = None) -> Episode:
    """The item for `record`. `chapters` comes from `ChapterTiming.chapters` (timing shared across translations);
    `slug` must be unique within the language (see `_slugs`); `spoken` is the language of its audio (from
    `audio_languages` over the show's records; alone, the record is its only translation)."""
    lang, slug = record.lang, slug or record_slug(record)
    spoken = spoken or audio_languages([record], {audio.embed_id: audio}, config.audio_language)[record.embed_id]
    video = watch_url(record.youtube_id) if record.youtube_id else None
    if chapters is None:  # a record on its own: no translations to share timing with
        chapters = build_chapters(record, audio.duration, config.chapters)
    chapter_list = chapters.chapters
    chapters_url = audio.chapters_url  # Transistor's own chapters file, unless the record gives chapters
    if chapter_list:
        chapters_url = output_url(config, lang, chapters_path(slug))
    transcripts = [ref if ref.language else TranscriptRef(url=ref.url, type=ref.type, language=spoken)
                   for ref in audio.transcripts]  # the host's, of the audio; one that names its language is kept
    speakers = [h.name for h in config.show.hosts] + record.guests
    turns = read_turns(record.transcript, speakers) if record.transcript else []
    captions = turn_cues(turns, audio.duration)
    if turns:
        ours = [TranscriptRef(url=output_url(config, lang, transcript_path(slug)),
                              type=HTML_TRANSCRIPT_TYPE, language=lang)]
        ours += [TranscriptRef(url=output_url(config, lang, path), type=mime, language=lang, rel="captions")
                 for mime, path in caption_paths(slug).items() if captions]
        transcripts[:0] = ours
    image, _ = episode_image_url(record.image, record.rel, config.episodes.image_url)
    notes, link = markdown.to_html(record.body), episode_link(record, config)
    return Episode(
        record=record,
        audio=audio,
        guid=episode_guid(record, audio if config.replaced_feed(lang) else None),
        title=record.title,
        link=link,
        pub_date=record.date,
        summary=plain_summary(record),
        notes_html=notes,
        explicit=record.explicit if record.explicit is not None else config.show.explicit,
        episode_type=record.episode_type or audio.episode_type or "full",
        number=record.number if record.number is not None else audio.episode,
        season=record.season or audio.season,
        image=image or audio.image,
        youtube_url=video,
        slug=slug,
        chapters=chapter_list,
        chapters_url=chapters_url,
        transcripts=transcripts,
        transcript=turns,
        captions=captions,
        people=item_people(record.guests, config.show.hosts),
        spoken=spoken,
    )


def _warnings(record: Record, chapters: ChapterList | None, config: Config) -> list[Diagnostic]:
    """What of the record the item could not use: chapter headings or times, artwork."""
    found = list(chapters.warnings) if chapters else []
    _, image_problem = episode_image_url(record.image, record.rel, config.episodes.image_url)
    found += [(None, image_problem)] if image_problem else []
    for name, text in (("description", record.description), ("summary", record.summary)):
        if text is not None and is_placeholder(text):
            found.append((None, f"`{name}: {text.strip()}` is a placeholder, not published; write the episode's "
                                f"{name} (until then the next of description, summary, first paragraph is used)"))
    return [Diagnostic(record.rel, line, message, "warning") for line, message in found]


def _slugs(records: Iterable[Record]) -> tuple[dict[str, str], list[Diagnostic]]:
    """Each record's file slug (by `rel`), made unique within its language with the embed id when two collide."""
    slugs: dict[str, str] = {}
    taken: set[tuple[str, str]] = set()
    problems: list[Diagnostic] = []
    for record in sorted(records, key=lambda r: r.rel):
        slug = record_slug(record)
        if (record.lang, slug) in taken:
            problems.append(Diagnostic(record.rel, None, f"another {record.lang} record has the file name {slug!r}; "
                                    f"its chapter/transcript files use {slug}-{record.embed_id}", "warning"))
            slug = f"{slug}-{record.embed_id}"
        taken.add((record.lang, slug))
        slugs[record.rel] = slug
    return slugs, problems


@dataclass(frozen=True)
class EpisodeContext:
    """What each episode needs from the others: chapter timing shared across translations, unique file slugs."""

    audio: Mapping[str, AudioMeta]
    timing: ChapterTiming  # each record's chapters, timing shared across translations
    slugs: Mapping[str, str]  # by record rel
    slug_problems: list[Diagnostic]
    spoken: Mapping[str, str]  # embed id -> the language spoken in its audio


def episode_context(records: Iterable[Record], audio: Mapping[str, AudioMeta], config: Config,
                    every: Iterable[Record] | None = None, originals: Collection[str] = (),
                    host_cues: Mapping[str, Sequence[TimedCue]] | None = None) -> EpisodeContext:
    """The cross-record part of building episodes, computed once for the whole show. `every` is the show's records
    in all languages when `records` are only some (publish --lang): which languages embed an audio say what is
    spoken in it, and the chapter times translations share come from the audio language's record. `originals`:
    the embed ids the audio language's feed published (see audio_languages). `host_cues` are the host's pinned
    timed transcripts by embed id (resolve/transcripts.py)."""
    records = [record for record in records if record.embed_id in audio]
    every = records if every is None else [record for record in every if record.embed_id in audio]
    spoken = audio_languages(every, audio, config.audio_language, originals)
    cues = {embed_id: plain_cues(found) for embed_id, found in (host_cues or {}).items()}
    timing = ChapterTiming.of(every, {r.embed_id: audio[r.embed_id].duration for r in every}, config.chapters,
                              config.audio_language, cues)
    slugs, problems = _slugs(records)
    return EpisodeContext(audio, timing, slugs, problems, spoken)


def language_episodes(
    records: Iterable[Record], context: EpisodeContext, config: Config
) -> tuple[list[Episode], list[Diagnostic]]:
    """The episodes of `records` (one language's), newest first (ties by guid, so the order is stable), plus what
    went wrong with them."""
    episodes: list[Episode] = []
    rels = set()
    problems: list[Diagnostic] = []
    for record in records:
        if record.embed_id not in context.audio:
            continue  # the resolver already reported why
        rels.add(record.rel)
        try:
            chapters = context.timing.chapters(record)
            episodes.append(build_episode(record, context.audio[record.embed_id], config, chapters,
                                          context.slugs[record.rel], context.spoken[record.embed_id]))
        except Exception as exc:  # noqa: BLE001 - one record's failure costs that record only
            problems.append(Diagnostic(record.rel, None, f"the episode could not be built ({type(exc).__name__}: "
                                    f"{exc}); it is skipped and every other record is published"))
            continue
        problems += _warnings(record, chapters, config)
        if not record.guid and not record.permalink:
            problems.append(
                Diagnostic(record.rel, None, "no `permalink` or `guid` in front matter: the item's guid comes from the "
                        "file path and changes if the file moves; add `permalink:` to keep it stable", "warning")
            )
    problems += [problem for problem in context.slug_problems if problem.file in rels]
    episodes.sort(key=lambda ep: ep.guid)
    episodes.sort(key=lambda ep: ep.pub_date, reverse=True)
    return episodes, problems

