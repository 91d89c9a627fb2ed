"""Language codes: the one normaliser for records, folders, the config and the command line, and what CLDR
knows of a code (its locale, the direction its script runs), so every file in a language agrees.

A code is a primary language subtag (two letters, or three for a language that has no two-letter code), then an
optional script and an optional region, as BCP 47 writes them: `en`, `pt-BR`, `es-419`, `zh-Hant-TW`, `fil`. It
is normalised to the form feeds and folders use: lower case, `-` between subtags (`pt-br`). The primary subtag
must be a language CLDR knows (through Babel): every two-letter code it names (ISO 639-1), and the three-letter
codes of the languages it has locale data for.

A feed's `<language>` and its output folder come from these codes, so a typo must stop at the record that made
it, not produce a feed in a language no directory knows.
"""

from __future__ import annotations

import functools
import re
import sys
from types import MappingProxyType
from typing import Literal

from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global

# Codes people write that are not language codes (withdrawn codes, country codes): what they should write instead.
_HINTS: MappingProxyType[str, str] = MappingProxyType(
    {
        "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr", "bh": "hi",  # withdrawn
        "jp": "ja", "cn": "zh", "gr": "el", "dk": "da", "ua": "uk", "cz": "cs", "vn": "vi", "kz": "kk",
        "rs": "sr", "ir": "fa", "il": "he", "pk": "ur", "gb": "en", "us": "en", "uk-ua": "uk",
    }
)  # fmt: skip

_CODE = re.compile(r"(?P<language>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|\d{3}))?")
_ADVICE = "use a language code with an optional region (or script), such as 'en', 'es', 'pt-br' or 'zh-hant'"


@functools.cache
def known_languages() -> frozenset[str]:
    """The primary subtags accepted: the two-letter codes CLDR names and the languages it has locale data for
    (three letters for those without two: a language with a two-letter code is written with it, `eng` is refused
    for `en`), less the withdrawn codes the hints redirect (CLDR still names `sh`)."""
    two_letters = {code for code in Locale("en").languages if len(code) == 2 and code.isalpha()}
    with_data = {identifier.split("_")[0] for identifier in localedata.locale_identifiers()}
    return frozenset((two_letters | with_data) - set(_HINTS))


def _hint(text: str, language: str) -> str | None:
    """What to write instead: the hint table, else CLDR's alias of the code (`eng` -> `en`) when it is accepted."""
    alias = str(get_global("language_aliases").get(language, ""))
    return _HINTS.get(text) or _HINTS.get(language) or (alias if alias in known_languages() else None)


def normalise_language(code: str) -> str:
    """`es`, `ES`, `pt_BR`, `pt-BR`, `zh-Hant` -> `es`, `pt-br`, `zh-hant`; ValueError naming the fix otherwise."""
    if not isinstance(code, str):
        raise ValueError(f"{code!r} is not a language code (write one such as 'en' or 'pt-br')")
    text = code.strip().lower().replace("_", "-")
    match = _CODE.fullmatch(text)
    if match is None:
        raise ValueError(f"{code!r} is not a language code: {_ADVICE}")
    if match["language"] not in known_languages():
        hint = _hint(text, match["language"])
        raise ValueError(f"unknown language {code!r}: " + (f"did you mean {hint!r}?" if hint else _ADVICE))
    return sys.intern(text)  # one object per code however many records (and feeds) carry it


def is_language_code(name: str) -> bool:
    """Whether a folder name is a language code (`edt-11/en/episode.md` is English)."""
    try:
        normalise_language(name)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def cldr_locale(lang: str) -> Locale | None:
    """The CLDR locale of a code such as `pt-br`, else of its language alone (`pt`); None when CLDR has neither."""
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(lang.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return None


def direction(lang: str) -> Literal["rtl", "ltr"]:
    """`rtl` for the languages CLDR writes right to left (Arabic, Hebrew, Persian, Pashto, Dhivehi …), else `ltr`."""
    locale = cldr_locale(lang)
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"
