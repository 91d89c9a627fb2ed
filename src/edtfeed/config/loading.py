"""Reading edtfeed.toml: the file found, parsed, validated, and every mistake explained at its line."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from edtfeed.config.path import CONFIG_ENV, DEFAULT_CONFIG, searched_folders
from edtfeed.config.schema import Config
from edtfeed.constants import CONFIG_DOCS
from edtfeed.errors import ConfigError
from edtfeed.keylines import key_lines

SHOWS_KEY = "shows"  # a config with [shows.NAME] tables: see edtfeed.config.shows


def _missing(path: Path) -> str:
    """What to do when there is no config: which folders were searched, and `edtfeed init`."""
    if path.name != DEFAULT_CONFIG or path.parent not in (Path("."), Path.cwd()):
        return f"{path}: config file not found (check --config or {CONFIG_ENV}, or run `edtfeed init` to write one)"
    folders = searched_folders(Path.cwd())
    where = (f"in {folders[0]} nor in its parents up to the repository root {folders[-1]}" if len(folders) > 1
             else f"in {folders[0]}")
    return (f"no {DEFAULT_CONFIG} {where}: run `edtfeed init` in the site's folder to write one for a Jekyll "
            f"podcast site, or pass --config FILE (or set {CONFIG_ENV})")


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(_missing(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: Path) -> Config:
    """Read and validate edtfeed.toml; every error names the file and the offending key."""
    raw = read_toml(path)
    if SHOWS_KEY in raw:
        names = ", ".join(sorted(raw[SHOWS_KEY])) if isinstance(raw[SHOWS_KEY], dict) else ""
        raise ConfigError(f"{path}: the config has several shows ({names}); choose one with --show NAME")
    try:
        return Config.model_validate({**raw, "root": path.parent, "show_name": "", "config_file": path.name})
    except ValidationError as exc:
        raise ConfigError("\n".join(explain(exc, path, key_lines(path.read_text(encoding="utf-8"), "toml")))) from None


RUN_FIELDS = ("root", "show_name", "config_file", "inherited")  # set by the loader, not keys of the file

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
    return [name for name in model.model_fields if name not in RUN_FIELDS]


def explain(exc: ValidationError, path: Path, lines: dict[tuple[str, ...], int],
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
                   else f"unknown key; check its spelling against {CONFIG_DOCS}")
        elif err["type"] == "missing" and str(loc[-1]) in _WHY_REQUIRED:
            msg = f"Field required: {_WHY_REQUIRED[str(loc[-1])]}"
        line = lines.get(tuple(str(part) for part in loc)) or lines.get(tuple(str(part) for part in loc[:-1]))
        out.append((line or 0, f"{path}:{line}: [{key}] {msg}" if line else f"{path}: [{key}] {msg}"))
    return [message for _line, message in sorted(out, key=lambda item: item[0])]
