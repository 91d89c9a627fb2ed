"""Language codes: ISO 639-1, with an optional region, normalised to the form feeds and folders use (`pt-br`).

A feed's `<language>` and its output folder come from these codes, so a typo must stop at the record that made
it, not produce a feed in a language no directory knows.
"""

from __future__ import annotations

import re
import sys
from types import MappingProxyType

# ISO 639-1: every current two-letter code (183) and its English name.
ISO_639_1: MappingProxyType[str, str] = MappingProxyType(
    {
        "aa": "Afar", "ab": "Abkhazian", "ae": "Avestan", "af": "Afrikaans", "ak": "Akan", "am": "Amharic",
        "an": "Aragonese", "ar": "Arabic", "as": "Assamese", "av": "Avaric", "ay": "Aymara", "az": "Azerbaijani",
        "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian", "bi": "Bislama", "bm": "Bambara", "bn": "Bengali",
        "bo": "Tibetan", "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "ce": "Chechen", "ch": "Chamorro",
        "co": "Corsican", "cr": "Cree", "cs": "Czech", "cu": "Church Slavic", "cv": "Chuvash", "cy": "Welsh",
        "da": "Danish", "de": "German", "dv": "Divehi", "dz": "Dzongkha", "ee": "Ewe", "el": "Greek",
        "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
        "ff": "Fulah", "fi": "Finnish", "fj": "Fijian", "fo": "Faroese", "fr": "French", "fy": "Western Frisian",
        "ga": "Irish", "gd": "Scottish Gaelic", "gl": "Galician", "gn": "Guarani", "gu": "Gujarati", "gv": "Manx",
        "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "ho": "Hiri Motu", "hr": "Croatian", "ht": "Haitian",
        "hu": "Hungarian", "hy": "Armenian", "hz": "Herero", "ia": "Interlingua", "id": "Indonesian",
        "ie": "Interlingue", "ig": "Igbo", "ii": "Sichuan Yi", "ik": "Inupiaq", "io": "Ido", "is": "Icelandic",
        "it": "Italian", "iu": "Inuktitut", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kg": "Kongo",
        "ki": "Kikuyu", "kj": "Kuanyama", "kk": "Kazakh", "kl": "Kalaallisut", "km": "Khmer", "kn": "Kannada",
        "ko": "Korean", "kr": "Kanuri", "ks": "Kashmiri", "ku": "Kurdish", "kv": "Komi", "kw": "Cornish",
        "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lg": "Ganda", "li": "Limburgish", "ln": "Lingala",
        "lo": "Lao", "lt": "Lithuanian", "lu": "Luba-Katanga", "lv": "Latvian", "mg": "Malagasy",
        "mh": "Marshallese", "mi": "Maori", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
        "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "na": "Nauru", "nb": "Norwegian Bokmål",
        "nd": "North Ndebele", "ne": "Nepali", "ng": "Ndonga", "nl": "Dutch", "nn": "Norwegian Nynorsk",
        "no": "Norwegian", "nr": "South Ndebele", "nv": "Navajo", "ny": "Chichewa", "oc": "Occitan",
        "oj": "Ojibwa", "om": "Oromo", "or": "Oriya", "os": "Ossetian", "pa": "Punjabi", "pi": "Pali",
        "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "rm": "Romansh", "rn": "Rundi",
        "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit", "sc": "Sardinian",
        "sd": "Sindhi", "se": "Northern Sami", "sg": "Sango", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian",
        "sm": "Samoan", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian", "ss": "Swati",
        "st": "Southern Sotho", "su": "Sundanese", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
        "te": "Telugu", "tg": "Tajik", "th": "Thai", "ti": "Tigrinya", "tk": "Turkmen", "tl": "Tagalog",
        "tn": "Tswana", "to": "Tonga", "tr": "Turkish", "ts": "Tsonga", "tt": "Tatar", "tw": "Twi",
        "ty": "Tahitian", "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "ve": "Venda",
        "vi": "Vietnamese", "vo": "Volapük", "wa": "Walloon", "wo": "Wolof", "xh": "Xhosa", "yi": "Yiddish",
        "yo": "Yoruba", "za": "Zhuang", "zh": "Chinese", "zu": "Zulu",
    }
)  # fmt: skip

# Codes people write that are not ISO 639-1 (withdrawn codes, country codes): what they should write instead.
_HINTS: MappingProxyType[str, str] = MappingProxyType(
    {
        "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr", "bh": "hi",  # withdrawn
        "jp": "ja", "cn": "zh", "gr": "el", "dk": "da", "ua": "uk", "cz": "cs", "vn": "vi", "kz": "kk",
        "rs": "sr", "ir": "fa", "il": "he", "pk": "ur", "gb": "en", "us": "en", "uk-ua": "uk",
    }
)  # fmt: skip

_CODE = re.compile(r"(?P<language>[a-z]{2})(?:-(?P<region>[a-z]{2}|\d{3}))?")


def normalise_language(code: str) -> str:
    """`es`, `ES`, `pt_BR`, `pt-BR` -> `es`, `pt-br`; ValueError naming the fix for anything else."""
    if not isinstance(code, str):
        raise ValueError(f"language {code!r} is not a language code (write one such as 'en' or 'pt-br')")
    text = code.strip().lower().replace("_", "-")
    match = _CODE.fullmatch(text)
    if match is None:
        raise ValueError(
            f"language {code!r} is not a language code: use an ISO 639-1 code with an optional region, "
            "such as 'en', 'es' or 'pt-br'"
        )
    if match["language"] not in ISO_639_1:
        hint = _HINTS.get(text) or _HINTS.get(match["language"])
        advice = f"did you mean {hint!r}?" if hint else "use an ISO 639-1 code such as 'en', 'es' or 'pt-br'"
        raise ValueError(f"unknown language {code!r}: {advice}")
    return sys.intern(text)  # one object per code however many records (and feeds) carry it


def is_language_code(name: str) -> bool:
    """Whether a folder name is a language code (`edt-11/en/episode.md` is English)."""
    try:
        normalise_language(name)
    except ValueError:
        return False
    return True
