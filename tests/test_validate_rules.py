"""One violating and one passing feed per rule of the table, generated from it: a rule without a case fails."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edtfeed.episodes.extras import podcast_guid
from edtfeed.validate import RULES_BY_ID
from tests.feedkit import (
    ART_URL,
    BASE_FEED,
    FEED_URL,
    OTHER_GUID,
    PODCAST_GUID,
    Edit,
    apply,
    drop,
    run_feed,
    without_items,
)

CH = "\n    "  # a channel-level line starts here
IT = "\n      "  # an item-level line starts here
ITEM1_GUID = '<guid isPermaLink="false">ep-1</guid>'
EP2 = "https://media.example.org/ep2.mp3"
OP3 = f"https://op3.dev/e,pg={PODCAST_GUID}/"


def prefixed(*prefixes: str, media: str = "media.example.org/ep2.mp3") -> Edit:
    """The second episode's enclosure behind `prefixes` (the first with its scheme)."""
    return (EP2, "".join(prefixes) + media)


PSC_BLOCK = (
    '<psc:chapters version="1.2">\n        <psc:chapter start="00:00:00.000" title="Intro"/>\n'
    '        <psc:chapter start="00:01:00.000" title="Middle"/>\n'
    '        <psc:chapter start="00:02:00.000" title="End"/>\n      </psc:chapters>'
)


@dataclass(frozen=True)
class Case:
    bad: tuple[Edit, ...]  # edits that break exactly this rule
    good: tuple[Edit, ...] = ()  # edits near the limit that must still pass (the base feed always must)


