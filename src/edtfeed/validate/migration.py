"""`edtfeed validate --migration OLD`: does the new feed take over the old one without a listener noticing?

Podcast apps match episodes by guid and directories match shows by podcast:guid and by the old feed's redirect, so
the move is safe only when every old item is in the new feed under the same guid, with the same audio (an enclosure
that only gained or lost an analytics prefix is the same audio) and date, the channel says it is the same show, and
the old address answers one permanent redirect straight to the new one. Each of these is one verdict, printed pass
or FAIL, naming the item that fails.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

import requests

from edtfeed.config import Config, TransistorConfig
from edtfeed.constants import FEED_FILE
from edtfeed.errors import EdtfeedError
from edtfeed.fsutil import FileRefused, read_bounded
from edtfeed.http import FetchError, HttpClient, bounded_client
from edtfeed.prefixes import same_audio
from edtfeed.resolve.rss import ACCEPT, parse_rfc2822, rss_channel
from edtfeed.validate.checks import expected_podcast_guid
from edtfeed.validate.document import kid, kids, text
from edtfeed.validate.project import feed_files

DATE_DRIFT = timedelta(days=1)  # a pubDate moved by a time zone slip is the same episode; more is a re-dated one
MAX_HOPS = 5  # how far a redirect chain is followed to say where it ends
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_SHOWN = 5  # failing items named one by one; the rest are counted


@dataclass(frozen=True)
class Verdict:
    """One point of the comparison."""

    point: str
    ok: bool
    detail: str
    checked: bool = True  # False: the point could not be checked (it does not fail the run; the detail says why)

    def __str__(self) -> str:
        return f"{'FAIL' if not self.ok else 'pass' if self.checked else 'skip'} {self.point}: {self.detail}"


@dataclass(frozen=True)
class ItemFacts:
    """What identifies an episode to a podcast app: its guid, the audio it plays and where it sits in the list."""

    guid: str
    title: str
    enclosure: str
    published: datetime | None


@dataclass(frozen=True)
class FeedFacts:
    """What the comparison reads from a feed: the channel's identity and the items by guid."""

    name: str
    self_url: str | None
    podcast_guid: str | None
    title: str
    artwork: str
    email: str
    locked: str
    items: dict[str, ItemFacts]


def read_feed(body: bytes, name: str, content_type: str = "") -> FeedFacts:
    """The identity and items of a feed; FetchError naming `name` when it is not an RSS feed."""
    channel = rss_channel(body, name, content_type)
    self_link = next((link for link in kids(channel, "atom:link") if link.get("rel") == "self"), None)
    items: dict[str, ItemFacts] = {}
    for element in kids(channel, "item"):
        guid = text(kid(element, "guid"))
        if guid and guid not in items:
            enclosure = kid(element, "enclosure")
            items[guid] = ItemFacts(guid, text(kid(element, "title")),
                                    (enclosure.get("url") or "").strip() if enclosure is not None else "",
                                    parse_rfc2822(text(kid(element, "pubDate")) or None))
    image = kid(channel, "itunes:image")
    return FeedFacts(
        name=name,
        self_url=((self_link.get("href") or "").strip() or None) if self_link is not None else None,
        podcast_guid=_canonical_uuid(text(kid(channel, "podcast:guid"))) or None,
        title=text(kid(channel, "title")),
        artwork=(image.get("href") or "").strip() if image is not None else "",
        email=text(kid(kid(channel, "itunes:owner"), "itunes:email")).lower(),
        locked=text(kid(channel, "podcast:locked")).lower() or "no",
        items=items,
    )


def _canonical_uuid(value: str) -> str:
    """A UUID in its 8-4-4-4-12 lower-case form (so spellings of one guid compare equal); other text as it is."""
    try:
        return str(uuid.UUID(value)) if len(value) <= 64 else value
    except ValueError:
        return value


def is_url(old: str) -> bool:
    return old.startswith(("https://", "http://"))


def successor_feeds(config: Config, old: str) -> list[Path]:
    """The built feeds of the languages that declare `replaces`: only the one replacing `old` when `old` is its
    URL. EdtfeedError when no language declares it, so the new feed must be named."""
    langs = [lang for lang in sorted(config.show.languages) if config.replaced_feed(lang)]
    if not langs:
        raise EdtfeedError("--migration: no language declares `replaces` in [show.languages.<lang>], so the new "
                           "feed is not known: declare it, or name the new feed file after OLD")
    named = [lang for lang in langs if config.replaced_feed(lang) == old]
    return [config.output_dir / lang / FEED_FILE for lang in named or langs]


