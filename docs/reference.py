"""The reference parts of the docs, generated from edtfeed itself when the site is built, so they cannot drift.

An mkdocs hook (mkdocs.yml `hooks:`): a page holding a marker such as `<!-- generated: config -->` gets the
markdown the matching generator writes in its place:

- `config`: every key of `edtfeed.config.Config`, walked recursively (types, defaults, bounds), each with its text
  from KEYS below; a key without a text, or a text for a key that no longer exists, fails the build;
- `commands`: every command of `edtfeed.cli.main`, from click's own usage and option help;
- `exit-codes`: every `EXIT_*` code of `edtfeed.errors`, with its meaning from EXIT_CODES;
- `rules`: the validation rule table (`edtfeed.validate.RULES`).

Only the public names above are imported, never module paths that may move, and nothing here is imported by
edtfeed: it is a build step of the docs (the `docs` extra), kept beside them.
"""

from __future__ import annotations

import html
import inspect
import re
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import annotated_types
import click
from pydantic import BaseModel
from pydantic.fields import FieldInfo

MARKER = re.compile(r"<!-- generated: ([a-z-]+) -->")
# What a dict's keys stand for in a key path ([show.languages.<lang>]).
DICT_KEY = {"show.languages": "<lang>"}

# The text of every key, by its path in edtfeed.toml (`<lang>` for a language code, `[]` for each entry of a list).
KEYS: dict[str, str] = {
    "show.title": "The podcast's name, shown in every directory.",
    "show.description": "What the show is about. Apple and Spotify show it on the podcast's page and refuse a feed "
                        "without one.",
    "show.author": "The publisher's name, shown under the title (Spotify requires it).",
    "show.email": "The owner's email address. Apple and Spotify send a code to it to confirm that the show is "
                  "yours; it must be a real address such as `name@example.org`.",
    "show.image": "The cover art: a square JPEG or PNG of 1400 to 3000 pixels, as a full `https://` URL ending in "
                  "`.jpg`, `.jpeg` or `.png`.",
    "show.link": "The show's website.",
    "show.categories": "Apple Podcasts categories, from Apple's list, as `\"Category\"` or "
                       "`\"Category/Subcategory\"` (for example `[\"Technology\", \"Business/Management\"]`).",
    "show.explicit": "Whether the show contains explicit content.",
    "show.base_url": "The public address where the feeds folder is served: each feed is at "
                     "`<base_url>/<lang>/feed.xml` and its page at `<base_url>/<lang>/`.",
    "show.timezone": "The time zone of record dates written without one, as a name such as `Europe/Berlin` or "
                     "`America/Los_Angeles`.",
    "show.default_language": "The language of records that set no `lang` and are not in a language folder.",
    "show.type": "`episodic` (newest first; most shows) or `serial` (listened to in order, every episode "
                 "numbered).",
    "show.copyright": "A copyright line for the feeds.",
    "show.locked": "Asks other podcast hosts not to import the show (`podcast:locked`), so nobody else can move "
                   "it away from you.",
    "show.listen": "Where to listen, shown on the show pages: a name and an `https://` link each, for example "
                   "`\"Apple Podcasts\" = \"https://podcasts.apple.com/…\"`. Used by every language that has no "
                   "`listen` of its own.",
    "show.languages": "Settings for one language's feed, under `[show.languages.<lang>]` (for example "
                      "`[show.languages.es]`). Each language's feed is a podcast of its own.",
    "show.hosts": "The show's hosts, listed on the show and on episodes with guests. Each is a name "
                  "(`hosts = [\"Dana Example\"]`) or a table with a name, a page and a picture "
                  "(`{name = \"…\", href = \"https://…\", img = \"https://…\"}`).",
    "show.audio_language": "The language spoken in the show's audio, if it is not `default_language`. See "
                           "[Languages](languages.md).",
    "show.prefixes": "Analytics prefixes put in front of every episode's audio address, first listed first, after "
                     "removing the host's own; `{podcast_guid}` is each feed's id and `{lang}` its language, for "
                     "example `[\"https://op3.dev/e,pg={podcast_guid}/\"]` counts downloads per language. Left out: "
                     "the host's addresses as they are. See [A show in several languages](multilingual.md).",
    "show.txt": "Ownership tokens for Apple Podcasts Connect and Podcast Index (`podcast:txt`), by purpose: "
                "`{applepodcastsverify = \"…\"}`.",
    "show.funding.url": "Where listeners support the show (`https://…`): a link apps show beside it "
                        "(`podcast:funding`).",
    "show.funding.text": "The link's text, at most 128 characters.",
    "show.podroll": "Recommend the show's other language feeds in every feed (`podcast:podroll`).",
    "show.update_frequency": "How often episodes come out, as a rule such as `FREQ=WEEKLY` "
                             "(`podcast:updateFrequency`). Left out: read from the dates of the newest episodes.",
    "show.languages.<lang>.prefixes": "This feed's own analytics prefixes (they replace `[show] prefixes`).",
    "show.languages.<lang>.txt": "This feed's ownership tokens; they replace the show's of the same purpose.",
    "show.languages.<lang>.funding.url": "Where listeners of this language support the show.",
    "show.languages.<lang>.funding.text": "The link's text in this language.",
    "show.languages.<lang>.update_frequency": "This feed's schedule, when it differs from the show's.",
    "show.languages.<lang>.title": "This language's title of the show (default: `[show] title`).",
    "show.languages.<lang>.description": "This language's description of the show.",
    "show.languages.<lang>.link": "This language's website.",
    "show.languages.<lang>.image": "This language's cover art.",
    "show.languages.<lang>.listen": "This language's listening links. They replace `[show] listen`: in Apple "
                                    "Podcasts and Spotify each language is a show of its own.",
    "show.languages.<lang>.replaces": "The hosted feed this language's feed takes over, for example your "
                                      "Transistor feed. See [Moving from Transistor](transistor.md).",
    "show.languages.<lang>.podcast_guid": "The show's Podcast Index id (`podcast:guid`), only when you need to "
                                          "set it by hand while moving from another host.",
    "show.languages.<lang>.spoken": "What this feed says about its language when its audio is in another "
                                    "language than its text: `declare` the audio's language, `block` the feed "
                                    "from directories, or keep the `notes` language. See "
                                    "[Languages](languages.md).",
    "show.hosts[].name": "The host's name.",
    "show.hosts[].href": "A page about the host (`https://…`).",
    "show.hosts[].img": "A picture of the host (`https://…`).",
    "episodes.dir": "The folder holding the episode records, searched with its subfolders for `*.md` files.",
    "episodes.exclude": "Files to leave out, as patterns relative to `dir`: `*` matches within one folder, `**` "
                        "across folders (for example `[\"index.md\", \"drafts/**\"]`).",
    "episodes.link": "The address of an episode's web page, with `{permalink}` and `{lang}` filled in (for "
                     "example `https://example.org/{lang}/{permalink}`). Default: the show's `link` followed by "
                     "the record's permalink.",
    "episodes.image_url": "Where the images that records name by file (`image: thumbnail.png`) are online, with "
                          "`{dir}` (the record's folder inside `dir`) and `{file}` (the name) filled in, for "
                          "example `https://example.org/{dir}/{file}`. Without it only full image URLs are used.",
    "episodes.future_days": "A record dated more than this many days after today gets a warning naming it and its "
                            "date: usually a typo such as 2204 for 2024. Raise it for episodes scheduled further "
                            "ahead.",
    "episodes.max_record_mib": "The largest episode file read, in MiB (default 32). Pictures pasted into the notes "
                               "make real records several megabytes (edtfeed writes them out as image files); "
                               "a file over the bound is reported, not read.",
    "chapters.levels": "The heading levels that start a chapter (`2` is `## Heading`).",
    "chapters.estimate": "Estimate the start of chapters whose time nothing gives. With `false`, such headings "
                         "are not chapters.",
    "chapters.opening": "The title of the chapter at 0:00: the episode's `title`, or `introduction` (the word in "
                        "the feed's language).",
    "chapters.audio_language": "The old place of `[show] audio_language`. It still works, with a warning: move "
                               "the line to `[show]`.",
    "transistor.feed_url": "The show's public RSS feed on Transistor (in Transistor: Distribution > RSS feed). "
                           "The audio of every episode is looked up in it.",
    "transistor.lock": "The lock file, where the audio details of every episode and every published episode id "
                       "are kept. Commit it with the feeds.",
    "transistor.show_id": "The show's id on Transistor. With it and the `TRANSISTOR_API_KEY` environment variable, "
                          "episodes are also looked up through Transistor's API (see [Moving from "
                          "Transistor](transistor.md)).",
    "transistor.api_url": "The address of Transistor's API; change it only for a test server.",
    "transistor.timeout": "Seconds to wait for each answer from Transistor before trying again.",
    "transistor.deadline": "Seconds one request to Transistor may take in all; a host that sends too slowly is "
                           "given up on.",
    "transistor.run_deadline": "Seconds all the requests of one run to Transistor may take together (the feed, "
                               "every audio size and every transcript), so a very slow host cannot hold a run: "
                               "what is not reached waits for the next run. See [Slow hosts](transistor.md#slow-hosts).",
    "transistor.max_body_mb": "The largest answer (in MB) accepted from Transistor; raise it only for a very "
                              "large feed. It never limits the size of the audio, which is never downloaded.",
    "transistor.page_size": "Episodes asked for per page of the API.",
    "output.dir": "The folder the feeds and show pages are written to.",
    "output.max_notes_bytes": "A limit on each episode's show notes in the feeds, in bytes. Longer notes end at a "
                              "paragraph with a link to the episode's page; no episode is left out and the "
                              "episodes' own pages keep the full notes. Useful when a feed grows over 5 MB.",
    "output.templates": "A folder of your own page templates, relative to the config file: a file there replaces "
                        "the shipped template of the same name (see [Show pages](pages.md#your-own-templates)).",
    "publish.websub_hub": "A WebSub hub (for example `https://pubsubhubbub.appspot.com/`) told about every feed "
                          "that changed, so apps that listen to it update within minutes.",
    "publish.podping": "Announce changed feeds through Podping. Set the `PODPING_TOKEN` environment variable too.",
    "publish.podping_url": "The Podping server; change it only for your own server.",
}

