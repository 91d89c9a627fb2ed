"""Times in the audio and dates on the wire: the one place that reads and writes clock times and RFC 2822 dates.

A clock time (`12:34`, `1:02:03`, `00:00:07.500`, plain seconds `2261`) is read by `parse_clock`, whatever wrote
it: an author's heading or timestamp list, a transcript line, a caption file's timing line, a host's
itunes:duration. The patterns that find a time inside text (`CLOCK`) live here too, so every stage recognises the
same shapes. `format_clock` writes every form an output needs, each named by where it appears.

RFC 2822 dates (RSS pubDate, HTTP's Last-Modified, If-Modified-Since, Retry-After) are read by `parse_rfc2822`,
which always gives an aware datetime: a date whose zone is unknown (`-0000`) is UTC, as the RFC means it, so no
stage has to fix a naive date up later. The validator (validate/) keeps its own parsers on purpose: it checks
what this module writes.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import formatdate, parsedate_to_datetime
from typing import Literal

# A time as people write it in text: `M:SS`, `MM:SS`, `H:MM:SS`, an optional fraction after `.` or `,`.
CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# A time in a WebVTT or SRT timing line: always a fraction, hours optional and up to three digits.
CAPTION_CLOCK = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
# An RFC 2822 date with a time and a zone, the weekday optional: how a record's date is told from its other forms.
RFC2822_DATE = r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+\S+"
MAX_CLOCK_CHARS = 32  # a longer "time" is not one; bounds the work on untrusted text
MAX_DATE_CHARS = 128  # the longest RFC 2822 date with comments to spare
_PART_RE = re.compile(r"\d+")
_LAST_RE = re.compile(r"(\d+)(?:[.,](\d{1,9}))?")

ClockStyle = Literal["short", "notes", "notes-hours", "npt", "vtt", "srt", "iso"]


def parse_clock(text: str) -> float:
    """The seconds of a written time: `SS`, `M:SS` or `H:MM:SS`, the last part with an optional fraction (`.` or
    `,`, up to nine digits). Seconds after a colon are under 60, and so are minutes after hours; minutes without
    hours are not bounded (`75:30` is an itunes:duration). ValueError for anything else, only that."""
    text = text.strip()
    if len(text) > MAX_CLOCK_CHARS:
        raise ValueError(f"{text[:MAX_CLOCK_CHARS]!r}… is too long for a time")
    *leading, last = text.split(":")
    match = _LAST_RE.fullmatch(last)
    if match is None or len(leading) > 2 or not all(_PART_RE.fullmatch(part) for part in leading) \
            or (leading and len(match[1]) > 2) or any(len(part) > 2 for part in leading[1:]):
        raise ValueError(f"{text!r} is not a time like 12:34 or 1:02:03")
    seconds, fraction = int(match[1]), match[2]
    minutes = int(leading[-1]) if leading else 0
    hours = int(leading[0]) if len(leading) == 2 else 0
    if (leading and seconds >= 60) or (len(leading) == 2 and minutes >= 60):
        raise ValueError(f"{text!r} is not a time: minutes and seconds run to 59")
    whole = hours * 3600 + minutes * 60 + seconds
    return whole + int(fraction) / 10 ** len(fraction) if fraction else float(whole)


def whole_seconds(text: str) -> int | None:
    """A written time in whole seconds (the fraction dropped), None when it is not a time: for times found in
    text, where a near miss (`12:75`) is words, not an error."""
    try:
        return int(parse_clock(text))
    except ValueError:
        return None


def format_clock(seconds: float, style: ClockStyle = "short") -> str:
    """`seconds` (>= 0) as an output writes it:

    - short: `M:SS`, `H:MM:SS` from an hour on (pages, HTML transcripts: the Podcasting 2.0 examples' form);
    - notes: `MM:SS` and notes-hours: `HH:MM:SS` (show-notes chapter lines: one width for a whole episode);
    - npt and vtt: `HH:MM:SS.mmm` (psc chapter starts, WebVTT); srt: `HH:MM:SS,mmm`;
    - iso: an ISO 8601 duration, `PT1H2M3S` (whole seconds).
    """
    if seconds < 0:
        raise ValueError(f"a time is never negative ({seconds})")
    hours, rest = divmod(round(seconds * 1000), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    if style == "short":
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    if style == "notes":
        return f"{hours * 60 + minutes:02d}:{secs:02d}"
    if style == "notes-hours":
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if style in ("npt", "vtt", "srt"):
        return f"{hours:02d}:{minutes:02d}:{secs:02d}{',' if style == 'srt' else '.'}{millis:03d}"
    if style == "iso":
        return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"
    raise ValueError(f"unknown clock style {style!r}")


def notes_style(duration: float) -> ClockStyle:
    """The show-notes style for an episode of `duration` seconds: with hours from an hour on."""
    return "notes-hours" if duration >= 3600 else "notes"


def parse_rfc2822(text: str | None) -> datetime | None:
    """An RFC 2822 date (RSS pubDate, an HTTP date) as an aware datetime, a missing zone or `-0000` taken as UTC;
    None when there is none or it is not a date (every caller then goes on without it)."""
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def format_http_date(timestamp: float) -> str:
    """A POSIX timestamp as an HTTP date (IMF-fixdate: `Mon, 07 Dec 2026 09:00:00 GMT`)."""
    return formatdate(timestamp, usegmt=True)
