"""The host's timed transcripts: read from untrusted bytes, pinned beside the lock once, a timing source of the
chapters in its place of the precedence, and never a reason for a build to fail or to go online."""

from __future__ import annotations

import hashlib
import json
import re
import ssl
from pathlib import Path

import pytest
import trustme
from click.testing import CliRunner, Result

from edtfeed.cli import main
from edtfeed.config import ChaptersConfig
from edtfeed.episodes.align import MIN_CONFIDENCE
from edtfeed.episodes.chapters import ChapterTiming, build_chapters
from edtfeed.lock import load_lock
from edtfeed.read.cues import TimedTranscriptError, parse_timed, plain_cues
from edtfeed.resolve.transcripts import MAX_TRANSCRIPT_BYTES
from tests.chapter_fixtures import make_record
from tests.fake_transistor import FakeEpisode, FakeTransistor
from tests.sample_show import REPO
from tests.transcript_fixtures import DURATION, TOPICS, episode_cues, episode_vtt, notes_body, record_markdown

EMBED = "7a11c0de"
TRUE_STARTS = [start for start, *_ in TOPICS]


def host_cues() -> list[tuple[float, float, str]]:
    return plain_cues(parse_timed(episode_vtt(), "vtt").cues)


# -- reading timed transcripts -------------------------------------------------------------------------------------


def test_vtt_voices_notes_settings_and_entities() -> None:
    body = ("\ufeffWEBVTT - a title\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: red }\n\n"
            "intro\n00:01.500 --> 00:04.000 align:start position:10%\n<v.loud Ada Example>Hello &amp; <b>welcome</b>"
            "\n\n01:00:00.000 --> 01:00:02.250\n<v Darren>Later\non two lines\n").encode()
    cues = parse_timed(body, "vtt").cues
    assert [(c.start, c.end, c.text, c.voice) for c in cues] == [
        (1.5, 4.0, "Hello & welcome", "Ada Example"), (3600.0, 3602.25, "Later on two lines", "Darren")]


def test_srt_and_json_give_the_same_cues() -> None:
    srt = (b"1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>Hello</i> there\r\n\r\n"
           b"2\r\n00:00:04,000 --> 00:00:05,000\r\nBye\r\n")
    json_body = json.dumps({"version": "1.0.0", "segments": [
        {"speaker": "Ada", "startTime": 1, "endTime": 3.5, "body": "Hello there"},
        {"startTime": 4.0, "endTime": 5, "body": "Bye"}]}).encode()
    from_srt = [(c.start, c.end, c.text) for c in parse_timed(srt, "srt").cues]
    from_json = parse_timed(json_body, "json").cues
    assert from_srt == [(c.start, c.end, c.text) for c in from_json] == [(1.0, 3.5, "Hello there"), (4.0, 5.0, "Bye")]
    assert from_json[0].voice == "Ada"


def test_a_malformed_cue_costs_only_itself() -> None:
    body = (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:99.000 --> 00:01:00.000\nbad seconds\n\n"
            b"no timing line here\n\n99:00:00.000 --> 99:00:01.000\npast 48 hours\n\n"
            b"00:00:05.000 --> 00:00:03.000\nends before it starts\n")
    parsed = parse_timed(body, "vtt")
    assert [(c.start, c.end, c.text) for c in parsed.cues] == [(1.0, 2.0, "fine"), (5.0, 5.0, "ends before it starts")]
    assert parsed.skipped == 3


