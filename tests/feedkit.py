"""Test helpers for the validator: a small valid feed written for these tests, edits on it, and artwork headers."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from edtfeed.diagnostics import Diagnostic
from edtfeed.validate import validate_file

FEED_URL = "https://example.org/en/feed.xml"
ART_URL = "https://example.org/art/"
PODCAST_GUID = "b8a7b411-a0bc-5561-8a25-d6e2bfc76a29"  # podcast_guid(FEED_URL), checked in a test
OTHER_GUID = "9b024349-ccf0-5f69-a609-6b82873eab3c"  # another language's feed, named in the podroll

BASE_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:psc="http://podlove.org/simple-chapters">
  <channel>
    <title>Test Show</title>
    <link>https://example.org/</link>
    <description><![CDATA[<p>A show about tests.</p>]]></description>
    <language>en</language>
    <atom:link href="{FEED_URL}" rel="self" type="application/rss+xml"/>
    <itunes:image href="{ART_URL}cover.jpg"/>
    <itunes:category text="Society &amp; Culture"><itunes:category text="Documentary"/></itunes:category>
    <itunes:category text="Technology"/>
    <itunes:explicit>false</itunes:explicit>
    <itunes:author>Test Org</itunes:author>
    <itunes:owner><itunes:name>Test Org</itunes:name><itunes:email>show@example.org</itunes:email></itunes:owner>
    <itunes:type>episodic</itunes:type>
    <lastBuildDate>Tue, 05 Mar 2024 08:00:00 +0000</lastBuildDate>
    <podcast:guid>{PODCAST_GUID}</podcast:guid>
    <podcast:locked owner="show@example.org">yes</podcast:locked>
    <podcast:medium>podcast</podcast:medium>
    <podcast:podping usesPodping="true"/>
    <atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/>
    <podcast:person role="host" group="cast">Alex Host</podcast:person>
    <podcast:txt purpose="applepodcastsverify">05124</podcast:txt>
    <podcast:funding url="https://example.org/support">Support the show</podcast:funding>
    <podcast:updateFrequency rrule="FREQ=WEEKLY">Weekly</podcast:updateFrequency>
    <podcast:podroll>
      <podcast:remoteItem feedGuid="{OTHER_GUID}" feedUrl="https://example.org/es/feed.xml"/>
    </podcast:podroll>
    <item>
      <title>Second episode</title>
      <link>https://example.org/en/ep2/</link>
      <guid isPermaLink="false">ep-2</guid>
      <pubDate>Tue, 05 Mar 2024 08:00:00 +0000</pubDate>
      <description><![CDATA[<p>Notes.</p><p>00:00 Intro<br/>01:00 Middle<br/>02:00 End</p>]]></description>
      <content:encoded><![CDATA[<p>Notes.</p>]]></content:encoded>
      <enclosure url="https://media.example.org/ep2.mp3" length="1234" type="audio/mpeg"/>
      <itunes:duration>600</itunes:duration>
      <itunes:explicit>false</itunes:explicit>
      <itunes:episode>2</itunes:episode>
      <itunes:season>1</itunes:season>
      <itunes:episodeType>full</itunes:episodeType>
      <itunes:image href="{ART_URL}ep2.png"/>
      <podcast:episode>2</podcast:episode>
      <podcast:season>1</podcast:season>
      <podcast:chapters url="https://example.org/en/chapters/ep2.json" type="application/json+chapters"/>
      <podcast:transcript url="https://example.org/en/transcripts/ep2.html" type="text/html" language="en"/>
      <podcast:person role="guest" group="cast">Gina Guest</podcast:person>
      <podcast:contentLink href="https://www.youtube.com/watch?v=abcdefghijk">Watch on YouTube</podcast:contentLink>
      <psc:chapters version="1.2">
        <psc:chapter start="00:00:00.000" title="Intro"/>
        <psc:chapter start="00:01:00.000" title="Middle"/>
        <psc:chapter start="00:02:00.000" title="End"/>
      </psc:chapters>
    </item>
    <item>
      <title>First episode</title>
      <link>https://example.org/en/ep1/</link>
      <guid isPermaLink="false">ep-1</guid>
      <pubDate>Mon, 04 Mar 2024 08:00:00 +0000</pubDate>
      <description><![CDATA[<p>Notes one.</p>]]></description>
      <enclosure url="https://media.example.org/ep1.mp3" length="999" type="audio/mpeg"/>
      <itunes:duration>300</itunes:duration>
      <itunes:explicit>false</itunes:explicit>
      <itunes:episode>1</itunes:episode>
      <itunes:episodeType>full</itunes:episodeType>
    </item>
  </channel>
</rss>
"""

