"""Read markdown episode records: the first stage of the pipeline (read -> resolve -> episodes -> render -> publish).

A record is a Jekyll post: YAML front matter, then a markdown body that embeds the Transistor player
(`{% include transistor.html id="cea47899" %}`), often a YouTube video, the show notes with their headings, and
a `<details>` transcript block. `read_record` turns one file into a `Record`; `read_records` reads a whole
episodes folder, reports every broken record as a `Diagnostic` and goes on with the rest.

Decisions (for docs/records.md, the record format):
- A file named README.md or index.md (any case) with no front matter at all is not an episode and is skipped
  silently; any other `.md` file without front matter is an error. Hidden files and folders are skipped.
- Jekyll runs Liquid before markdown, so `include` tags count wherever they are in the body.
- Two records of one episode (embed id) in one language: the one that sets `lang` itself wins and the other is
  skipped with a warning; when both or neither set it, the first in path order wins and the other is an error.
- Records are returned sorted by language, then date newest first, then path: the order of a feed's items.
- Unknown front matter keys are read and tolerated; a Record has a field for each key a later stage reads.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from edtfeed.config import Config
from edtfeed.constants import IMAGES_DIR, output_url
from edtfeed.diagnostics import Diagnostic
from edtfeed.errors import RecordError, TextOnly
from edtfeed.keylines import key_lines
from edtfeed.read.clean import clean_record, clean_source
from edtfeed.read.body import Include, cut_body
from edtfeed.read.files import MAX_RECORD_BYTES, episode_files, name_problem, read_record_bytes
from edtfeed.read.front_matter import JEKYLL
from edtfeed.read.inline_images import extract_inline_images
from edtfeed.read.dates import parse_record_date
from edtfeed.languages import is_language_code, normalise_language
from edtfeed.read.types import Record
from edtfeed.read.youtube import youtube_id

_EMBED_ID = re.compile(r"[0-9a-f]{8}")
_Entry = TypeVar("_Entry")
_PLACEHOLDER_VIDEO = re.compile(r"(?:(?:https?://)?(?:www\.|m\.)?(?:youtu\.be|youtube\.com)/?)?(?:url)?", re.I)
_TAG_SPLIT = re.compile(r"[,\s]+")  # Jekyll splits a tags string on spaces; commas are common too
_GUEST_SPLIT = re.compile(r",")  # a guest's name has spaces
_WHOLE_NUMBER = re.compile(r"#?\d+", re.ASCII)
_NOT_EPISODES = frozenset({"readme.md", "index.md"})

_HOW_TO_INCLUDE = '{% include transistor.html id="…" title="…" %}'
_NOT_AN_EPISODE_HINT = "if this page is not an episode, add it to [episodes] exclude"
_NO_AUDIO_HINT = ("if it has no audio on purpose (a text-only translation), add `audio: none` to its front matter; "
                  + _NOT_AN_EPISODE_HINT)
TEXT_ONLY = "none"  # front matter `audio: none`: the record has no audio on purpose


# --------------------------------------------------------------------------------------------- front matter


def _raw_scalar(yaml_text: str, key: str) -> str | None:
    """A top-level key's value exactly as written (`title: 2023-02-06` must stay that text, `lang: no` too)."""
    match = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*(.*)$", yaml_text, re.MULTILINE)
    if match is None:
        return None
    value = re.sub(r"[ \t]+#.*$", "", match[1]).strip()
    return value if value and value[0] not in "\"'|>[{&*!" else None


