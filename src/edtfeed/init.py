"""`edtfeed init`: read an existing Jekyll site and write the config and workflow that publish it.

Why: a podcaster's site already says almost everything a config needs (the episode folders, languages, embed ids,
title and author in `_config.yml`); copying a config from the README by hand was the first hour of every new user.
Only what the site cannot tell (the Transistor feed URL, where the feeds will be served, the owner email) is asked,
or taken from flags for scripts. Every series found (episodes, weekly briefs, ...) is a show of its own in the one
config (`[shows.NAME]`), since each is its own podcast with its own Transistor feed. Files that exist are never
overwritten.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from edtfeed import __version__
from edtfeed.errors import EdtfeedError, RecordError, TextOnly
from edtfeed.languages import is_language_code, normalise_language
from edtfeed.read.body import cut_body
from edtfeed.read.front_matter import JEKYLL
from edtfeed.read.records import is_not_an_episode, read_record

WORKFLOW_PATH = ".github/workflows/publish-feeds.yml"
CONFIG_PATH = "edtfeed.toml"
WORKFLOW_TEMPLATE = "publish-feeds.yml.j2"  # in edtfeed/data/
# GitHub writes its expressions as ${{ … }}: the template's own are [[ … ]], its tags [% … %].
_TEMPLATES = jinja2.Environment(
    variable_start_string="[[", variable_end_string="]]", block_start_string="[%", block_end_string="%]",
    comment_start_string="[#", comment_end_string="#]", trim_blocks=True, lstrip_blocks=True,
    keep_trailing_newline=True, undefined=jinja2.StrictUndefined, autoescape=False,
)
_ANY_LANGUAGE = "en"  # a record's language counts only when it or its folder names one: this default never does
_NUMBERED = re.compile(r"[A-Za-z]+[-_]?\d+")  # an episode folder: edt-12, edw-3, ep12
_SKIPPED_DIRS = {"node_modules", "vendor", "_site", "feeds"}

Ask = Callable[[str], str]  # question -> answer


@dataclass
class Series:
    """One podcast of the site: a folder of episode records that embed its Transistor player."""

    name: str
    dir: str  # posix, relative to the site root
    records: int = 0
    embed_ids: set[str] = field(default_factory=set)
    languages: Counter[str] = field(default_factory=Counter)
    text_only: list[str] = field(default_factory=list)  # pages without a player, relative to `dir`


@dataclass
class Site:
    """What the site says about itself."""

    root: Path
    source: str  # the folder holding _config.yml ("" when it is the root), posix
    settings: dict[str, Any]
    series: list[Series]

    def setting(self, *keys: str) -> str | None:
        """The first of `keys` set in _config.yml; `author: {name: …, email: …}` (theme style) gives its name."""
        for key in keys:
            value = self.settings.get(key)
            if isinstance(value, dict):
                value = value.get("name")
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    @property
    def email(self) -> str | None:
        author = self.settings.get("author")
        nested = author.get("email") if isinstance(author, dict) else None
        return self.setting("email") or (nested if isinstance(nested, str) else None)

    @property
    def url(self) -> str | None:
        """The public home page: `url` + `baseurl`, as Jekyll builds it."""
        url = self.setting("url")
        if url is None or not url.startswith(("https://", "http://")):
            return None
        baseurl = (self.setting("baseurl") or "").strip("/")
        return url.rstrip("/") + (f"/{baseurl}" if baseurl else "")

    @property
    def languages(self) -> list[str]:
        found: Counter[str] = Counter()
        for series in self.series:
            found.update(series.languages)
        return sorted(found)


@dataclass(frozen=True)
class Answers:
    """What the site cannot tell, from flags; missing values are asked for unless `assume_yes`."""

    feed_urls: dict[str, str]  # series name (or "" for the first series) -> Transistor feed URL
    base_url: str | None = None
    email: str | None = None
    image: str | None = None
    assume_yes: bool = False


@dataclass
class InitResult:
    site: Site
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # files that existed and were left alone


def _read_page(path: Path, root: Path) -> tuple[str, str | None] | None:
    """(embed id, language) of a page that is an episode record, read by the reader publish uses (so init and
    publish agree on what an episode is); ("", None) for a broken record that embeds a player (publish will
    report it, so it stays in its series); None for any other page (text-only, no player)."""
    if is_not_an_episode(path):
        return None
    try:
        record = read_record(path, root, default_lang=_ANY_LANGUAGE, tz="UTC")
    except TextOnly:
        return None
    except RecordError:
        text = path.read_text(encoding="utf-8", errors="replace")
        body = JEKYLL.split(text)[1] if JEKYLL.detect(text) else text
        players = [include for include in cut_body(body, 1).includes if include.kind == "transistor"]
        return ("", None) if players else None
    folder_lang = is_language_code(path.parent.name)
    return record.embed_id, record.lang if record.lang_explicit or folder_lang else None


def _series_dir(rel: Path) -> Path:
    """The folder a record's series lives in: the parent of its numbered episode folder (docs/episodes for
    docs/episodes/edt-12/en/episode.md), else the parent of the episode folder, else the record's folder."""
    for ancestor in rel.parents:
        if ancestor.name and _NUMBERED.fullmatch(ancestor.name):
            return ancestor.parent
    folder = rel.parent
    if folder.name and is_language_code(folder.name):
        folder = folder.parent
    return folder.parent if rel.stem in ("episode", "index") and folder != Path(".") else folder