Edit = tuple[str, str] | Callable[[str], str]


def apply(text: str, edits: tuple[Edit, ...]) -> str:
    """Apply (old, new) replacements of the first occurrence (old must exist) or callables, in order."""
    for edit in edits:
        if callable(edit):
            text = edit(text)
            continue
        old, new = edit
        assert old in text, f"fixture edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    return text


def drop(old: str) -> Edit:
    return (old, "")


def without_items(text: str) -> str:
    return re.sub(r"\s*<item>.*</item>", "", text, flags=re.S)


def png_header(width: int, height: int, colour_type: int = 2) -> bytes:
    """A PNG signature, IHDR and IEND: enough for a header reader, no pixel data needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int, components: int = 3, sof: int = 0xC0) -> bytes:
    """SOI, a JFIF APP0 segment, a frame header and EOI."""
    app0 = b"JFIF\x00\x01\x02\x00\x00\x48\x00\x48\x00\x00"
    frame = struct.pack(">BHHB", 8, height, width, components) + b"\x01\x11\x00" * components
    return (b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
            + bytes([0xFF, sof]) + struct.pack(">H", len(frame) + 2) + frame + b"\xff\xd9")


CHAPTERS: dict[str, str] = {  # served under https://example.org/en/chapters/
    "ep2.json": '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 60.5}]}',
    "unordered.json": '{"version": "1.2.0", "chapters": [{"startTime": 60}, {"startTime": 0}]}',
}

ARTWORK: dict[str, bytes] = {
    "cover.jpg": jpeg_header(3000, 3000),
    "ep2.png": png_header(1400, 1400),
    "really-png.jpg": png_header(3000, 3000),
    "really-png.png": png_header(3000, 3000),
    "small.jpg": jpeg_header(1000, 1000),
    "wide.png": png_header(3000, 2000),
    "gray.jpg": jpeg_header(3000, 3000, components=1),
}


@dataclass
class FeedRun:
    text: str
    findings: list[Diagnostic] = field(default_factory=list)

    @property
    def rules(self) -> list[str]:
        return [finding.code for finding in self.findings]

    def line_of(self, needle: str, nth: int = 1) -> int:
        """1-based line of the nth line containing `needle`."""
        hits = [n for n, line in enumerate(self.text.splitlines(), 1) if needle in line]
        return hits[nth - 1]


def run_feed(tmp_path: Path, text: str, *, feed_url: str | None = FEED_URL) -> FeedRun:
    """Write the feed and its artwork under tmp_path and validate it as a publisher would."""
    art = tmp_path / "art"
    art.mkdir(exist_ok=True)
    for name, data in ARTWORK.items():
        (art / name).write_bytes(data)
    chapters = tmp_path / "en" / "chapters"
    chapters.mkdir(parents=True, exist_ok=True)
    for name, data in CHAPTERS.items():
        (chapters / name).write_text(data, encoding="utf-8")
    path = tmp_path / "feed.xml"
    path.write_bytes(text.encode("utf-8") if "ISO-8859-1" not in text else text.encode("latin-1"))
    findings = validate_file(path, name="feed.xml", feed_url=feed_url, roots={ART_URL: art, "https://example.org/en/": tmp_path / "en"})
    return FeedRun(text, findings)
