"""podcast:updateFrequency computed from when the newest episodes came out, never from the clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from edtfeed.episodes.extras import CADENCE_EPISODES, UpdateFrequency, cadence

TUESDAY = datetime(2024, 3, 5, 8, 0, tzinfo=timezone.utc)


def every(days: float, count: int = 6, start: datetime = TUESDAY) -> list[datetime]:
    return [start + timedelta(days=days * n) for n in range(count)]


@pytest.mark.parametrize(("days", "rrule", "text"), [
    (1, "FREQ=DAILY", "Daily"),
    (7, "FREQ=WEEKLY;BYDAY=TU", "Weekly"),
    (14, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "Every two weeks"),
    (30.4, "FREQ=MONTHLY", "Monthly"),
    (61, "FREQ=MONTHLY;INTERVAL=2", "Every two months"),
    (365, "FREQ=YEARLY", "Yearly"),
])
def test_a_regular_schedule_is_read_from_the_dates(days: float, rrule: str, text: str) -> None:
    assert cadence(every(days), "en") == UpdateFrequency(rrule, text)


def test_weekly_on_changing_weekdays_has_no_byday_and_the_text_is_in_the_feeds_language() -> None:
    dates = every(7) + [TUESDAY + timedelta(days=7 * 6 + 1)]
    assert cadence(dates, "de") == UpdateFrequency("FREQ=WEEKLY", "Wöchentlich")


def test_no_schedule_from_too_few_or_irregular_episodes() -> None:
    assert cadence(every(7, count=2), "en") is None
    assert cadence([TUESDAY, TUESDAY + timedelta(days=3), TUESDAY + timedelta(days=23)], "en") is None


def test_only_the_newest_episodes_count_and_order_does_not_matter() -> None:
    old_daily = every(1, count=20, start=TUESDAY - timedelta(days=400))
    weekly = every(7, count=CADENCE_EPISODES)
    assert cadence(list(reversed(old_daily + weekly)), "en") == UpdateFrequency("FREQ=WEEKLY;BYDAY=TU", "Weekly")
