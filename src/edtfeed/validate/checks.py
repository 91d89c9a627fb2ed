"""The check functions behind the rule table (rules.py). Each takes a FeedDoc and yields a Hit per violation.

A check only looks at its own concern, so one injected problem is reported by exactly one rule.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import chain
from urllib.parse import urlsplit

from babel import Locale, localedata
from lxml import etree

from edtfeed.categories import APPLE_CATEGORIES
from edtfeed.config import EMAIL  # one pattern for the config check and the rule
from edtfeed.constants import PODCAST_GUID_NAMESPACE
from edtfeed.prefixes import MAX_HOPS, Chain, split_chain
from edtfeed.validate import image_header
from edtfeed.validate.document import (
    ITUNES,
    FeedDoc,
    matches,
    raw_text,
    split_url,
    text,
)
from edtfeed.validate.taxonomy import PERSON_GROUPS, PERSON_ROLES


@dataclass(frozen=True)
class Hit:
    """One violation: the element it is at (for line and item) and what exactly is wrong."""

    at: etree._Element | None
    detail: str = ""
    line: int | None = None  # only when there is no element (XML syntax errors)


# ---------------------------------------------------------------- shared value tests

# A language tag as BCP 47 writes one, its language CLDR's (through Babel): checked here on its own, and held to
# accept what edtfeed.languages accepts by tests/test_languages.py.
LANGUAGE_TAG = re.compile(r"^(?P<primary>[A-Za-z]{2,3})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$")
_WITHDRAWN = frozenset({"iw", "in", "ji", "jw", "mo", "sh"})  # ISO 639-1 codes replaced by others (he, id, yi, …)
DURATION = re.compile(r"^\d+(:[0-5][0-9](:[0-5][0-9])?)?$")  # the W3C feedvalidator's itunes:duration form
NPT = re.compile(r"^(?:\d+(?:\.\d+)?|[0-5]?\d:[0-5]\d(?:\.\d+)?|\d+:[0-5]\d:[0-5]\d(?:\.\d+)?)$")
RFC2822 = re.compile(
    r"^(?:(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(?P<day>\d{1,2}) "
    r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"(?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2}))? (?P<zone>[+-]\d{4}|GMT|UT|UTC|Z|[ECMP][SD]T)$"
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
APPLE_ENCLOSURE_TYPES = frozenset(
    {"audio/mpeg", "audio/x-m4a", "video/mp4", "video/x-m4v", "video/quicktime", "application/pdf"}
)
W3C_ENCLOSURE_EXTENSIONS = frozenset({"m4a", "mp3", "mov", "mp4", "m4v", "pdf", "epub"})
TRANSCRIPT_TYPES = frozenset(
    {"text/plain", "text/html", "text/vtt", "application/json", "application/x-subrip", "application/srt"}
)
CHAPTERS_TYPE = "application/json+chapters"
MEDIUMS = frozenset(
    {"podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "publisher", "course"}
)
MEDIUMS_ALL = MEDIUMS | {f"{m}L" for m in MEDIUMS} | {"mixed"}
DATE_ELEMENTS = ("pubDate", "lastBuildDate")
# Short text tags Apple limits to 255 characters without leading/trailing spaces.
SHORT_TEXT = ("title", "itunes:title", "itunes:author", "itunes:name", "itunes:email", "itunes:subtitle")
TRIMMED = SHORT_TEXT + (
    "link", "language", "guid", "pubDate", "lastBuildDate", "itunes:duration", "itunes:explicit",
    "itunes:episode", "itunes:season", "itunes:episodeType", "itunes:type",
)
DESCRIPTION_LIMIT = 4000


def tag_name(el: etree._Element) -> str:
    """The element's name as written in the file ("itunes:author")."""
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


def parse_rfc2822(value: str) -> tuple[datetime, str | None] | None:
    """(date, weekday as written) for a valid RFC 2822 date, None when the form or the calendar date is wrong."""
    match = RFC2822.match(value)
    if not match:
        return None
    try:
        when = datetime(
            int(match["year"]), MONTHS.index(match["mon"]) + 1, int(match["day"]),
            int(match["h"]), int(match["m"]), int(match["s"] or 0),
        )
    except ValueError:
        return None
    return when, match["dow"]


def duration_seconds(value: str) -> int | None:
    if not DURATION.match(value):
        return None
    seconds = 0
    for part in value.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


@lru_cache(maxsize=4096)  # chapter starts and show-note timestamps repeat across episodes
def npt_seconds(value: str) -> float:
    seconds = 0.0
    for part in value.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def url_scheme(url: str) -> str:
    """urlsplit(url).scheme, without urlsplit's cost for the http(s) URLs nearly all are (~40,000 per 10k items)."""
    if url.startswith("https://"):
        return "https"
    if url.startswith("http://"):
        return "http"
    return split_url(url).scheme


_URL_SPECIAL = re.compile(r"[?#\[\]\s]")  # what makes urlsplit do more than cut at the first "/" after "//"


def url_path(url: str) -> str:
    """urlsplit(url).path, without urlsplit's cost for the plain http(s) URLs nearly all are: ASCII, no spaces,
    no query, fragment or IPv6 host (urlsplit was a tenth of the validation time)."""
    if url.startswith(("https://", "http://")) and url.isascii() and not _URL_SPECIAL.search(url):
        rest = url.partition("://")[2]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else ""
    return split_url(url).path


def _url_path_ext(url: str) -> str:
    """"https://h/a.b/ep.MP3?x=1" -> "mp3"; "" when the last path segment has no extension."""
    name = url_path(url).rpartition("/")[2]
    return name.rpartition(".")[2].lower() if "." in name else ""


def _tags(doc: FeedDoc, *names: str) -> Iterator[etree._Element]:
    """Direct children named `names` of the channel and of every item."""
    for name in names:
        yield from doc.in_scopes(name)


