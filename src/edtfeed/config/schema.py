"""The schema of edtfeed.toml: one pydantic model per table, so every later step can trust the values."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from edtfeed.constants import MAX_RECORD_MIB
from edtfeed.languages import normalise_language
from edtfeed.placeholders import is_placeholder
from edtfeed.prefixes import prefix_problems

# The owner email every feed carries (<itunes:owner>, podcast:locked owner): the same pattern as the validator's
# spotify.owner-email rule, so a value that would fail every feed stops the run before anything is written.
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def _optional_http_url(value: str | None) -> str | None:
    """A URL setting that must be absolute http(s) when given."""
    return None if value is None else _check_http_url(value)


SpokenChoice = Literal["declare", "block", "notes"]


def _language_code(value: str | None) -> str | None:
    """A language setting, normalised as records' `lang` is (edtfeed.languages: `pt_BR` -> `pt-br`)."""
    return None if value is None else normalise_language(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _listen_urls(value: dict[str, str] | None) -> dict[str, str] | None:
    for name, url in (value or {}).items():
        if not url.startswith("https://"):
            raise ValueError(f"listening link {name!r}: {url!r} is not an https URL")
    return value


def _no_placeholder(value: str | None) -> str | None:
    """A title or description that is text to publish, not what a template left (`…`, `TBD`, `Title`, "")."""
    if value is not None and is_placeholder(value):
        raise ValueError(f"{value.strip()!r} is empty or a placeholder, not text to publish: write the show's own "
                         "(a language's table may also leave the key out to use the show's)")
    return value


class FundingConfig(_Strict):
    """`funding = { url = "…", text = "…" }`: a support link apps show beside the show (podcast:funding)."""

    url: str
    text: str = Field(min_length=1, max_length=128)  # the namespace's limit for the text

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError(f"{value!r} is not an https URL (podcast: namespace URLs must be https)")
        return value


def _prefixes(value: list[str] | None) -> list[str] | None:
    """Analytics prefix templates that keep every enclosure downloadable (edtfeed.prefixes has the rules)."""
    problems = prefix_problems(value or [])
    if problems:
        raise ValueError("; ".join(problems))
    return value


def _txt(value: dict[str, str] | None) -> dict[str, str] | None:
    """`txt = { purpose = "value" }`: the namespace allows a purpose of 128 and a value of 4000 characters."""
    for purpose, text in (value or {}).items():
        if not purpose.strip() or len(purpose) > 128 or purpose != purpose.strip():
            raise ValueError(f"txt purpose {purpose!r}: 1 to 128 characters, no surrounding spaces "
                             "(e.g. applepodcastsverify, verify)")
        if not text.strip() or len(text) > 4000:
            raise ValueError(f"txt {purpose}: the value must have 1 to 4000 characters")
    return value


# An RFC 5545 recurrence rule as podcast:updateFrequency takes it: FREQ first or anywhere, NAME=VALUE parts. COUNT
# would need a dtstart, which edtfeed does not write.
_RRULE = re.compile(r"^(?=(?:.*;)?FREQ=(?:DAILY|WEEKLY|MONTHLY|YEARLY)(?:;|$))[A-Z]+=[A-Z0-9,+-]+(?:;[A-Z]+=[A-Z0-9,+-]+)*$")


def _rrule(value: str | None) -> str | None:
    if value is None:
        return None
    rule = value.strip().upper()
    if not _RRULE.match(rule) or "COUNT=" in rule:
        raise ValueError(f"{value!r} is not a recurrence rule such as FREQ=WEEKLY or FREQ=WEEKLY;INTERVAL=2;BYDAY=TU "
                         "(RFC 5545, without COUNT)")
    return rule


class LanguageOverride(_Strict):
    """Per-language overrides of the show's text fields."""

    title: str | None = None
    description: str | None = None
    link: str | None = None
    image: str | None = None
    # Where to listen: {"Apple Podcasts": "https://podcasts.apple.com/…", "Spotify": "https://open.spotify.com/…"}.
    # Each language's feed is its own podcast on every platform, so a language's links replace the show's.
    listen: dict[str, str] | None = None
    # The hosted feed this language's feed succeeds (e.g. Transistor's feed of the show): its episodes keep the
    # guids the lock pinned from it, the channel carries <itunes:new-feed-url>, and podcast:guid follows the show.
    replaces: str | None = None
    podcast_guid: uuid.UUID | None = None  # the show's podcast:guid as Podcast Index assigned it, if known
    # When this feed's notes are written in another language than its audio is spoken in (Apple defines
    # <language> as the spoken one): "declare" the audio's language, "block" the feed from directories, or declare
    # the "notes" language anyway. Unset: declared as "declare", with a warning until chosen.
    spoken: SpokenChoice | None = None
    # This feed's own analytics prefixes, ownership tokens, funding link and schedule (see ShowConfig's).
    prefixes: list[str] | None = None
    txt: dict[str, str] | None = None
    funding: FundingConfig | None = None
    update_frequency: str | None = None

    _listen = field_validator("listen")(_listen_urls)
    _replaces = field_validator("replaces")(_optional_http_url)
    _prefixes = field_validator("prefixes")(_prefixes)
    _txt = field_validator("txt")(_txt)
    _rrule = field_validator("update_frequency")(_rrule)
    _texts = field_validator("title", "description")(_no_placeholder)


def _artwork_url(value: str | None) -> str | None:
    """Show artwork Apple accepts by its URL (rule apple.artwork-url): http(s), ending in .jpg, .jpeg or .png."""
    if value is None:
        return None
    path = urlsplit(value).path.lower()
    if not path.endswith((".jpg", ".jpeg", ".png")):
        raise ValueError(f"{value!r}: artwork must be a JPEG or PNG whose URL ends in .jpg, .jpeg or .png "
                         "(Apple rejects the feed otherwise)")
    return value


def _check_http_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"{value!r} is not an absolute http(s) URL")
    return value


