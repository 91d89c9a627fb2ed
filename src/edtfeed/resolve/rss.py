"""The show's public RSS feed: one request gives every item's enclosure, duration, guid and transcripts.

Parsed with lxml and a parser that resolves no entities and touches no network (a feed is untrusted input).
Items are indexed by every embed id they carry: enclosure URL (behind any analytics prefix), <link>,
transcript and chapters URLs, because a show's `alternate_url` replaces the share link.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from lxml import etree

from edtfeed.constants import ITUNES_NS, PODCAST_NS, PODCAST_NS_ALT
from edtfeed.lock import TranscriptRef
from edtfeed.resolve.candidate import Candidate
from edtfeed.http import FetchError, HttpClient, ascii_int, expect_ok
from edtfeed.resolve.ids import ids_in_media_url, ids_in_share_url
from edtfeed.timecode import parse_clock, parse_rfc2822

PODCAST_NSS = (PODCAST_NS, PODCAST_NS_ALT)
_PREFIX = {"": "", ITUNES_NS: "itunes:", **{ns: "podcast:" for ns in PODCAST_NSS}}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8"
_PRIVATE = ("the feed refused access (HTTP {status}); a private show needs [transistor] show_id and the "
            "TRANSISTOR_API_KEY environment variable instead")
STATUS_MEANINGS = {
    401: _PRIVATE,
    403: _PRIVATE,
    404: "no feed there (HTTP 404)",  # the callers, which know the show's config table, say which key to check
    410: "the feed is gone (HTTP 410)",
}


@dataclass
class FeedIndex:
    """A parsed feed: candidates by embed id, the channel's podcast:guid (the show's identity a successor feed
    keeps), plus anything odd worth telling the user."""

    url: str
    items: dict[str, Candidate] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    podcast_guid: str | None = None


@dataclass
class FeedFetch:
    """A feed read in full, with the validators that make the next request conditional."""

    index: FeedIndex
    etag: str | None
    last_modified: str | None


def fetch_feed(
    client: HttpClient, url: str, *, etag: str | None = None, last_modified: str | None = None
) -> FeedFetch | None:
    """GET the feed, conditionally when validators are given; None means 304 Not Modified.

    FetchError, naming the URL, on any failure.
    """
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = client.request("GET", url, headers=headers)
    if response.status_code == 304 and (etag or last_modified):
        return None
    expect_ok(response, url, STATUS_MEANINGS)
    index = parse_feed(response.content, url, response.headers.get("Content-Type", ""))
    return FeedFetch(index, response.headers.get("ETag"), response.headers.get("Last-Modified"))


def parse_feed(body: bytes, url: str, content_type: str = "") -> FeedIndex:
    """Index a feed's items by embed id; FetchError naming the URL when the body is not an RSS feed."""
    channel = rss_channel(body, url, content_type)
    index = FeedIndex(url)
    index.podcast_guid = _channel_guid(index, channel)
    for position, item in enumerate(channel.iterfind("item"), start=1):
        _index_item(index, item, position)
    return index


def rss_channel(body: bytes, url: str, content_type: str = "") -> etree._Element:
    """The `<channel>` of an RSS document from an untrusted source; FetchError naming `url` when it is not one."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if not head:
        raise FetchError(f"{url}: the feed is empty")
    if head.startswith((b"<!doctype html", b"<html")) or ("html" in content_type and "xml" not in content_type):
        raise FetchError(
            f"{url}: got an HTML page instead of an RSS feed (an error or login page?)"
        )
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FetchError(f"{url}: the feed is not well-formed XML ({exc}); a truncated download or not a feed") \
            from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FetchError(f"{url}: not an RSS feed (root element <{etree.QName(root).localname}>, expected <rss>)")
    return channel


def _channel_guid(index: FeedIndex, channel: etree._Element) -> str | None:
    """The channel's `<podcast:guid>` in canonical 8-4-4-4-12 form; None (with a notice) when it is not a UUID."""
    for child in channel:
        if isinstance(child.tag, str) and etree.QName(child).namespace in PODCAST_NSS \
                and etree.QName(child).localname == "guid":
            value = (child.text or "").strip()
            try:
                if len(value) <= 64:  # a UUID's longest spelling ("urn:uuid:{...}") is 49
                    return str(uuid.UUID(value))
            except ValueError:
                pass
            index.notices.append(f"{index.url}: its <podcast:guid> {value[:64]!r} is not a UUID; ignored")
            return None
    return None


def _index_item(index: FeedIndex, item: etree._Element, position: int) -> None:
    tags: dict[str, list[etree._Element]] = {}
    for child in item:
        if isinstance(child.tag, str):
            qname = etree.QName(child)
            prefix = _PREFIX.get(qname.namespace or "")
            if prefix is not None:
                tags.setdefault(prefix + qname.localname, []).append(child)

    def text(*names: str) -> str | None:
        for name in names:
            for element in tags.get(name, []):
                if element.text and element.text.strip():
                    return element.text.strip()
        return None

    def attr(name: str, key: str) -> str | None:
        element = tags.get(name, [None])[0]
        value = element.get(key) if element is not None else None
        return value.strip() if value and value.strip() else None

    title = text("title", "itunes:title")
    url = attr("enclosure", "url")
    link = text("link")
    transcripts = [
        TranscriptRef(url=t.get("url", "").strip(), type=t.get("type", "").strip() or "text/plain",
                      language=t.get("language") or None)
        for t in tags.get("podcast:transcript", []) if t.get("url", "").strip()
    ]
    chapters_url = attr("podcast:chapters", "url")
    duration = parse_duration(text("itunes:duration"))
    candidate = Candidate(
        embed_id="",
        source="rss",
        url=url,
        length=_positive_int(attr("enclosure", "length")),
        type=attr("enclosure", "type"),
        duration=duration,
        guid=text("guid"),
        episode=_positive_int(text("itunes:episode", "podcast:episode")),
        season=_positive_int(text("itunes:season", "podcast:season")),
        episode_type=(text("itunes:episodeType") or "").lower() or None,
        pub_date=parse_rfc2822(text("pubDate")),
        image=attr("itunes:image", "href"),
        title=title,
        transcripts=transcripts,
        chapters_url=chapters_url,
    )
    if url is None:
        candidate.not_ready = "its feed item has no enclosure URL yet (audio not uploaded or still processing)"
    elif duration is None:
        candidate.not_ready = "its feed item has no itunes:duration yet (audio still processing?)"

    found = ids_in_media_url(url or "")
    for share in (link, chapters_url, *(t.url for t in transcripts)):
        found |= ids_in_share_url(share or "")
    label = f"item {position} ({title!r})" if title else f"item {position}"
    if len(found) > 1:
        index.notices.append(f"{index.url}: {label} carries several embed ids ({', '.join(sorted(found))}); "
                             "it is indexed under each")
    for embed_id in sorted(found):
        if embed_id in index.items:
            index.notices.append(f"{index.url}: embed id {embed_id} appears in more than one item; "
                                 f"using the first, ignoring {label}")
            continue
        index.items[embed_id] = replace(candidate, embed_id=embed_id)


def parse_duration(value: str | None) -> int | None:
    """itunes:duration as whole seconds: "2261", "37:41", "1:02:03" or "2261.5"; None when absent or invalid
    (ASCII digits only: NaN, infinities and exponents are no duration)."""
    if not value or not value.isascii():
        return None
    try:
        return round(parse_clock(value)) or None
    except ValueError:
        return None


def _positive_int(value: str | None) -> int | None:
    return ascii_int(value) or None
