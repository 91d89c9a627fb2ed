"""`edtfeed serve`: preview the output dir over HTTP the way a podcast directory's crawler sees it.

Built on the standard library's threaded HTTP server rather than werkzeug: it adds no runtime dependency, and
the few HTTP rules that matter to feed crawlers (validators, 304, gzip, byte ranges, content types) are easier to
keep exact in ~200 lines we own than to bend a WSGI stack into. It is a preview tool, not a production server:
it binds to loopback by default.

Behaviour worth knowing:
- Feeds are `application/rss+xml` for clients, but `application/xml` when the client is a browser (its Accept
  lists `text/html`): Chromium shows `application/rss+xml` as plain text and only applies the feed's
  `<?xml-stylesheet?>` under an XML type. Responses whose type depends on Accept say `Vary: Accept`.
- Strong `ETag` from the bytes' SHA-256 (the gzip variant has its own, suffixed `-gzip`), `Last-Modified` from
  the file's mtime; `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2).
- gzip for text types when `Accept-Encoding` allows it, compressed deterministically (no timestamp).
- One byte range per request (`206`/`416`); a Range request always gets the identity encoding, a multi-range
  or malformed Range header gets the whole file (RFC 9110 lets a server ignore Range), and `If-Range` is honoured.
- Nothing outside the directory, and no dot-files (temp files of an atomic write, `.git`), is ever served.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import re
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from types import TracebackType
from urllib.parse import quote, unquote, urlsplit

from edtfeed import __version__
from edtfeed.diagnostics import printable
from edtfeed.timecode import format_http_date, parse_rfc2822

FEED_TYPE = "application/rss+xml; charset=utf-8"
BROWSER_FEED_TYPE = "application/xml; charset=utf-8"

# First match wins; patterns match the end of the path (PurePosixPath.match), names lower-cased.
CONTENT_TYPES: tuple[tuple[str, str], ...] = (
    ("feed.xml", FEED_TYPE),
    ("*.rss", FEED_TYPE),
    ("chapters/*.json", "application/json+chapters"),
    ("*.json", "application/json"),
    ("*.html", "text/html; charset=utf-8"),
    ("*.htm", "text/html; charset=utf-8"),
    ("*.xsl", "text/xsl; charset=utf-8"),
    ("*.xslt", "text/xsl; charset=utf-8"),
    ("*.xml", "application/xml; charset=utf-8"),
    ("*.css", "text/css; charset=utf-8"),
    ("*.js", "text/javascript; charset=utf-8"),
    ("*.txt", "text/plain; charset=utf-8"),
    ("*.md", "text/markdown; charset=utf-8"),
    ("*.vtt", "text/vtt; charset=utf-8"),
    ("*.srt", "application/x-subrip"),
    ("*.svg", "image/svg+xml"),
    ("*.png", "image/png"),
    ("*.jpg", "image/jpeg"),
    ("*.jpeg", "image/jpeg"),
    ("*.webp", "image/webp"),
    ("*.gif", "image/gif"),  # a picture pasted into the notes may be one (read/inline_images.py)
    ("*.ico", "image/x-icon"),
    ("*.mp3", "audio/mpeg"),
    ("*.m4a", "audio/mp4"),
)
DEFAULT_TYPE = "application/octet-stream"
COMPRESSIBLE = ("text/", "application/rss+xml", "application/xml", "application/json", "image/svg+xml",
                "application/x-subrip")
ALLOW = "GET, HEAD"


def content_type(rel: str) -> str:
    """The Content-Type of a file by its path relative to the served dir (a table, not the host's mime.types)."""
    path = PurePosixPath(rel.lower())
    return next((ctype for pattern, ctype in CONTENT_TYPES if path.match(pattern)), DEFAULT_TYPE)


@dataclass(frozen=True)
class Representation:
    """The bytes of one file in one encoding, with the validator that names exactly those bytes."""

    data: bytes
    etag: str
    encoding: str | None  # Content-Encoding, None for identity


@lru_cache(maxsize=128)
def _load(path: str, mtime_ns: int, size: int, encoding: str | None) -> Representation:
    """Read (and gzip) a file once per (mtime, size): repeated polls of a large feed stay cheap."""
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:32]
    if encoding == "gzip":
        return Representation(gzip.compress(data, compresslevel=9, mtime=0), f'"{digest}-gzip"', "gzip")
    return Representation(data, f'"{digest}"', None)


