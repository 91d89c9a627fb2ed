"""HTTP for every request edtfeed makes (the resolver, the migration check, notifications): one session, timeouts,
bounded retries with backoff, 429 waits, a client-side throttle.

Every answer is bounded, because a host can be broken or hostile: a deadline for the whole request (a watchdog
shuts its socket, so a host that drips bytes is cut off where a per-read timeout never fires), a body size counted
after decompression (a gzip bomb stops at the limit), and a JSON nesting depth.

Clock and sleep are injected so tests exercise every wait without waiting. Error messages name the URL and what
went wrong, never request headers: the API key travels in a header and must not leak into any output.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

import requests
import urllib3.connection
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from edtfeed import __version__
from edtfeed.config import TransistorConfig
from edtfeed.timecode import parse_rfc2822

USER_AGENT = f"edtfeed/{__version__} (podcast feed publisher; +https://pypi.org/project/edtfeed/)"
RETRY_STATUSES = frozenset({500, 502, 503, 504})
RATE_LIMIT_WAIT = 10.0  # Transistor blocks a client for 10 s after a 429 and sends no Retry-After
DEADLINE = 120.0  # seconds for one whole request (connect, headers and every body read)
MAX_BODY = 50 * 1024 * 1024  # bytes of a body we read, after decompression: feeds, API pages, error pages
MAX_JSON_DEPTH = 64  # nesting levels; Transistor's JSON:API pages need five
CHUNK = 64 * 1024  # bytes decoded per read, so a gzip bomb never inflates more than this at once
ACCEPT_ENCODING = "gzip, deflate"  # only what urllib3 decodes without optional packages


class FetchError(Exception):
    """A source could not be read; the message names the URL and the reason (safe to print)."""


class _Refused(Exception):
    """The body broke a bound (size, deadline): not worth retrying, the host will answer the same way."""


class _Watch:
    """The connections of one request in flight: at the deadline their sockets are shut, which ends any read."""

    def __init__(self) -> None:
        self.connections: list[urllib3.connection.HTTPConnection] = []
        self.expired = False
        self.done = False
        self._lock = threading.Lock()

    def add(self, connection: urllib3.connection.HTTPConnection) -> None:
        with self._lock:
            self.connections.append(connection)

    def expire(self) -> None:
        with self._lock:
            if self.done:
                return
            self.expired = True
            for connection in self.connections:
                if connection.sock is not None:
                    try:
                        connection.sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

    def finish(self) -> None:
        with self._lock:
            self.done = True


_current = threading.local()  # the _Watch of this thread's request in flight


class _Watched:
    """A urllib3 connection that tells the request in flight it carries it (also when reused from the pool)."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        watch = getattr(_current, "watch", None)
        if watch is not None:
            watch.add(self)  # type: ignore[arg-type]
        super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTP(_Watched, urllib3.connection.HTTPConnection):
    pass


