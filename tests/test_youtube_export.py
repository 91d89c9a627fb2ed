"""`edtfeed youtube`: per video and language a title, a description with YouTube's chapter list and the page link,
captions from the timed transcript, and the videos.update localizations body."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
import webvtt
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from edtfeed.runner.youtube import YOUTUBE_TOKEN_ENV
from edtfeed.cli import main
from edtfeed.episodes.chapters import Chapter
from edtfeed.episodes.episode import Episode, build_episode
from edtfeed.lock import load_lock
from edtfeed.read.cues import TimedCue
from edtfeed.render.youtube import (
    DESCRIPTION_MAX_BYTES,
    LOCALIZATIONS_FILE,
    TITLE_MAX,
    chapter_lines,
    video_files,
    videos,
)
from tests.factories import make_audio, make_config, make_record
from tests.sample_show import copy_sample_show

VIDEO = "aBcDeFgHiJk"
# The videos resource as videos.update?part=localizations takes it (YouTube Data API v3: Video, VideoLocalization).
UPDATE_SCHEMA = {
    "type": "object",
    "required": ["id", "localizations"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{11}$"},
        "localizations": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
            "additionalProperties": {
                "type": "object",
                "required": ["title", "description"],
                "additionalProperties": False,
                "properties": {"title": {"type": "string", "minLength": 1, "maxLength": TITLE_MAX,
                                         "pattern": "^[^<>]*$"},
                               "description": {"type": "string", "pattern": "^[^<>]*$"}},
            },
        },
    },
}
LINE = re.compile(r"^(\d+:)?\d{1,2}:\d{2} \S")


def seconds(stamp: str) -> int:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return total


def assert_youtube_chapters(description: str, duration: int) -> list[int]:
    """YouTube's three rules on the chapter lines of a description; the starts in seconds."""
    starts = [seconds(line.split(" ")[0]) for line in description.splitlines() if LINE.match(line)]
    if starts:
        assert starts[0] == 0
        assert len(starts) >= 3
        assert all(b - a >= 10 for a, b in zip(starts, starts[1:] + [duration]))
    return starts


def chapters(*starts: int) -> list[Chapter]:
    return [Chapter(start=start, title=f"Part {n} <b>") for n, start in enumerate(starts, 1)]


def episode(lang: str = "en", **update: object) -> Episode:
    record = make_record(lang=lang, youtube_id=VIDEO, title=f"Title {lang}", permalink=f"ep-{lang}")
    built = build_episode(record, make_audio(duration=600), make_config())
    return built.model_copy(update=update)


def test_chapter_lines_follow_youtubes_three_rules() -> None:
    assert chapter_lines(chapters(0, 60, 120), 600) == ["0:00 Part 1 ‹b›", "1:00 Part 2 ‹b›", "2:00 Part 3 ‹b›"]
    assert chapter_lines(chapters(0, 60, 3720), 4000)[-1].startswith("1:02:00 ")
    assert chapter_lines(chapters(5, 60, 120), 600) == []  # the first is not at 0:00
    assert chapter_lines(chapters(0, 60), 600) == []  # fewer than three
    assert chapter_lines(chapters(0, 60, 69), 600) == []  # one lasts 9 s
    assert chapter_lines(chapters(0, 60, 591), 600) == []  # the last lasts 9 s (to the end of the audio)
    assert chapter_lines(chapters(0, 60, 590), 600) != []  # 10 s is enough


def test_each_language_of_a_video_has_its_title_description_link_and_captions() -> None:
    cues = [TimedCue(0.0, 4.5, "Hello & welcome.", "Robin"), TimedCue(4.5, 9.0, "Thanks.", "Ada")]
    en = episode("en", chapters=chapters(0, 60, 120), captions=cues)
    es = episode("es", chapters=chapters(0, 60, 65))  # a chapter of 5 s: no list at all
    [video] = videos({"en": [en], "es": [es]})
    files = video_files(video)
    assert sorted(files) == ["en/captions.vtt", "en/description.txt", "en/title.txt", "es/description.txt",
                             "es/title.txt", LOCALIZATIONS_FILE]
    english = files["en/description.txt"].decode()
    assert assert_youtube_chapters(english, 600) == [0, 60, 120]
    assert english.rstrip().endswith(en.link) and "<" not in english
    assert assert_youtube_chapters(files["es/description.txt"].decode(), 600) == []
    captions = webvtt.from_buffer(io.StringIO(files["en/captions.vtt"].decode()))
    assert [(c.start, c.end, c.text) for c in captions] == [("00:00:00.000", "00:00:04.500", "Hello &amp; welcome."),
                                                            ("00:00:04.500", "00:00:09.000", "Thanks.")]
    body = json.loads(files[LOCALIZATIONS_FILE])
    jsonschema.validate(body, UPDATE_SCHEMA)
    assert body["localizations"]["es"] == {"title": "Title es", "description": files["es/description.txt"].decode()[:-1]}


