"""The one clock parser and formatter, and the one RFC 2822 date reader: behaviour, round trips, a small fuzz."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

import pytest

from edtfeed.timecode import (
    MAX_CLOCK_CHARS,
    format_clock,
    format_http_date,
    notes_style,
    parse_clock,
    parse_rfc2822,
    whole_seconds,
)


@pytest.mark.parametrize(("text", "seconds"), [
    ("12:34", 754.0), ("1:02:03", 3723.0), ("01:02:03", 3723.0), ("0:05", 5.0), ("2261", 2261.0),
    ("2261.5", 2261.5), ("00:00:07.500", 7.5), ("00:00:07,250", 7.25), ("75:30", 4530.0), (" 1009 ", 1009.0),
    ("1:2:03", 3723.0), ("100:00:00.000", 360000.0), ("١٢:٣٤", 754.0),  # Arabic-Indic digits, as int() reads them
])
def test_parse_clock_reads_every_written_form(text: str, seconds: float) -> None:
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", [
    "", ":", "12:", ":12", "12:60", "1:60:00", "1:00:60", "1:2:3:4", "-5", "1e3", "nan", "inf", "12.5:30",
    "12:345", "1:123:00", "12:34.", "12:34.1234567890", "soon", "²", "1" * (MAX_CLOCK_CHARS + 1), "12 :34",
])
def test_parse_clock_refuses_what_is_not_a_time(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


def test_whole_seconds_drops_the_fraction_and_says_none_for_a_near_miss() -> None:
    assert whole_seconds("00:00:07.999") == 7 and whole_seconds("12:34") == 754
    assert whole_seconds("12:75") is None and whole_seconds("words") is None


@pytest.mark.parametrize(("seconds", "style", "text"), [
    (5, "short", "0:05"), (754, "short", "12:34"), (3723, "short", "1:02:03"),
    (65, "notes", "01:05"), (4530, "notes", "75:30"), (3723, "notes-hours", "01:02:03"), (59, "notes-hours", "00:00:59"),
    (0, "npt", "00:00:00.000"), (3723, "npt", "01:02:03.000"),
    (7.25, "vtt", "00:00:07.250"), (7.25, "srt", "00:00:07,250"), (360000.5, "vtt", "100:00:00.500"),
    (0.0004, "vtt", "00:00:00.000"), (0.0005, "srt", "00:00:00,000"), (59.9996, "vtt", "00:01:00.000"),
    (3723, "iso", "PT1H2M3S"), (60, "iso", "PT1M0S"), (5, "iso", "PT5S"), (3600, "iso", "PT1H0S"),
])
def test_format_clock_styles(seconds: float, style: str, text: str) -> None:
    assert format_clock(seconds, style) == text  # type: ignore[arg-type]


def test_format_clock_refuses_a_negative_time_and_an_unknown_style() -> None:
    with pytest.raises(ValueError):
        format_clock(-1)
    with pytest.raises(ValueError):
        format_clock(1, "fortnights")  # type: ignore[arg-type]


def test_notes_style_has_hours_from_an_hour_on() -> None:
    assert (notes_style(3599), notes_style(3600)) == ("notes", "notes-hours")


@pytest.mark.parametrize("style", ["short", "notes", "notes-hours", "npt", "vtt", "srt"])
def test_every_written_clock_reads_back(style: str) -> None:
    for seconds in [0, 1, 59, 60, 599, 3599, 3600, 3661, 35999, 36000, 172800, *random.Random(7).sample(range(172800), 300)]:
        assert parse_clock(format_clock(seconds, style)) == seconds  # type: ignore[arg-type]


@pytest.mark.parametrize("style", ["vtt", "srt"])
def test_milliseconds_read_back(style: str) -> None:
    rng = random.Random(11)
    for _ in range(500):
        seconds = rng.uniform(0, 172800)
        assert parse_clock(format_clock(seconds, style)) == pytest.approx(round(seconds * 1000) / 1000, abs=1e-6)  # type: ignore[arg-type]


def test_fuzz_parse_clock_raises_only_value_error_and_returns_a_finite_time() -> None:
    rng = random.Random(2026)
    alphabet = "0123456789::..,,- \t\n٣²eE+naif"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        try:
            seconds = parse_clock(text)
        except ValueError:
            continue
        assert math.isfinite(seconds) and seconds >= 0, text
        assert len(text.strip()) <= MAX_CLOCK_CHARS


def test_a_huge_input_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_clock("1:" * 1_000_000 + "00")


@pytest.mark.parametrize(("text", "expected"), [
    ("Thu, 07 Mar 2024 08:00:00 GMT", datetime(2024, 3, 7, 8, tzinfo=timezone.utc)),
    ("Thu, 07 Mar 2024 08:00:00 -0000", datetime(2024, 3, 7, 8, tzinfo=timezone.utc)),  # zone unknown: UTC
    ("Thu, 07 Mar 2024 08:00:00", datetime(2024, 3, 7, 8, tzinfo=timezone.utc)),
    ("7 Mar 2024 10:00 +0200", datetime(2024, 3, 7, 10, tzinfo=timezone(timedelta(hours=2)))),
])
def test_parse_rfc2822_is_always_aware(text: str, expected: datetime) -> None:
    parsed = parse_rfc2822(text)
    assert parsed == expected and parsed is not None and parsed.tzinfo is not None
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", [None, "", "soon", "Thu, 32 Mar 2024 08:00:00 GMT", "x" * 10_000,
                                  "Thu, 07 Mar 99999 08:00:00 GMT"])
def test_parse_rfc2822_is_none_for_what_is_not_a_date(text: str | None) -> None:
    assert parse_rfc2822(text) is None


def test_http_dates_read_back() -> None:
    for timestamp in (0, 784111777, 1_733_562_000, 4_102_444_799):
        written = format_http_date(timestamp)
        assert written.endswith(" GMT")
        parsed = parse_rfc2822(written)
        assert parsed is not None and parsed.timestamp() == timestamp
    assert format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT"  # RFC 9110's example