def validate_migration(old: str, targets: Sequence[Path], config: Config | None,
                       client: HttpClient | None = None) -> list[Verdict]:
    """`edtfeed validate --migration OLD [TARGETS]`: the new feed is each feed file of `targets`, else the built
    feed of the language that declares it replaces `old` (any language declaring `replaces` when `old` is a file).
    The old URL is fetched with the bounds of `[transistor]`."""
    feeds = feed_files(targets) if targets or config is None else successor_feeds(config, old)
    bounds = config.transistor if config else TransistorConfig()
    return check_migration(old, feeds, client or bounded_client(bounds))


def render_verdicts(verdicts: list[Verdict], fmt: str) -> str:
    """One line per verdict and a last line with the outcome; or, as json, the verdicts in order."""
    if fmt == "json":
        return json.dumps([asdict(v) for v in verdicts], indent=2, ensure_ascii=False) + "\n"
    failed = sum(not v.ok for v in verdicts)
    skipped = sum(not v.checked for v in verdicts)
    outcome = f"migration: {failed} of {len(verdicts)} check(s) failed" if failed else \
        f"migration: all {len(verdicts) - skipped} check(s) passed" + (f", {skipped} skipped" if skipped else "")
    return "".join(f"{v}\n" for v in verdicts) + outcome + "\n"


def check_migration(old: str, new_feeds: Sequence[Path], client: HttpClient) -> list[Verdict]:
    """Every verdict on moving from `old` (a URL, fetched once without following redirects, or a saved file) to
    each of `new_feeds` (built feed files)."""
    if not new_feeds:
        return [Verdict("new feed", False, "no feed file to compare with: name the new feed (a file, or a folder "
                        "holding it)")]
    verdicts: list[Verdict] = []
    news: list[FeedFacts] = []
    for path in new_feeds:
        try:
            news.append(read_feed(_file_bytes(path, client.max_body), str(path)))
        except FetchError as exc:
            verdicts.append(Verdict("new feed", False, str(exc)))
    if not news:
        return verdicts
    old_feed: FeedFacts | None = None
    if is_url(old):
        redirect, old_feed = _answer(old, news, client)
        verdicts.append(redirect)
    else:
        try:
            old_feed = read_feed(_file_bytes(Path(old), client.max_body), old)
        except FetchError as exc:
            return verdicts + [Verdict("old feed", False, str(exc))]
    for new in news:
        if old_feed is None:
            verdicts.append(Verdict(f"{new.name}: items", True, f"not compared: {old} did not answer with the "
                                    "old feed (see the redirect above); compare with a copy saved before the "
                                    "move (--migration FILE)", checked=False))
        else:
            verdicts += compare_feeds(old_feed, new, old if is_url(old) else None)
    return verdicts


def _file_bytes(path: Path, limit: int) -> bytes:
    """A feed file's bytes, within the size bound of a fetched feed; only a regular file is opened (a FIFO would
    wait for ever)."""
    try:
        return read_bounded(path, limit)
    except FileRefused as exc:
        advice = " of a feed ([transistor] max_body_mb)" if exc.reason == "size" else ""
        raise FetchError(f"{path}: {exc}{advice}") from None


def compare_feeds(old: FeedFacts, new: FeedFacts, old_url: str | None = None) -> list[Verdict]:
    """The items, counts and channel identity of `new` against `old` (whose address is `old_url` when known)."""
    prefix = f"{new.name}: " if new.name else ""
    missing: list[tuple[str, str]] = []  # (guid, what is wrong), in the old feed's order
    changed: list[tuple[str, str]] = []
    for guid, item in old.items.items():
        now = new.items.get(guid)
        label = f"{item.title!r} " if item.title else ""
        if now is None:
            missing.append((guid, f"{label}is not in the new feed"))
        elif not same_audio(now.enclosure, item.enclosure):  # gaining or losing an analytics prefix is no change
            changed.append((guid, f"{label}has the enclosure {now.enclosure or '(none)'}, was "
                                  f"{item.enclosure or '(none)'}"))
        elif item.published and now.published and abs(now.published - item.published) > DATE_DRIFT:
            changed.append((guid, f"{label}has the pubDate {now.published:%Y-%m-%d %H:%M %z}, was "
                                  f"{item.published:%Y-%m-%d %H:%M %z} (more than a day apart)"))
        elif bool(item.published) != bool(now.published):
            changed.append((guid, f"{label}has {'no' if not now.published else 'a new'} pubDate in the new feed"))
    wrong = missing + changed
    verdicts = [Verdict(f"{prefix}item {guid}", False, problem) for guid, problem in wrong[:_SHOWN]]
    if len(wrong) > _SHOWN:
        verdicts.append(Verdict(f"{prefix}items", False, f"and {len(wrong) - _SHOWN} more old item(s) missing or "
                                "changed"))
    if not wrong:
        verdicts.append(Verdict(f"{prefix}items", True, f"all {len(old.items)} old item(s) are in the new feed under "
                                "their guid, with the same enclosure and a pubDate within a day"))
    kept = len(old.items) - len(missing)
    verdicts.append(Verdict(f"{prefix}counts", not missing,
                            f"old feed {len(old.items)} item(s), new feed {len(new.items)} "
                            f"({kept} from the old feed, {len(new.items) - kept} new)"))
    return verdicts + _identity(old, new, old_url, prefix)