def _header_tokens(value: str | None) -> dict[str, float]:
    """An Accept / Accept-Encoding header as {token: q}; malformed q values count as 0."""
    tokens: dict[str, float] = {}
    for part in (value or "").split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        if not name:
            continue
        q = 1.0
        for param in params:
            key, _, val = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        tokens[name.lower()] = max(q, tokens.get(name.lower(), 0.0))
    return tokens


def wants_gzip(accept_encoding: str | None) -> bool:
    tokens = _header_tokens(accept_encoding)
    q = tokens.get("gzip", tokens.get("x-gzip", tokens.get("*", 0.0)))
    return q > 0


def is_browser(accept: str | None) -> bool:
    """Browsers navigating to a URL list text/html in Accept; feed readers and crawlers do not."""
    return _header_tokens(accept).get("text/html", 0.0) > 0


_POSITION = re.compile(r"[0-9]*")  # ASCII only: str.isdigit() accepts "²", which int() refuses
MAX_POSITION_DIGITS = 18  # every file size fits; longer positions are past the end of any file


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | bool:
    """A single `bytes=` range as (first, last) inclusive; None to ignore the header; False if unsatisfiable."""
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first_s, dash, last_s = spec.strip().partition("-")
    if not dash or not _POSITION.fullmatch(first_s) or not _POSITION.fullmatch(last_s):
        return None
    if len(first_s) > MAX_POSITION_DIGITS:  # past the end of any file (and past int()'s digit limit)
        return False
    last_s = last_s if len(last_s) <= MAX_POSITION_DIGITS else str(size)  # "to the end", as RFC 9110 reads it
    if first_s == "":
        if last_s == "":
            return None
        suffix = int(last_s)
        if suffix == 0 or size == 0:
            return False
        return max(size - suffix, 0), size - 1
    first = int(first_s)
    if last_s and int(last_s) < first:
        return None
    if first >= size:
        return False
    last = min(int(last_s), size - 1) if last_s else size - 1
    return first, last


def _http_date_seconds(value: str | None) -> int | None:
    when = parse_rfc2822(value)
    return int(when.timestamp()) if when is not None else None


