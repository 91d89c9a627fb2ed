"""HTTP for the resolver: one session, timeouts, bounded retries with backoff, 429 waits, a client-side throttle.

Clock and sleep are injected so tests exercise every wait without waiting. Error messages name the URL and what
went wrong, never request headers: the API key travels in a header and must not leak into any output.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from edtfeed import __version__

USER_AGENT = f"edtfeed/{__version__} (podcast feed publisher; +https://pypi.org/project/edtfeed/)"
RETRY_STATUSES = frozenset({500, 502, 503, 504})
RATE_LIMIT_WAIT = 10.0  # Transistor blocks a client for 10 s after a 429 and sends no Retry-After


class FetchError(Exception):
    """A source could not be read; the message names the URL and the reason (safe to print)."""


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
        attempts: int = 4,
        backoff: float = 1.0,
        rate_limit_retries: int = 3,
        max_wait: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.rate_limit_retries = rate_limit_retries
        self.max_wait = max_wait
        self.clock = clock
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

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
        throttle: Throttle | None = None,
        allow_redirects: bool = True,
        stream: bool = False,
        label: str | None = None,
    ) -> requests.Response:
        """The first response that is not a 5xx or 429, after bounded retries; FetchError when none came.

        4xx answers (other than 429) are returned to the caller, which knows what they mean for its source.
        `label` names the request in messages (default: the full URL).
        """
        shown = label or requests.Request(method, url, params=params).prepare().url or url
        failures = 0
        rate_limited = 0
        while True:
            if throttle is not None:
                throttle.wait()
            try:
                response = self.session.request(
                    method, url, headers=dict(headers or {}), params=params, timeout=self.timeout,
                    allow_redirects=allow_redirects, stream=stream,
                )
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
                    self.sleep(min(retry_after(response.headers.get("Retry-After")), self.max_wait))
                    continue
                if response.status_code not in RETRY_STATUSES:
                    return response
                reason = f"server error HTTP {response.status_code}"
                response.close()
            failures += 1
            if failures >= self.attempts:
                raise FetchError(f"{shown}: {reason} (gave up after {failures} attempts)")
            self.sleep(self.backoff * 2 ** (failures - 1))


def retry_after(value: str | None) -> float:
    """Seconds to wait after a 429: Retry-After (seconds or HTTP date) when sent, else Transistor's 10 s block."""
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return RATE_LIMIT_WAIT
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
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
        payload = json.loads(body)
    except ValueError:
        return ""
    if isinstance(payload, dict):
        errors = payload.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict) and errors[0].get("title"):
            return f" ({str(errors[0]['title'])[:200]})"
        if isinstance(payload.get("error"), str):
            return f" ({payload['error'][:200]})"
    return ""