def _texts(doc: FeedDoc, *names: str) -> Iterator[tuple[etree._Element, str]]:
    """(element, unstripped text) of the channel's and every item's direct children named `names`."""
    for name in names:
        yield from doc.texts(name)


def _missing(doc: FeedDoc, name: str, detail: str) -> Iterator[Hit]:
    """A hit at every item without a (non-empty) child named `name`."""
    for item, value in zip(doc.items, doc.item_text(name)):
        if not value:
            yield Hit(item, detail)


# ---------------------------------------------------------------- document level

def check_well_formed(doc: FeedDoc) -> Iterator[Hit]:
    if doc.parse_error is not None:
        yield Hit(None, str(doc.parse_error.msg), line=doc.parse_error.lineno)


FEED_SIZE_WARNING = 5_000_000  # bytes: apps time out on feeds of a few MB, long before any directory's limit


def check_feed_size(doc: FeedDoc) -> Iterator[Hit]:
    if len(doc.raw) > FEED_SIZE_WARNING:
        yield Hit(doc.root, f"{len(doc.raw) / 1_000_000:.1f} MB")


def check_rss_root(doc: FeedDoc) -> Iterator[Hit]:
    root = doc.root
    if root is None:
        return
    if not matches(root, "rss"):
        yield Hit(root, f"root element is <{etree.QName(root).localname}>")
    elif root.get("version") != "2.0":
        yield Hit(root, f"version is {root.get('version')!r}")
    elif doc.channel is None:
        yield Hit(root, "no <channel>")


def check_utf8(doc: FeedDoc) -> Iterator[Hit]:
    encoding = doc.declared_encoding
    if encoding is None:
        yield Hit(doc.root, "no <?xml version=\"1.0\" encoding=\"UTF-8\"?> declaration")
    elif encoding.lower() not in ("utf-8", "utf8"):
        yield Hit(doc.root, f"declared encoding is {encoding}")


def check_itunes_namespace(doc: FeedDoc) -> Iterator[Hit]:
    miscased: dict[str, list[str]] = {}  # namespace as written -> its tags
    for tags in doc.tags.values():
        for tag in tags:
            namespace = etree.QName(tag).namespace
            if namespace and namespace != ITUNES and namespace.lower() == ITUNES.lower():
                miscased.setdefault(namespace, []).append(tag)
    for namespace, tags in miscased.items():  # reported at each namespace's first element
        yield Hit(next(doc.root.iter(*tags)), f"declared as {namespace!r}")


# ---------------------------------------------------------------- channel

