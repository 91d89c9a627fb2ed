"""What a language's feed says about itself beyond the episodes, decided once: its podcast:guid, the analytics
prefixes of its enclosures, ownership tokens (podcast:txt), funding links, the podroll of the show's other language
feeds, and the update frequency computed from when episodes came out.

render/ writes these as they are; nothing here reads the clock, so equal episodes give equal feeds.
"""

from __future__ import annotations

import re
import statistics
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from edtfeed.config import Config
from edtfeed.constants import PODCAST_GUID_NAMESPACE
from edtfeed.episodes.labels import FrequencyKey, frequency_label
from edtfeed.prefixes import apply_prefixes, fill

CADENCE_EPISODES = 10  # the newest episodes whose spacing says how often the show publishes
MIN_CADENCE_EPISODES = 3  # fewer give one gap: no schedule can be read from it
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Funding:
    url: str
    text: str


@dataclass(frozen=True)
class RemoteFeed:
    """Another feed a podroll names: its podcast:guid (what apps resolve) and URL (their fallback)."""

    guid: str
    url: str


@dataclass(frozen=True)
class UpdateFrequency:
    rrule: str  # RFC 5545, e.g. "FREQ=WEEKLY;BYDAY=TU"
    text: str  # what an app may show beside it, in the feed's language


@dataclass(frozen=True)
class ChannelExtras:
    guid: str  # the feed's podcast:guid
    prefixes: tuple[str, ...] | None = None  # filled-in analytics prefixes; None: the host's URLs as they are
    txt: tuple[tuple[str, str], ...] = ()  # (purpose, value) pairs
    funding: tuple[Funding, ...] = ()
    podroll: tuple[RemoteFeed, ...] = ()
    update_frequency: UpdateFrequency | None = None

    def media_url(self, url: str) -> str:
        """An enclosure URL as this feed publishes it: behind its prefixes, or as the host gave it."""
        return media_url(url, self.prefixes)


def media_url(url: str, prefixes: tuple[str, ...] | None) -> str:
    """The audio URL as a language publishes it, in its feed's enclosures and its pages' players alike (so every
    play is counted for that language): behind `prefixes` (feed_prefixes), or as the host gave it (None)."""
    return url if prefixes is None else apply_prefixes(url, prefixes)


def podcast_guid(feed_url: str) -> str:
    """UUIDv5 of the feed URL without scheme and trailing slashes, per the podcast:guid spec."""
    parts = urlsplit(feed_url)
    seed = parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, re.sub(r"/+$", "", seed)))


def feed_guid(config: Config, lang: str, hosted_guid: str | None = None) -> str:
    """A language feed's podcast:guid. A podcast's guid is assigned once and follows the show to a new host
    (podcast:guid spec): the configured one, else the replaced feed's own (`hosted_guid`, as the lock pinned it),
    else the one the spec derives from the replaced feed's URL, else from this feed's URL."""
    override, replaced = config.show.languages.get(lang), config.replaced_feed(lang)
    if override and override.podcast_guid:
        return str(override.podcast_guid)
    if replaced and hosted_guid:
        return hosted_guid
    return podcast_guid(replaced or config.feed_url(lang))


# Median days between episodes -> (rrule, label key): the schedules Apple Podcasts Connect offers, as the
# updateFrequency spec maps them. A median between the bands is no schedule: no tag rather than a wrong one.
_BANDS: tuple[tuple[float, float, str, FrequencyKey], ...] = (
    (0.75, 1.5, "FREQ=DAILY", "daily"),
    (5.5, 8.5, "FREQ=WEEKLY", "weekly"),
    (12.5, 16.5, "FREQ=WEEKLY;INTERVAL=2", "biweekly"),
    (26.0, 35.0, "FREQ=MONTHLY", "monthly"),
    (55.0, 66.0, "FREQ=MONTHLY;INTERVAL=2", "bimonthly"),
    (330.0, 400.0, "FREQ=YEARLY", "yearly"),
)


def cadence(pub_dates: Sequence[datetime], lang: str) -> UpdateFrequency | None:
    """The schedule the newest episodes were published on, from their dates alone (never the clock): the median
    gap of the last CADENCE_EPISODES, with the weekday when a weekly show always publishes on the same one."""
    newest = sorted(pub_dates, reverse=True)[:CADENCE_EPISODES]
    if len(newest) < MIN_CADENCE_EPISODES:
        return None
    gap = statistics.median((a - b).total_seconds() / 86400 for a, b in zip(newest, newest[1:]))
    for low, high, rrule, key in _BANDS:
        if low <= gap <= high:
            days = {when.weekday() for when in newest}
            if rrule.startswith("FREQ=WEEKLY") and len(days) == 1:
                rrule += f";BYDAY={WEEKDAYS[days.pop()]}"
            return UpdateFrequency(rrule, frequency_label(key, lang))
    return None


# The configured rrules whose meaning the labels name; any other is its own text.
_RULE_KEYS: dict[str, FrequencyKey] = {rrule: key for _, _, rrule, key in _BANDS}


def configured_frequency(rrule: str, lang: str) -> UpdateFrequency:
    """`update_frequency` from the config: its text is the schedule's name when it is one of the usual ones."""
    plain = ";".join(part for part in rrule.split(";") if not part.startswith(("BYDAY=", "WKST=")))
    key = _RULE_KEYS.get(plain)
    return UpdateFrequency(rrule, frequency_label(key, lang) if key else rrule)


def feed_prefixes(config: Config, lang: str, guid: str) -> tuple[str, ...] | None:
    """`lang`'s analytics prefixes filled in for its feed (its own list, else the show's), or None when neither
    is set: the host's enclosure URLs are then published as they are."""
    override = config.show.languages.get(lang)
    templates = override.prefixes if override and override.prefixes is not None else config.show.prefixes
    return None if templates is None else tuple(fill(template, guid, lang) for template in templates)


def language_prefixes(config: Config, lang: str, hosted_guids: Mapping[str, str | None]) -> tuple[str, ...] | None:
    """feed_prefixes for `lang`'s feed, its podcast:guid found as channel_extras finds it: for what needs the
    prefixes without the rest of the channel (the ledger's plan, the pages' players)."""
    return feed_prefixes(config, lang, feed_guid(config, lang, hosted_guids.get(lang)))


def channel_extras(config: Config, lang: str, notes_lang: str, languages: Sequence[str],
                   pub_dates: Sequence[datetime], hosted_guids: Mapping[str, str | None]) -> ChannelExtras:
    """Everything `lang`'s channel says beyond the show's text: `notes_lang` is the language its texts are in,
    `languages` every feed of the show, `pub_dates` those of all its items, `hosted_guids` the podcast:guid pinned
    from the hosted feed each language's feed succeeds."""
    show, override = config.show, config.show.languages.get(lang)
    guid = feed_guid(config, lang, hosted_guids.get(lang))
    txt = {**show.txt, **((override.txt if override else None) or {})}  # a language's token wins for its purpose
    funding = (override.funding if override else None) or show.funding
    rrule = (override.update_frequency if override else None) or show.update_frequency
    roll = tuple(RemoteFeed(feed_guid(config, other, hosted_guids.get(other)), config.feed_url(other))
                 for other in languages if other != lang) if show.podroll else ()
    return ChannelExtras(
        guid=guid,
        prefixes=feed_prefixes(config, lang, guid),
        txt=tuple(txt.items()),
        funding=(Funding(funding.url, funding.text),) if funding else (),
        podroll=roll,
        update_frequency=configured_frequency(rrule, notes_lang) if rrule else cadence(pub_dates, notes_lang),
    )