def _stringify(value: object) -> str:
    """Text of a YAML scalar: dates in ISO form, booleans as YAML writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


@dataclass
class _Reader:
    """State of reading one record: the front matter text (for lines) and the warnings found so far."""

    yaml_text: str
    front_matter: dict[str, Any]
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    _lines: dict[tuple[str, ...], int] | None = None  # found on the first message that needs a line

    def warn(self, message: str, line: int | None = None) -> None:
        self.warnings.append((line, message))

    def line(self, key: str) -> int | None:
        """File line of a top-level front matter key (the front matter starts on line 2, below `---`)."""
        if self._lines is None:
            self._lines = key_lines(self.yaml_text, "yaml", first_line=2)
        return self._lines.get((key,))

    def text(self, key: str) -> str | None:
        """A text key; scalars YAML typed (dates, numbers, booleans) come back as written; '' is None."""
        value = self.front_matter.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.warn(f"`{key}` should be text, not a {'list' if isinstance(value, list) else 'mapping'}; "
                      "ignored", self.line(key))  # fmt: skip
            return None
        text = value if isinstance(value, str) else _raw_scalar(self.yaml_text, key) or _stringify(value)
        return text.strip() or None

    def names(self, key: str, separators: re.Pattern[str]) -> list[str]:
        """A list key (`tags`, `guests`) given as a list, one string, or missing; blanks and repeats dropped."""
        value = self.front_matter.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            items: list[Any] = separators.split(value)
        elif isinstance(value, list):
            items = value
        elif isinstance(value, dict):
            self.warn(f"`{key}` should be a list, not a mapping; ignored", self.line(key))
            return []
        else:
            items = [value]
        names: dict[str, None] = {}  # insertion-ordered, so a repeat keeps its first place
        for item in items:
            if isinstance(item, str):
                name = item.strip()
            elif isinstance(item, (dict, list)):
                self.warn(f"an entry of `{key}` is not text: {item!r}; ignored", self.line(key))
                continue
            else:
                name = "" if item is None else _stringify(item).strip()
            if name:
                names[name] = None
        return list(names)

    def number(self) -> int | None:
        """`number` as an int: YAML int or numeric string (`"189"`, `"#189"`); anything else is warned about."""
        value = self.front_matter.get("number")
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, float) and value.is_integer() and value >= 0:
            return int(value)
        if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
            return int(value.strip().lstrip("#"))
        self.warn(f"`number: {value!r}` is not a whole episode number; ignored", self.line("number"))
        return None


# ---------------------------------------------------------------------------------------------- records


def _language(reader: _Reader, path: Path, default_lang: str) -> tuple[str, bool]:
    """Front matter `lang`, else the parent folder when it is a language code, else the default."""
    written = reader.text("lang")
    if written is not None:
        try:
            return normalise_language(written), True
        except ValueError as exc:
            raise RecordError(f"{exc} (fix `lang:`)", reader.line("lang")) from None
    folder = os.path.basename(os.path.dirname(path))
    if is_language_code(folder):
        return normalise_language(folder), False
    try:
        return normalise_language(default_lang), False
    except ValueError as exc:
        raise RecordError(f"default language: {exc} (fix [show] default_language)") from None


def _embed(includes: list[Include], reader: _Reader) -> tuple[str, str | None]:
    """The Transistor embed id and include title; a missing or malformed id makes the record unusable."""
    players = [include for include in includes if include.kind == "transistor"]
    declared = str(reader.front_matter.get("audio", "")).strip().lower() == TEXT_ONLY
    if not players:
        if declared:
            raise TextOnly("text-only: `audio: none`", reader.line("audio"))
        raise RecordError(f"no `{_HOW_TO_INCLUDE}` found: add the episode's Transistor embed id ({_NO_AUDIO_HINT})")
    if declared:
        reader.warn("declares `audio: none` but embeds a Transistor player: it is published as an episode "
                    "(remove `audio: none`, or the player)", reader.line("audio"))
    first = players[0]
    raw = first.attrs.get("id")
    if not raw:
        raise RecordError(
            f"the transistor.html include has no id: write it as `{_HOW_TO_INCLUDE}` with the Transistor embed id",
            first.line,
        )
    embed_id = raw.lower()
    if not _EMBED_ID.fullmatch(embed_id):
        raise RecordError(
            f'transistor.html id {raw!r} is not an embed id (8 hex digits such as "cea47899"): copy it from '
            "the episode's Transistor embed code (share.transistor.fm/e/<id>)",
            first.line,
        )
    others = sorted({p.attrs.get("id", "").lower() for p in players[1:]} - {embed_id})
    if others:
        reader.warn(
            f"more than one transistor.html include ({', '.join([embed_id, *others])}); the first is used",
            players[1].line,
        )
    return embed_id, first.attrs.get("title") or None


def _video(includes: list[Include], reader: _Reader) -> str | None:
    """The youtube.html include's id, else front matter `video`; placeholders (`url`, empty) mean no video."""
    for include in includes:
        if include.kind != "youtube":
            continue
        raw = include.attrs.get("id", "")
        if found := youtube_id(raw):
            return found
        if not _PLACEHOLDER_VIDEO.fullmatch(raw.strip()):
            reader.warn(f"youtube.html id {raw!r} is not a YouTube video id; ignored", include.line)
    video = reader.text("video")
    if video is None:
        return None
    found = youtube_id(video)
    if found is None and not _PLACEHOLDER_VIDEO.fullmatch(video):
        reader.warn(f"`video: {video}` is not a YouTube video link; no video is linked", reader.line("video"))
    return found


