"""A fake Transistor on 127.0.0.1: real HTTP, real shapes, counted requests, injectable faults.

Why a hand-written werkzeug app rather than pytest-httpserver's expectations: the fake is *stateful* (a rate
limiter with a clock, ETags, redirect hops, faults consumed in order) and must also run outside pytest, from the
benchmark, as a plain context manager. werkzeug gives a threaded real HTTP server, routing and correct HEAD
handling in a few lines.

Every real host lives under a path prefix of the one server, so the URLs the feed publishes keep their real-world
shape and are still served here:

    {base}/feeds/<slug>                                          the show's public RSS feed
    {base}/share.transistor.fm/s/<E>[/transcript.txt|.vtt|/chapters.json]
    {base}/media.transistor.fm/<E>/<hash>.mp3                    the audio (HEAD, Range GET, GET)
    {base}/op3.dev/e/media.transistor.fm/<E>/<hash>.mp3          analytics prefix: 302 to the media path
    {base}/dts.podtrac.com/redirect.mp3/media.transistor.fm/...  analytics prefix: 302 to the media path
    {base}/v1/episodes                                           the JSON:API episode list (x-api-key)
    {base}/hop/<n>                                               the n-th hop of a moved feed's redirect chain

Use `FakeTransistor(episodes)` as a context manager, or the `fake_transistor` pytest fixture (tests/conftest.py).
The API rate limiter runs on `fake.clock` (virtual time): give the client the same clock
(`HttpClient(clock=fake.clock.now, sleep=fake.clock.sleep)`) so its throttle and 429 waits cost no real time.
Every request is logged in `fake.hits` (method, path, query, headers without the key, status) for request budgets.
"""

from __future__ import annotations

import hashlib
import json
import socket
import ssl
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from werkzeug.routing import Map, Rule
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

SHOW_ID = "132543"
SHOW_SLUG = "the-fake-show"
API_KEY = "fake-key-5d1c0e7a9b3f"  # what the fake accepts; tests grep every output for it
PREFIXES = {
    "op3": "op3.dev/e/",
    "pdcn": "pdcn.co/e/",
    "podtrac": "dts.podtrac.com/redirect.mp3/",
}
TIMED_TYPES = {"vtt": "text/vtt", "srt": "application/x-subrip", "json": "application/json"}
FAULTS = ("403", "500", "503", "timeout", "malformed", "html", "truncated", "reset", "redirect")


@dataclass
class FakeEpisode:
    """One episode as Transistor holds it; the defaults give a published, processed, complete episode."""

    embed_id: str
    title: str = ""
    number: int | None = None
    season: int | None = 1
    episode_type: str = "full"
    duration: int | None = 1800  # seconds; None while processing
    size: int = 28_800_417  # bytes of the media file (what HEAD/Range report)
    content_type: str = "audio/mpeg"  # what the media host answers
    ext: str = "mp3"
    pub_date: datetime = datetime(2024, 5, 14, 9, 0, tzinfo=timezone(timedelta(hours=-4)))
    prefix: str | None = None  # key of PREFIXES: the show's analytics service wraps the enclosure URL
    legacy_media: bool = False  # media.transistor.fm/<E>.mp3, no hash segment
    foreign_media: bool = False  # enclosure on another host (audio.example.test): the id is only in <link> etc.
    alternate_url: str | None = None  # replaces the share URL as <link>
    transcripts: bool = True
    timed_format: str = "vtt"  # the timed transcript the feed lists besides transcript.txt: vtt, srt or json
    transcript_body: bytes | None = None  # what the timed transcript URL answers (default: a short valid one)
    transcript_content_type: str = ""  # its Content-Type (default: the format's)
    chapters: bool = True
    image: bool = True
    status: str = "published"  # published / scheduled / draft
    audio_processing: bool = False
    in_feed: bool = True  # published episodes are in the feed unless a test hides them
    has_media: bool = True  # False: no audio uploaded (no enclosure in the feed, null media_url in the API)
    media_gone: bool = False  # the media host answers 404 for the file
    feed_length: bool = True  # enclosure@length present in the feed (else the resolver must probe)
    feed_type: bool = True  # enclosure@type present in the feed
    api_id: str = ""
    guid: str = ""
    media_hash: str = ""

    def __post_init__(self) -> None:
        digest = hashlib.sha1(self.embed_id.encode()).hexdigest()
        self.title = self.title or f"Episode {self.number or self.embed_id}"
        self.media_hash = self.media_hash or digest[8:16]
        self.guid = self.guid or str(uuid.UUID(digest[:32], version=4))
        self.api_id = self.api_id or str(int(digest[:6], 16))