def _identity(old: FeedFacts, new: FeedFacts, old_url: str | None, prefix: str) -> list[Verdict]:
    """The channel tags by which directories and apps know the show."""
    where = old_url or old.self_url
    expected = old.podcast_guid or (expected_podcast_guid(where) if where else None)
    if expected is None:
        guid = Verdict(f"{prefix}podcast:guid", True, "not compared: the old feed has none and its address is "
                       "unknown", checked=False)
    else:
        why = "the old feed's" if old.podcast_guid else f"the UUIDv5 of {where}, as the old feed has none"
        same = new.podcast_guid == expected
        guid = Verdict(f"{prefix}podcast:guid", same, f"{expected} ({why})" if same else
                       f"{new.podcast_guid or '(none)'}, expected {expected} ({why}): set podcast_guid = "
                       f"\"{expected}\" in the language's [show.languages.<lang>]")
    verdicts = [guid]
    for point, was, now, fix in (
        ("title", old.title, new.title, "set [show] title (or the language's title) to the old one"),
        ("artwork", old.artwork, new.artwork, "set [show] image to the old artwork's URL, or accept the new picture"),
        ("owner email", old.email, new.email, "set [show] email to the old one: it is where directories write to "
                                              "confirm the owner"),
        ("podcast:locked", old.locked, new.locked, "set [show] locked to match the old feed"),
    ):
        same = was == now
        verdicts.append(Verdict(f"{prefix}{point}", same, f"{now or '(none)'}" if same
                                else f"{now or '(none)'}, was {was or '(none)'}: {fix}"))
    return verdicts


def _answer(old: str, news: list[FeedFacts], client: HttpClient) -> tuple[Verdict, FeedFacts | None]:
    """The redirect verdict for `old`, and the old feed itself when it still answers with one."""
    targets = sorted({feed.self_url for feed in news if feed.self_url})
    wanted = " or ".join(targets) or "(the new feed has no atom:link rel=self)"
    try:
        response = client.request("GET", old, headers={"Accept": ACCEPT}, allow_redirects=False)
    except FetchError as exc:
        return Verdict("redirect", False, str(exc)), None
    if response.status_code in REDIRECT_STATUSES:
        return _redirect(old, response, targets, wanted, client), None
    if response.status_code != 200:
        return Verdict("redirect", False, f"{old} answers HTTP {response.status_code}, not a 301 to {wanted}"), None
    try:
        feed = read_feed(response.content, old, response.headers.get("Content-Type", ""))
    except FetchError as exc:
        return Verdict("redirect", False, str(exc)), None
    return Verdict("redirect", False, f"{old} still serves the old feed (HTTP 200): turn on the 301 "
                   f"\"Permanent Redirect\" to {wanted} at the old host"), feed


def _redirect(old: str, response: requests.Response, targets: list[str], wanted: str,
              client: HttpClient) -> Verdict:
    """One 301 straight to a target passes; anything else fails, the hops followed (without their bodies, at most
    MAX_HOPS) to show where a chain leads."""
    hops: list[tuple[int, str]] = []
    url, trouble = old, ""
    while response.status_code in REDIRECT_STATUSES and len(hops) < MAX_HOPS:
        location = response.headers.get("Location", "").strip()
        response.close()
        if not location:
            trouble = f"; HTTP {response.status_code} without a Location"
            break
        url = urljoin(url, location)
        hops.append((response.status_code, url))
        if url in targets:
            break
        try:
            response = client.request("GET", url, headers={"Accept": ACCEPT}, allow_redirects=False)
        except FetchError as exc:
            trouble = f"; then {exc}"
            break
    path = " -> ".join(f"HTTP {status} {location}" for status, location in hops) + trouble
    if len(hops) == 1 and hops[0] == (301, url) and url in targets and not trouble:
        return Verdict("redirect", True, f"{old} answers one 301 straight to {url}")
    if not hops:
        problem = f"point a 301 straight at {wanted}"
    elif hops[0][0] == 308:
        problem = f"a 308 is permanent, but directories look for the 301 Apple asks for: make it a 301 to {wanted}"
    elif hops[0][0] != 301:
        problem = (f"a {hops[0][0]} is a temporary redirect, so directories keep the old address: make it a 301 "
                   f"straight to {wanted}")
    else:
        where = f"a redirect chain of {len(hops)} hops" if len(hops) > 1 else "it points elsewhere"
        problem = f"{where}: point the 301 straight at {wanted}"
    return Verdict("redirect", False, f"{old}: {path}; {problem}")
