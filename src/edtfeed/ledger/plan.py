"""The guid ledger: every item ever published in a feed, so a guid never changes and no episode silently vanishes.

Directories key episodes by guid: a changed guid shows listeners a duplicate, a missing item makes the episode
disappear. The lock keeps, per feed, each published item's guid with what produced it (record path, embed id,
enclosure URL) and its first-published time. Each build:

1. adopts items of the previously published feed file that the ledger lacks (a lost lock, or feeds written before
   the ledger existed): what is out there is published, whatever the lock says;
2. gives each built episode the guid it was published with, found by embed id, then record path, then enclosure
   URL, so a changed permalink, title, file name or audio URL keeps the guid. Front matter `guid` sets the guid of
   a new item; changing it afterwards is an error. Enclosure URLs are compared without their analytics prefixes
   (edtfeed.prefixes): adding or removing a prefix never changes which item an audio is;
3. rejects records that claim a guid or an enclosure URL another item of the feed has (an error naming both);
4. carries over, unchanged from the previous feed file, every published item the build cannot produce (with a
   warning naming the cause), and refuses to write the feed (exit 3) when such an item cannot be carried over
   because the previous feed file is missing, unreadable or lacks it.

`first_published` is the item's own pubDate when it entered the ledger, never the clock: two machines building the
same commit must write the same lock bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from edtfeed.episodes.episode import Episode
from edtfeed.diagnostics import Diagnostic
from edtfeed.lock import LedgerItem
from edtfeed.prefixes import audio_key
from edtfeed.timecode import parse_rfc2822

_PARSER = etree.XMLParser(remove_blank_text=True, strip_cdata=False, resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class PublishedItem:
    """An `<item>` of the previously published feed file, kept as parsed so it can be written back unchanged."""

    guid: str
    enclosure: str | None
    pub_date: datetime | None  # aware
    element: etree._Element


def read_published(path: Path) -> tuple[dict[str, PublishedItem], str | None]:
    """The items of a published feed file by guid, and why it could not be read (None when it was read)."""
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except OSError:
        return {}, f"{path} does not exist"
    except etree.XMLSyntaxError as exc:
        return {}, f"{path} cannot be parsed ({exc})"
    items: dict[str, PublishedItem] = {}
    for element in root.iterfind("channel/item"):
        guid = (element.findtext("guid") or "").strip()
        if guid:
            enclosure = element.find("enclosure")
            url = enclosure.get("url") if enclosure is not None else None
            items[guid] = PublishedItem(guid, url, parse_rfc2822(element.findtext("pubDate")), element)
    return items, None


@dataclass
class FeedPlan:
    """What one feed publishes: built episodes under their ledger guids, carried-over items, the new ledger."""

    episodes: list[Episode] = field(default_factory=list)
    carried: list[PublishedItem] = field(default_factory=list)
    ledger: dict[str, LedgerItem] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # guids neither built nor carried: do not write the feed


def _adopted(item: LedgerItem) -> bool:
    """Taken from the published feed file: known only by guid and enclosure until a record claims it."""
    return item.embed_id is None and not item.path


def _lookups(entries: Mapping[str, LedgerItem], audio: Callable[[str], str]) -> list[
        tuple[Callable[[Episode], str | None], dict[str, str]]]:
    """How a built episode finds its ledger item, in order of trust; live items win over removed ones.

    The enclosure URL (as `audio` reduces it) only identifies adopted items: for known ones, embed id and path say
    which episode it is, and another record with the same URL is a duplicate, not the same item.
    """
    keys: list[tuple[Callable[[Episode], str | None], Callable[[LedgerItem], str | None]]] = [
        (lambda ep: ep.audio.embed_id, lambda item: item.embed_id),
        (lambda ep: ep.record.rel, lambda item: item.path or None),
        (lambda ep: audio(ep.audio.url), lambda item: audio(item.enclosure) if _adopted(item) and item.enclosure
         else None),
    ]
    ranked = sorted(entries.items(), key=lambda kv: (not kv[1].removed, kv[0]))  # live items last: the later entry wins
    lookups = []
    for of_episode, of_item in keys:
        index: dict[str, str] = {}
        for guid, item in ranked:
            if (value := of_item(item)) is not None:
                index[value] = guid
        lookups.append((of_episode, index))
    return lookups


def _owner(guid: str, entries: Mapping[str, LedgerItem], feed: str) -> str:
    path = entries[guid].path
    return path if path else f"the item already in {feed}"


class _Planner:
    """One feed's plan; a class only to share the bookkeeping between the steps of `plan_feed`."""

    def __init__(self, feed: str, ledger: Mapping[str, LedgerItem], previous: Mapping[str, PublishedItem],
                 previous_error: str | None, remove: Collection[str], prefixes: Sequence[str]) -> None:
        self.feed = feed
        self.prefixes = tuple(prefixes)
        self.previous = previous
        self.previous_error = previous_error
        self.entries = dict(ledger)
        for guid, item in sorted(previous.items()):
            if guid not in self.entries:
                self.entries[guid] = LedgerItem(first_published=item.pub_date, enclosure=item.enclosure)
        for guid in remove:
            if guid in self.entries:
                self.entries[guid] = self.entries[guid].model_copy(update={"removed": True})
        self.plan = FeedPlan()
        self.causes: dict[str, str] = {}  # guid -> why this build does not produce it (for the carry-over warning)

    def audio(self, url: str) -> str:
        """What identifies an enclosure's audio: its URL without any prefix (known, or this feed's own)."""
        return audio_key(url, self.prefixes)

    def error(self, path: str, message: str, guid: str | None = None) -> None:
        self.plan.problems.append(Diagnostic(path, None, message))
        if guid is not None and guid in self.entries:
            self.causes.setdefault(guid, f"{path}: {message}")

    def assign(self, episodes: Sequence[Episode]) -> list[Episode]:
        """Each episode under its published guid; records that would change or steal a guid are rejected."""
        lookups = _lookups(self.entries, self.audio)
        accepted = []
        for ep in episodes:  # keep the caller's (newest-first) order
            rel = ep.record.rel
            matched = next((index[v] for of_ep, index in lookups if (v := of_ep(ep)) in index), None)
            if matched is None and ep.guid in self.entries and _adopted(self.entries[ep.guid]):
                matched = ep.guid  # an adopted item of the feed file, known only by its guid
            front = ep.record.guid
            if matched is not None and self.entries[matched].removed and front not in (None, matched):
                matched = None  # a new guid for a record whose old item was dropped: a new item
            if front is not None and matched is not None and matched != front:
                self.error(rel, f"front matter `guid: {front}` differs from the guid this episode was published with "
                           f"({matched!r}); a published guid must never change: set `guid: {matched}` back",
                           matched)
                continue
            guid = front or matched or ep.guid
            if matched is None and front is None and guid in self.entries:
                self.error(rel, f"its guid {guid!r} (from the permalink) is already published for "
                           f"{_owner(guid, self.entries, self.feed)}; give {rel} another `permalink` or set `guid:`")
                continue
            if guid in self.entries and self.entries[guid].removed:
                self.plan.problems.append(Diagnostic(rel, None, f"guid {guid!r} was dropped with `edtfeed publish "
                                                  "--remove`; this record is not published again (delete it, or give "
                                                  "it a new `guid:`)", "warning"))
                continue
            accepted.append(ep.model_copy(update={"guid": guid}) if guid != ep.guid else ep)
        return self.reject_duplicates(accepted, lambda ep: ep.guid, "guid")

    def reject_duplicates(self, episodes: list[Episode], key: Callable[[Episode], str], what: str,
                          taken: Mapping[str, str] | None = None) -> list[Episode]:
        """Drop every episode whose `key` another episode (or a carried item in `taken`) also has."""
        groups: dict[str, list[Episode]] = {}
        for ep in episodes:
            groups.setdefault(key(ep), []).append(ep)
        kept = []
        for ep in episodes:
            others = [o.record.rel for o in groups[key(ep)] if o is not ep]
            if taken and key(ep) in taken:
                others.append(f"published item {taken[key(ep)]!r} ({_owner(taken[key(ep)], self.entries, self.feed)})")
            if not others:
                kept.append(ep)
                continue
            self.error(ep.record.rel, f"{what} {key(ep)!r} is also used by {', '.join(others)} in {self.feed}; "
                       f"each item needs its own {what}", ep.guid)
        return kept

    def carry(self, accepted: list[Episode], why_missing: Callable[[LedgerItem], str]) -> list[Episode]:
        """Carry over what the build does not produce; reject built items whose enclosure a carried item holds."""
        while True:
            built = {ep.guid for ep in accepted}
            missing = sorted(g for g, item in self.entries.items() if not item.removed and g not in built)
            taken = {self.audio(self.previous[g].enclosure or ""): g for g in missing if g in self.previous}
            before = len(accepted)
            accepted = self.reject_duplicates(accepted, lambda ep: self.audio(ep.audio.url), "enclosure URL", taken)
            if len(accepted) == before:
                break
        for guid in missing:
            cause = self.causes.get(guid) or why_missing(self.entries[guid])
            where = self.entries[guid].path or self.feed
            if guid in self.previous:
                self.plan.carried.append(self.previous[guid])
                self.plan.problems.append(Diagnostic(where, None, f"published item {guid!r} kept unchanged from "
                                                  f"{self.feed} because {cause}; fix that, or drop the item with "
                                                  f"`edtfeed publish --remove {guid}`", "warning"))
            else:
                self.plan.refused.append(guid)
                self.plan.problems.append(Diagnostic(where, None, f"published item {guid!r} cannot be built because "
                                                  f"{cause}, and cannot be kept from {self.feed} either "
                                                  f"({self.previous_error or 'it is not in that file'}); "
                                                  f"refusing to drop it: restore {self.feed} (e.g. from git), fix "
                                                  f"the record, or drop the item with `edtfeed publish --remove "
                                                  f"{guid}`"))
        return accepted

    def record(self, accepted: list[Episode]) -> None:
        for ep in accepted:
            old = self.entries.get(ep.guid)
            if old and old.first_published and not old.removed and (old.path, old.embed_id, old.enclosure) == (
                    ep.record.rel, ep.audio.embed_id, ep.audio.url):
                continue  # already right (the usual case): no new model to validate
            first = old.first_published if old and old.first_published else ep.pub_date
            self.entries[ep.guid] = LedgerItem(path=ep.record.rel, embed_id=ep.audio.embed_id, first_published=first,
                                               enclosure=ep.audio.url)
        self.plan.episodes = accepted
        self.plan.ledger = dict(sorted(self.entries.items()))


def plan_feed(
    feed: str,
    episodes: Sequence[Episode],
    ledger: Mapping[str, LedgerItem],
    previous: Mapping[str, PublishedItem],
    why_missing: Callable[[LedgerItem], str],
    remove: Collection[str] = (),
    previous_error: str | None = None,
    prefixes: Sequence[str] = (),
) -> FeedPlan:
    """Decide one feed: `feed` names it in messages (e.g. "en/feed.xml"), `previous` holds its published items
    (`previous_error` says why there are none, if the file could not be read), `why_missing` explains why the build
    did not produce a ledger item, `remove` lists guids to drop, `prefixes` the feed's own analytics prefixes
    (filled in), which like every known one never make an enclosure another audio."""
    planner = _Planner(feed, ledger, previous, previous_error, remove, prefixes)
    accepted = planner.assign(episodes)
    accepted = planner.carry(accepted, why_missing)
    planner.record(accepted)
    return planner.plan
