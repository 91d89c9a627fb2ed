"""`edtfeed youtube`: the YouTube side of the show, written as one folder per video; sent to YouTube only with
`--push`.

Each folder holds, per language, the title, the description (with YouTube's chapter list and the episode page's
link) and the captions from the timed transcript, plus `videos.update.json`, the body of the Data API's
videos.update for the video's localizations (render/youtube.py makes the bytes). A podcaster pastes them in
YouTube Studio, or runs `--push`: then the localizations are sent with videos.update and every caption file is
uploaded as the language's caption track (captions.insert, or captions.update when the track edtfeed uploaded
before is there). The OAuth token comes from $YOUTUBE_OAUTH_TOKEN only and is never shown, even when an answer
echoes it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import requests

from edtfeed.config import Config
from edtfeed.episodes.episode import Episode, episode_context, language_episodes
from edtfeed.diagnostics import Diagnostic
from edtfeed.fsutil import write_if_changed
from edtfeed.lock import load_lock, transcripts_dir
from edtfeed.read.records import read_records
from edtfeed.render.youtube import Video, video_files, videos
from edtfeed.resolve import resolve_audio, succeeds_show_feed
from edtfeed.http import FetchError, HttpClient
from edtfeed.resolve.transcripts import pinned_cues

YOUTUBE_TOKEN_ENV = "YOUTUBE_OAUTH_TOKEN"
YOUTUBE_API = "https://www.googleapis.com"  # the Data API's host; tests give a fake on loopback
TRACK_NAME = "edtfeed"  # the name of the caption tracks edtfeed uploads, so a later push updates its own track
TIMEOUT, DEADLINE = 30.0, 120.0  # seconds per read, and for one whole request (a caption file is small)
MAX_BODY = 1024 * 1024  # bytes of an answer: only its error reason is read
SNIPPET = 200


@dataclass
class YouTubeResult:
    videos: list[Video] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    pushed: list[str] = field(default_factory=list)  # "localizations of ID", "captions ID en"
    problems: list[Diagnostic] = field(default_factory=list)


def show_episodes(config: Config) -> tuple[dict[str, list[Episode]], list[Diagnostic]]:
    """Every language's episodes as `publish --offline` builds them (audio from the lock, chapters timed with the
    pinned host transcripts), without the feeds: YouTube needs their texts, chapters and captions only."""
    records, problems = read_records(config)
    lock = load_lock(config.lock_path)
    report = resolve_audio({record.embed_id for record in records}, lock, config.transistor, offline=True,
                           hosted=succeeds_show_feed(config))
    problems += [Diagnostic(record.rel, None, report.errors[record.embed_id])
                 for record in records if record.embed_id in report.errors]
    cues, _ = pinned_cues(lock, transcripts_dir(config.lock_path), report.resolved)
    context = episode_context(records, report.resolved, config, host_cues=cues)
    by_lang: dict[str, list[Episode]] = {}
    for lang in sorted({record.lang for record in records}):
        episodes, found = language_episodes([r for r in records if r.lang == lang], context, config)
        problems += found
        by_lang[lang] = episodes
    return by_lang, problems


def export_youtube(config: Config, out_dir: Path, languages: Iterable[str] | None = None,
                   token: str | None = None, api_url: str = YOUTUBE_API) -> YouTubeResult:
    """`edtfeed youtube`: the show's videos written under `out_dir`; sent to YouTube too when given a `token`."""
    episodes, problems = show_episodes(config)
    result = write_youtube(episodes, out_dir, languages)
    result.problems[:0] = problems
    if token:
        push_youtube(result, token, api_url)
    return result


def write_youtube(episodes: Mapping[str, Iterable[Episode]], out_dir: Path,
                  languages: Iterable[str] | None = None) -> YouTubeResult:
    """Every video's folder under `out_dir`; files whose bytes did not change are not touched."""
    result = YouTubeResult(videos=videos(episodes, languages))
    for video in result.videos:
        for rel, data in sorted(video_files(video).items()):
            path = out_dir / video.id / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            (result.written if write_if_changed(path, data) else result.unchanged).append(path)
    return result


