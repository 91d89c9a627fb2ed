"""A record dated more than `[episodes] future_days` after today (a typo such as 8/29/2204 for 8/29/2024) is a
warning naming the record, the line and the date, in publish and in validate; the item is still published."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from edtfeed.read.dates import far_ahead
from tests.factories import make_record
from tests.ops import assert_clean, edtfeed, published_show

RECORD = "edt-2/en/episode.md"


def _set_date(root: Path, value: str) -> int:
    """Write `date: value` into the record; returns the line it is on."""
    record = root / "episodes" / RECORD
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    lines[number] = f"date: {value}\n"
    record.write_text("".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize("command", [("publish", "--offline"), ("validate",)])
def test_a_date_far_ahead_is_a_warning_naming_record_line_and_date(tmp_path: Path, command: tuple[str, ...]) -> None:
    root = published_show(tmp_path / "show")
    line = _set_date(root, "8/29/2204")
    done = edtfeed(root, *command)
    assert_clean(done, 0, "date 2204-08-29 is ", "more than [episodes] future_days (365)", "such as 2204 for 2024")
    assert f"{RECORD}:{line}: warning: date 2204-08-29 is " in done.stdout + done.stderr
    if command[0] == "publish":
        assert "<pubDate>Wed, 29 Aug 2204" in (root / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")


def test_a_date_within_the_window_says_nothing(tmp_path: Path) -> None:
    root = published_show(tmp_path / "show")
    _set_date(root, f"{datetime.now(timezone.utc).year + 1}-01-01")  # scheduled a few months ahead
    done = edtfeed(root, "publish", "--offline")
    assert_clean(done, 0)
    assert "future_days" not in done.stdout + done.stderr


def test_the_window_is_configurable_and_counted_from_today() -> None:
    record = make_record(date=datetime(2025, 3, 1, tzinfo=timezone.utc))
    assert far_ahead([record], 365, date(2024, 3, 1)) == []  # exactly a year ahead: not more
    [problem] = far_ahead([record], 30, date(2024, 3, 1))
    assert problem.severity == "warning" and "365 days after today" in problem.message and "(30)" in problem.message
