"""Record dates in every form real episode records use, turned into one aware datetime.

Records are edited by hand, by CMS plugins and by scripts, so the `date:` front matter key holds:

- JavaScript `Date.toString()`: `Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)`
- ISO 8601, with or without time, zone or fraction: `2020-09-14T00:00:00.000Z`, `2024-03-07`,
  also Jekyll's own `2024-03-07 10:00:00 -0800`
- what YAML makes of an unquoted ISO value: a `date`, a naive `datetime` or an aware `datetime`
- US style `M/D/YYYY`: `8/29/2024`
- RFC 2822 (JavaScript's `toUTCString()`, RSS pubDate): `Thu, 07 Mar 2024 08:00:00 GMT`

The record's instant and UTC offset are kept as written. A value without a zone is taken in the show's time
zone (`[show] timezone`), a value without a time at 00:00 there.

Decision on the JavaScript form's weekday: JavaScript derives it from the date, so a mismatch means someone
edited the date by hand and left the weekday. The date is what the author changed on purpose, so it is trusted
and the run goes on; the caller may pass `on_warning` to report the mismatch.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from edtfeed.diagnostics import Diagnostic
from edtfeed.errors import RecordError
from edtfeed.keylines import key_lines
from edtfeed.read.files import read_record_bytes
from edtfeed.read.types import Record
from edtfeed.timecode import RFC2822_DATE, parse_rfc2822

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_JS_DATE = re.compile(
    r"(?P<weekday>[A-Za-z]{3})\s+(?P<month>[A-Za-z]{3})\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s+"
    r"(?:GMT|UTC)(?P<offset>[+-]\d{4})?(?:\s*\([^()]*\))?"
)
# ISO 8601 date-time with a space or nothing between the time and the offset, which fromisoformat refuses
# (Jekyll writes `2024-03-07 10:00:00 -0800`).
_ISO_SPACED_ZONE = re.compile(
    r"(?P<stamp>\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s+(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)",
    re.IGNORECASE,
)
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
_US_DATE = re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})")
_RFC_2822 = re.compile(RFC2822_DATE)

_FORMS = (
    "YYYY-MM-DD, an ISO 8601 date-time such as 2024-03-07T10:00:00-08:00, M/D/YYYY, "
    "or JavaScript's Date.toString() form such as 'Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)'"
)


def zone(tz: str) -> ZoneInfo:
    """The IANA zone named `tz`; ValueError (not KeyError) when unknown, so callers handle one error type."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r} (use an IANA name such as 'America/Los_Angeles')") from None


FIRST_YEAR = 1900  # RSS dates (RFC 822) and podcast apps handle nothing earlier; no episode is older


def parse_record_date(value: object, tz: str, *, on_warning: Callable[[str], None] | None = None) -> datetime:
    """Parse a record's `date:` value into an aware datetime (see the module docstring for the forms), from
    FIRST_YEAR on.

    `tz` is the zone for values that carry no zone. `on_warning` receives a message for oddities that are
    tolerated (a JavaScript weekday that does not match the date).
    """
    parsed = _parse(value, tz, on_warning)
    if parsed.year < FIRST_YEAR:
        raise ValueError(f"date {parsed.date().isoformat()} is before {FIRST_YEAR}: write the day the episode "
                         "was published")
    return parsed


def _parse(value: object, tz: str, on_warning: Callable[[str], None] | None) -> datetime:
    local = zone(tz)
    if isinstance(value, datetime):  # before date: datetime is a subclass of date
        return value if value.tzinfo is not None else value.replace(tzinfo=local)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=local)
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a date: write it as {_FORMS}")
    text = value.strip()
    if not text:
        raise ValueError(f"date is empty: write it as {_FORMS}")
    try:
        if _ISO_START.match(text):
            return _parse_iso(text, local)
        if match := _US_DATE.fullmatch(text):
            return _parse_us(match, local)
        if match := _JS_DATE.fullmatch(text):
            return _parse_js(match, on_warning)
        if _RFC_2822.fullmatch(text):
            if (parsed := parse_rfc2822(text)) is None:
                raise ValueError("no such day or time")
            return parsed
    except ValueError as exc:
        raise ValueError(f"date {text!r} is not a valid date ({exc}): write it as {_FORMS}") from None
    raise ValueError(f"date {text!r} is in no known form: write it as {_FORMS}")


def _parse_iso(text: str, local: ZoneInfo) -> datetime:
    """ISO 8601 via fromisoformat, after joining a space-separated zone (Jekyll style) to the time."""
    if match := _ISO_SPACED_ZONE.fullmatch(text):
        zone_text = match["zone"].upper()
        text = match["stamp"] + ("Z" if zone_text in ("Z", "UTC", "GMT") else zone_text)
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=local)


def _parse_us(match: re.Match[str], local: ZoneInfo) -> datetime:
    """M/D/YYYY; a day-first value (month > 12) is refused rather than guessed."""
    month, day = int(match["month"]), int(match["day"])
    if month > 12 >= day:
        raise ValueError(f"month {month} is over 12; slash dates are read as M/D/YYYY (US style)")
    return datetime(int(match["year"]), month, day, tzinfo=local)


@functools.lru_cache(maxsize=64)
def _fixed_zone(minutes: int) -> timezone:
    """The fixed UTC offset of `minutes`, one object per offset: a show's records share a handful, and each
    record's date is held for the whole build."""
    return timezone(timedelta(minutes=minutes))


def _parse_js(match: re.Match[str], on_warning: Callable[[str], None] | None) -> datetime:
    """JavaScript Date.toString(): local time plus its GMT offset; the zone name in brackets is ignored."""
    month_name = match["month"].lower()
    if month_name not in _MONTHS:
        raise ValueError(f"unknown month {match['month']!r}")
    offset_minutes = 0
    if offset_text := match["offset"]:
        hours, minutes = int(offset_text[1:3]), int(offset_text[3:5])
        if minutes >= 60:
            raise ValueError(f"bad UTC offset {offset_text}")
        offset_minutes = (hours * 60 + minutes) * (-1 if offset_text[0] == "-" else 1)
    parsed = datetime(
        int(match["year"]),
        _MONTHS.index(month_name) + 1,
        int(match["day"]),
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"] or 0),
        tzinfo=_fixed_zone(offset_minutes),
    )
    written = match["weekday"].lower()
    actual = _WEEKDAYS[parsed.weekday()]
    if written != actual and on_warning is not None:
        on_warning(
            f"weekday {match['weekday']!r} does not match {parsed.date().isoformat()} "
            f"(a {actual.capitalize()}); the date is used as written"
        )
    return parsed


def far_ahead(records: Iterable[Record], days: int, today: date) -> list[Diagnostic]:
    """A warning for each record dated more than `days` after `today` (`[episodes] future_days`): a typo such as
    2204 for 2024 is well-formed, and would be published as an episode of that year without a word.

    `today` is the caller's clock: only this message depends on it, never an output."""
    limit = today + timedelta(days=days)
    problems = []
    for record in records:
        if record.date.date() > limit:
            ahead = (record.date.date() - today).days
            problems.append(Diagnostic(record.rel, _date_line(record), (
                f"date {record.date.date().isoformat()} is {ahead:,} days after today, more than [episodes] "
                f"future_days ({days}): a typo (such as 2204 for 2024)? It is published with that date; fix the "
                "`date:` line, or raise [episodes] future_days for an episode scheduled that far ahead"), "warning"))
    return problems


def _date_line(record: Record) -> int | None:
    try:
        return key_lines(read_record_bytes(record.path).decode("utf-8"), "yaml").get(("date",))
    except (RecordError, UnicodeDecodeError):
        return None