class HostConfig(_Strict):
    """A host of the show (`podcast:person role="host"`); a bare string in the config is just the name."""

    name: str = Field(min_length=1, max_length=128)
    href: str | None = None  # a page about the person
    img: str | None = None  # a picture of the person

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: object) -> object:
        return {"name": value} if isinstance(value, str) else value

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a host name must not be blank")
        return value.strip()

    @field_validator("href", "img")
    @classmethod
    def _absolute(cls, value: str | None) -> str | None:
        return None if value is None else _check_http_url(value)


class ShowConfig(_Strict):
    title: str
    description: str
    author: str
    email: str
    image: str
    link: str
    categories: list[str] = Field(min_length=1)
    explicit: bool = False
    base_url: str
    timezone: str = "UTC"
    default_language: str = "en"
    type: str = "episodic"
    copyright: str | None = None
    locked: bool = True
    listen: dict[str, str] = {}  # listening links of the feeds without their own [show.languages.<lang>.listen]
    languages: dict[str, LanguageOverride] = {}
    hosts: list[HostConfig] = []  # `podcast:person role="host"` on the channel (and items that list guests)
    # The language spoken in the audio (default: default_language): what <language> declares, the chapter
    # timing's reference among translations, the language of transcripts the host serves without one.
    audio_language: str | None = None
    # Analytics prefixes put in front of every enclosure after the host's own are removed, first listed first hop;
    # `{podcast_guid}` is each feed's podcast:guid, `{lang}` its language. Unset: the host's URLs as they are.
    prefixes: list[str] | None = None
    txt: dict[str, str] = {}  # podcast:txt by purpose: ownership tokens (applepodcastsverify, verify)
    funding: FundingConfig | None = None  # podcast:funding
    podroll: bool = False  # podcast:podroll naming the show's other language feeds
    update_frequency: str | None = None  # an RRULE (FREQ=WEEKLY); unset: read from when episodes came out

    _listen = field_validator("listen")(_listen_urls)
    _audio_language = field_validator("audio_language")(_language_code)
    _prefixes = field_validator("prefixes")(_prefixes)
    _txt = field_validator("txt")(_txt)
    _rrule = field_validator("update_frequency")(_rrule)
    _texts = field_validator("title", "description")(_no_placeholder)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as 'America/Los_Angeles')") from exc
        return value

    @field_validator("base_url", "link", "image")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        return _check_http_url(value).rstrip("/")

    @field_validator("image")
    @classmethod
    def _artwork(cls, value: str) -> str:
        return _artwork_url(value) or value

    @field_validator("email")
    @classmethod
    def _owner_email(cls, value: str) -> str:
        if not EMAIL.match(value.strip()):
            raise ValueError(f"{value!r} is not an email address (Spotify and Apple reject the feed; "
                             "write it as name@example.org)")
        return value.strip()

    @field_validator("type")
    @classmethod
    def _show_type(cls, value: str) -> str:
        if value not in ("episodic", "serial"):
            raise ValueError("must be 'episodic' or 'serial'")
        return value

    @field_validator("categories")
    @classmethod
    def _apple_categories(cls, value: list[str]) -> list[str]:
        from edtfeed.categories import check_category

        for category in value:
            check_category(category)
        return value

    def text_for(self, lang: str) -> LanguageOverride:
        """The title/description/link/image/listen links a language's feed uses: its override, else the show's."""
        override = self.languages.get(lang, LanguageOverride())
        return LanguageOverride(
            title=override.title or self.title,
            description=override.description or self.description,
            link=override.link or self.link,
            image=override.image or self.image,
            listen=self.listen if override.listen is None else override.listen,
        )


