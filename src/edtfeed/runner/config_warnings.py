"""Warnings about the config itself, said once per run after the languages are built: a feed that borrows another
language's text, a successor feed whose identity is not known yet, a key read under its old name."""

from __future__ import annotations

from edtfeed.config import Config
from edtfeed.constants import FEED_FILE
from edtfeed.diagnostics import Diagnostic
from edtfeed.lock import Lock


def config_warnings(config: Config, lock: Lock, languages: list[str]) -> list[Diagnostic]:
    """Every config warning for a run that built (or replayed) `languages`."""
    return _fallbacks(config, languages) + _renamed_keys(config) + _unknown_identities(config, lock, languages)


def _fallbacks(config: Config, languages: list[str]) -> list[Diagnostic]:
    """One warning per language feed that borrows the default language's title, description or listening links:
    each feed is its own podcast in every directory, so a German feed with the English text looks English."""
    show, problems = config.show, []
    for lang in languages:
        if lang == show.default_language:
            continue
        override = show.languages.get(lang)
        borrowed = [name for name in ("title", "description") if override is None or getattr(override, name) is None]
        if show.listen and (override is None or override.listen is None):
            borrowed.append("listening links")
        if borrowed:
            problems.append(Diagnostic(f"{lang}/{FEED_FILE}", None, f"uses the {show.default_language} show's "
                                       f"{', '.join(borrowed)}", "warning", language=lang,
                                       fix=f"set them in [{config.show_table(f'languages.{lang}')}] in "
                                       f"{config.config_file}"))
    return problems


def _unknown_identities(config: Config, lock: Lock, languages: list[str]) -> list[Diagnostic]:
    """One warning per successor feed whose podcast:guid falls back to UUIDv5 of the old URL only because the old
    feed was never read: if the old feed carries another guid, the show's guid would change when it is read."""
    problems = []
    for lang in languages:
        replaced = config.replaced_feed(lang)
        override = config.show.languages.get(lang)
        if replaced and replaced not in lock.hosted and not (override and override.podcast_guid):
            problems.append(Diagnostic(f"{lang}/{FEED_FILE}", None, f"the podcast:guid of {replaced}, which this "
                                       "feed replaces, is not known, so the channel uses the UUIDv5 of that URL",
                                       "warning", language=lang,
                                       fix=f"set [{config.table('transistor', 'feed_url')}] feed_url = \"{replaced}\" and run "
                                       "`edtfeed resolve` to read it, or set podcast_guid in "
                                       f"[{config.show_table(f'languages.{lang}')}]"))
    return problems


def _renamed_keys(config: Config) -> list[Diagnostic]:
    """A config key read under its old name: it still works (unless the new one is set too), and the warning says
    the name to use."""
    old, new = config.chapters.audio_language, config.show.audio_language
    if old is None:
        return []
    chapters, show = config.table("chapters", "audio_language"), config.show_table("audio_language").rpartition(".")[0]
    why = (f"[{chapters}] audio_language is now [{show}] audio_language (the language spoken in the audio: what "
           "each feed's <language> declares, and the reference of chapter times)")
    fix = (f"move `audio_language = \"{old}\"` to [{show}]" if new is None else
           f"it is ignored, [{show}] audio_language = \"{new}\" is used: delete it from [{chapters}]")
    return [Diagnostic(config.config_file, None, why, "warning", fix=fix)]