def push_youtube(result: YouTubeResult, token: str, api_url: str = YOUTUBE_API,
                 client: HttpClient | None = None) -> None:
    """Send every video's localizations and caption tracks; each failure is a problem naming the video, and the
    other videos are still sent."""
    client = client or HttpClient(timeout=TIMEOUT, deadline=DEADLINE, max_body=MAX_BODY, attempts=2)
    api = _Api(client, api_url.rstrip("/"), token)
    for video in result.videos:
        try:
            api.update_localizations(video)
            result.pushed.append(f"localizations of {video.id}")
            tracks = api.tracks(video.id)
            for lang, loc in video.languages.items():
                if loc.captions is not None:
                    api.upload_captions(video.id, lang, loc.captions, tracks.get(lang))
                    result.pushed.append(f"captions {video.id} {lang}")
        except _Failed as exc:
            result.problems.append(Diagnostic(video.id, None, str(exc).replace(token, f"[{YOUTUBE_TOKEN_ENV}]")))


class _Failed(Exception):
    pass


@dataclass
class _Api:
    client: HttpClient
    base: str
    token: str

    def _call(self, method: str, path: str, what: str, params: Mapping[str, str],
              body: bytes | None = None, content_type: str | None = None) -> dict[str, object]:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            response = self.client.request(method, f"{self.base}{path}", params=dict(params), headers=headers,
                                           data=body, label=f"YouTube {what}")
        except FetchError as exc:
            raise _Failed(str(exc)) from None
        if not response.ok:
            raise _Failed(f"YouTube {what}: {_reason(response)}")
        try:
            answer = json.loads(response.content or b"{}")
        except ValueError:
            raise _Failed(f"YouTube {what}: the answer is not JSON") from None
        return answer if isinstance(answer, dict) else {}

    def update_localizations(self, video: Video) -> None:
        """videos.update replaces every localization of the video: the ones it has (added in Studio, or languages
        left out with --lang) are read first and kept, ours replace those of our languages."""
        listed = self._call("GET", "/youtube/v3/videos", f"videos.list {video.id}",
                            {"part": "localizations", "id": video.id}).get("items")
        found = listed[0].get("localizations") if isinstance(listed, list) and listed and isinstance(listed[0], dict) \
            else None
        ours = video.update_body()["localizations"]
        merged = {**found, **ours} if isinstance(found, dict) and isinstance(ours, dict) else ours
        body = json.dumps({"id": video.id, "localizations": merged}, ensure_ascii=False).encode("utf-8")
        self._call("PUT", "/youtube/v3/videos", f"videos.update {video.id}", {"part": "localizations"}, body,
                   "application/json; charset=UTF-8")

    def tracks(self, video_id: str) -> dict[str, str]:
        """The ids of the caption tracks edtfeed uploaded to the video before, by language."""
        answer = self._call("GET", "/youtube/v3/captions", f"captions.list {video_id}",
                            {"part": "snippet", "videoId": video_id})
        found: dict[str, str] = {}
        for item in answer.get("items") or []:
            snippet = item.get("snippet") if isinstance(item, dict) else None
            if isinstance(snippet, dict) and snippet.get("name") == TRACK_NAME and isinstance(item.get("id"), str):
                found.setdefault(str(snippet.get("language")), item["id"])
        return found

    def upload_captions(self, video_id: str, lang: str, vtt: bytes, track: str | None) -> None:
        """captions.insert (or captions.update of `track`) as a multipart upload: the snippet, then the file."""
        snippet: dict[str, object] = {"videoId": video_id, "language": lang, "name": TRACK_NAME, "isDraft": False}
        resource: dict[str, object] = {"id": track, "snippet": {"isDraft": False}} if track else {"snippet": snippet}
        boundary = uuid.uuid5(uuid.NAMESPACE_URL, f"{video_id}/{lang}").hex
        body = b"".join([
            f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n".encode(),
            json.dumps(resource, ensure_ascii=False).encode("utf-8"),
            f"\r\n--{boundary}\r\nContent-Type: text/vtt\r\n\r\n".encode(), vtt, f"\r\n--{boundary}--\r\n".encode(),
        ])
        self._call("PUT" if track else "POST", "/upload/youtube/v3/captions",
                   f"captions.{'update' if track else 'insert'} {video_id} {lang}",
                   {"part": "snippet", "uploadType": "multipart"}, body,
                   f"multipart/related; boundary={boundary}")


def _reason(response: requests.Response) -> str:
    """HTTP status and the API's own error message (its JSON error.message), cut short."""
    try:
        message = response.json().get("error", {}).get("message", "")
    except (ValueError, AttributeError):
        message = ""
    return f"HTTP {response.status_code}" + (f": {' '.join(str(message).split())[:SNIPPET]}" if message else "")
