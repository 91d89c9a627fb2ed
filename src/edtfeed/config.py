"""edtfeed.toml: the show's settings, validated at the boundary so every later step can trust them."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import uuid
from pathlib import Path
from collections.abc import Callable
from typing import Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from edtfeed.errors import ConfigError

DEFAULT_CONFIG = "edtfeed.toml"
# The owner email every feed carries (<itunes:owner>, podcast:locked owner): the same pattern as the validator's
# spotify.owner-email rule, so a value that would fail every feed stops the run before anything is written.
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
CONFIG_ENV = "EDTFEED_CONFIG"


def _optional_http_url(value: str | None) -> str | None:
    """A URL setting that must be absolute http(s) when given."""
    return None if value is None else _check_http_url(value)


SpokenChoice = Literal["declare", "block", "notes"]
# A language code as records and feeds use it (ISO 639 letters, an optional region): `en`, `pt-br`.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def _language_code(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().lower().replace("_", "-")
    if not LANGUAGE_CODE.match(code):
        raise ValueError(f"{value!r} is not a language code such as 'en' or 'pt-br'")
    return code


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _listen_urls(value: dict[str, str] | None) -> dict[str, str] | None:
    for name, url in (value or {}).items():
        if not url.startswith("https://"):
            raise ValueError(f"listening link {name!r}: {url!r} is not an https URL")
    return value


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

    _listen = field_validator("listen")(_listen_urls)

    _replaces = field_validator("replaces")(_optional_http_url)


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

    _listen = field_validator("listen")(_listen_urls)
    _audio_language = field_validator("audio_language")(_language_code)

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
    link: str | None = None  # episode page URL template, e.g. "https://example.org/{lang}/{permalink}"
    # Where a record's relative `image`/`img` is served: `{dir}` is the record's folder relative to `dir`,
    # `{file}` the front matter value. Without it, only absolute image URLs reach the feed.
    image_url: str | None = None

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


class PublishConfig(_Strict):
    """Telling directories about changes: WebSub hub and Podping (see edtfeed.runner.notify)."""

    websub_hub: str | None = None  # adds <atom:link rel="hub">; each changed feed URL is POSTed to it
    podping: bool = False  # declares <podcast:podping usesPodping="true"/>; pings need $PODPING_TOKEN
    podping_url: str = "https://podping.cloud/"  # overridable for tests and self-hosted podping servers

    _http_urls = field_validator("websub_hub", "podping_url")(_optional_http_url)


class Config(_Strict):
    show: ShowConfig
    episodes: EpisodesConfig = EpisodesConfig()
    transistor: TransistorConfig = TransistorConfig()
    output: OutputConfig = OutputConfig()
    publish: PublishConfig = PublishConfig()
    chapters: ChaptersConfig = ChaptersConfig()
    root: Path = Path(".")  # the folder holding edtfeed.toml; relative paths resolve against it
    show_name: str = ""  # NAME of its [shows.NAME] table in a config with several shows; "" for a single [show]

    @property
    def episodes_dir(self) -> Path:
        return self.root / self.episodes.dir

    @property
    def output_dir(self) -> Path:
        return self.root / self.output.dir

    @property
    def lock_path(self) -> Path:
        return self.root / self.transistor.lock

    def show_table(self, key: str) -> str:
        """Where a show key is set in the file, for messages: `show.KEY`, or `shows.NAME.KEY` for one of several."""
        return f"shows.{self.show_name}.{key}" if self.show_name else f"show.{key}"

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


def config_path(explicit: str | None) -> Path:
    """--config, else $EDTFEED_CONFIG, else ./edtfeed.toml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (create it, or pass --config / set {CONFIG_ENV})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: Path) -> Config:
    """Read and validate edtfeed.toml; every error names the file and the offending key."""
    raw = _read_toml(path)
    if SHOWS_KEY in raw:
        names = ", ".join(sorted(raw[SHOWS_KEY])) if isinstance(raw[SHOWS_KEY], dict) else ""
        raise ConfigError(f"{path}: the config has several shows ({names}); choose one with --show NAME")
    try:
        return Config.model_validate({**raw, "root": path.parent, "show_name": ""})
    except ValidationError as exc:
        raise ConfigError("\n".join(_explain(exc, path, _key_lines(path.read_text(encoding="utf-8"))))) from None