def check_channel_title(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and not text(doc.kid(doc.channel, "title")):
        yield Hit(doc.channel, "the channel has no <title>")


def check_channel_description(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and not text(doc.kid(doc.channel, "description")):
        yield Hit(doc.channel, "the channel has no <description> (Apple requires it too)")


def check_description_bytes(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in _texts(doc, "description"):
        size = len(value.encode("utf-8"))
        if size > DESCRIPTION_LIMIT:
            yield Hit(el, f"{size} bytes")


def check_description_html(doc: FeedDoc) -> Iterator[Hit]:
    for el in _tags(doc, "description", "content:encoded", "itunes:summary"):
        if len(el) == 0:  # text only, as nearly always: no child to look for
            continue
        child = next((c for c in el if isinstance(c.tag, str)), None)
        if child is not None:
            yield Hit(el, f"<{etree.QName(child).localname}> is written as XML markup")


def check_language(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is None:
        return
    el = doc.kid(doc.channel, "language")
    value = text(el)
    if not value:
        yield Hit(doc.channel, "no <language>")
    elif not is_language(value):
        hint = f" (write {value.replace('_', '-')!r})" if "_" in value else ""
        yield Hit(el, f"{value!r}{hint}")


@lru_cache(maxsize=4096)
def is_language(value: str) -> bool:
    """`en`, `pt-BR`, `zh-Hant-TW`, `fil`: a language CLDR has locale data for, or a two-letter code it names."""
    match = LANGUAGE_TAG.match(value)
    if match is None:
        return False
    primary = match["primary"].lower()
    if primary in _WITHDRAWN:
        return False
    return localedata.exists(primary) or (len(primary) == 2 and primary in Locale("en").languages)


def _primary(code: str) -> str:
    """`en-US` -> `en`: a region names an accent, not another spoken language."""
    return code.strip().split("-")[0].lower()


def _spoken(doc: FeedDoc, item: etree._Element) -> tuple[str | None, bool]:
    """The language an item's audio is in as the feed says it, and whether the evidence is strong: the `lang` of
    the podcast:alternateEnclosure that is the enclosure itself (`default="true"`); else weakly, the one language
    every transcript of the item names (a transcript is usually of the audio, but may be a translation)."""
    for alternate in doc.kids(item, "podcast:alternateEnclosure"):
        lang = (alternate.get("lang") or "").strip()
        if lang and (alternate.get("default") or "").strip().lower() == "true":
            return lang, True
    named = [(t.get("language") or "").strip() for t in doc.kids(item, "podcast:transcript")]
    if named and all(is_language(lang) for lang in named) and len({_primary(lang) for lang in named}) == 1:
        return named[0], False
    return None, False


def check_language_spoken(doc: FeedDoc) -> Iterator[Hit]:
    """One hit per language the audio of some items is in other than <language> (at the first such item); a feed
    with <itunes:block>Yes is in no directory, so Apple's rule does not apply to it."""
    if doc.channel is None or text(doc.kid(doc.channel, "itunes:block")).lower() == "yes":
        return
    declared = text(doc.kid(doc.channel, "language"))
    if not is_language(declared):
        return  # apple.language reports it
    found: dict[tuple[bool, str], list[etree._Element]] = {}
    for item in doc.items:
        lang, strong = _spoken(doc, item)
        if lang is not None and _primary(lang) != _primary(declared):
            found.setdefault((not strong, _primary(lang)), []).append(item)
    for (weak, lang), items in sorted(found.items(), key=lambda entry: entry[0]):
        evidence = ("only by their transcripts' language (a transcript may be a translation: check)" if weak
                    else "by their podcast:alternateEnclosure lang")
        yield Hit(items[0], f"<language> is {declared!r}, but the audio of {len(items)} of {len(doc.items)} "
                            f"item(s) is in {lang!r}, {evidence}; this is the first: declare {lang!r}, or block "
                            "the feed from directories with <itunes:block>Yes</itunes:block>")


def _categories(doc: FeedDoc) -> list[etree._Element]:
    return doc.kids(doc.channel, "itunes:category")


def check_category_present(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and not _categories(doc):
        yield Hit(doc.channel, "no <itunes:category>")


def _category_hint(value: str, allowed: Iterable[str]) -> str:
    for name in allowed:
        if name.lower() == value.lower():
            return f" (case matters: write {name!r})"
        if value.replace("&amp;", "&") == name:
            return f" (escaped twice: write {name!r} escaped once)"
    return ""


def check_category_known(doc: FeedDoc) -> Iterator[Hit]:
    for el in _categories(doc):
        value = el.get("text")
        if value is None:
            written = text(el)
            yield Hit(el, f"the name must be in the text attribute, not element text ({written!r})" if written
                      else "no text attribute")
        elif value not in APPLE_CATEGORIES:
            yield Hit(el, f"{value!r}{_category_hint(value, APPLE_CATEGORIES)}")


def check_subcategory_known(doc: FeedDoc) -> Iterator[Hit]:
    for parent in _categories(doc):
        top = parent.get("text")
        if top not in APPLE_CATEGORIES:
            continue  # the top-level rule already reports it
        allowed = APPLE_CATEGORIES[top]
        for sub in doc.kids(parent, "itunes:category"):
            value = sub.get("text") or ""
            if value not in allowed:
                hint = _category_hint(value, allowed) or (
                    f" ({top!r} has no subcategories)" if not allowed else f" (one of: {', '.join(allowed)})"
                )
                yield Hit(sub, f"{value!r} is not a subcategory of {top!r}{hint}")


def check_category_nesting(doc: FeedDoc) -> Iterator[Hit]:
    for parent in _categories(doc):
        subs = doc.kids(parent, "itunes:category")
        if len(subs) > 1:
            yield Hit(subs[1], f"{len(subs)} subcategories under {parent.get('text')!r}; Apple allows one")
        for sub in subs:
            deeper = doc.kids(sub, "itunes:category")
            if deeper:
                yield Hit(deeper[0], "categories nest only two levels deep")


def check_explicit_present(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and not text(doc.kid(doc.channel, "itunes:explicit")):
        yield Hit(doc.channel, "no <itunes:explicit> in the channel, or it is empty")


def check_explicit_value(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in _texts(doc, "itunes:explicit"):
        value = value.strip()
        if value and value not in ("true", "false"):
            yield Hit(el, f"found {value!r}")


def check_item_explicit(doc: FeedDoc) -> Iterator[Hit]:
    yield from _missing(doc, "itunes:explicit", "the episode has no <itunes:explicit>")


def check_artwork_present(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is None:
        return
    image = doc.kid(doc.channel, "itunes:image")
    if image is None:
        yield Hit(doc.channel, "no <itunes:image>")
    elif not (image.get("href") or "").strip():
        yield Hit(image, "<itunes:image> has no href")


def _artwork_urls(doc: FeedDoc) -> Iterator[tuple[etree._Element, str]]:
    for el in _tags(doc, "itunes:image"):
        href = (el.get("href") or "").strip()
        if href:
            yield el, href


def check_artwork_url(doc: FeedDoc) -> Iterator[Hit]:
    for el, href in _artwork_urls(doc):
        if split_url(href).scheme not in ("http", "https"):
            yield Hit(el, f"{href!r} is not an http(s) URL")
        elif f".{_url_path_ext(href)}" not in image_header.EXTENSION_FORMATS:
            yield Hit(el, f"{href!r} does not end in .jpg, .jpeg or .png")


def _artwork_aspect(doc: FeedDoc, aspect: str) -> Iterator[Hit]:
    """Hits for one aspect (artwork.ASPECTS) of every artwork the feed names that exists locally."""
    for el, href in _artwork_urls(doc):
        path = doc.locate_image(href)
        if path is not None and aspect in (problems := image_header.artwork_problems(path)):
            yield Hit(el, problems[aspect])


def check_artwork_format(doc: FeedDoc) -> Iterator[Hit]:
    yield from _artwork_aspect(doc, "format")


def check_artwork_size(doc: FeedDoc) -> Iterator[Hit]:
    yield from _artwork_aspect(doc, "size")


def check_artwork_square(doc: FeedDoc) -> Iterator[Hit]:
    yield from _artwork_aspect(doc, "square")


def check_artwork_colour(doc: FeedDoc) -> Iterator[Hit]:
    yield from _artwork_aspect(doc, "colour")


def check_channel_link(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and not text(doc.kid(doc.channel, "link")):
        yield Hit(doc.channel, "the channel has no <link> to the show's website")


def check_type_value(doc: FeedDoc) -> Iterator[Hit]:
    el = doc.kid(doc.channel, "itunes:type")
    if el is not None and text(el) not in ("episodic", "serial"):
        yield Hit(el, f"found {text(el)!r}")


def check_serial_episodes(doc: FeedDoc) -> Iterator[Hit]:
    if text(doc.kid(doc.channel, "itunes:type")) == "serial":
        yield from _missing(doc, "itunes:episode", "this episode has no <itunes:episode>")


def _owner_texts(doc: FeedDoc) -> Iterator[tuple[etree._Element, str]]:
    """(element, unstripped text) of every <itunes:owner>'s name and email."""
    for owner in doc.kids(doc.channel, "itunes:owner"):
        for name in ("itunes:name", "itunes:email"):
            for el in doc.kids(owner, name):
                yield el, raw_text(el) or ""


def check_text_length(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in chain(_texts(doc, *SHORT_TEXT), _owner_texts(doc)):
        length = len(value.strip()) if len(value) > 255 else 0  # stripping only shortens
        if length > 255:
            yield Hit(el, f"<{tag_name(el)}> has {length} characters")


def check_text_whitespace(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in chain(_texts(doc, *TRIMMED), _owner_texts(doc)):
        if value != value.strip():
            yield Hit(el, f"<{tag_name(el)}> value {value!r}")


# ---------------------------------------------------------------- items

def check_item_title(doc: FeedDoc) -> Iterator[Hit]:
    yield from _missing(doc, "title", "the episode has no <title>")


# "#12 …", "Episode 12: …", "Ep. 12 - …" and their translations: numbers belong in itunes:episode/season.
_NUMBERED_TITLE = re.compile(
    r"^\s*(#\s*\d+|(episode|ep\.?|folge|episodio|épisode|episódio|s\d+\s*e)\s*#?\s*\d+)\b", re.IGNORECASE
)


def check_title_numbering(doc: FeedDoc) -> Iterator[Hit]:
    show = text(doc.kid(doc.channel, "title"))
    columns = zip(doc.item_first("itunes:title"), doc.item_text("itunes:title"), doc.item_first("title"),
                  doc.item_text("title"))
    for itunes_el, itunes_title, plain_el, plain_title in columns:
        # Apple shows itunes:title when present
        el, title = (itunes_el, itunes_title) if itunes_el is not None else (plain_el, plain_title)
        if not title:
            continue
        if _NUMBERED_TITLE.match(title):
            yield Hit(el, f"{title!r} starts with an episode number")
        elif show and show.lower() in title.lower() and show.lower() != title.lower():
            yield Hit(el, f"{title!r} repeats the show name")


def check_enclosure_present(doc: FeedDoc) -> Iterator[Hit]:
    for item, enclosure in zip(doc.items, doc.item_first("enclosure")):
        if enclosure is None:
            yield Hit(item, "the episode has no <enclosure>")


def _enclosures(doc: FeedDoc) -> Iterator[etree._Element]:
    for enclosures in doc.item_all("enclosure"):
        yield from enclosures


def check_enclosure_attributes(doc: FeedDoc) -> Iterator[Hit]:
    for el in _enclosures(doc):
        missing = [name for name in ("url", "length", "type") if not (el.get(name) or "").strip()]
        length = (el.get("length") or "").strip()
        if missing:
            yield Hit(el, f"missing {', '.join(missing)}")
        elif not length.isdigit():
            yield Hit(el, f"length {length!r} is not a size in bytes")
        elif url_scheme(el.get("url", "")) not in ("http", "https"):
            yield Hit(el, f"url {el.get('url')!r} is not an http(s) URL")


def check_enclosure_type(doc: FeedDoc) -> Iterator[Hit]:
    yield from _bad_attr(_enclosures(doc), "type", APPLE_ENCLOSURE_TYPES.__contains__)


def check_enclosure_extension(doc: FeedDoc) -> Iterator[Hit]:
    for el in _enclosures(doc):
        url = (el.get("url") or "").strip()
        if url and _url_path_ext(url) not in W3C_ENCLOSURE_EXTENSIONS:
            yield Hit(el, f"{url!r}")


def check_enclosure_unique(doc: FeedDoc) -> Iterator[Hit]:
    first: dict[str, etree._Element] = {}
    for el in doc.item_first("enclosure"):
        if el is not None:
            url = (el.get("url") or "").strip()
            if url in first:
                yield Hit(el, f"{url} is also the enclosure of line {first[url].sourceline}")
            elif url:
                first[url] = el


def check_duplicate_enclosure(doc: FeedDoc) -> Iterator[Hit]:
    for enclosures in doc.item_all("enclosure"):
        extra = enclosures[1:]
        if extra:
            yield Hit(extra[0], f"{len(extra) + 1} <enclosure> elements in one episode")


def check_guid_present(doc: FeedDoc) -> Iterator[Hit]:
    yield from _missing(doc, "guid", "the episode has no <guid>")


def check_guid_unique(doc: FeedDoc) -> Iterator[Hit]:
    first: dict[str, etree._Element] = {}
    for el, value in zip(doc.item_first("guid"), doc.item_text("guid")):
        if not value:
            continue
        if value in first:
            yield Hit(el, f"{value!r} is also the guid of line {first[value].sourceline}")
        else:
            first[value] = el


def check_guid_permalink(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in zip(doc.item_first("guid"), doc.item_text("guid")):
        if not value:
            continue
        permalink = (el.get("isPermaLink") or "true").strip()
        if permalink != "false" and url_scheme(value) not in ("http", "https"):
            yield Hit(el, f"{value!r} is not a URL; add isPermaLink=\"false\"")


def check_guid_not_enclosure(doc: FeedDoc) -> Iterator[Hit]:
    for guid, value, enclosure in zip(doc.item_first("guid"), doc.item_text("guid"), doc.item_first("enclosure")):
        if guid is not None and enclosure is not None and value == (enclosure.get("url") or "").strip():
            yield Hit(guid, "the guid is the enclosure URL, which changes with the host or CDN")


def _dates(doc: FeedDoc) -> list[tuple[etree._Element, str, tuple[datetime, str | None] | None]]:
    """(element, stripped value, parse_rfc2822(value)) of every non-empty date, parsed once for both date rules."""
    dates = []
    for el, value in _texts(doc, *DATE_ELEMENTS):
        value = value.strip()
        if value:
            dates.append((el, value, parse_rfc2822(value)))
    return dates


def check_date_format(doc: FeedDoc) -> Iterator[Hit]:
    for el, value, parsed in doc.derived(_dates):
        if parsed is None:
            yield Hit(el, f"<{tag_name(el)}> {value!r}")


def check_date_weekday(doc: FeedDoc) -> Iterator[Hit]:
    for el, value, parsed in doc.derived(_dates):
        if parsed and parsed[1] and WEEKDAYS[parsed[0].weekday()] != parsed[1]:
            yield Hit(el, f"{value!r} was a {WEEKDAYS[parsed[0].weekday()]}")


def check_item_pubdate(doc: FeedDoc) -> Iterator[Hit]:
    yield from _missing(doc, "pubDate", "the episode has no <pubDate>")


def check_item_description(doc: FeedDoc) -> Iterator[Hit]:
    yield from _missing(doc, "description", "the episode has no <description>")


def check_item_link(doc: FeedDoc) -> Iterator[Hit]:
    yield from _missing(doc, "link", "the episode has no <link> to its web page")


def check_duration_format(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in zip(doc.item_first("itunes:duration"), doc.item_text("itunes:duration")):
        if el is not None and duration_seconds(value) is None:
            yield Hit(el, f"found {value!r}")


def check_episode_number(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in _texts(doc, "itunes:episode", "itunes:season"):
        value = value.strip()
        if not value.isdigit() or int(value) == 0:
            yield Hit(el, f"<{tag_name(el)}> {value!r}")


def check_episode_type(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in _texts(doc, "itunes:episodeType"):
        if value.strip() not in ("full", "trailer", "bonus"):
            yield Hit(el, f"found {value.strip()!r}")


_URL_ATTRS = frozenset({"url", "href", "img", "uri", "image"})


def _url_values(doc: FeedDoc) -> Iterator[tuple[etree._Element, str]]:
    """Every URL the feed points to: link texts and url/href/img/uri/image attributes."""
    for name in ("link", "guid"):
        for el in doc.find_all(name):
            if name == "link" or el.get("isPermaLink", "true") != "false":
                value = text(el)
                if value:
                    yield el, value
    # By the attribute names each element has: asking every element for the five names, or XPath (//*[@url or
    # ...], attribute axes), is several times slower over the tens of thousands of elements of a large feed.
    for el, attrs in doc.attributed:
        for attr in attrs:
            if attr in _URL_ATTRS:
                value = el.get(attr)
                if value:
                    yield el, value.strip()


_SPACE = re.compile(r"\s")  # what str.isspace() calls a space


def check_ascii_urls(doc: FeedDoc) -> Iterator[Hit]:
    urls = list(_url_values(doc))
    everything = "".join(value for _, value in urls)
    if everything.isascii() and not _SPACE.search(everything):  # the usual case: one scan, not one per URL
        return
    for el, value in urls:
        if not value.isascii() or _SPACE.search(value):
            yield Hit(el, f"{value!r}")


def check_https_media(doc: FeedDoc) -> Iterator[Hit]:
    for el, value in _texts(doc, "link"):
        if value.strip().startswith("http://"):
            yield Hit(el, f"{value.strip()!r}")
    for el in _tags(doc, "enclosure", "itunes:image", "atom:link"):
        value = el.get("url") or el.get("href") or ""
        if value.startswith("http://"):
            yield Hit(el, f"{value!r}")


# ---------------------------------------------------------------- Spotify

def check_owner_email(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is None:
        return
    el = doc.kid(doc.kid(doc.channel, "itunes:owner"), "itunes:email")
    value = text(el)
    if not value:
        yield Hit(doc.channel if el is None else el, "no <itunes:owner><itunes:email>")
    elif not EMAIL.match(value):
        yield Hit(el, f"{value!r} is not an email address")


def check_author(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and not text(doc.kid(doc.channel, "itunes:author")):
        yield Hit(doc.channel, "no <itunes:author> in the channel")


def check_episodes(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and not doc.items:
        yield Hit(doc.channel, "the feed has no <item>")


_LINE_BREAK = re.compile(r"<br\s*/?>|</p>|</li>|</div>|\n", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_STAMP = re.compile(r"^\(?((?:\d{1,2}:)?\d{1,2}:\d{2})\)?(?:\s|[-–:.|)]|$)")


def description_timestamps(html: str) -> list[int]:
    """Seconds of every line of show notes that starts with a chapter timestamp."""
    stamps = []
    for line in _LINE_BREAK.split(html):
        if ":" not in line:  # no timestamp, with or without tags (skipping these halves the time on show notes)
            continue
        match = _STAMP.match((_TAG.sub("", line) if "<" in line else line).strip())
        if match:
            stamps.append(int(npt_seconds(match.group(1))))
    return stamps


def check_description_chapters(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.item_first("description"):
        stamps = description_timestamps(raw_text(el) or "")
        if not stamps:
            continue
        if stamps[0] != 0:
            yield Hit(el, "the first timestamp is not 00:00")
        elif len(stamps) < 3:
            yield Hit(el, f"{len(stamps)} timestamps; chapters need at least 3")
        elif any(b <= a for a, b in zip(stamps, stamps[1:])):
            yield Hit(el, "timestamps are not in chronological order")


# ---------------------------------------------------------------- Podcasting 2.0

def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _succeeds_a_feed(doc: FeedDoc) -> bool:
    """The feed announces itself as the new address of a moved show (`<itunes:new-feed-url>` is its own URL): its
    podcast:guid is the one the show already had, wherever that came from."""
    url = doc.expected_url()
    return url is not None and text(doc.kid(doc.channel, "itunes:new-feed-url")) == url


def check_podcast_guid_format(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.kids(doc.channel, "podcast:guid"):
        value = text(el)
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            yield Hit(el, f"{value!r} is not a UUID")
            continue
        if len(value) != 36 or value.count("-") != 4 or (parsed.version != 5 and not _succeeds_a_feed(doc)):
            yield Hit(el, f"{value!r} is not a UUIDv5 in 8-4-4-4-12 form")


def expected_podcast_guid(feed_url: str) -> str:
    """The podcast:guid spec's UUIDv5 of a feed URL (scheme and trailing slashes removed), worked out here rather
    than borrowed from the renderer, so a mistake there is caught."""
    parts = urlsplit(feed_url)
    seed = (parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, seed))


def check_podcast_guid_feed_url(doc: FeedDoc) -> Iterator[Hit]:
    url = doc.expected_url()
    el = doc.kid(doc.channel, "podcast:guid")
    if url and el is not None and _is_uuid(text(el)) and text(el) != expected_podcast_guid(url) \
            and not _succeeds_a_feed(doc):
        yield Hit(el, f"expected {expected_podcast_guid(url)} for {url} (fine only if the feed moved)")


def check_locked(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.kids(doc.channel, "podcast:locked"):
        owner = el.get("owner")
        if text(el) not in ("yes", "no"):
            yield Hit(el, f"found {text(el)!r}")
        elif owner is not None and not EMAIL.match(owner.strip()):
            yield Hit(el, f"owner {owner!r} is not an email address")


def _required_attrs(doc: FeedDoc, name: str, attrs: tuple[str, ...]) -> Iterator[Hit]:
    for el in doc.find_all(name):
        missing = [attr for attr in attrs if not (el.get(attr) or "").strip()]
        if missing:
            yield Hit(el, f"<{name}> is missing {', '.join(missing)}")


def check_chapters_attributes(doc: FeedDoc) -> Iterator[Hit]:
    yield from _required_attrs(doc, "podcast:chapters", ("url", "type"))


def _bad_attr(elements: Iterable[etree._Element], attr: str, ok: Callable[[str], bool]) -> Iterator[Hit]:
    """A hit for every element whose (present, non-empty) `attr` fails `ok`."""
    for el in elements:
        value = (el.get(attr) or "").strip()
        if value and not ok(value):
            yield Hit(el, f"{attr} {value!r}")


def chapters_file_problem(data: bytes) -> str | None:
    """Why a JSON chapters file breaks the format (version, chapters, numeric ascending startTime), or None."""
    try:
        chapters = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return f"not JSON ({exc})"
    if not isinstance(chapters, dict) or not isinstance(chapters.get("version"), str):
        return "no \"version\" string"
    items = chapters.get("chapters")
    if not isinstance(items, list):
        return "no \"chapters\" array"
    previous = float("-inf")
    for number, chapter in enumerate(items, 1):
        start = chapter.get("startTime") if isinstance(chapter, dict) else None
        if isinstance(start, bool) or not isinstance(start, int | float):
            return f"chapter {number} has no numeric startTime"
        if start < previous:
            return f"chapter {number} starts at {start}, before the chapter above it"
        previous = start
    return None


def check_chapters_file(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.find_all("podcast:chapters"):
        url = (el.get("url") or "").strip()
        path = doc.locate_file(url) if url else None
        if path is not None and (problem := chapters_file_problem(path.read_bytes())):
            yield Hit(el, f"{path.name}: {problem}")


def check_chapters_type(doc: FeedDoc) -> Iterator[Hit]:
    yield from _bad_attr(doc.find_all("podcast:chapters"), "type", lambda kind: kind == CHAPTERS_TYPE)


def check_transcript_attributes(doc: FeedDoc) -> Iterator[Hit]:
    yield from _required_attrs(doc, "podcast:transcript", ("url", "type"))


def check_transcript_type(doc: FeedDoc) -> Iterator[Hit]:
    yield from _bad_attr(doc.find_all("podcast:transcript"), "type", TRANSCRIPT_TYPES.__contains__)


def check_transcript_language(doc: FeedDoc) -> Iterator[Hit]:
    yield from _bad_attr(doc.find_all("podcast:transcript"), "language", is_language)


def check_person_name(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.find_all("podcast:person"):
        name = text(el)
        if not name:
            yield Hit(el, "the person has no name")
        elif len(name) > 128:
            yield Hit(el, f"the name has {len(name)} characters")


def check_person_role(doc: FeedDoc) -> Iterator[Hit]:
    yield from _bad_attr(doc.find_all("podcast:person"), "role", lambda role: role.lower() in PERSON_ROLES)


def check_content_link(doc: FeedDoc) -> Iterator[Hit]:
    yield from _required_attrs(doc, "podcast:contentLink", ("href",))


# podcast:season is an integer with an optional name (<= 128); podcast:episode a decimal with a display (<= 32).
_NUMBER_FORMS = {"episode": re.compile(r"\d+(\.\d+)?"), "season": re.compile(r"\d+")}
_NUMBER_LABELS = {"episode": ("display", 32), "season": ("name", 128)}


def _number_value(doc: FeedDoc, kind: str) -> Iterator[Hit]:
    label, limit = _NUMBER_LABELS[kind]
    for el in doc.find_all(f"podcast:{kind}"):
        if not _NUMBER_FORMS[kind].fullmatch(text(el)):
            yield Hit(el, f"found {text(el)!r}")
        elif len(el.get(label) or "") > limit:
            yield Hit(el, f"the {label} attribute is longer than {limit} characters")


def check_season_value(doc: FeedDoc) -> Iterator[Hit]:
    yield from _number_value(doc, "season")


def check_episode_value(doc: FeedDoc) -> Iterator[Hit]:
    yield from _number_value(doc, "episode")


def check_numbers_agree(doc: FeedDoc) -> Iterator[Hit]:
    for kind, form in _NUMBER_FORMS.items():
        podcast = zip(doc.item_first(f"podcast:{kind}"), doc.item_text(f"podcast:{kind}"))
        for (el, ours), apple in zip(podcast, doc.item_text(f"itunes:{kind}")):
            if not (ours and apple.isdigit() and form.fullmatch(ours)):
                continue  # absent, or unreadable (the value rules report that)
            if float(ours) != float(apple):
                yield Hit(el, f"podcast:{kind} {ours} but itunes:{kind} {apple}")


_PODCAST_URL_ATTRS = frozenset({"url", "href", "img", "uri", "feedUrl"})


def check_podcast_https(doc: FeedDoc) -> Iterator[Hit]:
    podcast_tags = {tag for name, tags in doc.tags.items() if name and name.startswith("podcast:") for tag in tags}
    for el, attrs in doc.attributed:
        if el.tag not in podcast_tags:
            continue
        for attr in attrs:
            if attr not in _PODCAST_URL_ATTRS:
                continue
            value = (el.get(attr) or "").strip()
            if value and not value.startswith("https://") and url_scheme(value) in ("http", "https") \
                    and not _loopback(value):
                yield Hit(el, f"{attr}={value!r}")


def _loopback(url: str) -> bool:
    """A URL on this machine (a local preview, the benchmark's fake Transistor): no app ever fetches it, and TLS
    there proves nothing, so it must not hold a feed back from being written."""
    return split_url(url).hostname in ("127.0.0.1", "localhost", "::1")


_SINGLE = {"channel": ("podcast:guid", "podcast:locked", "podcast:medium", "podcast:podroll",
                       "podcast:updateFrequency"),
           "item": ("podcast:chapters", "podcast:season", "podcast:episode")}


def check_podcast_single(doc: FeedDoc) -> Iterator[Hit]:
    for name in _SINGLE["channel"]:
        found = doc.kids(doc.channel, name)
        if len(found) > 1:
            yield Hit(found[1], f"{len(found)} <{name}> elements")
    for name in _SINGLE["item"]:
        for found in doc.item_all(name):
            if len(found) > 1:
                yield Hit(found[1], f"{len(found)} <{name}> elements")


def check_podping(doc: FeedDoc) -> Iterator[Hit]:
    yield from _bad_attr(doc.kids(doc.channel, "podcast:podping"), "usesPodping", ("true", "false").__contains__)


def check_medium(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.kids(doc.channel, "podcast:medium"):
        if text(el) not in MEDIUMS_ALL:
            yield Hit(el, f"found {text(el)!r}")


# ---------------------------------------------------------------- Podlove Simple Chapters

@lru_cache(maxsize=4096)
def _start_seconds(start: str | None) -> float | None:
    """A chapter's start attribute in seconds, None when absent or not Normal Play Time. Cached: starts repeat
    across episodes (every first chapter starts at 00:00:00.000)."""
    if start is None or not NPT.match(start.strip()):
        return None
    return npt_seconds(start.strip())


def _psc_chapters(doc: FeedDoc) -> list[list[tuple[etree._Element, float | None]]]:
    """Per item (as doc.items), the chapters apps read (the first <psc:chapters>'s) with their start in seconds
    (None when unreadable), read once for the chapter rules (~7,000 chapters in a 1,250-item feed)."""
    return [
        [(el, _start_seconds(el.get("start"))) for container in containers[:1]
         for el in doc.kids(container, "psc:chapter")]
        for containers in doc.item_all("psc:chapters")
    ]


def check_psc_start(doc: FeedDoc) -> Iterator[Hit]:
    for chapters in doc.derived(_psc_chapters):
        for el, seconds in chapters:
            if seconds is None:
                yield Hit(el, f"start {el.get('start')!r}")


def check_psc_title(doc: FeedDoc) -> Iterator[Hit]:
    for chapters in doc.derived(_psc_chapters):
        for el, _ in chapters:
            if not (el.get("title") or "").strip():
                yield Hit(el, "the chapter has no title")


def check_psc_single(doc: FeedDoc) -> Iterator[Hit]:
    for found in doc.item_all("psc:chapters"):
        if len(found) > 1:
            yield Hit(found[1], f"{len(found)} <psc:chapters> in one episode; apps read only the first")


def check_psc_empty(doc: FeedDoc) -> Iterator[Hit]:
    for containers in doc.item_all("psc:chapters"):
        for container in containers:
            if not doc.kids(container, "psc:chapter"):
                yield Hit(container, "<psc:chapters> holds no <psc:chapter>")


def _psc_starts(chapters: list[tuple[etree._Element, float | None]]) -> list[tuple[etree._Element, float]]:
    """The chapters with a readable start, and that start in seconds."""
    return [(el, seconds) for el, seconds in chapters if seconds is not None]


def check_psc_order(doc: FeedDoc) -> Iterator[Hit]:
    for chapters in doc.derived(_psc_chapters):
        starts = _psc_starts(chapters)
        for (_, before), (el, after) in zip(starts, starts[1:]):
            if after <= before:
                yield Hit(el, f"start {el.get('start')} is not after the previous chapter")
                break


def check_psc_within_duration(doc: FeedDoc) -> Iterator[Hit]:
    for value, chapters in zip(doc.item_text("itunes:duration"), doc.derived(_psc_chapters)):
        duration = duration_seconds(value)
        if duration is None:
            continue
        for el, start in _psc_starts(chapters):
            if start >= duration:
                yield Hit(el, f"start {el.get('start')} is at or after the end of the audio ({duration} s)")


# ---------------------------------------------------------------- directories

def check_self_link(doc: FeedDoc) -> Iterator[Hit]:
    if doc.channel is not None and doc.self_link() is None:
        yield Hit(doc.channel, "no <atom:link rel=\"self\">")


def check_websub_hub(doc: FeedDoc) -> Iterator[Hit]:
    for link in doc.kids(doc.channel, "atom:link"):
        href = (link.get("href") or "").strip()
        if link.get("rel") == "hub" and split_url(href).scheme not in ("http", "https"):
            yield Hit(link, f"hub href {href!r} is not an http(s) URL")


def check_self_link_match(doc: FeedDoc) -> Iterator[Hit]:
    link = doc.self_link()
    if link is None or not doc.feed_url:
        return
    href = (link.get("href") or "").strip()
    if href != doc.feed_url:
        yield Hit(link, f"{href!r}, but the feed is served from {doc.feed_url!r}")


# ---------------------------------------------------------------- analytics prefixes

def _media_urls(doc: FeedDoc) -> Iterator[tuple[etree._Element, str]]:
    """(element, URL) of every enclosure and every podcast:alternateEnclosure source: the URLs apps download."""
    for el in _enclosures(doc):
        if url := (el.get("url") or "").strip():
            yield el, url
    for el in doc.find_all("podcast:source"):
        if url := (el.get("uri") or "").strip():
            yield el, url


def _prefixed(doc: FeedDoc) -> list[tuple[etree._Element, Chain]]:
    """The media URLs behind at least one known analytics prefix, taken apart once for the prefix rules."""
    chains = ((el, split_chain(url)) for el, url in _media_urls(doc))
    return [(el, chain) for el, chain in chains if chain.prefixes]


def check_prefix_hops(doc: FeedDoc) -> Iterator[Hit]:
    for el, chain in doc.derived(_prefixed):
        if len(chain.prefixes) > MAX_HOPS:
            yield Hit(el, f"{len(chain.prefixes)} prefixes ({', '.join(chain.prefixes)}): at most {MAX_HOPS}")


def check_prefix_https(doc: FeedDoc) -> Iterator[Hit]:
    for el, chain in doc.derived(_prefixed):
        if any(scheme != "https" for scheme in chain.schemes):
            yield Hit(el, f"{chain.bare!r} is reached over http through {''.join(chain.prefixes)}")


def check_prefix_path(doc: FeedDoc) -> Iterator[Hit]:
    """The media URL behind the prefixes keeps its host, path, file name and extension."""
    for el, chain in doc.derived(_prefixed):
        parts = split_url(chain.bare)
        name = parts.path.rpartition("/")[2]
        if "." not in (parts.hostname or "") or "." not in name:
            yield Hit(el, f"behind {''.join(chain.prefixes)} is {chain.bare!r}, not a media URL with its host "
                          "and file name")


def check_prefix_dead(doc: FeedDoc) -> Iterator[Hit]:
    for el, chain in doc.derived(_prefixed):
        dead = [service.name for service in chain.services if service is not None and service.dead]
        if dead:
            yield Hit(el, f"{dead[0]} has shut down; its redirects fail")


def check_prefix_duplicate(doc: FeedDoc) -> Iterator[Hit]:
    for el, chain in doc.derived(_prefixed):
        names = [service.name for service in chain.services if service is not None]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            yield Hit(el, f"{twice[0]} appears {names.count(twice[0])} times in the chain")


# ---------------------------------------------------------------- Podcasting 2.0 channel extras

TXT_MAX, TXT_PURPOSE_MAX = 4000, 128  # docs/tags/txt.md
FREE_TEXT_MAX = 128  # node values of podcast:funding and podcast:updateFrequency
_RRULE_FREQ = re.compile(r"(?:^|;)FREQ=(?:SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(?:;|$)")
_RRULE_PART = re.compile(r"^[A-Z]+=[A-Za-z0-9,:+\-.TZ]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def check_txt(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.find_all("podcast:txt"):
        value, purpose = text(el), (el.get("purpose") or "")
        if not value:
            yield Hit(el, "the txt has no value")
        elif len(value) > TXT_MAX:
            yield Hit(el, f"the value has {len(value)} characters")
        elif len(purpose) > TXT_PURPOSE_MAX or (purpose and purpose != purpose.strip()):
            yield Hit(el, f"purpose {purpose[:40]!r}… has {len(purpose)} characters" if len(purpose) > 40
                      else f"purpose {purpose!r}")


def check_funding(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.find_all("podcast:funding"):
        url = (el.get("url") or "").strip()
        if split_url(url).scheme not in ("http", "https"):
            yield Hit(el, f"url {url!r} is not an http(s) URL" if url else "no url")
        elif not text(el) or len(text(el)) > FREE_TEXT_MAX:
            yield Hit(el, f"the text has {len(text(el))} characters (1 to {FREE_TEXT_MAX})")


def check_podroll(doc: FeedDoc) -> Iterator[Hit]:
    for roll in doc.find_all("podcast:podroll"):
        items = doc.kids(roll, "podcast:remoteItem")
        if not items:
            yield Hit(roll, "the podroll holds no <podcast:remoteItem>")
        for item in items:
            guid = (item.get("feedGuid") or "").strip()
            if not _is_uuid(guid):
                yield Hit(item, f"feedGuid {guid!r} is not a podcast:guid" if guid else "no feedGuid")
            elif (url := (item.get("feedUrl") or "").strip()) and split_url(url).scheme not in ("http", "https"):
                yield Hit(item, f"feedUrl {url!r} is not an http(s) URL")


def check_update_frequency(doc: FeedDoc) -> Iterator[Hit]:
    for el in doc.find_all("podcast:updateFrequency"):
        rrule, dtstart, complete = (el.get("rrule") or "").strip(), (el.get("dtstart") or "").strip(), el.get("complete")
        if not text(el) or len(text(el)) > FREE_TEXT_MAX:
            yield Hit(el, f"the text has {len(text(el))} characters (1 to {FREE_TEXT_MAX})")
        elif rrule and not (_RRULE_FREQ.search(rrule) and all(_RRULE_PART.match(p) for p in rrule.split(";"))):
            yield Hit(el, f"rrule {rrule!r} is not an RFC 5545 recurrence rule (FREQ=…;…)")
        elif "COUNT=" in rrule and not dtstart:
            yield Hit(el, "an rrule with COUNT needs dtstart")
        elif dtstart and not _ISO_DATE.match(dtstart):
            yield Hit(el, f"dtstart {dtstart!r} is not an ISO 8601 date or datetime")
        elif complete is not None and complete.strip() not in ("true", "false"):
            yield Hit(el, f"complete {complete!r} (true or false)")


def check_person_group(doc: FeedDoc) -> Iterator[Hit]:
    """Importers read a person's role only when the group is written (Castopod), so every person states one."""
    for el in doc.find_all("podcast:person"):
        group = (el.get("group") or "").strip().lower()
        if not group:
            yield Hit(el, f"{text(el)!r} has no group (write group=\"cast\")")
        elif group not in PERSON_GROUPS:
            yield Hit(el, f"group {group!r} is not in the Podcast Taxonomy")
