"""What CLDR (through Babel) knows about a language code: its locale and the direction its script runs.

One home, so every file in a language agrees: the page and the HTML transcript of a Pashto episode are both
right-to-left because CLDR says so, not because a hand-kept list remembered it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=64)
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