# Why a key without a default must be set: said with the error, so the fix is not a guess.
_WHY_REQUIRED = {
    "title": "the podcast's name in every directory",
    "description": "Apple and Spotify show it on the podcast's page and reject a feed without one",
    "author": "the publisher's name, shown under the title (itunes:author)",
    "email": "Apple and Spotify verify that the show is yours by a code sent to the owner email (itunes:owner)",
    "image": "Apple requires square cover art of 1400 to 3000 pixels, as an absolute URL",
    "link": "the show's home page, linked from every directory",
    "categories": "Apple files the show under its categories and rejects a feed without one",
    "base_url": "each feed names its own public URL (atom:link rel=self); directories follow it when it moves",
    "show": "the show's title, description, owner and art",
}


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of every table and key in a TOML text: `[show]` + `autor = …` -> {("show", "autor"): 5}."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", stripped)
        key = re.match(r"^([A-Za-z0-9_\-\"'. ]+?)\s*=", stripped)
        if header:
            table = tuple(part.strip().strip("\"'") for part in header.group(1).split("."))
            lines.setdefault(table, number)
        elif key:
            lines.setdefault(table + tuple(part.strip().strip("\"'") for part in key.group(1).split(".")), number)
    return lines


def _fields_at(loc: tuple[str | int, ...]) -> list[str]:
    """The key names the model at `loc` accepts (loc of a table, e.g. ("show", "languages", "es"))."""
    model: type[BaseModel] = Config
    key_of_dict = False
    for part in loc:
        if key_of_dict:  # a language code or list index: the value model stays
            key_of_dict = False
            continue
        info = model.model_fields.get(part) if isinstance(part, str) else None
        if info is None:
            return []
        annotation, args = info.annotation, get_args(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        elif args and isinstance(args[-1], type) and issubclass(args[-1], BaseModel):
            model, key_of_dict = args[-1], True  # dict[str, Model] / list[Model]
        else:
            return []
    return [name for name in model.model_fields if name not in ("root", "show_name")]


def _explain(exc: ValidationError, path: Path, lines: dict[tuple[str, ...], int],
             where: Callable[[tuple[str | int, ...]], tuple[str | int, ...]] = lambda loc: loc) -> list[str]:
    """One message per mistake: a misspelt key says what it was meant to be, and is not also reported missing.

    `where` maps a key's place in the Config model to its place in the file (a show of several: see load_shows)."""
    errors = exc.errors()
    unknown = [tuple(err["loc"]) for err in errors if err["type"] == "extra_forbidden"]
    meant: dict[tuple[str | int, ...], str] = {}
    for loc in unknown:
        match = difflib.get_close_matches(str(loc[-1]), _fields_at(loc[:-1]), n=1, cutoff=0.6)
        if match:
            meant[loc] = match[0]
    misspelt_missing = {loc[:-1] + (name,) for loc, name in meant.items()}
    out: list[tuple[int, str]] = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in misspelt_missing:
            continue
        model_loc, loc = loc, where(loc)
        key = ".".join(str(part) for part in loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = (f"unknown key; did you mean `{meant[model_loc]}`?" if model_loc in meant
                   else "unknown key (check the spelling against the README's config reference)")
        elif err["type"] == "missing" and str(loc[-1]) in _WHY_REQUIRED:
            msg = f"Field required: {_WHY_REQUIRED[str(loc[-1])]}"
        line = lines.get(tuple(str(part) for part in loc)) or lines.get(tuple(str(part) for part in loc[:-1]))
        out.append((line or 0, f"{path}:{line}: [{key}] {msg}" if line else f"{path}: [{key}] {msg}"))
    return [message for _line, message in sorted(out, key=lambda item: item[0])]


# -- Several shows in one config ----------------------------------------------------------------------------------
# A site often has more than one podcast (the episodes, a weekly news brief): each is its own podcast with its own
# Transistor feed, lock and feeds folder, but they share the owner, the art and most settings. A config with
# `[shows.NAME]` tables describes them all: a show table takes every `[show]` key plus its own `episodes`,
# `transistor`, `output`, `chapters` and `publish` tables, and what it leaves out comes from the top-level tables of
# those names, shared by every show. A config without `[shows]` is the single show it always was.

SHOWS_KEY = "shows"
SHOW_TABLES = ("episodes", "transistor", "output", "chapters", "publish")  # the tables a show may have of its own
_SHOW_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# What two shows must never share: one show's ledger (in its lock) must never decide another's items, and each
# feed has its own folder and public URL.
_UNIQUE = (("transistor", "lock", "lock file", "it keeps the show's pinned audio and the ledger of its published "
            "guids, which must never mix with another show's"),
           ("output", "dir", "output dir", "each show's feeds are written to a folder of their own"),
           ("show", "base_url", "base_url", "each feed's public URL must be its own"))


def _merge(shared: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """`own` over `shared`, table by table (a list or value replaces the shared one)."""
    merged = dict(shared)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _show_data(shared: dict[str, Any], table: dict[str, Any]) -> dict[str, Any]:
    """One show's config in the single-show shape: its [show] keys and tables over the shared ones."""
    own_show = {key: value for key, value in table.items() if key not in SHOW_TABLES}
    data: dict[str, Any] = {"show": _merge(shared.get("show", {}), own_show)}
    for name in SHOW_TABLES:
        if name in shared or name in table:
            data[name] = _merge(shared.get(name, {}), table.get(name, {}))
    return data


def _place(name: str, shared: dict[str, Any], table: dict[str, Any]) -> Callable[
        [tuple[str | int, ...]], tuple[str | int, ...]]:
    """Where a key of show `name` is in the file: its own table when set there, else the shared table that set it,
    else (a missing key) the show's own table, where it belongs."""

    def where(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
        if not loc or loc[0] not in ("show", *SHOW_TABLES) or len(loc) < 2:
            return (SHOWS_KEY, name, *loc)
        head, key, rest = loc[0], loc[1], loc[2:]
        own = table if head == "show" else table.get(str(head), {})
        own_loc = (SHOWS_KEY, name, key) if head == "show" else (SHOWS_KEY, name, head, key)
        if key not in own and key in shared.get(str(head), {}):
            return (head, key, *rest)
        return (*own_loc, *rest)

    return where


def load_shows(path: Path, only: str | None = None) -> dict[str, Config]:
    """Every show of the config by name (a config without [shows] is one show named ""), or just `only`.

    Mistakes in several shows are reported once each, with their lines; two shows sharing a lock file, an output
    folder or a base_url is an error, since one show's ledger must never affect another's feeds."""
    raw = _read_toml(path)
    if SHOWS_KEY not in raw:
        if only is not None:
            raise ConfigError(f"{path}: --show {only}: this config has a single show ([show]); --show chooses "
                              "among [shows.NAME] tables")
        return {"": load_config(path)}
    text = path.read_text(encoding="utf-8")
    lines = _key_lines(text)
    tables = raw[SHOWS_KEY]
    problems: list[str] = []
    unknown = sorted(set(raw) - {SHOWS_KEY, "show", *SHOW_TABLES})
    for key in unknown:
        line = lines.get((key,))
        match = difflib.get_close_matches(key, [SHOWS_KEY, "show", *SHOW_TABLES], n=1, cutoff=0.6)
        hint = f"did you mean `{match[0]}`?" if match else f"a show's settings go in [{SHOWS_KEY}.NAME]"
        problems.append(f"{path}:{line}: [{key}] unknown key; {hint}" if line
                        else f"{path}: [{key}] unknown key; {hint}")
    if not isinstance(tables, dict) or not tables or not all(isinstance(t, dict) for t in tables.values()):
        raise ConfigError(f"{path}: [{SHOWS_KEY}] must hold one table per show, e.g. [{SHOWS_KEY}.episodes] with "
                          "its title, description and base_url")
    for name in tables:
        if not _SHOW_NAME.match(name):
            problems.append(f"{path}:{lines.get((SHOWS_KEY, name))}: [{SHOWS_KEY}.{name}] a show's name is letters, "
                            "digits, - and _ (it is what --show takes)")
    if only is not None and only not in tables:
        match = difflib.get_close_matches(only, list(tables), n=1, cutoff=0.6)
        raise ConfigError(f"{path}: --show {only}: no such show (the shows: {', '.join(tables)})"
                          + (f"; did you mean `{match[0]}`?" if match else ""))
    shared = {key: value for key, value in raw.items() if key in ("show", *SHOW_TABLES) and isinstance(value, dict)}
    shows: dict[str, Config] = {}
    for name, table in tables.items():
        try:
            shows[name] = Config.model_validate({**_show_data(shared, table), "root": path.parent, "show_name": name})
        except ValidationError as exc:
            problems += _explain(exc, path, lines, _place(name, shared, table))
    problems += _shared_paths(path, lines, shows, tables)
    if problems:
        unique = list(dict.fromkeys(problems))
        line_of = {message: int(m.group(1)) if (m := re.match(r".*?:(\d+): ", message)) else 0 for message in unique}
        raise ConfigError("\n".join(sorted(unique, key=lambda message: line_of[message])))
    return {only: shows[only]} if only is not None else shows


def _shared_paths(path: Path, lines: dict[tuple[str, ...], int], shows: dict[str, Config],
                  tables: dict[str, Any]) -> list[str]:
    """Two shows with the same lock file, output dir or base_url: one message per clash, at the later show."""
    problems = []
    for table, key, what, why in _UNIQUE:
        seen: dict[str, str] = {}
        for name, config in shows.items():
            value = getattr(getattr(config, table), key)
            place = str((config.root / value).resolve()) if table != "show" else value
            if place in seen:
                loc = (SHOWS_KEY, name, key) if table == "show" else (SHOWS_KEY, name, table, key)
                line = lines.get(loc) or lines.get((SHOWS_KEY, name, table)) or lines.get((SHOWS_KEY, name))
                own_table = tables[name] if table == "show" else tables[name].get(table, {})
                own = "" if key in own_table else " (by default)"
                problems.append(f"{path}:{line}: [{'.'.join(loc)}] {value!r}{own} is also the {what} of show "
                                f"`{seen[place]}`: {why}; give each show its own")
            seen.setdefault(place, name)
    return problems
