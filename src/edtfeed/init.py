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
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import jinja2
import yaml

from edtfeed import __version__
from edtfeed.constants import CONFIG_DOCS
from edtfeed.errors import EdtfeedError, RecordError, TextOnly
from edtfeed.install_line import QUESTION, running_install_line, spec_problem
from edtfeed.languages import is_language_code, normalise_language
from edtfeed.read.body import cut_body
from edtfeed.read.files import read_record_bytes
from edtfeed.read.front_matter import JEKYLL
from edtfeed.read.records import is_not_an_episode, one_per_episode, read_record

WORKFLOW_PATH = ".github/workflows/publish-feeds.yml"
CONFIG_PATH = "edtfeed.toml"
FEEDS_FOLDER = "feeds"  # in the site's source folder, so Jekyll serves it at <home>/feeds
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
    pages: list[Page] = field(default_factory=list)  # its episode records
    duplicates: dict[str, str] = field(default_factory=dict)  # records publish would skip (rel to `dir`) -> why


@dataclass(frozen=True)
class Page:
    """An episode record as init sees it: which episode, in which language (None: the show's default)."""

    rel: str  # relative to its series' folder
    embed_id: str
    lang: str | None
    explicit: bool  # front matter `lang` says it (a language folder alone does not)


def settle_duplicates(pages: list[Page], default: str) -> dict[str, str]:
    """The records publish would skip as duplicates, each with why, by publish's own rule (one_per_episode). init
    excludes them, so the first run is neither red (two records that both claim one language) nor warns every
    hour (an old base file beside the language folders)."""
    _, losers = one_per_episode(sorted(pages, key=lambda page: page.rel),  # file order, as publish reads them
                                key=lambda page: (page.embed_id, page.lang or default),
                                explicit=lambda page: page.explicit)
    settled: dict[str, str] = {}
    for page, winner in losers:
        same = f"the same episode (embed id {page.embed_id}) in {page.lang or default} as {winner.rel}"
        settled[page.rel] = (f"{same}, in the older layout beside the language folders: excluded (delete it when "
                             "you like)" if page.lang is None else
                             f"{same}: excluded; delete one of them, or set the right `lang` if it is another "
                             "translation")
    return settled


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
    """What the site cannot tell, from flags (each prompt has one); a flag wins over the site, a missing value is
    asked for unless `assume_yes`."""

    feed_urls: dict[str, str]  # series name (or "" for the first series) -> Transistor feed URL
    base_url: str | None = None  # where the feeds folder is served
    email: str | None = None
    image: str | None = None
    assume_yes: bool = False
    home_url: str | None = None  # the site's home page (Jekyll's url + baseurl)
    title: str | None = None
    description: str | None = None
    author: str | None = None
    install: str | None = None  # the workflow's pip requirement (default: the running edtfeed's, when it has one)


@dataclass
class InitResult:
    site: Site
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # files that existed and were left alone


def _read_page(path: Path, root: Path) -> tuple[str, str | None, bool] | None:
    """(embed id, language, whether front matter `lang` says it) of a page that is an episode record, read by the
    reader publish uses (so init and publish agree on what an episode is); ("", None, False) for a broken record
    that embeds a player (publish will report it, so it stays in its series) or that cannot be read within publish's
    bound (too big, a FIFO, unreadable: the same, it may be an episode); None for any other page (text-only, no
    player)."""
    if is_not_an_episode(path):
        return None
    try:
        record = read_record(path, root, default_lang=_ANY_LANGUAGE, tz="UTC")
    except TextOnly:
        return None
    except RecordError:
        try:
            text = read_record_bytes(path).decode("utf-8", errors="replace")
        except RecordError:
            return "", None, False
        body = JEKYLL.split(text)[1] if JEKYLL.detect(text) else text
        players = [include for include in cut_body(body, 1).includes if include.kind == "transistor"]
        return ("", None, False) if players else None
    folder_lang = is_language_code(path.parent.name)
    return record.embed_id, record.lang if record.lang_explicit or folder_lang else None, record.lang_explicit


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
        embed_id, lang, explicit = page
        folder = _series_dir(rel)
        name = folder.name.lstrip("_") or "episodes"  # a collection's folder `_briefs` is the series `briefs`
        series = by_dir.setdefault(folder, Series(name=name, dir=folder.as_posix()))
        series.records += 1
        if embed_id:
            series.embed_ids.add(embed_id)
            series.pages.append(Page(rel.relative_to(folder).as_posix(), embed_id, lang, explicit))
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
    site = Site(root=root, source=source, settings=settings, series=ordered)
    for series in ordered:
        series.duplicates = settle_duplicates(series.pages, _default_language(site, sorted(series.languages)))
    return site


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def normal_url(value: str) -> str:
    """`value` with its scheme and host lowercased, `.`/`..` segments resolved and no trailing slash, so a URL
    built from a site setting (`./full-logo.png`) is the one a browser would ask for."""
    parts = urlsplit(value.strip())
    path = posixpath.normpath(parts.path) if parts.path else ""
    if path in (".", "/"):
        path = ""
    elif path.startswith("//"):  # normpath keeps a leading double slash (POSIX allows it); a URL path does not
        path = "/" + path.lstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment))