class _WatchedHTTPS(_Watched, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTP


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPS


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter on connections a deadline can cut: a per-read timeout never fires for a host that drips."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def _drop_redirect_body(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    """requests reads a redirect's whole body before following it: a hostile 302 could send gigabytes."""
    if response.is_redirect:
        response.raw.close()
        response._content = b""
        response._content_consumed = True
    return response


class Throttle:
    """At most `limit` requests in any `window` seconds (Transistor's API allows 10 per 10 s)."""

    def __init__(
        self,
        limit: int = 10,
        window: float = 10.0,
        *,
        margin: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.window = window
        self.margin = margin  # slack for the server seeing our requests a little later than we sent them
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()

    def wait(self) -> None:
        """Block until one more request fits in the window, then count it."""
        now = self._expire()
        if len(self._sent) >= self.limit:
            self._sleep(self._sent[0] + self.window + self.margin - now)
            now = self._expire()
        self._sent.append(now)

    def _expire(self) -> float:
        """Forget requests that left the window; returns the time now."""
        now = self._clock()
        while self._sent and self._sent[0] <= now - self.window:
            self._sent.popleft()
        return now


class HttpClient:
    """requests with a timeout, a User-Agent naming edtfeed, and retries for what is worth retrying."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        deadline: float = DEADLINE,
        max_body: int = MAX_BODY,
        attempts: int = 4,
        backoff: float = 1.0,
        rate_limit_retries: int = 3,
        max_wait: float = 120.0,
        retry_statuses: frozenset[int] = RETRY_STATUSES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
        budget: float | None = None,
    ) -> None:
        self.timeout = timeout
        self.deadline = deadline
        # Seconds of real time every request of this client may take together (a run's bound against a host that
        # drips: each request is cut at `deadline`, and once the budget is spent no request is sent); None: none.
        self.budget = budget
        self._started = time.monotonic()
        self.max_body = max_body
        self.attempts = attempts
        self.backoff = backoff
        self.rate_limit_retries = rate_limit_retries
        self.max_wait = max_wait
        self.retry_statuses = retry_statuses
        self.clock = clock
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept-Encoding"] = ACCEPT_ENCODING
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, _DeadlineAdapter())
        self.session.hooks["response"].append(_drop_redirect_body)

    def throttle(self, limit: int = 10, window: float = 10.0) -> Throttle:
        """A throttle sharing this client's clock."""
        return Throttle(limit, window, clock=self.clock, sleep=self.sleep)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Any = None,
        data: Mapping[str, str] | bytes | None = None,
        throttle: Throttle | None = None,
        allow_redirects: bool = True,
        stream: bool = False,
        label: str | None = None,
        max_body: int | None = None,
    ) -> requests.Response:
        """The first response that is not a 5xx or 429, after bounded retries; FetchError when none came.

        4xx answers (other than 429) are returned to the caller, which knows what they mean for its source.
        `label` names the request in messages (default: the full URL). Unless `stream`, the body is read here,
        within the client's deadline and body size (`max_body` for this request, if smaller), so `.content` never
        waits or grows without bound.
        """
        shown = label or requests.Request(method, url, params=params).prepare().url or url
        failures = 0
        rate_limited = 0
        while True:
            if throttle is not None:
                self._deadline(shown)  # no wait for a request that will not be sent
                throttle.wait()
            deadline = self._deadline(shown)
            try:
                response = self._attempt(
                    method, url, deadline=deadline, headers=dict(headers or {}), params=params, data=data,
                    allow_redirects=allow_redirects,
                    # a HEAD answer has no body: its Content-Length is the size of a file never read (an hour of
                    # audio is over the body bound), so no body bound applies to it
                    read_body=not stream and method.upper() != "HEAD",
                    max_body=min(self.max_body, max_body or self.max_body),
                )
            except _Refused as exc:
                raise FetchError(f"{shown}: {exc}") from None
            except requests.Timeout:
                reason = f"no answer within {self.timeout:g} s"
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
                reason = "the response body was cut off (truncated download)"
            except requests.exceptions.TooManyRedirects:
                raise FetchError(f"{shown}: too many redirects") from None
            except requests.ConnectionError:
                reason = "connection failed"
            except requests.RequestException as exc:  # never str(exc): it may quote a header value
                raise FetchError(f"{shown}: request failed ({type(exc).__name__})") from None
            else:
                if response.status_code == 429:
                    rate_limited += 1
                    if rate_limited > self.rate_limit_retries:
                        raise FetchError(f"{shown}: rate limited (HTTP 429), retried {self.rate_limit_retries} times")
                    self.sleep(min(retry_after(response.headers.get("Retry-After")), self.max_wait,
                                   self._remaining()))
                    continue
                if response.status_code not in self.retry_statuses:
                    return response
                reason = f"server error HTTP {response.status_code}"
                response.close()
            failures += 1
            if failures >= self.attempts:
                tries = f" (gave up after {failures} attempts)" if failures > 1 else ""
                raise FetchError(f"{shown}: {reason}{tries}")
            self.sleep(min(self.backoff * 2 ** (failures - 1), self._remaining()))

    def _remaining(self) -> float:
        """Seconds left of the budget (infinite without one)."""
        if self.budget is None:
            return float("inf")
        return max(0.0, self.budget - (time.monotonic() - self._started))

    def _deadline(self, shown: str) -> float:
        """This attempt's deadline: the client's, or what is left of the budget; FetchError when nothing is."""
        remaining = self._remaining()
        if remaining <= 0:
            raise FetchError(f"{shown}: not asked: the {self.budget:g} s this run may spend on the host are used up "
                             "(a host answering very slowly?); run again later, or raise [transistor] run_deadline")
        return min(self.deadline, remaining)

    def _attempt(self, method: str, url: str, *, deadline: float, read_body: bool, max_body: int,
                 **kwargs: Any) -> requests.Response:
        """One request, cut off at `deadline` (real time: the injected clock only paces waits)."""
        watch = _Watch()
        timer = threading.Timer(deadline, watch.expire)
        timer.daemon = True
        _current.watch = watch
        timer.start()
        try:
            response = self.session.request(method, url, timeout=min(self.timeout, deadline), stream=True,
                                            **kwargs)
            if read_body and not response.is_redirect and response.status_code not in self.retry_statuses | {429}:
                self._read_body(response, watch, max_body, deadline)
            return response
        except requests.RequestException:
            if watch.expired:
                raise _Refused(self._too_slow(deadline)) from None
            raise
        finally:
            timer.cancel()
            watch.finish()
            _current.watch = None

    def _too_slow(self, deadline: float) -> str:
        if deadline < self.deadline:
            return (f"this run's {self.budget:g} s for the host ran out during the request (a host sending very "
                    "slowly?); run again later, or raise [transistor] run_deadline")
        return f"the whole request took longer than the {self.deadline:g} s deadline (a host sending very slowly?)"

    def _read_body(self, response: requests.Response, watch: _Watch, max_body: int, deadline: float) -> None:
        """Read and decompress the body in small steps, stopping at the deadline or the size bound."""
        declared = response.headers.get("Content-Length", "").strip()
        encoded = response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity")
        if not encoded and (ascii_int(declared) or 0) > max_body:
            response.close()
            raise _Refused(f"the body is larger than the {_size(max_body)} limit (Content-Length {declared})")
        body = bytearray()
        try:
            while True:
                chunk = response.raw.read1(CHUNK, decode_content=True)
                if watch.expired:  # a shut socket reads as the end of a body without a length
                    raise _Refused(self._too_slow(deadline))
                if not chunk:
                    break
                body += chunk
                if len(body) > max_body:
                    raise _Refused(f"the body is larger than the {_size(max_body)} limit"
                                   + (" once decompressed" if encoded else ""))
        except urllib3.exceptions.ReadTimeoutError:
            raise requests.Timeout() from None
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError):
            raise requests.exceptions.ChunkedEncodingError() from None
        finally:
            response.close()
        response._content = bytes(body)  # what requests itself stores once a body is read
        response._content_consumed = True


