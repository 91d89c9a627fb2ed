"""Read markdown episode records: the first stage of the pipeline (read -> resolve -> episodes -> render -> publish).

A record is a Jekyll post: YAML front matter, then a markdown body that embeds the Transistor player
(`{% include transistor.html id="cea47899" %}`), often a YouTube video, the show notes with their headings, and
a `<details>` transcript block. `read_record` turns one file into a `Record`; `read_records` reads a whole
episodes folder, reports every broken record as a `Problem` and goes on with the rest.

Decisions (for the README's record format section):
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
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from edtfeed.config import Config
from edtfeed.errors import ConfigError, Problem, RecordError, TextOnly, printable
from edtfeed.read.clean import clean_record, clean_source
from edtfeed.read.files import read_record_bytes, unusable_name
from edtfeed.read.front_matter import JEKYLL
from edtfeed.read.blocks import AtxHeading, is_thematic_break, scan
from edtfeed.read.dates import parse_record_date
from edtfeed.read.globs import compile_globs
from edtfeed.read.languages import is_language_code, normalise_language
from edtfeed.read.types import Heading, Record
from edtfeed.read.youtube import youtube_id

# The start of an include tag; as in Liquid, the tag ends at the first `%}` after it, quotes or not. Looked for
# within MAX_TAG characters: an unclosed tag must not make every later one scan to the end of the body.
_INCLUDE_HEAD = re.compile(r"\{%-?\s*include\s+(?P<kind>transistor|youtube)\.html\b", re.IGNORECASE)
MAX_TAG = 4096
_ATTR = re.compile(r"(?P<name>[A-Za-z_][\w-]*)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'%}]+))")
_EMBED_ID = re.compile(r"[0-9a-f]{8}")
_DETAILS_TAG = re.compile(r"<(?P<close>/?)details\b[^>]*>", re.IGNORECASE)
_SUMMARY = re.compile(r"\s*<summary\b[^>]*>(?P<text>.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_EMPTY_HTML = re.compile(r"(?:\s|&nbsp;|<p>\s*</p>|<br\s*/?>)*", re.IGNORECASE)
_DIV_OPEN = re.compile(r"<div\b[^>]*>", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")
_PLACEHOLDER_VIDEO = re.compile(r"(?:(?:https?://)?(?:www\.|m\.)?(?:youtu\.be|youtube\.com)/?)?(?:url)?", re.I)
_TAG_SPLIT = re.compile(r"[,\s]+")  # Jekyll splits a tags string on spaces; commas are common too
_GUEST_SPLIT = re.compile(r",")  # a guest's name has spaces
_WHOLE_NUMBER = re.compile(r"#?\d+", re.ASCII)
# Words a transcript block's <summary> uses in the show's languages ("Podcast Transcript", "Transcripción",
# "Transkript", "Trascrizione", "Transcrição", "文字起こし").
_TRANSCRIPT_WORDS = ("transcri", "trascri", "transkri", "文字起こし", "トランスクリプト")
_NOT_EPISODES = frozenset({"readme.md", "index.md"})

_HOW_TO_INCLUDE = '{% include transistor.html id="…" title="…" %}'
_NOT_AN_EPISODE_HINT = "if this page is not an episode, add it to [episodes] exclude"
_NO_AUDIO_HINT = ("if it has no audio on purpose (a text-only translation), add `audio: none` to its front matter; "
                  + _NOT_AN_EPISODE_HINT)
TEXT_ONLY = "none"  # front matter `audio: none`: the record has no audio on purpose


# --------------------------------------------------------------------------------------------- front matter


def _key_line(yaml_text: str, key: str) -> int | None:
    """File line of a top-level front matter key, so errors point at it."""
    match = re.search(rf"^{re.escape(key)}[ \t]*:", yaml_text, re.MULTILINE)
    return None if match is None else yaml_text.count("\n", 0, match.start()) + 2


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

    def warn(self, message: str, line: int | None = None) -> None:
        self.warnings.append((line, message))

    def line(self, key: str) -> int | None:
        return _key_line(self.yaml_text, key)

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


# ------------------------------------------------------------------------------------------------- body


class _Include(NamedTuple):
    kind: str  # "transistor" or "youtube"
    attrs: dict[str, str]
    line: int  # file line


def _parse_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        value = match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
        attrs.setdefault(match["name"].lower(), value.strip())
    return attrs


def _is_transcript_summary(summary: str) -> bool:
    lowered = summary.lower()
    return any(word in lowered for word in _TRANSCRIPT_WORDS)


@dataclass
class _Body:
    """The markdown body of one record, the spans to remove from it, and where its code blocks are."""

    src: str
    first_line: int  # file line of src[0]
    code: list[tuple[int, int]] = field(init=False)
    headings: list[AtxHeading] = field(init=False)
    removed: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.code, self.headings = scan(self.src)
        self._code_starts = [start for start, _ in self.code]

    def file_line(self, offset: int) -> int:
        return self.first_line + self.src.count("\n", 0, offset)

    def in_code(self, offset: int) -> bool:
        index = bisect_right(self._code_starts, offset) - 1
        return index >= 0 and offset < self.code[index][1]

    def whole_lines(self, start: int, end: int) -> tuple[int, int]:
        """Widen [start, end) to whole lines (with the newline) when nothing else is on them."""
        line_start = self.src.rfind("\n", 0, start) + 1
        line_end = self.src.find("\n", end)
        line_end = len(self.src) if line_end == -1 else line_end + 1
        if self.src[line_start:start].strip() or self.src[end:line_end].strip():
            return start, end
        return line_start, line_end

    def remove(self, start: int, end: int) -> None:
        self.removed.append(self.whole_lines(start, end))

    def merged(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for start, end in sorted(self.removed):
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        return spans


def _find_includes(body: _Body) -> list[_Include]:
    includes = []
    src, cursor, line = body.src, 0, body.first_line  # lines counted once, going forward
    for head in _INCLUDE_HEAD.finditer(src):
        if head.start() < cursor:
            continue  # inside the previous tag
        close = src.find("%}", head.end(), head.end() + MAX_TAG)
        if close == -1:
            continue  # not a tag Jekyll would run either
        line += src.count("\n", cursor, head.start())
        attrs = src[head.end() : close].removesuffix("-")
        includes.append(_Include(head["kind"].lower(), _parse_attrs(attrs), line))
        line += src.count("\n", head.start(), close + 2)
        cursor = close + 2
        body.remove(head.start(), cursor)
    return includes


def _remove_wrapper_divs(body: _Body, include_spans: list[tuple[int, int]]) -> None:
    """Drop each `<div>`…`</div>` that holds nothing but includes and blank lines (the player wrapper)."""
    opens = [m for m in _DIV_OPEN.finditer(body.src) if not body.in_code(m.start())]
    closes = [m for m in _DIV_CLOSE.finditer(body.src) if not body.in_code(m.start())]
    close_starts = [m.start() for m in closes]
    open_starts = [m.start() for m in opens]
    for opened in opens:
        index = bisect_right(close_starts, opened.end())
        if index == len(closes):
            continue
        closed = closes[index]
        if bisect_right(open_starts, closed.start()) - bisect_right(open_starts, opened.start()) > 0:
            continue  # a nested <div>: not a bare wrapper
        inside = [(s, e) for s, e in include_spans if opened.end() <= s and e <= closed.start()]
        if not inside:
            continue
        rest, cursor = [], opened.end()
        for start, end in inside:
            rest.append(body.src[cursor:start])
            cursor = end
        rest.append(body.src[cursor : closed.start()])
        if not "".join(rest).strip():
            body.remove(opened.start(), closed.end())


def _find_transcript(body: _Body) -> str | None:
    """Remove the transcript <details> block and return its inner HTML after </summary> (None when empty)."""
    blocks: list[tuple[int, int, int, int]] = []  # open start, open end, close start, close end
    depth, opened = 0, None
    for match in _DETAILS_TAG.finditer(body.src):
        if body.in_code(match.start()):
            continue
        if not match["close"]:
            if depth == 0:
                opened = match
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and opened is not None:
                blocks.append((opened.start(), opened.end(), match.start(), match.end()))
    chosen = None
    for block in blocks:
        summary = _SUMMARY.match(body.src, block[1], block[2])
        if summary is not None and _is_transcript_summary(summary["text"]):
            chosen = block
    if chosen is None and len(blocks) == 1 and not body.src[blocks[0][3] :].strip():
        chosen = blocks[0]  # one unlabelled (or other-language) <details> closing the notes
    if chosen is None:
        return None
    body.remove(chosen[0], chosen[3])
    summary = _SUMMARY.match(body.src, chosen[1], chosen[2])
    inner = body.src[summary.end() if summary else chosen[1] : chosen[2]].strip()
    return None if _EMPTY_HTML.fullmatch(inner) else inner


def _remove_leading_break(body: _Body) -> None:
    """Drop a `---` that would open the notes once the player block is gone (it only separated the two)."""
    spans = body.merged()
    src = body.src
    start, index = 0, 0
    while start < len(src):
        end = src.find("\n", start)
        end = len(src) if end == -1 else end
        while index < len(spans) and spans[index][1] < end:
            index += 1  # spans end in order: one that ends before this line cannot cover a later one either
        if index < len(spans) and spans[index][0] <= start:  # the line lies in a removed span
            # and so does every line up to the one holding the span's end: go straight there
            start = max(end + 1, src.rfind("\n", 0, spans[index][1]) + 1)
            continue
        line = src[start:end]
        if line.strip():
            if is_thematic_break(line) and not body.in_code(start) and not _overlaps(spans, start, end):
                body.remove(start, end)
            return
        start = end + 1


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(span_start < end and start < span_end for span_start, span_end in spans)


def _assemble(body: _Body) -> tuple[str, int, list[Heading]]:
    """(final body, file line where it starts, headings) once the removed spans are cut out."""
    src = body.src
    spans = body.merged()
    span_starts = [start for start, _ in spans]
    removed_before = [0]  # characters removed before spans[i] (and, last, in all of them)
    pieces, cursor = [], 0
    for start, end in spans:
        removed_before.append(removed_before[-1] + end - start)
        pieces.append(src[cursor:start])
        cursor = end
    pieces.append(src[cursor:])
    joined = "".join(pieces)
    lead = _LEADING_BLANK_LINES.match(joined).end()  # type: ignore[union-attr]
    end = len(joined)
    while end > lead and joined[end - 1].isspace():
        end -= 1  # joined[lead:end] is joined[lead:].rstrip(), found without copying the body for it
    final = joined[lead:end] + "\n" if end > lead else ""

    joined_starts = [start - removed_before[index] for index, (start, _) in enumerate(spans)]
    first_kept = lead + removed_before[bisect_right(joined_starts, lead)]  # source offset of final[0]
    body_line = body.file_line(first_kept) if final else body.first_line
    headings = []
    for heading in body.headings:
        index = bisect_right(span_starts, heading.offset)  # spans[index - 1] is the only removed span that can hold it
        if index and heading.offset < spans[index - 1][1]:
            continue  # in the transcript or another removed part
        headings.append(Heading(heading.level, heading.text, body.first_line + heading.line,
                                heading.offset - removed_before[index] - lead))
    return final, body_line, headings


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
        raise RecordError(f"default language: {exc} (fix `default_language` in [show])") from None


def _embed(includes: list[_Include], reader: _Reader) -> tuple[str, str | None]:
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


def _video(includes: list[_Include], reader: _Reader) -> str | None:
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
    path: Path, rel: str, default_lang: str, tz: str, data: bytes | None = None
) -> tuple[Record, list[tuple[int | None, str]]]:
    """read_record, plus the warnings (line, message) about things it tolerated; `data`: the file's bytes, when
    the caller has read them already (the build cache hashes them)."""
    try:
        # Bytes, decoded at once: a text-mode file (or Path.read_text) sets up an incremental decoder and a
        # buffer for one read of a small file, a noticeable part of reading it.
        if data is None:
            data = read_record_bytes(path)
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

    body = _Body(body_text, body_line)
    includes = _find_includes(body)
    include_spans = list(body.removed)
    embed_id, embed_title = _embed(includes, reader)
    video = _video(includes, reader)
    _remove_wrapper_divs(body, include_spans)
    transcript = _find_transcript(body)
    _remove_leading_break(body)
    final_body, final_line, headings = _assemble(body)

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


def _episode_files(root: Path, exclude: Iterable[str]) -> list[tuple[str, Path]]:
    """(rel, path) of every `*.md` under root in path order, minus hidden entries and `exclude` globs."""
    excluded = compile_globs(exclude)
    found: list[tuple[str, str]] = []
    top = os.fspath(root)
    for folder, dirnames, filenames in os.walk(top):
        # os.walk joins names onto `top`: slicing gives the relative folder (os.path.relpath per folder was
        # most of a no-op publish at 10,000 records)
        prefix = folder[len(top) :].lstrip(os.sep).replace(os.sep, "/")
        prefix = prefix + "/" if prefix else ""
        dirnames[:] = [
            name for name in dirnames
            if not name.startswith(".") and not (excluded and excluded.fullmatch(prefix + name))
        ]  # fmt: skip
        for name in filenames:
            rel = prefix + name
            wanted = name.lower().endswith(".md") and not name.startswith(".")
            if wanted and (excluded is None or not excluded.fullmatch(rel)):
                found.append((rel, os.path.join(folder, name)))
    return [(rel, Path(path)) for rel, path in sorted(found)]


def _is_not_an_episode(path: Path) -> bool:
    """README.md / index.md without front matter: a folder's notes, not an episode."""
    if path.name.lower() not in _NOT_EPISODES:
        return False
    try:
        return read_record_bytes(path).removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip() != b"---"
    except RecordError:
        return False