# The meaning of every exit code of edtfeed.errors, by its name there.
EXIT_CODES: dict[str, str] = {
    "EXIT_OK": "Everything was published. Warnings (an episode kept from the previous feed, a directory that "
               "could not be told about the change) do not change it.",
    "EXIT_PROBLEMS": "Some episodes could not be published (a broken record, audio that could not be looked up, "
                     "a feed that breaks a rule); everything else was written, and episodes published before "
                     "stay in their feeds. For `validate`: a rule failed. Fix what the messages name and run "
                     "again.",
    "EXIT_USAGE": "A mistake in the command or in `edtfeed.toml`, or a damaged lock file. Nothing was written.",
    "EXIT_REFUSED": "A published episode would have disappeared from a feed (it can neither be built nor copied "
                    "from the previous feed file), so that feed was left as it was. Restore the record or the "
                    "feed file, or remove the episode on purpose with `publish --remove`.",
    "EXIT_SYSTEM": "The computer refused: the disk is full, the folder is read-only or not yours to write, a file "
                   "stands where a folder belongs, or a name is too long. The message says what, where and what "
                   "to do. Files already written are whole and the lock file was not saved: fix it and run again. "
                   "(A build cache that cannot be used is only a warning.)",
    "EXIT_BUSY": "Another edtfeed run was working on the same project (an hourly run and a push, or `serve "
                 "--watch`), and did not finish within `EDTFEED_LOCK_WAIT` seconds (default 120). The message "
                 "names it. Nothing was written: run again when it is done.",
    "EXIT_INTERRUPTED": "Stopped with Ctrl+C. Files already written are whole and the lock is saved whole or not "
                        "at all: run again to finish.",
    "EXIT_TERMINATED": "Stopped by SIGTERM (a CI job cancelled, a machine shutting down): as for Ctrl+C.",
}


