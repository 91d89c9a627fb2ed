"""`edtfeed resolve --check`: fetch the configured feed once and say whether it is the show's.

Why: with every id pinned, publish never asks the feed again, so a wrong or dead `feed_url` went unnoticed until
the next new episode failed. One GET tells whether it answers, is a podcast feed, and carries the pinned ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edtfeed.config import Config
from edtfeed.lock import load_lock
from edtfeed.http import FetchError, HttpClient, bounded_client
from edtfeed.resolve.rss import fetch_feed


@dataclass
class FeedCheck:
    url: str | None
    lines: list[str] = field(default_factory=list)  # what was found, in reading order
    ok: bool = True


def check_feed(config: Config, client: HttpClient | None = None) -> FeedCheck:
    """One unconditional GET of [transistor] feed_url; not ok when it fails, is not a feed, or lacks pinned ids."""
    url = config.transistor.feed_url
    check = FeedCheck(url)
    if url is None:
        check.ok = False
        check.lines.append("no [transistor] feed_url in the config: set it to the show's Transistor RSS feed "
                           "(Transistor: Distribution > RSS feed)")
        return check
    pinned = sorted(load_lock(config.lock_path).audio)
    try:
        fetched = fetch_feed(client or bounded_client(config.transistor), url)
    except FetchError as exc:
        check.ok = False
        check.lines.append(f"error: {exc}; check {config.key_place('transistor', 'feed_url')} in the config")
        return check
    assert fetched is not None  # an unconditional GET never answers 304
    found = fetched.index.items
    with_audio = sum(1 for candidate in found.values() if candidate.url)
    check.lines.append(f"{url}: answers; a podcast feed with {len(found)} Transistor episode(s), "
                       f"{with_audio} with audio")
    if not found:
        check.ok = False
        check.lines.append("error: no item of this feed is a Transistor episode (no embed id in its links or "
                           "enclosures): is this the show's Transistor feed?")
    missing = [embed_id for embed_id in pinned if embed_id not in found]
    check.lines.append(f"pinned ids: {len(pinned) - len(missing)} of {len(pinned)} in the feed")
    for embed_id in pinned:
        check.lines.append(f"  {embed_id}: {'in the feed' if embed_id in found else 'NOT in the feed'}")
    if missing:
        check.ok = False
        check.lines.append(f"error: {len(missing)} pinned id(s) are not in this feed: a feed_url of another show, "
                           "or episodes unpublished on Transistor")
    return check
