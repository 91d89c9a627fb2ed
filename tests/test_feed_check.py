"""`resolve --check` / `validate --online`: a wrong feed URL is noticed even when every id is pinned."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from edtfeed.cli import main
from tests.fake_transistor import FakeEpisode, FakeTransistor
from tests.sample_show import copy_sample_show

PINNED = ["0f1e2d3c", "a1b2c3d4", "c0ffee42"]  # the sample lock's ids


def configured(tmp_path: Path, url: str) -> Path:
    config = copy_sample_show(tmp_path)
    config.write_text(re.sub(r'feed_url = "[^"]*"', f'feed_url = "{url}"', config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    return config


def test_the_shows_feed_answers_and_carries_every_pinned_id(tmp_path: Path) -> None:
    with FakeTransistor([FakeEpisode(i) for i in PINNED]) as fake:
        config = configured(tmp_path, fake.feed_url)
        result = CliRunner().invoke(main, ["--config", str(config), "resolve", "--check"])
        assert fake.count("GET", "/feeds/") == 1
        url = fake.feed_url
    assert result.exit_code == 0, result.output
    assert f"{url}: answers; a podcast feed with 3 Transistor episode(s), 3 with audio" in result.output
    assert "pinned ids: 3 of 3 in the feed" in result.output
    assert not (tmp_path / "feeds").exists()


def test_a_feed_of_another_show_is_noticed_with_a_full_lock(tmp_path: Path) -> None:
    with FakeTransistor([FakeEpisode("deadbeef"), FakeEpisode("a1b2c3d4")]) as fake:
        config = configured(tmp_path, fake.feed_url)
        result = CliRunner().invoke(main, ["--config", str(config), "validate", "--online"])
    assert result.exit_code == 1
    assert "pinned ids: 1 of 3 in the feed" in result.output
    assert "  0f1e2d3c: NOT in the feed" in result.output
    assert "error: 2 pinned id(s) are not in this feed" in result.output


def test_a_feed_url_that_does_not_answer_is_one_error(tmp_path: Path) -> None:
    with FakeTransistor([]) as fake:
        config = configured(tmp_path, f"{fake.base}/no/such/feed")
        result = CliRunner().invoke(main, ["--config", str(config), "resolve", "--check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [line for line in result.output.splitlines() if "HTTP 404" in line]
    assert len(result.output.splitlines()) == 1