# -- the configuration -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Key:
    """One key of edtfeed.toml as the model declares it."""

    path: str  # show.languages.<lang>.spoken
    table: str  # show.languages.<lang>
    name: str  # spoken
    kind: str  # what to write: "text", "true or false", "one of …"
    default: str  # "required", "optional" or "default: `…`"


def config_keys() -> list[Key]:
    """Every key of the config model, tables before their keys' tables, in the model's order."""
    from edtfeed.config import RUN_FIELDS, Config

    return list(_walk(Config, "", frozenset(RUN_FIELDS)))


def _walk(model: type[BaseModel], table: str, loader_fields: frozenset[str] = frozenset()) -> Iterator[Key]:
    """`loader_fields`: fields of the model set by the loader, not written in edtfeed.toml."""
    nested: list[tuple[type[BaseModel], str]] = []
    for name, info in model.model_fields.items():
        if name in loader_fields:
            continue
        path = f"{table}.{name}" if table else name
        annotation = _without_none(info.annotation)
        inner = _model_in(annotation)
        if inner is not None and _is_model(annotation):  # a table of its own: [show], [episodes], …
            nested.append((inner, path))
            continue
        yield Key(path, table, name, _kind(annotation, info), _default(info))
        if inner is not None:  # a table per language, a list of tables
            nested.append((inner, f"{path}.{DICT_KEY.get(path, '<name>')}" if _origin(annotation) is dict
                           else f"{path}[]"))
    for inner, path in nested:
        yield from _walk(inner, path)