def _read(
    path: Path, rel: str, default_lang: str, tz: str, data: bytes | None = None,
    max_bytes: int = MAX_RECORD_BYTES, output_base: str = "",
) -> tuple[Record, list[tuple[int | None, str]]]:
    """read_record, plus the warnings (line, message) about things it tolerated; `data`: the file's bytes, when
    the caller has read them already, within `max_bytes` (the build cache hashes them). `output_base`: the show's
    base_url, which the notes' pasted pictures are published under."""
    try:
        # Bytes, decoded at once: a text-mode file (or Path.read_text) sets up an incremental decoder and a
        # buffer for one read of a small file, a noticeable part of reading it.
        if data is None:
            data = read_record_bytes(path, max_bytes)
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8 text ({exc.reason} at byte {exc.start}): save the file as UTF-8") from None
    except OSError as exc:
        raise RecordError(f"cannot read the file: {exc.strerror or exc}") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, source_warnings = clean_source(text)
    if not JEKYLL.detect(text):
        raise RecordError(
            f"no front matter: start the file with a `---` line, the episode's keys and `---` ({_NOT_AN_EPISODE_HINT})",
            1,
        )
    yaml_text, body_text = JEKYLL.split(text)
    body_line = text.count("\n", 0, len(text) - len(body_text)) + 1
    reader = _Reader(yaml_text, JEKYLL.load(yaml_text))
    front = reader.front_matter

    if isinstance(front.get("title"), (dict, list)):
        raise RecordError('`title` must be text: quote it, e.g. title: "…"', reader.line("title"))
    title = reader.text("title")
    if title is None:
        raise RecordError('missing title: add `title: "…"` to the front matter', reader.line("title") or 1)

    if front.get("date") in (None, ""):
        raise RecordError("missing date: add `date: YYYY-MM-DD` (or a full date-time) to the front matter",
                          reader.line("date") or 1)  # fmt: skip
    try:
        published = parse_record_date(
            front["date"], tz, on_warning=lambda message: reader.warn(message, reader.line("date"))
        )
    except ValueError as exc:
        raise RecordError(str(exc), reader.line("date")) from None

    lang, lang_explicit = _language(reader, path, default_lang)

    # Pictures pasted as data: URIs become files beside the feed, before anything measures or cuts the notes.
    pictures = extract_inline_images(body_text, lambda name: output_url(output_base, lang, f"{IMAGES_DIR}/{name}"))
    body_text = pictures.text
    for line, message in pictures.warnings:
        reader.warn(message, body_line + line - 1)

    includes, transcript, final_body, final_line, headings = cut_body(body_text, body_line)
    embed_id, embed_title = _embed(includes, reader)
    video = _video(includes, reader)

    summary = reader.text("summary")
    description = reader.text("description")
    if description == summary:
        description = summary  # often copied from one another: hold the text once
    explicit = front.get("explicit")
    record = Record(
        path=path.absolute(),
        rel=rel,
        lang=lang,
        lang_explicit=lang_explicit,
        title=title,
        number=reader.number(),
        permalink=reader.text("permalink"),
        guid=reader.text("guid"),
        date=published,
        tags=reader.names("tags", _TAG_SPLIT),
        guests=reader.names("guests", _GUEST_SPLIT),
        image=reader.text("image") or reader.text("img"),
        summary=summary,
        description=description,
        embed_id=embed_id,
        embed_title=embed_title,
        youtube_id=video,
        body=final_body,
        body_line=final_line,
        headings=headings,
        transcript=transcript,
        explicit=explicit if isinstance(explicit, bool) else None,
        episode_type=str(front["episode_type"]) if front.get("episode_type") else None,
        season=whole_number(front.get("season")),
        chapters=front.get("chapters"),
        images=pictures.images,
    )
    record, cleaned = clean_record(record, reader.line)
    return record, source_warnings + reader.warnings + cleaned


def whole_number(value: object) -> int | None:
    """A front matter number written as 3 or "3"; anything else is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,9}", value.strip()):
        return int(value.strip())  # a sign is kept so that the cleaning step can refuse a negative number
    return None


def read_record(path: Path, episodes_dir: Path, *, default_lang: str, tz: str) -> Record:
    """Read one episode record; RecordError(message, line) says what is wrong with it and how to fix it.

    `default_lang` applies when neither front matter `lang` nor the parent folder names a language; `tz` is
    the IANA zone for dates written without one.
    """
    try:
        rel = path.relative_to(episodes_dir).as_posix()
    except ValueError:
        rel = path.as_posix()
    return _read(path, rel, default_lang, tz)[0]


def is_not_an_episode(path: Path) -> bool:
    """README.md / index.md without front matter: a folder's notes, not an episode."""
    if path.name.lower() not in _NOT_EPISODES:
        return False
    try:
        return read_record_bytes(path).removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip() != b"---"
    except RecordError:
        return False


