"""Every date form real records use, and the errors for the rest."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from edtfeed.read.dates import parse_record_date

LA = "America/Los_Angeles"


def offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # JavaScript Date.toString()
        ("Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)", datetime(2024, 3, 7, tzinfo=offset(-8))),
        (
            "Thu May 07 2020 14:00:00 GMT-1000 (Hawaii-Aleutian Standard Time)",
            datetime(2020, 5, 7, 14, tzinfo=offset(-10)),
        ),
        (
            "Fri Jan 05 2024 09:15:30 GMT+0530 (India Standard Time)",
            datetime(2024, 1, 5, 9, 15, 30, tzinfo=offset(5.5)),
        ),
        ("Tue Aug 11 2020 17:00:00 GMT-0700", datetime(2020, 8, 11, 17, tzinfo=offset(-7))),
        (
            "Mon Feb 06 2023 19:00:00 GMT+0000 (Coordinated Universal Time)",
            datetime(2023, 2, 6, 19, tzinfo=timezone.utc),
        ),
        (
            "Mon Mar 04 2024 10:00:00 GMT+0100 (Mitteleuropäische Normalzeit)",
            datetime(2024, 3, 4, 10, tzinfo=offset(1)),
        ),
        # ISO 8601, quoted in YAML (so a string)
        ("2020-09-14T00:00:00.000Z", datetime(2020, 9, 14, tzinfo=timezone.utc)),
        ("2025-02-20T13:18:33.978Z", datetime(2025, 2, 20, 13, 18, 33, 978000, tzinfo=timezone.utc)),
        ("2024-03-07T10:00:00-08:00", datetime(2024, 3, 7, 10, tzinfo=offset(-8))),
        ("2024-03-07T10:00:00+0530", datetime(2024, 3, 7, 10, tzinfo=offset(5.5))),
        ("2024-03-07 10:00:00 -0800", datetime(2024, 3, 7, 10, tzinfo=offset(-8))),  # Jekyll's own form
        ("2024-03-07 10:00:00 UTC", datetime(2024, 3, 7, 10, tzinfo=timezone.utc)),
        ("2024-03-07T10:00:00.123456789+02:00", datetime(2024, 3, 7, 10, 0, 0, 123456, tzinfo=offset(2))),
        # RFC 2822 (JavaScript's toUTCString, RSS)
        ("Thu, 07 Mar 2024 08:00:00 GMT", datetime(2024, 3, 7, 8, tzinfo=timezone.utc)),
    ],
)
def test_forms_with_a_zone_keep_instant_and_offset(value: str, expected: datetime) -> None:
    parsed = parse_record_date(value, LA)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-07", datetime(2024, 3, 7)),  # bare date: midnight in the show's zone
        ("  2024-03-07  ", datetime(2024, 3, 7)),
        ("2024-03-07T10:30", datetime(2024, 3, 7, 10, 30)),  # no zone: the show's zone
        ("2024-03-07 10:30:15", datetime(2024, 3, 7, 10, 30, 15)),
        ("8/29/2024", datetime(2024, 8, 29)),  # US style M/D/YYYY
        ("12/1/2023", datetime(2023, 12, 1)),
        ("01/02/2023", datetime(2023, 1, 2)),
        (date(2024, 3, 7), datetime(2024, 3, 7)),  # YAML-native date
        (datetime(2024, 3, 7, 10, 30), datetime(2024, 3, 7, 10, 30)),  # YAML-native naive datetime
    ],
)
def test_forms_without_a_zone_are_local_to_the_show(value: object, expected: datetime) -> None:
    parsed = parse_record_date(value, LA)
    assert parsed == expected.replace(tzinfo=ZoneInfo(LA))
    assert parsed.tzinfo == ZoneInfo(LA)


def test_local_dates_follow_daylight_saving() -> None:
    assert parse_record_date("2024-01-15", LA).utcoffset() == timedelta(hours=-8)
    assert parse_record_date("2024-07-15", LA).utcoffset() == timedelta(hours=-7)
    assert parse_record_date("8/29/2024", "UTC").utcoffset() == timedelta(0)


def test_yaml_native_aware_datetime_is_kept() -> None:
    value = datetime(2020, 9, 14, 0, 0, tzinfo=timezone.utc)  # what PyYAML makes of 2020-09-14T00:00:00.000Z
    parsed = parse_record_date(value, LA)
    assert parsed == value and parsed.utcoffset() == timedelta(0)


def test_same_instant_in_different_forms() -> None:
    js = parse_record_date("Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)", "UTC")
    iso = parse_record_date("2024-03-07T08:00:00Z", "UTC")
    local = parse_record_date("2024-03-07", LA)
    assert js == iso == local


def test_js_weekday_mismatch_trusts_the_date_and_warns() -> None:
    warnings: list[str] = []
    # 2024-03-08 is a Friday; the record still says Thursday.
    parsed = parse_record_date(
        "Thu Mar 08 2024 00:00:00 GMT-0800 (Pacific Standard Time)", LA, on_warning=warnings.append
    )
    assert parsed == datetime(2024, 3, 8, tzinfo=offset(-8))
    assert len(warnings) == 1 and "Fri" in warnings[0] and "2024-03-08" in warnings[0]


def test_js_weekday_match_gives_no_warning() -> None:
    warnings: list[str] = []
    parse_record_date("Thu Mar 07 2024 00:00:00 GMT-0800 (Pacific Standard Time)", LA, on_warning=warnings.append)
    assert warnings == []


def test_js_weekday_mismatch_without_callback_still_parses() -> None:
    assert parse_record_date("Mon Mar 07 2024 00:00:00 GMT-0800", LA).day == 7


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "next Tuesday",
        "2024-13-01",
        "2024-02-30",
        "13/29/2024",  # day-first: refused rather than guessed
        "29/8/2024",
        "Thu Foo 07 2024 00:00:00 GMT-0800",
        "Thu Mar 07 2024 00:00:00 GMT-0875",
        "Thu Mar 32 2024 00:00:00 GMT-0800",
        "07.03.2024",
        "2024/03/07",
        None,
        12345,
        True,
        ["2024-03-07"],
    ],
)
def test_unreadable_dates_raise_a_helpful_value_error(value: object) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_record_date(value, LA)
    message = str(excinfo.value)
    assert "YYYY-MM-DD" in message  # says which forms work


def test_day_first_message_explains_us_order() -> None:
    with pytest.raises(ValueError, match="M/D/YYYY"):
        parse_record_date("29/8/2024", LA)


def test_unknown_zone_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="time zone"):
        parse_record_date("2024-03-07", "Mars/Olympus_Mons")