@pytest.mark.parametrize(("body", "kind", "why"), [
    (b"<!DOCTYPE html><html>Sign in</html>", "vtt", "does not start with WEBVTT"),
    (b"WEBVTT\n\nnothing timed\n", "vtt", "no readable cue (1 malformed)"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nna\xefve caf\xe9\n", "vtt", "not UTF-8"),
    (b'{"segments": [' * 100_000, "json", "malformed JSON"),
    (b'{"version": "1.0.0"}', "json", 'no "segments" list'),
    (b'{"segments": [{"startTime": NaN, "endTime": 1, "body": "x"}]}', "json", "no readable cue"),
    (b"just text\n", "srt", "no readable cue"),
])
def test_what_is_not_a_timed_transcript_is_refused_with_the_reason(body: bytes, kind: str, why: str) -> None:
    with pytest.raises(TimedTranscriptError, match=re.escape(why)):
        parse_timed(body, kind)


# -- the timing source and its place in the precedence -------------------------------------------------------------


def test_host_transcript_with_an_intro_ads_and_misheard_words_places_every_chapter() -> None:
    chapters = build_chapters(make_record(notes_body()), DURATION, ChaptersConfig(), host_cues()).chapters
    assert [c.source for c in chapters] == ["opening"] + ["host-transcript"] * len(TOPICS)
    assert all(abs(c.start - true) <= 15 for c, true in zip(chapters[1:], TRUE_STARTS)), chapters
    assert all(c.confidence is not None and c.confidence >= MIN_CONFIDENCE for c in chapters[1:])
    estimated = build_chapters(make_record(notes_body()), DURATION, ChaptersConfig()).chapters
    assert sum(abs(c.start - true) <= 30 for c, true in zip(estimated[1:], TRUE_STARTS)) < len(TOPICS)  # baseline


def _timed_block(offset: int) -> str:
    """The record's own transcript block: one turn per minute, its topics said `offset` seconds after the truth."""
    turns = []
    for start, end, text, voice in episode_cues():
        if start % 60 == 0:
            turns.append(f"[{_clock(int(start) + offset)}] {voice}: {text}")
    return "\n".join(turns)


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def test_precedence_written_times_then_host_transcript_then_own_transcript_then_estimate() -> None:
    body = notes_body().replace("## Data Governance", "## 09:00 Data Governance")
    record = make_record(body, transcript=_timed_block(0))
    config = ChaptersConfig()

    both = build_chapters(record, DURATION, config, host_cues()).chapters
    assert [c.source for c in both] == ["opening", "host-transcript", "heading", "host-transcript", "host-transcript"]
    assert both[2].start == 540  # the written time wins over what the transcript says (600)

    own_only = build_chapters(record, DURATION, config).chapters
    assert [c.source for c in own_only][1:] == ["transcript", "heading", "transcript", "transcript"]

    neither = build_chapters(make_record(body), DURATION, config).chapters
    assert [c.source for c in neither][1:] == ["estimate", "heading", "estimate", "estimate"]

    listed = make_record(body, chapters=[{"start": "0:00", "title": "Start"}, {"start": "20:00", "title": "End"}])
    assert [c.source for c in build_chapters(listed, DURATION, config, host_cues()).chapters] == ["front-matter"] * 2

    noted = make_record("00:00 Hello\n05:00 Middle\n25:00 End\n\n" + body)
    assert {c.source for c in build_chapters(noted, DURATION, config, host_cues()).chapters} == {"notes-list"}


def test_a_low_confidence_match_falls_back_to_the_next_source() -> None:
    """A transcript that never says the topics' words (a wrong file, another episode) times no chapter."""
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit"
    unrelated = [(float(t), t + 5.0, words) for t in range(0, DURATION, 5)]
    record = make_record(notes_body(), transcript=_timed_block(0))
    chapters = build_chapters(record, DURATION, ChaptersConfig(), unrelated).chapters
    assert [c.source for c in chapters][1:] == ["transcript"] * len(TOPICS)  # the record's own transcript
    alone = build_chapters(make_record(notes_body()), DURATION, ChaptersConfig(), unrelated).chapters
    assert [c.source for c in alone][1:] == ["estimate"] * len(TOPICS)


def test_translations_take_the_audio_languages_aligned_times() -> None:
    """The host transcript is in the audio's language: only that record is aligned, its translation shares it."""
    en = make_record(notes_body(), rel="edge/en.md", lang="en", embed_id=EMBED)
    spanish = notes_body()
    for _, title, text, _ in TOPICS:
        spanish = spanish.replace(title, f"Tema {title[:4]}").replace(text, "Texto traducido.")
    es = make_record(spanish, rel="edge/es.md", lang="es", embed_id=EMBED)
    timing = ChapterTiming.of([en, es], {EMBED: DURATION}, ChaptersConfig(), "en", {EMBED: host_cues()})
    en_chapters, es_chapters = timing.chapters(en).chapters, timing.chapters(es).chapters
    assert [c.start for c in es_chapters] == [c.start for c in en_chapters]
    assert [c.source for c in es_chapters][1:] == ["host-transcript"] * len(TOPICS)
    assert timing.cues_for(es) == ()


# -- pinned beside the lock, end to end over the fake host ---------------------------------------------------------

def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


@pytest.fixture
def show(tmp_path: Path, fake_transistor: FakeTransistor, virtual_waits: None) -> Path:
    """The sample show's config over the fake, with one English record of the edge episode."""
    fake_transistor.episodes.append(FakeEpisode(EMBED, title="Edge Data Plans", duration=DURATION,
                                                transcript_body=episode_vtt()))
    record = tmp_path / "episodes" / "edge" / "en" / "episode.md"
    record.parent.mkdir(parents=True)
    record.write_text(record_markdown(EMBED), encoding="utf-8")
    config = tmp_path / "edtfeed.toml"
    config.write_text((REPO / "edtfeed.toml").read_text(encoding="utf-8")
                      .replace("https://feeds.transistor.fm/edtfeed-sample", fake_transistor.feed_url),
                      encoding="utf-8")
    return config


def _chapter_starts(show: Path) -> list[int]:
    data = json.loads((show.parent / "feeds" / "en" / "chapters" / "edge-en.json").read_text(encoding="utf-8"))
    return [chapter["startTime"] for chapter in data["chapters"]]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_pins_the_transcript_then_a_warm_lock_makes_zero_requests(show: Path,
                                                                         fake_transistor: FakeTransistor) -> None:
    first = run(show, "publish")
    assert first.exit_code == 0, first.output
    lock = load_lock(show.parent / "edtfeed.lock")
    pin = lock.transcripts[EMBED]
    pinned = show.parent / "edtfeed.transcripts" / f"{EMBED}.vtt"
    assert pin.file == f"{EMBED}.vtt" and pin.type == "text/vtt" and pin.url.startswith("http://127.0.0.1:")
    assert pinned.read_bytes() == episode_vtt() and hashlib.sha256(episode_vtt()).hexdigest() == pin.sha256
    assert [abs(start - true) <= 15 for start, true in zip(_chapter_starts(show)[1:], TRUE_STARTS)] == [True] * 4
    assert len(fake_transistor.transcript_hits()) == 1
    assert "chapter times: 1 opening, 4 host-transcript)" in first.output  # counted per timing source

    spent = fake_transistor.count()
    again = run(show, "publish", "--no-cache")  # a full build, not a replay: still no request
    assert again.exit_code == 0, again.output
    assert fake_transistor.count() == spent
    assert "files: 0 written" in again.output


def test_chapters_command_shows_source_confidence_and_the_words_that_placed_each_chapter(show: Path) -> None:
    assert run(show, "publish").exit_code == 0
    result = run(show, "chapters", str(show.parent / "episodes" / "edge" / "en" / "episode.md"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("00:00  opening") and "heard" not in lines[0]
    for line, (true, title, _, _) in zip(lines[1:], TOPICS):
        clock, source, confidence, rest = line.split(None, 3)
        minutes, seconds = map(int, clock.split(":"))
        assert abs(minutes * 60 + seconds - true) <= 15 and source == "host-transcript"
        assert float(confidence) >= MIN_CONFIDENCE and rest.startswith(title)
    assert "(heard: " in lines[2] and "governments" in lines[2]  # the misheard word that placed "Governance"
    assert "(heard: " in lines[3] and "censor" in lines[3]


def test_offline_rebuild_is_byte_identical(show: Path, fake_transistor: FakeTransistor, tmp_path: Path) -> None:
    assert run(show, "publish").exit_code == 0
    spent = fake_transistor.count()
    offline = run(show, "publish", "--offline", "--no-cache", "--out", str(tmp_path / "offline"))
    assert offline.exit_code == 0, offline.output
    assert _files(tmp_path / "offline") == _files(show.parent / "feeds")
    assert fake_transistor.count() == spent


def test_refresh_fetches_the_transcript_again_and_reports_the_change(show: Path,
                                                                    fake_transistor: FakeTransistor) -> None:
    assert run(show, "publish").exit_code == 0
    old = load_lock(show.parent / "edtfeed.lock").transcripts[EMBED]
    fake_transistor.episode(EMBED).transcript_body = episode_vtt(seed=4)

    refreshed = run(show, "publish", "--refresh")

    assert refreshed.exit_code == 0, refreshed.output
    new = load_lock(show.parent / "edtfeed.lock").transcripts[EMBED]
    assert new.sha256 == hashlib.sha256(episode_vtt(seed=4)).hexdigest() != old.sha256
    assert f"changed {EMBED}: transcript {old.url} (sha256 {old.sha256[:12]}) -> " in refreshed.output
    assert (show.parent / "edtfeed.transcripts" / f"{EMBED}.vtt").read_bytes() == episode_vtt(seed=4)


BAD_ANSWERS = {
    "an HTML page": dict(transcript_body=b"<html><body>Sign in</body></html>", transcript_content_type="text/html"),
    "malformed VTT": dict(transcript_body=b"WEBVTT\n\nno cue at all\n"),
    "not UTF-8": dict(transcript_body=b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xe9\n"),
    "a huge body": dict(transcript_body=b"WEBVTT\n\n" + b"x" * (MAX_TRANSCRIPT_BYTES + 1)),
    "audio": dict(transcript_content_type="audio/mpeg"),
}


@pytest.mark.parametrize("bad", sorted(BAD_ANSWERS))
def test_a_bad_transcript_costs_only_itself(show: Path, fake_transistor: FakeTransistor, bad: str) -> None:
    for name, value in BAD_ANSWERS[bad].items():
        setattr(fake_transistor.episode(EMBED), name, value)

    result = run(show, "publish")

    assert result.exit_code == 0, result.output  # a warning: the feed is published with estimated chapters
    assert f"edge/en/episode.md: warning: embed id {EMBED}: its timed transcript was not pinned (" in result.output
    assert "chapters use their other timing sources" in result.output
    assert EMBED not in load_lock(show.parent / "edtfeed.lock").transcripts
    assert not (show.parent / "edtfeed.transcripts").exists()
    assert (show.parent / "feeds" / "en" / "feed.xml").is_file()


@pytest.mark.parametrize("fault", ["500", "reset", "truncated"])
def test_a_refresh_that_fails_keeps_the_pinned_transcript(show: Path, fake_transistor: FakeTransistor,
                                                          fault: str) -> None:
    assert run(show, "publish").exit_code == 0
    before = _files(show.parent / "edtfeed.transcripts"), load_lock(show.parent / "edtfeed.lock").transcripts
    starts = _chapter_starts(show)
    fake_transistor.fail(f"/share.transistor.fm/s/{EMBED}/transcript.vtt", *[fault] * 4)

    result = run(show, "publish", "--refresh")

    assert f"embed id {EMBED}: its timed transcript was not pinned (" in result.output
    assert "kept the pinned one" in result.output
    assert (_files(show.parent / "edtfeed.transcripts"), load_lock(show.parent / "edtfeed.lock").transcripts) == before
    assert _chapter_starts(show) == starts


def test_a_pinned_file_changed_by_hand_is_not_used(show: Path) -> None:
    assert run(show, "publish").exit_code == 0
    pinned = show.parent / "edtfeed.transcripts" / f"{EMBED}.vtt"
    pinned.write_bytes(episode_vtt(seed=9))

    result = run(show, "publish", "--offline", "--no-cache")

    assert result.exit_code == 0, result.output
    assert ("is not the file that was fetched (sha256 differs); restore it from git or run with --refresh"
            in result.output)
    assert any(abs(start - true) > 30 for start, true in zip(_chapter_starts(show)[1:], TRUE_STARTS))  # estimated


@pytest.mark.parametrize("timed_format", ["srt", "json"])
def test_srt_and_json_transcripts_are_pinned_too(show: Path, fake_transistor: FakeTransistor,
                                                 timed_format: str) -> None:
    episode = fake_transistor.episode(EMBED)
    episode.timed_format, episode.transcript_body = timed_format, None  # the fake's short default transcript

    result = run(show, "publish")

    assert result.exit_code == 0, result.output
    pin = load_lock(show.parent / "edtfeed.lock").transcripts[EMBED]
    assert pin.file == f"{EMBED}.{timed_format}"
    assert (show.parent / "edtfeed.transcripts" / pin.file).is_file()


def test_an_https_host_works_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real hosts serve https: the same client verifies the certificate (here a test CA's, trusted through
    REQUESTS_CA_BUNDLE) and pins the transcript under its https URL."""
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    episode = FakeEpisode(EMBED, title="Edge Data Plans", duration=DURATION, transcript_body=episode_vtt())
    with FakeTransistor([episode], ssl_context=context) as fake:
        record = tmp_path / "episodes" / "edge" / "en" / "episode.md"
        record.parent.mkdir(parents=True)
        record.write_text(record_markdown(EMBED), encoding="utf-8")
        config = tmp_path / "edtfeed.toml"
        config.write_text((REPO / "edtfeed.toml").read_text(encoding="utf-8")
                          .replace("https://feeds.transistor.fm/edtfeed-sample", fake.feed_url), encoding="utf-8")
        result = run(config, "publish")
        assert result.exit_code == 0, result.output
        spent = fake.count()
        assert run(config, "publish", "--no-cache").exit_code == 0 and fake.count() == spent
    pin = load_lock(tmp_path / "edtfeed.lock").transcripts[EMBED]
    assert pin.url.startswith("https://127.0.0.1:") and (tmp_path / "edtfeed.transcripts" / pin.file).is_file()
