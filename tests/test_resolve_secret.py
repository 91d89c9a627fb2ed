"""The API key never leaks: not into reports, logs (even urllib3 debug logs), the lock file or the terminal."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from edtfeed.config import TransistorConfig
from edtfeed.lock import Lock, save_lock
from edtfeed.resolve import API_KEY_ENV, resolve_audio
from edtfeed.http import HttpClient
from tests.fake_transistor import SHOW_ID, FakeEpisode, FakeTransistor, sample_episodes

SECRET = "tk_live_9f8e7d6c5b4a39281706f5e4"


def test_key_appears_nowhere_in_anything_the_run_produced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(API_KEY_ENV, SECRET)
    produced: list[str] = []
    caplog.set_level(logging.DEBUG)  # urllib3 and requests log at DEBUG too
    episodes = sample_episodes() + [FakeEpisode("5ced0001", status="scheduled", in_feed=False)]
    for accepted, faults in [(SECRET, ["500", "malformed"]), (SECRET, ["403"]), ("another-key", []),
                             (SECRET, ["500"] * 4), (SECRET, [])]:
        with FakeTransistor(episodes, api_key=accepted) as fake:
            fake.episode("cea47899").in_feed = False
            fake.fail("/v1/", *faults)
            lock = Lock()
            config = TransistorConfig(feed_url=fake.feed_url, show_id=SHOW_ID, api_url=fake.api_url)
            client = HttpClient(timeout=2, clock=fake.clock.now, sleep=fake.clock.sleep)
            report = resolve_audio(["cea47899", "5ced0001", "deadbeef"], lock, config, client=client)
            assert fake.count("GET", "/v1/") >= 1  # the API really was asked, with the key
            save_lock(tmp_path / "edtfeed.lock", lock)
            produced += [report.model_dump_json(), repr(report), (tmp_path / "edtfeed.lock").read_text()]
    assert "API key rejected (HTTP 401)" in "".join(produced)  # the rejected run did happen
    assert "cea47899" in (tmp_path / "edtfeed.lock").read_text()  # and the last one resolved through the API

    out, err = capfd.readouterr()
    produced += [out, err, caplog.text, *(str(r.args) for r in caplog.records)]
    produced += [p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    assert not [text for text in produced if SECRET in text]