def _size(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


_ASCII_DIGITS = re.compile(r"[0-9]{1,20}")  # str.isdigit accepts "²" and int() 5,000 digits is a ValueError


def ascii_int(value: str | None) -> int | None:
    """A host's non-negative integer (header or feed text): ASCII digits only, at most 20; None otherwise."""
    value = (value or "").strip()
    return int(value) if _ASCII_DIGITS.fullmatch(value) else None


def load_json(body: bytes, where: str) -> Any:
    """JSON from a host, refused (FetchError naming `where`) when malformed or nested deeper than MAX_JSON_DEPTH."""
    if json_depth(body) > MAX_JSON_DEPTH:
        raise FetchError(f"{where}: the JSON answer is nested deeper than {MAX_JSON_DEPTH} levels; not the API")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FetchError(f"{where}: the API answered with malformed JSON ({exc}); truncated or not the API") \
            from None


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST = re.compile(rb"\[\]|\{\}")


def json_depth(body: bytes, stop: int = MAX_JSON_DEPTH) -> int:
    """How deeply `body` nests, counted up to `stop + 1` without recursion (json.loads recurses)."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    depth = 0
    while brackets and depth <= stop:
        shorter = _INNERMOST.sub(b"", brackets)
        if shorter == brackets:  # unbalanced: json.loads says where
            break
        brackets, depth = shorter, depth + 1
    return depth


def retry_after(value: str | None) -> float:
    """Seconds to wait after a 429: Retry-After (seconds or HTTP date) when sent, else Transistor's 10 s block."""
    if value:
        value = value.strip()
        seconds = ascii_int(value)
        if seconds is not None:
            return float(seconds)
        if (when := parse_rfc2822(value)) is None:
            return RATE_LIMIT_WAIT
        return max((when - datetime.now(timezone.utc)).total_seconds(), 0.0)
    return RATE_LIMIT_WAIT


def expect_ok(response: requests.Response, where: str, meanings: Mapping[int, str]) -> None:
    """FetchError naming `where` unless the answer is 200; `meanings` says what a status means for this source."""
    status = response.status_code
    if status != 200:
        meaning = meanings.get(status, "unexpected HTTP {status}").format(status=status)
        detail = "" if status in (401, 403) else error_title(response.text)  # auth answers may echo credentials
        raise FetchError(f"{where}: {meaning}{detail}")


def error_title(body: str) -> str:
    """Best effort: Transistor's error bodies vary ({"errors":[{"title":…}]}, {"error":…}); HTML says nothing."""
    try:
        payload = load_json(body.encode("utf-8", "replace"), "")
    except FetchError:
        return ""
    if isinstance(payload, dict):
        errors = payload.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict) and errors[0].get("title"):
            return f" ({str(errors[0]['title'])[:200]})"
        if isinstance(payload.get("error"), str):
            return f" ({payload['error'][:200]})"
    return ""

def bounded_client(config: TransistorConfig) -> HttpClient:
    """A client with the bounds of `[transistor]`: per-read timeout, whole-request deadline, body size, and the
    time all requests of the run may take together."""
    return HttpClient(timeout=config.timeout, deadline=config.deadline, max_body=config.max_body_mb * 1024 * 1024,
                      budget=config.run_deadline)
