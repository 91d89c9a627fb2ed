"""Diagnostics: the one type every stage and both commands (`publish`, `validate`) report problems in, their one
order, and the one renderer per format (text for a person, JSON for scripts, GitHub workflow annotations).

Why one type: two (the runner's problems and validate's findings) sorted, counted and printed apart, so the two
commands disagreed about the same project. A stage makes `Diagnostic(file, line, message, severity)`; nothing else
formats one. File names are escaped once, here, when a line is rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")  # the order they are read in
FIRST_FILES = 3  # files named in a grouped warning; --verbose lists all (an error names every file)
_UNRESOLVED = re.compile(r"^embed id (?P<id>[0-9a-f]{8}) not resolved: (?P<reason>.*)$", re.S)
_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|\b[0-9a-f]{8}\b|--remove \S+")


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place. `file` is as the run names it (a record below the episodes dir, a feed below the
    output dir, the config file; "" for an embed id without a file); `code` is the rule id of a feed rule, `source`
    where that rule comes from, `item` the guid of the feed item it is inside; `show` and `language` say whose it
    is when known (they let one cause in several languages or shows be said once)."""

    file: str
    line: int | None
    message: str
    severity: Severity = "error"
    code: str = ""
    fix: str = ""
    show: str = ""
    language: str = ""
    item: str = ""
    source: str = ""

    @property
    def text(self) -> str:
        """The message and what to do about it."""
        return f"{self.message}: {self.fix}" if self.fix else self.message

    def where(self) -> str:
        """`file:line [item guid]`, escaped."""
        place = printable(self.file) if self.line is None else f"{printable(self.file)}:{self.line}"
        return f"{place} [item {printable(self.item)}]" if self.item else place

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        head = f"{self.where()}: " if self.file else ""
        return f"{head}{self.severity}: {printable(self.text)}{code}"


def printable(name: str) -> str:
    """Text as it may be printed: control characters (a newline, an ANSI escape) escaped as repr would, so a
    hostile file name can neither forge a message line nor drive the terminal."""
    if name.isprintable():
        return name
    return "".join(char if char.isprintable() else _escaped(char) for char in name)


def _escaped(char: str) -> str:
    """A byte a file name held that is not UTF-8 (os.fsdecode makes it a surrogate) as `\\xe9`; anything else as repr
    writes it."""
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def _order(diagnostic: Diagnostic) -> tuple[str, str, int, int, str, str, str]:
    return (diagnostic.show, diagnostic.file, diagnostic.line or 0, SEVERITIES.index(diagnostic.severity),
            diagnostic.code, diagnostic.item, diagnostic.message)


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The one order: by show, file, line, severity, rule, item and message; the same one twice is said once."""
    return sorted(set(diagnostics), key=_order)


def counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n}, always with all three keys."""
    found = {severity: 0 for severity in SEVERITIES}
    for diagnostic in diagnostics:
        found[diagnostic.severity] += 1
    return found


def plural(count: int, noun: str) -> str:
    """`1 episode`, `2 episodes`: a count says what it counts."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    """`2 errors, 1 warning, 0 infos`: the last line of both commands."""
    return ", ".join(plural(n, severity) for severity, n in counts(diagnostics).items())


@dataclass(frozen=True)
class Message:
    """One printed line and the diagnostics it stands for."""

    severity: Severity
    text: str
    diagnostics: tuple[Diagnostic, ...]


def _in_language(diagnostic: Diagnostic, text: str) -> str:
    """`text` with the language code of a diagnostic about a language's feed (or its folder) written as <lang>: the
    same cause in several feeds differs in nothing else. Only messages identical but for each one's own code are
    grouped, so a code that is also a word (`it`) at most keeps its feed's message apart."""
    lang = diagnostic.language
    if not lang or not diagnostic.file.startswith(f"{lang}/"):
        return text
    return re.sub(rf"(?<![\w-]){re.escape(lang)}(?![\w-])", "<lang>", text)


def _key(diagnostic: Diagnostic) -> tuple[str, ...]:
    unresolved = _UNRESOLVED.match(diagnostic.message)
    if unresolved:
        return diagnostic.severity, "unresolved", unresolved["reason"]
    message = diagnostic.message.replace(diagnostic.file, "<file>") if diagnostic.file else diagnostic.message
    if diagnostic.severity == "error":  # an error names its own file: the same cause in two languages is two
        return diagnostic.severity, diagnostic.code, _VARIABLE.sub("…", message), diagnostic.fix
    return (diagnostic.severity, diagnostic.code, _VARIABLE.sub("…", _in_language(diagnostic, message)),
            _in_language(diagnostic, diagnostic.fix))


def _first(names: Iterable[str], everything: bool) -> str:
    """`names` in order, escaped: all of them, or the first few and how many more."""
    shown = sorted({printable(name) for name in names})
    more = len(shown) - FIRST_FILES
    if everything or more <= 0:
        return ", ".join(shown)
    return f"{', '.join(shown[:FIRST_FILES])} and {more} more; --verbose lists all"


