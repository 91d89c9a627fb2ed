"""WebSub and Podping notifications against fake hubs on loopback."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from edtfeed.runner import notify
from edtfeed.runner.notify import notify_changed
from edtfeed.config import PublishConfig
from edtfeed.http import USER_AGENT

EN = "https://show.example/en/feed.xml"
ES = "https://show.example/es/feed.xml"
TOKEN = "s3cret-podping-token"


def _closed_port_url() -> str:
    """A loopback URL nobody listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_websub_publish_for_each_changed_feed_only(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hub", method="POST").respond_with_data("", status=204)
    config = PublishConfig(websub_hub=httpserver.url_for("/hub"))

    result = notify_changed(config, [EN, ES], env={})

    assert result.problems == []
    bodies = [parse_qs(request.get_data(as_text=True)) for request, _ in httpserver.log]
    assert bodies == [{"hub.mode": ["publish"], "hub.url": [EN]}, {"hub.mode": ["publish"], "hub.url": [ES]}]
    for request, _ in httpserver.log:
        assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert request.headers["User-Agent"] == USER_AGENT
    assert len(result.sent) == 2


def test_nothing_changed_nothing_sent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hub").respond_with_data("", status=204)
    config = PublishConfig(websub_hub=httpserver.url_for("/hub"), podping=True, podping_url=httpserver.url_for("/pp"))
    result = notify_changed(config, [], env={"PODPING_TOKEN": TOKEN})
    assert httpserver.log == []
    assert result.sent == [] and result.problems == []


def test_no_hub_configured_sends_nothing(httpserver: HTTPServer) -> None:
    result = notify_changed(PublishConfig(), [EN], env={})
    assert httpserver.log == []
    assert result.sent == [] and result.problems == []


def test_hub_failure_is_a_warning_and_the_other_feeds_still_go(httpserver: HTTPServer) -> None:
    def hub(request: Request) -> Response:
        if request.form["hub.url"] == EN:
            return Response("hub overloaded", status=503)
        return Response("", status=202)

    httpserver.expect_request("/hub", method="POST").respond_with_handler(hub)
    result = notify_changed(PublishConfig(websub_hub=httpserver.url_for("/hub")), [EN, ES], env={})

    assert len(httpserver.log) == 2
    [problem] = result.problems
    assert problem.severity == "warning"
    assert problem.file == EN
    assert "HTTP 503: hub overloaded" in problem.message
    assert result.sent == [f"WebSub hub {httpserver.url_for('/hub')}: {ES}"]


def test_unreachable_hub_is_a_warning() -> None:
    result = notify_changed(PublishConfig(websub_hub=_closed_port_url()), [EN], env={})
    [problem] = result.problems
    assert problem.severity == "warning" and problem.file == EN
    assert "not notified (connection failed)" in problem.message


def test_podping_one_ping_per_changed_feed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/", method="GET").respond_with_data("Success!", status=200)
    config = PublishConfig(podping=True, podping_url=httpserver.url_for("/"))

    result = notify_changed(config, [EN, ES], env={"PODPING_TOKEN": TOKEN})

    assert result.problems == []
    assert [request.args.getlist("url") for request, _ in httpserver.log] == [[EN], [ES]]
    for request, _ in httpserver.log:
        assert request.headers["Authorization"] == TOKEN
        assert request.headers["User-Agent"] == USER_AGENT


def test_podping_token_never_appears_in_messages(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(f"bad token {TOKEN}", status=401)
    config = PublishConfig(podping=True, podping_url=httpserver.url_for("/"))

    result = notify_changed(config, [EN], env={"PODPING_TOKEN": TOKEN})

    [problem] = result.problems
    assert "HTTP 401" in problem.message
    assert TOKEN not in str(problem)
    assert "[PODPING_TOKEN]" in problem.message


def test_podping_without_token_sends_nothing_and_says_so(httpserver: HTTPServer) -> None:
    config = PublishConfig(podping=True, podping_url=httpserver.url_for("/"))
    result = notify_changed(config, [EN], env={})
    assert httpserver.log == []
    [problem] = result.problems
    assert problem.severity == "warning" and "PODPING_TOKEN is not set" in problem.message


def test_token_without_podping_flag_still_pings_but_warns(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("Success!")
    result = notify_changed(PublishConfig(podping_url=httpserver.url_for("/")), [EN], env={"PODPING_TOKEN": TOKEN})
    assert len(httpserver.log) == 1
    [problem] = result.problems
    assert "usesPodping" in problem.message and TOKEN not in str(problem)


def test_websub_and_podping_together(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hub", method="POST").respond_with_data("", status=204)
    httpserver.expect_request("/pp", method="GET").respond_with_data("Success!")
    config = PublishConfig(websub_hub=httpserver.url_for("/hub"), podping=True, podping_url=httpserver.url_for("/pp"))
    result = notify_changed(config, [ES], env={"PODPING_TOKEN": TOKEN})
    assert sorted(request.path for request, _ in httpserver.log) == ["/hub", "/pp"]
    assert result.problems == [] and len(result.sent) == 2


@pytest.mark.parametrize("key", ["websub_hub", "podping_url"])
def test_urls_must_be_absolute(key: str) -> None:
    with pytest.raises(ValueError, match="absolute"):
        PublishConfig(**{key: "hub.example/publish"})


def test_a_dripping_hub_is_cut_off_at_the_deadline(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub answers at once, then sends a byte every 0.1 s: the per-read timeout never fires, the deadline does."""
    monkeypatch.setattr(notify, "DEADLINE", 1.0)

    def drip() -> Iterator[bytes]:
        for _ in range(100):
            time.sleep(0.1)
            yield b"x"

    httpserver.expect_request("/hub").respond_with_handler(lambda request: Response(drip(), status=200))
    started = time.monotonic()
    result = notify_changed(PublishConfig(websub_hub=httpserver.url_for("/hub")), [EN], env={})

    assert time.monotonic() - started < 3.0  # the 1 s deadline plus slack, not the 10 s drip
    [problem] = result.problems
    assert problem.severity == "warning"
    assert "took longer than the 1 s deadline" in problem.message
