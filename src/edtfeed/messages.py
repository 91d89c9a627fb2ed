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


def _paths(problems: list[Problem]) -> str:
    paths = sorted({p.path for p in problems})
    shown = ", ".join(paths[:FIRST_PATHS])
    return shown if len(paths) <= FIRST_PATHS else f"{shown} and {len(paths) - FIRST_PATHS} more; --verbose lists all"


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
            text = f"{level}: {len(ids)} embed id(s){where} not resolved: {key.removeprefix('unresolved:')}{paths}"
        else:
            text = f"{level}: {members[0].message} ({records} files like it: {_paths(members)})"
        messages.append(Message(level, text, tuple(members)))
    return sorted(messages, key=lambda m: (m.level != "error", m.problems[0].path))


def annotations(problems: list[Problem], locate: Callable[[str], Path]) -> list[str]:
    """GitHub workflow commands (`::error file=…,line=…::message`), one per problem; `locate` turns a problem's
    path into the file's path from the checkout's root."""
    lines = []
    for problem in ordered(problems):
        where = locate(problem.path).as_posix().removeprefix("./")
        line = f",line={problem.line}" if problem.line else ""
        message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{problem.level} file={where}{line}::{message}")
    return lines