CASES: dict[str, Case] = {
    "rss.well-formed": Case((("Test Show</title>", "Test & Show</title>"),),
                            (("Test Show</title>", "Test &amp; Show</title>"),)),
    "apple.rss-2": Case((('<rss version="2.0"', '<rss version="0.91"'),)),
    "apple.utf8": Case((('encoding="UTF-8"', 'encoding="ISO-8859-1"'),), (('encoding="UTF-8"', "encoding='utf-8'"),)),
    "apple.itunes-namespace": Case((("podcast-1.0.dtd", "Podcast-1.0.dtd"),)),
    "apple.text-length": Case((("Test Org</itunes:author>", "A" * 256 + "</itunes:author>"),),
                              (("Test Org</itunes:author>", "A" * 255 + "</itunes:author>"),)),
    "feed.size": Case((("</channel>", "<!-- " + "x" * 5_000_000 + " --></channel>"),),
                      (("</channel>", "<!-- " + "x" * 4_990_000 + " --></channel>"),)),
    "apple.text-whitespace": Case((("<itunes:author>Test", "<itunes:author> Test"),)),
    "apple.ascii-urls": Case((("en/ep1/", "en/épisode-1/"),), (("en/ep1/", "en/%C3%A9pisode-1/"),)),
    "apple.https": Case((("<link>https://example.org/</link>", "<link>http://example.org/</link>"),)),
    "apple.channel-title": Case((("<title>Test Show</title>", "<title></title>"),)),
    "apple.description-bytes": Case((("<p>A show about tests.</p>", "ع" * 2001),),
                                    (("<p>A show about tests.</p>", "ع" * 2000),)),
    "apple.description-html": Case((("<![CDATA[<p>Notes one.</p>]]>", "<p>Notes one.</p>"),),
                                   (("<![CDATA[<p>Notes one.</p>]]>", "&lt;p&gt;Notes one.&lt;/p&gt;"),)),
    "apple.language": Case((("<language>en<", "<language>en_US<"),), (("<language>en<", "<language>en-us<"),)),
    "apple.language-spoken": Case((('language="en"', 'language="de"'),), (('language="en"', 'language="en-GB"'),)),
    "apple.category-present": Case((drop(CH + '<itunes:category text="Society &amp; Culture">'
                                         '<itunes:category text="Documentary"/></itunes:category>'),
                                    drop(CH + '<itunes:category text="Technology"/>'))),
    "apple.category-known": Case((('text="Technology"', 'text="technology"'),),
                                 (('text="Technology"', 'text="Kids &amp; Family"'),)),
    "apple.subcategory-known": Case((('text="Documentary"', 'text="Management"'),),
                                    (('text="Documentary"', 'text="Philosophy"'),)),
    "apple.category-nesting": Case((('<itunes:category text="Documentary"/>',
                                     '<itunes:category text="Documentary"/><itunes:category text="Philosophy"/>'),)),
    "apple.explicit-present": Case((drop(CH + "<itunes:explicit>false</itunes:explicit>"),)),
    "apple.explicit-value": Case(((CH + "<itunes:explicit>false<", CH + "<itunes:explicit>no<"),),
                                 ((CH + "<itunes:explicit>false<", CH + "<itunes:explicit>true<"),)),
    "apple.item-explicit": Case((drop(IT + "<itunes:explicit>false</itunes:explicit>"),)),
    "apple.artwork-present": Case((drop(CH + f'<itunes:image href="{ART_URL}cover.jpg"/>'),)),
    "apple.artwork-url": Case((("cover.jpg", "cover.gif"),), (("cover.jpg", "cover.JPEG"),)),
    "apple.artwork-format": Case((("cover.jpg", "really-png.jpg"),), (("cover.jpg", "really-png.png"),)),
    "apple.artwork-size": Case((("ep2.png", "small.jpg"),)),
    "apple.artwork-square": Case((("ep2.png", "wide.png"),)),
    "apple.artwork-colour": Case((("ep2.png", "gray.jpg"),)),
    "apple.channel-link": Case((drop(CH + "<link>https://example.org/</link>"),)),
    "apple.type-value": Case((("<itunes:type>episodic", "<itunes:type>Episodic"),),
                             (("<itunes:type>episodic", "<itunes:type>serial"),)),
    "apple.serial-episodes": Case((("<itunes:type>episodic", "<itunes:type>serial"),
                                   drop(IT + "<itunes:episode>1</itunes:episode>"))),
    "apple.item-title": Case((("<title>First episode</title>", "<title></title>"),)),
    "apple.title-numbering": Case((("<title>First episode</title>", "<title>Ep. 1: First episode</title>"),),
                                  (("<title>First episode</title>", "<title>1,000 listeners later</title>"),)),
    "apple.enclosure-present": Case((drop(IT + '<enclosure url="https://media.example.org/ep1.mp3" length="999" '
                                          'type="audio/mpeg"/>'),)),
    "apple.enclosure-attributes": Case((('length="999"', 'length="-1"'),), (('length="999"', 'length="0"'),)),
    "apple.enclosure-type": Case((('type="audio/mpeg"', 'type="audio/ogg"'),),
                                 (('type="audio/mpeg"', 'type="audio/x-m4a"'),)),
    "apple.enclosure-extension": Case((("ep1.mp3", "ep1.ogg"),), (("ep1.mp3", "ep1.m4a?x=1"),)),
    "apple.enclosure-unique": Case((("ep1.mp3", "ep2.mp3"),)),
    "apple.guid-present": Case((drop(IT + ITEM1_GUID),)),
    "apple.guid-unique": Case(((">ep-1<", ">ep-2<"),)),
    "apple.date-format": Case((("Mon, 04 Mar 2024 08:00:00 +0000", "2024-03-04T08:00:00Z"),),
                              (("Mon, 04 Mar 2024 08:00:00 +0000", "Mon, 4 Mar 2024 08:00 GMT"),)),
    "apple.date-weekday": Case((("Mon, 04 Mar", "Tue, 04 Mar"),), (("Mon, 04 Mar", "04 Mar"),)),
    "apple.item-pubdate": Case((drop(IT + "<pubDate>Mon, 04 Mar 2024 08:00:00 +0000</pubDate>"),)),
    "apple.item-description": Case((drop(IT + "<description><![CDATA[<p>Notes one.</p>]]></description>"),)),
    "apple.item-link": Case((drop(IT + "<link>https://example.org/en/ep1/</link>"),)),
    "apple.duration-format": Case((("<itunes:duration>300<", "<itunes:duration>300.5<"),),
                                  (("<itunes:duration>300<", "<itunes:duration>5:00<"),)),
    "apple.episode-number": Case((("<itunes:episode>1<", "<itunes:episode>0<"),)),
    "apple.episode-type": Case((("<itunes:episodeType>full<", "<itunes:episodeType>regular<"),),
                               (("<itunes:episodeType>full<", "<itunes:episodeType>bonus<"),)),
    "spotify.owner-email": Case((("<itunes:email>show@example.org", "<itunes:email>show-at-example.org"),)),
    "spotify.author": Case((drop(CH + "<itunes:author>Test Org</itunes:author>"),)),
    "spotify.description": Case((drop(CH + "<description><![CDATA[<p>A show about tests.</p>]]></description>"),)),
    "spotify.episodes": Case((without_items,)),
    "spotify.description-chapters": Case((("00:00 Intro", "00:05 Intro"),), (("00:00 Intro", "(00:00) Intro"),)),
    "podcast.guid-format": Case(((PODCAST_GUID, "not-a-uuid"),)),
    "podcast.guid-feed-url": Case(((PODCAST_GUID, podcast_guid("https://example.org/old/feed.xml")),)),
    "podcast.locked": Case(((">yes</podcast:locked>", ">true</podcast:locked>"),),
                           ((">yes</podcast:locked>", ">no</podcast:locked>"),)),
    "podcast.chapters-attributes": Case((drop(' type="application/json+chapters"'),)),
    "podcast.chapters-file": Case((("chapters/ep2.json", "chapters/unordered.json"),),
                                  (("chapters/ep2.json", "chapters/not-here.json"),)),
    "podcast.chapters-type": Case((('type="application/json+chapters"', 'type="application/json"'),)),
    "podcast.transcript-attributes": Case((drop(' type="text/html"'),)),
    "podcast.transcript-type": Case((('type="text/html"', 'type="text/markdown"'),),
                                    (('type="text/html"', 'type="text/vtt"'),)),
    "podcast.transcript-language": Case((('language="en"', 'language="en_US"'),),
                                        (('language="en"', 'language="en-gb"'),)),
    "podcast.person-name": Case((("Gina Guest<", "<"),)),
    "podcast.person-role": Case((('role="guest"', 'role="visitor"'),), (('role="guest"', 'role="Guest"'),)),
    "podcast.content-link": Case((('<podcast:contentLink href=', '<podcast:contentLink url='),)),
    "podcast.season-value": Case((("<podcast:season>1<", "<podcast:season>1.5<"),),
                                 (("<podcast:season>1<", '<podcast:season name="Pilot">1<'),)),
    "podcast.episode-value": Case((("<podcast:episode>2<", "<podcast:episode>two<"),)),
    "podcast.numbers-agree": Case((("<podcast:episode>2<", "<podcast:episode>3<"),),
                                  (("<podcast:episode>2<", "<podcast:episode>2.0<"),)),
    "podcast.https": Case((("https://example.org/en/chapters", "http://example.org/en/chapters"),),
                          (("https://example.org/en/chapters", "http://127.0.0.1:8000/en/chapters"),)),
    "podcast.single": Case((("<podcast:medium>podcast</podcast:medium>",
                             "<podcast:medium>podcast</podcast:medium><podcast:medium>podcast</podcast:medium>"),)),
    "podcast.podping": Case((('usesPodping="true"', 'usesPodping="yes"'),),
                            (('usesPodping="true"', 'usesPodping="false"'),)),
    "directory.websub-hub": Case((('href="https://pubsubhubbub.appspot.com/"', 'href="pubsubhubbub.appspot.com"'),)),
    "podcast.medium": Case(((">podcast</podcast:medium>", ">radio</podcast:medium>"),),
                           ((">podcast</podcast:medium>", ">music</podcast:medium>"),)),
    "podcast.txt": Case((("05124</podcast:txt>", "A" * 4001 + "</podcast:txt>"),),
                        (("05124</podcast:txt>", "A" * 4000 + "</podcast:txt>"),
                         ('purpose="applepodcastsverify"', 'purpose="' + "p" * 128 + '"'))),
    "podcast.funding": Case((('url="https://example.org/support"', 'url="example.org/support"'),),
                            ((">Support the show<", ">" + "S" * 128 + "<"),)),
    "podcast.podroll": Case(((f'feedGuid="{OTHER_GUID}"', 'feedGuid="es"'),),
                            (drop(' feedUrl="https://example.org/es/feed.xml"'),)),
    "podcast.update-frequency": Case((('rrule="FREQ=WEEKLY"', 'rrule="WEEKLY"'),),
                                     (('rrule="FREQ=WEEKLY"', 'rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10" '
                                       'dtstart="2024-03-04T08:00:00.000Z"'),)),
    "podcast.person-group": Case((drop(' group="cast"'),), (('group="cast"', 'group="Writing"'),)),
    "prefix.hops": Case((prefixed(OP3, "dts.podtrac.com/redirect.mp3/", "pdcn.co/e/", "pscrb.fm/rss/p/",
                                  "mgln.ai/e/abc/"),),
                        (prefixed(OP3, "dts.podtrac.com/redirect.mp3/", "pdcn.co/e/", "pscrb.fm/rss/p/"),)),
    "prefix.https": Case((prefixed(OP3, media="http://media.example.org/ep2.mp3"),),
                         (prefixed(OP3, media="https://media.example.org/ep2.mp3"),)),
    "prefix.path": Case((prefixed(OP3, media="ep2.mp3"),), (prefixed(OP3, media="media.example.org/a/b/ep2.mp3"),)),
    "prefix.dead-service": Case((prefixed("https://chtbl.com/track/AB12C/"),),
                                (prefixed("https://op3.dev/e/"),)),
    "prefix.duplicate": Case((prefixed(OP3, "op3.dev/e/"),), (prefixed(OP3, "dts.podtrac.com/redirect.mp3/"),)),
    "psc.chapter-start": Case((('start="00:01:00.000"', 'start="1m"'),), (('start="00:01:00.000"', 'start="1:00"'),)),
    "psc.chapter-title": Case((('title="Middle"', 'title=""'),)),
    "psc.chapters-single": Case((("</psc:chapters>",
                                  '</psc:chapters><psc:chapters><psc:chapter start="0" title="Again"/></psc:chapters>'),)),
    "psc.chapters-empty": Case(((PSC_BLOCK, '<psc:chapters version="1.2"></psc:chapters>'),)),
    "psc.chapter-order": Case((('start="00:02:00.000"', 'start="00:00:30.000"'),)),
    "psc.chapter-within-duration": Case((('start="00:02:00.000"', 'start="00:10:00.000"'),),
                                        (('start="00:02:00.000"', 'start="00:09:59.999"'),)),
    "directory.self-link": Case((drop(CH + f'<atom:link href="{FEED_URL}" rel="self" type="application/rss+xml"/>'),)),
    "directory.self-link-match": Case(((f'href="{FEED_URL}"', 'href="https://example.org/feed.xml"'),)),
    "directory.duplicate-enclosure": Case((
        ('length="999" type="audio/mpeg"/>', 'length="999" type="audio/mpeg"/><enclosure '
         'url="https://media.example.org/ep1.mp3" length="999" type="audio/mpeg"/>'),)),
    "directory.guid-not-enclosure": Case(((">ep-1<", ">https://media.example.org/ep1.mp3<"),)),
    "rss.guid-permalink": Case(((ITEM1_GUID, "<guid>ep-1</guid>"),),
                               ((ITEM1_GUID, "<guid>https://example.org/en/ep1/</guid>"),)),
}


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(RULES_BY_ID)


def test_the_base_feed_is_clean(tmp_path) -> None:
    assert run_feed(tmp_path, BASE_FEED).findings == []


def test_the_base_feed_guid_is_derived_from_its_url() -> None:
    assert podcast_guid(FEED_URL) == PODCAST_GUID


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_violation_is_reported_once_with_its_location(rule_id: str, tmp_path) -> None:
    run = run_feed(tmp_path, apply(BASE_FEED, CASES[rule_id].bad))
    assert run.rules == [rule_id], [f.message for f in run.findings]
    finding = run.findings[0]
    assert finding.file == "feed.xml"
    assert finding.line is not None and finding.line >= 1
    assert finding.severity == RULES_BY_ID[rule_id].level
    assert finding.source.startswith(("https://", "http://"))


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_passing_variant_is_clean(rule_id: str, tmp_path) -> None:
    run = run_feed(tmp_path, apply(BASE_FEED, CASES[rule_id].good))
    assert rule_id not in run.rules
    assert run.findings == []