class EpisodesConfig(_Strict):
    dir: str = "episodes"
    exclude: list[str] = []
    # A record dated more than this many days after today is a warning (a typo such as 2204 for 2024): raise it
    # for episodes scheduled further ahead.
    future_days: int = Field(default=365, ge=1)
    link: str | None = None  # episode page URL template, e.g. "https://example.org/{lang}/{permalink}"
    # Where a record's relative `image`/`img` is served: `{dir}` is the record's folder relative to `dir`,
    # `{file}` the front matter value. Without it, only absolute image URLs reach the feed.
    image_url: str | None = None
    # The largest record file read, in MiB: against a runaway file, not a big episode (pictures pasted into the
    # notes make real records several megabytes; they are written out as image files).
    max_record_mib: int = Field(default=MAX_RECORD_MIB, ge=1, le=1024)

    @field_validator("image_url")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is None:
            return None
        _check_http_url(value)
        if "{file}" not in value:
            raise ValueError("must contain {file} (and usually {dir}), e.g. 'https://example.org/{dir}/{file}'")
        try:
            value.format(dir="d", file="f")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"only {{dir}} and {{file}} may appear in braces ({exc})") from None
        return value


class ChaptersConfig(_Strict):
    """How chapters are derived from a record's headings (issue 4)."""

    levels: list[int] = Field(default=[2], min_length=1)  # heading levels that start a chapter
    estimate: bool = True  # estimate missing start times from the text position (else: untimed headings dropped)
    opening: Literal["title", "introduction"] = "title"  # title of the chapter at 0:00: episode title or label
    audio_language: str | None = None  # the old name of [show] audio_language: still read, with a warning

    _audio_language = field_validator("audio_language")(_language_code)

    @field_validator("levels")
    @classmethod
    def _heading_levels(cls, value: list[int]) -> list[int]:
        if any(level < 1 or level > 6 for level in value):
            raise ValueError("heading levels are 1 to 6")
        return sorted(set(value))


DEFAULT_API_URL = "https://api.transistor.fm/v1"


class TransistorConfig(_Strict):
    """Where audio metadata comes from: the public feed, else the API (key from TRANSISTOR_API_KEY only)."""

    feed_url: str | None = None
    lock: str = "edtfeed.lock"
    show_id: str | None = None  # numeric id or slug; enables the API when TRANSISTOR_API_KEY is set
    api_url: str = DEFAULT_API_URL
    timeout: float = Field(default=30.0, gt=0, le=600)  # seconds per HTTP read
    deadline: float = Field(default=120.0, gt=0, le=3600)  # seconds for a whole request: a dripping host is cut off
    run_deadline: float = Field(default=600.0, gt=0, le=86400)  # seconds for every request of a run together
    max_body_mb: int = Field(default=50, ge=1, le=1024)  # MB of one answer once decompressed (feed, API page)
    page_size: int = Field(default=100, ge=1, le=1000)  # episodes per API list page (pagination[per])

    _http_urls = field_validator("feed_url", "api_url")(_optional_http_url)

    @field_validator("api_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")


class OutputConfig(_Strict):
    dir: str = "feeds"
    # A bound on each item's show notes in the feeds (<content:encoded>, UTF-8 bytes): longer notes end at a
    # paragraph with a link to the episode's page. Large feeds load slowly in apps; no item is ever left out.
    max_notes_bytes: int | None = Field(None, ge=1000, le=10_000_000)
    # A folder of the podcaster's own page templates, relative to this file (as mkdocs' custom_dir): a file there
    # replaces the shipped template of the same name, the others stay (docs/pages.md).
    templates: str | None = None


class PublishConfig(_Strict):
    """Telling directories about changes: WebSub hub and Podping (see edtfeed.runner.notify)."""

    websub_hub: str | None = None  # adds <atom:link rel="hub">; each changed feed URL is POSTed to it
    podping: bool = False  # declares <podcast:podping usesPodping="true"/>; pings need $PODPING_TOKEN
    podping_url: str = "https://podping.cloud/"  # overridable for tests and self-hosted podping servers

    _http_urls = field_validator("websub_hub", "podping_url")(_optional_http_url)


