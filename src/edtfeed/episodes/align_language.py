"""The words of one language, as the chapter aligner compares them: stems, stop words and how common a word is.

All three come from maintained packages chosen by the transcript's language, never from a hand table: Snowball
stemmers (PyStemmer, 30+ languages), the stop words of stopwords-iso (58 languages) and the general word
frequencies of wordfreq (40+ languages, shipped inside its wheel: no download; its "small" lists, words said at
least once a million words, a tenth of the memory of the large ones and as good here: rarer words weigh fully
anyway). A language one of them does not know simply goes without that part (no stemming, no stop words, every
word equally rare), and still aligns.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field

from edtfeed.languages import cldr_locale

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
RARE_ZIPF = 7.0  # wordfreq's Zipf scale: a word this common (e.g. "the") or more carries no weight
STOP_ZIPF = 5.5  # a listed stop word at least this common is dropped ("first" is, "computer" is not)
UNKNOWN_ZIPF = 2.0  # a word wordfreq does not list (names, jargon, misspellings): about as rare as "panspermia"


def fold(word: str) -> str:
    """Case and accents dropped: what speech recognition and the notes' spelling most often disagree on."""
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in word if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Language:
    """One language's stemmer, stop words and general word frequencies (each may be missing)."""

    code: str  # ISO 639-1, e.g. "de"
    stemmer: object | None = field(repr=False, default=None)
    stop_words: frozenset[str] = field(repr=False, default=frozenset())  # folded
    frequencies: dict[str, float] = field(repr=False, default_factory=dict)  # lower-case word -> frequency

    def words(self, text: str) -> list[str]:
        """The content words of `text`, as written (stop words, numbers and one-letter words dropped)."""
        out = []
        for word in _WORD_RE.findall(text):
            folded = fold(word)
            if len(folded) > 1 and not folded.isdigit() and folded not in self.stop_words:
                out.append(word)
        return out

    def stem(self, word: str) -> str:
        """The word's stem in this language, folded: `Migrations` and `migrated` share one."""
        lower = word.casefold()
        if self.stemmer is not None:
            lower = self.stemmer.stemWord(lower)  # type: ignore[attr-defined]
        return fold(lower)

    def tokens(self, text: str) -> list[str]:
        """The stems of the content words of `text`, in order."""
        return [self.stem(word) for word in self.words(text)]

    def rarity(self, word: str) -> float:
        """0 (as common as "the") .. 1 (a word the language's lists do not know): how much hearing it tells."""
        frequency = self.frequencies.get(word.casefold())
        zipf = math.log10(frequency) + 9 if frequency else UNKNOWN_ZIPF
        return max(0.0, min(1.0, (RARE_ZIPF - zipf) / (RARE_ZIPF - UNKNOWN_ZIPF)))


@functools.cache
def language(code: str) -> Language:
    """The word tools for `code` (`pt-br` uses Portuguese), loaded once per process."""
    import Stemmer
    import stopwordsiso
    import wordfreq

    base = code.split("-")[0].lower()
    locale = cldr_locale(base)  # the Snowball algorithms are named in English: "german", "norwegian"
    name = locale.english_name.lower().split(" ")[0] if locale is not None and locale.english_name else ""
    stemmer = Stemmer.Stemmer(name) if name in Stemmer.algorithms() else None
    try:
        frequencies = wordfreq.get_frequency_dict(base, wordlist="small")
    except LookupError:
        frequencies = {}
    # stopwords-iso's lists are long (English has "computer" and "microsoft"): only their common words are kept.
    listed = stopwordsiso.stopwords(base) if stopwordsiso.has_lang(base) else set()
    floor = 10 ** (STOP_ZIPF - 9)
    stop_words = frozenset(fold(w) for w in listed if not frequencies or frequencies.get(w, 0.0) >= floor)
    return Language(base, stemmer, stop_words, frequencies)