def _grouped(severity: Severity, members: list[Diagnostic]) -> str:
    """One line for diagnostics of one cause. An error names every file: each is an episode or a feed that did
    not publish."""
    first = members[0]
    code = f" [{first.code}]" if first.code else ""
    everything = severity == "error"
    unresolved = _UNRESOLVED.match(first.message)
    if unresolved:
        ids = {m["id"] for d in members if (m := _UNRESOLVED.match(d.message))}
        files = {d.file for d in members if d.file}
        where = f" in {plural(len(files), 'record')} ({_first(files, everything)})" if files else ""
        return f"{severity}: {plural(len(ids), 'embed id')} ({_first(ids, True)}) not resolved: " \
               f"{unresolved['reason']}{where}"
    languages = sorted({d.language for d in members})
    places = {_in_language(d, d.file) for d in members}
    if not everything and len(languages) == len(members) and all(languages) and len(places) == 1:
        # The same cause in each language's feed: one line naming the languages.
        place = places.pop()
        where = f"{printable(place)} ({', '.join(languages)})" if place else f"languages {', '.join(languages)}"
        return f"{where}: {severity}: {printable(_in_language(first, first.text))}{code}"
    files = {d.file for d in members}
    # An error's every place, with its line; a warning's files.
    places = {d.file if d.line is None or not everything else f"{d.file}:{d.line}" for d in members}
    return f"{severity}: {printable(first.text)}{code} ({plural(len(files), 'file')}: {_first(places, everything)})"


def group(diagnostics: Iterable[Diagnostic]) -> list[Message]:
    """Diagnostics of one cause become one message: errors first, then warnings, then infos, each group in the
    order of its first file."""
    groups: dict[tuple[str, ...], list[Diagnostic]] = {}
    for diagnostic in ordered(diagnostics):
        groups.setdefault(_key(diagnostic), []).append(diagnostic)
    messages = []
    for members in groups.values():
        severity = members[0].severity
        text = str(members[0]) if len(members) == 1 else _grouped(severity, members)
        messages.append(Message(severity, text, tuple(members)))
    return sorted(messages, key=lambda m: (SEVERITIES.index(m.severity), _order(m.diagnostics[0])))


def render_text(diagnostics: Iterable[Diagnostic], verbose: bool = False) -> list[Message]:
    """The lines a person reads: each cause once, or with `verbose` every diagnostic on its own line with the
    source of its rule."""
    if not verbose:
        return group(diagnostics)
    lines = []
    for diagnostic in ordered(diagnostics):
        text = str(diagnostic) + (f"\n  see {diagnostic.source}" if diagnostic.source else "")
        lines.append(Message(diagnostic.severity, text, (diagnostic,)))
    return lines


def as_json(diagnostics: Iterable[Diagnostic]) -> dict[str, object]:
    """Counts and every diagnostic, sorted, with fixed keys: what `--format json` prints."""
    found = ordered(diagnostics)
    return {"counts": counts(found), "diagnostics": [asdict(diagnostic) for diagnostic in found]}


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps(as_json(diagnostics), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _escape(text: str, property_value: bool = False) -> str:
    """Workflow command escaping (`%`, CR, LF; and `:` `,` in a property's value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def annotations(diagnostics: Iterable[Diagnostic], locate: Callable[[str], Path]) -> list[str]:
    """GitHub workflow commands (`::error file=…,line=…::message`), one per diagnostic; `locate` turns a
    diagnostic's file into the file's path from the checkout's root."""
    lines = []
    for diagnostic in ordered(diagnostics):
        level = "notice" if diagnostic.severity == "info" else diagnostic.severity
        message = _escape(diagnostic.text + (f" [{diagnostic.code}]" if diagnostic.code else ""))
        if not diagnostic.file:  # an embed id's problem (`edtfeed resolve`): no file to point at
            lines.append(f"::{level}::{message}")
            continue
        where = _escape(locate(diagnostic.file).as_posix().removeprefix("./"), property_value=True)
        line = f",line={diagnostic.line}" if diagnostic.line else ""
        lines.append(f"::{level} file={where}{line}::{message}")
    return lines


def fold_notices(notices: list[str]) -> list[str]:
    """Notices in their order, those of one cause as one: a refresh whose feed failed keeps every pin, and says so
    once with the ids (`3 embed ids (…) not resolved: URL: …; kept the pinned metadata`), not once per id."""
    by_reason: dict[str, list[str]] = {}
    for notice in notices:
        unresolved = _UNRESOLVED.match(notice)
        by_reason.setdefault(unresolved["reason"] if unresolved else notice, []).append(
            unresolved["id"] if unresolved else "")
    folded = []
    for reason, ids in by_reason.items():
        if len(ids) == 1 or not all(ids):
            folded += [f"embed id {embed_id} not resolved: {reason}" if embed_id else reason for embed_id in ids]
        else:
            folded.append(f"{plural(len(ids), 'embed id')} ({_first(ids, True)}) not resolved: {reason}")
    return folded
