"""Transcript blocks -> HTML transcript files: speakers and times when readable, plain paragraphs otherwise."""

from __future__ import annotations

import lxml.html
import pytest

from edtfeed.episodes.transcripts import read_turns
from edtfeed.render import sidecars


def transcript_html(html: str, title: str, lang: str) -> bytes | None:
    """The HTML transcript file publish writes for a transcript block; None when the block has no text."""
    found = read_turns(html)
    return sidecars.transcript_html(found, title, lang) if found else None


def turns(html: str, known: tuple[str, ...] = ()) -> list[tuple[str | None, int | None, list[str]]]:
    return [(t.speaker, t.start, t.paragraphs) for t in read_turns(html, known)]


def test_name_colon_lines_within_one_paragraph() -> None:
    html = "<p>Alice: Welcome to the show.\nBob: Thanks for having me.\nIt is great.</p>\n<p>Alice: Let us begin.</p>"
    assert turns(html) == [("Alice", None, ["Welcome to the show."]),
                           ("Bob", None, ["Thanks for having me. It is great."]),
                           ("Alice", None, ["Let us begin."])]


def test_bracketed_times_and_speakers() -> None:
    html = "[00:00:05] Alice: Hello there\n[00:01:02] Bob Stone: Hi\n[01:00:00] A line without a speaker"
    assert turns(html) == [("Alice", 5, ["Hello there"]), ("Bob Stone", 62, ["Hi"]),
                           (None, 3600, ["A line without a speaker"])]


def test_bold_speakers_in_html_and_markdown() -> None:
    assert turns("<p><strong>Alice:</strong> one</p><p><b>Bob</b> two</p>") == [
        ("Alice", None, ["one"]), ("Bob", None, ["two"])]
    assert turns("**Alice:** one\n**Bob**: two") == [("Alice", None, ["one"]), ("Bob", None, ["two"])]


def test_export_style_name_then_time_line() -> None:
    assert turns("Alice Example  0:03\nHello everyone.\nBob  1:05:02\nHi!") == [
        ("Alice Example", 3, ["Hello everyone."]), ("Bob", 3902, ["Hi!"])]


def test_single_label_is_text_not_a_speaker() -> None:
    html = "Note: this is plain.\n\nSecond paragraph spans\ntwo lines.\n\ntranslate: lower case is never a name"
    assert turns(html) == [(None, None, ["Note: this is plain.", "Second paragraph spans two lines.",
                                         "translate: lower case is never a name"])]


def test_known_speaker_counts_once() -> None:
    assert turns("Darren: only once", known=("Darren W Pulsipher",)) == [("Darren", None, ["only once"])]
    assert turns("Darren: only once") == [(None, None, ["Darren: only once"])]


def test_unsafe_markup_is_escaped_or_dropped() -> None:
    document = transcript_html('<p>Alice: 1 < 2 &amp; <script>alert("x")</script><img src=x onerror=y>ok</p>'
                               "<p>Alice: bye</p>", "Ep <b>1</b>", "en")
    assert document is not None
    text = document.decode()
    assert "<script" not in text and "onerror" not in text and "<img" not in text
    assert "<title>Transcript: Ep &lt;b&gt;1&lt;/b&gt;</title>" in text
    assert "<p>1 &lt; 2 &amp; ok</p>" in text


def test_document_shape_follows_the_namespace_format() -> None:
    document = transcript_html("[00:00:05] Alice: Hello\n[00:01:10] Bob: Hi", "Ep", "ar")
    assert document is not None
    tree = lxml.html.document_fromstring(document)
    assert tree.get("lang") == "ar" and tree.get("dir") == "rtl"
    body = tree.find("body")
    assert [(e.tag, e.text) for e in body] == [("cite", "Alice:"), ("time", "0:05"), ("p", "Hello"),
                                               ("cite", "Bob:"), ("time", "1:10"), ("p", "Hi")]
    assert document.startswith(b"<!DOCTYPE html>\n") and b'<meta charset="utf-8">' in document


def test_plain_transcript_is_paragraphs() -> None:
    document = transcript_html("<p>First paragraph.</p><p>Second<br>line.</p>", "Ep", "fr")
    assert document is not None
    body = lxml.html.document_fromstring(document).find("body")
    assert [(e.tag, e.text) for e in body] == [("p", "First paragraph."), ("p", "Second line.")]
    assert b"<title>Transcription: Ep</title>" in document


@pytest.mark.parametrize("lang", ["ps", "sd", "ug", "dv", "ar", "fa-af", "he", "ur", "yi"])
def test_right_to_left_languages_as_cldr_says(lang: str) -> None:
    document = transcript_html("Alice: Hello", "Ep", lang)
    assert document is not None and lxml.html.document_fromstring(document).get("dir") == "rtl"


@pytest.mark.parametrize("lang", ["en", "pt-br", "tr", "xx"])
def test_left_to_right_languages_have_no_dir(lang: str) -> None:
    document = transcript_html("Alice: Hello", "Ep", lang)
    assert document is not None and b" dir=" not in document


@pytest.mark.parametrize("html", ["", "<p></p>", "  \n ", "<p> <br> </p>", "<script>x</script>"])
def test_empty_blocks_give_no_document(html: str) -> None:
    assert transcript_html(html, "Ep", "en") is None