def one_per_episode(entries: Iterable[_Entry], key: Callable[[_Entry], Hashable],
                    explicit: Callable[[_Entry], bool]) -> tuple[list[_Entry], list[tuple[_Entry, _Entry]]]:
    """One entry per episode and language (`key`): the first that sets `lang` itself (`explicit`), else the first;
    `entries` come in file order (the path as text). Returns the kept ones and each other one with what won over it.
    The one rule for publish (records) and init (which excludes what publish would skip)."""
    groups: dict[Hashable, list[_Entry]] = {}
    for entry in entries:
        groups.setdefault(key(entry), []).append(entry)
    kept: list[_Entry] = []
    losers: list[tuple[_Entry, _Entry]] = []
    for group in groups.values():
        winner = next((entry for entry in group if explicit(entry)), group[0])
        kept.append(winner)
        losers += [(entry, winner) for entry in group if entry is not winner]
    return kept, losers


def _deduplicate(records: list[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """One record per (embed id, language): the explicit `lang` wins, else the first in path order."""
    kept, losers = one_per_episode(records, lambda record: (record.embed_id, record.lang),
                                   lambda record: record.lang_explicit)
    problems: list[Diagnostic] = []
    for loser, winner in losers:
        embed_id, lang = winner.embed_id, winner.lang
        if winner.lang_explicit and not loser.lang_explicit:
            problems.append(
                Diagnostic(
                    loser.rel,
                    None,
                    f"same episode (embed id {embed_id}) and language '{lang}' as {winner.rel}, which sets "
                    f"`lang` itself: {winner.rel} is published and this record is skipped (set `lang` here "
                    "if it is another translation, or delete it)",
                    "warning",
                )
            )
        else:
            both = "both set" if loser.lang_explicit else "neither sets"
            problems.append(
                Diagnostic(
                    loser.rel,
                    None,
                    f"duplicate of {winner.rel}: both are embed id {embed_id} in language '{lang}' and {both} "
                    f"`lang`; {winner.rel} is published and this record is skipped: set the right `lang` on "
                    "the translation or delete one of them",
                )
            )
    return kept, problems


Warnings = list[tuple[int | None, str]]
# Reads one file: read(path), or read(path, data=its bytes) when the caller has read them already.
Read = Callable[..., tuple[Record, Warnings]]
# How one file is read: memo(path, rel, read) must return read(path) or what it returned for the same content
# (edtfeed.runner.cache.BuildCache.read, which passes read the bytes it hashed). The default reads every time.
ReadMemo = Callable[[Path, str, Read], tuple[Record, Warnings]]


def _no_memo(path: Path, rel: str, read: Read) -> tuple[Record, Warnings]:
    return read(path)


def record_reader(config: Config) -> Read:
    """reader(path, rel=rel[, data=bytes]): one file read as read_records reads it (picklable, so worker
    processes can run it)."""
    return functools.partial(_read, default_lang=config.show.default_language, tz=config.show.timezone,
                             max_bytes=config.max_record_bytes, output_base=config.show.base_url)


def read_records(
    config: Config, memo: ReadMemo = _no_memo, files: list[tuple[str, Path]] | None = None,
    text_only: list[str] | None = None,
) -> tuple[list[Record], list[Diagnostic]]:
    """Read every record under the episodes dir (or `files`, as episode_files listed them); broken ones become
    Problems and the rest are returned. Records declared text-only (`audio: none`) are neither: their paths go to
    `text_only` when given, so a run can count them.

    Records come sorted by (lang, date newest first, rel); problems by path.
    """
    records: list[Record] = []
    problems: list[Diagnostic] = []
    reader = record_reader(config)
    for rel, path in episode_files(config) if files is None else files:
        odd = name_problem(rel)
        if odd is not None:
            problems.append(odd)
            continue
        if is_not_an_episode(path):
            continue
        try:
            record, warnings = memo(path, rel, functools.partial(reader, rel=rel))
        except TextOnly:
            if text_only is not None:
                text_only.append(rel)
            continue
        except RecordError as exc:
            problems.append(Diagnostic(rel, exc.line, exc.message))
            continue
        records.append(record)
        problems.extend(Diagnostic(rel, line, message, "warning") for line, message in warnings)
    records, duplicates = _deduplicate(records)
    problems.extend(duplicates)
    records.sort(key=lambda record: (record.lang, -record.date.timestamp(), record.rel))
    problems.sort(key=lambda problem: problem.file)
    return records, problems
