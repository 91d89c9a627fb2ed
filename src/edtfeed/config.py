"""edtfeed.toml: the show's settings, validated at the boundary so every later step can trust them."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from edtfeed.errors import ConfigError

DEFAULT_CONFIG = "edtfeed.toml"
CONFIG_ENV = "EDTFEED_CONFIG"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LanguageOverride(_Strict):
    """Per-language overrides of the show's text fields."""

    title: str | None = None
    description: str | None = None
    link: str | None = None
    image: str | None = None


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
    languages: dict[str, LanguageOverride] = {}

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
        if not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an absolute http(s) URL")
        return value.rstrip("/") if value.endswith("/") else value

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
        """The title/description/link/image a language's feed uses: its override, else the show's."""
        override = self.languages.get(lang, LanguageOverride())
        return LanguageOverride(
            title=override.title or self.title,
            description=override.description or self.description,
            link=override.link or self.link,
            image=override.image or self.image,
        )


class EpisodesConfig(_Strict):
    dir: str = "episodes"
    exclude: list[str] = []
    link: str | None = None  # episode page URL template, e.g. "https://example.org/{lang}/{permalink}"


DEFAULT_API_URL = "https://api.transistor.fm/v1"


class TransistorConfig(_Strict):
    """Where audio metadata comes from: the public feed, else the API (key from TRANSISTOR_API_KEY only)."""

    feed_url: str | None = None
    lock: str = "edtfeed.lock"
    show_id: str | None = None  # numeric id or slug; enables the API when TRANSISTOR_API_KEY is set
    api_url: str = DEFAULT_API_URL
    timeout: float = Field(default=30.0, gt=0, le=600)  # seconds per HTTP request
    page_size: int = Field(default=100, ge=1, le=1000)  # episodes per API list page (pagination[per])

    @field_validator("feed_url", "api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an absolute http(s) URL")
        return value

    @field_validator("api_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")


class OutputConfig(_Strict):
    dir: str = "feeds"


class Config(_Strict):
    show: ShowConfig
    episodes: EpisodesConfig = EpisodesConfig()
    transistor: TransistorConfig = TransistorConfig()
    output: OutputConfig = OutputConfig()
    root: Path = Path(".")  # the folder holding edtfeed.toml; relative paths resolve against it

    @property
    def episodes_dir(self) -> Path:
        return self.root / self.episodes.dir

    @property
    def output_dir(self) -> Path:
        return self.root / self.output.dir

    @property
    def lock_path(self) -> Path:
        return self.root / self.transistor.lock

    def feed_url(self, lang: str) -> str:
        """The public URL of a language's feed (atom:link rel=self, podcast:guid)."""
        return f"{self.show.base_url}/{lang}/feed.xml"


def config_path(explicit: str | None) -> Path:
    """--config, else $EDTFEED_CONFIG, else ./edtfeed.toml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(path: Path) -> Config:
    """Read and validate edtfeed.toml; every error names the file and the offending key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (create it, or pass --config / set {CONFIG_ENV})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    try:
        return Config.model_validate({**raw, "root": path.parent})
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key (check the spelling against the README's config reference)"
            lines.append(f"{path}: [{key}] {msg}")
        raise ConfigError("\n".join(lines)) from None