def _absolute(home: str, value: str | None) -> str | None:
    """A site setting's URL: absolute as it is, else relative to the home page (Jekyll's `relative_url`)."""
    if value is None:
        return None
    if value.startswith(("https://", "http://")):
        return normal_url(value)
    return normal_url(f"{home}/{value.lstrip('/')}")


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
    feeds = f"{site.source}/{FEEDS_FOLDER}" if site.source else FEEDS_FOLDER
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
    title = answers.title or site.setting("title") or _need(None, "Show title", "--title", answers, ask)
    description = answers.description or site.setting("description") or _need(
        None, "Show description", "--description", answers, ask)
    author = answers.author or site.setting("author") or _need(
        None, "Author (the show's publisher)", "--author", answers, ask)
    email = _need(answers.email or site.email, "Owner email (Apple and Spotify send their ownership checks to it)",
                  "--email", answers, ask, check=_email)
    link = _home(site, answers, ask)
    image = _need(answers.image or _absolute(link, site.setting("image", "logo", "cover")),
                  "URL of the square cover art (1400-3000 px)", "--image", answers, ask, check=_http)
    # The site's source folder is served at its home page, so its feeds folder at <home>/feeds.
    feeds_base = normal_url(_need(answers.base_url, "Public URL of the feeds folder", "--base-url", answers, ask,
                                  check=_http) if answers.base_url else f"{link}/{FEEDS_FOLDER}")
    return _Shared(config_yml, title, description, author, email, link, normal_url(image), feeds_base)


def _home(site: Site, answers: Answers, ask: Ask) -> str:
    """The public home page: --home-url, else _config.yml's url + baseurl, else the site --base-url serves the
    feeds folder of (`https://site/feeds` -> `https://site`), else asked."""
    if answers.home_url:
        home = _need(answers.home_url, "Public URL of the site's home page", "--home-url", answers, ask,
                     check=_http)
        return normal_url(home)
    if site.url:
        return normal_url(site.url)
    if answers.base_url and _http(answers.base_url) is None:  # an unusable --base-url is reported below
        feeds = normal_url(answers.base_url)
        if feeds.endswith(f"/{FEEDS_FOLDER}"):
            return feeds.removesuffix(f"/{FEEDS_FOLDER}")
    home = _need(None, "Public URL of the site's home page (_config.yml has no `url`)", "--home-url", answers,
                 ask, check=_http)
    return normal_url(home)


