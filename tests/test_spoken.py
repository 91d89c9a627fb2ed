"""What each feed declares as its <language>: the language spoken in its audio, as the podcaster chooses.

The sample show's Spanish and Arabic records embed the English audio; a record with audio of its own is a dub.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from edtfeed.cli import main
from edtfeed.config import load_config
from edtfeed.episodes.episode import build_episode
from edtfeed.episodes.spoken import APPLE_CONTENT_GUIDELINES, audio_languages
from edtfeed.lock import TranscriptRef
from edtfeed.render import render_feed
from edtfeed.validate import validate_bytes, validate_file
from tests.factories import make_audio, make_config, make_record
from tests.feedkit import BASE_FEED, apply, run_feed
from tests.sample_show import copy_sample_show

CHOOSE = re.compile(r'^spoken = .*\n', re.MULTILINE)


def sample(tmp_path: Path, es: str | None = "declare", ar: str | None = "declare") -> Path:
    """A copy of the sample show whose es and ar feeds choose `es`/`ar` (None: not chosen)."""
    config = copy_sample_show(tmp_path)
    text = CHOOSE.sub("", config.read_text())
    for lang, choice in (("es", es), ("ar", ar)):
        if choice is not None:
            text = text.replace(f"[show.languages.{lang}]\n", f'[show.languages.{lang}]\nspoken = "{choice}"\n')
    config.write_text(text)
    return tmp_path


def publish(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(root / "edtfeed.toml"), "publish", "--offline", *args])


def feed(root: Path, lang: str) -> bytes:
    return (root / "feeds" / lang / "feed.xml").read_bytes()


def spoken_findings(root: Path, lang: str) -> list:
    return [f for f in validate_file(root / "feeds" / lang / "feed.xml") if f.code == "apple.language-spoken"]


def unchosen(output: str, lang: str) -> list[str]:
    return [line for line in output.splitlines()
            if line.startswith(f"{lang}/feed.xml: warning: the show notes are in {lang} but the audio")]


# ---------------------------------------------------------------- the three choices, byte for byte

def test_declare_puts_the_audio_language_in_the_feed_and_keeps_the_text_translated(tmp_path: Path) -> None:
    root = sample(tmp_path, es="declare")
    result = publish(root)
    assert result.exit_code == 0, result.output
    es = feed(root, "es")
    assert b"\n    <language>en</language>\n" in es and b"<itunes:block>" not in es
    assert "<title>Abrazando la Transformación Digital (muestra)</title>".encode() in es
    assert b'<podcast:alternateEnclosure type="audio/mpeg" length="52428800" default="true" lang="en">' in es
    assert not unchosen(result.output, "es") and spoken_findings(root, "es") == []
    # The page is text people read: it stays in the notes' language.
    assert b'<html lang="es" dir="ltr">' in (root / "feeds" / "es" / "index.html").read_bytes()


def test_block_keeps_the_notes_language_and_keeps_the_feed_out_of_directories(tmp_path: Path) -> None:
    root = sample(tmp_path, es="block")
    result = publish(root)
    assert result.exit_code == 0, result.output
    es = feed(root, "es")
    assert b"\n    <language>es</language>\n" in es
    assert b"\n    <itunes:type>episodic</itunes:type>\n    <itunes:block>Yes</itunes:block>\n" in es
    assert not unchosen(result.output, "es") and spoken_findings(root, "es") == []  # no directory lists it
    assert b"<itunes:block>" not in feed(root, "en") + feed(root, "ar")


def test_notes_declares_the_notes_language_and_validate_warns_as_publish_does(tmp_path: Path) -> None:
    root = sample(tmp_path, es="notes")
    result = publish(root)
    assert result.exit_code == 0, result.output
    es = feed(root, "es")
    assert b"\n    <language>es</language>\n" in es and b"<itunes:block>" not in es
    assert not unchosen(result.output, "es")
    [finding] = spoken_findings(root, "es")
    assert finding.severity == "warning" and finding.item == "episode-SAMPLE3-es"
    assert "<language> is 'es', but the audio of 3 of 3 item(s) is in 'en'" in finding.message
    assert "[apple.language-spoken]" in result.output  # publish ran the same rule on the same bytes
    before = feed(root, "es")
    strict = publish(root, "--strict", "--no-cache")
    assert strict.exit_code == 1 and "apple.language-spoken" in strict.output  # a warning, held back by --strict
    assert feed(root, "es") == before


def test_a_dubbed_record_is_declared_in_its_own_language_without_a_warning(tmp_path: Path) -> None:
    root = sample(tmp_path)
    english = (root / "episodes" / "edt-3" / "es" / "episode.md").read_text(encoding="utf-8")
    dub = root / "episodes" / "edt-3" / "fr" / "episode.md"
    dub.parent.mkdir()
    dub.write_text(english.replace("lang: es", "lang: fr").replace("episode-SAMPLE3-es", "episode-SAMPLE3-fr")
                   .replace('id="c0ffee42"', 'id="f7e1d0b0"'), encoding="utf-8")
    lock = json.loads((root / "edtfeed.lock").read_text())
    lock["audio"]["f7e1d0b0"] = {**lock["audio"]["c0ffee42"], "embed_id": "f7e1d0b0", "guid": "fr-dub",
                                 "url": "https://media.transistor.fm/f7e1d0b0/0d0b.mp3"}
    (root / "edtfeed.lock").write_text(json.dumps(lock, indent=2, sort_keys=True))
    result = publish(root)
    assert result.exit_code == 0, result.output
    fr = feed(root, "fr")
    assert b"\n    <language>fr</language>\n" in fr
    assert b"alternateEnclosure" not in fr and b"<itunes:block>" not in fr
    assert not unchosen(result.output, "fr") and "[show.languages.fr] spoken" not in result.output
    assert spoken_findings(root, "fr") == []


def test_a_translation_stays_a_translation_when_the_original_record_is_gone(tmp_path: Path) -> None:
    """The English feed's ledger remembers which audio it published: deleting (or breaking) the English record
    does not turn its Spanish translation into a Spanish dub."""
    root = sample(tmp_path)
    assert publish(root).exit_code == 0
    assert feed(root, "es").count(b'default="true" lang="en"') == 3
    (root / "episodes" / "edt-3" / "en" / "episode.md").unlink()
    result = publish(root)
    assert result.exit_code == 0, result.output
    assert feed(root, "es").count(b'default="true" lang="en"') == 3  # episode 3's audio is still English


# ---------------------------------------------------------------- until chosen

def test_until_chosen_publish_warns_once_per_language_with_the_choices_and_apples_rule(tmp_path: Path) -> None:
    root = sample(tmp_path, es=None, ar=None)
    for _ in range(2):  # the second run is replayed from the cache: the same warnings, once each
        result = publish(root)
        assert result.exit_code == 0, result.output
        # One message for both languages, naming them: not the same 600 characters once per language.
        [line] = [line for line in result.output.splitlines() if "the show notes are in" in line]
        assert line.startswith("<lang>/feed.xml (ar, es): warning: the show notes are in <lang> but the audio is in en")
        assert APPLE_CONTENT_GUIDELINES in line and "[show.languages.<lang>] spoken = " in line
        assert all(f'"{choice}"' in line for choice in ("declare", "block", "notes"))
    assert b"\n    <language>en</language>\n" in feed(root, "es")  # the default is to declare what is spoken
    chosen = publish(sample(tmp_path / "chosen", es="declare", ar=None))
    assert not unchosen(chosen.output, "es") and len(unchosen(chosen.output, "ar")) == 1


def test_publish_of_one_language_knows_what_the_others_embed(tmp_path: Path) -> None:
    root = sample(tmp_path)
    assert publish(root).exit_code == 0
    whole = feed(root, "es")
    (root / "feeds" / "es" / "feed.xml").unlink()
    assert publish(root, "--lang", "es", "--no-cache").exit_code == 0
    # Neither taken for a Spanish dub nor timed on its own because the English records were not built.
    assert feed(root, "es") == whole


# ---------------------------------------------------------------- where the audio language comes from

def test_the_old_chapters_key_still_sets_the_audio_language_with_a_warning(tmp_path: Path) -> None:
    root = sample(tmp_path)
    config = root / "edtfeed.toml"
    config.write_text(config.read_text().replace('audio_language = "en"', "").replace(
        "[chapters]\n", '[chapters]\naudio_language = "ES"\n'))
    assert load_config(config).audio_language == "es"
    result = publish(root)
    assert result.exit_code == 0, result.output
    assert ("edtfeed.toml: warning: [chapters] audio_language is now [show] audio_language" in result.output
            and 'move `audio_language = "es"` to [show]' in result.output)
    # Episode 1's transcript says its audio is English; the other two are now taken as Spanish.
    assert unchosen(result.output, "en") and "the show notes are in en but the audio is in es" in result.output

    config.write_text(config.read_text().replace("[show]\n", '[show]\naudio_language = "en"\n'))
    assert load_config(config).audio_language == "en"
    again = publish(root)
    assert 'it is ignored, [show] audio_language = "en" is used: delete it from [chapters]' in again.output
    assert not unchosen(again.output, "en")


def test_show_audio_language_must_be_a_language_code(tmp_path: Path) -> None:
    root = sample(tmp_path)
    config = root / "edtfeed.toml"
    config.write_text(config.read_text().replace('audio_language = "en"', 'audio_language = "English"'))
    result = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline"])
    assert result.exit_code == 2 and "[show.audio_language] 'English' is not a language code" in result.output


def test_a_spoken_choice_outside_the_three_is_a_config_error(tmp_path: Path) -> None:
    root = sample(tmp_path, es="dub")
    result = publish(root)
    assert result.exit_code == 2 and "[show.languages.es.spoken] Input should be 'declare', 'block' or 'notes'" \
        in result.output


@pytest.mark.parametrize(("records", "transcripts", "expected"), [
    ([("en", "aaaa0001"), ("de", "aaaa0001")], [], {"aaaa0001": "en"}),  # a translation of the original
    ([("de", "bbbb0002")], [], {"bbbb0002": "de"}),  # audio of its own: a dub
    ([("en-us", "cccc0003"), ("de", "cccc0003")], [], {"cccc0003": "en"}),  # a region is the same language
    ([("de", "dddd0004"), ("fr", "dddd0004")], [], {"dddd0004": "en"}),  # shared, the audio-language record absent
    ([("en", "eeee0005"), ("de", "eeee0005")], ["de"], {"eeee0005": "de"}),  # the host's transcript says so
    ([("de", "ffff0006")], ["en", "de"], {"ffff0006": "de"}),  # transcripts that disagree say nothing
])
def test_which_language_an_audio_is_spoken_in(records: list[tuple[str, str]], transcripts: list[str],
                                              expected: dict[str, str]) -> None:
    made = [make_record(lang=lang, embed_id=embed_id, rel=f"ep/{lang}.md") for lang, embed_id in records]
    refs = [TranscriptRef(url=f"https://example.org/{lang}.vtt", type="text/vtt", language=lang)
            for lang in transcripts]
    audio = {embed_id: make_audio(embed_id=embed_id, transcripts=refs) for _, embed_id in records}
    assert audio_languages(made, audio, "en") == expected


def test_an_http_enclosure_gets_no_alternate_enclosure_that_would_break_podcast_https() -> None:
    config = make_config(languages={"de": {"spoken": "notes"}})
    for url, signal in (("https://media.example.org/a.mp3", True), ("http://media.example.org/a.mp3", False)):
        audio = make_audio(url=url)
        episode = build_episode(make_record(lang="de"), audio, config, spoken="en")
        data = render_feed(config, "de", [episode], ["de", "en"])
        assert (b"<podcast:alternateEnclosure" in data) is signal
        assert "podcast.https" not in {f.code for f in validate_bytes(data, "de/feed.xml")}


# ---------------------------------------------------------------- validate on any feed

ALTERNATE = ('<podcast:alternateEnclosure type="audio/mpeg" length="999" default="true" lang="{}">'
             '<podcast:source uri="https://media.example.org/ep1.mp3"/></podcast:alternateEnclosure>')
EP1 = "<itunes:episode>1</itunes:episode>"


def test_validate_reads_the_language_an_item_declares_for_its_audio(tmp_path: Path) -> None:
    dubbed = apply(BASE_FEED, ((EP1, EP1 + ALTERNATE.format("de")),))
    [finding] = run_feed(tmp_path, dubbed).findings
    assert finding.code == "apple.language-spoken" and finding.item == "ep-1" and finding.severity == "warning"
    assert "the audio of 1 of 2 item(s) is in 'de', by their podcast:alternateEnclosure lang" in finding.message
    same = apply(BASE_FEED, ((EP1, EP1 + ALTERNATE.format("en-GB")),))
    assert run_feed(tmp_path, same).findings == []
    not_the_enclosure = apply(dubbed, (('default="true" ', ""),))  # another file's language, not this audio's
    assert run_feed(tmp_path, not_the_enclosure).findings == []
    blocked = apply(dubbed, (("<itunes:type>", "<itunes:block>Yes</itunes:block><itunes:type>"),))
    assert run_feed(tmp_path, blocked).findings == []


def test_the_alternate_enclosure_outweighs_a_translated_transcript(tmp_path: Path) -> None:
    """An English item whose only transcript is a German translation, in a German feed, says so itself."""
    feed_text = apply(BASE_FEED, (("<language>en<", "<language>de<"), ('language="en"', 'language="de"')))
    assert run_feed(tmp_path, feed_text).findings == []
    weak = apply(feed_text, (('language="de"', 'language="en"'),))
    [hint] = run_feed(tmp_path, weak).findings
    assert "only by their transcripts' language" in hint.message and hint.item == "ep-2"
    ep2 = "<itunes:episode>2</itunes:episode>"
    strong = apply(weak, ((ep2, ep2 + ALTERNATE.format("de").replace("ep1", "ep2")),))
    assert run_feed(tmp_path, strong).findings == []
