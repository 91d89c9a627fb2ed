"""The resolver's HTTP pieces in isolation: the sliding-window throttle, Retry-After, progress output."""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from edtfeed.http import RATE_LIMIT_WAIT, Throttle, error_title, retry_after
from edtfeed.resolve.progress import BAR_THRESHOLD, Progress
from tests.fake_transistor import FakeClock


def test_throttle_allows_ten_then_waits_for_the_window() -> None:
    clock = FakeClock()
    throttle = Throttle(10, 10.0, margin=0.25, clock=clock.now, sleep=clock.sleep)
    start = clock.now()
    sent = []
    for _ in range(25):
        throttle.wait()
        sent.append(clock.now() - start)

    assert sent[:10] == [0.0] * 10
    assert sent[10] == pytest.approx(10.25)
    for i in range(len(sent) - 10):  # never 11 requests within any 10 s window
        assert sent[i + 10] - sent[i] > 10.0


def test_throttle_does_not_wait_when_requests_are_spread_out() -> None:
    clock = FakeClock()
    throttle = Throttle(2, 10.0, clock=clock.now, sleep=clock.sleep)
    for _ in range(5):
        throttle.wait()
        clock.now_value += 6.0
    assert clock.slept == []


def test_retry_after_forms() -> None:
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert retry_after("7") == 7.0
    assert retry_after(None) == RATE_LIMIT_WAIT == 10.0
    assert retry_after("soon") == RATE_LIMIT_WAIT
    assert 25.0 < retry_after(later) <= 30.0


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_for_many_ids(caplog: pytest.LogCaptureFixture) -> None:
    stream = _Terminal()
    progress = Progress(BAR_THRESHOLD + 1, stream=stream)
    with caplog.at_level(logging.INFO, logger="edtfeed.resolve"):
        for n in range(BAR_THRESHOLD + 1):
            progress.step(f"{n:08x}", "resolved (rss)")
        progress.close()

    assert "resolving audio" in stream.getvalue()
    assert caplog.records == []


@pytest.mark.parametrize(("total", "stream"), [(BAR_THRESHOLD, _Terminal()), (BAR_THRESHOLD + 5, io.StringIO())])
def test_one_summary_line_for_few_ids_or_ci(total: int, stream: io.StringIO, caplog: pytest.LogCaptureFixture) -> None:
    progress = Progress(total, stream=stream)
    with caplog.at_level(logging.INFO, logger="edtfeed.resolve"):
        progress.step("cea47899", "resolved (rss)")
        progress.step("5e08448f", "resolved (rss)")
        progress.step("b0afd7df", "failed")
        progress.close()

    assert stream.getvalue() == ""
    assert [r.getMessage() for r in caplog.records] == ["resolved 2 embed ids: 2 resolved (rss)"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"errors":[{"title":"Invalid parameters: page"}]}', " (Invalid parameters: page)"),
        ('{"status":404,"error":"Not Found"}', " (Not Found)"),
        ("<html><body>Bad Gateway</body></html>", ""),
        ("", ""),
        ('{"errors": []}', ""),
    ],
)
def test_error_title_is_best_effort(body: str, expected: str) -> None:
    assert error_title(body) == expected
