"""A parsed feed plus the lookups every rule needs (namespaced children, item guid, where local artwork lives)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
PODCAST = "https://podcastindex.org/namespace/1.0"
PODCAST_ALT = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
PSC = "http://podlove.org/simple-chapters"

Locator = Callable[[str], Path | None]  # a public URL -> its local file, or None


@lru_cache(maxsize=512)
def _prefix(namespace: str | None) -> str:
    """Our prefix for a namespace URI. itunes matches case-insensitively so a mis-cased URI is reported once (by
    apple.itunes-namespace) instead of as every itunes tag missing; unknown namespaces keep their URI."""
    if namespace is None:
        return ""
    if namespace.lower() == ITUNES.lower():
        return "itunes"
    known = {CONTENT: "content", ATOM: "atom", PODCAST: "podcast", PODCAST_ALT: "podcast", PSC: "psc"}
    return known.get(namespace, f"{{{namespace}}}")


@lru_cache(maxsize=1024)
def canonical(tag: object) -> str | None:
    """An lxml tag ("{uri}local") as we write it ("itunes:image", "title"); None for comments and PIs."""
    if not isinstance(tag, str):
        return None
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else (None, "", tag)
    prefix = _prefix(namespace)
    return f"{prefix}:{local}" if prefix else local


def matches(el: etree._Element, name: str) -> bool:
    """True when `el` is the element written `name` ("podcast:guid", "title") in our prefix convention."""
    return canonical(el.tag) == name


def kids(el: etree._Element | None, name: str) -> list[etree._Element]:
    """Direct children of `el` named `name`."""
    if el is None:
        return []
    return [child for child in el if canonical(child.tag) == name]


def kid(el: etree._Element | None, name: str) -> etree._Element | None:
    found = kids(el, name)
    return found[0] if found else None


def text(el: etree._Element | None) -> str:
    """The element's full text (CDATA included), stripped; "" when absent."""
    return "" if el is None else "".join(el.itertext()).strip()


def raw_text(el: etree._Element | None) -> str | None:
    """The element's text as written, unstripped (None when absent)."""
    return None if el is None else "".join(el.itertext())


def local_locator(feed_path: Path | None, roots: Mapping[str, Path]) -> Locator:
    """Map a URL (artwork, chapters file) to a local file: `roots` prefixes (public URL -> folder), file: URLs, relative paths.

    The validator never fetches; what it cannot find locally is simply not inspected.
    """
    ordered = sorted(roots.items(), key=lambda kv: -len(kv[0]))

    def locate(url: str) -> Path | None:
        for prefix, folder in ordered:
            if url.startswith(prefix):
                rest = unquote(urlsplit(url[len(prefix):]).path).lstrip("/")
                candidate = folder / rest
                return candidate if candidate.is_file() else None
        parts = urlsplit(url)
        if parts.scheme == "file":
            candidate = Path(unquote(parts.path))
        elif not parts.scheme and not parts.netloc and feed_path is not None:
            candidate = feed_path.parent / unquote(parts.path)
        else:
            return None
        return candidate if candidate.is_file() else None

    return locate


_DECL = re.compile(rb"^<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


@dataclass
class FeedDoc:
    """One feed file as the rules see it. `root` is None when the bytes are not well-formed XML."""

    name: str  # what findings show as the file
    raw: bytes
    feed_url: str | None = None  # the public URL the feed is served from, when known
    locate_image: Locator = lambda url: None  # artwork to inspect
    locate_file: Locator = lambda url: None  # chapters files to inspect
    root: etree._Element | None = field(init=False, default=None)
    parse_error: etree.XMLSyntaxError | None = field(init=False, default=None)
    _index: dict[etree._Element, dict[str | None, list[etree._Element]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False)
        try:
            self.root = etree.fromstring(self.raw, parser)
        except etree.XMLSyntaxError as exc:
            self.parse_error = exc

    def kids(self, el: etree._Element | None, name: str) -> list[etree._Element]:
        """Direct children of `el` named `name`, from a per-element index (rules ask the same elements often)."""
        if el is None:
            return []
        index = self._index.get(el)
        if index is None:
            index = self._index[el] = {}
            for child in el:
                index.setdefault(canonical(child.tag), []).append(child)
        return index.get(name, [])

    def kid(self, el: etree._Element | None, name: str) -> etree._Element | None:
        found = self.kids(el, name)
        return found[0] if found else None

    @property
    def declared_encoding(self) -> str | None:
        """The encoding named in the XML declaration, None without a declaration."""
        match = _DECL.match(self.raw)
        return match.group(1).decode("ascii") if match else None

    @cached_property
    def channel(self) -> etree._Element | None:
        return kid(self.root, "channel") if self.root is not None else None

    @cached_property
    def items(self) -> list[etree._Element]:
        return self.kids(self.channel, "item")

    def iter_all(self) -> Iterator[etree._Element]:
        """Every element of the document (comments and PIs skipped)."""
        if self.root is None:
            return iter(())
        return (el for el in self.root.iter() if isinstance(el.tag, str))

    def find_all(self, name: str) -> list[etree._Element]:
        """Every element named `name` anywhere in the document, in document order."""
        return self._by_name.get(name, [])

    @cached_property
    def by_tag(self) -> dict[str, list[etree._Element]]:
        """Every element by its lxml tag ("{uri}local"), tags in order of first appearance, elements in document
        order. Rules that look at every element ask per tag instead: one walk of the tree for all of them, and
        namespace lookups per tag rather than per element (~300,000 elements in a 1,250-item feed)."""
        index: dict[str, list[etree._Element]] = {}
        for el in self.iter_all():
            index.setdefault(el.tag, []).append(el)
        return index

    @cached_property
    def _by_name(self) -> dict[str | None, list[etree._Element]]:
        groups: dict[str | None, list[list[etree._Element]]] = {}
        for tag, elements in self.by_tag.items():
            groups.setdefault(canonical(tag), []).append(elements)
        # A name written with two namespaces (mis-cased itunes, the old podcast URI) walks the tree for its order.
        return {name: lists[0] if len(lists) == 1 else [el for el in self.iter_all() if canonical(el.tag) == name]
                for name, lists in groups.items()}

    def self_link(self) -> etree._Element | None:
        for link in self.kids(self.channel, "atom:link"):
            if link.get("rel") == "self":
                return link
        return None

    def expected_url(self) -> str | None:
        """The URL the feed is known to live at: given by the caller, else its own self link."""
        if self.feed_url:
            return self.feed_url
        link = self.self_link()
        href = (link.get("href") or "").strip() if link is not None else ""
        return href or None


def item_of(el: etree._Element) -> etree._Element | None:
    """The <item> an element belongs to (itself included), None for channel-level elements."""
    node: etree._Element | None = el
    while node is not None:
        if matches(node, "item"):
            return node
        node = node.getparent()
    return None


def item_label(item: etree._Element) -> str:
    """An item's guid, or its position when it has none, so every item finding names its episode."""
    guid = text(kid(item, "guid"))
    if guid:
        return guid
    parent = item.getparent()
    position = kids(parent, "item").index(item) + 1 if parent is not None else 0
    return f"#{position} (no guid)"
