"""Problems as a person reads them: one root cause one line, the same warning for many records one line.

Why: one wrong feed URL used to print the same 404 once per record (121 lines), and one missing setting the same
warning once per record; the cause drowned in its copies. The full list stays one `--verbose` away, and in
`--format json`. On GitHub Actions each problem is also a workflow annotation, so it shows on the commit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from edtfeed.errors import Problem

FIRST_PATHS = 3  # paths named in a grouped line; --verbose lists all
_UNRESOLVED = re.compile(r"^embed id (?P<id>[0-9a-f]{8}) not resolved: (?P<reason>.*)$", re.S)
_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|\b[0-9a-f]{8}\b|--remove \S+")


@dataclass(frozen=True)
class Message:
    """One printed line and the problems it stands for."""

    level: str
    text: str
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        return self.text


def _order(problem: Problem) -> tuple[str, int, str]:
    return problem.path, problem.line or 0, problem.message


def ordered(problems: list[Problem]) -> list[Problem]:
    """By file, line and message (a problem without a line first in its file)."""
    return sorted(problems, key=_order)


def _key(problem: Problem) -> tuple[str, str]:
    unresolved = _UNRESOLVED.match(problem.message)
    if unresolved:
        return problem.level, "unresolved:" + unresolved["reason"]
    return problem.level, _VARIABLE.sub("…", problem.message.replace(problem.path, "<path>"))


def _first(names: set[str]) -> str:
    """The first few of `names` in order, and how many more."""
    ordered_names = sorted(names)
    shown = ", ".join(ordered_names[:FIRST_PATHS])
    more = len(ordered_names) - FIRST_PATHS
    return shown if more <= 0 else f"{shown} and {more} more; --verbose lists all"


def _paths(problems: list[Problem]) -> str:
    return _first({p.path for p in problems})


def group(problems: list[Problem]) -> list[Message]:
    """Problems with one cause become one message; errors first, then warnings, each in order of first path."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in ordered(problems):
        groups.setdefault(_key(problem), []).append(problem)
    messages = []
    for (level, key), members in groups.items():
        if len(members) == 1:
            only = members[0]
            messages.append(Message(level, str(only) if only.path else f"{level}: {only.message}", (only,)))
            continue
        records = len({p.path for p in members})
        if key.startswith("unresolved:"):
            ids = {m["id"] for p in members if (m := _UNRESOLVED.match(p.message))}
            where = f" in {records} record(s)" if members[0].path else ""
            paths = f" ({_paths(members)})" if members[0].path else ""
            text = (f"{level}: {len(ids)} embed id(s) ({_first(ids)}){where} not resolved: "
                    f"{key.removeprefix('unresolved:')}{paths}")
        else:
            text = f"{level}: {members[0].message} ({records} files like it: {_paths(members)})"
        messages.append(Message(level, text, tuple(members)))
    return sorted(messages, key=lambda m: (m.level != "error", m.problems[0].path))


def annotations(problems: list[Problem], locate: Callable[[str], Path]) -> list[str]:
    """GitHub workflow commands (`::error file=…,line=…::message`), one per problem; `locate` turns a problem's
    path into the file's path from the checkout's root."""
    lines = []
    for problem in ordered(problems):
        message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        if not problem.path:  # an embed id's problem (`edtfeed resolve`): no file to point at
            lines.append(f"::{problem.level}::{message}")
            continue
        where = locate(problem.path).as_posix().removeprefix("./")
        line = f",line={problem.line}" if problem.line else ""
        lines.append(f"::{problem.level} file={where}{line}::{message}")
    return lines


def fold_notices(notices: list[str]) -> list[str]:
    """Notices in their order, those of one cause as one: a refresh whose feed failed keeps every pin, and says so
    once with the ids (`3 embed id(s) (…) not resolved: URL: …; kept the pinned metadata`), not once per id."""
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
            folded.append(f"{len(ids)} embed id(s) ({_first(set(ids))}) not resolved: {reason}")
    return folded
