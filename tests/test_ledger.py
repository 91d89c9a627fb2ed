"""The guid ledger, unit by unit: stable guids, carry-over, removal, duplicates, adoption of published items."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from edtfeed.episodes.episode import Episode, build_episode
from edtfeed.ledger.plan import PublishedItem, plan_feed, read_published
from edtfeed.lock import LedgerItem
from edtfeed.render import render_feed
from tests.factories import PST, make_audio, make_config, make_record

CONFIG = make_config()
FEED = "en/feed.xml"
DAY = timedelta(days=1)
BASE = datetime(2024, 3, 7, 0, 0, tzinfo=PST)


def episode(n: int, **record: Any) -> Episode:
    """Episode n: its own file, permalink, embed id and enclosure URL, a day after episode n-1."""
    audio = record.pop("audio", {})
    embed = audio.pop("embed_id", f"{n:08x}")
    fields = {"rel": f"ep{n}/en/episode.md", "permalink": f"episode-{n}", "number": n, "title": f"Episode {n}",
              "date": BASE + n * DAY, **record}
    rec = make_record(embed_id=embed, **fields)
    return build_episode(rec, make_audio(embed_id=embed, url=f"https://media.example/{embed}/{n}.mp3", **audio),
                         CONFIG)


def published(tmp_path: Path, episodes: list[Episode]) -> dict[str, PublishedItem]:
    """The items of a really rendered and written feed, read back."""
    path = tmp_path / "feed.xml"
    path.write_bytes(render_feed(CONFIG, "en", episodes, ["en"]))
    items, error = read_published(path)
    assert error is None
    return items


def gone(item: LedgerItem) -> str:
    return f"{item.path} was deleted"


def test_first_publish_fills_the_ledger_from_content() -> None:
    plan = plan_feed(FEED, [episode(1), episode(2)], {}, {}, gone)
    assert [ep.guid for ep in plan.episodes] == ["episode-1", "episode-2"]
    assert plan.ledger["episode-1"] == LedgerItem(path="ep1/en/episode.md", embed_id="00000001",
                                                  first_published=BASE + DAY,
                                                  enclosure="https://media.example/00000001/1.mp3")
    assert plan.problems == [] and plan.carried == [] and plan.refused == []


def test_guid_survives_permalink_title_file_and_audio_url_changes() -> None:
    ledger = plan_feed(FEED, [episode(1)], {}, {}, gone).ledger
    moved = build_episode(
        make_record(rel="renamed/en/ep.md", permalink="new-permalink", title="A new title", embed_id="00000001",
                    date=BASE + DAY),
        make_audio(embed_id="00000001", url="https://cdn.other/00000001.mp3"), CONFIG)
    plan = plan_feed(FEED, [moved], ledger, {}, gone)
    assert [ep.guid for ep in plan.episodes] == ["episode-1"]
    assert plan.ledger["episode-1"].path == "renamed/en/ep.md"
    assert plan.ledger["episode-1"].enclosure == "https://cdn.other/00000001.mp3"
    assert plan.problems == []


def test_guid_survives_a_new_embed_id_when_the_file_stays() -> None:
    ledger = plan_feed(FEED, [episode(1)], {}, {}, gone).ledger
    plan = plan_feed(FEED, [episode(1, permalink="changed", audio={"embed_id": "abcdef12"})], ledger, {}, gone)
    assert [ep.guid for ep in plan.episodes] == ["episode-1"]
    assert plan.ledger["episode-1"].embed_id == "abcdef12"


def test_first_published_never_moves() -> None:
    ledger = plan_feed(FEED, [episode(1)], {}, {}, gone).ledger
    plan = plan_feed(FEED, [episode(1, date=BASE + 30 * DAY)], ledger, {}, gone)
    assert plan.episodes[0].pub_date == BASE + 30 * DAY
    assert plan.ledger["episode-1"].first_published == BASE + DAY



def test_an_unchanged_show_keeps_its_ledger_and_a_missing_first_published_is_filled() -> None:
    ledger = plan_feed(FEED, [episode(1), episode(2)], {}, {}, gone).ledger
    assert plan_feed(FEED, [episode(1), episode(2)], ledger, {}, gone).ledger == ledger
    undated = {**ledger, "episode-2": ledger["episode-2"].model_copy(update={"first_published": None})}
    assert plan_feed(FEED, [episode(1), episode(2)], undated, {}, gone).ledger == ledger

def test_front_matter_guid_sets_a_new_item_but_may_not_change_a_published_one(tmp_path: Path) -> None:
    first = plan_feed(FEED, [episode(1, guid="urn:edt:1")], {}, {}, gone)
    assert first.episodes[0].guid == "urn:edt:1"
    previous = published(tmp_path, first.episodes)

    plan = plan_feed(FEED, [episode(1, guid="urn:edt:one")], first.ledger, previous, gone)
    [error] = [p for p in plan.problems if p.severity == "error"]
    assert error.file == "ep1/en/episode.md"
    assert "urn:edt:one" in error.message and "'urn:edt:1'" in error.message
    assert plan.episodes == []
    assert [item.guid for item in plan.carried] == ["urn:edt:1"]  # the published item stays in the feed


def test_adding_front_matter_guid_after_publish_is_an_error_too() -> None:
    ledger = plan_feed(FEED, [episode(1)], {}, {}, gone).ledger
    plan = plan_feed(FEED, [episode(1, guid="urn:new")], ledger, {}, gone)
    assert any(p.severity == "error" and p.file == "ep1/en/episode.md" for p in plan.problems)
    assert plan.refused == ["episode-1"]  # nothing to carry it from: refuse rather than drop


def test_a_vanished_item_is_carried_over_with_the_cause(tmp_path: Path) -> None:
    first = plan_feed(FEED, [episode(1), episode(2)], {}, {}, gone)
    previous = published(tmp_path, first.episodes)
    plan = plan_feed(FEED, [episode(1)], first.ledger, previous, gone)
    assert [item.guid for item in plan.carried] == ["episode-2"]
    [warning] = plan.problems
    assert warning.severity == "warning" and warning.file == "ep2/en/episode.md"
    assert "ep2/en/episode.md was deleted" in warning.message and "--remove episode-2" in warning.message
    assert plan.ledger["episode-2"] == first.ledger["episode-2"]
    assert plan.refused == []


def test_refuses_when_the_previous_feed_cannot_provide_the_item(tmp_path: Path) -> None:
    first = plan_feed(FEED, [episode(1), episode(2)], {}, {}, gone)
    plan = plan_feed(FEED, [episode(1)], first.ledger, {}, gone)
    assert plan.refused == ["episode-2"]
    [error] = plan.problems
    assert error.severity == "error" and "refusing to drop" in error.message


def test_remove_drops_the_item_and_remembers_it(tmp_path: Path) -> None:
    first = plan_feed(FEED, [episode(1), episode(2)], {}, {}, gone)
    previous = published(tmp_path, first.episodes)
    plan = plan_feed(FEED, [episode(1)], first.ledger, previous, gone, remove={"episode-2"})
    assert plan.carried == [] and plan.problems == [] and plan.refused == []
    assert plan.ledger["episode-2"].removed

    # The record comes back (restored from git): it is not re-added by accident.
    again = plan_feed(FEED, [episode(1), episode(2)], plan.ledger, {}, gone)
    assert [ep.guid for ep in again.episodes] == ["episode-1"]
    [warning] = again.problems
    assert warning.severity == "warning" and "--remove" in warning.message
    # ...unless it gets a new guid on purpose.
    fresh = plan_feed(FEED, [episode(1), episode(2, guid="urn:edt:2-v2")], plan.ledger, {}, gone)
    assert sorted(ep.guid for ep in fresh.episodes) == ["episode-1", "urn:edt:2-v2"]
    assert fresh.ledger["episode-2"].removed


def test_two_records_claiming_one_guid_are_an_error_naming_both() -> None:
    plan = plan_feed(FEED, [episode(1, guid="urn:same"), episode(2, guid="urn:same")], {}, {}, gone)
    errors = sorted((p.file, p.message) for p in plan.problems)
    assert [path for path, _ in errors] == ["ep1/en/episode.md", "ep2/en/episode.md"]
    assert "ep2/en/episode.md" in errors[0][1] and "ep1/en/episode.md" in errors[1][1]
    assert plan.episodes == []


def test_a_new_record_may_not_take_a_published_guid() -> None:
    ledger = plan_feed(FEED, [episode(1)], {}, {}, gone).ledger
    plan = plan_feed(FEED, [episode(1), episode(2, permalink="episode-1")], ledger, {}, gone)
    [error] = plan.problems
    assert error.file == "ep2/en/episode.md" and "ep1/en/episode.md" in error.message
    assert [ep.guid for ep in plan.episodes] == ["episode-1"]


def test_one_enclosure_url_used_twice_is_an_error_naming_both() -> None:
    same = {"url": "https://media.example/shared.mp3"}
    one = build_episode(make_record(rel="a.md", permalink="a", embed_id="0000000a"),
                        make_audio(embed_id="0000000a", **same), CONFIG)
    two = build_episode(make_record(rel="b.md", permalink="b", embed_id="0000000b"),
                        make_audio(embed_id="0000000b", **same), CONFIG)
    plan = plan_feed(FEED, [one, two], {}, {}, gone)
    assert sorted(p.file for p in plan.problems) == ["a.md", "b.md"]
    assert all("enclosure URL" in p.message for p in plan.problems)
    assert "b.md" in next(p.message for p in plan.problems if p.file == "a.md")
    assert plan.episodes == []


@pytest.mark.parametrize("url", ["https://media.example/00000002/2.mp3",
                                 "https://op3.dev/e/media.example/00000002/2.mp3"])  # the same audio behind a prefix
def test_a_carried_items_enclosure_cannot_be_reused(tmp_path: Path, url: str) -> None:
    first = plan_feed(FEED, [episode(1), episode(2)], {}, {}, gone)
    previous = published(tmp_path, first.episodes)
    copy = build_episode(make_record(rel="copy.md", permalink="copy", embed_id="0000000c"),
                         make_audio(embed_id="0000000c", url=url), CONFIG)
    plan = plan_feed(FEED, [episode(1), copy], first.ledger, previous, gone)
    [error] = [p for p in plan.problems if p.severity == "error"]
    assert error.file == "copy.md" and "episode-2" in error.message and "ep2/en/episode.md" in error.message
    assert [item.guid for item in plan.carried] == ["episode-2"]


def test_items_of_the_published_feed_are_adopted_when_the_ledger_lacks_them(tmp_path: Path) -> None:
    legacy = [episode(1).model_copy(update={"guid": "legacy-guid-1"}), episode(2)]
    previous = published(tmp_path, legacy)
    plan = plan_feed(FEED, [episode(1)], {}, previous, lambda item: "no record produces it")
    assert [ep.guid for ep in plan.episodes] == ["legacy-guid-1"]  # found by its enclosure URL
    assert [item.guid for item in plan.carried] == ["episode-2"]
    assert plan.ledger["episode-2"].first_published == BASE + 2 * DAY
    assert "no record produces it" in plan.problems[0].message


def test_carried_items_are_rendered_unchanged_in_order_and_lift_last_build_date(tmp_path: Path) -> None:
    eps = [episode(3), episode(2), episode(1)]
    previous = published(tmp_path, eps)
    merged = render_feed(CONFIG, "en", [eps[1], eps[2]], ["en"], [previous["episode-3"]])
    assert merged == (tmp_path / "feed.xml").read_bytes()  # the same feed as before episode 3 went missing


def test_a_carried_old_item_sorts_below(tmp_path: Path) -> None:
    previous = published(tmp_path, [episode(1)])
    rendered = render_feed(CONFIG, "en", [episode(2)], ["en"])
    root = etree.fromstring(render_feed(CONFIG, "en", [episode(2)], ["en"], [previous["episode-1"]]))
    assert [g.text for g in root.iter("guid")] == ["episode-2", "episode-1"]
    assert root.findtext("channel/lastBuildDate") == etree.fromstring(rendered).findtext("channel/lastBuildDate")


@pytest.mark.parametrize("content", [None, b"<rss><channel><item>"])
def test_read_published_says_why_it_cannot(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "feed.xml"
    if content is not None:
        path.write_bytes(content)
    items, error = read_published(path)
    assert items == {} and error and str(path) in error


def behind(prefix: str, ep: Episode) -> Episode:
    """`ep` with its enclosure behind an analytics prefix (as a host, or an earlier config, put it)."""
    url = prefix + ep.audio.url.removeprefix("https://")
    return ep.model_copy(update={"audio": ep.audio.model_copy(update={"url": url})})


@pytest.mark.parametrize(("before", "after"), [("https://op3.dev/e/", ""), ("", "https://op3.dev/e,pg=x/"),
                                               ("https://stats.example.org/de/", "")])
def test_an_adopted_item_is_found_when_its_enclosure_only_gained_or_lost_a_prefix(
        tmp_path: Path, before: str, after: str) -> None:
    def with_prefix(prefix: str, ep: Episode) -> Episode:
        return behind(prefix, ep) if prefix else ep

    legacy = [with_prefix(before, episode(1)).model_copy(update={"guid": "legacy-guid-1"})]
    previous = published(tmp_path, legacy)
    own = [before] if "example.org" in before else []  # an unknown service is known as the feed's own prefix
    plan = plan_feed(FEED, [with_prefix(after, episode(1))], {}, previous, gone, prefixes=own)
    assert [ep.guid for ep in plan.episodes] == ["legacy-guid-1"]
    assert plan.problems == []
