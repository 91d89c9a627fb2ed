"""Telling directories that a feed changed: WebSub hub pings and Podping, after a publish.

Only feeds whose bytes changed are announced (a ping for an unchanged feed makes every subscriber re-fetch for
nothing). Every failure is a warning: the feed is already published and directories will see it at their next
poll, so a flaky hub must never fail the run. The Podping token comes from $PODPING_TOKEN only and never appears
in a message, even when a server echoes it back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import requests

from edtfeed.config import PublishConfig
from edtfeed.diagnostics import Diagnostic
from edtfeed.http import FetchError, HttpClient

TIMEOUT = 10.0  # seconds per read; a hub slower than this is reported and skipped
DEADLINE = 30.0  # seconds for one whole ping: a hub that drips its answer is cut off
BUDGET = 120.0  # seconds for every ping of a run together, however many feeds changed
MAX_BODY = 1024 * 1024  # bytes of a hub's answer: only a snippet of it is ever shown
PODPING_TOKEN_ENV = "PODPING_TOKEN"
SNIPPET = 200  # characters of a failing response body worth showing


@dataclass
class NotifyResult:
    """What was announced (for the run summary) and what went wrong (warnings)."""

    sent: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _describe_failure(response: requests.Response) -> str:
    body = " ".join(response.text.split())[:SNIPPET]
    return f"HTTP {response.status_code}" + (f": {body}" if body else "")


def _ping_each(
    result: NotifyResult,
    feed_urls: Sequence[str],
    what: str,
    send: Callable[[str], requests.Response],
    secret: str | None = None,
) -> None:
    """Call `send` once per feed URL; every non-2xx answer or network error becomes a warning in `result`."""
    for feed_url in feed_urls:
        try:
            response = send(feed_url)
            failure = None if response.ok else _describe_failure(response)
        except FetchError as exc:
            failure = str(exc).split(": ", 1)[-1]  # the message starts with the URL, named already
        if failure is None:
            result.sent.append(f"{what}: {feed_url}")
            continue
        if secret:
            failure = failure.replace(secret, "[PODPING_TOKEN]")
        result.problems.append(
            Diagnostic(feed_url, None, f"{what} not notified ({failure}); directories will see the change at their "
                    "next poll", "warning")
        )
    return result


def notify_websub(result: NotifyResult, hub: str, feed_urls: Sequence[str], client: HttpClient) -> None:
    """POST `hub.mode=publish&hub.url=<feed>` to the hub, once per changed feed (the form Google's hub takes)."""
    _ping_each(
        result,
        feed_urls,
        f"WebSub hub {hub}",
        lambda url: client.request("POST", hub, data={"hub.mode": "publish", "hub.url": url}),
    )


def notify_podping(
    result: NotifyResult, base_url: str, token: str, feed_urls: Sequence[str], client: HttpClient
) -> None:
    """GET `<podping>/?url=<feed>` with the token in Authorization, once per changed feed (podping.cloud's API)."""
    _ping_each(
        result,
        feed_urls,
        "Podping",
        lambda url: client.request("GET", base_url, params={"url": url}, headers={"Authorization": token}),
        secret=token,
    )


def notify_changed(
    publish: PublishConfig,
    feed_urls: Sequence[str],
    env: Mapping[str, str] = os.environ,
    session: requests.Session | None = None,
) -> NotifyResult:
    """After a publish: announce each changed feed URL to the configured WebSub hub and to Podping."""
    result = NotifyResult()
    token = env.get(PODPING_TOKEN_ENV, "").strip()
    if not feed_urls:
        return result
    if token and not publish.podping:
        result.problems.append(Diagnostic(
            "edtfeed.toml", None,
            f"${PODPING_TOKEN_ENV} is set but [publish] podping is not true: pinging, but the feeds do not declare "
            '<podcast:podping usesPodping="true"/>', "warning",
        ))
    if publish.podping and not token:
        result.problems.append(Diagnostic(
            "edtfeed.toml", None,
            f"[publish] podping = true but ${PODPING_TOKEN_ENV} is not set: no Podping sent", "warning",
        ))
    # one try each, no waits, a 5xx answered as it is: a missed ping costs nothing, directories poll anyway
    client = HttpClient(timeout=TIMEOUT, deadline=DEADLINE, max_body=MAX_BODY, attempts=1, rate_limit_retries=0,
                        retry_statuses=frozenset(), session=session, budget=BUDGET)
    if publish.websub_hub:
        notify_websub(result, publish.websub_hub, feed_urls, client)
    if token:
        notify_podping(result, publish.podping_url, token, feed_urls, client)
    client.session.close()
    return result
