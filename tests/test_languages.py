"""Language codes: ISO 639-1 with an optional region, normalised."""

from __future__ import annotations

import pytest

from edtfeed.read.languages import ISO_639_1, is_language_code, normalise_language


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
    ],
)
def test_normalise(code: str, expected: str) -> None:
    assert normalise_language(code) == expected


@pytest.mark.parametrize(
    "code", ["", "e", "eng", "english", "xx", "qq-br", "pt-brazil", "pt-b", "pt--br", "pt-12", "zh-Hans"]
)
def test_unknown_codes_raise(code: str) -> None:
    with pytest.raises(ValueError):
        normalise_language(code)


@pytest.mark.parametrize(("wrong", "hint"), [("jp", "ja"), ("iw", "he"), ("cn", "zh"), ("gr", "el")])
def test_common_mistakes_get_a_hint(wrong: str, hint: str) -> None:
    with pytest.raises(ValueError, match=f"did you mean '{hint}'"):
        normalise_language(wrong)


def test_non_string_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        normalise_language(False)  # type: ignore[arg-type]  # what YAML makes of `lang: no`


def test_table_is_complete_iso_639_1() -> None:
    assert len(ISO_639_1) == 183
    assert all(len(code) == 2 and code.isascii() and code.islower() for code in ISO_639_1)
    for code in ("en", "es", "de", "fr", "it", "pt", "ar", "ja", "no", "zu", "aa"):
        assert code in ISO_639_1
    assert "jp" not in ISO_639_1 and "bh" not in ISO_639_1


def test_is_language_code_for_folder_names() -> None:
    assert is_language_code("en")
    assert is_language_code("pt-br")
    assert is_language_code("PT_BR")
    assert not is_language_code("edt-11")
    assert not is_language_code("episodes")
    assert not is_language_code("xx")
    assert not is_language_code("")