def _etag_matches(header: str, etags: tuple[str, ...]) -> bool:
    """Weak comparison (RFC 9110 §8.8.3.2), as If-None-Match requires."""
    if header.strip() == "*":
        return True
    offered = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return any(tag in offered for tag in etags)


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves files of `server.root`; only GET and HEAD."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # a garbage request line still gets a status line with its 400
    server_version = f"edtfeed-preview/{__version__}"

    def version_string(self) -> str:
        """No Python version in the Server header."""
        return self.server_version

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", ALLOW)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    # -- routing -------------------------------------------------------------------------------------------

    def _resolve(self) -> tuple[Path, str] | None:
        """The file or dir a URL path names, inside the root, or None (traversal, dot-files, NUL, missing)."""
        raw = unquote(urlsplit(self.path).path, errors="strict")
        parts = [part for part in raw.split("/") if part not in ("", ".")]
        if any(part == ".." or part.startswith(".") or "\x00" in part or "\\" in part for part in parts):
            return None
        candidate = self.server.root.joinpath(*parts)
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real != self.server.root and not real.is_relative_to(self.server.root):
            return None
        return real, "/".join(parts)

    def _respond(self, send_body: bool) -> None:
        try:
            target = self._resolve()
        except UnicodeDecodeError:
            target = None
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        path, rel = target
        if path.is_dir():
            self._directory(path, rel, send_body)
        elif path.is_file():
            self._file(path, rel, send_body)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _directory(self, path: Path, rel: str, send_body: bool) -> None:
        url_path = urlsplit(self.path).path
        if not url_path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        index = path / "index.html"
        if index.is_file():
            self._file(index, f"{rel}/index.html".lstrip("/"), send_body)
            return
        entries = sorted(p.name + ("/" if p.is_dir() else "") for p in path.iterdir() if not p.name.startswith("."))
        items = "".join(f'<li><a href="{quote(name)}">{html.escape(name)}</a></li>' for name in entries)
        title = html.escape(f"/{rel}")
        body = (f"<!doctype html><meta charset=utf-8><title>{title}</title>"
                f"<h1>{title}</h1><ul>{items}</ul>\n").encode("utf-8")
        self._page(body, send_body, "no-cache")

    def _page(self, body: bytes, send_body: bool, cache: str) -> None:
        """An HTML page made here (a listing, a page with the reload script): whole, no validators, no ranges."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    # -- files -----------------------------------------------------------------------------------------------

    def _file(self, path: Path, rel: str, send_body: bool) -> None:
        stat = path.stat()
        ctype = content_type(rel)
        vary = []
        if ctype == FEED_TYPE:
            vary.append("Accept")
            if is_browser(self.headers.get("Accept")):
                ctype = BROWSER_FEED_TYPE
        compressible = ctype.startswith(COMPRESSIBLE)
        if compressible:
            vary.append("Accept-Encoding")
        range_header = self.headers.get("Range")
        use_gzip = compressible and not range_header and wants_gzip(self.headers.get("Accept-Encoding"))
        identity = _load(str(path), stat.st_mtime_ns, stat.st_size, None)
        rep = _load(str(path), stat.st_mtime_ns, stat.st_size, "gzip") if use_gzip else identity
        mtime = int(stat.st_mtime)
        last_modified = format_http_date(mtime)

        def common_headers() -> None:
            self.send_header("ETag", rep.etag)
            self.send_header("Last-Modified", last_modified)
            self.send_header("Cache-Control", "no-cache")
            if vary:
                self.send_header("Vary", ", ".join(vary))

        if self._not_modified(identity.etag, mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            common_headers()
            self.end_headers()
            return

        byte_range = parse_range(range_header, len(identity.data)) if self._if_range_holds(rep.etag, mtime) else None
        if byte_range is False:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{len(identity.data)}")
            self.send_header("Content-Length", "0")
            common_headers()
            self.end_headers()
            return

        body = rep.data
        if isinstance(byte_range, tuple):
            first, last = byte_range
            body = rep.data[first : last + 1]
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Range", f"bytes {first}-{last}/{len(rep.data)}")
        else:
            self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        if rep.encoding:
            self.send_header("Content-Encoding", rep.encoding)
        common_headers()
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, identity_etag: str, mtime: int) -> bool:
        """RFC 9110 §13.2.2: If-None-Match decides when present; else If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            gzip_etag = identity_etag[:-1] + '-gzip"'
            return _etag_matches(if_none_match, (identity_etag, gzip_etag))
        since = _http_date_seconds(self.headers.get("If-Modified-Since"))
        return since is not None and mtime <= since

    def _if_range_holds(self, etag: str, mtime: int) -> bool:
        """If-Range: serve the range only when the client's copy is still current (strong comparison)."""
        if_range = self.headers.get("If-Range")
        if if_range is None:
            return True
        if if_range.strip().startswith(('"', "W/")):
            return if_range.strip() == etag
        since = _http_date_seconds(if_range)
        return since is not None and since == mtime


class PreviewServer(ThreadingHTTPServer):
    """A threaded preview server for one directory; `with` runs it in a background thread (for tests)."""

    daemon_threads = True

    def __init__(self, directory: Path | str, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False):
        self.root = Path(directory).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"{directory}: no such directory to serve (run `edtfeed publish` first?)")
        self.quiet = quiet
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._thread: threading.Thread | None = None
        super().__init__((host, port), PreviewHandler)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """One line, not a traceback: a client that hangs up mid-answer is routine, and the server goes on."""
        if not self.quiet:
            kind = sys.exc_info()[0]
            sys.stderr.write(f"{client_address[0]} - request dropped ({kind.__name__ if kind else 'unknown'})\n")

    @property
    def url(self) -> str:
        """The base URL, with the real port when bound to port 0."""
        host, port = self.server_address[:2]
        host_s = f"[{host}]" if self.address_family == socket.AF_INET6 else str(host)
        return f"http://{host_s}:{port}"

    def __enter__(self) -> PreviewServer:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="edtfeed-serve", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        self.server_close()