def _deduplicate(records: list[Record]) -> tuple[list[Record], list[Problem]]:
    """One record per (embed id, language): the explicit `lang` wins, else the first in path order."""
    groups: dict[tuple[str, str], list[Record]] = {}
    for record in records:  # records arrive in path order
        groups.setdefault((record.embed_id, record.lang), []).append(record)
    kept: list[Record] = []
    problems: list[Problem] = []
    for (embed_id, lang), group in groups.items():
        explicit = [record for record in group if record.lang_explicit]
        winner = (explicit or group)[0]
        kept.append(winner)
        for loser in group:
            if loser is winner:
                continue
            if winner.lang_explicit and not loser.lang_explicit:
                problems.append(
                    Problem(
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
                    Problem(
                        loser.rel,
                        None,
                        f"duplicate of {winner.rel}: both are embed id {embed_id} in language '{lang}' and {both} "
                        f"`lang`; {winner.rel} is published and this record is skipped: set the right `lang` on "
                        "the translation or delete one of them",
                    )
                )
    return kept, problems


def episode_files(config: Config) -> list[tuple[str, Path]]:
    """(rel, path) of every candidate record file of the show, in path order."""
    root = config.episodes_dir
    if not root.is_dir():
        raise ConfigError(f"episodes folder {root} not found (set [episodes] dir in the config)")
    return _episode_files(root, config.episodes.exclude)


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
    return functools.partial(_read, default_lang=config.show.default_language, tz=config.show.timezone)


def read_records(
    config: Config, memo: ReadMemo = _no_memo, files: list[tuple[str, Path]] | None = None,
    text_only: list[str] | None = None,
) -> tuple[list[Record], list[Problem]]:
    """Read every record under the episodes dir (or `files`, as episode_files listed them); broken ones become
    Problems and the rest are returned. Records declared text-only (`audio: none`) are neither: their paths go to
    `text_only` when given, so a run can count them.

    Records come sorted by (lang, date newest first, rel); problems by path.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    reader = record_reader(config)
    for rel, path in episode_files(config) if files is None else files:
        odd = unusable_name(rel)
        if odd is not None:
            problems.append(Problem(printable(rel), None, odd))
            continue
        if _is_not_an_episode(path):
            continue
        try:
            record, warnings = memo(path, rel, functools.partial(reader, rel=rel))
        except TextOnly:
            if text_only is not None:
                text_only.append(rel)
            continue
        except RecordError as exc:
            problems.append(Problem(rel, exc.line, exc.message))
            continue
        records.append(record)
        problems.extend(Problem(rel, line, message, "warning") for line, message in warnings)
    records, duplicates = _deduplicate(records)
    problems.extend(duplicates)
    records.sort(key=lambda record: (record.lang, -record.date.timestamp(), record.rel))
    problems.sort(key=lambda problem: problem.path)
    return records, problems
