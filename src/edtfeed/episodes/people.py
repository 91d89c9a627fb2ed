"""Who is on an episode: `podcast:person` lists for the channel (hosts) and for items (hosts + guests).

Item-level persons replace the channel's for that episode (Podcasting 2.0 `person` tag), so an item that lists
guests restates the hosts; an item without guests lists nobody and inherits the channel's hosts. Records often
list the host among `guests`; a host is never a guest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from edtfeed.config import HostConfig

MAX_NAME = 128  # the namespace's limit for a person's name
PERSON_GROUP = "cast"  # the Podcast Taxonomy group of hosts and guests (and the namespace's default)


@dataclass(frozen=True, slots=True)
class Person:
    """One `<podcast:person>`: the name is the element text, the rest its attributes.

    A dataclass, not a pydantic model: persons are made only here, from config hosts pydantic already checked and
    guest names this module cleans; one per guest per episode (~25,000 at 10,000 records), validating each again
    was half of item_people's time.
    """

    name: str
    role: Literal["host", "guest"]
    href: str | None = None
    img: str | None = None


_NAME_GAPS_RE = re.compile(r"[.\s]+")


def _name_key(name: str) -> str:
    """A comparison key that ignores case, spacing, dots and middle initials ("Darren W. Pulsipher")."""
    words = _NAME_GAPS_RE.sub(" ", name).casefold().split()
    kept = [word for i, word in enumerate(words) if len(word) > 1 or i in (0, len(words) - 1)]
    return " ".join(kept)


def channel_people(hosts: Sequence[HostConfig]) -> list[Person]:
    """The channel's persons: the configured hosts, in config order."""
    return [Person(name=h.name, role="host", href=h.href, img=h.img) for h in hosts]


def item_people(guests: Sequence[str], hosts: Sequence[HostConfig]) -> list[Person]:
    """An item's persons: hosts then guests when the record lists real guests; [] otherwise.

    Guest names are stripped, cut to the namespace's 128 characters, and deduplicated; blanks are skipped.
    """
    host_keys = {_name_key(h.name) for h in hosts}
    seen: set[str] = set()
    real_guests: list[Person] = []
    for raw in guests:
        name = " ".join(str(raw).split())[:MAX_NAME].strip()
        key = _name_key(name)
        if not name or key in host_keys or key in seen:
            continue
        seen.add(key)
        real_guests.append(Person(name, "guest"))
    return channel_people(hosts) + real_guests if real_guests else []
