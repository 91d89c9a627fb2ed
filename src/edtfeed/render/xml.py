"""Our feedgen extensions: feedgen writes core RSS; every itunes:, podcast:, psc: and extra atom: element is ours.

feedgen's own podcast extension is not used: it rejects `itunes:explicit` true/false (which Apple requires) and
has no Podcasting 2.0 or Podlove tags. Each namespace is a registered feedgen extension holding a list of `El`
specs that channel.py / item.py decide; extensions only turn specs into lxml elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

NAMESPACES: dict[str, str] = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
    "atom": "http://www.w3.org/2005/Atom",
}
# Extensions in the order their elements appear after feedgen's core elements.
EXTENSION_PREFIXES = ("itunes", "podcast", "psc", "atom")


@dataclass(frozen=True)
class El:
    """One XML element to emit: `tag` is "prefix:name" (or a bare RSS name under the "rss" pseudo-prefix)."""

    tag: str
    text: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    children: tuple[El, ...] = ()

    @property
    def prefix(self) -> str:
        return self.tag.partition(":")[0]

    def build(self, parent: etree._Element) -> etree._Element:
        prefix, _, name = self.tag.partition(":")
        element = etree.SubElement(parent, f"{{{NAMESPACES[prefix]}}}{name}")
        for key, value in self.attrs.items():
            element.set(key, value)
        if self.text is not None:
            element.text = self.text
        for child in self.children:
            child.build(element)
        return element


def cdata(text: str) -> etree.CDATA:
    """HTML for a CDATA section; a literal `]]>` would end the section, so its `>` is written as an entity."""
    return etree.CDATA(text.replace("]]>", "]]&gt;"))


class _Elements:
    """Shared behaviour of the channel and item extension of one namespace."""

    prefix: str

    def __init__(self) -> None:
        self.elements: list[El] = []

    def extend_ns(self) -> dict[str, str]:
        return {self.prefix: NAMESPACES[self.prefix]} if self.prefix != "atom" else {}

    def _append(self, parent: etree._Element) -> None:
        for el in self.elements:
            el.build(parent)


def _extension_pair(prefix: str) -> tuple[type, type]:
    class FeedExtension(_Elements, BaseExtension):
        def extend_rss(self, rss: etree._Element) -> etree._Element:
            self._append(rss[0])
            return rss

    class EntryExtension(_Elements, BaseEntryExtension):
        def extend_rss(self, item: etree._Element) -> etree._Element:
            self._append(item)
            return item

    FeedExtension.prefix = EntryExtension.prefix = prefix
    FeedExtension.__name__ = f"{prefix.capitalize()}FeedExtension"
    EntryExtension.__name__ = f"{prefix.capitalize()}EntryExtension"
    return FeedExtension, EntryExtension


EXTENSIONS: dict[str, tuple[type, type]] = {prefix: _extension_pair(prefix) for prefix in EXTENSION_PREFIXES}


def attach(target: object, elements: list[El]) -> None:
    """Hand each spec to the extension of its namespace on a FeedGenerator or FeedEntry."""
    for el in elements:
        getattr(target, el.prefix).elements.append(el)