def _origin(annotation: object) -> object:
    return typing.get_origin(annotation)


def _without_none(annotation: object) -> object:
    """`X | None` -> X."""
    if _origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_model(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model of a table (`ShowConfig`), or of a dict's values or a list's entries."""
    if _is_model(annotation):
        return typing.cast(type[BaseModel], annotation)
    args = typing.get_args(annotation)
    return typing.cast(type[BaseModel], args[-1]) if args and _is_model(args[-1]) else None


def _kind(annotation: object, info: FieldInfo) -> str:
    bounds = _bounds(info)
    return _type_name(annotation) + (f" ({bounds})" if bounds else "")


def _type_name(annotation: object) -> str:
    origin, args = _origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{arg}`" for arg in args)
    if origin is list:
        return "list of tables or names" if _is_model(args[0]) else f"list of {_plural(_type_name(args[0]))}"
    if origin is dict:
        return "tables, one per language" if _is_model(args[1]) else "table of names and values"
    names = {str: "text", bool: "`true` or `false`", int: "whole number", float: "number",
             uuid.UUID: "UUID"}
    if annotation in names:
        return names[typing.cast(type, annotation)]
    raise TypeError(f"no docs name for the config type {annotation!r}: add it to docs/reference.py")


def _plural(name: str) -> str:
    return {"whole number": "whole numbers"}.get(name, name)


def _bounds(info: FieldInfo) -> str:
    """The limits pydantic checks (`ge=1, le=1000`) in words."""
    low = high = None
    words = ""
    for item in info.metadata:
        if isinstance(item, (annotated_types.Ge, annotated_types.Gt)):
            low, words = (item.ge, "from") if isinstance(item, annotated_types.Ge) else (item.gt, "over")
        elif isinstance(item, annotated_types.Le):
            high = item.le
        elif isinstance(item, annotated_types.MinLen) and item.min_length == 1:
            return "at least one"
    if low is not None and high is not None:
        return f"{words} {_number(low)} to {_number(high)}"
    return ""


def _number(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    value = info.get_default(call_default_factory=True)
    if value is None or value == {} or value == []:
        return "optional"
    if isinstance(value, bool):
        shown = str(value).lower()
    elif isinstance(value, str):
        shown = f'"{value}"'
    elif isinstance(value, float) and value.is_integer():
        shown = str(int(value))
    else:
        shown = str(value)
    return f"default: `{shown}`"


def description_problems() -> list[str]:
    """Keys of the model without a text in KEYS, and texts in KEYS for keys the model no longer has."""
    paths = {key.path for key in config_keys()}
    return ([f"{path}: no description in KEYS (docs/reference.py)" for path in sorted(paths - set(KEYS))]
            + [f"{path}: described in KEYS (docs/reference.py) but not a key of the config"
               for path in sorted(set(KEYS) - paths)])


def key_anchor(path: str) -> str:
    """The id of a key's heading: `show.languages.<lang>.spoken` -> `show.languages.lang.spoken`."""
    return path.replace("<", "").replace(">", "").replace("[]", "")


def config_reference() -> str:
    problems = description_problems()
    if problems:
        raise ValueError("the configuration reference is out of date:\n" + "\n".join(problems))
    out: list[str] = []
    table = None
    for key in config_keys():
        if key.table != table:
            table = key.table
            heading = f"[[{table[:-2]}]]" if table.endswith("[]") else f"[{table}]"  # TOML's array of tables
            out.append(f"## `{heading}` {{ #{key_anchor(table)} }}\n")
        out.append(f"### {key.name} {{ #{key_anchor(key.path)} data-toc-label=\"{key.name}\" }}\n")
        out.append(f"`{key.path}` · {key.kind} · {key.default}\n")
        out.append(f"{KEYS[key.path]}\n")
    return "\n".join(out)


# -- the commands ------------------------------------------------------------------------------------------------

def commands() -> list[tuple[str, click.Command, click.Context]]:
    """Every command under `edtfeed` (and under its groups), with a context that names it as typed."""
    from edtfeed.cli import main

    root = click.Context(main, info_name="edtfeed")
    found: list[tuple[str, click.Command, click.Context]] = [("edtfeed", main, root)]

    def walk(group: click.Group, parent: click.Context) -> None:
        for name in group.list_commands(parent):
            command = group.get_command(parent, name)
            if command is None or command.hidden:
                continue
            ctx = click.Context(command, info_name=name, parent=parent)
            found.append((ctx.command_path, command, ctx))
            if isinstance(command, click.Group):
                walk(command, ctx)

    walk(main, root)
    return found


def commands_reference() -> str:
    out: list[str] = []
    for path, command, ctx in commands():
        anchor = path.removeprefix("edtfeed").strip().replace(" ", "-") or "edtfeed"
        out.append(f"## {path} {{ #{anchor} }}\n")
        out.append(f"```text\n{path} {' '.join(command.collect_usage_pieces(ctx))}\n```\n")
        out.extend(f"{_text(paragraph)}\n" for paragraph in _paragraphs(command.help or ""))
        rows = [record for param in command.get_params(ctx)  # arguments are in the usage line
                if isinstance(param, click.Option) and (record := param.get_help_record(ctx))]
        if rows:
            out.append("| option | what it does |\n|---|---|")
            out.extend(f"| `{flags}` | {_text(help_text)} |" for flags, help_text in rows)
            out.append("")
    return "\n".join(out)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in inspect.cleandoc(text).split("\n\n") if part.strip()]