def default_transcript(ep: FakeEpisode) -> bytes:
    """A short, valid timed transcript of the episode in its `timed_format`, as Transistor generates them."""
    lines = [(0.0, 4.0, f"Welcome to {ep.title}."), (4.0, 9.5, "Today we talk about fake shows & real feeds.")]
    if ep.timed_format == "json":
        segments = [{"speaker": "Fake Host", "startTime": a, "endTime": b, "body": text} for a, b, text in lines]
        return json.dumps({"version": "1.0.0", "segments": segments}).encode()

    def stamp(seconds: float, comma: bool) -> str:
        whole = int(seconds)
        text = f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{round(seconds % 1 * 1000):03d}"
        return text.replace(".", ",") if comma else text

    if ep.timed_format == "srt":
        return "".join(f"{n}\n{stamp(a, True)} --> {stamp(b, True)}\n{text}\n\n"
                       for n, (a, b, text) in enumerate(lines, 1)).encode()
    return ("WEBVTT\n\n" + "".join(f"{stamp(a, False)} --> {stamp(b, False)}\n<v Fake Host>{escape(text)}\n\n"
                                   for a, b, text in lines)).encode()


@dataclass
class Hit:
    """One request as the server saw it; logged on arrival (status 0 until answered, e.g. while it stalls)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    status: int = 0


class FakeClock:
    """Virtual time shared by the fake's rate limiter and the client's throttle, so no test waits for real."""

    def __init__(self) -> None:
        self.now_value = 1_000.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self.now_value

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now_value += max(seconds, 0.0)


def _http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(timezone.utc), usegmt=True)


class FakeTransistor:
    """A threaded HTTP server on 127.0.0.1 speaking Transistor's RSS, media and API shapes."""

    def __init__(
        self,
        episodes: Iterable[FakeEpisode] = (),
        *,
        clock: FakeClock | None = None,
        api_key: str = API_KEY,
        rate_limit: int = 10,
        rate_window: float = 10.0,
        retry_after: int | None = None,
        head_mode: str = "ok",
        cdn_hop: bool = False,
        strict_params: bool = False,
        ignore_page: bool = False,
        timeout_delay: float = 1.0,
        podcast_guid: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.episodes: list[FakeEpisode] = list(episodes)
        self.clock = clock or FakeClock()
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.retry_after = retry_after  # send Retry-After with 429 when set (Transistor documents none)
        self.head_mode = head_mode  # "ok", or "405": HEAD refused, only a Range GET answers
        self.cdn_hop = cdn_hop  # media answers 302 to /cdn/... first
        self.strict_params = strict_params  # 400 "Invalid parameters: <name>" for unknown API params
        self.ignore_page = ignore_page  # always answer the first page (what a misspelt page param gets)
        self.timeout_delay = timeout_delay  # how long a "timeout" fault stalls (client timeout must be shorter)
        self.podcast_guid = podcast_guid  # the channel's <podcast:guid>, when the show has one
        self.moved: tuple[int, str, int] | None = None  # see move()
        self.ssl_context = ssl_context  # serve https (a test CA's certificate for 127.0.0.1), as real hosts do
        self.hits: list[Hit] = []
        self._faults: dict[str, deque[str]] = {}
        self._api_times: deque[float] = deque()
        self._blocked_until = 0.0
        self._lock = threading.Lock()
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._urls = Map(
            [
                Rule("/feeds/<slug>", endpoint="feed"),
                Rule("/share.transistor.fm/s/<embed_id>", endpoint="share"),
                Rule("/share.transistor.fm/s/<embed_id>/<name>", endpoint="share_file"),
                Rule("/media.transistor.fm/<embed_id>/<name>", endpoint="media"),
                Rule("/media.transistor.fm/<name>", endpoint="legacy_media"),
                Rule("/cdn/<embed_id>/<name>", endpoint="cdn"),
                Rule("/audio.example.test/<embed_id>/<name>", endpoint="cdn"),
                Rule("/op3.dev/e/<path:rest>", endpoint="prefix"),
                Rule("/pdcn.co/e/<path:rest>", endpoint="prefix"),
                Rule("/dts.podtrac.com/redirect.mp3/<path:rest>", endpoint="prefix"),
                Rule("/v1/episodes", endpoint="api_episodes"),
                Rule("/hop/<int:number>", endpoint="hop"),
            ],
            strict_slashes=False,
        )

    # -- lifecycle -------------------------------------------------------------------------------------------

    def __enter__(self) -> FakeTransistor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_QuietHandler,
                                   ssl_context=self.ssl_context)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-transistor",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- URLs the fake publishes ---------------------------------------------------------------------------------

    @property
    def base(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_port}"

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feeds/{SHOW_SLUG}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/v1"

    def share_url(self, ep: FakeEpisode) -> str:
        return f"{self.base}/share.transistor.fm/s/{ep.embed_id}"

    def media_path(self, ep: FakeEpisode) -> str:
        """Host-less media location, as analytics prefixes embed it."""
        if ep.foreign_media:
            return f"audio.example.test/{ep.embed_id}/{ep.media_hash}.{ep.ext}"
        if ep.legacy_media:
            return f"media.transistor.fm/{ep.embed_id}.{ep.ext}"
        return f"media.transistor.fm/{ep.embed_id}/{ep.media_hash}.{ep.ext}"

    def media_url(self, ep: FakeEpisode) -> str:
        """The trackable enclosure URL, wrapped in the episode's analytics prefix when it has one."""
        prefix = PREFIXES[ep.prefix] if ep.prefix else ""
        return f"{self.base}/{prefix}{self.media_path(ep)}"

    def episode(self, embed_id: str) -> FakeEpisode:
        return next(ep for ep in self.episodes if ep.embed_id == embed_id)

    # -- request log and faults ---------------------------------------------------------------------------------

    def count(self, method: str | None = None, path: str = "") -> int:
        """Requests seen, optionally only of one method and/or whose path starts with `path`."""
        with self._lock:
            return sum(1 for h in self.hits if (method is None or h.method == method) and h.path.startswith(path))

    def transcript_hits(self) -> list[Hit]:
        """The requests for timed transcripts (fetched once per newly pinned id, and on --refresh)."""
        with self._lock:
            return [h for h in self.hits if "/transcript." in h.path and not h.path.endswith(".txt")]

    def metadata_hits(self) -> list[Hit]:
        """Every other request: what resolving the audio metadata itself costs."""
        timed = {id(h) for h in self.transcript_hits()}
        with self._lock:
            return [h for h in self.hits if id(h) not in timed]

    def reset_log(self) -> None:
        with self._lock:
            self.hits.clear()

    def fail(self, path: str, *kinds: str) -> None:
        """Answer the next requests whose path starts with `path` with these faults, in order, once each."""
        for kind in kinds:
            if kind not in FAULTS:
                raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        with self._lock:
            self._faults.setdefault(path, deque()).extend(kinds)

    def move(self, to: str, status: int = 301, hops: int = 1) -> None:
        """The feed answers `status` with a Location, from then on: straight to `to`, or through `hops - 1` more
        redirects of the same status (a chain)."""
        self.moved = (status, to, hops)

    def _take_fault(self, path: str) -> str | None:
        with self._lock:
            for prefix, queue in self._faults.items():
                if path.startswith(prefix) and queue:
                    return queue.popleft()
        return None

    # -- WSGI ----------------------------------------------------------------------------------------------------

    def _wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        headers = {k.lower(): v for k, v in request.headers.items() if k.lower() != "x-api-key"}
        headers["x-api-key-sent"] = "yes" if "x-api-key" in request.headers else "no"
        hit = Hit(request.method, request.path, request.query_string.decode(), headers)
        with self._lock:
            self.hits.append(hit)
        response = self._dispatch(request)
        hit.status = response.status_code
        return response(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        fault = self._take_fault(request.path)
        if fault is not None:
            return self._fault(fault, request)
        adapter = self._urls.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except Exception:  # noqa: BLE001 - werkzeug raises HTTPException subclasses for 404/405
            return Response("Not Found", status=404)
        handler: Callable[..., Response] = getattr(self, f"_{endpoint}")
        return handler(request, **args)

    def _fault(self, kind: str, request: Request) -> Response:
        if kind == "timeout":
            time.sleep(self.timeout_delay)
            return Response("late", status=200)
        if kind == "redirect":  # e.g. a proxy sending the client elsewhere: the API key must not follow
            return Response(status=302, headers={"Location": f"{self.base}/elsewhere{request.full_path}"})
        if kind == "403":
            return _json({"errors": [{"title": "Forbidden"}]}, 403)
        if kind in ("500", "503"):
            return Response("<html><body>Server Error</body></html>", status=int(kind), content_type="text/html")
        if kind == "html":
            page = "<!DOCTYPE html>\n<html><head><title>Oops</title></head><body><h1>Sign in</h1></body></html>"
            return Response(page, status=200, content_type="text/html; charset=utf-8")
        if kind == "malformed":
            if request.path.startswith("/v1/"):
                return Response('{"data": [{"id": "1", "attributes": ', content_type="application/json")
            return Response("<?xml version='1.0'?><rss><channel><item><title>x</item></rss>",
                            content_type="application/rss+xml")
        if kind == "truncated":
            body = self._feed_bytes() if request.path.startswith("/feeds/") else b'{"data": []}'
            return _TruncatedResponse(body)
        # "reset": close the connection without an answer
        return _ResetResponse()

    # -- RSS -----------------------------------------------------------------------------------------------------

    def feed_episodes(self) -> list[FakeEpisode]:
        """What the public feed lists: published, processed episodes, newest first."""
        shown = [ep for ep in self.episodes if ep.in_feed and ep.status == "published"]
        return sorted(shown, key=lambda ep: ep.pub_date, reverse=True)

    def _feed_bytes(self) -> bytes:
        items = "".join(self._item_xml(ep) for ep in self.feed_episodes())
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:podcast="https://podcastindex.org/namespace/1.0">\n'
            "  <channel>\n"
            f'    <atom:link rel="self" type="application/atom+xml" href={quoteattr(self.feed_url)} '
            'title="MP3 Audio"/>\n'
            "    <title>The Fake Show</title>\n"
            "    <generator>Transistor (https://transistor.fm)</generator>\n"
            "    <language>en</language>\n"
            f"    <link>{escape(self.base)}/</link>\n"
            "    <itunes:owner><itunes:name>Fake Host</itunes:name><itunes:email>host@fake-show.test</itunes:email>"
            "</itunes:owner>\n"
            "    <podcast:locked>yes</podcast:locked>\n"
            + (f"    <podcast:guid>{self.podcast_guid}</podcast:guid>\n" if self.podcast_guid else "")
            + f'    <itunes:image href="{self.base}/img.transistorcdn.com/show/art.jpg"/>\n'
            f"{items}"
            "  </channel>\n"
            "</rss>\n"
        ).encode("utf-8")

    def _item_xml(self, ep: FakeEpisode) -> str:
        share = self.share_url(ep)
        lines = ["    <item>", f"      <title>{escape(ep.title)}</title>"]
        if ep.number is not None:
            lines += [f"      <itunes:episode>{ep.number}</itunes:episode>",
                      f"      <podcast:episode>{ep.number}</podcast:episode>"]
        if ep.season is not None:
            lines += [f"      <itunes:season>{ep.season}</itunes:season>",
                      f"      <podcast:season>{ep.season}</podcast:season>"]
        lines += [
            f"      <itunes:title>{escape(ep.title)}</itunes:title>",
            f"      <itunes:episodeType>{ep.episode_type}</itunes:episodeType>",
            f'      <guid isPermaLink="false">{ep.guid}</guid>',
            f"      <link>{escape(ep.alternate_url or share)}</link>",
            f"      <description><![CDATA[<p>About {escape(ep.title)}.</p>]]></description>",
            f"      <content:encoded><![CDATA[<p>About {escape(ep.title)}.</p>]]></content:encoded>",
            f"      <pubDate>{format_datetime(ep.pub_date)}</pubDate>",
            "      <author>Fake Host</author>",
        ]
        attrs = f"url={quoteattr(self.media_url(ep))}"
        if ep.feed_length:
            attrs += f' length="{ep.size}"'
        if ep.feed_type:
            attrs += f' type="{ep.content_type}"'
        if ep.has_media:
            lines.append(f"      <enclosure {attrs}/>")
        lines.append("      <itunes:author>Fake Host</itunes:author>")
        if ep.image:
            lines.append(f'      <itunes:image href="{self.base}/img.transistorcdn.com/{ep.embed_id}/art.jpg"/>')
        if ep.duration is not None:
            lines.append(f"      <itunes:duration>{ep.duration}</itunes:duration>")
        lines.append("      <itunes:explicit>No</itunes:explicit>")
        if ep.transcripts:
            lines.append(f'      <podcast:transcript url="{share}/transcript.txt" type="text/plain"/>')
            lines.append(f'      <podcast:transcript url="{share}/transcript.{ep.timed_format}" '
                         f'type="{TIMED_TYPES[ep.timed_format]}" language="en"/>')
        if ep.chapters:
            lines.append(f'      <podcast:chapters url="{share}/chapters.json" type="application/json+chapters"/>')
        lines.append("    </item>\n")
        return "\n".join(lines)

    def feed_validators(self, body: bytes | None = None) -> tuple[str, str]:
        """The feed's current ETag (changes with its bytes) and Last-Modified (its newest episode's date)."""
        body = body if body is not None else self._feed_bytes()
        newest = max((ep.pub_date for ep in self.feed_episodes()), default=datetime(2020, 1, 1, tzinfo=timezone.utc))
        return f'"{hashlib.sha1(body).hexdigest()[:16]}"', _http_date(newest)

    def _feed(self, request: Request, slug: str) -> Response:
        if slug != SHOW_SLUG:
            return Response("Not Found", status=404)
        if self.moved is not None:
            return self._hop(request, 1)
        body = self._feed_bytes()
        etag, last_modified = self.feed_validators(body)
        headers = {"ETag": etag, "Last-Modified": last_modified, "Cache-Control": "max-age=300"}
        if _not_modified(request, etag, last_modified):
            return Response(status=304, headers=headers)
        return Response(body, content_type="application/rss+xml; charset=utf-8", headers=headers)

    def _hop(self, request: Request, number: int) -> Response:
        if self.moved is None or number > self.moved[2]:
            return Response("Not Found", status=404)
        status, to, hops = self.moved
        return Response(status=status, headers={"Location": to if number == hops else f"{self.base}/hop/{number + 1}"})

    def _share(self, request: Request, embed_id: str) -> Response:
        return Response(f"<html><body>share page {escape(embed_id)}</body></html>", content_type="text/html")

    def _share_file(self, request: Request, embed_id: str, name: str) -> Response:
        ep = next((ep for ep in self.episodes if ep.embed_id == embed_id), None)
        if ep is not None and name == f"transcript.{ep.timed_format}":
            body = ep.transcript_body if ep.transcript_body is not None else default_transcript(ep)
            return Response(body, content_type=ep.transcript_content_type or TIMED_TYPES[ep.timed_format])
        types = {"transcript.txt": "text/plain", "chapters.json": "application/json+chapters"}
        if name not in types:
            return Response("Not Found", status=404)
        return Response(f"{name} of {embed_id}", content_type=types[name])

    # -- media ---------------------------------------------------------------------------------------------------

    def _prefix(self, request: Request, rest: str) -> Response:
        """Analytics prefixes count the download, then redirect to the real host (here: the same server)."""
        return Response(status=302, headers={"Location": f"{self.base}/{rest}"})

    def _media(self, request: Request, embed_id: str, name: str) -> Response:
        if self.cdn_hop:
            return Response(status=302, headers={"Location": f"{self.base}/cdn/{embed_id}/{name}"})
        return self._cdn(request, embed_id, name)

    def _legacy_media(self, request: Request, name: str) -> Response:
        embed_id, _, _ext = name.partition(".")
        return self._media(request, embed_id, name)

    def _cdn(self, request: Request, embed_id: str, name: str) -> Response:
        try:
            ep = self.episode(embed_id)
        except StopIteration:
            return Response("Not Found", status=404)
        if ep.media_gone or name not in (f"{ep.media_hash}.{ep.ext}", f"{ep.embed_id}.{ep.ext}"):
            return Response("Not Found", status=404)
        if request.method == "HEAD":
            if self.head_mode == "405":
                return Response(status=405, headers={"Allow": "GET"})
            return Response(status=200, headers={"Content-Length": str(ep.size), "Content-Type": ep.content_type,
                                                 "Accept-Ranges": "bytes"})
        if request.headers.get("Range") == "bytes=0-0":
            return Response(b"\xff", status=206, content_type=ep.content_type,
                            headers={"Content-Range": f"bytes 0-0/{ep.size}", "Accept-Ranges": "bytes"})
        return Response(_zeros(ep.size), content_type=ep.content_type, headers={"Content-Length": str(ep.size)},
                        direct_passthrough=True)

    # -- JSON:API ------------------------------------------------------------------------------------------------

    def _api_gate(self, request: Request) -> Response | None:
        """The 10-per-10-s limiter (a 429 blocks for the whole window) and the key check, as Transistor does."""
        now = self.clock.now()
        with self._lock:
            if now < self._blocked_until:
                return self._too_many()
            while self._api_times and self._api_times[0] <= now - self.rate_window:
                self._api_times.popleft()
            if len(self._api_times) >= self.rate_limit:
                self._blocked_until = now + (self.retry_after if self.retry_after is not None else self.rate_window)
                return self._too_many()
            self._api_times.append(now)
        if request.headers.get("x-api-key") != self.api_key:
            return _json({"errors": [{"title": "Unauthorized"}]}, 401)
        return None

    def _too_many(self) -> Response:
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        return Response("", status=429, headers=headers)

    def _api_episodes(self, request: Request) -> Response:
        gate = self._api_gate(request)
        if gate is not None:
            return gate
        args = request.args
        known = {"show_id", "status", "order", "query", "pagination[page]", "pagination[per]", "fields[episode][]",
                 "fields[show][]", "include[]"}
        unknown = sorted(set(args) - known)
        if unknown and self.strict_params:
            return _json({"errors": [{"title": f"Invalid parameters: {unknown[0]}"}]}, 400)
        if args.get("show_id") not in (None, SHOW_ID, SHOW_SLUG):
            return _json({"data": [], "meta": {"currentPage": 1, "totalPages": 0, "totalCount": 0}})
        try:
            page = 1 if self.ignore_page else max(int(args.get("pagination[page]", "0")), 1)
            per = int(args.get("pagination[per]", "10"))
        except ValueError:
            return _json({"errors": [{"title": "Invalid parameters: pagination"}]}, 400)
        episodes = [ep for ep in self.episodes if args.get("status") in (None, ep.status)]
        episodes.sort(key=lambda ep: ep.pub_date, reverse=args.get("order", "desc") != "asc")
        fields = args.getlist("fields[episode][]")
        total_pages = -(-len(episodes) // per) if per > 0 else 0
        chunk = episodes[(page - 1) * per: page * per]
        return _json({
            "data": [self._api_resource(ep, fields) for ep in chunk],
            "meta": {"currentPage": page, "totalPages": total_pages, "totalCount": len(episodes)},
        })

    def api_attributes(self, ep: FakeEpisode) -> dict[str, Any]:
        """Every documented episode attribute, shaped like Transistor's (nulls where it sends nulls)."""
        share = self.share_url(ep)
        iframe = ('<iframe width="100%" height="180" frameborder="no" scrolling="no" seamless '
                  f'src="{self.base}/share.transistor.fm/e/{ep.embed_id}{{}}"></iframe>')
        published = ep.pub_date.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        return {
            "title": ep.title,
            "number": ep.number,
            "season": ep.season,
            "status": ep.status,
            "published_at": published if ep.status != "draft" else None,
            "duration": ep.duration if not ep.audio_processing else None,
            "explicit": False,
            "keywords": "fake,show",
            "alternate_url": ep.alternate_url,
            "media_url": self.media_url(ep) if ep.has_media else None,
            "image_url": f"{self.base}/img.transistorcdn.com/{ep.embed_id}/art.jpg" if ep.image else None,
            "video_url": None,
            "author": "Fake Host",
            "summary": f"About {ep.title}",
            "description": f"<p>About {ep.title}.</p>",
            "slug": ep.title.lower().replace(" ", "-"),
            "created_at": published,
            "updated_at": published,
            "formatted_published_at": ep.pub_date.strftime("%B %-d, %Y"),
            "duration_in_mmss": f"{(ep.duration or 0) // 60:02d}:{(ep.duration or 0) % 60:02d}",
            "share_url": share,
            "transcript_url": f"{share}/transcript" if ep.transcripts else None,
            "transcripts": [f"{share}/transcript.txt", {"url": f"{share}/transcript.vtt", "format": "vtt"}]
            if ep.transcripts else [],
            "formatted_summary": f"About {ep.title}",
            "formatted_description": f"<p>About {ep.title}.</p>",
            "embed_html": iframe.format(""),
            "embed_html_dark": iframe.format("/dark"),
            "audio_processing": ep.audio_processing,
            "type": ep.episode_type,
            "email_notifications": None,
        }

    def _api_resource(self, ep: FakeEpisode, fields: list[str]) -> dict[str, Any]:
        attributes = self.api_attributes(ep)
        if fields:
            attributes = {k: v for k, v in attributes.items() if k in fields}
            relationships: dict[str, Any] = {}
        else:
            relationships = {"show": {"data": {"id": SHOW_ID, "type": "show"}}}
        return {"id": ep.api_id, "type": "episode", "attributes": attributes, "relationships": relationships}


class _QuietHandler(WSGIRequestHandler):
    """Keeps test output clean: the fake's own request log (`hits`) is what tests read."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:
        pass


def sample_episodes() -> list[FakeEpisode]:
    """A small show with the shapes real Transistor feeds have, edge cases included."""
    return [
        FakeEpisode("cea47899", title="Cold Brew Myths", number=12, season=2, duration=2261, size=36_182_204,
                    pub_date=datetime(2024, 5, 14, 5, 0, tzinfo=timezone(timedelta(hours=-4)))),
        FakeEpisode("5e08448f", title="Roast Levels", number=11, season=2, duration=1706, size=27_302_170,
                    prefix="op3", alternate_url="https://www.example.com/episodes/roast-levels",
                    transcripts=False, chapters=False,
                    pub_date=datetime(2024, 5, 7, 5, 0, tzinfo=timezone(timedelta(hours=-4)))),
        FakeEpisode("dd8e79de", title="Grinders", number=10, season=2, duration=4198, size=67_205_341,
                    foreign_media=True, transcripts=False, chapters=False,
                    pub_date=datetime(2024, 4, 30, 5, 0, tzinfo=timezone(timedelta(hours=-4)))),
        FakeEpisode("b0afd7df", title="Water Chemistry", number=9, season=1, duration=1009, size=16_144_001,
                    prefix="podtrac", legacy_media=True, episode_type="bonus",
                    pub_date=datetime(2024, 4, 23, 9, 38, 38, tzinfo=timezone(timedelta(hours=-5)))),
        FakeEpisode("0b9e4c21", title="Decaf (processing)", number=13, season=2, duration=None,
                    audio_processing=True,
                    pub_date=datetime(2024, 5, 21, 5, 0, tzinfo=timezone(timedelta(hours=-4)))),
        FakeEpisode("c9763d66", title="Next Week (draft)", number=14, season=2, status="draft",
                    pub_date=datetime(2024, 5, 28, 5, 0, tzinfo=timezone(timedelta(hours=-4)))),
    ]


def _json(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json; charset=utf-8")


def _not_modified(request: Request, etag: str, last_modified: str) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
    since = request.headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _zeros(size: int) -> Iterator[bytes]:
    chunk = b"\0" * 65536
    while size > 0:
        yield chunk[: min(size, len(chunk))]
        size -= len(chunk)


class _TruncatedResponse(Response):
    """Announces the full length, sends half the body, then closes the connection."""

    def __init__(self, body: bytes) -> None:
        super().__init__(body[: len(body) // 2], content_type="application/rss+xml")
        self.headers["Content-Length"] = str(len(body))
        self.headers["Connection"] = "close"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", list(self.headers.items()))
        yield self.get_data()
        raise ConnectionAbortedError("fake truncation")


class _ResetResponse(Response):
    """Drops the connection before any status line, like a reset peer."""

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
        raise ConnectionResetError("fake reset")