def _owner_lines(shared: _Shared, author_note: str = "") -> list[str]:
    """The [show] keys every series of the site shares: who owns it and how it looks."""
    return [
        f"author = {_toml(shared.author)}{author_note}",
        f"email = {_toml(shared.email)}  # the owner email: Apple and Spotify verify that the show is yours by it",
        f"image = {_toml(shared.image)}  # square cover art, 1400-3000 px",
        f"link = {_toml(shared.link)}",
        f'categories = ["Technology"]  # Apple Podcasts categories, choose yours; see {CONFIG_DOCS}',
        "explicit = false",
    ]


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
        lines += _owner_lines(shared)
    lines += [f"base_url = {_toml(base_url)}  # where its output dir is served: <base_url>/<lang>/feed.xml",
              f"default_language = {_toml(default)}"]
    others = [lang for lang in languages if lang != default]
    if others:
        lines += ["", "# Each language's feed is its own podcast; without these its feed uses the text above."]
        for lang in others:
            lines += [f"# [{table}.languages.{lang}]", f"# title = \"\"  # the show's title in {lang}: write it before "
                      "uncommenting (publish refuses an empty or placeholder title)", "# description = \"\"",
                      '# spoken = "declare"  # its audio is the show\'s: "declare", "block" or "notes"; '
                      f"see {CONFIG_DOCS}"]
    lines += ["", f"[{prefix}episodes]", f"dir = {_toml(series.dir)}"]
    if series.text_only or series.duplicates:
        lines.append("exclude = [")
        if series.text_only:
            lines.append("    # Not episodes of this show: pages without a Transistor player (indexes, text-only "
                         "translations), other series.")
            lines += [f"    {_toml(rel)}," for rel in sorted(series.text_only)]
        if series.duplicates:
            lines.append("    # Another record of the same episode and language is published (see `edtfeed init`'s "
                         "output).")
            lines += [f"    {_toml(rel)}," for rel in sorted(series.duplicates)]
        lines.append("]")
    else:
        lines.append("exclude = []")
    lines.append(f"image_url = {_toml(normal_url(shared.link + '/' + records_rel) + '/{dir}/{file}')}"
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
              f"# See {CONFIG_DOCS} for every key."]
    if len(site.series) == 1:
        return "\n".join(header + _show_lines(site, 0, shared, answers, ask, ""))
    lines = header + [
        f"# The site has {len(site.series)} series, each its own podcast with its own Transistor feed, lock and "
        "feeds folder:",
        "# a [shows.NAME] table each. `edtfeed publish` publishes them all; `--show NAME` only one.",
        "",
        "# Shared by every show below (a show's own table may set any of these again).",
        "[show]",
        *_owner_lines(shared, f"  # from {shared.config_yml}"),
        "",
    ]
    for index, series in enumerate(site.series):
        lines += _show_lines(site, index, shared, answers, ask, f"shows.{series.name}.")
    return "\n".join(lines)


def install_spec(answers: Answers, ask: Ask) -> str:
    """The workflow's pip requirement: --install, else the one that reproduces the running edtfeed (PEP 610), else
    asked; never a line a runner could not honour (a folder on this machine)."""
    if answers.install:
        return _need(answers.install, QUESTION, "--install", answers, ask, check=spec_problem)
    line = running_install_line()
    if line.spec:
        return line.spec
    why = f"this edtfeed was installed from {line.source}, which a GitHub runner cannot install"
    if answers.assume_yes:
        raise EdtfeedError(f"{why}; pass --install SPEC with what the workflow should pip-install "
                           f"(edtfeed=={__version__}, or git+https://github.com/OWNER/edtfeed@COMMIT)")
    return _need(None, f"{why[0].upper()}{why[1:]}. {QUESTION}", "--install SPEC", answers, ask, check=spec_problem)


def render_workflow(site: Site, install: str) -> str:
    """The hourly GitHub workflow: one job per show (a matrix over `--show` when there are several), each in its
    own concurrency group with its own cache, committing only its show's files (`edtfeed paths --show`: its feeds,
    lock and pinned transcripts, named by the config at run time) and pushing with rebase-and-retry, so parallel
    jobs never clobber each other's commits."""
    several = len(site.series) > 1
    source = resources.files("edtfeed").joinpath("data", WORKFLOW_TEMPLATE).read_text(encoding="utf-8")
    template = _TEMPLATES.from_string(source)
    return template.render(watched=[f"{s.dir}/**" for s in site.series] + [CONFIG_PATH], install=install,
                           several=several, matrix="[" + ", ".join(s.name for s in site.series) + "]")


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
    config = render_config(site, answers, ask)
    files = [(root / CONFIG_PATH, config), (root / WORKFLOW_PATH, render_workflow(site, install_spec(answers, ask)))]
    for path, text in files:
        _create(path, text, result)
    return result