def _collections(settings: dict[str, Any]) -> set[str]:
    """The `_NAME` folders of the Jekyll collections `_config.yml` declares (`collections: {briefs: …}` or a list)."""
    declared = settings.get("collections")
    names = declared if isinstance(declared, (dict, list)) else ()
    return {f"_{name}" for name in names if isinstance(name, str)}


def _markdown_files(root: Path, collections: set[str]) -> list[Path]:
    """Every page of the site: not in hidden folders nor Jekyll's own `_layouts`, `_includes`, … (a collection's
    `_NAME` folder is pages)."""
    found = []
    for path in sorted(root.rglob("*.md")):
        parts = path.relative_to(root).parts[:-1]
        if not any((part.startswith((".", "_")) and part not in collections) or part in _SKIPPED_DIRS
                   for part in parts):
            found.append(path)
    return found


def scan_site(root: Path) -> Site:
    """Find _config.yml (at the root or in docs/) and every series of records that embed a Transistor player."""
    source = next((name for name in ("docs", "") if (root / name / "_config.yml").is_file()), None)
    if source is None:
        raise EdtfeedError(f"{root}: no Jekyll _config.yml here or in docs/; run `edtfeed init` in the site's folder")
    try:
        settings = yaml.safe_load((root / source / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EdtfeedError(f"{root / source / '_config.yml'}: cannot read it: {exc}") from None
    by_dir: dict[Path, Series] = {}
    pages: list[Path] = []
    settings = settings if isinstance(settings, dict) else {}
    for path in _markdown_files(root / source if source else root, _collections(settings)):
        rel = path.relative_to(root)
        page = _read_page(path, root)
        if page is None:
            pages.append(rel)
            continue
        embed_id, lang = page
        folder = _series_dir(rel)
        name = folder.name.lstrip("_") or "episodes"  # a collection's folder `_briefs` is the series `briefs`
        series = by_dir.setdefault(folder, Series(name=name, dir=folder.as_posix()))
        series.records += 1
        if embed_id:
            series.embed_ids.add(embed_id)
        if lang is not None:
            series.languages[lang] += 1
    if not by_dir:
        raise EdtfeedError(
            f"{root}: no page embeds a Transistor player (`{{% include transistor.html id=\"…\" %}}`), so there "
            "are no episodes to publish; check that this is the podcast's site"
        )
    for folder, series in by_dir.items():
        # Pages without a player (text-only translations, indexes) and series nested inside this one's folder.
        series.text_only += [rel.relative_to(folder).as_posix() for rel in pages if folder in rel.parents]
        series.text_only += [f"{inner.relative_to(folder).as_posix()}/**" for inner in by_dir if folder in inner.parents]
    # The biggest series first: it keeps the plain edtfeed.lock.
    ordered = sorted(by_dir.values(), key=lambda s: (-s.records, s.dir))
    return Site(root=root, source=source, settings=settings, series=ordered)


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _absolute(site: Site, value: str | None) -> str | None:
    if value is None:
        return None
    if value.startswith(("https://", "http://")):
        return value
    return f"{site.url}/{value.lstrip('/')}" if site.url else None


def _default_language(site: Site, languages: list[str]) -> str:
    for key in ("lang", "language", "locale"):
        value = site.setting(key)
        if value and is_language_code(value.split("_")[0].split("-")[0]):
            code = normalise_language(value.split("_")[0].split("-")[0])
            if not languages or code in languages:
                return code
    if "en" in languages or not languages:
        return "en"
    return languages[0]


def _need(answer: str | None, question: str, flag: str, answers: Answers, ask: Ask,
          check: Callable[[str], str | None] | None = None) -> str:
    """A value the site does not give: the flag, else a prompt, else (with --yes) an error naming the flag."""
    value = answer or (None if answers.assume_yes else ask(question))
    if not value:
        raise EdtfeedError(f"{question}: not found in the site; pass {flag}")
    problem = check(value) if check else None
    if problem:
        raise EdtfeedError(f"{flag} {value!r}: {problem}")
    return value


def _http(value: str) -> str | None:
    return None if value.startswith(("https://", "http://")) else "must be an absolute http(s) URL"


def _email(value: str) -> str | None:
    return None if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) else "is not an email address"


def _lock_name(index: int, series: Series) -> str:
    """The biggest show keeps the plain lock; each other its own, beside it (its cache gets its own folder)."""
    return "edtfeed.lock" if index == 0 else f"edtfeed-{series.name}.lock"


def _output_dir(site: Site, series: Series, several: bool) -> str:
    feeds = f"{site.source}/feeds" if site.source else "feeds"
    return f"{feeds}/{series.name}" if several else feeds


@dataclass(frozen=True)
class _Shared:
    """What every show of the site shares: asked once."""

    config_yml: str
    title: str
    description: str
    author: str
    email: str
    link: str
    image: str
    feeds_base: str


def _shared(site: Site, answers: Answers, ask: Ask) -> _Shared:
    config_yml = f"{site.source}/_config.yml" if site.source else "_config.yml"
    title = site.setting("title") or _need(None, "Show title", "a `title` in _config.yml", answers, ask)
    description = site.setting("description") or _need(
        None, "Show description", "a `description` in _config.yml", answers, ask)
    author = site.setting("author") or _need(None, "Author (the show's publisher)", "an `author` in _config.yml",
                                             answers, ask)
    email = answers.email or site.email or _need(
        None, "Owner email (Apple and Spotify send their ownership checks to it)", "--email", answers, ask,
        check=_email)
    link = site.url or _need(None, "Public URL of the site's home page", "--base-url (or `url` in _config.yml)",
                             answers, ask, check=_http)
    image = answers.image or _absolute(site, site.setting("image", "logo", "cover")) or _need(
        None, "URL of the square cover art (1400-3000 px)", "--image", answers, ask, check=_http)
    feeds_base = (answers.base_url or f"{link}/feeds").rstrip("/")  # the site's source folder is served at its url
    return _Shared(config_yml, title, description, author, email, link, image, feeds_base)


def _show_lines(site: Site, index: int, shared: _Shared, answers: Answers, ask: Ask, prefix: str) -> list[str]:
    """One show's keys and tables: under [show], [episodes], ... (`prefix` "") or [shows.NAME], [shows.NAME.…]."""
    series = site.series[index]
    several = len(site.series) > 1
    feed_url = answers.feed_urls.get(series.name) or (answers.feed_urls.get("") if index == 0 else None)
    feed_url = _need(feed_url, f"Transistor feed URL of {series.name} (Transistor: Distribution > RSS feed)",
                     f"--feed-url {series.name}=URL", answers, ask, check=_http)
    languages = sorted(series.languages)
    default = _default_language(site, languages)
    title = shared.title if index == 0 else f"{shared.title} ({series.name.capitalize()})"
    base_url = f"{shared.feeds_base}/{series.name}" if several else shared.feeds_base
    records_rel = series.dir.removeprefix(site.source + "/") if site.source else series.dir
    table = f"shows.{series.name}" if prefix else "show"
    lines = [
        f"# {series.name}: {series.records} records of {len(series.embed_ids)} episodes in {series.dir}/, "
        f"languages: {', '.join(languages) or 'none set'}.",
        f"[{table}]",
        f"title = {_toml(title)}  # from {shared.config_yml}",
    ]
    if index == 0 or not several:
        lines.append(f"description = {_toml(shared.description)}")
    else:
        lines.append(f"description = {_toml(shared.description)}  # the site's: write this show's own")
    if not prefix:
        lines += [
            f"author = {_toml(shared.author)}",
            f"email = {_toml(shared.email)}  # the owner email: Apple and Spotify verify that the show is yours by it",
            f"image = {_toml(shared.image)}  # square cover art, 1400-3000 px",
            f"link = {_toml(shared.link)}",
            'categories = ["Technology"]  # Apple Podcasts categories: choose yours (README "Configuration")',
            "explicit = false",
        ]
    lines += [f"base_url = {_toml(base_url)}  # where its output dir is served: <base_url>/<lang>/feed.xml",
              f"default_language = {_toml(default)}"]
    others = [lang for lang in languages if lang != default]
    if others:
        lines += ["", "# Each language's feed is its own podcast; without these its feed uses the text above."]
        for lang in others:
            lines += [f"# [{table}.languages.{lang}]", "# title = \"…\"", "# description = \"…\"",
                      '# spoken = "declare"  # its audio is the show\'s: "declare", "block" or "notes" (README)']
    lines += ["", f"[{prefix}episodes]", f"dir = {_toml(series.dir)}"]
    if series.text_only:
        lines.append("# Not episodes of this show: pages without a Transistor player (indexes, text-only "
                     "translations), other series.")
        lines.append("exclude = [")
        lines += [f"    {_toml(rel)}," for rel in sorted(series.text_only)]
        lines.append("]")
    else:
        lines.append("exclude = []")
    if site.url:
        lines.append(f"image_url = {_toml(site.url + '/' + records_rel + '/{dir}/{file}')}"
                     "  # where records' relative images are served")
    lines += ["", f"[{prefix}transistor]", f"feed_url = {_toml(feed_url)}",
              f"lock = {_toml(_lock_name(index, series))}"
              + ("  # this show's pinned audio and ledger of published guids: never another show's" if prefix else ""),
              "", f"[{prefix}output]", f"dir = {_toml(_output_dir(site, series, several))}", ""]
    return lines


def render_config(site: Site, answers: Answers, ask: Ask) -> str:
    """The commented edtfeed.toml: the site's one show as [show], or each series as a [shows.NAME] table over the
    [show] keys they share."""
    shared = _shared(site, answers, ask)
    header = [f"# edtfeed configuration for this site, written by `edtfeed init` {__version__}.",
              '# See README "Configuration" for every key.']
    if len(site.series) == 1:
        return "\n".join(header + _show_lines(site, 0, shared, answers, ask, ""))
    lines = header + [
        f"# The site has {len(site.series)} series, each its own podcast with its own Transistor feed, lock and "
        "feeds folder:",
        "# a [shows.NAME] table each. `edtfeed publish` publishes them all; `--show NAME` only one.",
        "",
        "# Shared by every show below (a show's own table may set any of these again).",
        "[show]",
        f"author = {_toml(shared.author)}  # from {shared.config_yml}",
        f"email = {_toml(shared.email)}  # the owner email: Apple and Spotify verify that the show is yours by it",
        f"image = {_toml(shared.image)}  # square cover art, 1400-3000 px",
        f"link = {_toml(shared.link)}",
        'categories = ["Technology"]  # Apple Podcasts categories: choose yours (README "Configuration")',
        "explicit = false",
        "",
    ]
    for index, series in enumerate(site.series):
        lines += _show_lines(site, index, shared, answers, ask, f"shows.{series.name}.")
    return "\n".join(lines)


def render_workflow(site: Site) -> str:
    """The hourly GitHub workflow that publishes every show and commits what changed of what the next run needs
    (`edtfeed paths`, from the config at run time: the feeds, the locks and their pinned transcripts)."""
    source = resources.files("edtfeed").joinpath("data", WORKFLOW_TEMPLATE).read_text(encoding="utf-8")
    template = _TEMPLATES.from_string(source)
    return template.render(watched=[f"{s.dir}/**" for s in site.series] + [CONFIG_PATH], version=__version__)


def _create(path: Path, text: str, result: InitResult) -> None:
    rel = path.relative_to(result.site.root).as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        result.kept.append(rel)
        return
    result.written.append(rel)


def init_site(root: Path, answers: Answers, ask: Ask) -> InitResult:
    """Scan the site, render every file first (so a missing answer writes nothing), then create the new ones."""
    site = scan_site(root)
    result = InitResult(site=site)
    files = [(root / CONFIG_PATH, render_config(site, answers, ask)), (root / WORKFLOW_PATH, render_workflow(site))]
    for path, text in files:
        _create(path, text, result)
    return result
