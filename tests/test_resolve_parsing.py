"""Embed ids in real-world URL shapes, itunes:duration forms, and the feed parser's safety and error messages.

Transistor URLs in this file are data only, never fetched: conftest.py fences every test's network to
127.0.0.1/localhost (tests/test_network_fence.py proves it).
"""

from __future__ import annotations

import pytest

from edtfeed.http import FetchError
from edtfeed.resolve.ids import (
    ids_in,
    ids_in_media_url,
    ids_in_share_url,
    normalise_embed_id,
)
from edtfeed.resolve.rss import parse_duration, parse_feed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://media.transistor.fm/cea47899/3f1d2a7b.mp3", {"cea47899"}),
        ("https://op3.dev/e/media.transistor.fm/dd8e79de/4c5d3ad7.mp3", {"dd8e79de"}),
        ("https://pdcn.co/e/media.transistor.fm/fca974ca/efd4ebea.mp3", {"fca974ca"}),
        ("https://dts.podtrac.com/redirect.mp3/media.transistor.fm/b0afd7df.mp3", {"b0afd7df"}),
        ("https://op3.dev/e/https://media.transistor.fm/a8602932/6c6ae10c.mp3?sid=0123456789abcd", {"a8602932"}),
        ("https://media.transistor.fm/14615be3/4192276c.mp3?src=player", {"14615be3"}),
        ("https://MEDIA.transistor.fm/CEA47899/3F1D2A7B.mp3", {"cea47899"}),
        ("https://media.transistor.fm/cea478990/3f1d2a7b.mp3", set()),  # nine hex digits is not an embed id
        ("https://cdn.example.com/cea47899/3f1d2a7b.mp3", set()),
    ],
)
def test_embed_id_in_media_urls(url: str, expected: set[str]) -> None:
    assert ids_in_media_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://share.transistor.fm/s/5e08448f", {"5e08448f"}),
        ("https://share.transistor.fm/e/5e08448f/dark", {"5e08448f"}),
        ("https://share.transistor.fm/e/14615be3/?color=444444&background=ffffff", {"14615be3"}),
        ("https://share.transistor.fm/s/54f0099a/transcript.vtt", {"54f0099a"}),
        ('<iframe seamless src="https://share.transistor.fm/e/cea47899"></iframe>', {"cea47899"}),
        ("https://share.transistor.fm/s/5e08448fa", set()),
        ("https://www.example.com/episodes/roast-levels", set()),
    ],
)
def test_embed_id_in_share_urls(url: str, expected: set[str]) -> None:
    assert ids_in_share_url(url) == expected


def test_ids_in_skips_missing_values() -> None:
    assert ids_in([None, "https://share.transistor.fm/s/5e08448f", ""]) == {"5e08448f"}


@pytest.mark.parametrize(("raw", "expected"), [("cea47899", "cea47899"), (" CEA47899 ", "cea47899"),
                                               ("cea4789", None), ("cea4789g", None), ("", None)])
def test_normalise_embed_id(raw: str, expected: str | None) -> None:
    assert normalise_embed_id(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2261", 2261), ("37:41", 2261), ("1:02:03", 3723), ("01:02:03", 3723), ("2261.6", 2262), (" 1009 ", 1009),
     ("0", None), ("", None), (None, None), ("abc", None), ("1:2:3:4", None), ("-5", None)],
)
def test_parse_duration(value: str | None, expected: int | None) -> None:
    assert parse_duration(value) == expected


def test_parser_resolves_no_entities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><item><title>&leak;</title>
<enclosure url="https://media.transistor.fm/cea47899/3f1d2a7b.mp3" length="5" type="audio/mpeg"/>
<itunes:duration xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">60</itunes:duration>
</item></channel></rss>""".encode()

    index = parse_feed(body, "https://feeds.example/show")

    assert "TOP-SECRET" not in repr(index.items["cea47899"])


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"", "application/rss+xml", "the feed is empty"),
        (b"<!DOCTYPE html><html><body>Oops</body></html>", "text/html", "got an HTML page instead of an RSS feed"),
        (b"<rss><channel><item><title>cut", "application/xml", "not well-formed XML"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', "application/xml",
         "not an RSS feed (root element <feed>"),
    ],
)
def test_bad_feed_bodies_name_the_url(body: bytes, content_type: str, expected: str) -> None:
    with pytest.raises(FetchError) as caught:
        parse_feed(body, "https://feeds.example/show", content_type)
    assert str(caught.value).startswith("https://feeds.example/show: ")
    assert expected in str(caught.value)


def test_item_with_two_ids_is_indexed_under_both_with_a_notice() -> None:
    body = b"""<rss version="2.0"><channel><item><title>Odd</title><link>https://share.transistor.fm/s/aaaaaaaa</link>
<enclosure url="https://media.transistor.fm/bbbbbbbb/3f1d2a7b.mp3" length="5" type="audio/mpeg"/>
</item></channel></rss>"""
    index = parse_feed(body, "https://feeds.example/show")

    assert sorted(index.items) == ["aaaaaaaa", "bbbbbbbb"]
    assert "carries several embed ids (aaaaaaaa, bbbbbbbb)" in index.notices[0]