def _text(text: str) -> str:
    """Plain text as markdown: `code` kept, everything else shown as written (`<lang>`, `*.xml`, `a|b`)."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(part if part.startswith("`") else re.sub(r"([\\*_\[\]|])", r"\\\1", html.escape(part, quote=False))
                   for part in parts)


# -- exit codes and rules ----------------------------------------------------------------------------------------

def exit_codes() -> dict[str, int]:
    from edtfeed import errors

    return {name: value for name, value in vars(errors).items() if name.startswith("EXIT_") and isinstance(value, int)}


def exit_codes_reference() -> str:
    codes = exit_codes()
    problems = ([f"{name}: no meaning in EXIT_CODES (docs/reference.py)"
                 for name in sorted(set(codes) - set(EXIT_CODES))]
                + [f"{name}: in EXIT_CODES (docs/reference.py) but not an exit code of edtfeed.errors"
                   for name in sorted(set(EXIT_CODES) - set(codes))])
    if problems:
        raise ValueError("the exit codes page is out of date:\n" + "\n".join(problems))
    rows = [f"| {value} | {EXIT_CODES[name]} |" for name, value in sorted(codes.items(), key=lambda item: item[1])]
    return "\n".join(["| exit code | meaning |", "|---|---|", *rows, ""])


def rules_reference() -> str:
    from edtfeed.validate import RULES

    out: list[str] = []
    for platform in dict.fromkeys(rule.platform for rule in RULES):
        out.append(f"## {platform}\n")
        out.append("| rule | level | what it asks | source |\n|---|---|---|---|")
        for rule in (rule for rule in RULES if rule.platform == platform):
            rule_id = f'<span class="rule-id" id="{rule.id}">`{rule.id}`</span>'
            source = f"[{urlsplit(rule.source).hostname}]({rule.source})"
            out.append(f"| {rule_id} | {rule.level} | {_text(rule.message)} | {source} |")
        out.append("")
    return "\n".join(out)


# -- the mkdocs hook ---------------------------------------------------------------------------------------------

GENERATORS: dict[str, Callable[[], str]] = {
    "config": config_reference,
    "commands": commands_reference,
    "exit-codes": exit_codes_reference,
    "rules": rules_reference,
}
_used: set[str] = set()


def on_pre_build(config: object) -> None:
    _used.clear()


def on_page_markdown(markdown: str, page: object, config: object, files: object) -> str:
    """Each marker replaced by what its generator writes now."""

    def generate(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise ValueError(f"{page}: unknown marker {match.group(0)} (known: {', '.join(GENERATORS)})")
        _used.add(name)
        return GENERATORS[name]()

    return MARKER.sub(generate, markdown)


def on_post_build(config: object) -> None:
    """A generator whose marker went missing from every page would leave its reference out of the site."""
    unused = sorted(set(GENERATORS) - _used)
    if unused:
        raise ValueError(f"no page has the marker of {', '.join(unused)}: put `<!-- generated: NAME -->` back")
