"""Several shows in one config: each `[shows.NAME]` table merged over the shared tables into one plain Config."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from edtfeed.config.loading import SHOWS_KEY, explain, load_config, read_toml
from edtfeed.config.schema import Config
from edtfeed.errors import ConfigError
from edtfeed.keylines import key_lines

# A site often has more than one podcast (the episodes, a weekly news brief): each is its own podcast with its own
# Transistor feed, lock and feeds folder, but they share the owner, the art and most settings. A config with
# `[shows.NAME]` tables describes them all: a show table takes every `[show]` key plus its own `episodes`,
# `transistor`, `output`, `chapters` and `publish` tables, and what it leaves out comes from the top-level tables of
# those names, shared by every show. A config without `[shows]` is the single show it always was.

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
    else (a missing key) the shared [show] for a show key (said once, set once for every show), or the show's own
    table."""

    def where(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
        if not loc or loc[0] not in ("show", *SHOW_TABLES) or len(loc) < 2:
            return (SHOWS_KEY, name, *loc)
        head, key, rest = loc[0], loc[1], loc[2:]
        own = table if head == "show" else table.get(str(head), {})
        own_loc = (SHOWS_KEY, name, key) if head == "show" else (SHOWS_KEY, name, head, key)
        if key not in own and (key in shared.get(str(head), {}) or head == "show"):
            return (head, key, *rest)
        return (*own_loc, *rest)

    return where


def _own(table: dict[str, Any]) -> dict[str, Any]:
    """A show's own table in the single-show shape: {"show": its keys, "transistor": its table, …}."""
    return {"show": {k: v for k, v in table.items() if k not in SHOW_TABLES},
            **{name: table[name] for name in SHOW_TABLES if isinstance(table.get(name), dict)}}


def _inherited(shared: dict[str, Any], own: dict[str, Any], prefix: str = "") -> frozenset[str]:
    """The dotted keys and tables of the shared tables that a show does not set itself (`show.languages.de`,
    `transistor`): where messages tell the user to edit."""
    found: set[str] = set()
    for key, value in shared.items():
        if key in own and not (isinstance(value, dict) and isinstance(own[key], dict)):
            continue
        if key not in own:
            found.add(f"{prefix}{key}")
        if isinstance(value, dict):
            found |= _inherited(value, own.get(key, {}), f"{prefix}{key}.")
    return frozenset(found)


def load_shows(path: Path, only: str | None = None) -> dict[str, Config]:
    """Every show of the config by name (a config without [shows] is one show named ""), or just `only`.

    Mistakes in several shows are reported once each, with their lines; two shows sharing a lock file, an output
    folder or a base_url is an error, since one show's ledger must never affect another's feeds."""
    raw = read_toml(path)
    if SHOWS_KEY not in raw:
        if only is not None:
            raise ConfigError(f"{path}: --show {only}: this config has a single show ([show]); --show chooses "
                              "among [shows.NAME] tables")
        return {"": load_config(path)}
    text = path.read_text(encoding="utf-8")
    lines = key_lines(text, "toml")
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
            shows[name] = Config.model_validate({**_show_data(shared, table), "root": path.parent, "show_name": name,
                                                 "config_file": path.name,
                                                 "inherited": _inherited(shared, _own(table))})
        except ValidationError as exc:
            problems += explain(exc, path, lines, _place(name, shared, table))
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