def test_only_the_languages_asked_for_and_only_episodes_with_a_video() -> None:
    no_video = episode("en").model_copy(update={"record": make_record(youtube_id=None)})
    assert videos({"en": [no_video]}) == []
    [video] = videos({"en": [episode("en")], "es": [episode("es")]}, languages=["es"])
    assert list(video.languages) == ["es"]


@pytest.mark.parametrize("field", ["title", "description"])
def test_long_texts_are_cut_to_youtubes_limits(field: str) -> None:
    long = "word " * 3000
    record = make_record(youtube_id=VIDEO, title=long if field == "title" else "T", description=long)
    [video] = videos({"en": [build_episode(record, make_audio(), make_config())]})
    loc = video.languages["en"]
    assert len(loc.title) <= TITLE_MAX and len(loc.description.encode()) <= DESCRIPTION_MAX_BYTES
    assert loc.description.rstrip().endswith("episode-7-en")  # the link survives the cut
    jsonschema.validate(video.update_body(), UPDATE_SCHEMA)


def test_the_sample_shows_export(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`edtfeed youtube` on the sample show: every video's folder, YouTube's chapter rules kept in every description,
    captions webvtt-py reads, bodies in the API's shape; nothing sent without --push, not even with a token."""
    monkeypatch.setenv(YOUTUBE_TOKEN_ENV, "ya29.token")
    httpserver.expect_request("/youtube/v3/videos").respond_with_json({})
    config_path = copy_sample_show(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(config_path), "youtube"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 videos" in result.output and "13 files written" in result.output
    assert httpserver.log == []
    out = tmp_path / "youtube"
    durations = {audio.url: audio.duration for audio in load_lock(tmp_path / "edtfeed.lock").audio.values()}
    [duration] = set(durations.values()) if len(set(durations.values())) == 1 else [max(durations.values())]
    descriptions = sorted(out.glob("*/*/description.txt"))
    assert len(descriptions) == 5
    with_chapters = [path for path in descriptions if assert_youtube_chapters(path.read_text(), duration)]
    assert len(with_chapters) == 5  # the sample's chapters all satisfy YouTube's rules
    for path in out.glob("*/*/captions.vtt"):
        assert len(list(webvtt.read(str(path)))) > 3
    assert sorted(p.parent.name for p in out.glob("*/*/captions.vtt")) == ["en"]
    for body in out.glob(f"*/{LOCALIZATIONS_FILE}"):
        parsed = json.loads(body.read_bytes())
        jsonschema.validate(parsed, UPDATE_SCHEMA)
        assert parsed["id"] == body.parent.name
    again = CliRunner().invoke(main, ["--config", str(config_path), "youtube", "--lang", "es"])
    assert "2 files written, 4 unchanged" in again.output  # the texts stay; the bodies now hold Spanish only


def test_push_needs_the_token_and_goes_only_where_it_is_sent(tmp_path: Path, httpserver: HTTPServer,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(YOUTUBE_TOKEN_ENV, raising=False)
    config_path = copy_sample_show(tmp_path)
    refused = CliRunner().invoke(main, ["--config", str(config_path), "youtube", "--push"])
    assert refused.exit_code == 1 and YOUTUBE_TOKEN_ENV in refused.output
    assert not (tmp_path / "youtube").exists()
    monkeypatch.setenv(YOUTUBE_TOKEN_ENV, "ya29.token")
    httpserver.expect_request("/youtube/v3/captions", method="GET").respond_with_json({"items": []})
    httpserver.expect_request("/youtube/v3/videos", method="GET").respond_with_json({"items": []})
    httpserver.expect_request("/youtube/v3/videos", method="PUT").respond_with_json({})
    httpserver.expect_request("/upload/youtube/v3/captions", method="POST").respond_with_json({})
    pushed = CliRunner().invoke(main, ["--config", str(config_path), "youtube", "--push", "--lang", "en",
                                       "--api-url", httpserver.url_for("")])
    assert pushed.exit_code == 0, pushed.output
    assert [(r.method, r.path) for r, _ in httpserver.log] == [
        ("GET", "/youtube/v3/videos"), ("PUT", "/youtube/v3/videos"), ("GET", "/youtube/v3/captions"),
        ("POST", "/upload/youtube/v3/captions"),  # the one video with English captions
        ("GET", "/youtube/v3/videos"), ("PUT", "/youtube/v3/videos"), ("GET", "/youtube/v3/captions")]
    assert "sent captions Zz9_-Yy8Xx7 en" in pushed.output
