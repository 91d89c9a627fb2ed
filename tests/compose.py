"""Compositions of the stages' public functions that tests call in one line; the runner composes them its own way
(one language at a time, streamed), so these live with the tests, not in src/."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from edtfeed.config import Config
from edtfeed.diagnostics import Diagnostic
from edtfeed.episodes.chapters import ChapterList, reference_timing, with_timing
from edtfeed.episodes.episode import Episode, episode_context, language_episodes
from edtfeed.lock import AudioMeta
from edtfeed.read.types import Record
from edtfeed.render.page import PAGE_FILE, _blocks, _headings_from, language_pages


def build_episodes(records: Iterable[Record], audio: Mapping[str, AudioMeta], config: Config
                   ) -> tuple[dict[str, list[Episode]], list[Diagnostic]]:
    """Episodes per language (newest first) and what went wrong, as the runner builds them language by language."""
    records = list(records)
    context = episode_context(records, audio, config)
    by_lang: dict[str, list[Episode]] = {}
    problems: list[Diagnostic] = []
    for lang in sorted({record.lang for record in records}):
        episodes, found = language_episodes([r for r in records if r.lang == lang], context, config)
        problems += found
        if episodes:
            by_lang[lang] = episodes
    return by_lang, problems


def share_timing(lists: Mapping[str, ChapterList], audio_language: str,
                 duration: int | None = None) -> dict[str, ChapterList]:
    """One episode's translations (language -> chapters) with the reference's start times, as the runner gives
    them."""
    timing = reference_timing(lists, lists.__getitem__, audio_language)
    return {lang: with_timing(lang, chapters, timing, duration) for lang, chapters in lists.items()}


def render_page(config: Config, lang: str, episodes: Sequence[Episode], languages: Sequence[str],
                hosted_guids: Mapping[str, str | None] | None = None) -> bytes:
    """One language's show page, as the runner writes it."""
    return dict(language_pages(config, lang, episodes, languages, hosted_guids))[PAGE_FILE]


def episode_pages(config: Config, lang: str, episodes: Sequence[Episode],
                  hosted_guids: Mapping[str, str | None] | None = None) -> dict[str, bytes]:
    """Each episode's own page by its path under the language's folder, as the runner writes them."""
    pages = dict(language_pages(config, lang, episodes, [lang], hosted_guids))
    del pages[PAGE_FILE]
    return pages


def safe_notes(notes_html: str, top: int) -> str:
    """Show notes HTML as an episode's page shows them: sanitized, headings from `<h{top}>` down."""
    return "\n".join(_headings_from(_blocks(notes_html), top))