# `[transistor] feed_url` in a message: a key of a table the user is told to edit (Config.located).
_TABLE_KEY = re.compile(r"\[(?P<table>show|episodes|transistor|output|publish|chapters)\](?P<sep> `?)(?P<key>\w+)")


class Config(_Strict):
    show: ShowConfig
    episodes: EpisodesConfig = EpisodesConfig()
    transistor: TransistorConfig = TransistorConfig()
    output: OutputConfig = OutputConfig()
    publish: PublishConfig = PublishConfig()
    chapters: ChaptersConfig = ChaptersConfig()
    root: Path = Path(".")  # the folder holding edtfeed.toml; relative paths resolve against it
    show_name: str = ""  # NAME of its [shows.NAME] table in a config with several shows; "" for a single [show]
    config_file: str = "edtfeed.toml"  # the name of the file it was read from, for messages
    inherited: frozenset[str] = frozenset()  # dotted keys and tables a show of several takes from the shared ones

    @property
    def episodes_dir(self) -> Path:
        return self.root / self.episodes.dir

    @property
    def output_dir(self) -> Path:
        return self.root / self.output.dir

    @property
    def templates_dir(self) -> Path | None:
        return None if self.output.templates is None else self.root / self.output.templates

    @property
    def lock_path(self) -> Path:
        return self.root / self.transistor.lock

    @property
    def max_record_bytes(self) -> int:
        return self.episodes.max_record_mib * 1024 * 1024

    def key_place(self, table: str, key: str) -> str:
        """Where a key of a table is set, for messages: "`KEY` under [TABLE]" (see `table`)."""
        return f"`{key}` under [{self.table(table, key)}]"

    def show_table(self, key: str) -> str:
        """Where a show key is set in the file, for messages: `show.KEY`; for one of several shows `shows.NAME.KEY`,
        or `show.KEY` when the show takes it from the shared [show] table."""
        return f"shows.{self.show_name}.{key}" if self.show_name and f"show.{key}" not in self.inherited \
            else f"show.{key}"

    def table(self, name: str, key: str = "") -> str:
        """Where table `name` (`show`, `transistor`, `chapters`, …), or its `key`, is set in the file, for messages:
        `name`, or for one of several shows that does not take it from the shared table its own (`shows.NAME` for
        `show`, `shows.NAME.transistor`)."""
        shared = name in self.inherited or (key and f"{name}.{key}" in self.inherited)
        if not self.show_name or shared:
            return name
        return f"shows.{self.show_name}" if name == "show" else f"shows.{self.show_name}.{name}"

    def located(self, message: str) -> str:
        """`message` with every `[table] key` it tells the user to edit named as this show's file has it (a stage
        writes `[transistor] feed_url`; a show of several may set it in `[shows.NAME.transistor]`), and the config
        file by its name."""
        def place(found: re.Match[str]) -> str:
            table, key = found["table"], found["key"]
            model = ShowConfig if table == "show" else type(getattr(self, table))
            if key not in model.model_fields:  # `[transistor] in the config`: not a key, left as written
                return found[0]
            return f"[{self.table(table, key)}]{found['sep']}{key}"

        message = _TABLE_KEY.sub(place, message)
        return message.replace("edtfeed.toml", self.config_file) if self.config_file != "edtfeed.toml" else message

    @property
    def audio_language(self) -> str:
        """The language spoken in the show's audio: `[show] audio_language`, else the old `[chapters]` key (which
        `[show] audio_language` overrides), else `[show] default_language`."""
        return (self.show.audio_language or self.chapters.audio_language or self.show.default_language).lower()

    def spoken_choice(self, lang: str) -> SpokenChoice | None:
        """What `lang`'s feed does when its audio is not in its notes' language; None while not chosen."""
        override = self.show.languages.get(lang)
        return override.spoken if override else None

    def replaced_feed(self, lang: str) -> str | None:
        """The hosted feed that `lang`'s feed succeeds (`[show.languages.<lang>] replaces`), if any."""
        override = self.show.languages.get(lang)
        return override.replaces if override else None

    def feed_url(self, lang: str) -> str:
        """The public URL of a language's feed (atom:link rel=self, podcast:guid)."""
        return f"{self.show.base_url}/{lang}/feed.xml"

    def page_url(self, lang: str) -> str:
        """The public URL of a language's HTML page (`<out>/<lang>/index.html`, served as the folder)."""
        return f"{self.show.base_url}/{lang}/"
