"""Language codes: a language CLDR knows with an optional script and region, normalised; the config and the
validator accept the same codes."""

from __future__ import annotations

import pytest

from babel import Locale
from pydantic import ValidationError

from edtfeed.config import ChaptersConfig
from edtfeed.languages import is_language_code, known_languages, normalise_language
from edtfeed.validate.checks import is_language


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es", "es"),
        ("ES", "es"),
        (" en ", "en"),
        ("pt-br", "pt-br"),
        ("pt_BR", "pt-br"),
        ("pt-BR", "pt-br"),
        ("es-419", "es-419"),  # UN M.49 region: Latin America
        ("zh-TW", "zh-tw"),
        ("ar", "ar"),
        ("ja", "ja"),
        ("zh-Hans", "zh-hans"),  # a script
        ("zh-Hant-TW", "zh-hant-tw"),  # a script and a region
        ("fil", "fil"),  # three letters: Filipino has no two-letter code
        ("yue", "yue"),
    ],
)
def test_normalise(code: str, expected: str) -> None:
    assert normalise_language(code) == expected


@pytest.mark.parametrize(
    "code", ["", "e", "eng", "english", "xx", "qq-br", "pt-brazil", "pt-b", "pt--br", "pt-12", "zh-br-hans",
             "de-1996", "war", "sh", "en-us-x"]
)
def test_unknown_codes_raise(code: str) -> None:
    with pytest.raises(ValueError):
        normalise_language(code)


@pytest.mark.parametrize(
    ("wrong", "hint"), [("jp", "ja"), ("iw", "he"), ("cn", "zh"), ("gr", "el"), ("eng", "en"), ("spa", "es")]
)
def test_common_mistakes_get_a_hint(wrong: str, hint: str) -> None:
    with pytest.raises(ValueError, match=f"did you mean '{hint}'"):
        normalise_language(wrong)


def test_non_string_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        normalise_language(False)  # type: ignore[arg-type]  # what YAML makes of `lang: no`


# Every ISO 639-1 code (183), accepted before CLDR knew the codes and still.
ISO_639_1 = """
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it
iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt
my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
za zh zu
""".split()


def test_every_iso_639_1_code_is_a_language() -> None:
    assert len(ISO_639_1) == 183
    assert set(ISO_639_1) <= known_languages()
    assert "jp" not in known_languages() and "bh" not in known_languages() and "sh" not in known_languages()


def _config_accepts(code: str) -> bool:
    try:
        ChaptersConfig(audio_language=code)
    except ValidationError:
        return False
    return True


AGREEMENT = [  # (code, accepted): records, the config and the validator decide alike
    ("en", True), ("EN", True), ("pt-BR", True), ("pt-br", True), ("es-419", True), ("zh-Hant", True),
    ("zh-Hant-TW", True), ("sr-Latn", True), ("fil", True), ("haw", True), ("yue-HK", True), ("tl", True),
    ("ab", True), ("vo", True), ("no", True), ("nb-NO", True),
    ("", False), ("x", False), ("xx", False), ("eng", False), ("spa", False), ("english", False), ("en-", False),
    ("en-u", False), ("en-usa", False), ("de-1996", False), ("en-US-x", False), ("zh-TW-Hant", False),
    ("sh", False), ("iw", False), ("jp", False), ("war", False), ("new", False), ("x-klingon", False),
    ("en us", False), ("1en", False),
]


@pytest.mark.parametrize(("code", "accepted"), AGREEMENT)
def test_records_config_and_validator_agree(code: str, accepted: bool) -> None:
    assert is_language_code(code) is accepted
    assert _config_accepts(code) is accepted
    assert is_language(code) is accepted


def test_they_agree_on_every_language_cldr_names() -> None:
    codes = [code for code in Locale("en").languages if code.isalpha() and len(code) <= 3]
    disagree = [code for code in codes if is_language_code(code) is not is_language(code)]
    assert len(codes) > 400 and disagree == []


def test_is_language_code_for_folder_names() -> None:
    assert is_language_code("en")
    assert is_language_code("pt-br")
    assert is_language_code("PT_BR")
    assert not is_language_code("edt-11")
    assert not is_language_code("episodes")
    assert not is_language_code("xx")
    assert not is_language_code("")
