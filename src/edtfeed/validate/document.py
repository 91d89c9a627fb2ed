"""A parsed feed plus the lookups every rule needs (namespaced children, per-item columns, one walk for whole-document
rules, item guid, where local artwork lives). Each is computed once per feed and shared by all rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import SplitResult, unquote, urlsplit

from lxml import etree

from edtfeed.constants import ATOM_NS as ATOM
from edtfeed.constants import CONTENT_NS as CONTENT
from edtfeed.constants import ITUNES_NS as ITUNES
from edtfeed.constants import PODCAST_NS as PODCAST
from edtfeed.constants import PODCAST_NS_ALT as PODCAST_ALT
from edtfeed.constants import PSC_NS as PSC

Locator = Callable[[str], Path | None]  # a public URL -> its local file, or None
T = TypeVar("T")


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
    return "" if el is None else _joined_text(el).strip()


def raw_text(el: etree._Element | None) -> str | None:
    """The element's text as written, unstripped (None when absent)."""
    return None if el is None else _joined_text(el)


def _joined_text(el: etree._Element) -> str:
    """All text inside `el`. Nearly every tag holds text only, and then that is `el.text`: no itertext join."""
    if len(el) == 0:  # no child nodes at all (comments, PIs and entity references count too)
        return el.text or ""
    return "".join(el.itertext())


_NO_ELEMENTS: tuple[etree._Element, ...] = ()

Named = dict[str | None, list[etree._Element]]  # an element's children by canonical name, in document order


class _CanonicalNames(dict[object, str | None]):
    """lxml tag -> canonical name, filled as tags are met (a plain dict lookup per element, no lru_cache call)."""

    def __missing__(self, tag: object) -> str | None:
        name = self[tag] = canonical(tag)
        return name


_NOTHING = urlsplit("")