def serve(directory: Path | str, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> PreviewServer:
    """A bound (not yet serving) preview server: call `serve_forever()`, or use it in a `with` block.

    Port 0 picks a free port; read it back from `.url`.
    """
    return PreviewServer(directory, host, port, quiet)


# -- preview: feed list, live reload ------------------------------------------------------------------------

EVENTS_PATH = "/__edtfeed/events"  # server-sent events: one `reload` message after each rebuild
# Added to HTML only as `serve --watch` serves it (never to the files publish writes): reload after a rebuild.
RELOAD_SCRIPT = (f'<script>new EventSource("{EVENTS_PATH}").addEventListener("reload",function(){{'
                 "location.reload()})</script>").encode()
KEEPALIVE_SECONDS = 15.0
BANNER_STYLE = ("position:fixed;bottom:0;left:0;right:0;z-index:9999;padding:1em;background:#8b0000;color:#fff;"
                "font:14px/1.4 system-ui,sans-serif;white-space:pre-wrap")
RETRY_WATCH = 0.5  # seconds before watching again after the watcher failed


def feed_paths(root: Path) -> list[str]:
    """Each feed below `root` (`<lang>/feed.xml`, or `<show>/<lang>/feed.xml` above several shows' output dirs),
    as URL paths: what `serve` prints and a person opens."""
    found = [*Path(root).glob("*/feed.xml"), *Path(root).glob("*/*/feed.xml")]
    return sorted(f"/{path.relative_to(root).as_posix()}" for path in found)


class LiveHandler(PreviewHandler):
    """PreviewHandler plus the events route, and the reload script in every HTML page it serves.

    Pages are served whole and uncached here (their bytes differ from the files'); every other file keeps the
    validators, gzip and ranges of PreviewHandler.
    """

    server: LivePreviewServer

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self._events()
        else:
            super().do_GET()

    def _file(self, path: Path, rel: str, send_body: bool) -> None:
        if not content_type(rel).startswith("text/html"):
            super()._file(path, rel, send_body)
            return
        data = path.read_bytes()
        at = data.rfind(b"</body>")
        added = self.server.banner() + RELOAD_SCRIPT
        body = data[:at] + added + data[at:] if at >= 0 else data + added
        self._page(body, send_body, "no-store")

    def _events(self) -> None:
        """Hold the connection open; send `reload` once the next rebuild is done, comments meanwhile."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        server = self.server
        seen = server.generation
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while not server.closing:
                with server.rebuilt:
                    server.rebuilt.wait_for(lambda: server.generation != seen or server.closing, KEEPALIVE_SECONDS)
                if server.generation != seen:
                    self.wfile.write(b"event: reload\ndata: reload\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": keepalive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class LivePreviewServer(PreviewServer):
    """A preview server whose pages reload when `announce_rebuild` is called (by `serve --watch`)."""

    def __init__(self, directory: Path | str, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False):
        self.generation = 0
        self.closing = False
        self.failure: str | None = None  # why the last rebuild failed, while it is the last
        self.rebuilt = threading.Condition()
        super().__init__(directory, host, port, quiet)
        self.RequestHandlerClass = LiveHandler

    def announce_rebuild(self, failure: str | None = None) -> None:
        """Reload open pages; `failure` says why the rebuild failed (shown on every page until one succeeds)."""
        with self.rebuilt:
            self.failure = failure
            self.generation += 1
            self.rebuilt.notify_all()

    def banner(self) -> bytes:
        """The failed rebuild's message as a block at the foot of a page, or nothing."""
        failure = self.failure
        if failure is None:
            return b""
        return (f'<div role="alert" style="{BANNER_STYLE}"><strong>edtfeed: the last rebuild failed; this page is '
                f"from the build before.</strong><br>{html.escape(failure)}</div>").encode()

    def server_close(self) -> None:
        with self.rebuilt:
            self.closing = True
            self.rebuilt.notify_all()
        super().server_close()


def watch_inputs(paths: list[Path], wanted: Callable[[Path], bool], rebuild: Callable[[], None],
                 stop: threading.Event, report: Callable[[str], None]) -> None:
    """Call `rebuild` after each burst of changes to files `wanted` says are inputs, below `paths`, until `stop`.

    The watcher survives what stops watchfiles (a file name that is not UTF-8: "Unable to decode path"; a folder
    removed and made again): it says so through `report`, rebuilds (the change may have been an input's) and
    watches again.
    """
    from watchfiles import watch

    while not stop.is_set():
        try:
            for _ in watch(*paths, watch_filter=lambda _change, name: wanted(Path(name)), debounce=200, step=50,
                           stop_event=stop, rust_timeout=500, yield_on_timeout=False):
                rebuild()
        except Exception as exc:  # noqa: BLE001 - whatever stopped it, a preview must keep watching
            report(f"watching {', '.join(map(str, paths))} stopped ({printable(str(exc))}); watching again")
            if stop.wait(RETRY_WATCH):
                return
            rebuild()
