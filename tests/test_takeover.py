"""A feed that succeeds a hosted one keeps the show's identity: its items keep the hosted feed's guids, the
channel its podcast:guid, and it announces its new address."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from lxml import etree

from edtfeed.runner.publish import PublishOptions, publish
from edtfeed.config import load_config
from tests.sample_show import copy_sample_show

OLD_FEED = "https://feeds.host.test/edtfeed-sample"
PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # the podcast:guid spec's namespace
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}


def _show(tmp_path: Path, extra: str) -> Path:
    config_path = copy_sample_show(tmp_path)
    lock_path = tmp_path / "edtfeed.lock"  # a show edtfeed never published: no ledger yet
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["ledger"] = {}
    lock_path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    config_path.write_text(config_path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return config_path


def _feed(tmp_path: Path, lang: str) -> etree._Element:
    return etree.parse(str(tmp_path / "feeds" / lang / "feed.xml")).getroot()


def _pinned_guids(tmp_path: Path) -> set[str]:
    lock = json.loads((tmp_path / "edtfeed.lock").read_text(encoding="utf-8"))
    return {audio["guid"] for audio in lock["audio"].values() if audio.get("guid")}


def test_the_successor_keeps_the_hosted_guids_and_the_shows_podcast_guid(tmp_path: Path) -> None:
    config = load_config(_show(tmp_path, f'\n[show.languages.en]\nreplaces = "{OLD_FEED}"\n'))
    assert not publish(config, PublishOptions(offline=True)).errors
    en, es = _feed(tmp_path, "en"), _feed(tmp_path, "es")
    pinned = _pinned_guids(tmp_path)
    assert pinned and {g.text for g in en.iter("guid")} == pinned
    assert not {g.text for g in es.iter("guid")} & pinned  # a translation the host never had: its own guids
    assert en.findtext("channel/podcast:guid", namespaces=NS) == str(
        uuid.uuid5(PODCAST_GUID_NS, "feeds.host.test/edtfeed-sample"))
    assert en.findtext("channel/itunes:new-feed-url", namespaces=NS) == config.feed_url("en")
    assert es.find("channel/itunes:new-feed-url", namespaces=NS) is None
    ledger = json.loads((tmp_path / "edtfeed.lock").read_text(encoding="utf-8"))["ledger"]["en"]
    assert set(ledger) == pinned  # recorded: the guids never change from here on


def test_a_configured_podcast_guid_wins(tmp_path: Path) -> None:
    guid = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    config = load_config(_show(tmp_path, f'\n[show.languages.en]\nreplaces = "{OLD_FEED}"\npodcast_guid = "{guid}"\n'))
    assert not publish(config, PublishOptions(offline=True)).errors
    assert _feed(tmp_path, "en").findtext("channel/podcast:guid", namespaces=NS) == guid


def test_a_feed_already_published_keeps_its_guids_when_it_declares_the_move(tmp_path: Path) -> None:
    config_path = _show(tmp_path, "")
    assert not publish(load_config(config_path), PublishOptions(offline=True)).errors
    before = {g.text for g in _feed(tmp_path, "en").iter("guid")}
    assert not before & _pinned_guids(tmp_path)
    config_path.write_text(config_path.read_text(encoding="utf-8") + f'\n[show.languages.en]\nreplaces = "{OLD_FEED}"\n',
                           encoding="utf-8")
    assert not publish(load_config(config_path), PublishOptions(offline=True, cache=False)).errors
    assert {g.text for g in _feed(tmp_path, "en").iter("guid")} == before  # the ledger's guids win, for ever
