"""The rule table: one row per rule (id, level, platform, message, source, check).

Sources are the URLs cited in the project's feed-standards checklist. Adding a row without a violating and a
passing fixture in tests/test_validate_rules.py fails the test suite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from edtfeed.diagnostics import Severity
from edtfeed.validate import checks as c
from edtfeed.validate.document import FeedDoc

Check = Callable[[FeedDoc], Iterable[c.Hit]]

APPLE_REQ = "https://podcasters.apple.com/support/823-podcast-requirements"
APPLE_GUIDE = "https://help.apple.com/itc/podcasts_connect/#/itcb54353390"
APPLE_TECH = "https://podcasters.apple.com/4115-technical-updates-for-hosting-providers"
APPLE_CATEGORIES = "https://podcasters.apple.com/support/1691-apple-podcasts-categories"
APPLE_AUDIO = "https://podcasters.apple.com/de-de/support/893-audio-requirements"
APPLE_CONTENT = "https://podcasters.apple.com/support/891-content-and-subscription-guidelines"
W3C_ITUNES = "https://github.com/w3c/feedvalidator/blob/master/src/feedvalidator/itunes.py"
W3C_VALIDATORS = "https://github.com/w3c/feedvalidator/blob/master/src/feedvalidator/validators.py"
PSP1 = "https://github.com/Podcast-Standards-Project/PSP-1-Podcast-RSS-Specification"
HTTPS_NOTE = "http://rfwilmut.net/notes/podcast.html"
SPOTIFY_EMAIL = "https://support.spotify.com/de/creators/article/adding-your-email-address-to-your-rss-feed"
SPOTIFY_AUTHOR = "https://github.com/AzuraCast/AzuraCast/pull/4840"
SPOTIFY_EPISODES = "https://github.com/PodcastGenerator/PodcastGenerator/issues/327"
SPOTIFY_DESCRIPTION = "https://github.com/podlove/podlove-publisher/issues/1111"
SPOTIFY_CHAPTERS = "https://support.spotifyforpodcasters.com/hc/de/articles/360043932711"
_PC = "https://github.com/Podcastindex-org/podcast-namespace/blob/main"
PC_SPEC = f"{_PC}/docs/1.0.md"
PC_CHAPTERS_TYPE = "https://github.com/Podcastindex-org/podcast-namespace/issues/211"
PC_OTHER = f"{_PC}/docs/other-recommendations.md"
PC_TAXONOMY = f"{_PC}/taxonomy.json"
PC_JSON_CHAPTERS = f"{_PC}/docs/examples/chapters/jsonChapters.md"
PSC_SPEC = "https://github.com/podlove/podlove-specifications/blob/master/podlove-simple-chapters.md"
SELF_LINK = "https://github.com/PodcastGenerator/PodcastGenerator/issues/187"
WEBSUB = "https://podnews.net/article/pubsubhubbub-for-podcasters"
DUPLICATE_ENCLOSURE = "https://github.com/Automattic/jetpack/pull/50331"
FEED_SIZE = "https://github.com/podverse/podverse-rn/issues/1297"
PREFIXES = "https://help.prx.org/hc/en-us/articles/30939698275611-How-to-add-and-remove-enclosure-prefix-URLS-in-Dovetail"
OP3_SETUP = "https://github.com/skymethod/op3/blob/master/worker/static/setup.htm"
CHARTABLE_CLOSED = "https://github.com/podlove/podlove-publisher/issues/1510"
CASTOPOD_IMPORT = "https://github.com/ad-aures/castopod/blob/4ca7f9ccae1e352bf26a3b6db4de73bac7b84382/modules/PodcastImport/Commands/PodcastImport.php"


def pc_tag(name: str) -> str:
    return f"{_PC}/docs/tags/{name}.md"


@dataclass(frozen=True)
class Rule:
    id: str
    level: Severity
    platform: Literal["Apple", "Spotify", "Podcasting 2.0", "RSS"]
    message: str
    source: str
    check: Check


R = Rule
RULES: tuple[Rule, ...] = (
    # --- the document
    R("rss.well-formed", "error", "RSS", "the feed is not well-formed XML", APPLE_REQ, c.check_well_formed),
    R("apple.rss-2", "error", "Apple", "the feed must be RSS 2.0 (<rss version=\"2.0\"><channel>); Atom is not "
      "accepted", APPLE_TECH, c.check_rss_root),
    R("apple.utf8", "error", "Apple", "the feed must start with an XML declaration naming UTF-8", APPLE_REQ,
      c.check_utf8),
    R("apple.itunes-namespace", "error", "Apple", "the itunes namespace URI is case-sensitive and must be "
      "http://www.itunes.com/dtds/podcast-1.0.dtd; Apple ignores every itunes tag otherwise", APPLE_GUIDE,
      c.check_itunes_namespace),
    R("apple.text-length", "error", "Apple", "tag values are limited to 255 characters", APPLE_GUIDE,
      c.check_text_length),
    R("feed.size", "warning", "RSS", "a feed over 5 MB loads slowly or times out in podcast apps (one took 17 s "
      "for 4.9 MB): keep fewer items in it, or shorter show notes (edtfeed: [output] max_notes_bytes)", FEED_SIZE, c.check_feed_size),
    R("apple.text-whitespace", "warning", "Apple", "tag values must not have leading or trailing spaces",
      APPLE_GUIDE, c.check_text_whitespace),
    R("apple.ascii-urls", "error", "Apple", "URLs must be ASCII without spaces", APPLE_REQ, c.check_ascii_urls),
    R("apple.https", "warning", "Apple", "use https for the feed, its links, media and images", HTTPS_NOTE,
      c.check_https_media),
    # --- channel
    R("apple.channel-title", "error", "Apple", "the show needs a title", APPLE_GUIDE, c.check_channel_title),
    R("apple.description-bytes", "error", "Apple", "descriptions are limited to 4000 bytes (UTF-8)", PSP1,
      c.check_description_bytes),
    R("apple.description-html", "warning", "Apple", "HTML in descriptions belongs inside <![CDATA[ ]]>",
      APPLE_GUIDE, c.check_description_html),
    R("apple.language", "error", "Apple", "<language> must be an ISO 639 code such as en or pt-br", APPLE_GUIDE,
      c.check_language),
    # A warning, not an error: the podcaster may declare the notes' language knowingly (spoken = "notes"), and
    # a transcript is only a hint of what is spoken.
    R("apple.language-spoken", "warning", "Apple", "<language> must be the language spoken in the episodes: "
      "Apple's content guidelines (1.1) require metadata, language included, to represent the content accurately",
      APPLE_CONTENT, c.check_language_spoken),
    R("apple.category-present", "error", "Apple", "the show needs an <itunes:category>", APPLE_GUIDE,
      c.check_category_present),
    R("apple.category-known", "error", "Apple", "the category is not on Apple's list (exact case, '&' escaped "
      "once)", APPLE_CATEGORIES, c.check_category_known),
    R("apple.subcategory-known", "error", "Apple", "the subcategory is not on Apple's list for its category",
      APPLE_CATEGORIES, c.check_subcategory_known),
    R("apple.category-nesting", "error", "Apple", "a category holds at most one subcategory, one level deep",
      APPLE_GUIDE, c.check_category_nesting),
    R("apple.explicit-present", "error", "Apple", "the show needs <itunes:explicit>", APPLE_GUIDE,
      c.check_explicit_present),
    R("apple.explicit-value", "error", "Apple", "<itunes:explicit> must be 'true' or 'false'", APPLE_GUIDE,
      c.check_explicit_value),
    R("apple.item-explicit", "warning", "Apple", "episodes should state <itunes:explicit>", APPLE_GUIDE,
      c.check_item_explicit),
    R("apple.artwork-present", "error", "Apple", "the show needs <itunes:image href=\"…\">", APPLE_GUIDE,
      c.check_artwork_present),
    R("apple.artwork-url", "error", "Apple", "artwork must be a JPEG or PNG at an http(s) URL ending in .jpg, "
      ".jpeg or .png", APPLE_GUIDE, c.check_artwork_url),
    R("apple.artwork-format", "error", "Apple", "artwork must be JPEG or PNG, matching its file extension",
      APPLE_REQ, c.check_artwork_format),
    R("apple.artwork-size", "error", "Apple", "artwork must be 1400-3000 pixels on each side", APPLE_REQ,
      c.check_artwork_size),
    R("apple.artwork-square", "error", "Apple", "artwork must be square", APPLE_REQ, c.check_artwork_square),
    R("apple.artwork-colour", "error", "Apple", "artwork must be in RGB colour space", APPLE_REQ,
      c.check_artwork_colour),
    R("apple.channel-link", "warning", "Apple", "the show should link its website", APPLE_GUIDE,
      c.check_channel_link),
    R("apple.type-value", "error", "Apple", "<itunes:type> must be 'episodic' or 'serial'", APPLE_GUIDE,
      c.check_type_value),
    R("apple.serial-episodes", "error", "Apple", "a serial show needs <itunes:episode> on every episode",
      APPLE_GUIDE, c.check_serial_episodes),
    # --- items
    R("apple.item-title", "error", "Apple", "every episode needs a title", APPLE_GUIDE, c.check_item_title),
    R("apple.title-numbering", "warning", "Apple", "episode titles carry neither episode numbers nor the show "
      "name (use itunes:episode and itunes:season)", APPLE_GUIDE, c.check_title_numbering),
    R("apple.enclosure-present", "error", "Apple", "every episode needs an <enclosure>", APPLE_REQ,
      c.check_enclosure_present),
    R("apple.enclosure-attributes", "error", "Apple", "<enclosure> needs url, length (bytes) and type",
      APPLE_REQ, c.check_enclosure_attributes),
    R("apple.enclosure-type", "error", "Apple", "the enclosure type is not one Apple accepts (audio/mpeg, "
      "audio/x-m4a, video/mp4, video/x-m4v, video/quicktime, application/pdf)", APPLE_AUDIO, c.check_enclosure_type),
    R("apple.enclosure-extension", "warning", "Apple", "the enclosure URL should end in .mp3, .m4a, .mp4, .m4v, "
      ".mov, .pdf or .epub", W3C_ITUNES, c.check_enclosure_extension),
    R("apple.enclosure-unique", "error", "Apple", "enclosure URLs must be unique; Apple ignores duplicates",
      APPLE_REQ, c.check_enclosure_unique),
    R("apple.guid-present", "error", "Apple", "every episode needs a <guid>", APPLE_TECH, c.check_guid_present),
    R("apple.guid-unique", "error", "Apple", "episode guids must be unique; Apple will not process duplicates",
      APPLE_REQ, c.check_guid_unique),
    R("apple.date-format", "error", "Apple", "dates must be RFC 2822 (e.g. 'Tue, 05 Mar 2024 08:00:00 +0000')",
      APPLE_REQ, c.check_date_format),
    R("apple.date-weekday", "error", "Apple", "the day of the week does not match the date", W3C_VALIDATORS,
      c.check_date_weekday),
    R("apple.item-pubdate", "warning", "Apple", "episodes should have a <pubDate>", APPLE_GUIDE,
      c.check_item_pubdate),
    R("apple.item-description", "warning", "Apple", "episodes should have a <description>", APPLE_GUIDE,
      c.check_item_description),
    R("apple.item-link", "warning", "Apple", "episodes should link their web page", APPLE_GUIDE,
      c.check_item_link),
    R("apple.duration-format", "warning", "Apple", "<itunes:duration> should be whole seconds (or [H:]MM:SS)",
      W3C_VALIDATORS, c.check_duration_format),
    R("apple.episode-number", "error", "Apple", "<itunes:episode> and <itunes:season> must be non-zero integers",
      APPLE_GUIDE, c.check_episode_number),
    R("apple.episode-type", "error", "Apple", "<itunes:episodeType> must be 'full', 'trailer' or 'bonus'",
      APPLE_GUIDE, c.check_episode_type),
    # --- Spotify
    R("spotify.owner-email", "error", "Spotify", "Spotify verifies ownership with <itunes:owner><itunes:email>",
      SPOTIFY_EMAIL, c.check_owner_email),
    R("spotify.author", "error", "Spotify", "Spotify rejects feeds without <itunes:author>", SPOTIFY_AUTHOR,
      c.check_author),
    R("spotify.description", "error", "Spotify", "Spotify rejects feeds without a description",
      SPOTIFY_DESCRIPTION, c.check_channel_description),
    R("spotify.episodes", "error", "Spotify", "Spotify rejects feeds without episodes", SPOTIFY_EPISODES,
      c.check_episodes),
    R("spotify.description-chapters", "warning", "Spotify", "timestamp chapters in show notes start at 00:00, "
      "number at least 3 and ascend (Apple reads them the same way)", SPOTIFY_CHAPTERS,
      c.check_description_chapters),
    # --- Podcasting 2.0
    R("podcast.guid-format", "error", "Podcasting 2.0", "<podcast:guid> must be a UUIDv5", pc_tag("guid"),
      c.check_podcast_guid_format),
    R("podcast.guid-feed-url", "info", "Podcasting 2.0", "<podcast:guid> is not derived from the feed URL",
      pc_tag("guid"), c.check_podcast_guid_feed_url),
    R("podcast.locked", "error", "Podcasting 2.0", "<podcast:locked> must be 'yes' or 'no' (owner an email)",
      pc_tag("locked"), c.check_locked),
    R("podcast.chapters-attributes", "error", "Podcasting 2.0", "<podcast:chapters> needs url and type",
      pc_tag("chapters"), c.check_chapters_attributes),
    R("podcast.chapters-file", "error", "Podcasting 2.0", "the JSON chapters file needs a version and chapters "
      "with numeric startTime in ascending order", PC_JSON_CHAPTERS, c.check_chapters_file),
    R("podcast.chapters-type", "warning", "Podcasting 2.0", "JSON chapters are typed application/json+chapters",
      PC_CHAPTERS_TYPE, c.check_chapters_type),
    R("podcast.transcript-attributes", "error", "Podcasting 2.0", "<podcast:transcript> needs url and type",
      pc_tag("transcript"), c.check_transcript_attributes),
    R("podcast.transcript-type", "warning", "Podcasting 2.0", "the transcript type is not a known transcript "
      "format (text/vtt, text/html, application/x-subrip, application/json, text/plain)", pc_tag("transcript"),
      c.check_transcript_type),
    R("podcast.transcript-language", "warning", "Podcasting 2.0", "the transcript language is not a language "
      "code", pc_tag("transcript"), c.check_transcript_language),
    R("podcast.person-name", "error", "Podcasting 2.0", "<podcast:person> needs a name of at most 128 characters",
      pc_tag("person"), c.check_person_name),
    R("podcast.person-role", "warning", "Podcasting 2.0", "the person role is not in the Podcast Taxonomy",
      PC_TAXONOMY, c.check_person_role),
    R("podcast.content-link", "error", "Podcasting 2.0", "<podcast:contentLink> needs href", pc_tag("content-link"),
      c.check_content_link),
    R("podcast.season-value", "error", "Podcasting 2.0", "<podcast:season> must be an integer (name at most "
      "128 characters)", pc_tag("season"), c.check_season_value),
    R("podcast.episode-value", "error", "Podcasting 2.0", "<podcast:episode> must be a decimal number (display "
      "at most 32 characters)", pc_tag("episode"), c.check_episode_value),
    R("podcast.numbers-agree", "warning", "Podcasting 2.0", "podcast: and itunes: episode/season numbers should "
      "agree", pc_tag("episode"), c.check_numbers_agree),
    R("podcast.https", "error", "Podcasting 2.0", "podcast: namespace URLs must be https", PC_SPEC,
      c.check_podcast_https),
    R("podcast.single", "warning", "Podcasting 2.0", "this podcast: tag may appear only once here", PC_SPEC,
      c.check_podcast_single),
    R("podcast.podping", "error", "Podcasting 2.0", "<podcast:podping usesPodping> must be 'true' or 'false'",
      pc_tag("podping"), c.check_podping),
    R("podcast.medium", "error", "Podcasting 2.0", "<podcast:medium> is not a known medium", pc_tag("medium"),
      c.check_medium),
    R("podcast.txt", "error", "Podcasting 2.0", "<podcast:txt> needs a value of at most 4000 characters and a "
      "purpose of at most 128", pc_tag("txt"), c.check_txt),
    R("podcast.funding", "error", "Podcasting 2.0", "<podcast:funding> needs an http(s) url and a text of at most "
      "128 characters", pc_tag("funding"), c.check_funding),
    R("podcast.podroll", "error", "Podcasting 2.0", "<podcast:podroll> holds <podcast:remoteItem>s, each with the "
      "feedGuid (a podcast:guid) of the feed it names and an optional http(s) feedUrl", pc_tag("podroll"),
      c.check_podroll),
    R("podcast.update-frequency", "error", "Podcasting 2.0", "<podcast:updateFrequency> needs a text of at most 128 "
      "characters, an RFC 5545 rrule, an ISO 8601 dtstart (required with COUNT) and complete true/false",
      pc_tag("update-frequency"), c.check_update_frequency),
    R("podcast.person-group", "warning", "Podcasting 2.0", "write each <podcast:person>'s group (default \"cast\"): "
      "importers read the role only when the group is there", CASTOPOD_IMPORT, c.check_person_group),
    # --- analytics prefixes on the media URLs
    R("prefix.hops", "error", "RSS", "an enclosure passes through at most four analytics prefixes: each is a "
      "redirect, and Apple limits them", PREFIXES, c.check_prefix_hops),
    R("prefix.https", "error", "RSS", "every hop of a prefixed enclosure must be https", PREFIXES,
      c.check_prefix_https),
    R("prefix.path", "error", "RSS", "behind its prefixes an enclosure keeps the media URL's host, path, file name "
      "and extension", OP3_SETUP, c.check_prefix_path),
    R("prefix.dead-service", "error", "RSS", "the enclosure passes through a prefix service that has shut down "
      "(Chartable: chtbl.com, chrt.fm), so it does not download", CHARTABLE_CLOSED, c.check_prefix_dead),
    R("prefix.duplicate", "error", "RSS", "a prefix service appears twice in an enclosure's chain, counting each "
      "download twice", PREFIXES, c.check_prefix_duplicate),
    # --- Podlove Simple Chapters (read by Spotify)
    R("psc.chapter-start", "error", "Spotify", "psc:chapter start must be Normal Play Time (e.g. 00:04:10.000)",
      PSC_SPEC, c.check_psc_start),
    R("psc.chapter-title", "error", "Spotify", "psc:chapter needs a title", PSC_SPEC, c.check_psc_title),
    R("psc.chapters-single", "warning", "Spotify", "one <psc:chapters> per episode", PSC_SPEC, c.check_psc_single),
    R("psc.chapters-empty", "error", "Spotify", "<psc:chapters> needs at least one chapter", PSC_SPEC,
      c.check_psc_empty),
    R("psc.chapter-order", "warning", "Spotify", "chapters should be in time order", PSC_SPEC, c.check_psc_order),
    R("psc.chapter-within-duration", "warning", "Spotify", "a chapter starts after the audio ends", PSC_SPEC,
      c.check_psc_within_duration),
    # --- what directories rely on when polling
    R("directory.self-link", "warning", "RSS", "the channel should carry <atom:link rel=\"self\"> with its own URL",
      PSP1, c.check_self_link),
    R("directory.self-link-match", "error", "RSS", "the self link does not match the URL the feed is served from",
      SELF_LINK, c.check_self_link_match),
    R("directory.websub-hub", "error", "RSS", "a WebSub <atom:link rel=\"hub\"> needs the hub's absolute URL",
      WEBSUB, c.check_websub_hub),
    R("directory.duplicate-enclosure", "error", "RSS", "an episode has more than one <enclosure>",
      DUPLICATE_ENCLOSURE, c.check_duplicate_enclosure),
    R("directory.guid-not-enclosure", "warning", "RSS", "a guid copied from the enclosure URL changes when the "
      "media moves", PC_OTHER, c.check_guid_not_enclosure),
    R("rss.guid-permalink", "warning", "RSS", "a guid that is not a URL needs isPermaLink=\"false\"", APPLE_GUIDE,
      c.check_guid_permalink),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
assert len(RULES_BY_ID) == len(RULES), "rule ids must be unique"