def split_url(url: str) -> SplitResult:
    """urlsplit(url), except that a URL it rejects (`https://[bad/a.mp3` raises ValueError: an unbalanced IPv6
    bracket) splits into nothing: the rules then report it (no http(s) scheme, no file extension) instead of the
    validator stopping with a traceback."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NOTHING


def local_locator(feed_path: Path | None, roots: Mapping[str, Path]) -> Locator:
    """Map a URL (artwork, chapters file) to a local file: `roots` prefixes (public URL -> folder), file: URLs, relative paths.

    The validator never fetches; what it cannot find locally is simply not inspected.
    """
    ordered = sorted(roots.items(), key=lambda kv: -len(kv[0]))

    def locate(url: str) -> Path | None:
        for prefix, folder in ordered:
            if url.startswith(prefix):
                rest = unquote(split_url(url[len(prefix):]).path).lstrip("/")
                candidate = folder / rest
                return candidate if candidate.is_file() else None
        parts = split_url(url)
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
    _names: _CanonicalNames = field(init=False, default_factory=_CanonicalNames)
    _children: dict[etree._Element, Named] = field(init=False, default_factory=dict)
    _found: dict[str, list[etree._Element]] = field(init=False, default_factory=dict)
    _columns: dict[tuple[str, str], list[Any]] = field(init=False, default_factory=dict)
    _derived: dict[Callable[[FeedDoc], Any], Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False)
        try:
            self.root = etree.fromstring(self.raw, parser)
        except etree.XMLSyntaxError as exc:
            self.parse_error = exc

    def _named(self, el: etree._Element) -> Named:
        """`el`'s children by name, indexed in one walk on first use: rules ask the same elements for many names."""
        named = self._children.get(el)
        if named is None:
            named = self._children[el] = {}
            names = self._names
            for child in el:
                name = names[child.tag]
                found = named.get(name)
                if found is None:
                    named[name] = [child]
                else:
                    found.append(child)
        return named

    def kids(self, el: etree._Element | None, name: str) -> Sequence[etree._Element]:
        """Direct children of `el` named `name` (read-only: the index's own list)."""
        return _NO_ELEMENTS if el is None else self._named(el).get(name, _NO_ELEMENTS)

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
        return list(self.kids(self.channel, "item"))

    # Item rules go down columns: one value per item, in item order, computed once, zipped with doc.items. Asking
    # each item for each name, rule after rule, was most of the validation time (800,000 lookups at 1,250 items).

    @cached_property
    def _item_named(self) -> list[Named]:
        return [self._named(item) for item in self.items]

    def item_all(self, name: str) -> list[Sequence[etree._Element]]:
        """Each item's children named `name`."""
        key = ("all", name)
        if key not in self._columns:
            self._columns[key] = [named.get(name, _NO_ELEMENTS) for named in self._item_named]
        return self._columns[key]

    def item_first(self, name: str) -> list[etree._Element | None]:
        """Each item's first child named `name`, None when it has none."""
        key = ("first", name)
        if key not in self._columns:
            self._columns[key] = [found[0] if (found := named.get(name)) else None for named in self._item_named]
        return self._columns[key]

    def item_text(self, name: str) -> list[str]:
        """The stripped text of each item's first child named `name`, "" when it has none."""
        key = ("text", name)
        if key not in self._columns:
            self._columns[key] = [text(el) for el in self.item_first(name)]
        return self._columns[key]

    def in_scopes(self, name: str) -> list[etree._Element]:
        """Every direct child named `name` of the channel and of the items (the channel's first, then item order)."""
        key = ("scopes", name)
        if key not in self._columns:
            self._columns[key] = [*self.kids(self.channel, name), *chain.from_iterable(self.item_all(name))]
        return self._columns[key]

    def texts(self, name: str) -> list[tuple[etree._Element, str]]:
        """(element, unstripped text) of each of `in_scopes(name)`, read once: several rules check the same short
        tags (lengths, spaces, values)."""
        key = ("texts", name)
        if key not in self._columns:
            self._columns[key] = [(el, _joined_text(el)) for el in self.in_scopes(name)]
        return self._columns[key]

    @cached_property
    def _walk(self) -> tuple[dict[object, list[etree._Element]], list[tuple[etree._Element, list[str]]]]:
        """One walk of the whole tree (~32,000 elements per 1,250 items) for every whole-document rule: each element
        by its lxml tag, and the attribute names of those that have attributes."""
        by_tag: dict[object, list[etree._Element]] = {}
        attributed = []
        for el in self.root.iter() if self.root is not None else ():
            found = by_tag.get(el.tag)
            if found is None:
                by_tag[el.tag] = [el]
            else:
                found.append(el)
            keys = el.keys()  # [] for comments and PIs (a PI's pseudo-attributes are not attributes)
            if keys:
                attributed.append((el, keys))
        return by_tag, attributed

    @cached_property
    def tags(self) -> dict[str | None, list[str]]:
        """Canonical name -> the lxml tags ("{uri}local") written for it in this document, in order of first
        appearance. Two tags share a name when a namespace is written two ways (mis-cased itunes, the old podcast
        URI)."""
        tags: dict[str | None, list[str]] = {}
        for tag in self._walk[0]:
            if isinstance(tag, str):  # comments, PIs and entity references have none
                tags.setdefault(self._names[tag], []).append(tag)
        return tags

    def by_tag(self, tag: str) -> list[etree._Element]:
        """Every element with this lxml tag, in document order."""
        return self._walk[0].get(tag, [])

    @property
    def attributed(self) -> list[tuple[etree._Element, list[str]]]:
        """(element, its attribute names) of every element with attributes, in document order."""
        return self._walk[1]

    def find_all(self, name: str) -> list[etree._Element]:
        """Every element named `name` anywhere in the document, in document order."""
        tags = self.tags.get(name, [])
        if len(tags) <= 1:
            return self.by_tag(tags[0]) if tags else []
        # Written with two namespaces (mis-cased itunes, the old podcast URI): libxml2 merges them in order.
        if name not in self._found:
            self._found[name] = list(self.root.iter(*tags))
        return self._found[name]

    def derived(self, compute: Callable[[FeedDoc], T]) -> T:
        """`compute(self)`, computed once per document: for values several rules derive from the same elements."""
        if compute not in self._derived:
            self._derived[compute] = compute(self)
        return self._derived[compute]

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
