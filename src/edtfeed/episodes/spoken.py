"""The language spoken in each audio, and what each language's feed declares as its `<language>`.

Apple defines a podcast's `<language>` as the language spoken in it, and its content guidelines (1.1, "Metadata
Accuracy") require metadata, language included, to represent the content accurately. A translated feed whose
items play the show's original audio is written in one language and spoken in another: the podcaster chooses
what it declares (`[show.languages.<lang>] spoken`), and is warned until they do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from edtfeed.config import Config, SpokenChoice
from edtfeed.constants import FEED_FILE
from edtfeed.diagnostics import Diagnostic
from edtfeed.lock import AudioMeta
from edtfeed.read.types import Record

APPLE_CONTENT_GUIDELINES = "https://podcasters.apple.com/support/891-content-and-subscription-guidelines"


def same_language(a: str, b: str) -> bool:
    """`en` and `en-us` are one spoken language: a region names an accent, not another language."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()


def audio_languages(records: Iterable[Record], audio: Mapping[str, AudioMeta], audio_language: str,
                    originals: Collection[str] = ()) -> dict[str, str]:
    """The language spoken in each embed id's audio; `originals` are the embed ids the audio language's feed has
    published (its ledger), so a broken or deleted record in that language does not make a translation a dub.

    Translations of an episode embed the same audio (the records of one embed id are one episode), so:
    1. the host's own transcripts of the audio, when they all name one language, say what is spoken;
    2. an audio some record in the show's audio language embeds, or its feed published, is the original: spoken
       in the audio language;
    3. an audio embedded only by records of one other language is theirs, dubbed: spoken in their language;
    4. otherwise (records of several other languages share it) it is the show's audio, in its audio language.
    """
    languages: dict[str, set[str]] = {}
    for record in records:
        languages.setdefault(record.embed_id, set()).add(record.lang)
    spoken: dict[str, str] = {}
    for embed_id, langs in languages.items():
        meta = audio.get(embed_id)
        named = {ref.language.lower() for ref in meta.transcripts if ref.language} if meta else set()
        if len(named) == 1:
            spoken[embed_id] = named.pop()
        elif len(langs) == 1 and embed_id not in originals and not same_language(next(iter(langs)), audio_language):
            spoken[embed_id] = next(iter(langs))
        else:
            spoken[embed_id] = audio_language
    return spoken


@dataclass(frozen=True)
class FeedLanguage:
    """What one language's feed says about its language, decided from its items' audio and the config."""

    notes: str  # the language its titles and show notes are written in: the feed's own language code
    spoken: str  # the language spoken in most of its items
    declared: str  # its <language>
    block: bool  # <itunes:block>Yes</itunes:block>: kept out of directories
    choice: SpokenChoice | None  # as configured; None while not chosen
    other: int  # items whose audio is not in the notes' language
    items: int

    @property
    def mismatched(self) -> bool:
        return self.other > 0


def feed_language(config: Config, lang: str, spoken: Sequence[str]) -> FeedLanguage:
    """`lang`'s feed, whose built items are spoken in `spoken` (one language per item, in any order).

    The spoken language of a feed whose items differ is the one most of them are in (ties: the notes' language,
    then the show's audio language, then by code). "declare" (also the default until chosen) puts it in
    `<language>`; "block" keeps the notes' language and blocks the feed; "notes" keeps the notes' language.
    """
    counts = Counter(spoken)
    other = sum(count for code, count in counts.items() if not same_language(code, lang))
    majority = min(counts, key=lambda code: (-counts[code], not same_language(code, lang),
                                              not same_language(code, config.audio_language), code)) if counts else lang
    choice = config.spoken_choice(lang)
    if not other:
        return FeedLanguage(lang, lang, lang, False, choice, 0, len(spoken))
    declare = choice in (None, "declare") and not same_language(majority, lang)
    return FeedLanguage(lang, majority, majority if declare else lang, choice == "block", choice, other, len(spoken))


def spoken_problem(feed: FeedLanguage, table: str) -> Diagnostic | None:
    """The warning of a feed whose audio is not in its notes' language while the podcaster has not chosen what
    it declares: once per language, with the three choices, the config `table` to choose in and the source of
    Apple's rule. Nothing in it but the language differs between languages, so the log says it once for all."""
    if not feed.mismatched or feed.choice is not None:
        return None
    lang, spoken = feed.notes, feed.spoken
    return Diagnostic(
        f"{lang}/{FEED_FILE}", None, f"the show notes are in {lang} but the audio is in {spoken}", "warning",
        fix=f"Apple defines <language> as the language spoken and requires metadata that represents the content "
        f"accurately ({APPLE_CONTENT_GUIDELINES}, 1.1). Until you choose, the feed declares <language>"
        f"{feed.declared}</language>. Choose in [{table}] spoken = \"declare\" (declare {spoken}; titles and notes "
        f"stay in {lang}), \"block\" (<itunes:block>Yes</itunes:block>: out of directories, still there for direct "
        f"subscribers and the page) or \"notes\" (declare {lang} anyway, accepting that Apple may reject or "
        "remove the feed)",
        language=lang,
    )
