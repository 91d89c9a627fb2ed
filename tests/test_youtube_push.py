"""`edtfeed youtube --push`, only ever against a fake Data API on loopback: the localizations go with
videos.update, each caption file as the language's track (inserted once, updated after), the token from the
environment in the Authorization header and never in a message."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from edtfeed.runner.youtube import TRACK_NAME, YOUTUBE_TOKEN_ENV, push_youtube, write_youtube
from edtfeed.read.cues import TimedCue
from tests.test_youtube_export import VIDEO, chapters, episode

TOKEN = "ya29.secret-token"
FRENCH = {"title": "Titre", "description": "Écrit à la main."}


class FakeYouTube:
    """The three calls edtfeed makes, recorded; `tracks` are the caption tracks the video already has."""

    def __init__(self, server: HTTPServer, tracks: list[dict[str, object]] | None = None) -> None:
        self.calls: list[tuple[str, str, dict[str, str], bytes, str]] = []
        self.tracks = tracks or []
        for method, path in (("GET", "/youtube/v3/videos"), ("PUT", "/youtube/v3/videos"), ("GET", "/youtube/v3/captions"),
                             ("POST", "/upload/youtube/v3/captions"), ("PUT", "/upload/youtube/v3/captions")):
            server.expect_request(path, method=method).respond_with_handler(self.answer)

    def answer(self, request: Request) -> Response:
        self.calls.append((request.method, request.path, dict(request.args), request.get_data(),
                           request.headers.get("Authorization", "")))
        if request.method == "GET" and request.path == "/youtube/v3/captions":
            return Response(json.dumps({"items": self.tracks}), content_type="application/json")
        if request.method == "GET":  # the video has a French localization someone added in YouTube Studio
            return Response(json.dumps({"items": [{"id": VIDEO, "localizations": {"fr": FRENCH}}]}),
                            content_type="application/json")
        return Response(json.dumps({"id": VIDEO}), content_type="application/json")


def exported(tmp_path: Path):
    cues = [TimedCue(0.0, 4.5, "Hello.", "Robin")]
    return write_youtube({"en": [episode("en", chapters=chapters(0, 60, 120), captions=cues)], "es": [episode("es")]},
                         tmp_path / "youtube")


def test_nothing_is_sent_without_push_and_the_folder_is_written_once(tmp_path: Path, httpserver: HTTPServer) -> None:
    fake = FakeYouTube(httpserver)
    first = exported(tmp_path)
    assert [p.relative_to(tmp_path / "youtube").as_posix() for p in first.written] == [
        f"{VIDEO}/en/captions.vtt", f"{VIDEO}/en/description.txt", f"{VIDEO}/en/title.txt",
        f"{VIDEO}/es/description.txt", f"{VIDEO}/es/title.txt", f"{VIDEO}/videos.update.json"]
    again = exported(tmp_path)
    assert again.written == [] and len(again.unchanged) == 6
    assert fake.calls == []


def test_push_sends_localizations_and_inserts_each_caption_track(tmp_path: Path, httpserver: HTTPServer) -> None:
    fake = FakeYouTube(httpserver)
    result = exported(tmp_path)
    push_youtube(result, TOKEN, httpserver.url_for(""))
    assert result.problems == [] and result.pushed == [f"localizations of {VIDEO}", f"captions {VIDEO} en"]
    (current, update, listing, insert) = fake.calls
    assert current[:3] == ("GET", "/youtube/v3/videos", {"part": "localizations", "id": VIDEO})
    assert update[:3] == ("PUT", "/youtube/v3/videos", {"part": "localizations"})
    exported_body = json.loads((tmp_path / "youtube" / VIDEO / "videos.update.json").read_bytes())
    assert json.loads(update[3]) == {"id": VIDEO, "localizations": {"fr": FRENCH, **exported_body["localizations"]}}
    assert listing[:3] == ("GET", "/youtube/v3/captions", {"part": "snippet", "videoId": VIDEO})
    assert insert[:3] == ("POST", "/upload/youtube/v3/captions", {"part": "snippet", "uploadType": "multipart"})
    assert b'"language": "en"' in insert[3] and f'"name": "{TRACK_NAME}"'.encode() in insert[3]
    assert (tmp_path / "youtube" / VIDEO / "en" / "captions.vtt").read_bytes() in insert[3]
    assert {call[4] for call in fake.calls} == {f"Bearer {TOKEN}"}


def test_a_track_edtfeed_uploaded_before_is_updated(tmp_path: Path, httpserver: HTTPServer) -> None:
    fake = FakeYouTube(httpserver, [{"id": "other", "snippet": {"language": "en", "name": "Mine"}},
                                    {"id": "track-en", "snippet": {"language": "en", "name": TRACK_NAME}}])
    result = exported(tmp_path)
    push_youtube(result, TOKEN, httpserver.url_for(""))
    method, path, _, body, _ = fake.calls[-1]
    assert (method, path) == ("PUT", "/upload/youtube/v3/captions") and b'"id": "track-en"' in body


def test_a_refusal_names_the_video_and_never_shows_the_token(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/youtube/v3/videos").respond_with_json(
        {"error": {"code": 403, "message": f"token {TOKEN} may not edit this video"}}, status=403)
    result = exported(tmp_path)
    push_youtube(result, TOKEN, httpserver.url_for(""))
    [problem] = result.problems
    assert problem.file == VIDEO and "HTTP 403" in problem.message
    assert TOKEN not in problem.message and f"[{YOUTUBE_TOKEN_ENV}]" in problem.message
    assert result.pushed == []
