"""`edtfeed resolve` and `edtfeed publish --refresh` end to end, over the fake Transistor on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from edtfeed.cli import main
from edtfeed.lock import load_lock
from edtfeed.resolve import API_KEY_ENV
from tests.fake_transistor import SHOW_ID, FakeTransistor
from tests.sample_show import REPO

pytestmark = pytest.mark.usefixtures("virtual_waits")

SECRET = "tk_live_0a9b8c7d6e5f40312233"


def make_show(root: Path, feed_url: str, ids: list[str], transistor: str = "") -> Path:
    """The sample show's config with the fake's feed, and one English record per embed id."""
    for n, embed_id in enumerate(ids, start=1):
        path = root / "episodes" / f"ep-{n}" / "episode.md"
        path.parent.mkdir(parents=True)
        path.write_text(f'---\ntitle: "Episode {n}"\npermalink: ep-{n}\nlang: en\ndate: 2024-05-{n:02d}\n---\n\n'
                        f'{{% include transistor.html id="{embed_id}" %}}\n\nNotes.\n', encoding="utf-8")
    config = root / "edtfeed.toml"
    text = (REPO / "edtfeed.toml").read_text(encoding="utf-8")
    sample_feed = 'feed_url = "https://feeds.transistor.fm/edtfeed-sample"'
    text = text.replace(sample_feed, f'feed_url = "{feed_url}"\n{transistor}')
    config.write_text(text, encoding="utf-8")
    return config


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


def test_resolve_pins_every_records_id_with_one_feed_request(tmp_path: Path, fake_transistor: FakeTransistor) -> None:
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899", "5e08448f", "b0afd7df"])

    result = run(config, "resolve")

    assert result.exit_code == 0, result.output
    assert "3 embed ids: 3 newly pinned, 0 changed, 0 not ready, 0 failed; lock written" in result.output
    assert "resolved 3 embed ids: 3 resolved (rss)" in result.output  # one line, no line per id (no terminal)
    assert "cea47899" not in result.output
    assert sorted(load_lock(tmp_path / "edtfeed.lock").audio) == ["5e08448f", "b0afd7df", "cea47899"]
    assert len(fake_transistor.metadata_hits()) == 1
    lock = load_lock(tmp_path / "edtfeed.lock")
    timed = sorted(i for i, meta in lock.audio.items() if meta.transcripts)
    assert sorted(lock.transcripts) == timed and len(fake_transistor.transcript_hits()) == len(timed) > 0
    assert all((tmp_path / "edtfeed.transcripts" / pin.file).is_file() for pin in lock.transcripts.values())
    assert not (tmp_path / "feeds").exists()  # resolve builds no feeds

    spent = fake_transistor.count()
    again = run(config, "resolve")
    assert "0 newly pinned" in again.output and "lock unchanged" in again.output
    assert fake_transistor.count() == spent  # warm lock: no request at all


def test_resolve_given_ids_reports_failures_and_exits_1(tmp_path: Path, fake_transistor: FakeTransistor) -> None:
    config = make_show(tmp_path, fake_transistor.feed_url, [])

    result = run(config, "resolve", "cea47899", "deadbeef", "0b9e4c21")

    assert result.exit_code == 1
    assert (f"error: embed id deadbeef not found in the show's feed {fake_transistor.feed_url} "
            "(is the episode published on Transistor?)") in result.output
    assert "warning: embed id 0b9e4c21 is not ready on Transistor" in result.output
    assert "3 embed ids: 1 newly pinned, 0 changed, 1 not ready, 1 failed" in result.output
    assert sorted(load_lock(tmp_path / "edtfeed.lock").audio) == ["cea47899"]


def test_resolve_refresh_shows_changed_url_and_size(tmp_path: Path, fake_transistor: FakeTransistor) -> None:
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899", "5e08448f"])
    run(config, "resolve")
    episode = fake_transistor.episode("cea47899")
    old_url = fake_transistor.media_url(episode)
    episode.media_hash, episode.size = "77777777", 40_000_000  # new audio uploaded

    result = run(config, "resolve", "--refresh")

    assert result.exit_code == 0, result.output
    assert f"changed cea47899: url {old_url} -> {fake_transistor.media_url(episode)}" in result.output
    assert "changed cea47899: length 36182204 -> 40000000" in result.output
    assert "1 changed" in result.output
    assert load_lock(tmp_path / "edtfeed.lock").audio["cea47899"].length == 40_000_000


def test_publish_refresh_refreshes_first_and_reports_changes(tmp_path: Path, fake_transistor: FakeTransistor) -> None:
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899"])
    assert run(config, "publish").exit_code == 0
    fake_transistor.episode("cea47899").size = 36_000_001

    plain = run(config, "publish")
    assert "changed cea47899" not in plain.output and "0 written, 3 unchanged" in plain.output

    refreshed = run(config, "publish", "--refresh")
    assert refreshed.exit_code == 0, refreshed.output
    assert "changed cea47899: length 36182204 -> 36000001" in refreshed.output
    assert 'length="36000001"' in (tmp_path / "feeds" / "en" / "feed.xml").read_text(encoding="utf-8")


def test_failed_refresh_keeps_the_pin_and_exits_1(tmp_path: Path, fake_transistor: FakeTransistor) -> None:
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899"])
    run(config, "resolve")
    before = (tmp_path / "edtfeed.lock").read_bytes()
    fake_transistor.fail("/feeds/", "html")

    result = run(config, "resolve", "--refresh")

    assert result.exit_code == 1
    assert "got an HTML page instead of an RSS feed" in result.output and "kept the pinned metadata" in result.output
    assert (tmp_path / "edtfeed.lock").read_bytes() == before


def test_corrupt_lock_stops_before_any_request_and_is_left_alone(
    tmp_path: Path, fake_transistor: FakeTransistor
) -> None:
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899"])
    lock = tmp_path / "edtfeed.lock"
    lock.write_text('{"version": 1, "audio": {"cea47899": ', encoding="utf-8")

    for command in (["resolve"], ["publish"]):
        result = CliRunner().invoke(main, ["--config", str(config), *command])
        assert result.exit_code == 2
        assert f"{lock}:1: lock file is not valid JSON" in result.output
    assert lock.read_text(encoding="utf-8") == '{"version": 1, "audio": {"cea47899": '
    assert fake_transistor.count() == 0


def test_the_api_key_never_reaches_output_or_files(
    tmp_path: Path, fake_transistor: FakeTransistor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every API outcome (rejected, failing, malformed, fine) through the CLI; then grep all it produced."""
    monkeypatch.setenv(API_KEY_ENV, SECRET)
    fake_transistor.api_key = SECRET
    fake_transistor.episode("cea47899").in_feed = False
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899", "5e08448f", "c9763d66"],
                       f'show_id = "{SHOW_ID}"\napi_url = "{fake_transistor.api_url}"\ntimeout = 2')
    outputs = []
    for faults in (["403"], ["malformed"], ["500"] * 4, []):
        fake_transistor.fail("/v1/", *faults)
        outputs.append(run(config, "publish", "--refresh").output)
    fake_transistor.api_key = "another-key"
    outputs.append(run(config, "resolve", "--refresh").output)

    assert "API key rejected (HTTP 403)" in outputs[0] and "API key rejected (HTTP 401)" in outputs[-1]
    assert load_lock(tmp_path / "edtfeed.lock").audio["cea47899"].source == "api"  # the key was really used
    files = [p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    assert [text for text in outputs + files if SECRET in text] == []


def test_publish_refresh_that_fails_still_publishes_from_the_pins(tmp_path: Path,
                                                                  fake_transistor: FakeTransistor) -> None:
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899"])
    run(config, "publish")
    fake_transistor.fail("/feeds/", *["500"] * 4)

    result = run(config, "publish", "--refresh")

    assert result.exit_code == 0, result.output
    assert result.output.count("kept the pinned metadata") == 1
    assert (f"embed id cea47899 not resolved: {fake_transistor.feed_url}: server error HTTP 500 "
            "(gave up after 4 attempts); check `feed_url` under [transistor] in the config; kept the pinned "
            "metadata") in result.output


def test_retries_wait_on_the_virtual_clock(tmp_path: Path, fake_transistor: FakeTransistor) -> None:
    """The virtual_waits fixture reaches the client the CLI really builds: its backoff advances the fake's clock
    (the test would sleep for real, and this list stay empty, if the fixture patched a name nothing uses)."""
    config = make_show(tmp_path, fake_transistor.feed_url, ["cea47899"])
    fake_transistor.fail("/feeds/", "500", "500")

    result = run(config, "resolve")

    assert result.exit_code == 0, result.output
    assert fake_transistor.clock.slept == [1.0, 2.0]  # HttpClient's backoff: 1 s, then doubled
